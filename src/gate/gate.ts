import { ApiError } from '../api/errors.ts';
import type { GateConfig } from '../core/config.ts';
import type { GateResult } from '../core/result.ts';
import { detachGate } from '../detach/detach.ts';
import { findOrStartRun } from '../find/start-run.ts';
import { judgeRun } from '../judge/judge-run.ts';
import { failedRequestsCriterion } from '../judge/verdict.ts';
import { readFailedSamples } from '../report/failed-samples.ts';
import { reconcileGate } from '../reconcile/reconcile.ts';
import { rerunFailedRequests, type RerunSteps } from '../rerun/rerun-failed.ts';
import { openSession, type GateDeps } from '../session/session.ts';
import { awaitTerminal } from '../wait/await-run.ts';
import { detachSteps, reconcileSteps } from './detached-steps.ts';
import { endOnApiError } from './end-on-api-error.ts';

export type { GateDeps } from '../session/session.ts';

/** The rerun phase waits (wait/) and asks whether the failed requests are within the limit (judge/). */
const rerunSteps: RerunSteps = {
  awaitTerminal,
  failedRequestsHold: (run, limit) => failedRequestsCriterion(run, limit).passed,
};

/**
 * Finds (or starts) the run, waits for it, reruns its failed requests if asked, reads the failed
 * samples, and judges it. Never throws for API trouble: that becomes an outcome.
 */
export async function runGate(config: GateConfig, deps: GateDeps): Promise<GateResult> {
  const session = openSession(config, deps);
  // Issue 17: `mode: detach` and `mode: reconcile` compose the same stages their own way.
  if (config.mode?.kind === 'detach') return detachGate(session, detachSteps);
  if (config.mode?.kind === 'reconcile') return reconcileGate(session, reconcileSteps);
  try {
    const found = await findOrStartRun(session);
    if (found.kind === 'end') return found.result;
    const terminal = await awaitTerminal(session, found.value);
    if (terminal.kind === 'end') return terminal.result;
    const final = await rerunFailedRequests(session, terminal.value, rerunSteps);
    if (final.kind === 'end') return final.result;
    await readFailedSamples(session, final.value);
    return await judgeRun(session, final.value);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return endOnApiError(session, error);
  }
}
