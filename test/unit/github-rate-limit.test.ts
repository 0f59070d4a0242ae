/** GitHub's rate-limit rules and Link header, as pure functions. */
import { describe, expect, it } from 'vitest';
import { classifyFailure, isRetryable } from '../../src/github/errors.ts';
import { hasNextPage, parseLinkHeader } from '../../src/github/link.ts';
import { parseRetryAfter, rateLimitHold, readRateLimit } from '../../src/github/rate-limit.ts';

const NOW = 1_700_000_000_000;
const NOW_S = NOW / 1000;

describe('rateLimitHold', () => {
  it.each([
    [
      '403, remaining 0: primary until the reset',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 90) },
      '',
      { kind: 'primary', retryAtMs: NOW + 90_000, basis: 'reset' },
    ],
    [
      '429, remaining 0: primary until the reset',
      429,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 5) },
      '',
      { kind: 'primary', retryAtMs: NOW + 5_000, basis: 'reset' },
    ],
    [
      'retry-after wins over the reset',
      403,
      { 'retry-after': '12', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 90) },
      '',
      { kind: 'primary', retryAtMs: NOW + 12_000, basis: 'retry-after' },
    ],
    [
      'secondary with retry-after',
      403,
      { 'retry-after': '3', 'x-ratelimit-remaining': '400' },
      'You have exceeded a secondary rate limit',
      { kind: 'secondary', retryAtMs: NOW + 3_000, basis: 'retry-after' },
    ],
    [
      'secondary with remaining 0 waits for the reset',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 30) },
      'secondary rate limit',
      { kind: 'secondary', retryAtMs: NOW + 30_000, basis: 'reset' },
    ],
    [
      'secondary without headers: a minute',
      403,
      { 'x-ratelimit-remaining': '10' },
      'You have exceeded a secondary rate limit.',
      { kind: 'secondary', retryAtMs: NOW + 60_000, basis: 'one-minute' },
    ],
    ['429 without headers: a minute', 429, {}, '', { kind: 'secondary', retryAtMs: NOW + 60_000, basis: 'one-minute' }],
    [
      'remaining 0 without a reset: a minute',
      403,
      { 'x-ratelimit-remaining': '0' },
      '',
      { kind: 'primary', retryAtMs: NOW + 60_000, basis: 'one-minute' },
    ],
    [
      'a reset already past still waits a second',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S - 100) },
      '',
      { kind: 'primary', retryAtMs: NOW + 1_000, basis: 'reset' },
    ],
    [
      'the primary message without headers: a minute',
      403,
      {},
      'API rate limit exceeded for installation ID 1.',
      { kind: 'primary', retryAtMs: NOW + 60_000, basis: 'one-minute' },
    ],
  ] as const)('%s', (_what, status, headers, message, expected) => {
    expect(rateLimitHold(status, headers, message, NOW)).toEqual(expected);
  });

  it.each([
    ['a 403 that is a permission problem', 403, { 'x-ratelimit-remaining': '999' }, 'Resource not accessible by integration'],
    ['a 500 with remaining 0', 500, { 'x-ratelimit-remaining': '0' }, ''],
    ['a 401', 401, { 'retry-after': '5' }, ''],
    ['unreadable headers on a 403', 403, { 'x-ratelimit-remaining': 'zero', 'retry-after': 'soon' }, ''],
  ] as const)('is not a rate limit: %s', (_what, status, headers, message) => {
    expect(rateLimitHold(status, headers, message, NOW)).toBeUndefined();
  });
});

describe('classifyFailure', () => {
  const classify = (status: number, headers: Record<string, string> = {}) =>
    classifyFailure({ endpoint: 'GET /x', status, headers, message: 'm', operation: 'read-status', nowMs: NOW });

  it('sorts statuses into kinds; only transient (and unusable) failures are retried', () => {
    const kinds = [401, 403, 400, 422, 404, 409, 408, 500, 502, 503].map((status) => {
      const classified = classify(status);
      return classified.kind === 'error' ? [status, classified.error.kind, isRetryable(classified.error)] : [status, classified.kind];
    });
    expect(kinds).toEqual([
      [401, 'auth', false],
      [403, 'auth', false],
      [400, 'validation', false],
      [422, 'validation', false],
      [404, 'rejected', false],
      [409, 'rejected', false],
      [408, 'transient', true],
      [500, 'transient', true],
      [502, 'transient', true],
      [503, 'transient', true],
    ]);
    expect(classify(403, { 'x-ratelimit-remaining': '0' }).kind).toBe('rate-limit');
    expect(classify(429).kind).toBe('rate-limit');
  });
});

describe('headers', () => {
  it('readRateLimit reads the five headers and ignores what is not a count', () => {
    expect(
      readRateLimit({
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '7',
        'x-ratelimit-used': '993',
        'x-ratelimit-reset': String(NOW_S),
        'x-ratelimit-resource': 'core',
      }),
    ).toEqual({ limit: 1000, remaining: 7, used: 993, resetAtMs: NOW, resource: 'core' });
    expect(readRateLimit({ 'x-ratelimit-limit': '-1', 'x-ratelimit-remaining': '1e3', 'x-ratelimit-resource': 'core\n::x' })).toEqual({
      limit: undefined,
      remaining: undefined,
      used: undefined,
      resetAtMs: undefined,
      resource: undefined,
    });
  });

  it('parseRetryAfter reads seconds and HTTP dates, nothing else', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW + 5_000).toUTCString(), NOW)).toBe(5_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    for (const bad of ['1.5', '-1', 'soon', '', undefined]) expect(parseRetryAfter(bad, NOW)).toBeUndefined();
  });

  it('parseLinkHeader reads each relation; hasNextPage only asks for rel="next"', () => {
    const header = '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"';
    expect(Object.fromEntries(parseLinkHeader(header))).toEqual({
      next: 'https://api.github.com/x?page=2',
      last: 'https://api.github.com/x?page=5',
    });
    expect(hasNextPage(header)).toBe(true);
    expect(hasNextPage('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBe(false);
    expect(hasNextPage('<a>; rel=next')).toBe(true);
    expect(hasNextPage('<a>; title="next"; rel="prev next"')).toBe(true);
    expect(hasNextPage(undefined)).toBe(false);
    expect(hasNextPage('rel="next"')).toBe(false);
  });
});
