import type { EvalRun } from '../core/run.ts';
import { end, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import type { PollOptions } from '../core/poll.ts';
import { waitForTerminal, type WaitOptions } from './wait.ts';

/**
 * Phase 2: wait for the run to reach a terminal status, within the deadline. `fresh: false` reads the
 * run by id first even when it came from an id-based request (e.g. the answer to a rerun request).
 * Whether the run read last is still the run chosen is checked before a rerun and before the verdict (recheck/).
 */
export async function awaitTerminal(session: GateSession, run: EvalRun, fresh?: boolean): Promise<PhaseResult<EvalRun>> {
  const { config, result } = session;
  // run-id and schedule-id read the run by GET /runs/{id}; a lookup's list item, or a create answer, is read again first.
  const waited = await waitForTerminal(
    session.client,
    run,
    sessionWaitOptions(session, session.poll, fresh ?? config.target.kind !== 'lookup'),
  );
  if (waited.kind !== 'terminal') {
    result.run = waited.last;
    return end(await stopped(session, waited.kind, `while waiting for run ${run.id}`, waited.lastError?.message));
  }
  result.run = waited.run;
  return next(waited.run);
}

/** The wait as the session sets it up (pacing, clock, logger, elapsed time), each state seen kept in the result. */
export function sessionWaitOptions(session: GateSession, poll: PollOptions, knownIsFresh: boolean): WaitOptions {
  const { config, deps, result } = session;
  return {
    poll,
    pacing: { minIntervalMs: config.pollIntervalMs, maxIntervalMs: config.maxPollIntervalMs },
    clock: deps.clock,
    logger: deps.logger,
    startedAt: session.startedAt,
    onObserve: (seen) => {
      result.run = seen;
    },
    knownIsFresh,
  };
}
