import { groupBy, mean } from './moments.ts';
import type { Aggregation, Observation } from './types.ts';

/** Relative tolerance for a value reported at full precision (sums in another order differ in the last digits). */
export const RELATIVE_TOLERANCE = 1e-9;

export interface ReproduceResult {
  /**
   * The aggregation whose recomputed value equals the reported one. Null when none does, or when both do at the
   * same precision with different values: then the aggregation would be a guess, and the samples are not used.
   */
  aggregation: Aggregation | null;
  /** Mean over all samples (null without samples). */
  pooled: number | null;
  /** Mean of the per-task means; null with fewer than two tasks (it is then the pooled mean). */
  macro: number | null;
  reported: number;
  /** Decimals the reported value was written with (its shortest round-trip form: 0.85 has 2, 0.8333333333333334 has 16). */
  decimals: number;
  /** `exact`: within RELATIVE_TOLERANCE; `rounded`: the recomputed value rounds to the reported one. Null: no match. */
  match: 'exact' | 'rounded' | null;
  /** One sentence for the summary, made by this code from numbers only. */
  reason: string;
}

/**
 * Reproduce before trusting (issue 16, rule 2): do the samples give the value the run reported? Tries the pooled
 * mean and the mean of the per-task means. A reported value with k ≥ 1 decimals matches a recomputed value that
 * rounds to it (either rounding of a half); otherwise, and always as the stronger match, within 1e-9 relative.
 * An integer (k = 0) must match within 1e-9: `1` is not "0.6 rounded". An exact match beats a rounded one.
 * `observations` are the values of one metric path: one model, and one task when the path names one.
 */
export function reproduce(observations: readonly Observation[], reported: number): ReproduceResult {
  const decimals = decimalsOf(reported);
  if (!Number.isFinite(reported)) {
    return {
      aggregation: null,
      pooled: null,
      macro: null,
      reported,
      decimals,
      match: null,
      reason: 'the reported value is not a finite number',
    };
  }
  if (observations.length === 0) {
    return {
      aggregation: null,
      pooled: null,
      macro: null,
      reported,
      decimals,
      match: null,
      reason: 'no sample has a value for this metric',
    };
  }
  const pooled = mean(observations.map((o) => o.value));
  const macro = macroAverage(observations);
  const pooledMatch = matchKind(pooled, reported, decimals);
  const macroMatch = macro === null ? null : matchKind(macro, reported, decimals);
  const base = { pooled, macro, reported, decimals };
  const chosen = choose(pooledMatch, macroMatch, pooled, macro);
  if (chosen === 'ambiguous') {
    const reason = `both the pooled mean ${show(pooled)} and the mean of the per-task means ${show(macro as number)} match the reported ${show(reported)}, which does not tell how it was aggregated`;
    return { ...base, aggregation: null, match: null, reason };
  }
  if (chosen === null) {
    const macroText = macro === null ? '' : ` nor the mean of the per-task means ${show(macro)}`;
    return {
      ...base,
      aggregation: null,
      match: null,
      reason: `neither the pooled mean ${show(pooled)}${macroText} reproduces the reported ${show(reported)}`,
    };
  }
  const match = (chosen === 'pooled' ? pooledMatch : macroMatch) as 'exact' | 'rounded';
  const value = chosen === 'pooled' ? pooled : (macro as number);
  const what = chosen === 'pooled' ? 'the pooled mean' : 'the mean of the per-task means';
  const how = match === 'exact' ? 'equals' : `rounds to`;
  return { ...base, aggregation: chosen, match, reason: `${what} ${show(value)} ${how} the reported ${show(reported)}` };
}

function choose(
  pooledMatch: 'exact' | 'rounded' | null,
  macroMatch: 'exact' | 'rounded' | null,
  pooled: number,
  macro: number | null,
): Aggregation | 'ambiguous' | null {
  if (pooledMatch === 'exact') return 'pooled';
  if (macroMatch === 'exact') return 'macro';
  if (pooledMatch === 'rounded' && macroMatch === 'rounded') return closeEnough(pooled, macro as number) ? 'pooled' : 'ambiguous';
  if (pooledMatch === 'rounded') return 'pooled';
  if (macroMatch === 'rounded') return 'macro';
  return null;
}

/** Mean of the per-task means, tasks in name order (independent of the order samples arrived in). */
export function macroAverage(observations: readonly Observation[]): number | null {
  const tasks = groupBy(observations, (o) => o.taskId);
  if (tasks.size < 2) return null;
  const taskMeans = [...tasks.keys()].sort().map((task) => mean((tasks.get(task) as Observation[]).map((o) => o.value)));
  return mean(taskMeans);
}

function matchKind(recomputed: number, reported: number, decimals: number): 'exact' | 'rounded' | null {
  // A sum that overflowed is no value: Infinity is "within 1e-9 relative" of any huge reported number.
  if (!Number.isFinite(recomputed)) return null;
  if (closeEnough(recomputed, reported)) return 'exact';
  if (decimals >= 1 && Math.abs(recomputed - reported) <= 0.5 * 10 ** -decimals * (1 + RELATIVE_TOLERANCE)) return 'rounded';
  return null;
}

function closeEnough(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Decimals in the shortest round-trip form of a number: 0.85 → 2, 1.5e-7 → 8, 840 → 0. */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

function show(value: number): string {
  return String(Number(value.toPrecision(6)));
}
