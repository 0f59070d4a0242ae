/**
 * MKA1 suites in the emulator: `GET /suites/{suite_id}` answers the `eval.suite` object, or 404 when the suite is
 * unknown to the caller's team. The suites are those the scenario declares, and those its runs and schedules name
 * (a suite exists before its first run appears, so a run's `appearAfterMs` does not hide its suite).
 */
import type { IncomingMessage } from 'node:http';
import type { RunState } from './model.ts';
import type { ScheduleSpec } from './schedules.ts';
import type { Answer } from './samples.ts';

export interface SuiteSpec {
  id: string;
  name?: string;
  description?: string | null;
  /** Visible only to requests with this X-On-Behalf-Of value. */
  onBehalfOf?: string;
  /** Extra or overriding fields returned as is (for malformed-response cases). */
  extra?: Record<string, unknown>;
}

export interface SuiteContext {
  suites: SuiteSpec[];
  runs: RunState[];
  schedules: ScheduleSpec[];
  epochMs: number;
}

const DAY_SECONDS = 86_400;

/** The suite id of a `/suites/{id}` path (decoded), or undefined for any other path. */
export function suiteIdOfPath(path: string): string | undefined {
  const match = /^\/api\/v1\/llm\/evals\/suites\/([^/]+)$/.exec(path);
  return match ? decodeURIComponent(match[1] as string) : undefined;
}

/** The suite a request may see: declared for its team (or for everyone), or named by a run or schedule it could see. */
function findSuite(suiteId: string, context: SuiteContext, req: IncomingMessage): SuiteSpec | undefined {
  const team = req.headers['x-on-behalf-of'];
  const visibleTo = (onBehalfOf: string | undefined) => onBehalfOf === undefined || onBehalfOf === team;
  const declared = context.suites.find((suite) => suite.id === suiteId);
  if (declared) return visibleTo(declared.onBehalfOf) ? declared : undefined;
  const named =
    context.runs.some((run) => run.suiteId === suiteId && visibleTo(run.spec.onBehalfOf)) ||
    context.schedules.some((schedule) => (schedule.suiteId ?? 'eval_suite_demo') === suiteId);
  return named ? { id: suiteId } : undefined;
}

/** GET /suites/{suite_id}. */
export function getSuite(suiteId: string, context: SuiteContext, req: IncomingMessage): Answer {
  const suite = findSuite(suiteId, context, req);
  if (!suite) return { status: 404, body: { error: { type: 'not_found', message: `Eval suite ${suiteId} not found` } } };
  const created = Math.floor(context.epochMs / 1000) - 30 * DAY_SECONDS;
  return {
    status: 200,
    body: {
      id: suite.id,
      object: 'eval.suite',
      name: suite.name ?? `Suite ${suite.id}`,
      description: suite.description ?? null,
      active_version_id: suite.id.replace('eval_suite_', 'eval_sver_'),
      metadata: {},
      created_at: created,
      updated_at: created,
      ...suite.extra,
    },
  };
}
