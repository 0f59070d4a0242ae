import { ApiProtocolError } from './errors.ts';
import { describeBadId, isValidId } from '../core/ids.ts';
import { RUN_STATUSES, type EvalRun, type RunStatus } from '../core/run.ts';

// The run model lives in core/run.ts; this module parses untrusted answers into it, and names it for its callers.
export { isTerminal, RUN_STATUSES, TERMINAL_STATUSES } from '../core/run.ts';
export type { EvalRun, RequestCounts, RunError, RunStatus } from '../core/run.ts';

export interface RunList {
  object: 'list';
  data: EvalRun[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  /**
   * Items the gate cannot read (a status it does not know, missing counts). Kept apart so that
   * one odd run of a suite does not blind every lookup; the lookup decides if they matter.
   */
  unreadable: UnreadableRun[];
}

export interface UnreadableRun {
  id: string | undefined;
  /** The item's metadata when it is a readable string map, so a lookup can tell whether it could be the run. */
  metadata: Record<string, string> | undefined;
  /** Its `suite_id` and `status` as listed, when text: enough to tell it is not the run asked for. */
  suiteId?: string;
  status?: string;
  /** Id of the readable run listed just before it on its page (undefined: first on the page), to keep its place. */
  after: string | undefined;
  error: ApiProtocolError;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Any whole number: a negative or inconsistent count is judged (inconclusive, naming it), not a reason to keep polling.
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** An optional id field: absent or null is allowed, anything else must be a valid id. */
function checkOptionalId(value: Record<string, unknown>, field: string, problem: (what: string) => ApiProtocolError): void {
  const id = value[field];
  if (id !== undefined && id !== null && !isValidId(id)) throw problem(`has a "${field}" that is ${describeBadId(id)}`);
}

/**
 * Checks the fields the gate decides on. A run that misses them must never be
 * mistaken for a passing one, so anything off is a protocol error (inconclusive).
 */
export function parseRun(value: unknown, endpoint: string): EvalRun {
  const problem = (what: string) => new ApiProtocolError(endpoint, `run ${what}`);
  if (!isObject(value)) throw problem('is not a JSON object');
  if (value.id === undefined || value.id === '') throw problem('has no "id"');
  if (!isValidId(value.id)) throw problem(`has an "id" that is ${describeBadId(value.id)}`);
  const where = `"${value.id}"`;
  checkOptionalId(value, 'suite_id', (what) => problem(`${where} ${what}`));
  checkOptionalId(value, 'suite_version_id', (what) => problem(`${where} ${what}`));
  if (typeof value.status !== 'string') throw problem(`${where} has no "status"`);
  if (!(RUN_STATUSES as readonly string[]).includes(value.status)) {
    throw problem(
      `${where} has unknown status ${/^[a-z_]{1,40}$/.test(value.status) ? `"${value.status}"` : '(not shown)'} (known: ${RUN_STATUSES.join(', ')})`,
    );
  }
  const counts = value.request_counts;
  if (!isObject(counts) || !isCount(counts.total) || !isCount(counts.completed) || !isCount(counts.failed)) {
    throw problem(`${where} has no valid "request_counts" {total, completed, failed}`);
  }
  // Unix seconds; milliseconds or microseconds would sort wrongly and break dates.
  if (typeof value.created_at !== 'number' || !Number.isFinite(value.created_at) || value.created_at < 0 || value.created_at > 1e11) {
    throw problem(`${where} has no "created_at" in unix seconds`);
  }
  const metadata = Object.create(null) as Record<string, string>;
  if (isObject(value.metadata)) {
    for (const [key, raw] of Object.entries(value.metadata)) {
      metadata[key] = typeof raw === 'string' ? raw : JSON.stringify(raw);
    }
  }
  const error = isObject(value.error)
    ? {
        code: typeof value.error.code === 'string' ? value.error.code : undefined,
        message: typeof value.error.message === 'string' ? value.error.message : undefined,
      }
    : typeof value.error === 'string'
      ? { message: value.error }
      : value.error === undefined || value.error === null
        ? null
        : {}; // present but unreadable: still an error, never read as "no error".
  return {
    ...value,
    id: value.id,
    suite_id: isValidId(value.suite_id) ? value.suite_id : '',
    status: value.status as RunStatus,
    models: Array.isArray(value.models) ? value.models.filter((m): m is string => typeof m === 'string') : [],
    request_counts: { total: counts.total, completed: counts.completed, failed: counts.failed },
    metrics: value.metrics ?? null,
    error,
    metadata,
    created_at: value.created_at,
  };
}

export function parseRunList(value: unknown, endpoint: string): RunList {
  if (!isObject(value)) throw new ApiProtocolError(endpoint, 'list response is not a JSON object');
  if (!Array.isArray(value.data)) throw new ApiProtocolError(endpoint, 'list response has no "data" array');
  if (typeof value.has_more !== 'boolean') {
    throw new ApiProtocolError(endpoint, 'list response has no boolean "has_more"');
  }
  const data: EvalRun[] = [];
  const unreadable: UnreadableRun[] = [];
  for (const item of value.data) {
    try {
      data.push(parseRun(item, endpoint));
    } catch (error) {
      if (!(error instanceof ApiProtocolError)) throw error;
      const record = isObject(item) ? item : {};
      unreadable.push({
        id: isValidId(record.id) ? record.id : undefined,
        metadata: stringMap(record.metadata),
        suiteId: typeof record.suite_id === 'string' ? record.suite_id : undefined,
        status: typeof record.status === 'string' ? record.status : undefined,
        after: data.at(-1)?.id,
        error,
      });
    }
  }
  const lastItem: unknown = value.data.at(-1);
  const lastIdRaw = typeof value.last_id === 'string' ? value.last_id : isObject(lastItem) ? lastItem.id : undefined;
  // The cursor goes into the next request's URL: only a valid id may.
  if (value.has_more && lastIdRaw !== undefined && lastIdRaw !== null && lastIdRaw !== '' && !isValidId(lastIdRaw)) {
    throw new ApiProtocolError(endpoint, `list response has a "last_id" that is ${describeBadId(lastIdRaw)}`);
  }
  const lastId = isValidId(lastIdRaw) ? lastIdRaw : null;
  if (value.has_more && !lastId) {
    throw new ApiProtocolError(endpoint, 'list response says "has_more" but gives no "last_id" to continue from');
  }
  return {
    object: 'list',
    data,
    first_id: isValidId(value.first_id) ? value.first_id : (data[0]?.id ?? null),
    last_id: lastId,
    has_more: value.has_more,
    unreadable,
  };
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.assign(Object.create(null), value) as Record<string, string>;
}
