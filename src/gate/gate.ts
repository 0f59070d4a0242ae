import { ApiError } from '../api/errors.ts';
import type { GateConfig } from '../core/config.ts';
import type { GateResult } from '../core/result.ts';
import { detachGate } from '../detach/detach.ts';
import { findOrStartRun } from '../find/start-run.ts';
import { judgeRun } from '../judge/judge-run.ts';
import { failedRequestsCriterion } from '../judge/verdict.ts';
import { recheckRun } from '../recheck/recheck.ts';
import { readFailedSamples } from '../report/failed-samples.ts';
import { reconcileGate } from '../reconcile/reconcile.ts';
import { rerunFailedRequests, type RerunSteps } from '../rerun/rerun-failed.ts';
import { openSession, type GateDeps } from '../session/session.ts';
import { awaitTerminal } from '../wait/await-run.ts';
import { detachSteps, reconcileSteps } from './detached-steps.ts';
import { endOnApiError } from './end-on-api-error.ts';

export type { GateDeps } from '../session/session.ts';

/**
 * Finds (or starts) the run, waits for it, reruns its failed requests if asked, checks that the run read last is
 * still the run chosen, reads the failed samples, and judges it. Never throws for API trouble: that becomes an outcome.
 */
export async function runGate(config: GateConfig, deps: GateDeps): Promise<GateResult> {
  const session = openSession(config, deps);
  // Issue 17: `mode: detach` and `mode: reconcile` compose the same stages their own way.
  if (config.mode?.kind === 'detach') return detachGate(session, detachSteps);
  if (config.mode?.kind === 'reconcile') return reconcileGate(session, reconcileSteps);
  try {
    const found = await findOrStartRun(session);
    if (found.kind === 'end') return found.result;
    const { identity } = found.value;
    const terminal = await awaitTerminal(session, found.value.run);
    if (terminal.kind === 'end') return terminal.result;
    // The rerun phase waits (wait/), asks whether the failed requests are within the limit (judge/), and asks for a
    // rerun only of the run chosen (recheck/).
    const steps: RerunSteps = {
      awaitTerminal,
      failedRequestsHold: (run, limit) => failedRequestsCriterion(run, limit).passed,
      recheck: (run) => recheckRun(session, identity, run),
    };
    const final = await rerunFailedRequests(session, terminal.value, steps);
    if (final.kind === 'end') return final.result;
    // The one check every path passes just before judging: the run read last is still the run chosen.
    const checked = recheckRun(session, identity, final.value);
    if (checked.kind === 'end') return checked.result;
    await readFailedSamples(session, checked.value);
    return await judgeRun(session, checked.value);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return endOnApiError(session, error);
  }
}
