/**
 * Quantiles and CDFs of the t and normal distributions, from @stdlib's per-distribution packages.
 *
 * Why a library and not a hand-rolled approximation: the t quantile needs the inverse regularized incomplete
 * beta function, and every verdict of the noise gate hangs on it. A short approximation (Hill, Cornish-Fisher)
 * drifts at small df and in the tails (confidence 0.999), exactly where a wrong digit flips a decision; stdlib's
 * implementations are ports of Boost/Cephes, tested against them, and small (a few kB each once bundled).
 */
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal quantile: the z with P(Z ≤ z) = p. `p` in (0, 1). */
export function normalQuantile(p: number): number {
  assertProbability(p);
  return normalQuantileImpl(p, 0, 1);
}

/** Standard normal CDF: P(Z ≤ x). ±Infinity give 0 and 1. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('normalCdf: x is NaN');
  return normalCdfImpl(x, 0, 1);
}

/**
 * Student t quantile with `df` degrees of freedom: the t with P(T ≤ t) = p. `df` = Infinity is the normal
 * distribution (used for intervals built on a normal approximation).
 */
export function tQuantile(p: number, df: number): number {
  assertProbability(p);
  assertDf(df);
  return df === Infinity ? normalQuantileImpl(p, 0, 1) : tQuantileImpl(p, df);
}

/** Student t CDF: P(T ≤ x) with `df` degrees of freedom (Infinity: normal). ±Infinity give 0 and 1. */
export function tCdf(x: number, df: number): number {
  if (Number.isNaN(x)) throw new RangeError('tCdf: x is NaN');
  assertDf(df);
  return df === Infinity ? normalCdfImpl(x, 0, 1) : tCdfImpl(x, df);
}

/** The two-sided critical value of a confidence level: the quantile at 1 - (1 - confidence) / 2. */
export function twoSidedCritical(confidence: number, df: number): number {
  assertConfidence(confidence);
  return tQuantile(1 - (1 - confidence) / 2, df);
}

/** A confidence level must lie strictly between 0 and 1 (a programming error otherwise: inputs are validated upstream). */
export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
}

function assertProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must lie strictly between 0 and 1, got ${p}`);
}

function assertDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}
