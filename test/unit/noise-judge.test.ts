/**
 * The noise judge's own parts (issue 16): which samples a metric path names, whether they reproduce it, how a
 * criterion is settled from its paths' decisions, and how intervals are written. The whole judge is exercised end
 * to end in test/e2e/noise.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ScoredSample } from '../../src/api/sample-scores.ts';
import type { NoiseSettings } from '../../src/core/config.ts';
import type { Criterion, MetricStatistics } from '../../src/core/criterion.ts';
import { splitMetricPath } from '../../src/core/metrics.ts';
import { formatBounds, formatConfidence, formatInterval } from '../../src/core/noise-format.ts';
import type { NoiseSampleRead } from '../../src/core/result.ts';
import type { Threshold } from '../../src/core/config.ts';
import type { RegressionRow } from '../../src/judge/baseline.ts';
import { regressionEntry, thresholdEntry, type NoiseEntry } from '../../src/judge/noise-entries.ts';
import { noiseNotes } from '../../src/judge/noise-notes.ts';
import { locatePath, pathValues } from '../../src/judge/noise-paths.ts';
import type { RunSamples, SampleIndex } from '../../src/judge/noise-samples.ts';
import { isWithinNoise, settleCriterion, uncertainFailure, type DecidedEntry } from '../../src/judge/noise-verdict.ts';
import type { Decision } from '../../src/stats/index.ts';

function index(samples: Array<Pick<ScoredSample, 'model' | 'taskId'> & Partial<ScoredSample>>): SampleIndex {
  const built: SampleIndex = new Map();
  samples.forEach((s, i) => {
    const full: ScoredSample = { id: `s${i}`, sampleIndex: i, scores: {}, ...s };
    const tasks = built.get(full.model) ?? new Map<string, ScoredSample[]>();
    built.set(full.model, tasks);
    tasks.set(full.taskId, [...(tasks.get(full.taskId) ?? []), full]);
  });
  return built;
}

describe('splitMetricPath', () => {
  it('takes the last name as the metric, skipping a value leaf', () => {
    expect(splitMetricPath('accuracy')).toEqual({ scope: '', metric: 'accuracy' });
    expect(splitMetricPath('gpt-x.qa.accuracy')).toEqual({ scope: 'gpt-x.qa', metric: 'accuracy' });
    expect(splitMetricPath('gpt-x.accuracy.mean')).toEqual({ scope: 'gpt-x', metric: 'accuracy' });
    expect(splitMetricPath('mean')).toEqual({ scope: '', metric: 'mean' });
  });
});

describe('locatePath: the samples a metric path aggregates', () => {
  const samples = index([
    { model: 'gpt-x', taskId: 'qa' },
    { model: 'gpt-x', taskId: 'reading' },
    { model: 'gpt-4.1', taskId: 'qa' },
  ]);

  it('reads model, model and task, and a bare metric of a one-model run', () => {
    expect(locatePath('gpt-x.accuracy', ['gpt-x', 'gpt-4.1'], samples)).toEqual({ model: 'gpt-x', task: undefined, metric: 'accuracy' });
    expect(locatePath('gpt-x.qa.accuracy', ['gpt-x', 'gpt-4.1'], samples)).toEqual({ model: 'gpt-x', task: 'qa', metric: 'accuracy' });
    expect(locatePath('gpt-4.1.qa.f1.mean', ['gpt-x', 'gpt-4.1'], samples)).toEqual({ model: 'gpt-4.1', task: 'qa', metric: 'f1' });
    expect(locatePath('accuracy', ['gpt-x'], samples)).toEqual({ model: 'gpt-x', task: undefined, metric: 'accuracy' });
    expect(locatePath('reading.accuracy', ['gpt-x'], samples)).toEqual({ model: 'gpt-x', task: 'reading', metric: 'accuracy' });
  });

  it('never guesses: a bare metric of several models, an unknown scope, or two readings name no samples', () => {
    expect(locatePath('accuracy', ['gpt-x', 'gpt-4.1'], samples)).toEqual({ reason: 'the path names no model and the run has 2 models' });
    expect(locatePath('gpt-z.accuracy', ['gpt-x', 'gpt-4.1'], samples)).toEqual({
      reason: 'the path names no model (and task) of the run’s samples',
    });
    expect(locatePath('gpt-x.math.accuracy', ['gpt-x'], samples)).toHaveProperty('reason');
    const clash = index([
      { model: 'gpt-x', taskId: 'qa' },
      { model: 'gpt-x.qa', taskId: 'reading' },
    ]);
    expect(locatePath('gpt-x.qa.accuracy', ['gpt-x', 'gpt-x.qa'], clash)).toEqual({
      reason: 'the path could name more than one model or task of the run’s samples',
    });
  });
});

describe('pathValues: reproduce before trusting', () => {
  const samples = index([
    ...[1, 1, 1, 0].map((v) => ({ model: 'm', taskId: 'a', scores: { acc: v } })),
    ...[1, 0].map((v) => ({ model: 'm', taskId: 'b', scores: { acc: v } })),
    { model: 'm', taskId: 'b', scores: { acc: null } },
    { model: 'm', taskId: 'b', scores: {} },
  ]);

  it('uses the values when their pooled mean or their mean of task means gives the reported value', () => {
    // pooled 4/6 = 0.6667; macro (0.75 + 0.5) / 2 = 0.625
    expect(pathValues(samples, { model: 'm', task: undefined, metric: 'acc' }, 0.6667)).toMatchObject({
      ok: true,
      aggregation: 'pooled',
      excluded: 2,
    });
    expect(pathValues(samples, { model: 'm', task: undefined, metric: 'acc' }, 0.625)).toMatchObject({ ok: true, aggregation: 'macro' });
    const task = pathValues(samples, { model: 'm', task: 'a', metric: 'acc' }, 0.75);
    expect(task.ok && task.observations.map((o) => o.value)).toEqual([1, 1, 1, 0]);
  });

  it('says why it does not: values that do not reproduce, or no numeric score at all', () => {
    const off = pathValues(samples, { model: 'm', task: undefined, metric: 'acc' }, 0.91);
    expect(off).toEqual({
      ok: false,
      reason:
        'the samples do not reproduce the reported value: neither the pooled mean 0.666667 nor the mean of the per-task means 0.625 reproduces the reported 0.91',
    });
    expect(pathValues(samples, { model: 'm', task: undefined, metric: 'f1' }, 0.5)).toEqual({
      ok: false,
      reason: 'no completed sample of model m has a numeric score for f1',
      unscored: true,
    });
  });
});

describe('settleCriterion: a criterion from its paths', () => {
  const stats = (path: string): MetricStatistics => ({
    path,
    basis: 'samples',
    estimate: 0.8,
    low: 0.76,
    high: 0.84,
    confidence: 0.95,
    n: 400,
    method: 'wilson',
    uncertain: false,
    mde: null,
    note: null,
  });
  let paths = 0;
  const criterion = (passed: boolean): Criterion => ({ name: 'Metric accuracy', actual: '0.800 [0.760, 0.840]', allowed: '≥ 0.8', passed });
  const entry = (c: Criterion, pointOk: boolean, decision: Decision | undefined): DecidedEntry => ({
    kind: 'threshold',
    criterion: c,
    path: `gpt-x.accuracy.${++paths}`,
    pointOk,
    statistics: { ...stats('p'), ...(decision === undefined ? { basis: 'reported' as const, low: null, high: null, n: null } : {}) },
    judgement: decision && { decision, pValue: 0.5 },
    decision,
  });
  const report: NoiseSettings = { mode: 'report', confidence: 0.95, uncertain: 'pass' };
  const gate = (uncertain: NoiseSettings['uncertain']): NoiseSettings => ({ mode: 'gate', confidence: 0.95, uncertain });

  it('report keeps the point verdict and marks it within noise when no interval supports it', () => {
    const failed = criterion(false);
    expect(settleCriterion(failed, [entry(failed, false, 'uncertain')], report, false)).toEqual({ verdict: 'fail', withinNoise: true });
    expect(failed).toMatchObject({ passed: false, within_noise: true });
    expect(failed.statistics?.[0]?.uncertain).toBe(true);
    const shown = criterion(false);
    expect(settleCriterion(shown, [entry(shown, false, 'fail'), entry(shown, true, 'uncertain')], report, false)).toEqual({
      verdict: 'fail',
      withinNoise: false,
    });
    const passed = criterion(true);
    expect(settleCriterion(passed, [entry(passed, true, 'pass'), entry(passed, true, 'uncertain')], report, false).withinNoise).toBe(true);
  });

  it('gate decides by intervals; uncertain as the input says; a reported path by its point verdict', () => {
    for (const [uncertain, verdict] of [
      ['pass', 'pass'],
      ['fail', 'fail'],
      ['inconclusive', 'inconclusive'],
    ] as const) {
      const c = criterion(false);
      expect(settleCriterion(c, [entry(c, false, 'uncertain'), entry(c, true, 'pass')], gate(uncertain), false)).toEqual({
        verdict,
        withinNoise: true,
      });
      expect(c.passed).toBe(verdict === 'pass');
      expect(c.inconclusive).toBe(verdict === 'inconclusive' ? true : undefined);
    }
    const evidence = criterion(true);
    expect(
      settleCriterion(evidence, [entry(evidence, true, 'fail'), entry(evidence, false, 'uncertain')], gate('inconclusive'), false),
    ).toEqual({
      verdict: 'fail',
      withinNoise: false,
    });
    const reported = criterion(true);
    expect(
      settleCriterion(reported, [entry(reported, false, undefined), entry(reported, false, 'uncertain')], gate('pass'), false),
    ).toEqual({
      verdict: 'fail',
      withinNoise: false,
    });
  });

  it('leaves a criterion decided by a problem (missing, ambiguous, not a number) as it was', () => {
    const c = criterion(false);
    expect(settleCriterion(c, [entry(c, true, 'pass')], gate('pass'), true)).toEqual({ verdict: 'fail', withinNoise: false });
    expect(c).toMatchObject({ passed: false, within_noise: false });
  });

  it('isWithinNoise: never without an interval', () => {
    const c = criterion(true);
    expect(isWithinNoise(entry(c, true, undefined), 'gate')).toBe(false);
    expect(isWithinNoise(entry(c, true, 'fail'), 'report')).toBe(true);
    expect(isWithinNoise(entry(c, true, 'fail'), 'gate')).toBe(false);
  });

  it('names what an uncertain verdict was counted as', () => {
    expect(uncertainFailure(criterion(false), 'fail')).toBe(
      'Metric accuracy: 0.800 [0.760, 0.840], allowed ≥ 0.8: within noise, counted as a failure (uncertain: fail)',
    );
    expect(uncertainFailure(criterion(false), 'inconclusive')).toContain('within noise, undecided (uncertain: inconclusive)');
  });
});

describe('noise formatting', () => {
  it('writes an estimate and interval with enough decimals for the width', () => {
    expect(formatInterval(0.8, 0.7608, 0.8392)).toBe('0.800 [0.761, 0.839]');
    expect(formatInterval(0.9, 0.8991, 0.9009)).toBe('0.9000 [0.8991, 0.9009]');
    expect(formatInterval(812.4, 790.2, 834.6)).toBe('812 [790, 835]');
    expect(formatInterval(-0.0175, -0.072, 0.037, { signed: true })).toBe('−0.018 [−0.072, +0.037]');
    expect(formatInterval(0.5, 0.5, 0.5)).toBe('0.500 [0.500, 0.500]');
    expect(formatBounds(-0.00004, 0.03)).toBe('[0.000, +0.030]');
    expect(formatConfidence(0.95)).toBe('95%');
    expect(formatConfidence(0.999)).toBe('99.9%');
  });
});

describe('noiseNotes', () => {
  const criterion: Criterion = { name: 'Metric accuracy', actual: '0.9', allowed: '≥ 0.8', passed: true };
  const reported = (path: string, note: string, unscored?: true): NoiseEntry => ({
    kind: 'threshold',
    criterion,
    path,
    pointOk: true,
    statistics: {
      path,
      basis: 'reported',
      estimate: 0.9,
      low: null,
      high: null,
      confidence: 0.95,
      n: null,
      method: 'reported',
      uncertain: false,
      mde: null,
      note,
    },
    judgement: undefined,
    ...(unscored ? { unscored } : {}),
  });
  const settings: NoiseSettings = { mode: 'report', confidence: 0.95, uncertain: 'pass' };

  it('says once which paths have no score in any sample, and each other reason per path', () => {
    const entries = Array.from({ length: 10 }, (_, i) =>
      reported(`gpt-x.m${i}`, `no completed sample of model gpt-x has a numeric score for m${i}`, true),
    );
    entries.push(reported('gpt-x.accuracy', 'the samples do not reproduce the reported value: neither …'));
    expect(noiseNotes([], entries, settings)).toEqual([
      'No completed sample has a numeric score for gpt-x.m0, gpt-x.m1, gpt-x.m2, gpt-x.m3, gpt-x.m4, gpt-x.m5, gpt-x.m6, gpt-x.m7, and 2 more: ' +
        'judged on the reported values (the samples’ scores name other metrics; with noise: off they are not read).',
      'gpt-x.accuracy (Metric accuracy): judged on its reported value, because the samples do not reproduce the reported value: neither ….',
    ]);
  });
});

describe('a rounded report keeps its point verdict when the limit lies within the rounding', () => {
  // 17 of 20 correct is 0.85; reported with one decimal as 0.8 (0.85 rounds to 0.8 or 0.9 by convention: 0.85 is
  // within half a unit, so the samples "reproduce" 0.8 only by rounding).
  const values = [...Array(17).fill(1), ...Array(3).fill(0)] as number[];
  const samples = index(values.map((v) => ({ model: 'm', taskId: 'a', scores: { acc: v } })));
  const runSamples: RunSamples = { ok: true, runId: 'eval_run_r', index: samples, models: ['m'], read: {} as NoiseSampleRead };
  const criterion = { name: 'Metric acc' } as Criterion;
  const threshold = (limit: number): Threshold => ({ source: `acc >= ${limit}`, scope: undefined, metric: 'acc', comparator: '>=', limit });

  it('judges a threshold inside the rounding on the reported value (the samples could pass what it fails)', () => {
    const row = { path: 'acc', value: 0.8, text: '0.8', ok: false };
    const entry = thresholdEntry(criterion, row, threshold(0.82), runSamples, 0.95);
    expect(entry.statistics.basis).toBe('reported');
    expect(entry.judgement).toBeUndefined();
    expect(entry.statistics.note).toContain('the limit lies within that rounding');
  });

  it('uses the samples when the limit is outside the rounding, or the report is exact', () => {
    const outside = thresholdEntry(criterion, { path: 'acc', value: 0.8, text: '0.8', ok: true }, threshold(0.6), runSamples, 0.95);
    expect(outside.statistics.basis).toBe('samples');
    const exact = thresholdEntry(criterion, { path: 'acc', value: 0.85, text: '0.85', ok: true }, threshold(0.84), runSamples, 0.95);
    expect(exact.statistics.basis).toBe('samples');
  });

  it('judges a regression whose allowed worsening lies within the two roundings on the reported values', () => {
    const now = pathValues(samples, { model: 'm', task: undefined, metric: 'acc' }, 0.8);
    const before = pathValues(samples, { model: 'm', task: undefined, metric: 'acc' }, 0.85);
    expect(now.ok && now.rounding).toBeCloseTo(0.05);
    const c = { path: 'acc', current: 0.8, baseline: 0.85, lowerIsBetter: false };
    const entry = regressionEntry(criterion, { c, limit: 0.02, ok: false } as unknown as RegressionRow, now, before, 0.95);
    expect(entry.statistics.basis).toBe('reported');
    expect(entry.statistics.note).toContain('the limit lies within that rounding');
  });
});
