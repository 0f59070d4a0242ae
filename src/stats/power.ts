import { assertConfidence, normalQuantile } from './distributions.ts';

/** Power the smallest detectable regression is quoted at (issue 16, rule 5). */
export const DEFAULT_POWER = 0.8;

/**
 * Smallest detectable regression: (z(1 - (1 - confidence)/2) + z(power)) · se, in the metric's units. A true
 * worsening this large is caught (the interval lies entirely beyond the limit) with probability ≈ `power`.
 */
export function smallestDetectable(se: number, confidence: number, power: number = DEFAULT_POWER): number {
  assertConfidence(confidence);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must lie strictly between 0 and 1, got ${power}`);
  if (!(se >= 0) || !Number.isFinite(se)) throw new RangeError(`standard error must be a finite number ≥ 0, got ${se}`);
  return (normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(power)) * se;
}

/**
 * Samples needed so that the smallest detectable regression shrinks to `allowed`, given that it is `mde` with
 * `n` samples now (the standard error shrinks with the square root of n): ceil(n · (mde / allowed)²), at least n
 * when mde > allowed. Null when no sample size will do: an allowed worsening of 0 (or less) is never detectable.
 * `n` is in the interval's own units (pairs for a paired comparison, samples per run otherwise).
 */
export function samplesNeeded(n: number, mde: number, allowed: number): number | null {
  if (!(allowed > 0)) return null;
  if (!(n > 0) || !(mde >= 0)) throw new RangeError(`samplesNeeded: n must be > 0 and mde ≥ 0, got n=${n}, mde=${mde}`);
  return Math.ceil(n * (mde / allowed) ** 2);
}

/** Whether a worsening of `allowed` is below what the data can reliably detect. */
export function belowDetectable(allowed: number, mde: number): boolean {
  return allowed < mde;
}
