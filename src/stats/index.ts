/**
 * Statistics for the noise gate (issue 16): per-sample values, reproducing a reported metric, confidence
 * intervals for a value and for a difference, the smallest detectable regression, decisions from intervals and
 * Holm-Bonferroni across a gate. Pure and deterministic: no I/O, no randomness, nothing else from src/ imported.
 */
export type {
  Aggregation,
  Comparator,
  Decision,
  DifferenceMethod,
  Interval,
  IntervalMethod,
  IntervalOutcome,
  Observation,
  ScoreRecord,
  ValueMethod,
} from './types.ts';
export { extractValues, numericValue, type ExclusionReason, type ExtractedValues } from './values.ts';
export { decimalsOf, macroAverage, reproduce, RELATIVE_TOLERANCE, type ReproduceResult } from './reproduce.ts';
export { clusterInterval, stratifiedInterval, tInterval, valueInterval, wilsonInterval } from './intervals.ts';
export {
  differenceInterval,
  MIN_PAIRED_SHARE,
  pairedInterval,
  pairObservations,
  welchInterval,
  type DifferenceInterval,
  type DifferenceOutcome,
  type Pair,
  type Pairing,
} from './difference.ts';
export { DEFAULT_POWER, belowDetectable, samplesNeeded, smallestDetectable } from './power.ts';
export { applyUncertain, decideRegression, decideThreshold, pValueAbove, pValueBelow, supportsPoint, type Judgement } from './decide.ts';
export { holmAlpha, holmBonferroni, type HolmInput, type HolmOutput } from './holm.ts';
export { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.ts';
