import { readFileSync } from 'node:fs';
import { Agent, MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import {
  AbortedError,
  ApiHttpError,
  ApiNetworkError,
  ApiProtocolError,
  DeadlineExceededError,
  RetryAfterDeadlineError,
} from '../../src/api/errors.ts';
import { listRunPages } from '../../src/api/pages.ts';
import type { EvalRun } from '../../src/api/models.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { Logger } from '../../src/core/log.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import { DEMO_SUITE, scenarios } from '../emulator/scenarios.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { RUNS_PATH, TEST_KEY, TEST_ORIGIN, fakeTime, listJson, makeClient, rejectionOf, runJson, type FakeTime } from './helpers.ts';

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

function normaliseHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) headers[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  } else if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

describe('EvalsClient with a mocked transport', () => {
  let agent: MockAgent;
  let time: FakeTime;
  /** Requests the mocks answered, in order. */
  let seen: SeenRequest[];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    time = fakeTime();
    seen = [];
  });
  afterEach(async () => {
    await agent.close();
  });

  const pool = () => agent.get(TEST_ORIGIN);
  const anyPath = (path: string) => path.startsWith(RUNS_PATH);

  /** Answers the next request to `method` with `status` and `body`, recording what was sent. */
  function reply(status: number, body: unknown, headers: Record<string, string> = {}, method = 'GET') {
    pool()
      .intercept({ path: anyPath, method })
      .reply((opts) => {
        const url = new URL(opts.path, TEST_ORIGIN);
        seen.push({
          method: opts.method,
          path: url.pathname,
          query: url.searchParams,
          headers: normaliseHeaders(opts.headers),
          body: opts.body,
        });
        return {
          statusCode: status,
          data: typeof body === 'string' ? body : JSON.stringify(body),
          responseOptions: { headers: { 'content-type': 'application/json', ...headers } },
        };
      });
  }

  function replyWithNetworkError(code: string, message: string) {
    pool()
      .intercept({ path: anyPath })
      .replyWithError(Object.assign(new Error(message), { code }));
  }

  const client = (overrides: Parameters<typeof makeClient>[2] = {}) => makeClient(agent, time, overrides);

  describe('requests', () => {
    it('sends the bearer key, JSON accept and a User-Agent naming the action and its version', async () => {
      reply(200, runJson({ id: 'r1' }));
      await client().getRun('r1');
      expect(seen).toHaveLength(1);
      const headers = seen[0]!.headers;
      expect(headers.authorization).toBe(`Bearer ${TEST_KEY}`);
      expect(headers.accept).toBe('application/json');
      expect(headers['user-agent']).toBe(USER_AGENT);
      expect(headers['user-agent']).toContain(`mka1-eval-gate/${PACKAGE_VERSION}`);
      expect(headers).not.toHaveProperty('x-on-behalf-of');
      expect(seen[0]!.path).toBe(`${RUNS_PATH}/r1`);
    });

    it('sends X-On-Behalf-Of only when on-behalf-of is set', async () => {
      reply(200, runJson({ id: 'r1' }));
      await client({ onBehalfOf: 'team_42' }).getRun('r1');
      expect(seen[0]!.headers['x-on-behalf-of']).toBe('team_42');

      reply(200, runJson({ id: 'r1' }));
      await client({ onBehalfOf: '' }).getRun('r1');
      expect(seen[1]!.headers).not.toHaveProperty('x-on-behalf-of');
    });

    it('encodes the run id into the path, and refuses an answer whose id is not a valid id', async () => {
      // An unusable answer is retried like a 5xx (6 attempts), then reported.
      for (let i = 0; i < 6; i++) reply(200, runJson({ id: 'a/b c' }));
      await expect(client().getRun('a/b c')).rejects.toThrow(/"id" that is not a valid id \(5 characters/);
      expect(seen[0]!.path).toBe(`${RUNS_PATH}/a%2Fb%20c`);
    });

    it('cancels with POST /runs/{id}/cancel and a JSON body', async () => {
      reply(200, runJson({ id: 'r1', status: 'cancelling' }), {}, 'POST');
      const run = await client().cancelRun('r1');
      expect(run.status).toBe('cancelling');
      expect(seen[0]!.method).toBe('POST');
      expect(seen[0]!.path).toBe(`${RUNS_PATH}/r1/cancel`);
      expect(seen[0]!.headers['content-type']).toBe('application/json');
      expect(seen[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    });

    it('lists with suite_id and a default limit of 100, and no after or status unless given', async () => {
      reply(200, listJson([runJson()]));
      const page = await client().listRuns({ suiteId: 'eval_suite_1' });
      expect(page.data.map((run) => run.id)).toEqual(['eval_run_1']);
      const query = seen[0]!.query;
      expect(seen[0]!.path).toBe(RUNS_PATH);
      expect(Object.fromEntries(query)).toEqual({ suite_id: 'eval_suite_1', limit: '100' });
    });

    it('passes limit, after and status through as query parameters', async () => {
      reply(200, listJson([]));
      await client().listRuns({ suiteId: 'eval_suite_1', limit: 7, after: 'eval_run_9', status: 'in_progress' });
      expect(Object.fromEntries(seen[0]!.query)).toEqual({
        suite_id: 'eval_suite_1',
        limit: '7',
        after: 'eval_run_9',
        status: 'in_progress',
      });
    });
  });

  describe('ETag reuse', () => {
    it('sends If-None-Match after an ETag and reuses the cached run on 304', async () => {
      const c = client();
      reply(200, runJson({ id: 'r1', status: 'in_progress' }), { etag: 'W/"v1"' });
      const first = await c.getRun('r1');
      expect(seen[0]!.headers).not.toHaveProperty('if-none-match');

      reply(304, '', { etag: 'W/"v1"' });
      const second = await c.getRun('r1');
      expect(seen[1]!.headers['if-none-match']).toBe('W/"v1"');
      expect(second).toEqual(first);
      expect(second.status).toBe('in_progress');
      expect(c.stats).toEqual({ requests: 2, retries: 0, notModified: 1 });
    });

    it('replaces the cached run and ETag when the run changed', async () => {
      const c = client();
      reply(200, runJson({ id: 'r1', status: 'in_progress' }), { etag: '"v1"' });
      await c.getRun('r1');
      reply(200, runJson({ id: 'r1', status: 'completed' }), { etag: '"v2"' });
      const changed = await c.getRun('r1');
      reply(304, '');
      const reused = await c.getRun('r1');
      expect(seen.map((request) => request.headers['if-none-match'])).toEqual([undefined, '"v1"', '"v2"']);
      expect(changed.status).toBe('completed');
      expect(reused.status).toBe('completed');
      expect(c.stats.notModified).toBe(1);
    });

    it('keeps ETags per run and sends none without one', async () => {
      const c = client();
      reply(200, runJson({ id: 'r1' }), { etag: '"r1v1"' });
      await c.getRun('r1');
      reply(200, runJson({ id: 'r2' }));
      await c.getRun('r2');
      reply(200, runJson({ id: 'r2' }));
      await c.getRun('r2');
      expect(seen.map((request) => request.headers['if-none-match'])).toEqual([undefined, undefined, undefined]);
      expect(c.stats.notModified).toBe(0);
    });
  });

  describe('HTTP errors', () => {
    it('carries status, endpoint, a body excerpt and Retry-After', async () => {
      reply(429, { error: { message: 'slow down' } }, { 'retry-after': '7' });
      const error = await rejectionOf(client({ retry: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 1000 } }).getRun('r1'));
      expect(error).toBeInstanceOf(ApiHttpError);
      const http = error as ApiHttpError;
      expect(http.status).toBe(429);
      expect(http.endpoint).toBe(`GET ${RUNS_PATH}/r1`);
      expect(http.bodyExcerpt).toBe('{"error":{"message":"slow down"}}');
      expect(http.retryAfterMs).toBe(7_000);
      expect(http.message).toContain('HTTP 429');
      expect(http.message).toContain('slow down');
    });

    it('collapses whitespace and cuts long bodies to 200 characters', async () => {
      reply(422, `  line one\n\n\tline two ${'x'.repeat(500)}`);
      const error = (await rejectionOf(client().listRuns({ suiteId: 's' }))) as ApiHttpError;
      expect(error.bodyExcerpt.startsWith('line one line two xxx')).toBe(true);
      expect(error.bodyExcerpt).toHaveLength(201);
      expect(error.bodyExcerpt.endsWith('…')).toBe(true);
    });

    it.each([
      [401, 'getRun', 'api-key'],
      [403, 'getRun', 'read:evals'],
      [404, 'getRun', 'run-id'],
      [404, 'listRuns', 'api-url'],
    ] as const)('explains HTTP %i from %s (mentions %s)', async (status, method, hint) => {
      reply(status, { error: { message: 'no' } });
      const c = client();
      const error = await rejectionOf(method === 'getRun' ? c.getRun('r1') : c.listRuns({ suiteId: 's' }));
      expect(error).toBeInstanceOf(ApiHttpError);
      expect(error.message).toContain(hint);
    });

    it.each([301, 302, 307, 308])(
      'does not follow a redirect (HTTP %i): one request, and the error says where it points',
      async (status) => {
        reply(status, '<html>Moved</html>', { location: `https://user:pw@api.moved.test${RUNS_PATH}/r1?token=${TEST_KEY}` });
        const c = client();
        const error = (await rejectionOf(c.getRun('r1'))) as ApiHttpError;
        expect(error).toBeInstanceOf(ApiHttpError);
        expect(error.status).toBe(status);
        expect(error.redirect).toEqual({ shown: `https://api.moved.test${RUNS_PATH}/r1`, apiUrl: 'https://api.moved.test' });
        expect(error.message).toContain(
          `answered HTTP ${status}. \`api-url\` answers with a redirect to https://api.moved.test${RUNS_PATH}/r1`,
        );
        expect(error.message).toContain('set `api-url` to https://api.moved.test');
        expect(error.message).not.toMatch(/token|pw@|Moved/);
        expect(c.stats.requests).toBe(1);
        expect(seen).toHaveLength(1);
      },
    );

    it('redacts the key when the server echoes it back', async () => {
      reply(400, { error: { message: `bad header "authorization: Bearer ${TEST_KEY}"` } });
      const error = (await rejectionOf(client().getRun('r1'))) as ApiHttpError;
      expect(error.message).not.toContain(TEST_KEY);
      expect(error.bodyExcerpt).not.toContain(TEST_KEY);
      expect(error.bodyExcerpt).toContain('Bearer ***');
    });

    it('redacts the key from retry log lines and network error details', async () => {
      const lines: string[] = [];
      const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warning: (m) => lines.push(m) };
      reply(503, `upstream rejected key ${TEST_KEY}`);
      replyWithNetworkError('ECONNRESET', `socket closed while sending ${TEST_KEY}`);
      replyWithNetworkError('ECONNRESET', `socket closed while sending ${TEST_KEY}`);
      const error = await rejectionOf(client({ logger, retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } }).getRun('r1'));
      expect(error).toBeInstanceOf(ApiNetworkError);
      expect(error.message).toContain('***');
      expect(error.message).not.toContain(TEST_KEY);
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).toContain('***');
        expect(line).not.toContain(TEST_KEY);
      }
    });
  });

  describe('protocol errors', () => {
    it.each([
      ['a non-JSON body', '<html>502 Bad Gateway</html>', 'not JSON'],
      ['an empty body', '', 'not JSON'],
      ['a run without request_counts', runJson({ id: 'r1', request_counts: undefined }), 'request_counts'],
      ['a run without status', runJson({ id: 'r1', status: undefined }), 'status'],
      ['an unknown status', runJson({ id: 'r1', status: 'paused' }), 'unknown status "paused"'],
      ['another run', runJson({ id: 'r2' }), 'asked for run "r1" but got "r2"'],
      ['a JSON array', [runJson({ id: 'r1' })], 'not a JSON object'],
    ])('retries %s from getRun like a 5xx, and names it when it lasts', async (_what, body, detail) => {
      for (let i = 0; i < 6; i++) reply(200, body);
      const c = client();
      const error = await rejectionOf(c.getRun('r1'));
      expect(error).toBeInstanceOf(ApiProtocolError);
      expect(error.message).toContain(detail);
      expect((error as ApiProtocolError).endpoint).toBe(`GET ${RUNS_PATH}/r1`);
      expect(c.stats.requests).toBe(6);
      expect(time.sleeps).toHaveLength(5);
    });

    it('recovers when an unusable answer (an HTML page from a proxy) is followed by a good one', async () => {
      reply(200, '<html>502 Bad Gateway</html>');
      reply(200, runJson({ id: 'r1' }));
      const c = client();
      await expect(c.getRun('r1')).resolves.toMatchObject({ id: 'r1' });
      expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
    });

    it.each([
      ['no data array', { object: 'list', has_more: false }, '"data"'],
      ['no has_more', { object: 'list', data: [] }, 'has_more'],
      ['has_more without a cursor', { object: 'list', data: [], has_more: true }, 'last_id'],
    ])('rejects a list with %s', async (_what, body, detail) => {
      for (let i = 0; i < 6; i++) reply(200, body);
      const error = await rejectionOf(client().listRuns({ suiteId: 's' }));
      expect(error).toBeInstanceOf(ApiProtocolError);
      expect(error.message).toContain(detail);
    });

    it('keeps a run it cannot read apart from the others, with its metadata', async () => {
      reply(200, listJson([runJson({ id: 'odd', status: 'paused', metadata: { branch: 'x' } }), runJson({ id: 'fine' })]));
      const page = await client().listRuns({ suiteId: 's' });
      expect(page.data.map((r) => r.id)).toEqual(['fine']);
      expect(page.unreadable).toHaveLength(1);
      expect(page.unreadable[0]).toMatchObject({ id: 'odd', metadata: { branch: 'x' } });
      expect(page.unreadable[0]!.error.message).toContain('unknown status "paused"');
    });
  });

  describe('retries', () => {
    it.each([429, 500, 502, 503, 504])('retries HTTP %i, then succeeds', async (status) => {
      reply(status, { error: { message: 'try again' } });
      reply(200, runJson({ id: 'r1' }));
      const c = client();
      const run = await c.getRun('r1');
      expect(run.id).toBe('r1');
      expect(seen).toHaveLength(2);
      expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
      expect(time.sleeps).toEqual([250]); // 0.5 * 500 * 2^0
    });

    it.each(['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET'])('retries a %s network error', async (code) => {
      replyWithNetworkError(code, 'connection trouble');
      reply(200, runJson({ id: 'r1' }));
      const c = client();
      await expect(c.getRun('r1')).resolves.toMatchObject({ id: 'r1' });
      expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
      expect(time.sleeps).toEqual([250]);
    });

    it.each([
      ['UND_ERR_INVALID_ARG', 'invalid header value'],
      ['CERT_HAS_EXPIRED', 'certificate has expired'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ])('does not retry a %s network error: it would fail the same way again', async (code, message) => {
      replyWithNetworkError(code, message);
      const c = client();
      const error = await rejectionOf(c.getRun('r1'));
      expect(error).toBeInstanceOf(ApiNetworkError);
      expect((error as ApiNetworkError).code).toBe(code);
      expect(error.message).toContain(message);
      expect(c.stats).toMatchObject({ requests: 1, retries: 0 });
      expect(time.sleeps).toEqual([]);
    });

    it('points a certificate error to NODE_EXTRA_CA_CERTS, and only a certificate error', async () => {
      replyWithNetworkError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');
      const error = await rejectionOf(client().getRun('r1'));
      expect(error).toBeInstanceOf(ApiNetworkError);
      expect(error.message).toContain('SELF_SIGNED_CERT_IN_CHAIN');
      expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
      for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
        expect(new ApiNetworkError(`GET ${RUNS_PATH}/r1`, code, 'tls').message, code).toContain('NODE_EXTRA_CA_CERTS');
      }
      // An expired certificate or a host name mismatch is not fixed by trusting another CA.
      for (const code of [
        'CERT_HAS_EXPIRED',
        'ERR_TLS_CERT_ALTNAME_INVALID',
        'ECONNRESET',
        'ENOTFOUND',
        'UND_ERR_INVALID_ARG',
        'REQUEST_TIMEOUT',
      ]) {
        expect(new ApiNetworkError(`GET ${RUNS_PATH}/r1`, code, 'trouble').message, code).not.toContain('NODE_EXTRA_CA_CERTS');
      }
    });

    it('backs off exponentially and gives up after 6 attempts with the last error', async () => {
      for (let i = 0; i < 6; i++) reply(503, { error: { message: `attempt ${i + 1}` } });
      const c = client();
      const error = (await rejectionOf(c.getRun('r1'))) as ApiHttpError;
      expect(error).toBeInstanceOf(ApiHttpError);
      expect(error.status).toBe(503);
      expect(error.message).toContain('attempt 6');
      expect(time.sleeps).toEqual([250, 500, 1_000, 2_000, 4_000]);
      expect(c.stats).toMatchObject({ requests: 6, retries: 5 });
    });

    it('waits the Retry-After seconds instead of the backoff', async () => {
      reply(429, {}, { 'retry-after': '3' });
      reply(503, {}, { 'retry-after': '0' });
      reply(200, runJson({ id: 'r1' }));
      await client().getRun('r1');
      expect(time.sleeps).toEqual([3_000, 0]);
    });

    it('waits until a Retry-After HTTP-date', async () => {
      // HTTP-dates are wall-clock times with whole seconds: the wait is 9-10 s.
      reply(503, {}, { 'retry-after': new Date(Date.now() + 10_000).toUTCString() });
      reply(200, runJson({ id: 'r1' }));
      await client().getRun('r1');
      expect(time.sleeps).toHaveLength(1);
      expect(time.sleeps[0]).toBeGreaterThan(8_000);
      expect(time.sleeps[0]).toBeLessThanOrEqual(10_000);
    });

    it('falls back to backoff on a garbage Retry-After', async () => {
      reply(503, {}, { 'retry-after': '1.5' });
      reply(200, runJson({ id: 'r1' }));
      await client().getRun('r1');
      expect(time.sleeps).toEqual([250]);
    });

    it.each([400, 401, 403, 404, 422])('does not retry HTTP %i', async (status) => {
      reply(status, { error: { message: 'final' } });
      const c = client();
      const error = (await rejectionOf(c.getRun('r1'))) as ApiHttpError;
      expect(error.status).toBe(status);
      expect(c.stats).toMatchObject({ requests: 1, retries: 0 });
      expect(time.sleeps).toEqual([]);
    });

    it('ends with RetryAfterDeadlineError when Retry-After exceeds the remaining time', async () => {
      reply(503, { error: { message: 'maintenance' } }, { 'retry-after': '120' });
      const c = client({ deadline: time.clock.now() + 60_000 });
      const error = await rejectionOf(c.getRun('r1'));
      expect(error).toBeInstanceOf(RetryAfterDeadlineError);
      const lastError = (error as RetryAfterDeadlineError).lastError as ApiHttpError;
      expect(lastError).toBeInstanceOf(ApiHttpError);
      expect(lastError.status).toBe(503);
      expect(lastError.retryAfterMs).toBe(120_000);
      expect(time.sleeps).toEqual([]);
      expect(c.stats.requests).toBe(1);
    });

    it('sends nothing once the deadline has passed', async () => {
      const c = client({ deadline: time.clock.now() - 1 });
      const error = await rejectionOf(c.getRun('r1'));
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(c.stats.requests).toBe(0);
      expect(seen).toEqual([]);
    });

    it('sends nothing when already aborted', async () => {
      const controller = new AbortController();
      controller.abort('SIGTERM');
      const c = client({ signal: controller.signal });
      const error = await rejectionOf(c.getRun('r1'));
      expect(error).toBeInstanceOf(AbortedError);
      expect(error.message).toContain('SIGTERM');
      expect(c.stats.requests).toBe(0);
    });

    it('a proxy answering CONNECT with 503 is a network error carrying the proxy status, retried like a 503', async () => {
      replyWithNetworkError('UND_ERR_ABORTED', 'Proxy response (503) !== 200 when HTTP Tunneling');
      reply(200, runJson({ id: 'r1' }));
      const run = await client().getRun('r1');
      expect(run.id).toBe('r1');
      expect(time.sleeps).toHaveLength(1);

      replyWithNetworkError('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling');
      const refused = await rejectionOf(client().getRun('r1'));
      expect(refused).toBeInstanceOf(ApiNetworkError);
      expect((refused as ApiNetworkError).proxyStatus).toBe(407);
      expect(time.sleeps).toHaveLength(1);
    });

    it('withDeadline drops the abort signal and shares the request counts', async () => {
      const controller = new AbortController();
      controller.abort('SIGTERM');
      const c = client({ signal: controller.signal });
      reply(200, runJson({ id: 'r1', status: 'cancelling' }), {}, 'POST');
      const run = await c.withDeadline(time.clock.now() + 5_000).cancelRun('r1');
      expect(run.status).toBe('cancelling');
      expect(c.stats.requests).toBe(1);
    });
  });
});

describe('EvalsClient against the emulator over loopback', () => {
  let emulator: Emulator | undefined;
  let dispatcher: Agent | undefined;

  afterEach(async () => {
    await emulator?.close();
    await dispatcher?.close();
    emulator = undefined;
    dispatcher = undefined;
  });

  function loopbackClient(target: Emulator, overrides: Partial<ConstructorParameters<typeof EvalsClient>[0]> = {}) {
    dispatcher ??= new Agent();
    return new EvalsClient({
      baseUrl: target.url,
      apiKey: target.apiKey,
      userAgent: USER_AGENT,
      dispatcher,
      requestTimeoutMs: 5_000,
      deadline: Date.now() + 20_000,
      clock: systemClock,
      sleep: async () => {
        throw new Error('no retry expected');
      },
      ...overrides,
    });
  }

  it('lists all 250 runs of a suite newest first, without duplicates, in exactly 3 requests', async () => {
    emulator = await startEmulator({ scenario: scenarios['many-runs']! });
    const client = loopbackClient(emulator);
    const runs: EvalRun[] = [];
    const lastIds: (string | null)[] = [];
    for await (const page of listRunPages(client, { suiteId: DEMO_SUITE })) {
      runs.push(...page.data);
      lastIds.push(page.last_id);
    }

    expect(runs).toHaveLength(250);
    expect(new Set(runs.map((run) => run.id)).size).toBe(250);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.created_at).toBeLessThanOrEqual(runs[i - 1]!.created_at);
    expect(runs[0]!.created_at).toBeGreaterThan(runs[249]!.created_at);
    // The scenario's oldest run is the only one tagged target=yes: it must come last.
    expect(runs[249]!.metadata.target).toBe('yes');
    expect(runs.every((run) => run.suite_id === DEMO_SUITE)).toBe(true);

    expect(emulator.requests).toHaveLength(3);
    expect(client.stats).toEqual({ requests: 3, retries: 0, notModified: 0 });
    expect(emulator.requests.map((request) => request.answer)).toEqual(['200', '200', '200']);
    expect(emulator.requests.map((request) => request.query.limit)).toEqual(['100', '100', '100']);
    expect(emulator.requests.map((request) => request.query.suite_id)).toEqual([DEMO_SUITE, DEMO_SUITE, DEMO_SUITE]);
    expect(emulator.requests.map((request) => request.query.after)).toEqual([undefined, lastIds[0], lastIds[1]]);
    expect(lastIds[0]).toBe(runs[99]!.id);
    expect(lastIds[1]).toBe(runs[199]!.id);
  });

  it('reuses the run on 304 when the emulator gives an ETag', async () => {
    emulator = await startEmulator({ scenario: { runs: [{ id: 'eval_run_done', total: 5 }] } });
    const client = loopbackClient(emulator);
    const first = await client.getRun('eval_run_done');
    const second = await client.getRun('eval_run_done');
    expect(second).toEqual(first);
    expect(client.stats.notModified).toBe(1);
    expect(emulator.requests.map((request) => request.answer)).toEqual(['200', '304']);
    expect(emulator.requests[1]!.headers['if-none-match']).toMatch(/^W\/"[0-9a-f]{16}"$/);
  });

  describe('the runner signal while POST /runs is out', () => {
    const body = { suite_id: 'eval_suite_demo', models: ['gpt-x'], metadata: { sha: 'c0ffee' } };

    async function abortedCreate(delayMs: number) {
      emulator = await startEmulator({ scenario: { runs: [], faults: [{ route: 'create', kind: 'delay', delayMs }] } });
      const controller = new AbortController();
      const client = loopbackClient(emulator, { signal: controller.signal });
      const pending = client.createRun(body).then(
        (run) => ({ run, error: undefined }),
        (error: unknown) => ({ run: undefined, error }),
      );
      while (!emulator.requests.some((r) => r.route === 'create')) await new Promise((resolve) => setTimeout(resolve, 2));
      const abortedAt = performance.now();
      controller.abort('SIGTERM');
      const settled = await pending;
      return { ...settled, waitedMs: performance.now() - abortedAt };
    }

    it('still takes an answer that arrives within 2 s of the signal: the run it names is known', async () => {
      const { run, error, waitedMs } = await abortedCreate(400);
      expect(error).toBeUndefined();
      expect(run?.id).toBe(emulator!.createdRunIds()[0]);
      expect(waitedMs).toBeLessThan(1_500);
    });

    it('gives up 2 s after the signal when no answer comes: AbortedError', async () => {
      const { run, error, waitedMs } = await abortedCreate(4_000);
      expect(run).toBeUndefined();
      expect(error).toBeInstanceOf(AbortedError);
      expect(waitedMs).toBeGreaterThanOrEqual(1_900);
      expect(waitedMs).toBeLessThan(3_000);
    });

    it('a read is not given that grace: aborted at once', async () => {
      emulator = await startEmulator({
        scenario: { runs: [{ id: 'eval_run_1' }], faults: [{ route: 'get', kind: 'delay', delayMs: 1_000 }] },
      });
      const controller = new AbortController();
      const client = loopbackClient(emulator, { signal: controller.signal });
      const pending = rejectionOf(client.getRun('eval_run_1'));
      while (emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      const abortedAt = performance.now();
      controller.abort('SIGTERM');
      expect(await pending).toBeInstanceOf(AbortedError);
      expect(performance.now() - abortedAt).toBeLessThan(500);
    });
  });

  it('turns a request that never gets an answer into a REQUEST_TIMEOUT, or a deadline when that is the limit', async () => {
    emulator = await startEmulator({
      scenario: { runs: [{ id: 'eval_run_1' }], faults: [{ route: 'get', kind: 'hang' }] },
    });
    const once = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 };
    const client = loopbackClient(emulator, { requestTimeoutMs: 100, retry: once });
    const timeout = await rejectionOf(client.getRun('eval_run_1'));
    expect(timeout).toBeInstanceOf(ApiNetworkError);
    expect((timeout as ApiNetworkError).code).toBe('REQUEST_TIMEOUT');

    const late = loopbackClient(emulator, { requestTimeoutMs: 5_000, deadline: Date.now() + 150, retry: once });
    await expect(late.getRun('eval_run_1')).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});
