/**
 * What a reconcile does with one pending status of its context, once it has read the run the status names.
 * It never waits for a run: a terminal run is judged now, a stuck one becomes `error` after `timeout`, any
 * other stays pending, untouched.
 */
import { isTerminal, type EvalRun } from '../api/models.ts';
import { statusDescription, UNUSABLE_PENDING, type FinalStatus, type PendingReading } from '../github/gate-status.ts';
import type { Redactor } from '../safety/redact.ts';

export interface ReconcileRules {
  /** `suite-id`: the run must belong to it. */
  suiteId: string;
  /** `timeout`, as a duration and as the user wrote it (for the description). */
  timeout: { ms: number; text: string };
  /** Clock time, milliseconds since the epoch. */
  now: number;
}

export type PendingPlan =
  /** Set the status to this final state now, without judging. */
  | { kind: 'complete'; status: FinalStatus; why: 'unusable' | 'other-suite' | 'overdue' }
  /** The run is terminal: judge it with the wait-mode rules (rerun first when they ask for one: see nextRerun). */
  | { kind: 'judge'; run: EvalRun; rerunsRequested: number }
  /** Still running within its time: leave the status as it is. */
  | { kind: 'leave' };

/** The status for a pending description that could not be read: no run is read for it. */
export function unusablePending(): FinalStatus {
  return { state: 'error', description: UNUSABLE_PENDING };
}

/**
 * The plan for a readable pending status and the run it names (read by that id). `pendingSince` is the pending
 * status's own created_at (GitHub's clock): the timeout runs from the earlier of it and the run's created_at, so
 * a run whose created_at is wrong or in the future cannot keep a status pending for ever.
 */
export function planForRun(
  reading: Extract<PendingReading, { ok: true }>,
  run: EvalRun,
  rules: ReconcileRules,
  pendingSince: string,
  redact: Redactor,
): PendingPlan {
  if (run.suite_id !== rules.suiteId) {
    const description = statusDescription(`Run ${reading.runId} is not a run of suite ${rules.suiteId}`, redact);
    return { kind: 'complete', status: { state: 'error', description }, why: 'other-suite' };
  }
  if (isTerminal(run.status)) return { kind: 'judge', run, rerunsRequested: reading.rerunsRequested };
  const since = startedAt(run, pendingSince);
  if (since === undefined || rules.now - since >= rules.timeout.ms) {
    const detail = since === undefined ? 'and neither it nor the status says when it started' : '';
    const description = statusDescription(
      `No verdict within ${rules.timeout.text}: run ${run.id} is still ${run.status} ${detail}`,
      redact,
    );
    return { kind: 'complete', status: { state: 'error', description }, why: 'overdue' };
  }
  return { kind: 'leave' };
}

/** The earlier of the run's created_at (unix seconds) and the status's (ISO time); undefined when neither reads. */
function startedAt(run: EvalRun, pendingSince: string): number | undefined {
  const times = [Number.isFinite(run.created_at) ? run.created_at * 1000 : Number.NaN, Date.parse(pendingSince)].filter(
    (t) => !Number.isNaN(t),
  );
  return times.length > 0 ? Math.min(...times) : undefined;
}

/**
 * The next rerun to ask for, when the judged run wants one: k + 1 of N while k < N (`rerun-failed`), read back
 * from the pending description; undefined once N were asked for, and the verdict stands.
 */
export function nextRerun(rerunsRequested: number, rerunLimit: number): { attempt: number; of: number } | undefined {
  return rerunsRequested < rerunLimit ? { attempt: rerunsRequested + 1, of: rerunLimit } : undefined;
}
