/**
 * The statistics against reference values computed independently. Every number below was printed by
 *   /usr/bin/python3 test/unit/stats-reference.py
 * (Debian bookworm python3-scipy 1.10.1 and python3-statsmodels 0.13.5); the line of its output is named beside
 * each value. The tests do not need python.
 */
import { describe, expect, it } from 'vitest';
import {
  clusterInterval,
  decideRegression,
  decideThreshold,
  differenceInterval,
  holmBonferroni,
  normalQuantile,
  pairedInterval,
  pairObservations,
  smallestDetectable,
  stratifiedInterval,
  tCdf,
  tInterval,
  tQuantile,
  welchInterval,
  wilsonInterval,
  type Interval,
  type IntervalOutcome,
  type Observation,
} from '../../src/stats/index.ts';

/** Observations of one model and task, sample_index 0, 1, 2… (or as given). */
const obs = (values: readonly number[], options: { model?: string; taskId?: string; indexes?: number[] } = {}): Observation[] =>
  values.map((value, i) => ({
    model: options.model ?? 'm',
    taskId: options.taskId ?? 'qa',
    sampleIndex: options.indexes?.[i] ?? i,
    value,
  }));

function ok(outcome: IntervalOutcome | { ok: true; interval: Interval } | { ok: false; reason: string }): Interval {
  if (!outcome.ok) throw new Error(`expected an interval, got: ${outcome.reason}`);
  return outcome.interval;
}

/**
 * Equal to 1e-9 relative. scipy 1.10's t.ppf is itself off by about 2.5e-10 relative (t.ppf(0.975, 7) gives
 * 2.3646242510102993; mpmath at 40 digits, and @stdlib, give 2.364624251592785…), so every interval built on a t
 * quantile can differ from scipy's in the tenth digit; far below anything a verdict can see.
 */
const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300));

describe('distributions (scipy.stats)', () => {
  it('t and normal quantiles and a t CDF', () => {
    close(tQuantile(0.975, 7), 2.3646242510102993); // t.ppf(0.975,7)
    close(tQuantile(0.975, 7), 2.364624251592785, 1e-15); // mpmath findroot of the t CDF (40 digits)
    close(tQuantile(0.9995, 3), 12.923978636637424); // t.ppf(0.9995,3)
    close(tCdf(-2.1, 5), 0.04487662494229934); // t.cdf(-2.1,5)
    close(normalQuantile(0.975), 1.959963984540054); // norm.ppf(0.975)
    close(normalQuantile(0.8), 0.8416212335729143); // norm.ppf(0.8)
  });
});

describe('t interval (scipy.stats.t.interval)', () => {
  const x = [0.62, 0.71, 0.55, 0.8, 0.68, 0.74, 0.59, 0.66];
  it('95% with df n-1', () => {
    const i = ok(tInterval(x, 0.95));
    close(i.low, 0.6003278582471091); // t.interval 0.95
    close(i.high, 0.7371721417528908);
    expect(i).toMatchObject({ method: 't', n: 8, df: 7, zeroWidth: false });
  });
  it('99%', () => {
    const i = ok(tInterval(x, 0.99));
    close(i.low, 0.5674898771154077); // t.interval 0.99
    close(i.high, 0.7700101228845923);
  });
});

describe('Wilson score interval (statsmodels proportion_confint method="wilson")', () => {
  it('81 of 100 at 95%', () => {
    const i = ok(wilsonInterval(81, 100, 0.95));
    close(i.low, 0.7222115462093562); // wilson 81/100 0.95
    close(i.high, 0.8748524849023126);
    expect(i).toMatchObject({ method: 'wilson', estimate: 0.81, n: 100 });
  });
  it('keeps a width when every value is 1 (50 of 50) and stays inside [0, 1]', () => {
    const i = ok(wilsonInterval(50, 50, 0.95));
    close(i.low, 0.9286524008666412); // wilson 50/50 0.95
    expect(i.high).toBe(1);
    expect(i.zeroWidth).toBe(false);
  });
  it('0 of 20 at 99%', () => {
    const i = ok(wilsonInterval(0, 20, 0.99));
    expect(i.low).toBe(0); // statsmodels: -2.8e-17 (rounding); with no success the lower bound is 0 exactly
    close(i.high, 0.24910540109875348); // wilson 0/20 0.99
  });
  it('7 of 9 at 80%', () => {
    const i = ok(wilsonInterval(7, 9, 0.8));
    close(i.low, 0.5660581495362462); // wilson 7/9 0.8
    close(i.high, 0.9037618177900597);
  });
  it('its p-value is the score test it inverts (statsmodels proportions_ztest, prop_var=value)', () => {
    const i = ok(wilsonInterval(81, 100, 0.95));
    // 0.9 lies above the interval: a threshold accuracy >= 0.9 fails, with this evidence.
    const judged = decideThreshold(i, '>=', 0.9);
    expect(judged.decision).toBe('fail');
    close(judged.pValue, 0.001349898031630099); // score test 81/100 vs 0.9 smaller
  });
});

describe('paired interval (scipy.stats.ttest_rel)', () => {
  const run = [0.71, 0.64, 0.8, 0.55, 0.9, 0.62, 0.77, 0.58, 0.69, 0.73];
  const base = [0.74, 0.66, 0.79, 0.61, 0.88, 0.67, 0.8, 0.57, 0.72, 0.78];
  const paired = () => ok(differenceInterval(obs(run), obs(base), { aggregation: 'pooled', confidence: 0.95 }));
  it('pairs every sample and matches the confidence interval of ttest_rel', () => {
    const i = paired();
    expect(i).toMatchObject({ method: 'paired-t', n: 10, pairs: 10, pairedShare: 1, df: 9 });
    close(i.low, -0.042964596095441905); // ttest_rel ci 0.95
    close(i.high, -0.003035403904558115);
    close(i.estimate, -0.02300000000000001); // paired mean se
    close(i.se, 0.008825468196582486);
  });
  it('the one-sided p-value of a regression against 0 is ttest_rel(alternative="less")', () => {
    const judged = decideRegression(paired(), 0, false);
    expect(judged.decision).toBe('fail');
    close(judged.pValue, 0.014226215732304976); // ttest_rel p less
  });
  it('pairs by (model, task, sample_index), whatever the order', () => {
    const shuffled = obs(base).reverse();
    const i = ok(pairedInterval(pairObservations(obs(run), shuffled), { aggregation: 'pooled', confidence: 0.95 }));
    close(i.low, -0.042964596095441905);
  });
  it('smallest detectable regression: (z(0.975) + z(0.8)) × se', () => {
    close(smallestDetectable(paired().se, 0.95), 0.02472530124247161); // mde 0.95 power 0.8
  });
});

describe('Welch unpaired interval (scipy.stats.ttest_ind equal_var=False; df by the Welch-Satterthwaite formula)', () => {
  const a = [0.81, 0.77, 0.92, 0.68, 0.85, 0.79, 0.88, 0.73, 0.9, 0.84, 0.76, 0.82];
  const b = [0.86, 0.91, 0.83, 0.95, 0.88, 0.79, 0.93, 0.9, 0.87];
  // Different datasets: no sample of the run finds a pair.
  const run = obs(a, { indexes: a.map((_, i) => 100 + i) });
  const baseline = obs(b);
  it('falls back to Welch when fewer than 80% of the run pairs, with its df', () => {
    const i = ok(differenceInterval(run, baseline, { aggregation: 'pooled', confidence: 0.95 }));
    expect(i).toMatchObject({ method: 'welch-unpaired', pairs: 0, pairedShare: 0, runSamples: 12, baselineSamples: 9 });
    close(i.estimate, -0.0675); // welch diff df low high
    close(i.df, 18.950222465887226);
    close(i.low, -0.12268338432320797);
    close(i.high, -0.012316615676792035);
  });
  it('its one-sided p-value is ttest_ind(equal_var=False, alternative="less")', () => {
    const judged = decideRegression(ok(welchInterval(run, baseline, { aggregation: 'pooled', confidence: 0.95 })), 0, false);
    close(judged.pValue, 0.009573923216744667); // ttest_ind welch p less
  });
});

describe('Holm-Bonferroni (statsmodels multipletests method="holm")', () => {
  const p = [0.001, 0.04, 0.008, 0.003, 0.2, 0.012];
  const corrected = [0.006, 0.08, 0.032, 0.015, 0.2, 0.036000000000000004]; // holm corrected
  it('at alpha 0.025 rejects the two smallest; adjusted p-values match', () => {
    const out = holmBonferroni(
      p.map((pValue) => ({ decision: 'fail' as const, pValue })),
      0.025,
    );
    expect(out.map((o) => o.decision === 'fail')).toEqual([true, false, false, true, false, false]); // holm reject
    out.forEach((o, i) => close(o.adjustedPValue, corrected[i] as number));
  });
  it('at alpha 0.05 rejects four', () => {
    const out = holmBonferroni(
      p.map((pValue) => ({ decision: 'fail' as const, pValue })),
      0.05,
    );
    expect(out.map((o) => o.decision === 'fail')).toEqual([true, false, true, true, false, true]); // holm 0.05 reject
  });
});

describe('cluster-robust standard error by item (statsmodels OLS on a constant, cov_type="cluster")', () => {
  it('0/1 values, 12 samples of 5 items', () => {
    const groups = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4];
    const y = [1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1];
    const i = ok(clusterInterval(obs(y, { indexes: groups }), 0.95));
    close(i.estimate, 0.6666666666666669); // cluster mean se
    close(i.se, 0.06211299937499418);
    expect(i).toMatchObject({ method: 'cluster', df: 4, n: 12 });
    close(i.low, 0.49421333358281033); // cluster interval df=G-1
    close(i.high, 0.8391199997505234);
  });
  it('continuous values, uneven clusters', () => {
    const y = [0.2, 0.4, 0.9, 0.7, 0.8, 0.1, 0.3, 0.5, 0.6, 0.65];
    const i = ok(clusterInterval(obs(y, { indexes: [0, 0, 1, 1, 1, 2, 3, 3, 4, 4] }), 0.95));
    close(i.estimate, 0.5149999999999999); // cluster2 mean se
    close(i.se, 0.12193492116698969);
  });
});

describe('stratified standard error of a macro average (numpy: sqrt(Σ var_t/n_t / T²), Satterthwaite df)', () => {
  it('three tasks of 5, 7 and 3 samples', () => {
    const samples = [
      ...obs([0.9, 0.7, 0.8, 0.6, 0.75], { taskId: 'qa' }),
      ...obs([0.3, 0.5, 0.4, 0.45, 0.35, 0.6, 0.5], { taskId: 'math' }),
      ...obs([0.95, 0.85, 0.9], { taskId: 'code' }),
    ];
    const i = ok(stratifiedInterval(samples, 0.95));
    close(i.estimate, 0.6976190476190477); // stratified macro se df
    close(i.se, 0.023125082991005505);
    close(i.df, 10.183933623676765);
    close(i.low, 0.646219017389143); // stratified interval
    close(i.high, 0.7490190778489524);
    expect(i).toMatchObject({ method: 'stratified', n: 15 });
  });
});
