/** Behaviour of src/stats beyond the reference values: extraction, reproduce, choices of method, edge cases, decisions. */
import { describe, expect, it } from 'vitest';
import {
  applyUncertain,
  decideRegression,
  decideThreshold,
  decimalsOf,
  differenceInterval,
  extractValues,
  holmAlpha,
  holmBonferroni,
  reproduce,
  samplesNeeded,
  smallestDetectable,
  supportsPoint,
  tInterval,
  valueInterval,
  wilsonInterval,
  type Interval,
  type Observation,
} from '../../src/stats/index.ts';

const obs = (values: readonly number[], options: { model?: string; taskId?: string; indexes?: number[] } = {}): Observation[] =>
  values.map((value, i) => ({
    model: options.model ?? 'm',
    taskId: options.taskId ?? 'qa',
    sampleIndex: options.indexes?.[i] ?? i,
    value,
  }));

function interval(outcome: { ok: true; interval: Interval } | { ok: false; reason: string }): Interval {
  if (!outcome.ok) throw new Error(`expected an interval, got: ${outcome.reason}`);
  return outcome.interval;
}

/** A made-up interval for decision tests (t reference, width given by low/high). */
const band = (low: number, high: number, extra: Partial<Interval> = {}): Interval => ({
  estimate: (low + high) / 2,
  low,
  high,
  confidence: 0.95,
  se: (high - low) / 2 / 1.96,
  df: Infinity,
  n: 100,
  method: 't',
  zeroWidth: low === high,
  notes: [],
  ...extra,
});

describe('extractValues (issue 16, rule 1)', () => {
  it('counts numbers and true/false as 1/0, and excludes and counts everything else by reason', () => {
    const values: unknown[] = [0.5, true, false, 1, undefined, null, '0.9', Infinity, NaN, { score: 1 }, [1], -2];
    const out = extractValues(values.map((value, i) => ({ model: 'm', taskId: 't', sampleIndex: i, value })));
    expect(out.observations.map((o) => [o.sampleIndex, o.value])).toEqual([
      [0, 0.5],
      [1, 1],
      [2, 0],
      [3, 1],
      [11, -2],
    ]);
    expect(out.excluded).toBe(7);
    expect(out.excludedBy).toEqual({ missing: 1, null: 1, text: 1, 'non-finite': 2, other: 2 });
  });
});

describe('reproduce (issue 16, rule 2)', () => {
  // Two tasks of different sizes: pooled 0.8 (8/10), macro (0.5 + 0.875)/2 = 0.6875.
  const samples = [...obs([1, 0], { taskId: 'a' }), ...obs([1, 1, 1, 1, 1, 1, 1, 0], { taskId: 'b' })];

  it('finds the pooled mean when it equals the reported value', () => {
    expect(reproduce(samples, 0.8)).toMatchObject({ aggregation: 'pooled', match: 'exact', pooled: 0.8, macro: 0.6875 });
  });
  it('finds the macro average when that is what was reported', () => {
    const out = reproduce(samples, 0.6875);
    expect(out).toMatchObject({ aggregation: 'macro', match: 'exact' });
    expect(out.reason).toBe('the mean of the per-task means 0.6875 equals the reported 0.6875');
  });
  it('accepts a value rounded to the decimals it was reported with', () => {
    expect(reproduce(samples, 0.69)).toMatchObject({ aggregation: 'macro', match: 'rounded', decimals: 2 });
    expect(reproduce(samples, 0.688)).toMatchObject({ aggregation: 'macro', match: 'rounded', decimals: 3 });
  });
  it('prefers an exact match over a rounded one', () => {
    // Pooled 8/10 = 0.8 exactly; macro (0.75 + 0.8333…)/2 = 0.7917 rounds to 0.8 at one decimal.
    const both = [...obs([1, 1, 0, 1], { taskId: 'a' }), ...obs([1, 1, 1, 1, 0, 1], { taskId: 'b' })];
    expect(reproduce(both, 0.8)).toMatchObject({ aggregation: 'pooled', match: 'exact' });
  });
  it('does not guess when both aggregations round to the reported value but differ', () => {
    const close = [...obs([1, 0, 1], { taskId: 'a' }), ...obs([1, 1, 0, 1], { taskId: 'b' })]; // pooled 5/7 = 0.714…, macro 0.7083…
    const ambiguous = reproduce(close, 0.7);
    expect(ambiguous.aggregation).toBeNull();
    expect(ambiguous.reason).toMatch(/both the pooled mean 0\.714286 and the mean of the per-task means 0\.708333 match the reported 0\.7/);
  });
  it('says so when neither reproduces, and never treats an integer as rounded', () => {
    const out = reproduce(samples, 0.91);
    expect(out).toMatchObject({ aggregation: null, match: null });
    expect(out.reason).toBe('neither the pooled mean 0.8 nor the mean of the per-task means 0.6875 reproduces the reported 0.91');
    expect(reproduce(obs([1, 1, 0, 1, 1]), 1).aggregation).toBeNull(); // 0.8 is not "1 rounded"
    expect(reproduce(obs([1, 1, 1]), 1)).toMatchObject({ aggregation: 'pooled', match: 'exact', macro: null });
  });
  it('matches a full-precision value within 1e-9 relative, not beyond', () => {
    const thirds = obs([0.1, 0.2, 0.3]);
    expect(reproduce(thirds, 0.2).aggregation).toBe('pooled');
    expect(reproduce(thirds, 0.20000000001).aggregation).toBe('pooled');
    expect(reproduce(thirds, 0.2000000123456789).aggregation).toBeNull();
  });
  it('has nothing to reproduce without samples or with a non-finite reported value', () => {
    expect(reproduce([], 0.5)).toMatchObject({ aggregation: null, pooled: null, reason: 'no sample has a value for this metric' });
    expect(reproduce(obs([1, 0]), NaN).aggregation).toBeNull();
  });
  it('reads the decimals of a value from its shortest form', () => {
    expect([0.85, 0.8333333333333334, 840, 1.5e-7, 1e21, 0].map(decimalsOf)).toEqual([2, 16, 0, 8, 0, 0]);
  });
});

describe('valueInterval picks the method (issue 16, rule 3)', () => {
  it('0/1 values → Wilson; other values → t; repeated items → cluster; a macro average → stratified', () => {
    const binary = obs([1, 0, 1, 1, 0, 1]);
    expect(interval(valueInterval(binary, { aggregation: 'pooled', confidence: 0.95 })).method).toBe('wilson');
    expect(interval(valueInterval(obs([0.2, 0.5, 0.9]), { aggregation: 'pooled', confidence: 0.95 })).method).toBe('t');
    const repeats = obs([1, 0, 1, 1, 0, 1], { indexes: [0, 0, 1, 1, 2, 2] });
    expect(interval(valueInterval(repeats, { aggregation: 'pooled', confidence: 0.95 })).method).toBe('cluster');
    const tasks = [...obs([0.2, 0.5], { taskId: 'a' }), ...obs([0.9, 0.7], { taskId: 'b' })];
    expect(interval(valueInterval(tasks, { aggregation: 'macro', confidence: 0.95 })).method).toBe('stratified');
    const both = [...obs([1, 0, 1, 1], { taskId: 'a', indexes: [0, 0, 1, 1] }), ...obs([0, 1, 1], { taskId: 'b' })];
    expect(interval(valueInterval(both, { aggregation: 'macro', confidence: 0.95 })).method).toBe('stratified-cluster');
  });
  it('a cluster-robust interval over items of one sample each equals the t interval', () => {
    const values = [0.3, 0.9, 0.4, 0.8];
    const t = interval(tInterval(values, 0.9));
    const single = interval(valueInterval(obs(values), { aggregation: 'pooled', confidence: 0.9 }));
    expect(single).toMatchObject({ method: 't', low: t.low, high: t.high });
  });
});

describe('edge cases: never an interval that claims more than the data shows', () => {
  it('fewer than 2 values gives no interval, with the reason (the caller then judges the point value)', () => {
    expect(tInterval([0.5], 0.95)).toEqual({ ok: false, n: 1, reason: '1 value: an interval needs at least 2' });
    expect(valueInterval([], { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({ ok: false, n: 0 });
    expect(wilsonInterval(1, 1, 0.95)).toMatchObject({ ok: false });
  });
  it('a task with a single sample gives no stratified interval, naming the task', () => {
    const out = valueInterval([...obs([0.2, 0.5], { taskId: 'a' }), ...obs([0.9], { taskId: 'b' })], {
      aggregation: 'macro',
      confidence: 0.95,
    });
    expect(out).toMatchObject({ ok: false, reason: 'task "b": 1 value: an interval needs at least 2' });
  });
  it('non-finite values give no interval', () => {
    expect(tInterval([0.5, NaN, 0.7], 0.95)).toMatchObject({ ok: false, reason: 'a value is not a finite number (NaN)' });
    expect(valueInterval(obs([0.5, Infinity]), { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({ ok: false });
  });
  it('constant continuous values: a zero-width interval at the value itself, flagged, deciding as the point does', () => {
    const i = interval(tInterval([0.1, 0.1, 0.1], 0.95));
    expect(i).toMatchObject({ estimate: 0.1, low: 0.1, high: 0.1, zeroWidth: true, se: 0 });
    expect(i.notes.join(' ')).toMatch(/no width/);
    expect(decideThreshold(i, '>=', 0.1)).toEqual({ decision: 'pass', pValue: 1 });
    expect(decideThreshold(i, '>', 0.1)).toEqual({ decision: 'fail', pValue: 0 });
  });
  it('all-correct 0/1 values keep a width (Wilson), so "accuracy >= 0.99" on 50 of 50 is not proven', () => {
    const i = interval(valueInterval(obs(Array(50).fill(1)), { aggregation: 'pooled', confidence: 0.95 }));
    expect(i.zeroWidth).toBe(false);
    expect(decideThreshold(i, '>=', 0.99).decision).toBe('uncertain');
  });
  it('a difference with no pairs and too few samples gives no interval', () => {
    const out = differenceInterval(obs([0.5]), obs([0.4, 0.6], { indexes: [7, 8] }), { aggregation: 'pooled', confidence: 0.95 });
    expect(out).toMatchObject({ ok: false, paired: false, pairs: 0, reason: 'run: 1 value: an interval needs at least 2' });
    expect(differenceInterval([], [], { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({ ok: false });
  });
  it('one pair is not enough for a paired interval', () => {
    expect(differenceInterval(obs([0.5]), obs([0.4]), { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({
      ok: false,
      paired: true,
      reason: '1 value: an interval needs at least 2 (pairs)',
    });
  });
  it('identical runs: every difference 0, a zero-width delta at 0 that passes "worsens by at most 0"', () => {
    const values = [1, 0, 1, 1, 0];
    const i = interval(differenceInterval(obs(values), obs(values), { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'paired-t', estimate: 0, low: 0, high: 0, zeroWidth: true });
    expect(decideRegression(i, 0, false)).toEqual({ decision: 'pass', pValue: 1 });
  });
  it('values so large that their spread overflows give no interval (an infinite one would straddle every limit)', () => {
    // Mean 0 (reproduces a reported 0), variance (1e200)² = Infinity: the interval would be [-Infinity, Infinity].
    const huge = obs([1e200, -1e200, 0]);
    expect(valueInterval(huge, { aggregation: 'pooled', confidence: 0.95 })).toEqual({
      ok: false,
      n: 3,
      reason: 'the values are too large to compute with (their mean or spread overflows)',
    });
    expect(valueInterval([...huge, ...obs([0.5, 0.6], { taskId: 'b' })], { aggregation: 'macro', confidence: 0.95 })).toMatchObject({
      ok: false,
    });
    expect(differenceInterval(huge, obs([0, 0, 0]), { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({
      ok: false,
      paired: true,
      pairs: 3,
      reason: 'the values are too large to compute with (their mean or spread overflows)',
    });
    expect(differenceInterval(huge, obs([0.1, 0.2], { indexes: [7, 8] }), { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({
      ok: false,
      paired: false,
    });
  });
  it('variances too small to square (0/0 in Welch-Satterthwaite) still give an interval, on the smallest df', () => {
    // Spreads of 1e-160: each variance squared underflows to 0, so the df formula is 0/0.
    const tiny = [...obs([1, 1 + 1e-15, 1 - 1e-15], { taskId: 'a' }), ...obs([1e-160, 2e-160, 3e-160], { taskId: 'b' })];
    const i = interval(
      valueInterval([...obs([1e-160, 3e-160], { taskId: 'a' }), ...obs([2e-160, 5e-160], { taskId: 'b' })], {
        aggregation: 'macro',
        confidence: 0.95,
      }),
    );
    expect(i).toMatchObject({ method: 'stratified', df: 1 });
    expect(Number.isFinite(i.low) && Number.isFinite(i.high)).toBe(true);
    expect(interval(valueInterval(tiny, { aggregation: 'macro', confidence: 0.95 })).df).toBeGreaterThan(0);
  });
  it('a sum that overflows reproduces nothing: Infinity is not "within 1e-9" of a huge reported value', () => {
    const out = reproduce(obs([1e308, 1.7e308, 1.2e308]), 1e308);
    expect(out).toMatchObject({ aggregation: null, match: null });
    expect(out.reason).toBe('neither the pooled mean Infinity reproduces the reported 1e+308');
  });
  it('rejects a confidence outside (0, 1) as a programming error', () => {
    expect(() => tInterval([1, 2], 1)).toThrow(RangeError);
    expect(() => valueInterval(obs([0.2, 0.4]), { aggregation: 'pooled', confidence: 0 })).toThrow(RangeError);
  });
});

describe('differenceInterval pairs (issue 16, rule 4)', () => {
  const run = obs([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05]);
  it('pairs when at least 80% of the run samples find a pair, dropping the rest', () => {
    const baseline = obs([0.85, 0.8, 0.75, 0.55, 0.5, 0.45, 0.3, 0.25]); // items 0..7 of 10: 80%
    // The two unpaired items (0.6, 0.5) keep the runs' means 0.55 vs 0.55625 inside the paired interval.
    const alike = obs([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.6, 0.5]);
    const i = interval(differenceInterval(alike, baseline, { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'paired-t', n: 8, pairs: 8, pairedShare: 0.8 });
    expect(i.notes).toContain('2 run samples without a baseline pair left out');
  });
  it("goes unpaired when the samples without a pair move the runs' means outside the paired interval", () => {
    // 340 items answered alike by both runs, then 60 new items the run got all wrong: the pairs say "no change",
    // the runs' means say 0.68 vs 0.80. A paired pass of "worsens by at most 0.02" would contradict them.
    const items = Array.from({ length: 340 }, (_, i) => (i % 5 === 0 ? 0 : 1));
    const before = obs(items);
    const now = [...obs(items), ...obs(Array(60).fill(0), { indexes: Array.from({ length: 60 }, (_, i) => 340 + i) })];
    const i = interval(differenceInterval(now, before, { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'welch-unpaired', n: 400, pairs: 340, pairedShare: 0.85 });
    expect(i.estimate).toBeCloseTo(0.68 - 0.8, 12);
    expect(i.notes[0]).toBe(
      "the difference of the runs' means (-0.12) lies outside the interval of the paired items: samples without a pair change the comparison, so it is unpaired",
    );
    expect(decideRegression(i, 0.02, false).decision).toBe('fail');
  });
  it('goes unpaired (Welch) below 80%', () => {
    const baseline = obs([0.85, 0.8, 0.75, 0.55, 0.5, 0.45, 0.3]); // 70%
    const i = interval(differenceInterval(run, baseline, { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'welch-unpaired', n: 10, pairs: 7, pairedShare: 0.7 });
    expect(i.notes[0]).toBe("unpaired: 70% of the run's samples found a pair in the baseline");
  });
  it('does not pair different models or tasks with the same sample_index', () => {
    const other = obs([0.85, 0.8, 0.75, 0.55, 0.5, 0.45, 0.3, 0.25, 0.1, 0.1], { model: 'other' });
    expect(interval(differenceInterval(run, other, { aggregation: 'pooled', confidence: 0.95 })).method).toBe('welch-unpaired');
  });
  it('averages repeated samples of an item before pairing', () => {
    const repeated = obs([1, 0, 1, 1, 0, 0], { indexes: [0, 0, 1, 1, 2, 2] }); // item means 0.5, 1, 0
    const base = obs([0, 0, 1, 1, 0, 0], { indexes: [0, 0, 1, 1, 2, 2] }); // 0, 1, 0
    const i = interval(differenceInterval(repeated, base, { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'paired-t', pairs: 3 });
    expect(i.estimate).toBeCloseTo(0.5 / 3, 15);
  });
  it('a macro average compares per task (paired-stratified / welch-stratified)', () => {
    const a = [...obs([0.9, 0.8, 0.7], { taskId: 'x' }), ...obs([0.4, 0.5], { taskId: 'y' })];
    const b = [...obs([0.8, 0.8, 0.6], { taskId: 'x' }), ...obs([0.5, 0.5], { taskId: 'y' })];
    const paired = interval(differenceInterval(a, b, { aggregation: 'macro', confidence: 0.95 }));
    expect(paired.method).toBe('paired-stratified');
    expect(paired.estimate).toBeCloseTo((0.2 / 3 - 0.1 / 2) / 2, 15);
    const shifted = b.map((o) => ({ ...o, sampleIndex: o.sampleIndex + 50 }));
    expect(interval(differenceInterval(a, shifted, { aggregation: 'macro', confidence: 0.95 })).method).toBe('welch-stratified');
  });
});

describe('decisions (issue 16, rule 6)', () => {
  it('thresholds: fail only when the whole interval is on the wrong side, pass when wholly on the right side', () => {
    expect(decideThreshold(band(0.81, 0.85), '>=', 0.8).decision).toBe('pass');
    expect(decideThreshold(band(0.75, 0.79), '>=', 0.8).decision).toBe('fail');
    expect(decideThreshold(band(0.78, 0.82), '>=', 0.8).decision).toBe('uncertain');
    expect(decideThreshold(band(0.78, 0.82), '<', 0.9).decision).toBe('pass');
    expect(decideThreshold(band(0.91, 0.95), '<=', 0.9).decision).toBe('fail');
    expect(decideThreshold(band(0.8, 0.85), '>', 0.8).decision).toBe('uncertain');
    expect(decideThreshold(band(0.8, 0.85), '<', 0.8).decision).toBe('fail');
    expect(decideThreshold(band(0.81, 0.85), '==', 0.8).decision).toBe('fail');
    expect(decideThreshold(band(0.78, 0.85), '==', 0.8).decision).toBe('uncertain');
  });
  it('the p-value is below (1-confidence)/2 exactly when the decision is fail', () => {
    for (const [low, high] of [
      [0.75, 0.799],
      [0.75, 0.801],
      [0.7, 0.9],
      [0.801, 0.9],
    ] as const) {
      const judged = decideThreshold(band(low, high), '>=', 0.8);
      expect(judged.pValue < 0.025).toBe(judged.decision === 'fail');
    }
  });
  it('regressions, higher is better: the delta against -d', () => {
    expect(decideRegression(band(-0.05, 0.01), 0.02, false).decision).toBe('uncertain');
    expect(decideRegression(band(-0.015, 0.01), 0.02, false).decision).toBe('pass');
    expect(decideRegression(band(-0.09, -0.03), 0.02, false).decision).toBe('fail');
  });
  it('regressions, lower is better: the direction flips (a latency that rose is worse)', () => {
    expect(decideRegression(band(30, 60), 20, true).decision).toBe('fail');
    expect(decideRegression(band(-60, -30), 20, true).decision).toBe('pass');
    expect(decideRegression(band(-60, -30), 20, false).decision).toBe('fail');
    const judged = decideRegression(band(30, 60), 20, true);
    expect(judged.pValue).toBeLessThan(0.025);
  });
  it('the point rule "accuracy: 0" fails on any drop; the interval says whether the drop is beyond noise', () => {
    expect(decideRegression(band(-0.04, 0.02), 0, false).decision).toBe('uncertain');
    expect(decideRegression(band(-0.04, -0.001), 0, false).decision).toBe('fail');
  });
  it('uncertain counts as the `uncertain` input says; "within noise" when the interval does not back the point verdict', () => {
    expect(applyUncertain('uncertain', 'pass')).toBe('pass');
    expect(applyUncertain('uncertain', 'inconclusive')).toBe('inconclusive');
    expect(applyUncertain('fail', 'pass')).toBe('fail');
    expect(supportsPoint(false, 'uncertain')).toBe(false);
    expect(supportsPoint(false, 'fail')).toBe(true);
    expect(supportsPoint(true, 'pass')).toBe(true);
  });
});

describe('Holm-Bonferroni across a gate', () => {
  it('turns into uncertain the failures that do not survive, and reports the change', () => {
    const out = holmBonferroni(
      [
        { decision: 'fail', pValue: 0.001 },
        { decision: 'fail', pValue: 0.02 },
        { decision: 'pass', pValue: 0.9 },
        { decision: 'uncertain', pValue: 0.3 },
      ],
      holmAlpha(0.95),
    );
    expect(out.map((o) => o.decision)).toEqual(['fail', 'uncertain', 'pass', 'uncertain']);
    expect(out.map((o) => o.changed)).toEqual([false, true, false, false]);
    expect(out[1]).toMatchObject({ before: 'fail', rank: 2 });
    expect(out[1]?.level).toBeCloseTo(0.025 / 3, 15);
  });
  it('with one entry changes nothing', () => {
    expect(holmBonferroni([{ decision: 'fail', pValue: 0.02 }], 0.025)[0]).toMatchObject({ decision: 'fail', changed: false });
  });
  it('never turns a pass or an uncertain into a fail', () => {
    const out = holmBonferroni(
      [
        { decision: 'uncertain', pValue: 0 },
        { decision: 'pass', pValue: 0 },
      ],
      0.025,
    );
    expect(out.map((o) => o.decision)).toEqual(['uncertain', 'pass']);
  });
  it('rejects p-values outside [0, 1]', () => {
    expect(() => holmBonferroni([{ decision: 'fail', pValue: NaN }], 0.025)).toThrow(RangeError);
    expect(holmBonferroni([], 0.025)).toEqual([]);
  });
});

describe('smallest detectable regression (issue 16, rule 5)', () => {
  it('is (z(0.975) + z(0.8)) × se, and scales the samples needed with the square of the ratio', () => {
    const mde = smallestDetectable(0.01, 0.95);
    expect(mde).toBeCloseTo(0.028015852, 8);
    expect(samplesNeeded(400, mde, 0.014)).toBe(Math.ceil(400 * (mde / 0.014) ** 2));
    expect(samplesNeeded(400, 0.02, 0.04)).toBe(100);
  });
  it('no sample size detects a worsening of 0', () => {
    expect(samplesNeeded(400, 0.03, 0)).toBeNull();
  });
});

describe('all-equal 0/1 values never get a zero-width interval', () => {
  it('a macro average of all-correct tasks, and all-correct repeated items, get Wilson over the items', () => {
    const tasks = [...obs([1, 1, 1], { taskId: 'a' }), ...obs([1, 1], { taskId: 'b' })];
    const macro = interval(valueInterval(tasks, { aggregation: 'macro', confidence: 0.95 }));
    expect(macro).toMatchObject({ method: 'wilson', estimate: 1, high: 1, n: 5, zeroWidth: false });
    expect(macro.low).toBeCloseTo(interval(wilsonInterval(5, 5, 0.95)).low, 15);
    const repeats = interval(
      valueInterval(obs([1, 1, 1, 1, 1, 1], { indexes: [0, 0, 1, 1, 2, 2] }), { aggregation: 'pooled', confidence: 0.95 }),
    );
    expect(repeats).toMatchObject({ method: 'wilson', n: 3 });
    expect(repeats.notes).toContain('6 samples of 3 items: counted by item');
    expect(decideThreshold(repeats, '>=', 0.9).decision).toBe('uncertain');
  });
});
