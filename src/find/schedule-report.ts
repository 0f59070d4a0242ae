import type { EvalSchedule } from '../api/schedule-model.ts';
import type { ScheduleTarget } from '../core/config.ts';
import type { ScheduleReport } from '../core/result.ts';

export type { ScheduleReport } from '../core/result.ts';

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
