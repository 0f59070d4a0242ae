/**
 * GitHub's page-number pagination: `per_page` (default 30, at most `maxPerPage`) and `page` (from 1),
 * with the `Link` header announcing the other pages (`prev`, `first`, `next`, `last`), as GitHub's
 * REST reference describes "Using pagination in the REST API".
 */
export interface Page<T> {
  items: T[];
  /** The `Link` header, when there is another page to announce. */
  headers: Record<string, string>;
}

export interface PageRequest {
  /** Origin of the fake, e.g. http://127.0.0.1:1234: Link URLs are absolute, as GitHub writes them. */
  origin: string;
  url: URL;
  maxPerPage: number;
}

export function readPageParams(url: URL, maxPerPage: number): { perPage: number; page: number } {
  const perPage = Math.min(maxPerPage, Math.max(1, Number(url.searchParams.get('per_page') ?? '30') || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
  return { perPage, page };
}

export function paginate<T>(all: T[], request: PageRequest): Page<T> {
  const { perPage, page } = readPageParams(request.url, request.maxPerPage);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    // Other query parameters (state, sort, direction) are kept, as GitHub does.
    const target = new URL(`${request.origin}${request.url.pathname}${request.url.search}`);
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(p));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  return { items, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
