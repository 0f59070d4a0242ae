import { AbortedError, ApiError, DeadlineExceededError, RetryAfterDeadlineError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import { findOrStartRun } from '../find/start-run.ts';
import type { GateConfig } from '../inputs/config.ts';
import { judgeRun } from '../judge/judge-run.ts';
import { readFailedSamples } from '../report/failed-samples.ts';
import { rerunFailedRequests } from '../rerun/rerun-failed.ts';
import type { GateResult } from '../result.ts';
import { awaitTerminal } from '../wait/await-run.ts';
import { finish, openSession, stopped, type GateDeps, type GateSession } from './session.ts';

export type { GateDeps } from './session.ts';

/**
 * Finds (or starts) the run, waits for it, reruns its failed requests if asked, reads the failed
 * samples, and judges it. Never throws for API trouble: that becomes an outcome.
 */
export async function runGate(config: GateConfig, deps: GateDeps): Promise<GateResult> {
  const session = openSession(config, deps);
  try {
    const found = await findOrStartRun(session);
    if (found.kind === 'end') return found.result;
    const terminal = await awaitTerminal(session, found.value);
    if (terminal.kind === 'end') return terminal.result;
    const final = await rerunFailedRequests(session, terminal.value);
    if (final.kind === 'end') return final.result;
    await readFailedSamples(session, final.value);
    return await judgeRun(session, final.value);
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
