import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import { ApiNetworkError, ApiProtocolError } from '../../src/api/errors.ts';
import { listRunPages } from '../../src/api/pages.ts';
import { systemClock } from '../../src/core/clock.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { FaultRule, RunSpec, Scenario } from './model.ts';
import { manyRuns, scenarios } from './scenarios.ts';
import { startEmulator, type Emulator } from './server.ts';

const RUNS = '/api/v1/llm/evals/runs';
const EPOCH_MS = 1_700_000_000_000;
const SUITE = 'eval_suite_conformance';

type Json = Record<string, any>;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Json;
}

let emulator: Emulator | undefined;
let agent: Agent | undefined;
/** Emulator time for tests that start it with `fakeClock`. */
let fakeMs = 0;

afterEach(async () => {
  await emulator?.close();
  await agent?.close();
  emulator = undefined;
  agent = undefined;
  fakeMs = 0;
});

async function start(scenario: Scenario, options: { fakeClock?: boolean } = {}): Promise<Emulator> {
  emulator = await startEmulator({ scenario, epochMs: EPOCH_MS, ...(options.fakeClock ? { now: () => fakeMs } : {}) });
  agent = new Agent();
  return emulator;
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** The bearer value; null sends no Authorization header. Default: the emulator's key. */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One raw HTTP request to the running emulator. */
async function call(path: string, options: CallOptions = {}): Promise<Answer> {
  const target = emulator!;
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? target.apiKey : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await request(`${target.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    dispatcher: agent,
    signal: options.signal,
  });
  const text = await response.body.text();
  let json: Json = {};
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    // left empty: tests of malformed bodies read `text`
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

const list = (query: Record<string, string> = {}, options: CallOptions = {}) => call(`${RUNS}?${new URLSearchParams(query)}`, options);
const getRun = (id: string, options: CallOptions = {}) => call(`${RUNS}/${id}`, options);
const cancelRun = (id: string, options: CallOptions = {}) => call(`${RUNS}/${id}/cancel`, { method: 'POST', ...options });
const ids = (answer: Answer) => (answer.json.data as Json[]).map((run) => run.id as string);

/** `count` finished runs of SUITE with readable ids, newest first as declared. */
const numberedRuns = (count: number): RunSpec[] =>
  manyRuns(count, (i) => ({ id: `eval_run_${String(i).padStart(4, '0')}`, suiteId: SUITE }));

/** A client over loopback that does not retry, so each fault shows as one error. */
function client(options: { requestTimeoutMs?: number } = {}): EvalsClient {
  return new EvalsClient({
    baseUrl: emulator!.url,
    apiKey: emulator!.apiKey,
    userAgent: USER_AGENT,
    dispatcher: agent!,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    deadline: Date.now() + 20_000,
    clock: systemClock,
    sleep: async () => {},
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

describe('authentication and routing', () => {
  it('answers 401 without a bearer key or with a wrong one, on every route', async () => {
    await start({ runs: [{ id: 'eval_run_1' }] });
    for (const key of [null, 'wrong_key', '']) {
      for (const answer of [await list({}, { key }), await getRun('eval_run_1', { key }), await cancelRun('eval_run_1', { key })]) {
        expect(answer.status).toBe(401);
        expect(answer.json.error.message).toMatch(/API key/);
      }
    }
    expect((await list()).status).toBe(200);
    expect(emulator!.requests.map((r) => r.answer)).toEqual([...Array(9).fill('401'), '200']);
  });

  it('rejects a non-Bearer scheme', async () => {
    await start({ runs: [] });
    const answer = await list({}, { key: null, headers: { authorization: `Basic ${emulator!.apiKey}` } });
    expect(answer.status).toBe(401);
  });

  it('answers 404 for unknown routes and methods', async () => {
    await start({ runs: [{ id: 'eval_run_1' }] });
    expect((await call('/api/v1/llm/evals/suites')).status).toBe(404);
    expect((await call(`${RUNS}/eval_run_1`, { method: 'POST' })).status).toBe(404);
    expect((await call(RUNS, { method: 'PUT' })).status).toBe(404);
    expect((await call(`${RUNS}/eval_run_1/cancel`)).status).toBe(404);
  });

  it('records each request with its route, query, headers and answer', async () => {
    await start({ runs: [{ id: 'eval_run_1' }] });
    await list({ suite_id: 'x', limit: '5' }, { headers: { 'user-agent': 'ua/1', 'x-on-behalf-of': 'team_1' } });
    await getRun('eval_run_1');
    await cancelRun('missing');
    const [first, second, third] = emulator!.requests;
    expect(first).toMatchObject({
      method: 'GET',
      path: RUNS,
      route: 'list',
      query: { suite_id: 'x', limit: '5' },
      headers: { authorization: `Bearer ${emulator!.apiKey}`, 'user-agent': 'ua/1', 'x-on-behalf-of': 'team_1' },
      answer: '200',
    });
    expect(second).toMatchObject({ route: 'get', path: `${RUNS}/eval_run_1`, answer: '200' });
    expect(third).toMatchObject({ route: 'cancel', method: 'POST', answer: '404' });
  });
});

describe('list validation', () => {
  it.each(['0', '101', 'abc', '-1', '1.5', ''])('rejects limit=%j with 400', async (limit) => {
    await start({ runs: numberedRuns(3) });
    const answer = await list({ suite_id: SUITE, limit });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('limit');
  });

  it('accepts limit 1 and 100, and defaults to 20', async () => {
    await start({ runs: numberedRuns(150) });
    expect(ids(await list({ suite_id: SUITE, limit: '1' }))).toEqual(['eval_run_0000']);
    const hundred = await list({ suite_id: SUITE, limit: '100' });
    expect(hundred.json.data).toHaveLength(100);
    expect(hundred.json.has_more).toBe(true);
    const byDefault = await list({ suite_id: SUITE });
    expect(byDefault.json.data).toHaveLength(20);
    expect(byDefault.json.has_more).toBe(true);
  });

  it('rejects an unknown status with 400', async () => {
    await start({ runs: numberedRuns(3) });
    const answer = await list({ suite_id: SUITE, status: 'paused' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('status');
  });

  it('rejects an `after` cursor that is not in the listing with 400', async () => {
    await start({ runs: [...numberedRuns(3), { id: 'eval_run_other', suiteId: 'eval_suite_other' }] });
    expect((await list({ suite_id: SUITE, after: 'eval_run_nope' })).status).toBe(400);
    expect((await list({ suite_id: SUITE, after: 'eval_run_other' })).status).toBe(400);
  });
});

describe('list contents', () => {
  it('filters by suite_id, and lists every suite without it', async () => {
    await start({
      runs: [
        { id: 'a1', suiteId: 'eval_suite_a' },
        { id: 'b1', suiteId: 'eval_suite_b' },
        { id: 'a2', suiteId: 'eval_suite_a' },
      ],
    });
    const a = await list({ suite_id: 'eval_suite_a' });
    expect(ids(a).sort()).toEqual(['a1', 'a2']);
    expect((a.json.data as Json[]).every((run) => run.suite_id === 'eval_suite_a')).toBe(true);
    expect(ids(await list({ suite_id: 'eval_suite_b' }))).toEqual(['b1']);
    expect(ids(await list({ suite_id: 'eval_suite_none' }))).toEqual([]);
    expect(ids(await list()).sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('filters by the status the run has now', async () => {
    await start(
      {
        runs: [
          { id: 'done', suiteId: SUITE },
          { id: 'waiting', suiteId: SUITE, queuedMs: 10_000 },
          { id: 'running', suiteId: SUITE, inProgressMs: 10_000 },
          { id: 'broken', suiteId: SUITE, outcome: 'failed' },
        ],
      },
      { fakeClock: true },
    );
    expect(ids(await list({ suite_id: SUITE, status: 'completed' }))).toEqual(['done']);
    expect(ids(await list({ suite_id: SUITE, status: 'queued' }))).toEqual(['waiting']);
    expect(ids(await list({ suite_id: SUITE, status: 'in_progress' }))).toEqual(['running']);
    expect(ids(await list({ suite_id: SUITE, status: 'failed' }))).toEqual(['broken']);
    expect(ids(await list({ suite_id: SUITE, status: 'cancelled' }))).toEqual([]);
    fakeMs = 10_000;
    expect(ids(await list({ suite_id: SUITE, status: 'completed' })).sort()).toEqual(['done', 'running', 'waiting']);
  });

  it('lists newest first, the later-declared first among equal created_at, and continues after a cursor', async () => {
    await start({
      runs: [
        { id: 'r100', suiteId: SUITE, createdAt: 100 },
        { id: 'r300a', suiteId: SUITE, createdAt: 300 },
        { id: 'r200', suiteId: SUITE, createdAt: 200 },
        { id: 'r300b', suiteId: SUITE, createdAt: 300 },
      ],
    });
    const all = await list({ suite_id: SUITE });
    expect(ids(all)).toEqual(['r300b', 'r300a', 'r200', 'r100']);
    expect((all.json.data as Json[]).map((run) => run.created_at)).toEqual([300, 300, 200, 100]);
    expect(all.json).toMatchObject({ object: 'list', first_id: 'r300b', last_id: 'r100', has_more: false });

    const rest = await list({ suite_id: SUITE, after: 'r300a', limit: '1' });
    expect(ids(rest)).toEqual(['r200']);
    expect(rest.json).toMatchObject({ first_id: 'r200', last_id: 'r200', has_more: true });
    expect(await list({ suite_id: SUITE, after: 'r100' })).toMatchObject({
      json: { data: [], first_id: null, last_id: null, has_more: false },
    });
  });

  it.each([7, 33, 50, 100])('walks 250 runs exactly once in pages of %i', async (size) => {
    await start({ runs: [...numberedRuns(250), { id: 'eval_run_elsewhere', suiteId: 'eval_suite_other' }] });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const answer = await list({ suite_id: SUITE, limit: String(size), ...(after ? { after } : {}) });
      expect(answer.status).toBe(200);
      const page = ids(answer);
      pages++;
      expect(page.length).toBe(Math.min(size, 250 - seen.length));
      expect(answer.json.first_id).toBe(page[0]);
      expect(answer.json.last_id).toBe(page.at(-1));
      seen.push(...page);
      expect(answer.json.has_more).toBe(seen.length < 250);
      if (!answer.json.has_more) break;
      after = answer.json.last_id as string;
    }
    expect(pages).toBe(Math.ceil(250 / size));
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => `eval_run_${String(i).padStart(4, '0')}`));
  });

  it('answers an empty listing with null cursors', async () => {
    await start({ runs: [] });
    const answer = await list({ suite_id: SUITE });
    expect(answer.json).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });
});

describe('run timelines (injected clock)', () => {
  it('moves queued → in_progress → finalizing → completed with growing request_counts', async () => {
    await start(
      {
        runs: [
          {
            id: 'eval_run_t',
            suiteId: SUITE,
            queuedMs: 1_000,
            inProgressMs: 4_000,
            finalizingMs: 1_000,
            total: 100,
            failed: 4,
            metrics: { m: { accuracy: 0.9 } },
          },
        ],
      },
      { fakeClock: true },
    );
    const at = async (ms: number) => {
      fakeMs = ms;
      return (await getRun('eval_run_t')).json;
    };
    const timeline = [];
    for (const ms of [0, 999, 1_000, 2_000, 3_000, 4_999, 5_000, 5_999, 6_000, 60_000]) timeline.push(await at(ms));
    expect(timeline.map((run) => run.status)).toEqual([
      'queued',
      'queued',
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'finalizing',
      'finalizing',
      'completed',
      'completed',
    ]);
    const processed = timeline.map((run) => run.request_counts.completed + run.request_counts.failed);
    expect(processed).toEqual([0, 0, 0, 25, 50, 99, 100, 100, 100, 100]);
    expect(timeline.every((run) => run.request_counts.total === 100)).toBe(true);
    expect(timeline.at(-1)!.request_counts).toEqual({ total: 100, completed: 96, failed: 4 });

    expect(timeline[0]).toMatchObject({ started_at: null, completed_at: null, metrics: null, error: null });
    expect(timeline[2]!.started_at).toBe((EPOCH_MS + 1_000) / 1000);
    expect(timeline[7]!.metrics).toBeNull();
    expect(timeline[8]).toMatchObject({ completed_at: (EPOCH_MS + 6_000) / 1000, metrics: { m: { accuracy: 0.9 } } });
    expect(timeline.every((run) => run.created_at === EPOCH_MS / 1000)).toBe(true);
  });

  it('gives failed runs an error and failed_at, and no metrics', async () => {
    await start(
      {
        runs: [
          {
            id: 'eval_run_f',
            inProgressMs: 1_000,
            outcome: 'failed',
            total: 100,
            failed: 10,
            failAtFraction: 0.5,
            error: { code: 'grader_error', message: 'boom' },
            metrics: { m: { accuracy: 1 } },
          },
          { id: 'eval_run_f2', outcome: 'failed' },
        ],
      },
      { fakeClock: true },
    );
    fakeMs = 500;
    expect((await getRun('eval_run_f')).json).toMatchObject({ status: 'in_progress', error: null });
    fakeMs = 1_000;
    const failed = (await getRun('eval_run_f')).json;
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'grader_error', message: 'boom' },
      request_counts: { total: 100, completed: 40, failed: 10 },
      metrics: null,
      failed_at: (EPOCH_MS + 1_000) / 1000,
      completed_at: null,
    });
    expect((await getRun('eval_run_f2')).json.error).toEqual({ code: 'run_failed', message: 'The eval run failed' });
  });

  it('cancels a running run: cancelling, then cancelled, with progress frozen, for good', async () => {
    await start({ runs: [{ id: 'eval_run_c', inProgressMs: 10_000, total: 100 }] }, { fakeClock: true });
    fakeMs = 2_000;
    const cancelling = await cancelRun('eval_run_c');
    expect(cancelling.status).toBe(200);
    expect(cancelling.json).toMatchObject({ status: 'cancelling', request_counts: { completed: 20 }, cancelled_at: null });
    fakeMs = 2_200;
    expect((await cancelRun('eval_run_c')).json.status).toBe('cancelling'); // a second cancel does not restart it
    fakeMs = 2_299;
    expect((await getRun('eval_run_c')).json.status).toBe('cancelling');
    fakeMs = 2_300;
    const cancelled = (await getRun('eval_run_c')).json;
    expect(cancelled).toMatchObject({ status: 'cancelled', request_counts: { completed: 20 }, metrics: null });
    expect(cancelled.cancelled_at).toBe(Math.floor((EPOCH_MS + 2_300) / 1000));
    // Long after the run would have completed on its own, it stays cancelled.
    fakeMs = 60_000;
    expect((await getRun('eval_run_c')).json).toMatchObject({ status: 'cancelled', request_counts: { completed: 20 } });
    expect(ids(await list({ status: 'cancelled' }))).toEqual(['eval_run_c']);
  });

  it('leaves a finished run as it is on cancel, and answers 404 for unknown runs', async () => {
    await start({ runs: [{ id: 'eval_run_done' }] }, { fakeClock: true });
    const answer = await cancelRun('eval_run_done');
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('completed');
    fakeMs = 10_000;
    expect((await getRun('eval_run_done')).json.status).toBe('completed');
    expect((await cancelRun('eval_run_nope')).status).toBe(404);
  });

  it('hides a run with appearAfterMs until then', async () => {
    await start(
      {
        runs: [
          { id: 'eval_run_old', suiteId: SUITE },
          { id: 'eval_run_new', suiteId: SUITE, appearAfterMs: 5_000 },
        ],
      },
      {
        fakeClock: true,
      },
    );
    fakeMs = 4_999;
    expect((await getRun('eval_run_new')).status).toBe(404);
    expect((await cancelRun('eval_run_new')).status).toBe(404);
    expect(ids(await list({ suite_id: SUITE }))).toEqual(['eval_run_old']);
    expect(emulator!.peekRun('eval_run_new')).toBeUndefined();
    fakeMs = 5_000;
    const run = await getRun('eval_run_new');
    expect(run.status).toBe(200);
    expect(run.json.created_at).toBe((EPOCH_MS + 5_000) / 1000);
    expect(ids(await list({ suite_id: SUITE }))).toEqual(['eval_run_new', 'eval_run_old']);
    expect(emulator!.peekRun('eval_run_new')).toMatchObject({ id: 'eval_run_new' });
  });

  it('with clockStartsAtFirstRequest, time 0 and the epoch it maps to move to the first request', async () => {
    await start(
      {
        clockStartsAtFirstRequest: true,
        runs: [
          { id: 'eval_run_old', suiteId: SUITE, ageSeconds: 60 },
          { id: 'eval_run_q', suiteId: SUITE, queuedMs: 1_000, inProgressMs: 1_000 },
          { id: 'eval_run_late', suiteId: SUITE, appearAfterMs: 5_000 },
        ],
      },
      { fakeClock: true },
    );
    // A client that takes 30 s to come up still finds every timeline at its start.
    fakeMs = 30_000;
    expect(emulator!.elapsed()).toBe(0);
    const first = await getRun('eval_run_q');
    expect(first.json).toMatchObject({ status: 'queued', created_at: (EPOCH_MS + 30_000) / 1000 });
    expect(emulator!.requests[0]!.at).toBe(0);
    expect(ids(await list({ suite_id: SUITE }))).toEqual(['eval_run_q', 'eval_run_old']);
    expect((await getRun('eval_run_old')).json.created_at).toBe((EPOCH_MS + 30_000) / 1000 - 60);
    fakeMs = 31_000;
    expect(emulator!.elapsed()).toBe(1_000);
    expect((await getRun('eval_run_q')).json).toMatchObject({ status: 'in_progress', started_at: (EPOCH_MS + 31_000) / 1000 });
    fakeMs = 34_999;
    expect((await getRun('eval_run_late')).status).toBe(404);
    fakeMs = 35_000;
    expect((await getRun('eval_run_late')).json.created_at).toBe((EPOCH_MS + 35_000) / 1000);
    expect(ids(await list({ suite_id: SUITE }))).toEqual(['eval_run_late', 'eval_run_q', 'eval_run_old']);
  });
});

describe('team scoping (X-On-Behalf-Of)', () => {
  it('shows a team run only to requests on behalf of that team', async () => {
    await start({
      runs: [
        { id: 'eval_run_team', suiteId: SUITE, onBehalfOf: 'team_a' },
        { id: 'eval_run_public', suiteId: SUITE },
      ],
    });
    const asTeam = (team: string) => ({ headers: { 'x-on-behalf-of': team } });
    expect((await getRun('eval_run_team')).status).toBe(404);
    expect((await getRun('eval_run_team', asTeam('team_b'))).status).toBe(404);
    expect((await cancelRun('eval_run_team')).status).toBe(404);
    expect((await getRun('eval_run_team', asTeam('team_a'))).status).toBe(200);
    expect(ids(await list({ suite_id: SUITE }))).toEqual(['eval_run_public']);
    expect(ids(await list({ suite_id: SUITE }, asTeam('team_a'))).sort()).toEqual(['eval_run_public', 'eval_run_team']);
    expect((await getRun('eval_run_public', asTeam('team_a'))).status).toBe(200);
  });
});

describe('ETags', () => {
  it('answers 304 to a matching If-None-Match, and 200 with a new ETag once the run changed', async () => {
    await start({ runs: [{ id: 'eval_run_e', inProgressMs: 10_000 }] }, { fakeClock: true });
    const first = await getRun('eval_run_e');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{16}"$/);

    const again = await getRun('eval_run_e', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);

    expect((await getRun('eval_run_e', { headers: { 'if-none-match': 'W/"other"' } })).status).toBe(200);

    fakeMs = 5_000;
    const changed = await getRun('eval_run_e', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json.request_counts.completed).toBe(50);
    expect(emulator!.requests.map((r) => r.answer)).toEqual(['200', '304', '200', '200']);
  });

  it('sends no ETag and ignores If-None-Match when etags are off', async () => {
    await start({ runs: [{ id: 'eval_run_e' }], etags: false });
    const first = await getRun('eval_run_e');
    expect(first.headers.etag).toBeUndefined();
    expect((await getRun('eval_run_e', { headers: { 'if-none-match': '*' } })).status).toBe(200);
  });
});

describe('faults', () => {
  const withFaults = (faults: FaultRule[], runs: RunSpec[] = [{ id: 'eval_run_1', suiteId: SUITE }]) => start({ runs, faults });

  it('status: answers the given status with Retry-After, then behaves', async () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    await withFaults([
      { route: 'get', kind: 'status', status: 429, retryAfter: '2', times: 1 },
      { route: 'list', kind: 'status', retryAfter: date, times: 1 },
    ]);
    const limited = await getRun('eval_run_1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.json.error.message).toContain('429');
    expect((await getRun('eval_run_1')).status).toBe(200);

    const unavailable = await list({ suite_id: SUITE });
    expect(unavailable.status).toBe(503); // the default status
    expect(unavailable.headers['retry-after']).toBe(date);
    expect((await list({ suite_id: SUITE })).status).toBe(200);
    expect(emulator!.requests.map((r) => r.answer)).toEqual(['fault:status', '200', 'fault:status', '200']);
  });

  it('status: retryAfterDateMs answers the HTTP-date that long after the answer, rounded up to a second', async () => {
    await start(
      { runs: [{ id: 'eval_run_1', suiteId: SUITE }], faults: [{ route: 'get', kind: 'status', status: 429, retryAfterDateMs: 1_500 }] },
      { fakeClock: true },
    );
    fakeMs = 10_200;
    const limited = await getRun('eval_run_1');
    expect(limited.status).toBe(429);
    const date = new Date(EPOCH_MS + 12_000).toUTCString(); // 10.2 s + 1.5 s = 11.7 s, up to 12 s
    expect(limited.headers['retry-after']).toBe(date);
    expect(emulator!.requests[0]!.retryAfter).toBe(date);
  });

  it('status: has no Retry-After header unless configured', async () => {
    await withFaults([{ route: 'get', kind: 'status', status: 500 }]);
    const answer = await getRun('eval_run_1');
    expect(answer.status).toBe(500);
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it('reset: drops the connection without an answer', async () => {
    await withFaults([{ route: 'get', kind: 'reset', times: 1 }]);
    await expect(getRun('eval_run_1')).rejects.toThrow();
    expect((await getRun('eval_run_1')).status).toBe(200);
    expect(emulator!.requests.map((r) => r.answer)).toEqual(['fault:reset', '200']);
  });

  it('reset: reaches the client as a retryable network error', async () => {
    await withFaults([{ route: 'get', kind: 'reset' }]);
    const error = await client()
      .getRun('eval_run_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiNetworkError);
  });

  it('hang: never answers until the client gives up', async () => {
    await withFaults([{ route: 'get', kind: 'hang', times: 1 }]);
    await expect(getRun('eval_run_1', { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(emulator!.requests[0]!.answer).toBe('fault:hang');
    expect((await getRun('eval_run_1')).status).toBe(200);
  });

  it('hang-body: sends 200 headers and part of the body, then nothing', async () => {
    await withFaults([{ route: 'list', kind: 'hang-body' }]);
    // A generous limit for the headers (a loaded machine may be slow to answer at all); once they are
    // in, the body gets 200 ms more and must still not complete.
    const controller = new AbortController();
    const headersLimit = setTimeout(() => controller.abort(new Error('no headers within 5 s')), 5_000);
    const response = await request(`${emulator!.url}${RUNS}?suite_id=${SUITE}`, {
      headers: { authorization: `Bearer ${emulator!.apiKey}` },
      dispatcher: agent,
      signal: controller.signal,
    }).finally(() => clearTimeout(headersLimit));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe('4096');
    let bodySettled = false;
    const body = response.body.text().finally(() => (bodySettled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bodySettled).toBe(false);
    controller.abort(new Error('body still incomplete after 200 ms'));
    await expect(body).rejects.toThrow();

    const error = await client({ requestTimeoutMs: 150 })
      .listRuns({ suiteId: SUITE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect((error as ApiNetworkError).code).toBe('REQUEST_TIMEOUT');
  });

  it('reset-body: sends 200 headers and part of the body, then drops the connection', async () => {
    await withFaults([{ route: 'list', kind: 'reset-body' }]);
    const response = await request(`${emulator!.url}${RUNS}?suite_id=${SUITE}`, {
      headers: { authorization: `Bearer ${emulator!.apiKey}` },
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();

    const error = await client()
      .listRuns({ suiteId: SUITE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect((error as ApiNetworkError).code).not.toBe('REQUEST_TIMEOUT');
  });

  it('bad-json: answers 200 with an HTML body', async () => {
    await withFaults([{ route: 'get', kind: 'bad-json' }]);
    const answer = await getRun('eval_run_1');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('<html>');
    await expect(client().getRun('eval_run_1')).rejects.toBeInstanceOf(ApiProtocolError);
  });

  it('missing-fields: drops status and request_counts from runs on every route', async () => {
    await withFaults([{ route: 'any', kind: 'missing-fields' }]);
    const run = (await getRun('eval_run_1')).json;
    expect(run.id).toBe('eval_run_1');
    expect(run).not.toHaveProperty('status');
    expect(run).not.toHaveProperty('request_counts');
    const listed = (await list({ suite_id: SUITE })).json;
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).not.toHaveProperty('status');
    expect(listed.data[0]).not.toHaveProperty('request_counts');
    expect((await cancelRun('eval_run_1')).json).not.toHaveProperty('status');
    await expect(client().getRun('eval_run_1')).rejects.toBeInstanceOf(ApiProtocolError);
    // A list keeps unreadable runs apart; the lookup decides whether they could be the run asked for.
    const page = await client().listRuns({ suiteId: SUITE });
    expect(page.data).toEqual([]);
    expect(page.unreadable).toHaveLength(1);
    expect(page.unreadable[0]!.id).toBe('eval_run_1');
    expect(page.unreadable[0]!.error).toBeInstanceOf(ApiProtocolError);
  });

  it('unknown-status: reports status "paused" on every route', async () => {
    await withFaults([{ route: 'any', kind: 'unknown-status' }]);
    expect((await getRun('eval_run_1')).json.status).toBe('paused');
    expect((await list({ suite_id: SUITE })).json.data[0].status).toBe('paused');
    expect((await cancelRun('eval_run_1')).json.status).toBe('paused');
    await expect(client().getRun('eval_run_1')).rejects.toThrow(/unknown status "paused"/);
  });

  it('repeat-cursor: ignores `after` and always claims more', async () => {
    await withFaults([{ route: 'list', kind: 'repeat-cursor' }], numberedRuns(3));
    const first = await list({ suite_id: SUITE, limit: '2' });
    const second = await list({ suite_id: SUITE, limit: '2', after: first.json.last_id });
    expect(ids(first)).toEqual(['eval_run_0000', 'eval_run_0001']);
    expect(ids(second)).toEqual(ids(first));
    expect(second.json.has_more).toBe(true);
    expect((await list({ suite_id: SUITE })).json.has_more).toBe(true); // even when everything fits

    const walk = async () => {
      for await (const _page of listRunPages(client(), { suiteId: SUITE })) {
        // keep walking
      }
    };
    await expect(walk()).rejects.toThrow(/cursor "eval_run_0002" repeated/);
  });

  it('echo-key: answers 400 (or the given status) with the Authorization header in the body', async () => {
    await withFaults([
      { route: 'get', kind: 'echo-key', times: 1 },
      { route: 'list', kind: 'echo-key', status: 401 },
    ]);
    const echoed = await getRun('eval_run_1');
    expect(echoed.status).toBe(400);
    expect(echoed.text).toContain(`Bearer ${emulator!.apiKey}`);
    const unauthorised = await list({ suite_id: SUITE });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.text).toContain(emulator!.apiKey);
  });

  it('delay: answers normally after delayMs', async () => {
    await withFaults([{ route: 'get', kind: 'delay', delayMs: 120 }]);
    const started = performance.now();
    const answer = await getRun('eval_run_1');
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(emulator!.requests[0]!.answer).toBe('200');
  });

  it('skip and times: lets `skip` requests through, faults the next `times`, then behaves', async () => {
    await withFaults([{ route: 'list', kind: 'status', status: 503, skip: 2, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await list({ suite_id: SUITE })).status);
      statuses.push((await getRun('eval_run_1')).status); // another route: not counted
    }
    expect(statuses).toEqual([200, 200, 200, 200, 503, 200, 503, 200, 200, 200, 200, 200]);
  });

  it('applies `any` rules to every route, and counts only requests earlier rules left alone', async () => {
    await start({ ...scenarios.flaky!, runs: [{ id: 'eval_run_1' }] });
    const gets = [];
    for (let i = 0; i < 4; i++)
      gets.push(
        await getRun('eval_run_1').then(
          (a) => a.status,
          () => 'reset',
        ),
      );
    expect(gets).toEqual([503, 200, 'reset', 200]);

    await emulator!.close();
    await start({ runs: [{ id: 'eval_run_1' }], faults: [{ route: 'any', kind: 'status', status: 502, times: 3 }] });
    expect([(await list()).status, (await getRun('eval_run_1')).status, (await cancelRun('eval_run_1')).status]).toEqual([502, 502, 502]);
    expect((await getRun('eval_run_1')).status).toBe(200);
  });
});
