import { describeBadId, isValidId } from '../core/ids.ts';
import { ApiProtocolError } from './errors.ts';

/**
 * One completed sample reduced to what the statistics use (issue 16): where it sits (model, task, item) and the
 * scores of the metrics asked for. Prompts, outputs and every other field are dropped while the page is parsed, so
 * 50,000 samples cost a few MiB however much text they carry.
 */
export interface ScoredSample {
  id: string;
  model: string;
  taskId: string;
  sampleIndex: number;
  /** Only the metric ids asked for; a key is absent when the sample has no such score. No prototype. */
  scores: Record<string, unknown>;
}

export interface ScorePage {
  samples: ScoredSample[];
  /** Items on the page, whatever they held: what the listing claims to have served. */
  listed: number;
  /** Samples left out: not an object, another status, an error, or no model, task or item to place them by. */
  skipped: number;
  /**
   * Of the skipped, those that say they are not a completed sample of this run (another run's, another status, an
   * error): a listing that holds them is not the run's completed samples, and the caller must not trust the rest.
   */
  foreign: number;
  hasMore: boolean;
  /** The cursor for the next page (`last_id`, or the last sample's id). */
  next: string | undefined;
}

/** Longest model or task name used as a key; a longer one is no name the suite declared. */
const MAX_NAME_CHARS = 256;
/** Stand-in for a score that is text (its content is never read: a score sent as text is not a number). */
const TEXT_SCORE = '(text)';
/** Stand-in for a score that is an object or a list. */
const OTHER_SCORE = Object.freeze({});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses one page of `GET /runs/{id}/samples?status=completed`. The envelope and every sample id must be usable
 * (ids go back into the next request's URL); a page longer than `limit` means the server ignored the query and is
 * refused. Samples whose own fields say they are not a completed sample of this run are skipped and counted.
 */
export function parseScorePage(
  value: unknown,
  endpoint: string,
  query: { runId: string; limit: number; metricIds: ReadonlySet<string> },
): ScorePage {
  if (!isObject(value)) throw new ApiProtocolError(endpoint, 'list response is not a JSON object');
  if (!Array.isArray(value.data)) throw new ApiProtocolError(endpoint, 'list response has no "data" array');
  if (value.data.length > query.limit) {
    throw new ApiProtocolError(endpoint, `a page of ${value.data.length} samples, more than the limit of ${query.limit} asked for`);
  }
  const samples: ScoredSample[] = [];
  let skipped = 0;
  let foreign = 0;
  let lastId: string | undefined;
  for (const item of value.data) {
    if (isObject(item) && item.id !== undefined) {
      if (!isValidId(item.id)) throw new ApiProtocolError(endpoint, `a sample id is ${describeBadId(item.id)}`);
      lastId = item.id;
    }
    const sample = isObject(item) ? scoredSample(item, query) : undefined;
    if (sample) samples.push(sample);
    else skipped++;
    if (isObject(item) && !claimsThisRun(item, query.runId)) foreign++;
  }
  const lastIdField = value.last_id;
  if (lastIdField !== undefined && lastIdField !== null && !isValidId(lastIdField)) {
    throw new ApiProtocolError(endpoint, `"last_id" is ${describeBadId(lastIdField)}`);
  }
  return {
    samples,
    listed: value.data.length,
    skipped,
    foreign,
    hasMore: value.has_more === true,
    next: isValidId(lastIdField) ? lastIdField : lastId,
  };
}

/** Whether a listed sample's own fields allow it to be a completed sample of this run (absent fields do). */
function claimsThisRun(item: Record<string, unknown>, runId: string): boolean {
  const { status, run_id: itsRun, error } = item;
  // The status filter is the server's: a sample that says it is something else, or failed, does not count.
  if (status !== undefined && status !== 'completed') return false;
  if (error !== undefined && error !== null) return false;
  return itsRun === undefined || itsRun === runId;
}

function scoredSample(item: Record<string, unknown>, query: { runId: string; metricIds: ReadonlySet<string> }): ScoredSample | undefined {
  const { id, model, task_id: taskId, sample_index: sampleIndex } = item;
  if (!isValidId(id)) return undefined;
  if (!claimsThisRun(item, query.runId)) return undefined;
  if (!isName(model) || !isName(taskId)) return undefined;
  if (typeof sampleIndex !== 'number' || !Number.isSafeInteger(sampleIndex) || sampleIndex < 0) return undefined;
  return { id, model, taskId, sampleIndex, scores: wantedScores(item.scores, query.metricIds) };
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_CHARS;
}

/** The scores asked for, as numbers, booleans or null as sent; text and objects by a stand-in (never parsed). */
function wantedScores(scores: unknown, metricIds: ReadonlySet<string>): Record<string, unknown> {
  const kept = Object.create(null) as Record<string, unknown>;
  if (!isObject(scores)) return kept;
  for (const id of metricIds) {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's.
    if (!Object.hasOwn(scores, id)) continue;
    const value = scores[id];
    kept[id] = typeof value === 'string' ? TEXT_SCORE : typeof value === 'object' && value !== null ? OTHER_SCORE : value;
  }
  return kept;
}
