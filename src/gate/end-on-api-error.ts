import { AbortedError, DeadlineExceededError, RetryAfterDeadlineError, type ApiError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import type { GateResult } from '../core/result.ts';
import { finish, stopped, type GateSession } from '../session/session.ts';

/** An API error no phase handled: the deadline, an interruption, or a final answer from the API. */
export async function endOnApiError(session: GateSession, error: ApiError): Promise<GateResult> {
  const run = session.result.run;
  const during = run ? `while waiting for run ${run.id}` : 'while looking for the run';
  if (error instanceof DeadlineExceededError || error instanceof AbortedError) {
    return stopped(session, error instanceof AbortedError ? 'aborted' : 'deadline', during, error.message);
  }
  if (error instanceof RetryAfterDeadlineError) return stopped(session, 'retry-past-deadline', during, error.message);
  return finish(session, outcomeOfApiError(error), error.message);
}
