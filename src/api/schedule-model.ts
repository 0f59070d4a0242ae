import { ApiProtocolError } from './errors.ts';
import { isValidId } from '../core/ids.ts';

// One id form for every id, from the API or an input (src/core/ids.ts); re-exported for the schedule modules.
export { isValidId };

/** Unix seconds the gate can reason with: 2001-09-09 to 5138. Milliseconds, negatives and NaN are not. */
export function usableUnixSeconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1e9 && value <= 1e11 ? value : undefined;
}

/**
 * A timestamp field of the schedule: `null` when the API says there is none (never ran, nothing
 * planned), `undefined` when it is missing or unusable, so it can never count as recent.
 */
export type ScheduleTime = number | null | undefined;

/** An `eval.schedule`, reduced to what the gate reads. Text fields are untrusted and escaped where shown. */
export interface EvalSchedule {
  id: string;
  name: string | undefined;
  /** Undefined when missing or not a valid id. */
  suiteId: string | undefined;
  suiteVersion: number | null | undefined;
  cron: string | undefined;
  intervalSeconds: number | undefined;
  timezone: string | undefined;
  /** Undefined when the API did not say, as a boolean, whether the schedule is enabled. */
  enabled: boolean | undefined;
  /** null: never ran. Undefined: missing or not a valid id. */
  lastRunId: string | null | undefined;
  lastRunAt: ScheduleTime;
  lastRunStatus: string | null | undefined;
  nextRunAt: ScheduleTime;
  metadata: Record<string, string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function time(value: unknown): ScheduleTime {
  return value === null ? null : usableUnixSeconds(value);
}

/**
 * Reads an `eval.schedule`. Only a body that is not a schedule at all is an error here; fields the
 * verdict depends on are kept as "unknown" (undefined) so the judge can say which one was unusable.
 */
export function parseSchedule(value: unknown, endpoint: string): EvalSchedule {
  const problem = (what: string) => new ApiProtocolError(endpoint, `schedule ${what}`);
  if (!isObject(value)) throw problem('is not a JSON object');
  if (!isValidId(value.id)) throw problem('has no valid "id"');
  if (value.object !== undefined && value.object !== 'eval.schedule') {
    throw problem(`"${value.id}" is not an eval.schedule object`);
  }
  const metadata = Object.create(null) as Record<string, string>;
  if (isObject(value.metadata)) {
    for (const [key, raw] of Object.entries(value.metadata)) metadata[key] = typeof raw === 'string' ? raw : JSON.stringify(raw);
  }
  const interval = value.interval_seconds;
  const version = value.suite_version;
  return {
    id: value.id,
    name: text(value.name),
    suiteId: isValidId(value.suite_id) ? value.suite_id : undefined,
    suiteVersion: version === null ? null : typeof version === 'number' && Number.isInteger(version) ? version : undefined,
    cron: text(value.cron),
    intervalSeconds: typeof interval === 'number' && Number.isInteger(interval) && interval > 0 ? interval : undefined,
    timezone: text(value.timezone),
    enabled: typeof value.enabled === 'boolean' ? value.enabled : undefined,
    lastRunId: value.last_run_id === null ? null : isValidId(value.last_run_id) ? value.last_run_id : undefined,
    lastRunAt: time(value.last_run_at),
    lastRunStatus: value.last_run_status === null ? null : text(value.last_run_status),
    nextRunAt: time(value.next_run_at),
    metadata,
  };
}
