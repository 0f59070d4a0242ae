import { isTransientFailure } from '../api/retry.ts';
import { isTerminal, type EvalRun } from '../core/run.ts';
import { end, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import { sessionWaitOptions } from './await-run.ts';
import { waitForTerminal } from './wait.ts';

/** The run as last read, and whether it was terminal by then. */
export interface Watched {
  terminal: boolean;
  run: EvalRun;
}

/**
 * Watches the run until it is terminal or `until` (clock time) comes, whichever is first, and never ends the gate
 * for running out of that time: `mode: detach` then leaves the verdict to the reconcile. The run is read by id at
 * least once (unless it was just read by id), so a terminal run is judged on GET /runs/{id}, checked as wait mode
 * (the caller then rechecks it against the run chosen); a read that fails for a passing reason leaves the run as
 * known (it is not judged, only left pending). Ends the gate only when the job is cancelled.
 */
export async function watchUntil(session: GateSession, run: EvalRun, until: number): Promise<PhaseResult<Watched>> {
  const { config, client, deps, result } = session;
  let seen = run;
  if (config.target.kind === 'lookup') {
    try {
      seen = await client.getRun(run.id);
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      deps.logger.info(`${client.redact((error as Error).message)}; leaving run ${run.id} to the reconcile as listed`);
      return next({ terminal: false, run });
    }
  }
  result.run = seen;
  if (!isTerminal(seen.status) && until > deps.clock.now()) {
    const poll = { ...session.poll, deadline: Math.min(until, session.deadline) };
    const waited = await waitForTerminal(client, seen, sessionWaitOptions(session, poll, true));
    if (waited.kind === 'aborted') {
      result.run = waited.last;
      return end(await stopped(session, 'aborted', `while waiting for run ${run.id}`, waited.lastError?.message));
    }
    seen = waited.kind === 'terminal' ? waited.run : waited.last;
  }
  result.run = seen;
  return next({ terminal: isTerminal(seen.status), run: seen });
}
