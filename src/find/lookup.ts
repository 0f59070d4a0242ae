import type { EvalsClient } from '../api/client.ts';
import { scanRuns, skippedLine, type RunQuery, type ScanResult } from '../api/scan.ts';
import type { Logger } from '../core/log.ts';
import { pollUntil, type PollOptions } from '../core/poll.ts';
import { describeFilter, type EvalRun } from '../core/run.ts';

// The one-pass scan is api/scan.ts's; the run-model helpers are core/run.ts's. Named here for the lookup's callers.
export { describeFilter, matchesMetadata, scanRuns, type MetadataFilter, type RunQuery, type ScanResult } from '../api/scan.ts';

export type LookupOutcome =
  | { kind: 'found'; run: EvalRun; scan: ScanResult; scans: number; scanned: number }
  | { kind: 'deadline' | 'aborted'; scans: number; scanned: number; lastError: Error | undefined };

/**
 * Finds the newest run matching the query, scanning again at the poll interval until one
 * appears or the deadline passes. Later scans stop at the newest run already examined.
 */
export async function lookupRun(client: EvalsClient, query: RunQuery, poll: PollOptions, logger: Logger): Promise<LookupOutcome> {
  let stopAtId: string | undefined;
  let ordered = true;
  let scanned = 0;
  let scans = 0;
  const outcome = await pollUntil<{ run: EvalRun; scan: ScanResult }, number>(async () => {
    const scan = await scanRuns(client, query, { stopAtId: ordered ? stopAtId : undefined, assumeOrdered: ordered });
    scans++;
    scanned += scan.scanned;
    if (scan.otherSuite > 0) logger.info(skippedLine(scan, query));
    ordered &&= scan.orderedNewestFirst;
    stopAtId = scan.newestId ?? stopAtId;
    if (scan.match) return { done: true, value: { run: scan.match, scan } };
    logger.info(
      `No run of suite ${query.suiteId} matches ${describeFilter(query.metadata)} yet ` +
        `(scan ${scans}: ${scan.scanned} new run(s) in ${scan.pages} page(s)); looking again`,
    );
    return { done: false, last: scanned };
  }, poll);
  if (outcome.kind === 'done') return { kind: 'found', run: outcome.value.run, scan: outcome.value.scan, scans, scanned };
  return { kind: outcome.kind, scans, scanned, lastError: outcome.lastError };
}
