import { API_PREFIX } from '../api/client.ts';
import { AbortedError, ApiError, DeadlineExceededError, RetryAfterDeadlineError } from '../api/errors.ts';
import { backoffDelay, classifyFailure, DEFAULT_RETRY_POLICY } from '../api/retry.ts';
import type { FailedRequestsLimit } from '../core/config.ts';
import { pollUntil } from '../core/poll.ts';
import type { RerunAttempt } from '../core/result.ts';
import { countsProblem, isTerminal, type EvalRun } from '../core/run.ts';
import { end, finish, next, type GateSession, type PhaseResult } from '../session/session.ts';

export type { RerunAttempt } from '../core/result.ts';
/** Moved down to core/ (the reconcile checks the same rule): re-exported for this stage's readers. */
export { countsProblem } from '../core/run.ts';

/** What this phase needs of other stages, handed in by gate/: a stage never imports another. */
export interface RerunSteps {
  /** Waits for the run to be terminal again (wait/'s awaitTerminal); `fresh: false` reads it by id first. */
  awaitTerminal: (session: GateSession, run: EvalRun, fresh?: boolean) => Promise<PhaseResult<EvalRun>>;
  /** Whether the run's failed requests are within `max-failed-requests` (judge/'s criterion). */
  failedRequestsHold: (run: EvalRun, limit: FailedRequestsLimit) => boolean;
  /** Whether the run read last is still the run chosen (recheck/): a rerun is only asked for that run. */
  recheck: (run: EvalRun) => PhaseResult<EvalRun>;
}

/**
 * Phase 2b (`rerun-failed`): while the completed run has more failed requests than allowed, ask
 * MKA1 to rerun them and wait for the run again, within the same deadline. A run that `failed`
 * (its status) is not rerun: that is a run failure, not flaky requests.
 */
export async function rerunFailedRequests(session: GateSession, run: EvalRun, steps: RerunSteps): Promise<PhaseResult<EvalRun>> {
  const { config, result, deps } = session;
  let current = run;
  while (result.reruns.length < config.rerunFailed && wantsRerun(session, current, steps)) {
    const checked = steps.recheck(current);
    if (checked.kind === 'end') return checked;
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
    const before = current;
    current = waited.value;
    attempt.failedAfter = current.request_counts.failed;
    attempt.statusAfter = current.status;
    const changed = countsProblem(before.request_counts, current.request_counts);
    if (changed) return end(finish(session, 'inconclusive', `rerun ${attempt.attempt} of run ${current.id} ${changed}`));
  }
  return next(current);
}

export function wantsRerun(session: GateSession, run: EvalRun, steps: Pick<RerunSteps, 'failedRequestsHold'>): boolean {
  if (run.status !== 'completed' || run.request_counts.failed === 0) return false;
  return !steps.failedRequestsHold(run, session.config.maxFailedRequests);
}

/**
 * Asks for the rerun; the run as the API returned it, or why it could not be asked. A transient failure is a missed
 * poll (the deadline alone ends this), after the delay the API asked for (Retry-After) or a backoff. After a failure
 * the run is read again first: if the rerun already started, it is not asked for twice.
 */
export async function requestRerun(session: GateSession, run: EvalRun): Promise<EvalRun | string> {
  const { client, deps, deadline } = session;
  for (let request = 1; ; request++) {
    let error: ApiError;
    try {
      return await client.rerunFailed(run.id);
    } catch (caught) {
      if (!(caught instanceof ApiError) || stopsTheGate(caught)) throw caught;
      error = caught;
    }
    const why = client.redact(error.message);
    const decision = classifyFailure(error);
    if (!decision.retry) return why;
    const delay = decision.retryAfterMs ?? backoffDelay(DEFAULT_RETRY_POLICY, request, deps.random ?? Math.random);
    if (deps.clock.now() + delay >= deadline) return `${why} (no time left to ask again)`;
    deps.logger.info(`${why}; reading the run again in ${(delay / 1000).toFixed(1)}s before asking again`);
    await deps.sleep(delay, deps.signal);
    const seen = await readAgain(session, run.id, why);
    if (typeof seen === 'string') return seen;
    if (!isTerminal(seen.status) || seen.request_counts.failed !== run.request_counts.failed) return seen;
  }
}

/** The run read by id, a failed read being a missed poll; why not, once the deadline came first. */
async function readAgain(session: GateSession, runId: string, why: string): Promise<EvalRun | string> {
  const read = await pollUntil(async () => ({ done: true, value: await session.client.getRun(runId) }), session.poll);
  if (read.kind === 'done') return read.value;
  if (read.kind === 'aborted') throw new AbortedError(`GET ${API_PREFIX}/runs/${runId}`, String(session.deps.signal?.reason ?? 'aborted'));
  return `${why} (no time left to ask again)`;
}

/** Timeouts and interruptions end the gate as they do in every phase. */
function stopsTheGate(error: ApiError): boolean {
  return error instanceof DeadlineExceededError || error instanceof AbortedError || error instanceof RetryAfterDeadlineError;
}
