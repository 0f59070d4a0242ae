/**
 * GitHub's REST rate limits, as "Rate limits for the REST API" documents them. Over the primary limit GitHub
 * answers 403 or 429 with `x-ratelimit-remaining: 0`: no request before `x-ratelimit-reset` (epoch seconds).
 * Over a secondary limit it answers 403 or 429 with a message saying so: no request before `retry-after`
 * seconds when that header is there, before `x-ratelimit-reset` when remaining is 0, else after at least a minute.
 */
import { parseRetryAfter } from '../core/retry-timing.ts';

/** What the `x-ratelimit-*` headers of one answer said (absent or unreadable headers are undefined). */
export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  used: number | undefined;
  /** When the window resets, in milliseconds since the epoch. */
  resetAtMs: number | undefined;
  resource: string | undefined;
}

/** Why and until when GitHub refuses requests. */
export interface RateLimitHold {
  kind: 'primary' | 'secondary';
  /** Clock time (ms since the epoch) from which a request may be made again. */
  retryAtMs: number;
  /** Which rule set retryAtMs: the reset header, retry-after, or GitHub's "wait at least a minute". */
  basis: 'reset' | 'retry-after' | 'one-minute';
}

export type HeaderValue = string | string[] | undefined;
export type Headers = Record<string, HeaderValue>;

/** GitHub's advice when a secondary limit names no time. */
export const SECONDARY_DEFAULT_WAIT_MS = 60_000;
/** A reset already in the past (clock skew) still waits this long, so the retry is not immediate. */
const MIN_WAIT_MS = 1_000;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

export function readRateLimit(headers: Headers): RateLimitState {
  const reset = count(header(headers, 'x-ratelimit-reset'));
  const resource = header(headers, 'x-ratelimit-resource');
  return {
    limit: count(header(headers, 'x-ratelimit-limit')),
    remaining: count(header(headers, 'x-ratelimit-remaining')),
    used: count(header(headers, 'x-ratelimit-used')),
    resetAtMs: reset === undefined ? undefined : reset * 1000,
    // Shown in messages: only a plain word is kept.
    resource: resource !== undefined && /^[a-z_]{1,40}$/.test(resource) ? resource : undefined,
  };
}

/**
 * Whether a failed answer is a rate limit, and until when. Only 403 and 429 can be; a 403 without any sign of
 * a limit is a permission problem, not a rate limit. `message` is GitHub's error message (untrusted, only searched).
 */
export function rateLimitHold(status: number, headers: Headers, message: string, nowMs: number): RateLimitHold | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const state = readRateLimit(headers);
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), nowMs);
  const secondaryMessage = /secondary rate limit|abuse detection/i.test(message);
  const primaryMessage = /API rate limit exceeded/i.test(message);
  const kind = !secondaryMessage && (state.remaining === 0 || primaryMessage) ? 'primary' : 'secondary';
  if (retryAfterMs !== undefined) return { kind, retryAtMs: nowMs + Math.max(MIN_WAIT_MS, retryAfterMs), basis: 'retry-after' };
  if (state.remaining === 0) {
    const resetAt = state.resetAtMs ?? nowMs + SECONDARY_DEFAULT_WAIT_MS;
    return { kind, retryAtMs: Math.max(nowMs + MIN_WAIT_MS, resetAt), basis: state.resetAtMs === undefined ? 'one-minute' : 'reset' };
  }
  // A 429 is a rate limit by definition; a 403 only when its message says so.
  if (status === 429 || secondaryMessage || primaryMessage) {
    return { kind, retryAtMs: nowMs + SECONDARY_DEFAULT_WAIT_MS, basis: 'one-minute' };
  }
  return undefined;
}

export { parseRetryAfter };
