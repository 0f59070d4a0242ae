import { assertConfidence } from './distributions.ts';
import { combine, groupMean, simpleMean, stratifiedMean, type EstimateOutcome, type MeanEstimate } from './estimators.ts';
import { intervalFrom, withinRange } from './intervals.ts';
import { firstNonFinite, groupBy, itemKey, mean } from './moments.ts';
import { macroAverage } from './reproduce.ts';
import type { Aggregation, DifferenceMethod, Interval, Observation } from './types.ts';

/** Below this share of the run's samples finding a pair in the baseline, the comparison is unpaired (issue 16, rule 4). */
export const MIN_PAIRED_SHARE = 0.8;

/** One item present in both runs: its mean value in each (items with repeats are averaged first). */
export interface Pair {
  model: string;
  taskId: string;
  sampleIndex: number;
  run: number;
  baseline: number;
}

export interface Pairing {
  pairs: Pair[];
  /** Samples with a value in the run and in the baseline. */
  runSamples: number;
  baselineSamples: number;
  /** Run samples whose item (model, task_id, sample_index) has a value in the baseline. */
  pairedRunSamples: number;
  /** pairedRunSamples / runSamples (0 without run samples). */
  pairedShare: number;
}

/** A difference interval: run minus baseline, in the metric's own units, with how the samples were matched. */
export interface DifferenceInterval extends Interval {
  method: DifferenceMethod;
  /** Items found in both runs (the n of a paired interval). */
  pairs: number;
  runSamples: number;
  baselineSamples: number;
  pairedShare: number;
}

export type DifferenceOutcome =
  | { ok: true; interval: DifferenceInterval }
  | { ok: false; n: number; reason: string; pairs: number; pairedShare: number; paired: boolean };

/**
 * Pairs the run's and the baseline's samples by item: (model, task_id, sample_index). An item sampled several
 * times on one side contributes the mean of its samples, so each pair is one item. Pairs in run order.
 */
export function pairObservations(run: readonly Observation[], baseline: readonly Observation[]): Pairing {
  const runItems = groupBy(run, itemKey);
  const baselineItems = groupBy(baseline, itemKey);
  const pairs: Pair[] = [];
  let pairedRunSamples = 0;
  for (const [key, samples] of runItems) {
    const before = baselineItems.get(key);
    if (!before) continue;
    pairedRunSamples += samples.length;
    const first = samples[0] as Observation;
    pairs.push({
      model: first.model,
      taskId: first.taskId,
      sampleIndex: first.sampleIndex,
      run: mean(samples.map((o) => o.value)),
      baseline: mean(before.map((o) => o.value)),
    });
  }
  const pairedShare = run.length === 0 ? 0 : pairedRunSamples / run.length;
  return { pairs, runSamples: run.length, baselineSamples: baseline.length, pairedRunSamples, pairedShare };
}

/**
 * Paired interval of the mean per-pair difference (run - baseline): a paired t interval (df = pairs - 1), or for
 * a macro average the stratified combination of the per-task paired means (`paired-stratified`).
 */
export function pairedInterval(pairing: Pairing, options: { aggregation: Aggregation; confidence: number }): DifferenceOutcome {
  const differences: Observation[] = pairing.pairs.map((p) => ({ ...p, value: p.run - p.baseline }));
  const failed = { n: pairing.pairs.length, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired: true };
  const bad = firstNonFinite(differences.map((d) => d.value));
  if (bad !== undefined) return { ok: false, ...failed, reason: `a difference is not a finite number (${bad})` };
  const macro = options.aggregation === 'macro';
  const outcome = macro ? stratifiedMean(differences) : simpleMean(differences.map((d) => d.value));
  if (!outcome.ok) return { ok: false, ...failed, reason: `${outcome.reason} (pairs)` };
  const dropped = pairing.runSamples - pairing.pairedRunSamples;
  const notes = [`${pairing.pairs.length} pairs`, ...(dropped > 0 ? [`${dropped} run samples without a baseline pair left out`] : [])];
  return finish(outcome.estimate, pairing.pairs.length, pairing, options.confidence, macro ? 'paired-stratified' : 'paired-t', notes);
}

/**
 * Unpaired (Welch) interval of run minus baseline: each side's mean and its variance (plain, cluster-robust when
 * items repeat, or stratified for a macro average), variances added, Welch-Satterthwaite df
 * (V1 + V2)² / (V1²/df1 + V2²/df2). With plain means this is Welch's t interval.
 */
export function welchInterval(
  run: readonly Observation[],
  baseline: readonly Observation[],
  options: { aggregation: Aggregation; confidence: number },
): DifferenceOutcome {
  const pairing = pairObservations(run, baseline);
  const failed = { n: run.length, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired: false };
  const bad = firstNonFinite([...run, ...baseline].map((o) => o.value));
  if (bad !== undefined) return { ok: false, ...failed, reason: `a value is not a finite number (${bad})` };
  const macro = options.aggregation === 'macro';
  const side = (observations: readonly Observation[]): EstimateOutcome => (macro ? stratifiedMean(observations) : groupMean(observations));
  const now = side(run);
  if (!now.ok) return { ok: false, ...failed, reason: `run: ${now.reason}` };
  const before = side(baseline);
  if (!before.ok) return { ok: false, ...failed, reason: `baseline: ${before.reason}` };
  const a = now.estimate;
  const b = before.estimate;
  const combined = combine([a.variance, b.variance], [a.df, b.df]);
  const zeroSpread = combined.variance === 0;
  const estimate: MeanEstimate = {
    estimate: a.estimate - b.estimate,
    variance: combined.variance,
    df: combined.df,
    n: run.length,
    units: a.units + b.units,
    clustered: a.clustered || b.clustered,
    zeroSpread,
  };
  const notes = [
    `unpaired: ${Math.round(pairing.pairedShare * 100)}% of the run's samples found a pair in the baseline`,
    ...(estimate.clustered ? ['repeated items: cluster-robust variances'] : []),
  ];
  return finish(estimate, pairing.pairs.length, pairing, options.confidence, macro ? 'welch-stratified' : 'welch-unpaired', notes);
}

/**
 * The interval for a regression (issue 16, rule 4): paired over items when at least `minPairedShare` (80%) of the
 * run's samples find a pair in the baseline, otherwise unpaired (Welch). Estimate = run minus baseline.
 */
export function differenceInterval(
  run: readonly Observation[],
  baseline: readonly Observation[],
  options: { aggregation: Aggregation; confidence: number; minPairedShare?: number },
): DifferenceOutcome {
  assertConfidence(options.confidence);
  const pairing = pairObservations(run, baseline);
  let paired = run.length > 0 && pairing.pairedShare >= (options.minPairedShare ?? MIN_PAIRED_SHARE);
  let outcome = paired ? pairedInterval(pairing, options) : undefined;
  const unrepresentative = outcome?.ok ? pairsMissTheRuns(outcome.interval, pairing, run, baseline, options.aggregation) : undefined;
  if (unrepresentative) paired = false;
  if (!outcome || unrepresentative) outcome = welchInterval(run, baseline, options);
  if (unrepresentative && outcome.ok) outcome.interval.notes.unshift(unrepresentative);
  const checked = withinRange(outcome);
  if (checked.ok || !outcome.ok) return outcome;
  return { ok: false, n: checked.n, reason: checked.reason, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired };
}

/**
 * When some samples found no pair, the paired interval speaks only for the items both runs answered. If the
 * difference of the runs' own means (what their reported values compare) lies outside it, the left-out samples
 * changed the comparison (say 60 new items, all failed): the pairs do not stand for the runs, and the unpaired
 * interval over every sample is used instead. Otherwise a paired pass could contradict the runs' values.
 */
function pairsMissTheRuns(
  interval: Interval,
  pairing: Pairing,
  run: readonly Observation[],
  baseline: readonly Observation[],
  aggregation: Aggregation,
): string | undefined {
  const pairedBaselineSamples = pairing.pairs.length === 0 ? 0 : countPaired(baseline, run);
  if (pairing.pairedRunSamples === run.length && pairedBaselineSamples === baseline.length) return undefined;
  const aggregate = (observations: readonly Observation[]) =>
    aggregation === 'macro'
      ? (macroAverage(observations) ?? mean(observations.map((o) => o.value)))
      : mean(observations.map((o) => o.value));
  const whole = aggregate(run) - aggregate(baseline);
  const slack = COVER_TOLERANCE * Math.max(1, Math.abs(whole));
  if (whole >= interval.low - slack && whole <= interval.high + slack) return undefined;
  return `the difference of the runs' means (${Number(whole.toPrecision(4))}) lies outside the interval of the paired items: samples without a pair change the comparison, so it is unpaired`;
}

/** Rounding room when checking that a paired interval holds the difference of the means (sums in another order). */
const COVER_TOLERANCE = 1e-9;

/** Samples of `side` whose item also appears in `other`. */
function countPaired(side: readonly Observation[], other: readonly Observation[]): number {
  const items = new Set(other.map(itemKey));
  return side.filter((o) => items.has(itemKey(o))).length;
}

function finish(
  estimate: MeanEstimate,
  pairs: number,
  pairing: Pairing,
  confidence: number,
  method: DifferenceMethod,
  notes: string[],
): DifferenceOutcome {
  const base = intervalFrom(estimate, confidence, method, notes);
  const n = method.startsWith('paired') ? pairs : pairing.runSamples;
  return {
    ok: true,
    interval: {
      ...base,
      method,
      n,
      pairs,
      runSamples: pairing.runSamples,
      baselineSamples: pairing.baselineSamples,
      pairedShare: pairing.pairedShare,
    },
  };
}
