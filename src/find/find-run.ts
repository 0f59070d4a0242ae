import type { ChosenRun, RunIdentity } from '../core/identity.ts';
import { pollUntil } from '../core/poll.ts';
import type { Logger } from '../core/log.ts';
import type { LookupReport, RecentRun } from '../core/result.ts';
import { describeFilter, matchesMetadata, type EvalRun } from '../core/run.ts';
import { oneLine } from '../safety/one-line.ts';
import type { Redactor } from '../safety/redact.ts';
import { end, finish, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import { findScheduledRun } from './find-schedule.ts';
import { lookupRun } from './lookup.ts';

/**
 * Phase 1: which run. An explicit `run-id`, a schedule's last run, or the newest run of the suite whose metadata
 * matches; with what it must stay (its identity), checked again on the read the verdict rests on.
 */
export async function findRun(session: GateSession): Promise<PhaseResult<ChosenRun>> {
  const target = session.config.target;
  const found =
    target.kind === 'run-id'
      ? await readGivenRun(session, target.runId, target.suiteId, target.metadata)
      : target.kind === 'schedule'
        ? await findScheduledRun(session, target)
        : await lookUpRun(session, target.suiteId, target.metadata);
  if (found.kind === 'next') session.result.run = found.value.run;
  return found;
}

async function readGivenRun(
  session: GateSession,
  runId: string,
  suiteId: string | undefined,
  metadata: Record<string, string> | undefined,
): Promise<PhaseResult<ChosenRun>> {
  const { client, poll, result } = session;
  const first = await pollUntil(async () => ({ done: true, value: await client.getRun(runId) }), poll);
  if (first.kind !== 'done') return end(await stopped(session, first.kind, `before run ${runId} could be read`, first.lastError?.message));
  const run = first.value;
  result.lookup = lookupReport('run-id', run.suite_id, metadata ?? {}, 1, 0, 0);
  if (suiteId && run.suite_id !== suiteId) {
    result.run = run;
    if (!run.suite_id) {
      return end(
        finish(
          session,
          'inconclusive',
          `run ${run.id} does not say which suite it belongs to, so it cannot be checked against suite-id ${suiteId}`,
        ),
      );
    }
    return end(finish(session, 'fail', `run ${run.id} belongs to suite ${run.suite_id}, not to the suite-id given (${suiteId})`));
  }
  if (metadata && !matchesMetadata(run, metadata)) {
    result.run = run;
    return end(finish(session, 'fail', `run ${run.id} does not carry the metadata given with run-id (${describeFilter(metadata)})`));
  }
  session.deps.logger.info(`Gating run ${run.id} given by run-id (suite ${run.suite_id || 'unknown'})`);
  // A run's suite does not change: the one read first is checked again, even when suite-id was not given.
  const suite = suiteId ?? (run.suite_id || undefined);
  const pairs = metadata && Object.keys(metadata).length > 0 ? `metadata ${describeFilter(metadata)}` : '';
  const checks = [suite ? `suite ${suite}` : '', pairs].filter(Boolean).join(', ');
  const chosen = `given by run-id${checks ? ` (${checks})` : ''}`;
  return next({ run, identity: { chosen, suiteId: suite, metadata: metadata ?? {} } });
}

async function lookUpRun(session: GateSession, suiteId: string, metadata: Record<string, string>): Promise<PhaseResult<ChosenRun>> {
  const { client, poll, result, deps } = session;
  // Known before the first request, so the summary can say what was looked for even if the API is down.
  result.lookup = lookupReport('metadata', suiteId, metadata, 0, 0, 0);
  const lookup = await lookupRun(client, { suiteId, metadata }, poll, deps.logger);
  if (lookup.kind === 'unknown-suite') {
    result.lookup = lookupReport('metadata', suiteId, metadata, 0, lookup.scanned, lookup.scans);
    const reason = `suite ${suiteId} not found for this key (${lookup.error.endpoint} answered HTTP 404); check suite-id and on-behalf-of`;
    return end(finish(session, 'fail', reason));
  }
  if (lookup.kind !== 'found') {
    const recent = lookup.recent.map((run) => recentRun(run, client.redact));
    result.lookup = { ...lookupReport('metadata', suiteId, metadata, 0, lookup.scanned, lookup.scans), recent };
    logRecentRuns(deps.logger, suiteId, metadata, recent);
    const looking = `a run of suite ${suiteId} matching ${describeFilter(metadata)}`;
    // lookup.scans counts the scans that got an answer: none means the API itself never answered.
    const during =
      lookup.scans === 0
        ? `while looking for ${looking}: the API never answered, no scan of the suite succeeded`
        : `before ${looking} appeared (${lookup.scans} scan(s), ${lookup.scanned} run(s) examined)`;
    return end(await stopped(session, lookup.kind, during, lookup.lastError?.message));
  }
  const run = lookup.run;
  result.lookup = lookupReport('metadata', suiteId, metadata, lookup.scan.candidates, lookup.scanned, lookup.scans);
  deps.logger.info(
    `Chose run ${run.id} (created ${new Date(run.created_at * 1000).toISOString()}): newest of ` +
      `${lookup.scan.candidates} run(s) matching ${describeFilter(metadata)} among ` +
      `${lookup.scanned} examined in ${lookup.scans} scan(s) of suite ${suiteId}`,
  );
  return next({ run, identity: listedIdentity(suiteId, metadata) });
}

/** A run chosen from a listing: read by id, it must be what the listing said. */
export function listedIdentity(suiteId: string, metadata: Record<string, string>): RunIdentity {
  return { chosen: `listed as a run of suite ${suiteId} matching ${describeFilter(metadata)}`, suiteId, metadata };
}

/** Most pairs, and characters per key and value, that a missed lookup reports of one run. */
const RECENT_PAIRS = 20;
const RECENT_TEXT_CHARS = 120;

/** A run as a missed lookup reports it: its metadata redacted first, then bounded (a secret cut in half would stay). */
function recentRun(run: EvalRun, redact: Redactor): RecentRun {
  const bounded = (text: string) => oneLine(text, { redact, flatten: 'none', maxChars: RECENT_TEXT_CHARS });
  const metadata = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(run.metadata).slice(0, RECENT_PAIRS)) metadata[bounded(key)] = bounded(value);
  return { id: run.id, created_at: run.created_at, status: run.status, metadata };
}

/** The log's view of a miss: what the suite's newest runs carry, beside what was asked for. */
function logRecentRuns(logger: Logger, suiteId: string, metadata: Record<string, string>, recent: RecentRun[]): void {
  if (recent.length === 0) {
    logger.info(`Suite ${suiteId} has no run visible to this key; none could match ${describeFilter(metadata)}`);
    return;
  }
  logger.info(`No run matched ${describeFilter(metadata)}; the newest ${recent.length} run(s) of suite ${suiteId} carry:`);
  for (const run of recent) {
    const created = Number.isFinite(run.created_at) ? new Date(run.created_at * 1000).toISOString() : 'unknown';
    logger.info(`  ${run.id} (${run.status}, created ${created}): ${describeFilter(run.metadata)}`);
  }
}

export function lookupReport(
  mode: LookupReport['mode'],
  suiteId: string | undefined,
  metadata: Record<string, string>,
  candidates: number,
  scanned: number,
  scans: number,
): LookupReport {
  return { mode, suiteId, metadata, candidates, scanned, scans };
}
