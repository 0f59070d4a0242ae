import { normalCdf, tCdf } from './distributions.ts';
import type { Comparator, Decision, Interval } from './types.ts';

/** Slack of a regression's limit, as in the point comparison (`worse <= limit + 1e-12`): float noise is no regression. */
export const REGRESSION_SLACK = 1e-12;

/** A decision from an interval, with the one-sided p-value of the evidence for failing (for Holm). */
export interface Judgement {
  decision: Decision;
  /**
   * One-sided p-value of "the true value is on the failing side of the limit", from the interval's own reference
   * (t with its df; Wilson: the score test it inverts). Below (1-confidence)/2 exactly when the decision is `fail`
   * (up to rounding at the boundary). A zero-width interval gives 0 when it fails and 1 otherwise.
   */
  pValue: number;
}

/**
 * A threshold judged by its interval (issue 16, rule 6): `fail` when the whole interval lies on the wrong side of
 * the limit, `pass` when it lies wholly on the right side, otherwise `uncertain`. `==` passes only a zero-width
 * interval at the limit and fails one that excludes it; its p-value is the smaller one-sided one.
 */
export function decideThreshold(interval: Interval, comparator: Comparator, limit: number): Judgement {
  if (!Number.isFinite(limit)) throw new RangeError(`limit must be a finite number, got ${limit}`);
  const { low, high } = interval;
  let decision: Decision;
  switch (comparator) {
    case '>=':
      decision = low >= limit ? 'pass' : high < limit ? 'fail' : 'uncertain';
      break;
    case '>':
      decision = low > limit ? 'pass' : high <= limit ? 'fail' : 'uncertain';
      break;
    case '<=':
      decision = high <= limit ? 'pass' : low > limit ? 'fail' : 'uncertain';
      break;
    case '<':
      decision = high < limit ? 'pass' : low >= limit ? 'fail' : 'uncertain';
      break;
    case '==':
      decision = low === limit && high === limit ? 'pass' : limit < low || limit > high ? 'fail' : 'uncertain';
      break;
  }
  if (interval.zeroWidth) return { decision, pValue: decision === 'fail' ? 0 : 1 };
  const below = pValueBelow(interval, limit);
  const above = pValueAbove(interval, limit);
  const pValue = comparator === '>=' || comparator === '>' ? below : comparator === '==' ? Math.min(below, above) : above;
  return { decision, pValue };
}

/**
 * A regression criterion ("worsens by at most `allowed`") judged by the interval of the delta (run minus
 * baseline, metric units). Higher is better: the worse direction is negative, `fail` when the whole interval lies
 * below -allowed, `pass` when it lies wholly at or above it. Lower is better flips the direction (limit +allowed).
 * `allowed` is in metric units (a percent rule is converted by the caller from the reported baseline value).
 */
export function decideRegression(interval: Interval, allowed: number, lowerIsBetter: boolean): Judgement {
  if (!Number.isFinite(allowed) || allowed < 0) throw new RangeError(`allowed worsening must be a finite number ≥ 0, got ${allowed}`);
  const limit = allowed + REGRESSION_SLACK;
  // Worsening of the true value (positive = worse): the interval of the delta, oriented.
  const leastWorse = lowerIsBetter ? interval.low : -interval.high;
  const mostWorse = lowerIsBetter ? interval.high : -interval.low;
  const decision: Decision = mostWorse <= limit ? 'pass' : leastWorse > limit ? 'fail' : 'uncertain';
  if (interval.zeroWidth) return { decision, pValue: decision === 'fail' ? 0 : 1 };
  const pValue = lowerIsBetter ? pValueAbove(interval, limit) : pValueBelow(interval, -limit);
  return { decision, pValue };
}

/** One-sided p-value for "the true value is below `limit`" (small when the interval lies below it). */
export function pValueBelow(interval: Interval, limit: number): number {
  if (interval.method === 'wilson') return wilsonScoreP(interval, limit, 'below');
  if (interval.se === 0) return interval.estimate < limit ? 0 : 1;
  return tCdf((interval.estimate - limit) / interval.se, interval.df);
}

/** One-sided p-value for "the true value is above `limit`" (small when the interval lies above it). */
export function pValueAbove(interval: Interval, limit: number): number {
  if (interval.method === 'wilson') return wilsonScoreP(interval, limit, 'above');
  if (interval.se === 0) return interval.estimate > limit ? 0 : 1;
  return tCdf((limit - interval.estimate) / interval.se, interval.df);
}

/**
 * The score test the Wilson interval inverts: z = (p̂ - L) / sqrt(L(1-L)/n). The limit lies outside the Wilson
 * interval exactly when this one-sided p-value is below (1 - confidence)/2. A limit at or beyond 0 or 1 has no
 * variance under it: one observed value on the far side of it (p̂ beyond the limit) is then proof, none is no evidence.
 */
function wilsonScoreP(interval: Interval, limit: number, side: 'below' | 'above'): number {
  const p = interval.estimate;
  if (limit <= 0 || limit >= 1) return (side === 'below' ? p < limit : p > limit) ? 0 : 1;
  const z = (p - limit) / Math.sqrt((limit * (1 - limit)) / interval.n);
  return side === 'below' ? normalCdf(z) : normalCdf(-z);
}

/** What an uncertain decision counts as, per the `uncertain` input (issue 16): pass, fail or inconclusive. */
export function applyUncertain(decision: Decision, uncertain: 'pass' | 'fail' | 'inconclusive'): 'pass' | 'fail' | 'inconclusive' {
  return decision === 'uncertain' ? uncertain : decision;
}

/**
 * Whether the interval supports a point verdict (for `noise: report`): a point pass needs an interval `pass`, a
 * point fail an interval `fail`. A criterion whose point verdict is not supported is "within noise".
 */
export function supportsPoint(pointPassed: boolean, decision: Decision): boolean {
  return pointPassed ? decision === 'pass' : decision === 'fail';
}
