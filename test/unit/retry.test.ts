import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  ApiHttpError,
  ApiNetworkError,
  ApiProtocolError,
  DeadlineExceededError,
  RetryAfterDeadlineError,
} from '../../src/api/errors.ts';
import {
  CONFIGURATION_NETWORK_CODES,
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyFailure,
  outcomeOfApiError,
  parseRetryAfter,
  withRetries,
  type RetryContext,
  type RetryPolicy,
} from '../../src/api/retry.ts';
import { fakeTime, rejectionOf, type FakeTime } from './helpers.ts';

const ENDPOINT = 'GET /api/v1/llm/evals/runs/r1';
const httpError = (status: number, retryAfterMs?: number) =>
  new ApiHttpError({ endpoint: ENDPOINT, status, bodyExcerpt: '', retryAfterMs });
const networkError = () => new ApiNetworkError(ENDPOINT, 'ECONNRESET', 'socket hang up');

describe('classifyFailure', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i and passes its Retry-After on', (status) => {
    expect(classifyFailure(httpError(status, 1234))).toEqual({ retry: true, retryAfterMs: 1234 });
    expect(classifyFailure(httpError(status))).toEqual({ retry: true, retryAfterMs: undefined });
  });

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry HTTP %i', (status) => {
    expect(classifyFailure(httpError(status, 1000))).toEqual({ retry: false });
  });

  it('retries network failures, without a server-given delay', () => {
    expect(classifyFailure(networkError())).toEqual({ retry: true, retryAfterMs: undefined });
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CONNECT_TIMEOUT',
    'REQUEST_TIMEOUT',
  ])('retries the transient network failure %s', (code) => {
    expect(classifyFailure(new ApiNetworkError(ENDPOINT, code, 'trouble'))).toEqual({ retry: true, retryAfterMs: undefined });
  });

  // These fail the same way on every attempt: a malformed request, a certificate the runner does not trust.
  it.each(['UND_ERR_INVALID_ARG', 'CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_INVALID_CHAR'])(
    'does not retry the network failure %s',
    (code) => {
      expect(classifyFailure(new ApiNetworkError(ENDPOINT, code, 'always'))).toEqual({ retry: false });
    },
  );

  it('retries a proxy that tore the connection down before the tunnel was up (UND_ERR_PRX_CONN), like a reset', () => {
    expect(classifyFailure(new ApiNetworkError(ENDPOINT, 'UND_ERR_PRX_CONN', 'other side closed'))).toEqual({
      retry: true,
      retryAfterMs: undefined,
    });
  });

  it.each([408, 429, 500, 502, 503, 504])('retries a proxy that answered CONNECT with HTTP %i', (proxyStatus) => {
    const error = new ApiNetworkError(ENDPOINT, 'UND_ERR_ABORTED', `Proxy response (${proxyStatus}) !== 200`, { proxyStatus });
    expect(classifyFailure(error)).toEqual({ retry: true, retryAfterMs: undefined });
  });

  it.each([403, 407])('does not retry a proxy that answered CONNECT with HTTP %i (it would refuse again)', (proxyStatus) => {
    const error = new ApiNetworkError(ENDPOINT, 'UND_ERR_ABORTED', `Proxy response (${proxyStatus}) !== 200`, { proxyStatus });
    expect(classifyFailure(error)).toEqual({ retry: false });
  });

  it('retries an unusable 2xx answer like a 5xx', () => {
    expect(classifyFailure(new ApiProtocolError(ENDPOINT, 'not JSON'))).toEqual({ retry: true, retryAfterMs: undefined });
  });

  it('does not retry deadlines, aborts or unknown errors', () => {
    expect(classifyFailure(new DeadlineExceededError(ENDPOINT, 'late'))).toEqual({ retry: false });
    expect(classifyFailure(new AbortedError(ENDPOINT, 'SIGTERM'))).toEqual({ retry: false });
    expect(classifyFailure(new TypeError('boom'))).toEqual({ retry: false });
    expect(classifyFailure('a string')).toEqual({ retry: false });
  });
});

describe('outcomeOfApiError: configuration errors fail, the rest is inconclusive', () => {
  it.each([400, 401, 403, 404, 409, 422])('HTTP %i fails', (status) => {
    expect(outcomeOfApiError(httpError(status))).toBe('fail');
  });

  it.each([301, 302, 303, 307, 308])('a redirect (HTTP %i) fails, and is not retried', (status) => {
    expect(outcomeOfApiError(httpError(status))).toBe('fail');
    expect(classifyFailure(httpError(status))).toEqual({ retry: false });
  });

  it.each([300, 304, 305, 408, 429, 500, 503])('HTTP %i is inconclusive', (status) => {
    expect(outcomeOfApiError(httpError(status))).toBe('inconclusive');
  });

  it.each([
    'ENOTFOUND',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
  ])('the network failure %s fails (a wrong api-url or trust store), is not retried, and says what to do', (code) => {
    const error = new ApiNetworkError(ENDPOINT, code, 'tls');
    expect(outcomeOfApiError(error)).toBe('fail');
    expect(classifyFailure(error)).toEqual({ retry: false });
    expect(error.message).toMatch(/api-url|NODE_EXTRA_CA_CERTS/);
  });

  it('every configuration code is final (never retried) and has a hint', () => {
    for (const code of CONFIGURATION_NETWORK_CODES) {
      const error = new ApiNetworkError(ENDPOINT, code, 'detail');
      expect(classifyFailure(error), code).toEqual({ retry: false });
      expect(error.message, code).toMatch(new RegExp(`^${ENDPOINT} failed: ${code} \\(detail\\)\\. \\S`));
    }
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_INVALID_ARG', 'REQUEST_TIMEOUT'])(
    '%s stays inconclusive (a server that is down, or the gate could not tell)',
    (code) => {
      expect(outcomeOfApiError(new ApiNetworkError(ENDPOINT, code, 'trouble'))).toBe('inconclusive');
    },
  );

  it('deadlines, aborts and unusable answers are inconclusive', () => {
    expect(outcomeOfApiError(new DeadlineExceededError(ENDPOINT, 'late'))).toBe('inconclusive');
    expect(outcomeOfApiError(new AbortedError(ENDPOINT, 'SIGTERM'))).toBe('inconclusive');
    expect(outcomeOfApiError(new ApiProtocolError(ENDPOINT, 'not JSON'))).toBe('inconclusive');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date as the time left until then', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    // The two obsolete forms RFC 9110 still requires recipients to accept.
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed Oct 21 07:28:05 2015', now)).toBe(5_000);
  });

  it('clamps an HTTP-date in the past to 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or garbage header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('10s', now)).toBeUndefined();
    // Date.parse reads these as dates in 2001; they are neither delta-seconds nor an HTTP-date.
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('12/31', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 20_000 };

  it('is 0 when random gives 0', () => {
    for (let attempt = 0; attempt < 10; attempt++) expect(backoffDelay(policy, attempt, () => 0)).toBe(0);
  });

  it('stays just under the doubling ceiling when random gives 0.999', () => {
    const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000];
    ceilings.forEach((ceiling, attempt) => {
      const delay = backoffDelay(policy, attempt, () => 0.999);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
    });
  });

  it('never exceeds maxDelayMs, even for a huge attempt number', () => {
    expect(backoffDelay(policy, 200, () => 0.999)).toBeLessThanOrEqual(20_000);
    expect(backoffDelay(policy, 200, () => 0.5)).toBe(10_000);
  });
});

describe('withRetries', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };
  const context = (time: FakeTime, extra: Partial<RetryContext> = {}): RetryContext => ({
    policy,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    deadline: time.clock.now() + 60_000,
    ...extra,
  });
  /** An operation that throws the given failures in order, then returns 'ok'. */
  const failing = (...failures: Error[]) =>
    vi.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return 'ok';
    });

  it('returns at once on success', async () => {
    const time = fakeTime();
    const operation = failing();
    await expect(withRetries(ENDPOINT, operation, context(time))).resolves.toBe('ok');
    expect(operation).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries retryable failures with exponential backoff and reports each retry', async () => {
    const time = fakeTime();
    const operation = failing(httpError(503), networkError(), httpError(429));
    const onRetry = vi.fn();
    await expect(withRetries(ENDPOINT, operation, context(time, { onRetry }))).resolves.toBe('ok');
    expect(operation).toHaveBeenCalledTimes(4);
    expect(time.sleeps).toEqual([50, 100, 200]); // 0.5 * 100 * 2^attempt
    expect(onRetry.mock.calls.map(([info]) => [info.attempt, info.delayMs])).toEqual([
      [1, 50],
      [2, 100],
      [3, 200],
    ]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const time = fakeTime();
    const last = httpError(502);
    const operation = failing(httpError(500), httpError(503), httpError(504), last, httpError(500));
    const error = await rejectionOf(withRetries(ENDPOINT, operation, context(time)));
    expect(error).toBe(last);
    expect(operation).toHaveBeenCalledTimes(policy.maxAttempts);
    expect(time.sleeps).toHaveLength(policy.maxAttempts - 1);
  });

  it('uses the default policy of 6 attempts', async () => {
    const time = fakeTime();
    const operation = vi.fn(async () => {
      throw httpError(503);
    });
    await rejectionOf(withRetries(ENDPOINT, operation, context(time, { policy: DEFAULT_RETRY_POLICY })));
    expect(operation).toHaveBeenCalledTimes(6);
  });

  it('does not retry a final failure', async () => {
    const time = fakeTime();
    const final = httpError(404);
    const operation = failing(final);
    await expect(withRetries(ENDPOINT, operation, context(time))).rejects.toBe(final);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it('gives up at once on a network failure that would recur (an untrusted certificate)', async () => {
    const time = fakeTime();
    const final = new ApiNetworkError(ENDPOINT, 'CERT_HAS_EXPIRED', 'certificate has expired');
    const operation = failing(final);
    const onRetry = vi.fn();
    await expect(withRetries(ENDPOINT, operation, context(time, { onRetry }))).rejects.toBe(final);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(time.sleeps).toEqual([]);
  });

  it('waits what Retry-After asked instead of the backoff', async () => {
    const time = fakeTime();
    const operation = failing(httpError(429, 7_000));
    await withRetries(ENDPOINT, operation, context(time));
    expect(time.sleeps).toEqual([7_000]);
  });

  it('ends with RetryAfterDeadlineError when Retry-After reaches past the deadline, without sleeping', async () => {
    const time = fakeTime();
    const cause = httpError(503, 30_000);
    const operation = failing(cause);
    const error = await rejectionOf(withRetries(ENDPOINT, operation, context(time, { deadline: time.clock.now() + 10_000 })));
    expect(error).toBeInstanceOf(RetryAfterDeadlineError);
    expect((error as RetryAfterDeadlineError).lastError).toBe(cause);
    expect(error.message).toContain('gave up after 1 attempt(s)');
    expect(error.message).toContain('HTTP 503');
    expect(time.sleeps).toEqual([]);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('also caps backoff delays by the deadline, counting time already spent', async () => {
    const time = fakeTime();
    const deadline = time.clock.now() + 1_000;
    const operation = vi.fn(async () => {
      time.advance(400); // each attempt takes 400 ms
      throw networkError();
    });
    const error = await rejectionOf(withRetries(ENDPOINT, operation, context(time, { deadline })));
    // attempt 1 ends at 400, sleeps 50 → attempt 2 ends at 850; the next delay (100) would reach 950 < 1000,
    // so attempt 3 runs and ends at 1350, past the deadline: the next delay cannot fit. The client's own
    // backoff never ends the gate: the last (transient) error comes back as is, a missed poll.
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect(time.sleeps).toEqual([50, 100]);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('treats a delay exactly equal to the remaining time as past the deadline', async () => {
    const time = fakeTime();
    const operation = failing(httpError(503, 5_000));
    const error = await rejectionOf(withRetries(ENDPOINT, operation, context(time, { deadline: time.clock.now() + 5_000 })));
    expect(error).toBeInstanceOf(RetryAfterDeadlineError);
  });

  it('stops retrying once the signal is aborted, and passes the signal to sleep', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const sleep = vi.fn(async (_ms: number, signal?: AbortSignal) => {
      expect(signal).toBe(controller.signal);
      controller.abort('SIGTERM');
    });
    const second = networkError();
    const operation = failing(networkError(), second, networkError());
    const error = await rejectionOf(withRetries(ENDPOINT, operation, context(time, { sleep, signal: controller.signal })));
    expect(error).toBe(second);
    expect(operation).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('wraps a non-Error throw in an Error', async () => {
    const time = fakeTime();
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          throw 'plain string';
        },
        context(time),
      ),
    );
    expect(error.message).toBe('plain string');
  });
});
