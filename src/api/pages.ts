import { API_PREFIX, type EvalsClient, type ListRunsParams } from './client.ts';
import { ApiProtocolError } from './errors.ts';
import type { RunList } from './models.ts';

export const MAX_PAGE_SIZE = 100;
const LIST_ENDPOINT = `GET ${API_PREFIX}/runs`;

/**
 * Walks the list endpoint page by page (`after` = previous `last_id`) while `has_more`.
 * A cursor that comes back twice, or an empty page that claims more, would loop forever:
 * both are protocol errors.
 */
export async function* listRunPages(
  client: EvalsClient,
  params: Omit<ListRunsParams, 'after' | 'limit'> & { limit?: number },
): AsyncGenerator<RunList> {
  const seenCursors = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await client.listRuns({ ...params, limit: params.limit ?? MAX_PAGE_SIZE, after });
    yield page;
    if (!page.has_more) return;
    const next = page.last_id;
    if (!next || page.data.length + page.unreadable.length === 0) {
      throw new ApiProtocolError(LIST_ENDPOINT, 'a page claims "has_more" but is empty');
    }
    if (seenCursors.has(next)) {
      throw new ApiProtocolError(LIST_ENDPOINT, `pagination cursor "${next}" repeated; the listing would never end`);
    }
    seenCursors.add(next);
    after = next;
  }
}
