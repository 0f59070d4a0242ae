/**
 * MKA1 schedules in the emulator: `GET /schedules/{id}` and `GET /schedules`, with the documented
 * `eval.schedule` shape. A schedule's last run is the newest visible run that names it
 * (`RunSpec.scheduleId`), so a run appearing later is the schedule firing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderRun, type RunState } from './model.ts';
import type { RecordedRequest } from './server.ts';

export interface ScheduleSpec {
  /** `eval_sched_<32 hex>` in the real API. */
  id: string;
  name?: string;
  description?: string | null;
  suiteId?: string;
  suiteVersion?: number | null;
  /** A cron schedule fires daily in the emulator; set `intervalSeconds` for an interval schedule instead. */
  cron?: string;
  intervalSeconds?: number;
  timezone?: string;
  enabled?: boolean;
  overlapPolicy?: 'skip' | 'buffer_one' | 'allow_all';
  metadata?: Record<string, string>;
  /** next_run_at while it has never run: ms after the emulator starts (default: none planned). */
  firstRunAfterMs?: number;
  /** Seconds before the emulator started that the schedule was created (default one week). */
  createdAgoSeconds?: number;
  /** Extra or overriding fields returned as is (for malformed-response cases). */
  extra?: Record<string, unknown>;
}

export interface ScheduleContext {
  schedules: ScheduleSpec[];
  runs: RunState[];
  elapsed: () => number;
  epochMs: number;
  visible: (state: RunState, req: IncomingMessage) => boolean;
}

const PREFIX = '/api/v1/llm/evals/schedules';
const DAY_SECONDS = 86_400;

export function isSchedulePath(path: string): boolean {
  return path === PREFIX || path === `${PREFIX}/` || /^\/api\/v1\/llm\/evals\/schedules\/[^/]+$/.test(path);
}

/** The schedule as the API returns it now. */
export function renderSchedule(spec: ScheduleSpec, context: ScheduleContext, req: IncomingMessage): Record<string, unknown> {
  const now = context.elapsed();
  const suiteId = spec.suiteId ?? 'eval_suite_demo';
  const last = context.runs
    .filter((state) => state.spec.scheduleId === spec.id && context.visible(state, req))
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)[0];
  const enabled = spec.enabled ?? true;
  const startUnix = Math.floor(context.epochMs / 1000);
  const period = spec.intervalSeconds ?? DAY_SECONDS;
  let nextRunAt: number | null = null;
  if (enabled && last) nextRunAt = last.createdAt + period;
  else if (enabled && spec.firstRunAfterMs !== undefined) nextRunAt = Math.floor((context.epochMs + spec.firstRunAfterMs) / 1000);
  const created = startUnix - (spec.createdAgoSeconds ?? 7 * DAY_SECONDS);
  return {
    id: spec.id,
    object: 'eval.schedule',
    name: spec.name ?? 'Nightly eval',
    description: spec.description ?? null,
    suite_id: suiteId,
    suite_version: spec.suiteVersion ?? null,
    cron: spec.intervalSeconds === undefined ? (spec.cron ?? '30 3 * * *') : null,
    interval_seconds: spec.intervalSeconds ?? null,
    timezone: spec.timezone ?? 'UTC',
    overlap_policy: spec.overlapPolicy ?? 'skip',
    enabled,
    webhook_url: null,
    webhook_configured: false,
    run: { models: ['auto'], generation: { temperature: 0, max_output_tokens: 512 } },
    metadata: spec.metadata ?? {},
    last_run_id: last?.id ?? null,
    last_run_at: last?.createdAt ?? null,
    last_run_status: last ? renderRun(last, now, context.epochMs).status : null,
    next_run_at: nextRunAt,
    created_at: created,
    updated_at: Math.max(created, last?.createdAt ?? created),
    ...spec.extra,
  };
}

/** Answers both schedule routes, recording the status given. */
export function handleSchedules(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  record: RecordedRequest,
  context: ScheduleContext,
): void {
  const id = url.pathname.startsWith(`${PREFIX}/`) ? decodeURIComponent(url.pathname.slice(PREFIX.length + 1)) : '';
  if (id) {
    const spec = context.schedules.find((s) => s.id === id);
    if (!spec) return answer(res, record, 404, { error: { type: 'not_found', message: `Eval schedule ${id} not found` } });
    return answer(res, record, 200, renderSchedule(spec, context, req));
  }
  const invalid = (message: string) => answer(res, record, 400, { error: { type: 'invalid_request', message } });
  const limitText = url.searchParams.get('limit') ?? '20';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) return invalid(`limit must be an integer from 1 to 100, got "${limitText}"`);
  const enabled = url.searchParams.get('enabled');
  if (enabled !== null && enabled !== 'true' && enabled !== 'false') return invalid('enabled must be true or false');
  const suiteId = url.searchParams.get('suite_id');
  const rows = context.schedules
    .map((spec) => renderSchedule(spec, context, req))
    .filter((s) => (suiteId === null || s.suite_id === suiteId) && (enabled === null || String(s.enabled) === enabled))
    // Newest first, as lists are.
    .sort((a, b) => (b.created_at as number) - (a.created_at as number));
  const after = url.searchParams.get('after');
  let start = 0;
  if (after !== null) {
    const index = rows.findIndex((s) => s.id === after);
    if (index < 0) return invalid(`after: no schedule "${after}" in this listing`);
    start = index + 1;
  }
  const data = rows.slice(start, start + limit);
  answer(res, record, 200, {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < rows.length,
  });
}

function answer(res: ServerResponse, record: RecordedRequest, status: number, body: unknown): void {
  record.answer = String(status);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
