/**
 * Conformance of the emulator's scenarios for answers the gate must re-check (issue 14, section 2): a rerun that
 * changes the counts, a create answer that does not match the run, a run listed only a while after it was created,
 * an outage window, and 429 with Retry-After on rerun-failed.
 */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from './model.ts';
import { startEmulator, type Emulator } from './server.ts';

const RUNS = '/api/v1/llm/evals/runs';
const EPOCH_MS = 1_700_000_000_000;
const SUITE = 'eval_suite_recheck';
type Json = Record<string, any>;

let emulator: Emulator | undefined;
let agent: Agent | undefined;
let fakeMs = 0;

afterEach(async () => {
  await emulator?.close();
  await agent?.close();
  emulator = undefined;
  agent = undefined;
  fakeMs = 0;
});

async function start(scenario: Scenario): Promise<Emulator> {
  emulator = await startEmulator({ scenario, epochMs: EPOCH_MS, now: () => fakeMs });
  agent = new Agent();
  return emulator;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Json; headers: Json }> {
  const response = await request(`${emulator!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator!.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}

const valid = { suite_id: SUITE, models: ['gpt-x'], metadata: { sha: 'c0ffee' } };
const listedIds = async () => (await call('GET', `${RUNS}?suite_id=${SUITE}`)).json.data.map((r: Json) => r.id);

describe('rerunCounts: a rerun that changes the counts', () => {
  const flaky: RunSpec = {
    id: 'eval_run_shrinks',
    suiteId: SUITE,
    inProgressMs: 1_000,
    total: 120,
    failed: 6,
    rerunFailed: [0],
    rerunMs: 1_000,
    rerunCounts: [{ total: 100, completed: 100 }],
  };

  it('reports the given counts once the rerun is done, and the computed ones before it and while it runs', async () => {
    await start({ runs: [flaky] });
    fakeMs = 2_000;
    expect((await call('GET', `${RUNS}/eval_run_shrinks`)).json.request_counts).toEqual({ total: 120, completed: 114, failed: 6 });
    expect((await call('POST', `${RUNS}/eval_run_shrinks/rerun-failed`)).status).toBe(200);
    fakeMs = 2_500;
    const during = (await call('GET', `${RUNS}/eval_run_shrinks`)).json;
    expect(during.status).toBe('in_progress');
    expect(during.request_counts.total).toBe(120);
    fakeMs = 3_500;
    const after = (await call('GET', `${RUNS}/eval_run_shrinks`)).json;
    expect(after.status).toBe('completed');
    expect(after.request_counts).toEqual({ total: 100, completed: 100, failed: 0 });
  });

  it('without rerunCounts a rerun keeps the total and only moves failed requests to completed', async () => {
    await start({ runs: [{ ...flaky, rerunCounts: undefined }] });
    fakeMs = 2_000;
    await call('POST', `${RUNS}/eval_run_shrinks/rerun-failed`);
    fakeMs = 3_500;
    expect((await call('GET', `${RUNS}/eval_run_shrinks`)).json.request_counts).toEqual({ total: 120, completed: 120, failed: 0 });
  });
});

describe('createView: a create answer that does not match the run', () => {
  it('overrides fields of the POST /runs answer only; the run read by id and listed is what was asked', async () => {
    await start({ runs: [], creates: [{ total: 10, createView: { models: ['gpt-z'], judge_model: 'other-judge' } }] });
    const answer = (await call('POST', RUNS, { ...valid, judge_model: 'judge-l' })).json;
    expect(answer.models).toEqual(['gpt-z']);
    expect(answer.judge_model).toBe('other-judge');
    const read = (await call('GET', `${RUNS}/${answer.id}`)).json;
    expect(read).toMatchObject({ id: answer.id, models: ['gpt-x'], judge_model: 'judge-l', metadata: { sha: 'c0ffee' } });
    expect((await call('GET', `${RUNS}?suite_id=${SUITE}`)).json.data[0]).toMatchObject({ id: answer.id, models: ['gpt-x'] });
  });
});

describe('listAfterMs: a listing that lags behind a write', () => {
  it('a created run is readable by id at once but listed only after the delay', async () => {
    await start({ runs: [{ id: 'eval_run_old', suiteId: SUITE, ageSeconds: 60 }], creates: [{ listAfterMs: 3_000 }] });
    fakeMs = 1_000;
    const id = (await call('POST', RUNS, valid)).json.id as string;
    expect((await call('GET', `${RUNS}/${id}`)).status).toBe(200);
    expect(await listedIds()).toEqual(['eval_run_old']);
    fakeMs = 3_999;
    expect(await listedIds()).toEqual(['eval_run_old']);
    fakeMs = 4_000;
    expect(await listedIds()).toEqual([id, 'eval_run_old']);
  });

  it('also delays a scenario run in listings, not by id', async () => {
    await start({ runs: [{ id: 'eval_run_lagging', suiteId: SUITE, listAfterMs: 500 }] });
    expect((await call('GET', `${RUNS}/eval_run_lagging`)).status).toBe(200);
    expect(await listedIds()).toEqual([]);
    fakeMs = 500;
    expect(await listedIds()).toEqual(['eval_run_lagging']);
  });
});

describe('fault windows: fromMs and untilMs', () => {
  it('answers the fault only to requests that arrive within [fromMs, untilMs)', async () => {
    await start({
      runs: [{ id: 'eval_run_window', suiteId: SUITE }],
      faults: [{ route: 'any', kind: 'status', status: 503, fromMs: 1_000, untilMs: 5_000 }],
    });
    const statusAt = async (ms: number) => {
      fakeMs = ms;
      return (await call('GET', `${RUNS}/eval_run_window`)).status;
    };
    expect([await statusAt(0), await statusAt(999), await statusAt(1_000), await statusAt(4_999), await statusAt(5_000)]).toEqual([
      200, 200, 503, 503, 200,
    ]);
    fakeMs = 2_000;
    expect((await call('POST', RUNS, valid)).status).toBe(503);
    expect(emulator!.createdRunIds()).toEqual([]);
    expect(emulator!.requests.map((r) => r.answer)).toEqual(['200', '200', 'fault:status', 'fault:status', '200', 'fault:status']);
  });

  it('hang with afterCommit on create: the run is created, and the answer never comes', async () => {
    await start({ runs: [], faults: [{ route: 'create', kind: 'hang', afterCommit: true }] });
    const pending = call('POST', RUNS, valid).catch((error: unknown) => error);
    const deadline = Date.now() + 2_000;
    while (emulator!.createdRunIds().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emulator!.createdRunIds()).toHaveLength(1);
    expect(await listedIds()).toEqual(emulator!.createdRunIds());
    await emulator!.close();
    emulator = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('429 with Retry-After on rerun-failed', () => {
  it('answers 429 with the Retry-After header and does not rerun; the next request reruns', async () => {
    const done: RunSpec = { id: 'eval_run_limited', suiteId: SUITE, inProgressMs: 100, total: 10, failed: 2, rerunFailed: [0] };
    await start({ runs: [done], faults: [{ route: 'rerun', kind: 'status', status: 429, retryAfter: '3', times: 1 }] });
    fakeMs = 1_000;
    const limited = await call('POST', `${RUNS}/eval_run_limited/rerun-failed`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect((await call('GET', `${RUNS}/eval_run_limited`)).json.status).toBe('completed');
    expect((await call('POST', `${RUNS}/eval_run_limited/rerun-failed`)).status).toBe(200);
    expect((await call('GET', `${RUNS}/eval_run_limited`)).json.status).toBe('in_progress');
  });
});

describe('changes: a run that says something else from a point on', () => {
  it('changes its suite in every view from atMs after it appears', async () => {
    const run: RunSpec = { id: 'eval_run_moves', suiteId: SUITE, changes: [{ atMs: 1_000, fields: { suite_id: 'eval_suite_other' } }] };
    await start({ runs: [run] });
    expect((await call('GET', `${RUNS}/eval_run_moves`)).json.suite_id).toBe(SUITE);
    fakeMs = 1_000;
    expect((await call('GET', `${RUNS}/eval_run_moves`)).json.suite_id).toBe('eval_suite_other');
    expect((await call('GET', `${RUNS}?suite_id=${SUITE}`)).json.data[0].suite_id).toBe('eval_suite_other');
  });

  it('changes its metadata once a rerun was asked for', async () => {
    const run: RunSpec = {
      id: 'eval_run_retagged',
      suiteId: SUITE,
      metadata: { sha: 'c0ffee' },
      inProgressMs: 100,
      failed: 2,
      total: 10,
      changes: [{ afterReruns: 1, fields: { metadata: { sha: 'other' } } }],
    };
    await start({ runs: [run] });
    fakeMs = 1_000;
    expect((await call('GET', `${RUNS}/eval_run_retagged`)).json.metadata).toEqual({ sha: 'c0ffee' });
    await call('POST', `${RUNS}/eval_run_retagged/rerun-failed`);
    expect((await call('GET', `${RUNS}/eval_run_retagged`)).json.metadata).toEqual({ sha: 'other' });
  });
});

describe('changes after reads: a run that changes once the gate has read it', () => {
  it('says the old suite to the first read by id and the new one from the second on; listings count no read', async () => {
    const run: RunSpec = { id: 'eval_run_read', suiteId: SUITE, changes: [{ afterReads: 1, fields: { suite_id: 'eval_suite_other' } }] };
    await start({ runs: [run], etags: false });
    expect((await call('GET', `${RUNS}?suite_id=${SUITE}`)).json.data[0].suite_id).toBe(SUITE);
    expect((await call('GET', `${RUNS}/eval_run_read`)).json.suite_id).toBe(SUITE);
    expect((await call('GET', `${RUNS}/eval_run_read`)).json.suite_id).toBe('eval_suite_other');
    expect((await call('GET', `${RUNS}/eval_run_read`)).json.suite_id).toBe('eval_suite_other');
  });
});

describe('tls: the emulator over https', () => {
  it('serves the API over https with the given certificate', async () => {
    const { readFileSync } = await import('node:fs');
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/loopback-tls/${name}`, import.meta.url), 'utf8');
    const cert = fixture('cert.pem');
    emulator = await startEmulator({ scenario: { runs: [{ id: 'eval_run_tls' }] }, tls: { key: fixture('key.pem'), cert } });
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    agent = new Agent({ connect: { ca: cert } });
    const response = await request(`${emulator.url}${RUNS}/eval_run_tls`, {
      headers: { authorization: `Bearer ${emulator.apiKey}` },
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as Json).id).toBe('eval_run_tls');
    await expect(request(`${emulator.url}${RUNS}/eval_run_tls`, { dispatcher: new Agent() })).rejects.toThrow(/self-signed|certificate/i);
  });
});

describe('echo-key with wrapAt: a gateway that wraps the echoed key over lines', () => {
  it('sends the body with the separator every wrapAt characters, the key split', async () => {
    await start({
      runs: [{ id: 'eval_run_echo' }],
      faults: [{ route: 'get', kind: 'echo-key', status: 400, wrapAt: 10, wrapWith: '\r\n' }],
    });
    const response = await request(`${emulator!.url}${RUNS}/eval_run_echo`, {
      headers: { authorization: `Bearer ${emulator!.apiKey}` },
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(400);
    const text = await response.body.text();
    expect(text.split('\r\n').every((line) => line.length <= 10)).toBe(true);
    expect(text.replaceAll('\r\n', '')).toContain(`Bearer ${emulator!.apiKey}`);
    expect(text).not.toContain(emulator!.apiKey);
  });
});
