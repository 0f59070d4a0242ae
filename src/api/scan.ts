/**
 * Scans of a suite's runs through the paged listing, defensively: the server's filters and order are checked, not
 * trusted. find/ looks the gated run up with it, judge/ the baseline.
 */
import { matchesMetadata, type EvalRun, type MetadataFilter, type RunStatus } from '../core/run.ts';
import type { EvalsClient } from './client.ts';
import type { UnreadableRun } from './models.ts';
import { listRunPages } from './pages.ts';

// Defined with the run model in core/run.ts; named here for the scan's callers.
export { describeFilter, matchesMetadata, type MetadataFilter } from '../core/run.ts';

export interface RunQuery {
  suiteId: string;
  metadata: MetadataFilter;
  /** Server-side status filter, e.g. `completed` for baselines. */
  status?: RunStatus;
}

export interface ScanResult {
  match: EvalRun | undefined;
  /** Matching runs seen in this scan (the scan may stop early once the newest is certain). */
  candidates: number;
  scanned: number;
  pages: number;
  /** Newest run id of this scan: a later scan can stop there, everything after it was examined. */
  newestId: string | undefined;
  /** False when the listing was not sorted newest first; then no scan may stop early. */
  orderedNewestFirst: boolean;
  /** Unreadable runs passed over because their metadata shows they are not the run asked for. */
  unreadableSkipped: number;
  /** Listed runs of another suite, or (with a status filter) in another status: the server did not filter them out. */
  otherSuite: number;
  otherStatus: number;
  /** The newest runs of the query (suite and status) this scan read, newest first, at most RECENT_RUNS: what a miss shows. */
  recent: EvalRun[];
}

/** How many of a suite's newest runs a lookup that found nothing shows, so a typo in the metadata is visible. */
export const RECENT_RUNS = 3;

/**
 * Why a listed run is certainly not the one asked for, whatever the server's `suite_id`/`status` filters
 * did: the listing's own fields are checked (and the chosen run is read again by id before it is judged).
 */
export function outsideQuery(listed: { suiteId?: string; status?: string }, query: RunQuery) {
  if (listed.suiteId !== undefined && listed.suiteId !== query.suiteId) return 'otherSuite' as const;
  if (query.status !== undefined && listed.status !== undefined && listed.status !== query.status) return 'otherStatus' as const;
  return undefined;
}

/**
 * One pass over a suite's runs. The API lists newest first, so the first match is the newest:
 * the scan stops at the end of that page, as long as every run read so far was in order.
 * If the order is ever broken, it reads every page and picks the highest `created_at`.
 */
export async function scanRuns(
  client: EvalsClient,
  query: RunQuery,
  options: { stopAtId?: string; assumeOrdered?: boolean; excludeId?: string } = {},
): Promise<ScanResult> {
  const result: ScanResult = {
    match: undefined,
    candidates: 0,
    scanned: 0,
    pages: 0,
    newestId: undefined,
    orderedNewestFirst: options.assumeOrdered ?? true,
    unreadableSkipped: 0,
    otherSuite: 0,
    otherStatus: 0,
    recent: [],
  };
  let previousCreatedAt = Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  pages: for await (const page of listRunPages(client, { suiteId: query.suiteId, status: query.status })) {
    result.pages++;
    // A run the gate cannot read is passed over only when it certainly is not the one asked for:
    // its metadata says so, or it is listed after (older than) a match in a newest-first listing.
    const passOver = (odd: UnreadableRun) => {
      if (options.excludeId !== undefined && odd.id === options.excludeId) return;
      const outside = outsideQuery(odd, query);
      if (outside) {
        result[outside]++;
        return;
      }
      const couldBeIt = !odd.metadata || matchesMetadata({ metadata: odd.metadata }, query.metadata);
      if (couldBeIt && !(result.match && result.orderedNewestFirst)) throw odd.error;
      result.unreadableSkipped++;
    };
    // Grouped once by position, so a page is handled in time linear in its size.
    const unreadableAfter = groupBy(page.unreadable, (odd) => odd.after);
    unreadableAfter.get(undefined)?.forEach(passOver);
    for (const run of page.data) {
      if (run.id === options.stopAtId && result.orderedNewestFirst) break pages;
      if (!seen.has(run.id)) {
        seen.add(run.id);
        result.newestId ??= run.id;
        result.scanned++;
        if (run.created_at > previousCreatedAt) result.orderedNewestFirst = false;
        previousCreatedAt = run.created_at;
        const outside = outsideQuery({ suiteId: run.suite_id, status: run.status }, query);
        if (outside) result[outside]++;
        else {
          // Cheap on a long listing: in newest-first order only the first runs change the list.
          const oldestKept = result.recent[RECENT_RUNS - 1];
          if (!oldestKept || run.created_at > oldestKept.created_at) result.recent = newestRuns([...result.recent, run]);
          if (run.id !== options.excludeId && matchesMetadata(run, query.metadata)) {
            result.candidates++;
            if (!result.match || run.created_at > result.match.created_at) result.match = run;
          }
        }
      }
      unreadableAfter.get(run.id)?.forEach(passOver);
    }
    if (result.match && result.orderedNewestFirst) break;
  }
  return result;
}

/** The RECENT_RUNS newest of `runs` by created_at, one per id (the later copy in `runs` wins), newest first. */
export function newestRuns(runs: readonly EvalRun[]): EvalRun[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  return [...byId.values()].sort((a, b) => b.created_at - a.created_at).slice(0, RECENT_RUNS);
}

/** True when a listing held no item at all (no run of any suite or status, readable or not). */
export function listedNothing(scan: Pick<ScanResult, 'scanned' | 'unreadableSkipped' | 'otherSuite' | 'otherStatus'>): boolean {
  return scan.scanned === 0 && scan.unreadableSkipped === 0 && scan.otherSuite === 0 && scan.otherStatus === 0;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Says how many listed runs were skipped because the server did not apply its filters. */
export function skippedLine(scan: Pick<ScanResult, 'otherSuite' | 'otherStatus'>, query: RunQuery): string {
  const parts = [];
  if (scan.otherSuite > 0) parts.push(`${scan.otherSuite} of another suite (the server did not filter by suite_id)`);
  if (scan.otherStatus > 0) parts.push(`${scan.otherStatus} not ${query.status} (the server did not filter by status)`);
  return `Skipped ${parts.join(' and ')} among the runs listed for suite ${query.suiteId}`;
}
