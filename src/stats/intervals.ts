import { assertConfidence, normalQuantile, tQuantile } from './distributions.ts';
import { clusterMean, hasRepeats, simpleMean, stratifiedMean, type EstimateOutcome, type MeanEstimate } from './estimators.ts';
import { allEqual, firstNonFinite, isBinary, itemKey } from './moments.ts';
import type { Aggregation, Interval, IntervalMethod, IntervalOutcome, Observation } from './types.ts';

/** estimate ± t(1 - (1 - confidence)/2, df) · se, from a mean estimate. */
export function intervalFrom(e: MeanEstimate, confidence: number, method: IntervalMethod, notes: string[] = []): Interval {
  assertConfidence(confidence);
  const se = Math.sqrt(e.variance);
  // A variance or mean that overflowed has no interval: NaN bounds, which `withinRange` turns into none.
  const half = se === 0 ? 0 : Number.isFinite(se) && Number.isFinite(e.estimate) ? tQuantile(1 - (1 - confidence) / 2, e.df) * se : NaN;
  const allNotes = e.zeroSpread ? [...notes, ZERO_WIDTH_NOTE] : notes;
  return {
    estimate: e.estimate,
    low: e.estimate - half,
    high: e.estimate + half,
    confidence,
    se,
    df: e.df,
    n: e.n,
    method,
    zeroWidth: half === 0,
    notes: allNotes,
  };
}

export const ZERO_WIDTH_NOTE =
  'no spread in the data (every value, or every difference, is the same): the interval has no width and the verdict is the point value’s';

/** Student t interval of the mean of independent values (df = n - 1). Needs two finite values. */
export function tInterval(values: readonly number[], confidence: number): IntervalOutcome {
  const bad = firstNonFinite(values);
  if (bad !== undefined) return { ok: false, n: values.length, reason: `a value is not a finite number (${bad})` };
  return wrap(simpleMean(values), confidence, 't');
}

/**
 * Wilson score interval for a proportion: `successes` of `n` 0/1 values. It stays inside [0, 1] and keeps a
 * width when every value is 0 or every value is 1 (where a t interval would claim certainty).
 * center = (p + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²).
 */
export function wilsonInterval(successes: number, n: number, confidence: number): IntervalOutcome {
  assertConfidence(confidence);
  if (!Number.isInteger(n) || !Number.isInteger(successes) || successes < 0 || successes > n) {
    return { ok: false, n, reason: `not a proportion: ${successes} of ${n}` };
  }
  if (n < 2) return { ok: false, n, reason: `${n} value${n === 1 ? '' : 's'}: an interval needs at least 2` };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const notes = successes === 0 || successes === n ? [`all ${n} values are ${successes === 0 ? 0 : 1}`] : [];
  return {
    ok: true,
    interval: {
      estimate: p,
      // With no success (or no failure) the bound is 0 (or 1) exactly; rounding would leave ±1e-17.
      low: successes === 0 ? 0 : Math.max(0, center - half),
      high: successes === n ? 1 : Math.min(1, center + half),
      confidence,
      se: Math.sqrt((p * (1 - p)) / n),
      df: Infinity,
      n,
      method: 'wilson',
      zeroWidth: false,
      notes,
    },
  };
}

/** Interval of a pooled mean whose samples repeat items (same model, task, sample_index): cluster-robust, df = items - 1. */
export function clusterInterval(observations: readonly Observation[], confidence: number): IntervalOutcome {
  const outcome = clusterMean(observations);
  if (!outcome.ok) return outcome;
  const e = outcome.estimate;
  return { ok: true, interval: intervalFrom(e, confidence, 'cluster', [`${e.n} samples of ${e.units} items`]) };
}

/** Interval of a macro average (mean of the per-task means) with the stratified standard error over tasks. */
export function stratifiedInterval(observations: readonly Observation[], confidence: number): IntervalOutcome {
  const outcome = stratifiedMean(observations);
  if (!outcome.ok) return outcome;
  const e = outcome.estimate;
  const notes = e.clustered ? [`${e.n} samples of ${e.units} items`] : [];
  return { ok: true, interval: intervalFrom(e, confidence, e.clustered ? 'stratified-cluster' : 'stratified', notes) };
}

/**
 * The interval for a metric's value (thresholds, issue 16 rule 3), chosen by how the run aggregated its samples:
 * a macro average → stratified; a pooled mean of repeated items → cluster-robust; of 0/1 values → Wilson;
 * otherwise → t. 0/1 values that are all equal get a Wilson interval over the items whatever the aggregation (every
 * other estimate of their spread is 0). Pass the values of one model (a macro average is over its tasks). `observations` are the values of one metric path (see `extractValues`).
 */
export function valueInterval(
  observations: readonly Observation[],
  options: { aggregation: Aggregation; confidence: number },
): IntervalOutcome {
  return withinRange(chooseValueInterval(observations, options));
}

/**
 * An interval is only as good as its arithmetic: values so large that their sum or their spread overflows give an
 * infinite (or NaN) estimate, bound or standard error. Such an interval would straddle every limit, "within noise"
 * whatever the data say; none is given, so the point value decides.
 */
export function withinRange<T extends IntervalOutcome>(outcome: T): T | { ok: false; n: number; reason: string } {
  if (!outcome.ok) return outcome;
  const { estimate, low, high, se, n } = outcome.interval;
  if ([estimate, low, high, se].every(Number.isFinite)) return outcome;
  return { ok: false, n, reason: 'the values are too large to compute with (their mean or spread overflows)' };
}

function chooseValueInterval(
  observations: readonly Observation[],
  options: { aggregation: Aggregation; confidence: number },
): IntervalOutcome {
  const bad = firstNonFinite(observations.map((o) => o.value));
  if (bad !== undefined) return { ok: false, n: observations.length, reason: `a value is not a finite number (${bad})` };
  const constant = constantBinary(observations, options.confidence);
  if (constant) return constant;
  if (options.aggregation === 'macro') return stratifiedInterval(observations, options.confidence);
  if (hasRepeats(observations)) return clusterInterval(observations, options.confidence);
  const values = observations.map((o) => o.value);
  if (isBinary(values)) return wilsonInterval(values.filter((v) => v === 1).length, values.length, options.confidence);
  return tInterval(values, options.confidence);
}

/**
 * 0/1 values that are all equal (every answer right, or every one wrong): the pooled mean, the macro average and
 * the cluster mean are all that value, and every variance estimate is 0. A zero-width interval would claim
 * certainty from, say, 30 correct answers; the Wilson interval over the items (the independent units) does not.
 */
function constantBinary(observations: readonly Observation[], confidence: number): IntervalOutcome | undefined {
  const values = observations.map((o) => o.value);
  if (!isBinary(values) || !allEqual(values)) return undefined;
  const items = new Set(observations.map(itemKey)).size;
  const outcome = wilsonInterval(values[0] === 1 ? items : 0, items, confidence);
  if (outcome.ok && items < values.length) outcome.interval.notes.push(`${values.length} samples of ${items} items: counted by item`);
  return outcome;
}

function wrap(outcome: EstimateOutcome, confidence: number, method: IntervalMethod): IntervalOutcome {
  return outcome.ok ? { ok: true, interval: intervalFrom(outcome.estimate, confidence, method) } : outcome;
}
