import type { EvalRun } from '../api/models.ts';
import { describeFilter, matchesMetadata } from '../find/lookup.ts';
import { end, finish, next, stopped, type GateSession, type PhaseResult } from '../gate/session.ts';
import type { RunTarget } from '../inputs/config.ts';
import { waitForTerminal } from './wait.ts';

/**
 * Phase 2: wait for the run to reach a terminal status, within the deadline. `fresh: false` reads the
 * run by id first even when it came from an id-based request (e.g. the answer to a rerun request).
 */
export async function awaitTerminal(session: GateSession, run: EvalRun, fresh?: boolean): Promise<PhaseResult<EvalRun>> {
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
    // run-id and schedule-id read the run by GET /runs/{id}; a lookup's list item is read again first.
    knownIsFresh: fresh ?? config.target.kind !== 'lookup',
  });
  if (waited.kind !== 'terminal') {
    result.run = waited.last;
    return end(await stopped(session, waited.kind, `while waiting for run ${run.id}`, waited.lastError?.message));
  }
  result.run = waited.run;
  const mismatch = config.target.kind === 'lookup' ? listingMismatch(waited.run, config.target) : undefined;
  if (mismatch) return end(finish(session, 'inconclusive', mismatch));
  return next(waited.run);
}

/** The run read by id must be what the listing said it was: of the suite, with the metadata asked for. */
function listingMismatch(run: EvalRun, target: Extract<RunTarget, { kind: 'lookup' }>): string | undefined {
  const said = `run ${run.id} was listed as a run of suite ${target.suiteId} matching ${describeFilter(target.metadata)}, but the run itself (GET by id)`;
  if (run.suite_id !== target.suiteId) {
    return `${said} ${run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite'}: the API's answers disagree`;
  }
  if (!matchesMetadata(run, target.metadata)) return `${said} does not match that metadata: the API's answers disagree`;
  return undefined;
}
