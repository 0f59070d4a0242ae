import { AbortedError, ApiError, DeadlineExceededError, RetryAfterDeadlineError } from '../api/errors.ts';
import { backoffDelay, isTransientFailure, DEFAULT_RETRY_POLICY } from '../api/retry.ts';
import type { FailedRequestsLimit } from '../core/config.ts';
import type { RerunAttempt } from '../core/result.ts';
import { isTerminal, type EvalRun } from '../core/run.ts';
import { next, type GateSession, type PhaseResult } from '../session/session.ts';

export type { RerunAttempt } from '../core/result.ts';

/** What this phase needs of other stages, handed in by gate/: a stage never imports another. */
export interface RerunSteps {
  /** Waits for the run to be terminal again (wait/'s awaitTerminal); `fresh: false` reads it by id first. */
  awaitTerminal: (session: GateSession, run: EvalRun, fresh?: boolean) => Promise<PhaseResult<EvalRun>>;
  /** Whether the run's failed requests are within `max-failed-requests` (judge/'s criterion). */
  failedRequestsHold: (run: EvalRun, limit: FailedRequestsLimit) => boolean;
}

/** Requests per rerun, the first included; each repeat comes only after the run was read again. */
const MAX_RERUN_REQUESTS = 3;

/**
 * Phase 2b (`rerun-failed`): while the completed run has more failed requests than allowed, ask
 * MKA1 to rerun them and wait for the run again, within the same deadline. A run that `failed`
 * (its status) is not rerun: that is a run failure, not flaky requests.
 */
export async function rerunFailedRequests(session: GateSession, run: EvalRun, steps: RerunSteps): Promise<PhaseResult<EvalRun>> {
  const { config, result, deps } = session;
  let current = run;
  while (result.reruns.length < config.rerunFailed && wantsRerun(session, current, steps)) {
    const attempt: RerunAttempt = {
      attempt: result.reruns.length + 1,
      failedBefore: current.request_counts.failed,
      failedAfter: undefined,
      statusAfter: undefined,
    };
    result.reruns.push(attempt);
    deps.logger.info(
      `Run ${current.id} has ${attempt.failedBefore} failed request(s); asking MKA1 to rerun them (${attempt.attempt} of ${config.rerunFailed})`,
    );
    const restarted = await requestRerun(session, current);
    if (typeof restarted === 'string') {
      attempt.error = restarted;
      deps.logger.warning(`Rerun ${attempt.attempt} was not made: ${restarted}`);
      break;
    }
    // The verdict rests on GET /runs/{id}, never on the answer to the rerun request.
    const waited = await steps.awaitTerminal(session, restarted, false);
    if (waited.kind === 'end') return waited;
    current = waited.value;
    attempt.failedAfter = current.request_counts.failed;
    attempt.statusAfter = current.status;
  }
  return next(current);
}

export function wantsRerun(session: GateSession, run: EvalRun, steps: RerunSteps): boolean {
  if (run.status !== 'completed' || run.request_counts.failed === 0) return false;
  return !steps.failedRequestsHold(run, session.config.maxFailedRequests);
}

/**
 * Asks for the rerun; the run as the API returned it, or why it could not be asked. After a server
 * error the run is read again first: if the rerun already started, it is not asked for twice.
 */
export async function requestRerun(session: GateSession, run: EvalRun): Promise<EvalRun | string> {
  const { client, deps, deadline } = session;
  for (let request = 1; ; request++) {
    try {
      return await client.rerunFailed(run.id);
    } catch (error) {
      if (!(error instanceof ApiError) || stopsTheGate(error)) throw error;
      const why = client.redact(error.message);
      if (!isTransientFailure(error) || request >= MAX_RERUN_REQUESTS) return why;
      const delay = backoffDelay(DEFAULT_RETRY_POLICY, request, deps.random ?? Math.random);
      if (deps.clock.now() + delay >= deadline) return `${why} (no time left to ask again)`;
      await deps.sleep(delay, deps.signal);
      const seen = await client.getRun(run.id);
      if (!isTerminal(seen.status) || seen.request_counts.failed !== run.request_counts.failed) return seen;
    }
  }
}

/** Timeouts and interruptions end the gate as they do in every phase. */
function stopsTheGate(error: ApiError): boolean {
  return error instanceof DeadlineExceededError || error instanceof AbortedError || error instanceof RetryAfterDeadlineError;
}
