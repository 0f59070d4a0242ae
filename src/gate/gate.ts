import { AbortedError, ApiError, DeadlineExceededError, RetryAfterDeadlineError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import type { GateConfig } from '../core/config.ts';
import type { GateResult } from '../core/result.ts';
import { findOrStartRun } from '../find/start-run.ts';
import { judgeRun } from '../judge/judge-run.ts';
import { failedRequestsCriterion } from '../judge/verdict.ts';
import { recheckRun } from '../recheck/recheck.ts';
import { readFailedSamples } from '../report/failed-samples.ts';
import { rerunFailedRequests, type RerunSteps } from '../rerun/rerun-failed.ts';
import { finish, openSession, stopped, type GateDeps, type GateSession } from '../session/session.ts';
import { awaitTerminal } from '../wait/await-run.ts';

export type { GateDeps } from '../session/session.ts';

/**
 * Finds (or starts) the run, waits for it, reruns its failed requests if asked, checks that the run read last is
 * still the run chosen, reads the failed samples, and judges it. Never throws for API trouble: that becomes an outcome.
 */
export async function runGate(config: GateConfig, deps: GateDeps): Promise<GateResult> {
  const session = openSession(config, deps);
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

/** An API error no phase handled: the deadline, an interruption, or a final answer from the API. */
async function endOnApiError(session: GateSession, error: ApiError): Promise<GateResult> {
  const run = session.result.run;
  const during = run ? `while waiting for run ${run.id}` : 'while looking for the run';
  if (error instanceof DeadlineExceededError || error instanceof AbortedError) {
    return stopped(session, error instanceof AbortedError ? 'aborted' : 'deadline', during, error.message);
  }
  if (error instanceof RetryAfterDeadlineError) return stopped(session, 'retry-past-deadline', during, error.message);
  return finish(session, outcomeOfApiError(error), error.message);
}
