import { formatAge } from '../core/duration.ts';
import type { ScheduleReport } from '../core/result.ts';
import { escapeCell, identifierSpan, table } from './markdown.ts';

/** The "Schedule" section: what the schedule is, and whether it has been doing its job. Every API text is escaped. */
export function renderScheduleSection(schedule: ScheduleReport | undefined): string[] {
  if (!schedule) return [];
  if (!schedule.read) {
    return ['### Schedule', table(['Field', 'Value'], [['Schedule', `${identifierSpan(schedule.id)} (could not be read)`]])];
  }
  const unknown = (field: string) => (schedule.unusable.includes(field) ? 'unknown (unusable value)' : undefined);
  const rows: string[][] = [
    ['Schedule', identifierSpan(schedule.id)],
    ['Name', escapeCell(schedule.name ?? '', 200) || '—'],
    ['Suite', schedule.suite_id ? identifierSpan(schedule.suite_id) : (unknown('suite_id') ?? '—')],
    ['Cadence', cadence(schedule)],
    ['Enabled', schedule.enabled === null ? 'unknown (unusable value)' : schedule.enabled ? 'yes' : '**no**'],
    ['Last run', lastRun(schedule)],
    ['Next run', schedule.next_run_at ?? unknown('next_run_at') ?? 'none planned'],
    ['Max age', schedule.max_age ? escapeCell(schedule.max_age) : 'no limit'],
  ];
  return ['### Schedule', table(['Field', 'Value'], rows)];
}

function cadence(schedule: ScheduleReport): string {
  if (schedule.cron) return `cron ${escapeCell(schedule.cron, 100)} (${escapeCell(schedule.timezone ?? 'UTC', 60)})`;
  if (schedule.interval_seconds) return `every ${formatAge(schedule.interval_seconds * 1000)}`;
  return 'unknown';
}

function lastRun(schedule: ScheduleReport): string {
  if (schedule.unusable.includes('last_run_id')) return 'unknown (unusable last_run_id)';
  if (!schedule.last_run_id) return schedule.waited_for_first_run ? 'none yet (waited for the first run)' : 'never';
  const when = schedule.last_run_at
    ? `${schedule.last_run_at}${schedule.last_run_age_seconds !== null ? ` (${formatAge(schedule.last_run_age_seconds * 1000)} ago)` : ''}`
    : 'at an unknown time';
  const status = schedule.last_run_status ? `, ${escapeCell(schedule.last_run_status, 40)}` : '';
  const waited = schedule.waited_for_first_run ? ' (its first run, waited for)' : '';
  return `${identifierSpan(schedule.last_run_id)} ${when}${status}${waited}`;
}
