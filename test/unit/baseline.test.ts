import { describe, expect, it } from 'vitest';
import { formatDelta, regressionOf } from '../../src/core/metrics.ts';
import { parseMaxRegression, parseThresholds } from '../../src/inputs/criteria.ts';
import { compareMetrics, directionFrom, regressionCriteria, type MetricComparison, type RegressionRule } from '../../src/judge/baseline.ts';
import type { Threshold } from '../../src/judge/thresholds.ts';

function rules(raw: string): RegressionRule[] {
  const result = parseMaxRegression(raw);
  if (!result.ok) throw new Error(`expected to parse, bad entries: ${result.badEntries.join(' / ')}`);
  return result.rules;
}

function thresholds(raw: string): Threshold[] {
  const result = parseThresholds(raw);
  if (!result.ok) throw new Error(`bad thresholds: ${result.badLines.join(' / ')}`);
  return result.thresholds;
}

const byName = directionFrom([]);

function comparison(path: string, current: number | undefined, baseline: number | undefined, lower = false): MetricComparison {
  return { path, current, baseline, lowerIsBetter: lower };
}

describe('parseMaxRegression', () => {
  it('reads absolute and percent amounts, one per line or comma-separated', () => {
    expect(parseMaxRegression('accuracy: 0.02\n*: 2%')).toEqual({
      ok: true,
      rules: [
        { metric: 'accuracy', kind: 'absolute', value: 0.02 },
        { metric: '*', kind: 'percent', value: 2 },
      ],
    });
    expect(rules('accuracy: 0.02, f1:0.5 ,  latency_p95_ms : 10 %')).toEqual([
      { metric: 'accuracy', kind: 'absolute', value: 0.02 },
      { metric: 'f1', kind: 'absolute', value: 0.5 },
      { metric: 'latency_p95_ms', kind: 'percent', value: 10 },
    ]);
  });

  it('reads scoped and dotted metric names', () => {
    expect(rules('gpt-x:accuracy: 0.01\nqa.accuracy.mean: 1.5%')).toEqual([
      { metric: 'gpt-x:accuracy', kind: 'absolute', value: 0.01 },
      { metric: 'qa.accuracy.mean', kind: 'percent', value: 1.5 },
    ]);
  });

  it('ignores blank entries and CRLF', () => {
    expect(parseMaxRegression('')).toEqual({ ok: true, rules: [] });
    expect(rules('\r\naccuracy: 0\r\n\r\n,,')).toEqual([{ metric: 'accuracy', kind: 'absolute', value: 0 }]);
  });

  it('reports every malformed entry', () => {
    expect(parseMaxRegression('accuracy: 0.02\naccuracy 0.02\naccuracy: -0.1\n: 0.1\naccuracy: lots\n*: 2%%')).toEqual({
      ok: false,
      badEntries: ['accuracy 0.02', 'accuracy: -0.1', ': 0.1', 'accuracy: lots', '*: 2%%'],
    });
  });
});

describe('directionFrom', () => {
  it('guesses from the name without thresholds: latency is lower-is-better, accuracy higher', () => {
    expect(byName('gpt-x.latency_p95_ms')).toBe(true);
    expect(byName('gpt-x.accuracy')).toBe(false);
  });

  it("lets a threshold's operator override the name heuristic", () => {
    const direction = directionFrom(thresholds('error_free_rate >= 0.9\nresponse_length <= 400'));
    // The name says lower-is-better ("error"); the threshold says higher.
    expect(byName('gpt-x.error_free_rate')).toBe(true);
    expect(direction('gpt-x.error_free_rate')).toBe(false);
    // The name says nothing; the threshold says lower.
    expect(byName('gpt-x.response_length')).toBe(false);
    expect(direction('gpt-x.response_length')).toBe(true);
    // Strict operators count too.
    expect(directionFrom(thresholds('accuracy < 0.5'))('accuracy')).toBe(true);
    // Metrics no threshold names keep the heuristic.
    expect(direction('gpt-x.latency_ms')).toBe(true);
  });

  it('applies a threshold on an aggregate metric only to that metric', () => {
    // Both thresholds end in `.mean`: each says the direction of its own metric, not of every mean.
    const direction = directionFrom(thresholds('accuracy.mean >= 0.8\nlatency.mean <= 900'));
    expect(direction('accuracy.mean')).toBe(false);
    expect(direction('latency.mean')).toBe(true);
  });
});

describe('compareMetrics', () => {
  it('pairs every path from either run, with its direction', () => {
    const compared = compareMetrics(
      { 'gpt-x': { accuracy: 0.91, latency_ms: 800, new_metric: 1 } },
      { 'gpt-x': { accuracy: 0.88, latency_ms: 900, dropped: 0.5 } },
      byName,
    );
    expect(compared).toEqual([
      { path: 'gpt-x.accuracy', current: 0.91, baseline: 0.88, lowerIsBetter: false },
      { path: 'gpt-x.latency_ms', current: 800, baseline: 900, lowerIsBetter: true },
      { path: 'gpt-x.new_metric', current: 1, baseline: undefined, lowerIsBetter: false },
      { path: 'gpt-x.dropped', current: undefined, baseline: 0.5, lowerIsBetter: false },
    ]);
  });

  it('compares nothing when neither run has metrics', () => {
    expect(compareMetrics(null, null, byName)).toEqual([]);
    expect(compareMetrics({ accuracy: 0.9 }, null, byName)).toEqual([
      { path: 'accuracy', current: 0.9, baseline: undefined, lowerIsBetter: false },
    ]);
  });
});

describe('regressionOf', () => {
  it('is positive when a metric got worse, negative when better, in either direction', () => {
    expect(regressionOf(comparison('accuracy', 0.85, 0.88))).toBeCloseTo(0.03, 10);
    expect(regressionOf(comparison('accuracy', 0.91, 0.88))).toBeCloseTo(-0.03, 10);
    expect(regressionOf(comparison('latency', 900, 840, true))).toBe(60);
    expect(regressionOf(comparison('latency', 800, 840, true))).toBe(-40);
    expect(regressionOf(comparison('accuracy', 0.9, 0.9))).toBe(0);
  });

  it('is undefined when either side is missing', () => {
    expect(regressionOf(comparison('accuracy', undefined, 0.9))).toBeUndefined();
    expect(regressionOf(comparison('accuracy', 0.9, undefined))).toBeUndefined();
  });
});

describe('formatDelta', () => {
  it('shows the signed change and whether it is better (▲) or worse (▼)', () => {
    expect(formatDelta(comparison('accuracy', 0.91, 0.88))).toBe('+0.03 ▲');
    expect(formatDelta(comparison('accuracy', 0.85, 0.88))).toBe('−0.03 ▼');
    expect(formatDelta(comparison('latency', 870, 840, true))).toBe('+30 ▼');
    expect(formatDelta(comparison('latency', 800, 840, true))).toBe('−40 ▲');
    expect(formatDelta(comparison('accuracy', 0.9, 0.9))).toBe('±0');
    expect(formatDelta(comparison('accuracy', undefined, 0.9))).toBe('n/a');
    expect(formatDelta(comparison('accuracy', 0.9, undefined))).toBe('n/a');
  });
});

describe('regressionCriteria', () => {
  const baseline = { 'gpt-x': { accuracy: 0.88, f1: 0.8, latency_p95_ms: 840 }, 'gpt-y': { accuracy: 0.86, f1: 0.8, latency_p95_ms: 610 } };
  const criteriaFor = (current: unknown, raw: string, base: unknown = baseline) =>
    regressionCriteria(compareMetrics(current, base, byName), rules(raw));

  it('passes an absolute rule when the drop is within the allowance, including exactly at it', () => {
    const [within] = criteriaFor({ 'gpt-x': { accuracy: 0.87 }, 'gpt-y': { accuracy: 0.86 } }, 'accuracy: 0.02');
    expect(within).toEqual({
      name: 'Regression accuracy',
      actual: 'gpt-x.accuracy 0.87 vs 0.88 (−0.01 ▼), gpt-y.accuracy 0.86 vs 0.86 (±0)',
      allowed: 'worsens by ≤ 0.02',
      passed: true,
    });
    expect(criteriaFor({ 'gpt-x': { accuracy: 0.86 } }, 'accuracy: 0.02')[0]?.passed).toBe(true);
  });

  it('fails an absolute rule over the allowance, showing only the failing metrics', () => {
    const [over] = criteriaFor({ 'gpt-x': { accuracy: 0.85 }, 'gpt-y': { accuracy: 0.87 } }, 'accuracy: 0.02');
    expect(over).toEqual({
      name: 'Regression accuracy',
      actual: 'gpt-x.accuracy 0.85 vs 0.88 (−0.03 ▼), … (2 metrics)',
      allowed: 'worsens by ≤ 0.02',
      passed: false,
    });
  });

  it('never counts an improvement as a regression, in either direction', () => {
    const [accuracy, latency] = criteriaFor({ 'gpt-x': { accuracy: 0.99, latency_p95_ms: 100 } }, 'accuracy: 0, latency_p95_ms: 0');
    expect(accuracy).toMatchObject({ passed: true, actual: 'gpt-x.accuracy 0.99 vs 0.88 (+0.11 ▲)' });
    expect(latency).toMatchObject({ passed: true, actual: 'gpt-x.latency_p95_ms 100 vs 840 (−740 ▲)' });
  });

  it('treats a latency increase as a regression', () => {
    const [latency] = criteriaFor({ 'gpt-x': { latency_p95_ms: 900 } }, 'latency_p95_ms: 50');
    expect(latency).toEqual({
      name: 'Regression latency_p95_ms',
      actual: 'gpt-x.latency_p95_ms 900 vs 840 (+60 ▼)',
      allowed: 'worsens by ≤ 50',
      passed: false,
    });
  });

  it('measures a percent rule against each baseline value', () => {
    // 2% of 840 is 16.8; 2% of 610 is 12.2.
    const within = criteriaFor({ 'gpt-x': { latency_p95_ms: 856 }, 'gpt-y': { latency_p95_ms: 622 } }, 'latency_p95_ms: 2%');
    expect(within[0]).toMatchObject({ passed: true, allowed: 'worsens by ≤ 2% of baseline' });
    const over = criteriaFor({ 'gpt-x': { latency_p95_ms: 856 }, 'gpt-y': { latency_p95_ms: 623 } }, 'latency_p95_ms: 2%');
    expect(over[0]).toMatchObject({ passed: false, actual: 'gpt-y.latency_p95_ms 623 vs 610 (+13 ▼), … (2 metrics)' });
    // Exactly at 2% of 0.5 passes.
    expect(criteriaFor({ accuracy: 0.49 }, 'accuracy: 2%', { accuracy: 0.5 })[0]?.passed).toBe(true);
    expect(criteriaFor({ accuracy: 0.489 }, 'accuracy: 2%', { accuracy: 0.5 })[0]?.passed).toBe(false);
  });

  it('lets `*` cover every metric no named rule covers', () => {
    // accuracy dropped 0.03 (over 2% of 0.88, within 0.05); f1 dropped 0.01 (within 2% of 0.8).
    const current = {
      'gpt-x': { accuracy: 0.85, f1: 0.79, latency_p95_ms: 840 },
      'gpt-y': { accuracy: 0.86, f1: 0.8, latency_p95_ms: 610 },
    };
    const criteria = criteriaFor(current, '*: 2%, accuracy: 0.05');
    expect(criteria.map((c) => [c.name, c.passed])).toEqual([
      ['Regression accuracy', true],
      ['Regression * (every other metric)', true],
    ]);
    expect(criteria[1]?.actual).not.toContain('accuracy');
    expect(criteria[1]?.actual).toContain('gpt-x.f1 0.79 vs 0.8 (−0.01 ▼)');
    // Without the named rule, `*` covers accuracy too and fails on it.
    const [star] = criteriaFor(current, '*: 2%');
    expect(star).toMatchObject({ passed: false, actual: 'gpt-x.accuracy 0.85 vs 0.88 (−0.03 ▼), … (6 metrics)' });
  });

  it('lets `*` compare only metrics present in both runs, and pass when there are none', () => {
    const [star] = criteriaFor({ bleu: 0.1 }, '*: 0');
    expect(star).toEqual({
      name: 'Regression * (every other metric)',
      actual: 'no metric present in both runs',
      allowed: 'worsens by ≤ 0',
      passed: true,
    });
    const [withNew] = criteriaFor({ 'gpt-x': { accuracy: 0.88 }, bleu: 0.1 }, '*: 0');
    expect(withNew).toEqual({
      name: 'Regression * (every other metric)',
      actual: 'gpt-x.accuracy 0.88 vs 0.88 (±0)',
      allowed: 'worsens by ≤ 0',
      passed: true,
    });
  });

  it('fails a named rule whose metric is in neither run or only one', () => {
    expect(criteriaFor({ 'gpt-x': { accuracy: 0.9 } }, 'bleu: 0.1')[0]).toEqual({
      name: 'Regression bleu',
      actual: 'no metric present in both runs',
      allowed: 'worsens by ≤ 0.1',
      passed: false,
    });
    expect(criteriaFor({ bleu: 0.3 }, 'bleu: 0.1')[0]?.passed).toBe(false);
  });

  it('limits a scoped rule to its model', () => {
    const current = { 'gpt-x': { accuracy: 0.88 }, 'gpt-y': { accuracy: 0.5 } };
    expect(criteriaFor(current, 'gpt-x:accuracy: 0.01')[0]).toEqual({
      name: 'Regression gpt-x:accuracy',
      actual: 'gpt-x.accuracy 0.88 vs 0.88 (±0)',
      allowed: 'worsens by ≤ 0.01',
      passed: true,
    });
    expect(criteriaFor(current, 'gpt-y:accuracy: 0.01')[0]).toMatchObject({
      passed: false,
      actual: 'gpt-y.accuracy 0.5 vs 0.86 (−0.36 ▼)',
    });
  });

  it('uses the direction a threshold gives when judging a regression', () => {
    const compared = compareMetrics(
      { error_free_rate: 0.8 },
      { error_free_rate: 0.9 },
      directionFrom(thresholds('error_free_rate >= 0.5')),
    );
    expect(regressionCriteria(compared, rules('error_free_rate: 0.05'))[0]).toMatchObject({
      passed: false,
      actual: 'error_free_rate 0.8 vs 0.9 (−0.1 ▼)',
    });
  });

  it('gives no criteria without rules', () => {
    expect(regressionCriteria(compareMetrics(baseline, baseline, byName), [])).toEqual([]);
  });
});

describe('regressionCriteria and summary statistics', () => {
  it('lets `*` judge the scores, not their spread or sample size', () => {
    const comparisons = compareMetrics(
      { accuracy: { mean: 0.9, stderr: 0.01, n: 400 } },
      { accuracy: { mean: 0.9, stderr: 0.02, n: 200 } },
      directionFrom([]),
    );
    const [star] = regressionCriteria(comparisons, [{ metric: '*', kind: 'percent', value: 5 }]);
    expect(star!.passed).toBe(true);
    expect(star!.actual).toContain('accuracy.mean');
    expect(star!.actual).not.toContain('stderr');
    expect(star!.actual).not.toContain('accuracy.n');
    // A real drop of the mean still fails.
    const dropped = compareMetrics({ accuracy: { mean: 0.8, stderr: 0.01 } }, { accuracy: { mean: 0.9, stderr: 0.02 } }, directionFrom([]));
    expect(regressionCriteria(dropped, [{ metric: '*', kind: 'percent', value: 5 }])[0]!.passed).toBe(false);
  });
});
