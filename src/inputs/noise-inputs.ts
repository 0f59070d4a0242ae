/** `noise`, `confidence` and `uncertain` (issue 16): error bars on metric verdicts. */
import type { NoiseMode, NoiseSettings, UncertainPolicy } from '../core/config.ts';
import type { InputScope } from './scope.ts';

const MODES: NoiseMode[] = ['off', 'report', 'gate'];
const POLICIES: UncertainPolicy[] = ['pass', 'fail', 'inconclusive'];
export const MIN_CONFIDENCE = 0.8;
export const MAX_CONFIDENCE = 0.999;
export const DEFAULT_NOISE: NoiseSettings = { mode: 'report', confidence: 0.95, uncertain: 'pass' };

/** A plain decimal: `0.95`, `.9`. No percent sign, exponent or sign, so `95` or `95%` is named as a mistake. */
const DECIMAL = /^(?:0|[1-9]\d*)?\.\d+$|^(?:0|[1-9]\d*)$/;

export function parseNoise({ text, problem }: InputScope): NoiseSettings {
  const modeRaw = text('noise') || DEFAULT_NOISE.mode;
  const mode = MODES.find((m) => m === modeRaw.toLowerCase());
  if (!mode) {
    problem(
      'noise',
      modeRaw,
      '`off` (point verdicts, no samples read), `report` (error bars beside the verdicts) or `gate` (verdicts by error bars)',
    );
  }
  const confidence = parseConfidence(text('confidence'), problem);
  const uncertainRaw = text('uncertain') || DEFAULT_NOISE.uncertain;
  const uncertain = POLICIES.find((p) => p === uncertainRaw.toLowerCase());
  if (!uncertain) problem('uncertain', uncertainRaw, '`pass` (fail only on evidence), `fail` or `inconclusive`');
  else if (uncertain !== 'pass' && mode !== undefined && mode !== 'gate') {
    // Without `noise: gate` verdicts are point verdicts: a stricter `uncertain` would silently do nothing.
    problem('uncertain', uncertainRaw, '`pass` unless `noise` is `gate` (only then does an interval decide a verdict)');
  }
  return { mode: mode ?? DEFAULT_NOISE.mode, confidence, uncertain: uncertain ?? DEFAULT_NOISE.uncertain };
}

function parseConfidence(raw: string, problem: InputScope['problem']): number {
  if (!raw) return DEFAULT_NOISE.confidence;
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= MIN_CONFIDENCE && value <= MAX_CONFIDENCE)) {
    problem(
      'confidence',
      raw,
      `a two-sided confidence from ${MIN_CONFIDENCE} to ${MAX_CONFIDENCE} written as a decimal, e.g. 0.95 (not 95%)`,
    );
    return DEFAULT_NOISE.confidence;
  }
  return value;
}
