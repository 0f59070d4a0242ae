import type { ScheduleSpec } from './schedules.ts';
import { scoredMetrics, type ScoreSpec } from './scores.ts';
import type { SuiteSpec } from './suites.ts';

/**
 * How the emulator describes runs: each run is a small timeline, and its status and
 * request_counts at any moment are computed from the time since it appeared.
 */
export type TerminalOutcome = 'completed' | 'failed' | 'cancelled';

export interface RunSpec {
  id?: string;
  suiteId?: string;
  metadata?: Record<string, string>;
  /** Unix seconds. Default: when the run appears, minus `ageSeconds`. */
  createdAt?: number;
  /** Runs created before the emulator started: how long ago (seconds). */
  ageSeconds?: number;
  /** Invisible (404, absent from lists) until this many ms after the emulator starts. */
  appearAfterMs?: number;
  /** Visible only to requests with this X-On-Behalf-Of value. */
  onBehalfOf?: string;
  models?: string[];
  judgeModel?: string | null;
  suiteVersion?: number;
  total?: number;
  /** Failed requests at the end (completed runs) or at the failure (failed runs). */
  failed?: number;
  queuedMs?: number;
  inProgressMs?: number;
  finalizingMs?: number;
  cancellingMs?: number;
  outcome?: TerminalOutcome;
  /** Progress curve while in progress: share processed = (time share)^exponent. 1 is linear; >1 speeds up late. */
  progressExponent?: number;
  /** Share of requests processed when a run fails (outcome `failed`). */
  failAtFraction?: number;
  error?: { code: string; message: string } | null;
  /** Metrics once the run is completed (null before). */
  metrics?: unknown;
  /** Extra or overriding fields returned as is (for malformed-response cases). */
  extra?: Record<string, unknown>;
  /** Failed requests left after each POST /rerun-failed (the last value repeats). Default: 0. */
  rerunFailed?: number[];
  /**
   * Counts the run reports once each rerun is done, over the ones computed from `rerunFailed` (the last repeats): a
   * rerun that changes the total or loses completed requests.
   */
  rerunCounts?: Array<Partial<{ total: number; completed: number; failed: number }>>;
  /** How long a rerun of the failed samples takes. Default 1000 ms. */
  rerunMs?: number;
  /** Task ids the samples cycle through. Default: `qa`. */
  tasks?: string[];
  /**
   * Per-sample scores drawn from a seeded item model (see scores.ts). The run's `metrics`, unless given, are then
   * computed from the scores of the samples completed at the first completion (reruns are not reflected), so the
   * samples reproduce them. Samples are laid out per model:
   * models take turns, items cycle over the tasks, `sample_index` counts items within a task.
   */
  scores?: ScoreSpec;
  /** Fields that replace those of the generated sample with this sample_index (e.g. hostile text). */
  sampleOverrides?: Record<number, Record<string, unknown>>;
  /** Fields overridden only in listings: a stale or inconsistent list page (GET /runs/{id} tells the truth). */
  listView?: Record<string, unknown>;
  /** The run listed again right after itself, with these fields overridden: the same id twice on a page. */
  listCopies?: Record<string, unknown>[];
  /** Fields overridden only in GET /runs/{id} (and cancel): the run read by id says something the listing does not. */
  getView?: Record<string, unknown>;
  /** For `creates`: fields overridden only in the answer to the POST /runs that started the run (an answer that does not match). */
  createView?: Record<string, unknown>;
  /** Listed only this many ms after the run appears (readable by id at once): a listing that lags behind a write. */
  listAfterMs?: number;
  /**
   * Fields the run says differently from a point on, in every view: from `atMs` after it appears, once `afterReruns`
   * reruns were asked for, and/or after it was read by id (GET) `afterReads` times. A run whose suite or metadata
   * changes under a gate that already read it.
   */
  changes?: Array<{ atMs?: number; afterReruns?: number; afterReads?: number; fields: Record<string, unknown> }>;
  /** The schedule that created this run: the newest visible one is the schedule's last run. */
  scheduleId?: string;
}

export type RouteName = 'list' | 'get' | 'cancel' | 'create' | 'rerun' | 'samples' | 'schedule-get' | 'schedule-list' | 'suite-get';

export type FaultKind =
  | 'status'
  | 'reset'
  | 'hang'
  | 'hang-body'
  | 'reset-body'
  | 'bad-json'
  | 'missing-fields'
  | 'unknown-status'
  | 'repeat-cursor'
  | 'echo-key'
  | 'delay'
  | 'oversized-body'
  | 'deep-json'
  | 'huge-page';

export interface FaultRule {
  route: RouteName | 'any';
  kind: FaultKind;
  /** For `status` and `echo-key`. */
  status?: number;
  /** Retry-After header value, seconds or an HTTP-date. */
  retryAfter?: string;
  /**
   * For `status`: Retry-After as the HTTP-date this many ms after the answer, rounded up to a whole second as
   * HTTP-dates are (instead of `retryAfter`). Relative to the request, so a slow client start cannot use it up.
   */
  retryAfterDateMs?: number;
  /** For `status`: a Location header, e.g. for a 301 redirect. */
  location?: string;
  /** For `delay`: ms before the normal answer. */
  delayMs?: number;
  /** For `status` and `bad-json`: the body sent instead of the default one. */
  body?: string;
  /** For `oversized-body`: bytes of (valid) JSON streamed, default 17 MiB; `Infinity` never ends. */
  bytes?: number;
  /** For `deep-json`: total nesting depth of the run object answered (its metrics nest inside it). */
  depth?: number;
  /** For `huge-page`: items on the one listing page answered (small runs of other suites' metadata). */
  items?: number;
  /**
   * On `create` and `rerun` (with `status`, `hang`, `reset`...): the write happens first and only the answer is
   * replaced, as when a gateway times out after the backend committed.
   */
  afterCommit?: boolean;
  /**
   * For `echo-key`: the raw body is wrapped every `wrapAt` characters with `wrapWith` (default a line break), as a
   * gateway that wraps long lines does: the echoed key arrives split.
   */
  wrapAt?: number;
  wrapWith?: string;
  /** Apply only to requests that arrive at or after this emulator time (ms): with `untilMs`, an outage window. */
  fromMs?: number;
  /** Apply only to requests that arrive before this emulator time (ms). */
  untilMs?: number;
  /** Let this many matching requests through first. */
  skip?: number;
  /** Apply to this many matching requests (after `skip`), then behave. Default: all. */
  times?: number;
}

export interface Scenario {
  name?: string;
  description?: string;
  runs: RunSpec[];
  faults?: FaultRule[];
  /** Answer GET /runs/{id} with an ETag and honour If-None-Match. Default true. */
  etags?: boolean;
  /**
   * Timelines for runs started with POST /runs, in order (the last one repeats). Suite, models,
   * judge and metadata come from the request. Default: a 40-request run that completes in 2 s.
   */
  creates?: RunSpec[];
  /** Query filters of GET /runs the server ignores (a faulty deploy or proxy): it lists runs of every suite or status. */
  ignoreFilters?: Array<'suite_id' | 'status'>;
  schedules?: ScheduleSpec[];
  /**
   * Time 0 (when runs appear and advance, and the real time it maps to) is the first request, not the emulator's
   * start: a timeline then does not depend on how long the client took to come up (seconds, for a spawned bundle
   * on a loaded machine). Default false.
   */
  clockStartsAtFirstRequest?: boolean;
  /**
   * Suites that GET /suites/{id} knows besides those the runs and schedules name (e.g. a suite with no run yet,
   * or one visible to one team only). Any other suite id answers 404.
   */
  suites?: SuiteSpec[];
}

export const RUN_STATUSES = ['queued', 'in_progress', 'finalizing', 'completed', 'failed', 'cancelling', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
const TERMINAL = new Set<RunStatus>(['completed', 'failed', 'cancelled']);

export interface RunState {
  spec: RunSpec;
  id: string;
  suiteId: string;
  seq: number;
  /** Emulator ms at which the run appears. */
  appearAt: number;
  createdAt: number;
  cancelRequestedAt: number | undefined;
  /** Each POST /rerun-failed: when, and how many requests had failed then. */
  reruns: Array<{ at: number; failedBefore: number }>;
  /** How many times the run was read by id (GET /runs/{id}), this read included while it is answered. */
  reads?: number;
}

/** The run object as the API returns it, at emulator time `now` (ms since the emulator started). */
export function renderRun(state: RunState, now: number, epochMs: number): Record<string, unknown> {
  const { spec } = state;
  const total = spec.total ?? 100;
  const failedAtEnd = Math.min(spec.failed ?? 0, total);
  const queuedMs = spec.queuedMs ?? 0;
  const inProgressMs = spec.inProgressMs ?? 0;
  const finalizingMs = spec.finalizingMs ?? 0;
  const cancellingMs = spec.cancellingMs ?? 300;
  const outcome = spec.outcome ?? 'completed';
  const t = now - state.appearAt;
  const unix = (ms: number) => Math.floor((epochMs + state.appearAt + ms) / 1000);

  let status: RunStatus;
  let processedShare: number;
  let endedAt: number | undefined;
  const startInProgress = queuedMs;
  const endInProgress = queuedMs + inProgressMs;
  const failShare = outcome === 'failed' ? (spec.failAtFraction ?? 0.5) : 1;

  if (t < startInProgress) {
    status = 'queued';
    processedShare = 0;
  } else if (t < endInProgress) {
    status = 'in_progress';
    processedShare = ((t - startInProgress) / inProgressMs) ** (spec.progressExponent ?? 1) * failShare;
  } else if (outcome === 'failed') {
    status = 'failed';
    processedShare = failShare;
    endedAt = endInProgress;
  } else if (outcome === 'cancelled') {
    status = t < endInProgress + cancellingMs ? 'cancelling' : 'cancelled';
    processedShare = 1;
    if (status === 'cancelled') endedAt = endInProgress + cancellingMs;
  } else {
    status = t < endInProgress + finalizingMs ? 'finalizing' : 'completed';
    processedShare = 1;
    if (status === 'completed') endedAt = endInProgress + finalizingMs;
  }

  // A cancel request (only recorded while the run was unfinished) freezes progress where it was,
  // and outlasts the terminal status the run would have reached on its own afterwards.
  if (
    state.cancelRequestedAt !== undefined &&
    (!TERMINAL.has(status) || (endedAt ?? Infinity) > state.cancelRequestedAt - state.appearAt)
  ) {
    const since = now - state.cancelRequestedAt;
    const frozenT = state.cancelRequestedAt - state.appearAt;
    processedShare =
      frozenT < startInProgress ? 0 : Math.min(failShare, ((frozenT - startInProgress) / Math.max(1, inProgressMs)) * failShare);
    status = since < cancellingMs ? 'cancelling' : 'cancelled';
    endedAt = status === 'cancelled' ? state.cancelRequestedAt - state.appearAt + cancellingMs : undefined;
  }

  const processed = Math.floor(total * Math.min(1, processedShare));
  const failedNow =
    outcome === 'failed'
      ? Math.floor(failedAtEnd * Math.min(1, processedShare / failShare))
      : Math.floor(failedAtEnd * Math.min(1, processedShare));
  const completed = Math.max(0, processed - failedNow);

  const run: Record<string, unknown> = {
    id: state.id,
    object: 'eval.run',
    suite_id: state.suiteId,
    suite_version: spec.suiteVersion ?? 1,
    suite_version_id: state.suiteId.replace('eval_suite_', 'eval_sver_'),
    status,
    models: spec.models ?? ['auto'],
    task_ids: null,
    judge_model: spec.judgeModel === undefined ? 'auto' : spec.judgeModel,
    embedding_model: 'auto',
    generation: { temperature: 0, max_output_tokens: 512 },
    request_counts: { total, completed, failed: failedNow },
    metrics: status === 'completed' ? (spec.metrics ?? scoredMetrics(spec)) : null,
    error: status === 'failed' ? (spec.error ?? { code: 'run_failed', message: 'The eval run failed' }) : null,
    artifact_file_ids: [],
    metadata: spec.metadata ?? {},
    created_at: state.createdAt,
    started_at: t >= startInProgress ? unix(startInProgress) : null,
    completed_at: status === 'completed' && endedAt !== undefined ? unix(endedAt) : null,
    cancelled_at: status === 'cancelled' && endedAt !== undefined ? unix(endedAt) : null,
    failed_at: status === 'failed' && endedAt !== undefined ? unix(endedAt) : null,
    ...spec.extra,
  };
  return run;
}

export function isTerminalStatus(status: unknown): boolean {
  return TERMINAL.has(status as RunStatus);
}

/**
 * The run as the API returns it now, reruns included: after POST /rerun-failed the run is
 * `in_progress` again while the failed samples run, then `completed` with the scenario's new count.
 */
export function renderRunNow(state: RunState, now: number, epochMs: number): Record<string, unknown> {
  const run = renderWithReruns(state, now, epochMs);
  const changed = (state.spec.changes ?? []).filter(
    (change) =>
      (change.atMs === undefined || now - state.appearAt >= change.atMs) &&
      (change.afterReruns === undefined || state.reruns.length >= change.afterReruns) &&
      (change.afterReads === undefined || (state.reads ?? 0) > change.afterReads),
  );
  return changed.reduce((view, change) => ({ ...view, ...change.fields }), run);
}

function renderWithReruns(state: RunState, now: number, epochMs: number): Record<string, unknown> {
  const run = renderRun(state, now, epochMs);
  const last = state.reruns.at(-1);
  if (!last) return run;
  const { spec } = state;
  const total = spec.total ?? 100;
  const index = state.reruns.length - 1;
  const planned = spec.rerunFailed?.[index] ?? spec.rerunFailed?.at(-1) ?? 0;
  const failedAfter = Math.min(planned, last.failedBefore);
  const rerunMs = spec.rerunMs ?? 1000;
  const since = now - last.at;
  if (since < rerunMs) {
    const share = since / rerunMs;
    const fixed = Math.floor((last.failedBefore - failedAfter) * share);
    const failed = Math.floor(failedAfter * share);
    const completed = total - last.failedBefore + fixed;
    return { ...run, status: 'in_progress', request_counts: { total, completed, failed }, metrics: null, completed_at: null };
  }
  const completedAt = Math.floor((epochMs + last.at + rerunMs) / 1000);
  const reported = spec.rerunCounts?.[index] ?? spec.rerunCounts?.at(-1) ?? {};
  return {
    ...run,
    status: 'completed',
    request_counts: { total, completed: total - failedAfter, failed: failedAfter, ...reported },
    completed_at: completedAt,
  };
}
