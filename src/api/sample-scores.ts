import { API_PREFIX, type EvalsClient } from './client.ts';
import { ApiProtocolError } from './errors.ts';
import type { ScoredSample } from './score-page.ts';

export type { ScoredSample } from './score-page.ts';

/** The largest page the samples endpoint serves: ceil(completed / 500) requests per run. */
export const SAMPLE_PAGE_SIZE = 500;
/** Above this many completed samples a run is judged on its reported values: the read would be too long and large. */
export const MAX_SCORED_SAMPLES = 50_000;

export type ScoreListing =
  { kind: 'read'; samples: ScoredSample[]; pages: number; skipped: number; foreign: number } | { kind: 'too-many'; completed: number };

/**
 * Every completed sample of a run, page by page (`status=completed&limit=500`, `after` the previous page's last id,
 * while `has_more`): ceil(completed / 500) requests. `completed` is the run's own count; the listing must agree
 * with it: a page past the expected count, a repeated id or cursor, an empty page that claims more, or a total
 * that differs is an unusable listing (ApiProtocolError, not retried). Work and memory are linear in the samples.
 * API failures (HTTP, network, the deadline) are thrown as they come: the caller decides what they mean.
 */
export async function readCompletedScores(
  client: EvalsClient,
  run: { id: string; completed: number },
  metricIds: ReadonlySet<string>,
): Promise<ScoreListing> {
  if (run.completed > MAX_SCORED_SAMPLES) return { kind: 'too-many', completed: run.completed };
  const endpoint = `GET ${API_PREFIX}/runs/${run.id}/samples`;
  const expectedPages = Math.ceil(run.completed / SAMPLE_PAGE_SIZE);
  const samples: ScoredSample[] = [];
  const seenIds = new Set<string>();
  let listed = 0;
  let skipped = 0;
  let foreign = 0;
  let pages = 0;
  let after: string | undefined;
  while (pages < expectedPages) {
    const page = await client.listScorePage(run.id, { limit: SAMPLE_PAGE_SIZE, after, metricIds });
    pages++;
    listed += page.listed;
    skipped += page.skipped;
    foreign += page.foreign;
    for (const sample of page.samples) {
      if (seenIds.has(sample.id)) throw new ApiProtocolError(endpoint, `sample ${sample.id} was listed twice`);
      seenIds.add(sample.id);
      samples.push(sample);
    }
    if (!page.hasMore) break;
    if (page.listed === 0 || !page.next) throw new ApiProtocolError(endpoint, 'a page of samples claims "has_more" but is empty');
    if (page.next === after) throw new ApiProtocolError(endpoint, `pagination cursor "${page.next}" repeated; the listing would never end`);
    if (pages === expectedPages) {
      throw new ApiProtocolError(endpoint, `more than ${expectedPages} pages of completed samples for a run that counts ${run.completed}`);
    }
    after = page.next;
  }
  if (listed !== run.completed) {
    throw new ApiProtocolError(endpoint, `listed ${listed} completed samples, but the run counts ${run.completed}`);
  }
  return { kind: 'read', samples, pages, skipped, foreign };
}
