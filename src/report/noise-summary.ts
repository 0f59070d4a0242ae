import type { Criterion, MetricStatistics } from '../core/criterion.ts';
import { formatMetric } from '../core/metrics.ts';
import { formatBounds, formatConfidence, formatCount } from '../core/noise-format.ts';
import type { GateResult, NoiseReport } from '../core/result.ts';
import { escapeCell } from './markdown.ts';

/** Paths listed in one line before "…". */
const MAX_LISTED = 6;
const POWER_TEXT = '80% power';

/** The Result cell of the criteria table: the verdict, and "within noise" when its intervals straddle the limit. */
export function verdictCell(c: Criterion): string {
  const verdict = c.passed ? '✅ pass' : c.inconclusive ? '⚠️ inconclusive' : '❌ fail';
  return c.within_noise ? `${verdict} · within noise` : verdict;
}

/** ` [−0.045, +0.010]`: the interval of a regression's delta for the metrics-vs-baseline table, or nothing. */
export function deltaBounds(noise: NoiseReport | undefined, path: string): string {
  const delta = noise?.deltas.find((d) => d.path === path);
  return delta && delta.low !== null && delta.high !== null ? ` ${formatBounds(delta.low, delta.high)}` : '';
}

/** The line under the metrics-vs-baseline table: confidence, n, and the smallest detectable regression. */
export function regressionLine(noise: NoiseReport | undefined): string | undefined {
  if (!noise || noise.deltas.length === 0) return undefined;
  const listed = noise.deltas
    .filter((d) => d.mde !== null)
    .slice(0, MAX_LISTED)
    .map((d) => `${escapeCell(d.path)} ${formatMetric(d.mde as number)}`);
  const more = noise.deltas.length > MAX_LISTED ? ', …' : '';
  return (
    `_Δ intervals at ${formatConfidence(noise.confidence)} confidence · n = ${countText(noise.deltas, true)} · ` +
    `smallest detectable regression (${POWER_TEXT}): ${listed.join(', ')}${more}_`
  );
}

/** The "Error bars" section: what the mode does, the intervals' n for thresholds, and every note. */
export function renderNoiseSection(result: GateResult): string[] {
  const noise = result.noise;
  if (!noise) return [];
  const all = result.criteria.flatMap((c) => c.statistics ?? []);
  // No metric path to speak of (a failed run without metrics): the criteria say why, error bars would add nothing.
  if (all.length === 0 && noise.notes.length === 0) return [];
  // Thresholds have no smallest detectable regression; regressions with samples always do.
  const thresholds = all.filter((s) => s.basis === 'samples' && s.mde === null);
  const lines = [modeSentence(noise)];
  if (thresholds.length > 0) lines.push(`Threshold intervals: n = ${countText(thresholds, false)}.`);
  if (all.length > 0 && all.every((s) => s.basis === 'reported'))
    lines.push('No metric could be judged by its samples: every verdict is the reported value’s.');
  const notes = noise.notes.map((note) => `- ${escapeCell(note, 1000)}`);
  return ['### Error bars', [lines.join(' '), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')];
}

function modeSentence(noise: NoiseReport): string {
  const confidence = formatConfidence(noise.confidence);
  if (noise.mode === 'report') {
    return (
      `Intervals at ${confidence} confidence from the per-sample scores (\`noise: report\`): the verdicts are those of the ` +
      `reported values, and a verdict its interval does not support is marked _within noise_.`
    );
  }
  const straddle = { pass: 'counts as a pass', fail: 'counts as a failure', inconclusive: 'leaves the gate inconclusive' }[noise.uncertain];
  return (
    `Verdicts by intervals at ${confidence} confidence from the per-sample scores (\`noise: gate\`): a metric fails only when ` +
    `its interval lies wholly beyond the limit; one whose interval straddles the limit ${straddle} (\`uncertain: ${noise.uncertain}\`).`
  );
}

/** `400 samples`, `380–400 pairs`, or a mix: what the intervals rest on. */
function countText(statistics: readonly MetricStatistics[], regressions: boolean): string {
  const groups = new Map<string, number[]>();
  for (const s of statistics) {
    if (s.n === null) continue;
    const unit = !regressions ? 'samples' : s.method.startsWith('paired') ? 'pairs' : 'samples per run (unpaired)';
    groups.set(unit, [...(groups.get(unit) ?? []), s.n]);
  }
  return [...groups]
    .map(([unit, ns]) => {
      const low = Math.min(...ns);
      const high = Math.max(...ns);
      return `${low === high ? formatCount(low) : `${formatCount(low)}–${formatCount(high)}`} ${unit}`;
    })
    .join(', ');
}
