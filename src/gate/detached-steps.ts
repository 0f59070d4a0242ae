/**
 * What the detach and reconcile stages (issue 17) get from the other stages: they never import one another, so
 * gate/ hands them wait mode's own pieces, and a verdict is reached by the same rules in every mode.
 */
import type { EvalRun } from '../core/run.ts';
import type { DetachSteps } from '../detach/detach.ts';
import { findOrStartRun } from '../find/start-run.ts';
import { judgeRun } from '../judge/judge-run.ts';
import { failedRequestsCriterion } from '../judge/verdict.ts';
import { recheckRun } from '../recheck/recheck.ts';
import type { ReconcileSteps } from '../reconcile/reconcile.ts';
import { readFailedSamples } from '../report/failed-samples.ts';
import { requestRerun, wantsRerun, type RerunSteps } from '../rerun/rerun-failed.ts';
import type { GateSession } from '../session/session.ts';
import { watchUntil } from '../wait/watch.ts';
import { endOnApiError } from './end-on-api-error.ts';

/** The detach and reconcile stages never wait for a rerun: they only ask whether one is wanted. */
const rerunRule: Pick<RerunSteps, 'failedRequestsHold'> = {
  failedRequestsHold: (run, limit) => failedRequestsCriterion(run, limit).passed,
};

/** The wait-mode verdict on a terminal run: its failed samples read for the report, then judged. */
async function judgeTerminal(session: GateSession, run: EvalRun) {
  await readFailedSamples(session, run);
  return judgeRun(session, run);
}

export const reconcileSteps: ReconcileSteps = {
  wantsRerun: (session, run) => wantsRerun(session, run, rerunRule),
  requestRerun,
  judge: judgeTerminal,
};

export const detachSteps: DetachSteps = {
  ...reconcileSteps,
  findOrStartRun,
  recheck: recheckRun,
  watchUntil,
  endOnApiError,
};
