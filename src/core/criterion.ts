/** One row of the criteria table: what was measured, what was allowed, and whether it held. */
export interface Criterion {
  name: string;
  actual: string;
  allowed: string;
  passed: boolean;
  /** How to say this criterion's failure in the one-line reason, when "name: actual, allowed X" reads badly. */
  failure?: string;
  /**
   * Noise (issue 16): one entry per metric path a threshold or regression criterion judged, with the interval behind
   * its verdict. Absent with `noise: off` and on criteria that judge no metric. Keys in snake_case, as in result-json.
   */
  statistics?: MetricStatistics[];
  /** Noise: the verdict is not supported by the intervals (they straddle the limit): shown as "within noise". */
  within_noise?: boolean;
  /** `noise: gate` with `uncertain: inconclusive`: neither passed nor failed; the gate is then inconclusive. */
  inconclusive?: boolean;
}

/**
 * The uncertainty of one metric path's verdict. For a threshold the estimate is the metric's value; for a regression
 * the change, run minus baseline, in the metric's units. With `basis: "reported"` no interval could be trusted (the
 * samples could not be read or do not reproduce the reported value): the point value decides, `low`, `high` and `n`
 * are null, and `note` says why.
 */
export interface MetricStatistics {
  path: string;
  basis: 'samples' | 'reported';
  estimate: number;
  low: number | null;
  high: number | null;
  /** Two-sided confidence of the interval. */
  confidence: number;
  /** Samples (or items, for repeats) behind a value; pairs for a paired difference; the run's samples for Welch. */
  n: number | null;
  /** How the interval was computed (`t`, `wilson`, `cluster`, `stratified`, `paired-t`, `welch-unpaired`, …) or `reported`. */
  method: string;
  /** The verdict on this path is within noise: its interval straddles the limit. */
  uncertain: boolean;
  /** Smallest detectable regression (80% power), in metric units: regressions with samples only, else null. */
  mde: number | null;
  /** Why the reported value decided, or what else a reader should know (repeats, unpaired). Code-made text. */
  note: string | null;
}
