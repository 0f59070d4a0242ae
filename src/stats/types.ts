/**
 * Shared vocabulary of the statistics library (issue 16). Everything here is plain data: the library is pure
 * (no I/O, no clock, no randomness) and deterministic, so the same samples always give the same numbers.
 */

/** One per-sample score as the caller read it (already filtered to one metric, completed samples, model and task). */
export interface ScoreRecord {
  model: string;
  taskId: string;
  sampleIndex: number;
  /** `scores[<metric id>]` as the API sent it: untrusted, any JSON value or undefined when absent. */
  value: unknown;
}

/** A per-sample value that counts: a finite number (true/false already turned into 1/0). */
export interface Observation {
  model: string;
  taskId: string;
  sampleIndex: number;
  value: number;
}

/** How the run's reported value aggregates its samples: over all samples, or the mean of the per-task means. */
export type Aggregation = 'pooled' | 'macro';

/** How an interval for one value was computed. */
export type ValueMethod = 't' | 'wilson' | 'cluster' | 'stratified' | 'stratified-cluster';

/** How an interval for a difference (run minus baseline) was computed. */
export type DifferenceMethod = 'paired-t' | 'paired-stratified' | 'welch-unpaired' | 'welch-stratified';

export type IntervalMethod = ValueMethod | DifferenceMethod;

/**
 * A two-sided confidence interval around an estimate.
 * `se` and `df` describe the reference distribution the interval was built from (`df` = Infinity: normal), so
 * tests and the smallest detectable regression use the same numbers as the interval.
 */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Two-sided confidence, e.g. 0.95. */
  confidence: number;
  /** Standard error of the estimate. For Wilson: sqrt(p(1-p)/n) at the estimate. */
  se: number;
  /** Degrees of freedom of the t reference; Infinity for normal-based intervals (Wilson). */
  df: number;
  /** Observations behind it: samples (t, wilson), items (cluster), pairs (paired), samples of the run (unpaired). */
  n: number;
  method: IntervalMethod;
  /**
   * True when the data showed no spread at all (every value, or every difference, equal), so the interval has no
   * width. Its decision is then the point estimate's decision: never greener than comparing the point value.
   */
  zeroWidth: boolean;
  /** Plain-language notes for the summary (clusters found, pairs dropped, zero width). Code-made text only. */
  notes: string[];
}

/** An interval, or why none could be computed (too few values, a task with one sample…): then judge the point value. */
export type IntervalOutcome = { ok: true; interval: Interval } | { ok: false; n: number; reason: string };

/** A verdict of one entry from its interval. `uncertain`: the interval straddles the limit. */
export type Decision = 'pass' | 'fail' | 'uncertain';

/** Threshold comparators, as in the `thresholds` input. */
export type Comparator = '>=' | '>' | '<=' | '<' | '==';
