import type { EvalRun } from '../api/models.ts';
import { end, next, stopped, type GateSession, type PhaseResult } from '../gate/session.ts';
import { waitForTerminal } from './wait.ts';

/** Phase 2: wait for the run to reach a terminal status, within the deadline. */
export async function awaitTerminal(session: GateSession, run: EvalRun): Promise<PhaseResult<EvalRun>> {
  const { config, deps, result } = session;
  const waited = await waitForTerminal(session.client, run, {
    poll: session.poll,
    pacing: { minIntervalMs: config.pollIntervalMs, maxIntervalMs: config.maxPollIntervalMs },
    clock: deps.clock,
    logger: deps.logger,
    startedAt: session.startedAt,
    onObserve: (seen) => {
      result.run = seen;
    },
  });
  if (waited.kind !== 'terminal') {
    result.run = waited.last;
    return end(await stopped(session, waited.kind, `while waiting for run ${run.id}`, waited.lastError?.message));
  }
  result.run = waited.run;
  return next(waited.run);
}
