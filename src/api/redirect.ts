import { oneLine } from '../safety/one-line.ts';
import type { Redactor } from '../safety/redact.ts';

/** Redirect statuses: the gate does not follow them (the key would be sent wherever they point), it says where they go. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const MAX_SHOWN_CHARS = 200;

/** Where a redirect points, as it may be shown, and the `api-url` that would reach the same endpoint there. */
export interface RedirectTarget {
  /** The Location resolved against the request, without user info, query or fragment; redacted and bounded. */
  shown: string;
  /** The base URL to use as `api-url`, when the Location is the same endpoint under another base. */
  apiUrl: string | undefined;
}

/**
 * Reads a Location header, which is untrusted (any server, proxy or captive portal on the way can send one): only an
 * http(s) URL is shown, and only its scheme, host, port and path, never user info, query or fragment (they may hold
 * tokens). The URL parser percent-encodes what a path cannot hold, so no line break or control character survives;
 * the logger still neutralizes and the summary still escapes what is shown.
 */
export function redirectTarget(location: unknown, requestUrl: string, redact: Redactor): RedirectTarget | undefined {
  if (typeof location !== 'string' || location.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(location.trim(), requestUrl);
  } catch {
    return { shown: '(a Location header that is not a URL)', apiUrl: undefined };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { shown: '(a Location header that is not an http or https URL)', apiUrl: undefined };
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const bounded = (text: string) => oneLine(text, { redact, flatten: 'all-whitespace', maxChars: MAX_SHOWN_CHARS });
  const requestedPath = new URL(requestUrl).pathname;
  const samePathElsewhere = url.pathname.endsWith(requestedPath) && url.href !== new URL(requestedPath, requestUrl).href;
  const apiUrl = samePathElsewhere ? `${url.origin}${url.pathname.slice(0, url.pathname.length - requestedPath.length)}` : undefined;
  return { shown: bounded(url.href), apiUrl: apiUrl === undefined ? undefined : bounded(apiUrl) };
}
