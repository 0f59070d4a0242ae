import type { EvalSchedule } from '../api/schedule-model.ts';
import type { ScheduleTarget } from '../inputs/config.ts';

/** The schedule as the result, result-json and summary report it: times in ISO 8601, unusable values null and named. */
export interface ScheduleReport {
  id: string;
  /** False when the schedule could not be read (the rest is then null). */
  read: boolean;
  name: string | null;
  suite_id: string | null;
  cron: string | null;
  timezone: string | null;
  interval_seconds: number | null;
  enabled: boolean | null;
  last_run_id: string | null;
  last_run_at: string | null;
  last_run_status: string | null;
  next_run_at: string | null;
  /** How long before the check the schedule last ran. */
  last_run_age_seconds: number | null;
  max_age: string | null;
  /** True when the gate waited for the schedule's first run. */
  waited_for_first_run: boolean;
  /** Fields the API sent in a form the gate could not use. */
  unusable: string[];
}

export function unreadScheduleReport(target: ScheduleTarget): ScheduleReport {
  return {
    id: target.scheduleId,
    read: false,
    name: null,
    suite_id: null,
    cron: null,
    timezone: null,
    interval_seconds: null,
    enabled: null,
    last_run_id: null,
    last_run_at: null,
    last_run_status: null,
    next_run_at: null,
    last_run_age_seconds: null,
    max_age: target.maxAge?.text ?? null,
    waited_for_first_run: false,
    unusable: [],
  };
}

const iso = (seconds: number | null | undefined) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null);

export function scheduleReport(schedule: EvalSchedule, target: ScheduleTarget, now: number, waited: boolean): ScheduleReport {
  const unusable = (
    [
      ['suite_id', schedule.suiteId],
      ['enabled', schedule.enabled],
      ['last_run_id', schedule.lastRunId],
      ['last_run_at', schedule.lastRunAt],
      ['next_run_at', schedule.nextRunAt],
    ] as const
  )
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  const lastRunAt = schedule.lastRunAt;
  return {
    ...unreadScheduleReport(target),
    read: true,
    name: schedule.name ?? null,
    suite_id: schedule.suiteId ?? null,
    cron: schedule.cron ?? null,
    timezone: schedule.timezone ?? null,
    interval_seconds: schedule.intervalSeconds ?? null,
    enabled: schedule.enabled ?? null,
    last_run_id: schedule.lastRunId ?? null,
    last_run_at: iso(lastRunAt),
    last_run_status: schedule.lastRunStatus ?? null,
    next_run_at: iso(schedule.nextRunAt),
    last_run_age_seconds: typeof lastRunAt === 'number' ? Math.round(now / 1000 - lastRunAt) : null,
    waited_for_first_run: waited,
    unusable,
  };
}
