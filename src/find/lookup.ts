import type { EvalsClient } from '../api/client.ts';
import { ApiError, ApiHttpError } from '../api/errors.ts';
import { listedNothing, newestRuns, scanRuns, skippedLine, type RunQuery, type ScanResult } from '../api/scan.ts';
import type { Logger } from '../core/log.ts';
import { pollUntil, type PollOptions } from '../core/poll.ts';
import { describeFilter, type EvalRun } from '../core/run.ts';
import { oneLine } from '../safety/one-line.ts';

// The one-pass scan is api/scan.ts's; the run-model helpers are core/run.ts's. Named here for the lookup's callers.
export { describeFilter, matchesMetadata, scanRuns, type MetadataFilter, type RunQuery, type ScanResult } from '../api/scan.ts';

export type LookupOutcome =
  | { kind: 'found'; run: EvalRun; scan: ScanResult; scans: number; scanned: number }
  /** `recent`: the suite's newest runs seen, newest first, to show what the metadata of existing runs looks like. */
  | { kind: 'deadline' | 'aborted'; scans: number; scanned: number; lastError: Error | undefined; recent: EvalRun[] }
  /** The suite's first listing was empty and GET /suites/{id} answered 404: no such suite for this key. */
  | { kind: 'unknown-suite'; scans: number; scanned: number; error: ApiHttpError };

type Step = { kind: 'found'; run: EvalRun; scan: ScanResult } | { kind: 'unknown-suite'; error: ApiHttpError };

/**
 * Finds the newest run matching the query, scanning again at the poll interval until one
 * appears or the deadline passes. Later scans stop at the newest run already examined.
 * When the suite's first listing holds nothing at all, the suite itself is read once: an
 * unknown suite is a configuration error, not a run that has yet to appear.
 */
export async function lookupRun(client: EvalsClient, query: RunQuery, poll: PollOptions, logger: Logger): Promise<LookupOutcome> {
  let stopAtId: string | undefined;
  let ordered = true;
  let scanned = 0;
  let scans = 0;
  let recent: EvalRun[] = [];
  const outcome = await pollUntil<Step, number>(async () => {
    const scan = await scanRuns(client, query, { stopAtId: ordered ? stopAtId : undefined, assumeOrdered: ordered });
    scans++;
    scanned += scan.scanned;
    recent = newestRuns([...recent, ...scan.recent]);
    if (scan.otherSuite > 0) logger.info(skippedLine(scan, query));
    ordered &&= scan.orderedNewestFirst;
    stopAtId = scan.newestId ?? stopAtId;
    if (scan.match) return { done: true, value: { kind: 'found', run: scan.match, scan } };
    if (scans === 1 && listedNothing(scan)) {
      const unknown = await unknownSuite(client, query.suiteId, logger);
      if (unknown) return { done: true, value: { kind: 'unknown-suite', error: unknown } };
    }
    logger.info(
      `No run of suite ${query.suiteId} matches ${describeFilter(query.metadata)} yet ` +
        `(scan ${scans}: ${scan.scanned} new run(s) in ${scan.pages} page(s)); looking again`,
    );
    return { done: false, last: scanned };
  }, poll);
  if (outcome.kind !== 'done') return { kind: outcome.kind, scans, scanned, lastError: outcome.lastError, recent };
  const step = outcome.value;
  if (step.kind === 'unknown-suite') return { kind: 'unknown-suite', scans, scanned, error: step.error };
  return { kind: 'found', run: step.run, scan: step.scan, scans, scanned };
}

/**
 * Reads the suite once, after a first listing that held nothing: the 404 when the suite does not exist for this key,
 * undefined when it exists (its runs are yet to come) or when the answer says nothing either way (any other status,
 * a network error, an unusable body): then the gate waits as before, and the debug log says why.
 */
async function unknownSuite(client: EvalsClient, suiteId: string, logger: Logger): Promise<ApiHttpError | undefined> {
  try {
    const suite = await client.getSuite(suiteId);
    const name = suite.name ? ` ("${oneLine(suite.name, { redact: client.redact, flatten: 'all-whitespace', maxChars: 80 })}")` : '';
    logger.info(`Suite ${suiteId}${name} exists but has no run yet; waiting for one`);
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error instanceof ApiHttpError && error.status === 404) return error;
    logger.debug(`Could not tell whether suite ${suiteId} exists (${client.redact(error.message)}); waiting for its runs`);
    return undefined;
  }
}
