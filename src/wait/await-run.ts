import type { EvalRun } from '../core/run.ts';
import { startedRunMetadata } from '../core/config.ts';
import { describeFilter, matchesMetadata } from '../core/run.ts';
import { end, finish, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import type { GateConfig, RunTarget } from '../core/config.ts';
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
  const mismatch =
    config.target.kind === 'lookup' ? listingMismatch(waited.run, config.target, result.created ? config : undefined) : undefined;
  if (mismatch) return end(finish(session, 'inconclusive', mismatch));
  return next(waited.run);
}

/**
 * The run read by id must be what the listing said it was: of the suite, with the metadata asked for. A run this
 * gate started (`created`) must carry all the metadata it was started with, the job's github_run_id and attempt
 * included: a create answer naming an older run of the same suite and metadata is not this job's run.
 */
export function listingMismatch(run: EvalRun, target: Extract<RunTarget, { kind: 'lookup' }>, created?: GateConfig): string | undefined {
  const metadata = created ? startedRunMetadata(created, target) : target.metadata;
  const how = created ? 'started as a run of suite' : 'listed as a run of suite';
  const said = `run ${run.id} was ${how} ${target.suiteId} matching ${describeFilter(metadata)}, but the run itself (GET by id)`;
  if (run.suite_id !== target.suiteId) {
    return `${said} ${run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite'}: the API's answers disagree`;
  }
  if (!matchesMetadata(run, metadata)) return `${said} does not match that metadata: the API's answers disagree`;
  return undefined;
}
