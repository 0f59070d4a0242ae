import type { EvalSchedule } from '../api/schedule-model.ts';
import type { ScheduleTarget } from '../core/config.ts';
import { formatAge, formatDuration } from '../core/duration.ts';
import { oneLine } from '../safety/one-line.ts';

/** A first run this late is not "about to happen": the schedule is not firing. */
export const FIRST_RUN_GRACE_MS = 15 * 60_000;
/** Clocks differ a little; a last_run_at further ahead than this is not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** What the schedule says about the run to gate. */
export type ScheduleVerdict =
  { kind: 'gate'; runId: string } | { kind: 'wait'; delayMs: number; note: string } | { kind: 'fail' | 'inconclusive'; reason: string };

export interface ScheduleJudgeContext {
  target: ScheduleTarget;
  now: number;
  /** Watching stops here: a first run due later cannot be gated. */
  deadline: number;
  timeoutMs: number;
  pollIntervalMs: number;
}

/** Untrusted text for a log line or a reason: one line, no control characters, bounded. Redacted by the caller. */
export function oneLineText(text: string, maxChars = 100): string {
  return oneLine(text, { flatten: 'controls', trim: true, maxChars });
}

/** `schedule Nightly MMLU` (its name when it has one, else its id). */
export function scheduleLabel(schedule: Pick<EvalSchedule, 'id' | 'name'>): string {
  return `schedule ${schedule.name ? oneLineText(schedule.name) : schedule.id}`;
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * Decides from one reading of the schedule: gate its last run, wait for its first one, or stop.
 * Nothing unchecked leads to a run being gated: an unusable field is inconclusive, a schedule
 * that is off, stale or never ran is a failure.
 */
export function judgeSchedule(schedule: EvalSchedule, context: ScheduleJudgeContext): ScheduleVerdict {
  const label = scheduleLabel(schedule);
  const given = context.target.suiteId;
  if (!schedule.suiteId) {
    return { kind: 'inconclusive', reason: `${label} does not say which suite it runs (no valid suite_id), so its runs cannot be checked` };
  }
  if (given && schedule.suiteId !== given) {
    return { kind: 'fail', reason: `${label} runs suite ${schedule.suiteId}, not the suite-id given (${given})` };
  }
  if (schedule.enabled === undefined) {
    return { kind: 'inconclusive', reason: `${label} does not say whether it is enabled (no boolean "enabled")` };
  }
  const lastRan = describeLastRun(schedule, context.now);
  if (!schedule.enabled) return { kind: 'fail', reason: `${label} is disabled (enabled: false), so it no longer runs; ${lastRan}` };
  if (schedule.lastRunId === undefined) {
    return { kind: 'inconclusive', reason: `${label} gives no usable last_run_id, so its last run cannot be read` };
  }
  if (schedule.lastRunId === null) return judgeFirstRun(schedule, context);
  const stale = judgeAge(schedule, context);
  return stale ?? { kind: 'gate', runId: schedule.lastRunId };
}

function describeLastRun(schedule: EvalSchedule, now: number): string {
  if (schedule.lastRunId === null) return 'it has never run';
  if (typeof schedule.lastRunAt !== 'number') return 'when it last ran is unknown';
  return `it last ran ${formatAge(now - schedule.lastRunAt * 1000)} ago`;
}

/** Never ran: wait for the first run only when it is due before the gate stops watching. */
function judgeFirstRun(schedule: EvalSchedule, context: ScheduleJudgeContext): ScheduleVerdict {
  const label = scheduleLabel(schedule);
  const next = schedule.nextRunAt;
  if (typeof next !== 'number') {
    const why = next === null ? 'no next run planned' : 'no usable next_run_at';
    return { kind: 'fail', reason: `${label} has never run, and has ${why}` };
  }
  const dueMs = next * 1000;
  if (dueMs > context.deadline) {
    return {
      kind: 'fail',
      reason:
        `${label} has never run, and its first run (due at ${iso(next)}, in ${formatAge(dueMs - context.now)}) ` +
        `would come after the timeout (${formatDuration(context.timeoutMs)})`,
    };
  }
  if (context.now > dueMs + FIRST_RUN_GRACE_MS) {
    return {
      kind: 'fail',
      reason: `${label} has never run, although its first run was due ${formatAge(context.now - dueMs)} ago (${iso(next)})`,
    };
  }
  const untilDue = dueMs - context.now;
  return {
    kind: 'wait',
    delayMs: Math.max(context.pollIntervalMs, untilDue),
    note: untilDue > 0 ? `its first run is due in ${formatAge(untilDue)} (${iso(next)})` : `its first run was due at ${iso(next)}`,
  };
}

/** With `max-age`: how long ago the schedule last ran must be known, believable, and within it. */
function judgeAge(schedule: EvalSchedule, context: ScheduleJudgeContext): ScheduleVerdict | undefined {
  const maxAge = context.target.maxAge;
  if (!maxAge) return undefined;
  const label = scheduleLabel(schedule);
  const at = schedule.lastRunAt;
  if (typeof at !== 'number') {
    return { kind: 'inconclusive', reason: `${label} gives no usable last_run_at, so max-age (${maxAge.text}) cannot be checked` };
  }
  const ageMs = context.now - at * 1000;
  if (ageMs < -CLOCK_SKEW_MS) {
    return {
      kind: 'inconclusive',
      reason: `${label} says it last ran in the future (${iso(at)}), so max-age (${maxAge.text}) cannot be checked`,
    };
  }
  if (ageMs > maxAge.ms) return { kind: 'fail', reason: `${label} last ran ${formatAge(ageMs)} ago (max-age ${maxAge.text})` };
  return undefined;
}
