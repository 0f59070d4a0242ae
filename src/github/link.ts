/**
 * The `Link` response header of GitHub's paginated lists (RFC 8288): `<url>; rel="next", <url>; rel="last"`.
 * The client only asks whether a next page exists and then requests it by page number itself: a URL from an
 * answer is never followed, so the token can only ever go to GITHUB_API_URL.
 */

/** The relations the header names, each with its URL as written (untrusted; not to be requested). */
export function parseLinkHeader(header: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  // Each link is `<url>` followed by `; param` pairs; URLs cannot hold `>` unescaped.
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const [, url, params] = match as unknown as [string, string, string];
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    // One link may carry several space-separated relations (rel="next last").
    for (const name of rel?.trim().toLowerCase().split(/\s+/) ?? []) if (!links.has(name)) links.set(name, url);
  }
  return links;
}

export function hasNextPage(header: string | undefined): boolean {
  return parseLinkHeader(header).has('next');
}
