import type { Observation } from './types.ts';

/** Arithmetic mean (NaN for an empty list). Summed in order: the same data always gives the same digits. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample variance with n - 1 in the denominator (two passes, for accuracy). NaN below two values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return sum / (values.length - 1);
}

/** True when every value is exactly 0 or 1 (true/false scores, exact match): the Wilson interval applies. */
export function isBinary(values: readonly number[]): boolean {
  return values.length > 0 && values.every((value) => value === 0 || value === 1);
}

/** True when all values are equal (no spread: a t interval would have no width). */
export function allEqual(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

/** The first value that is not a finite number, if any: guards functions that take raw numbers. */
export function firstNonFinite(values: readonly number[]): number | undefined {
  return values.find((value) => !Number.isFinite(value));
}

/**
 * The key of the item a sample answers: same model, task and sample_index. Several samples with one key are
 * repeats of one item (their values are correlated); a run and its baseline pair on it.
 */
export function itemKey(o: Pick<Observation, 'model' | 'taskId' | 'sampleIndex'>): string {
  return JSON.stringify([o.model, o.taskId, o.sampleIndex]);
}

/** Observations grouped by a key, groups in first-seen order (deterministic). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Values of a list of observations. */
export function valuesOf(observations: readonly Observation[]): number[] {
  return observations.map((o) => o.value);
}
