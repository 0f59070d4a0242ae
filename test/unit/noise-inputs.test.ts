import { describe, expect, it } from 'vitest';
import { describeProblem, parseInputs, type InputProblem } from '../../src/inputs/inputs.ts';

const BASE = { 'api-key': 'mka1_sk_test', 'suite-id': 'eval_suite_1', metadata: '*' };

function parse(values: Record<string, string>) {
  return parseInputs((name) => ({ ...BASE, ...values })[name] ?? '');
}

function problems(values: Record<string, string>): InputProblem[] {
  const parsed = parse(values);
  if (parsed.ok) throw new Error('expected the inputs to be rejected');
  return parsed.problems;
}

describe('noise inputs (issue 16)', () => {
  it('defaults to noise: report at 95% confidence, uncertain: pass', () => {
    const parsed = parse({});
    expect(parsed.ok && parsed.config.noise).toEqual({ mode: 'report', confidence: 0.95, uncertain: 'pass' });
  });

  it('reads every mode, confidences from 0.8 to 0.999, and every uncertain value with noise: gate', () => {
    for (const mode of ['off', 'report', 'gate', 'GATE']) {
      const parsed = parse({ noise: mode });
      expect(parsed.ok && parsed.config.noise?.mode).toBe(mode.toLowerCase());
    }
    for (const [text, value] of [
      ['0.8', 0.8],
      ['0.9', 0.9],
      ['.99', 0.99],
      ['0.999', 0.999],
    ] as const) {
      const parsed = parse({ confidence: text });
      expect(parsed.ok && parsed.config.noise?.confidence).toBe(value);
    }
    for (const uncertain of ['pass', 'fail', 'inconclusive']) {
      const parsed = parse({ noise: 'gate', uncertain });
      expect(parsed.ok && parsed.config.noise).toEqual({ mode: 'gate', confidence: 0.95, uncertain });
    }
  });

  it('names each bad value and the form expected', () => {
    expect(problems({ noise: 'loud' })).toEqual([
      {
        input: 'noise',
        value: 'loud',
        expected: '`off` (point verdicts, no samples read), `report` (error bars beside the verdicts) or `gate` (verdicts by error bars)',
      },
    ]);
    for (const confidence of ['95%', '95', '0.5', '0.7999', '1', '0.9999', '1e-1', '-0.9', 'high', '0.95.1']) {
      const found = problems({ confidence });
      expect(found, confidence).toHaveLength(1);
      expect(describeProblem(found[0]!)).toBe(
        `input "confidence": got ${JSON.stringify(confidence)}; expected a two-sided confidence from 0.8 to 0.999 written as a decimal, e.g. 0.95 (not 95%)`,
      );
    }
    expect(problems({ noise: 'gate', uncertain: 'maybe' })).toEqual([
      { input: 'uncertain', value: 'maybe', expected: '`pass` (fail only on evidence), `fail` or `inconclusive`' },
    ]);
  });

  it('refuses a stricter uncertain without noise: gate, where it would silently do nothing', () => {
    for (const noise of ['off', 'report']) {
      for (const uncertain of ['fail', 'inconclusive']) {
        expect(problems({ noise, uncertain })).toEqual([
          {
            input: 'uncertain',
            value: uncertain,
            expected: '`pass` unless `noise` is `gate` (only then does an interval decide a verdict)',
          },
        ]);
      }
    }
    expect(parse({ noise: 'report', uncertain: 'pass' }).ok).toBe(true);
    // A bad mode is reported once, not again through uncertain.
    expect(problems({ noise: 'loud', uncertain: 'fail' }).map((p) => p.input)).toEqual(['noise']);
  });
});
