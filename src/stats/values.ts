import type { Observation, ScoreRecord } from './types.ts';

/** Why a per-sample score did not count. */
export type ExclusionReason = 'missing' | 'null' | 'text' | 'non-finite' | 'other';

export interface ExtractedValues {
  observations: Observation[];
  /** How many scores did not count (missing, null, text, non-finite numbers, objects…). */
  excluded: number;
  /** The same, by reason (only reasons that occurred). */
  excludedBy: Partial<Record<ExclusionReason, number>>;
}

/**
 * The per-sample values of one metric (issue 16, rule 1): numbers count, `true`/`false` count as 1/0, anything
 * else (absent, `null`, text, a non-finite number, an object) is excluded and counted. Text is never parsed: a
 * score sent as "0.9" is not a number, as for the run's metrics. Linear in the number of records.
 */
export function extractValues(records: Iterable<ScoreRecord>): ExtractedValues {
  const observations: Observation[] = [];
  const excludedBy: Partial<Record<ExclusionReason, number>> = {};
  let excluded = 0;
  for (const record of records) {
    const value = numericValue(record.value);
    if (typeof value === 'number') {
      observations.push({ model: record.model, taskId: record.taskId, sampleIndex: record.sampleIndex, value });
    } else {
      excluded++;
      excludedBy[value.excluded] = (excludedBy[value.excluded] ?? 0) + 1;
    }
  }
  return { observations, excluded, excludedBy };
}

/** One score as a number, or why it does not count. */
export function numericValue(value: unknown): number | { excluded: ExclusionReason } {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { excluded: 'non-finite' };
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return { excluded: 'missing' };
  if (value === null) return { excluded: 'null' };
  if (typeof value === 'string') return { excluded: 'text' };
  return { excluded: 'other' };
}
