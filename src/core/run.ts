/**
 * The run model: an eval run as the gate reasons about it, and the plain facts about it that every layer shares.
 * Parsing untrusted answers into this shape is api/models.ts's job; nothing here trusts or checks anything.
 */

export const RUN_STATUSES = ['queued', 'in_progress', 'finalizing', 'cancelling', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export interface RequestCounts {
  total: number;
  completed: number;
  failed: number;
}

export interface RunError {
  code?: string;
  message?: string;
}

/** An eval run as returned by the MKA1 API. Extra fields are kept, never rejected. */
export interface EvalRun {
  id: string;
  object?: string;
  suite_id: string;
  suite_version?: number | null;
  suite_version_id?: string | null;
  status: RunStatus;
  models: string[];
  task_ids?: string[] | null;
  judge_model?: string | null;
  embedding_model?: string | null;
  request_counts: RequestCounts;
  metrics: unknown;
  error: RunError | null;
  metadata: Record<string, string>;
  created_at: number;
  started_at?: number | null;
  completed_at?: number | null;
  cancelled_at?: number | null;
  failed_at?: number | null;
  [extra: string]: unknown;
}

/** `in_progress, 40/100 completed, 2 failed`: the state a log line or a reason reports. */
export function describeRunState(run: EvalRun): string {
  const c = run.request_counts;
  return `${run.status}, ${c.completed}/${c.total} completed, ${c.failed} failed`;
}

/** The counts a rerun is checked against; `failed` is not known when they were read back from a pending status. */
export type CountsBefore = Pick<RequestCounts, 'total' | 'completed'> & { failed?: number };

/**
 * A rerun runs the failed requests again: the run still has as many requests, and none it completed is lost. Counts
 * that say otherwise would make failures disappear (a smaller total, fewer completed), so they are not judged.
 */
export function countsProblem(before: CountsBefore, after: RequestCounts): string | undefined {
  if (after.total === before.total && after.completed >= before.completed) return undefined;
  const say = (c: CountsBefore) => `${c.total} total, ${c.completed} completed${c.failed === undefined ? '' : `, ${c.failed} failed`}`;
  const what = after.total !== before.total ? 'changed the number of requests' : 'lowered the number of completed requests';
  return `${what} (before: ${say(before)}; after: ${say(after)}): a rerun may not make failures disappear, so the counts cannot be trusted`;
}

export type MetadataFilter = Readonly<Record<string, string>>;

export function matchesMetadata(run: Pick<EvalRun, 'metadata'>, filter: MetadataFilter): boolean {
  return Object.entries(filter).every(([key, value]) => Object.hasOwn(run.metadata, key) && run.metadata[key] === value);
}

export function describeFilter(filter: MetadataFilter): string {
  const pairs = Object.entries(filter);
  return pairs.length === 0 ? 'any metadata' : pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}
