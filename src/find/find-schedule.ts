import type { ChosenRun } from '../core/identity.ts';
import type { EvalSchedule } from '../api/schedule-model.ts';
import { end, finish, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import type { ScheduleTarget } from '../core/config.ts';
import { formatAge } from '../core/duration.ts';
import { pollUntil } from '../core/poll.ts';
import { CLOCK_SKEW_MS, judgeSchedule, oneLineText, scheduleLabel, type ScheduleVerdict } from './schedule.ts';
import { scheduleReport, unreadScheduleReport } from './schedule-report.ts';

/**
 * Phase 1 for `schedule-id`: read the schedule, check it is doing its job (enabled, recent enough,
 * ever ran), wait for its first run when that is due within the timeout, then read its last run.
 */
export async function findScheduledRun(session: GateSession, target: ScheduleTarget): Promise<PhaseResult<ChosenRun>> {
  // Known before the first request, so the summary can say which schedule was asked for even if the API is down.
  session.result.schedule = unreadScheduleReport(target);
  const decided = await readUntilDecided(session, target);
  if (decided.kind === 'end') return decided;
  const { schedule, runId } = decided.value;
  return readLastRun(session, target, schedule, runId);
}

type Decided = { schedule: EvalSchedule; runId: string };

async function readUntilDecided(session: GateSession, target: ScheduleTarget): Promise<PhaseResult<Decided>> {
  const { client, config, deps, poll, result } = session;
  let waited = false;
  let seen: EvalSchedule | undefined;
  const outcome = await pollUntil<{ schedule: EvalSchedule; verdict: Exclude<ScheduleVerdict, { kind: 'wait' }> }, EvalSchedule>(
    async () => {
      const read = await client.getSchedule(target.scheduleId);
      // Redacted before the label cuts the name short: a key cut in half would no longer be recognised later.
      const schedule = read.name === undefined ? read : { ...read, name: client.redact(read.name) };
      seen = schedule;
      const now = deps.clock.now();
      result.schedule = scheduleReport(schedule, target, now, waited);
      const verdict = judgeSchedule(schedule, {
        target,
        now,
        deadline: session.deadline,
        timeoutMs: config.timeoutMs,
        pollIntervalMs: config.pollIntervalMs,
      });
      if (verdict.kind !== 'wait') return { done: true, value: { schedule, verdict } };
      waited = true;
      result.schedule.waited_for_first_run = true;
      deps.logger.info(`${scheduleLabel(schedule)} has never run; ${verdict.note}: waiting for it`);
      return { done: false, last: schedule, nextDelayMs: verdict.delayMs };
    },
    poll,
  );
  if (outcome.kind !== 'done') {
    const during = seen ? `before the first run of ${scheduleLabel(seen)} appeared` : `before schedule ${target.scheduleId} could be read`;
    return end(await stopped(session, outcome.kind, during, outcome.lastError?.message));
  }
  const { schedule, verdict } = outcome.value;
  if (verdict.kind !== 'gate') return end(finish(session, verdict.kind, verdict.reason));
  return next({ schedule, runId: verdict.runId });
}

async function readLastRun(
  session: GateSession,
  target: ScheduleTarget,
  schedule: EvalSchedule,
  runId: string,
): Promise<PhaseResult<ChosenRun>> {
  const { client, deps, poll, result } = session;
  const label = scheduleLabel(schedule);
  const first = await pollUntil(async () => ({ done: true, value: await client.getRun(runId) }), poll);
  if (first.kind !== 'done') {
    return end(
      await stopped(session, first.kind, `before run ${runId}, the last run of ${label}, could be read`, first.lastError?.message),
    );
  }
  const run = first.value;
  result.run = run;
  if (run.suite_id !== schedule.suiteId) {
    return end(
      finish(
        session,
        'fail',
        `run ${run.id}, the last run of ${label}, belongs to suite ${oneLineText(run.suite_id) || '(none given)'}, not to the schedule's suite ${schedule.suiteId}`,
      ),
    );
  }
  // The run itself must be as recent as the schedule claims: a fresh last_run_at pointing at an old run is not a fresh check.
  const runAgeMs = deps.clock.now() - run.created_at * 1000;
  if (target.maxAge && runAgeMs < -CLOCK_SKEW_MS) {
    const reason = `run ${run.id}, the last run of ${label}, says it was created in the future, so max-age (${target.maxAge.text}) cannot be checked`;
    return end(finish(session, 'inconclusive', reason));
  }
  if (target.maxAge && runAgeMs > target.maxAge.ms) {
    return end(
      finish(
        session,
        'fail',
        `run ${run.id}, the last run of ${label}, was created ${formatAge(runAgeMs)} ago (max-age ${target.maxAge.text})`,
      ),
    );
  }
  deps.logger.info(`Gating run ${run.id}, the last run of ${label} (suite ${oneLineText(run.suite_id)})`);
  return next({
    run,
    identity: { chosen: `the last run of ${label} (suite ${schedule.suiteId})`, suiteId: schedule.suiteId, metadata: {} },
  });
}
