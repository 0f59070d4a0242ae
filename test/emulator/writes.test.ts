/**
 * Conformance of the emulator's write and sample endpoints with the documented API:
 * POST /runs, POST /runs/{id}/rerun-failed, GET /runs/{id}/samples.
 */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from './model.ts';
import { startEmulator, type Emulator } from './server.ts';

const RUNS = '/api/v1/llm/evals/runs';
const EPOCH_MS = 1_700_000_000_000;
const SUITE = 'eval_suite_writes';
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

async function call(method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<{ status: number; json: Json }> {
  const response = await request(`${emulator!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key ?? emulator!.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Json) : {} };
}

const create = (body: unknown, key?: string) => call('POST', RUNS, body, key);
const samples = (id: string, query: Record<string, string> = {}) => call('GET', `${RUNS}/${id}/samples?${new URLSearchParams(query)}`);
const valid = { suite_id: SUITE, models: ['gpt-x'], metadata: { sha: 'c0ffee' } };

describe('POST /runs', () => {
  it("starts a run with the body's suite, models, judge, generation and metadata, listed first and readable by id", async () => {
    await start({ runs: [{ id: 'eval_run_old', suiteId: SUITE, ageSeconds: 60 }] });
    fakeMs = 5_000;
    const body = { ...valid, models: ['gpt-x', 'gpt-y'], judge_model: 'judge-l', generation: { temperature: 0 }, grader_concurrency: 3 };
    const answer = await create(body);
    expect(answer.status).toBe(200);
    const run = answer.json;
    expect(run).toMatchObject({
      object: 'eval.run',
      suite_id: SUITE,
      status: 'queued',
      models: ['gpt-x', 'gpt-y'],
      judge_model: 'judge-l',
      generation: { temperature: 0 },
      metadata: { sha: 'c0ffee' },
      created_at: (EPOCH_MS + 5_000) / 1000,
      request_counts: { total: 40, completed: 0, failed: 0 },
    });
    expect(run.id).toMatch(/^eval_run_[0-9a-f]{32}$/);
    expect(emulator!.createdRunIds()).toEqual([run.id]);
    const list = await call('GET', `${RUNS}?suite_id=${SUITE}`);
    expect(list.json.data.map((r: Json) => r.id)).toEqual([run.id, 'eval_run_old']);
    expect((await call('GET', `${RUNS}/${run.id}`)).json.id).toBe(run.id);
    expect(emulator!.requests[0]).toMatchObject({ route: 'create', method: 'POST', body, answer: '200' });
  });

  it("follows the scenario's `creates` timelines in order, the last repeating", async () => {
    const creates: RunSpec[] = [
      { total: 10, queuedMs: 0, inProgressMs: 1_000 },
      { total: 20, failed: 2, queuedMs: 0, inProgressMs: 2_000 },
    ];
    await start({ runs: [], creates });
    const ids = [(await create(valid)).json.id, (await create(valid)).json.id, (await create(valid)).json.id];
    expect(new Set(ids).size).toBe(3);
    fakeMs = 10_000;
    const totals = await Promise.all(ids.map(async (id) => (await call('GET', `${RUNS}/${id}`)).json.request_counts));
    expect(totals).toEqual([
      { total: 10, completed: 10, failed: 0 },
      { total: 20, completed: 18, failed: 2 },
      { total: 20, completed: 18, failed: 2 },
    ]);
  });

  it.each([
    ['not JSON', '{', /JSON object/],
    ['an array', [], /JSON object/],
    ['no suite_id', { models: ['m'] }, /suite_id/],
    ['no models', { suite_id: SUITE }, /models/],
    ['empty models', { suite_id: SUITE, models: [] }, /1 to 20/],
    ['21 models', { suite_id: SUITE, models: Array.from({ length: 21 }, (_, i) => `m${i}`) }, /1 to 20/],
    ['a non-string model', { suite_id: SUITE, models: [1] }, /models/],
    ['metadata with a number', { ...valid, metadata: { n: 1 } }, /metadata/],
    ['concurrency 26', { ...valid, grader_concurrency: 26 }, /1 to 25/],
    ['a numeric judge_model', { ...valid, judge_model: 3 }, /judge_model/],
  ])('rejects %s with 400 and creates nothing', async (_name, body, message) => {
    await start({ runs: [] });
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(message);
    expect(emulator!.createdRunIds()).toEqual([]);
  });

  it('accepts 20 models, and answers 401 to a wrong key without creating', async () => {
    await start({ runs: [] });
    expect((await create({ suite_id: SUITE, models: Array.from({ length: 20 }, (_, i) => `m${i}`) })).status).toBe(200);
    expect((await create(valid, 'wrong')).status).toBe(401);
    expect(emulator!.createdRunIds()).toHaveLength(1);
  });

  it('afterCommit faults create the run, then answer with the fault', async () => {
    await start({ runs: [], faults: [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }] });
    const answer = await create(valid);
    expect(answer.status).toBe(503);
    expect(emulator!.createdRunIds()).toHaveLength(1);
    const list = await call('GET', RUNS);
    expect(list.json.data.map((r: Json) => r.id)).toEqual(emulator!.createdRunIds());
  });
});

describe('POST /runs/{id}/rerun-failed', () => {
  const flaky: RunSpec = {
    id: 'eval_run_flaky',
    suiteId: SUITE,
    queuedMs: 0,
    inProgressMs: 1_000,
    total: 100,
    failed: 6,
    rerunFailed: [2, 0],
    rerunMs: 1_000,
  };
  const rerun = (id: string) => call('POST', `${RUNS}/${id}/rerun-failed`);

  it('is refused with 409 unless the run is completed, and answers 404 for an unknown run', async () => {
    await start({ runs: [flaky, { id: 'eval_run_failed', outcome: 'failed', inProgressMs: 10 }] });
    fakeMs = 500;
    const running = await rerun('eval_run_flaky');
    expect(running.status).toBe(409);
    expect(running.json.error.message).toMatch(/in_progress; only a completed run/);
    fakeMs = 5_000;
    expect((await rerun('eval_run_failed')).status).toBe(409);
    expect((await rerun('eval_run_nope')).status).toBe(404);
  });

  it("puts the run back in progress, then completes it with the scenario's failed count; twice", async () => {
    await start({ runs: [flaky] });
    fakeMs = 2_000;
    const first = await rerun('eval_run_flaky');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      id: 'eval_run_flaky',
      status: 'in_progress',
      request_counts: { total: 100, completed: 94, failed: 0 },
      completed_at: null,
    });
    fakeMs = 2_500;
    expect((await call('GET', `${RUNS}/eval_run_flaky`)).json).toMatchObject({
      status: 'in_progress',
      request_counts: { completed: 96, failed: 1 },
    });
    fakeMs = 3_000;
    const done = (await call('GET', `${RUNS}/eval_run_flaky`)).json;
    expect(done).toMatchObject({
      status: 'completed',
      request_counts: { total: 100, completed: 98, failed: 2 },
      completed_at: (EPOCH_MS + 3_000) / 1000,
    });
    expect((await rerun('eval_run_flaky')).json.status).toBe('in_progress');
    fakeMs = 10_000;
    expect((await call('GET', `${RUNS}/eval_run_flaky`)).json.request_counts).toEqual({ total: 100, completed: 100, failed: 0 });
  });
});

describe('GET /runs/{id}/samples', () => {
  const run: RunSpec = {
    id: 'eval_run_s',
    suiteId: SUITE,
    models: ['gpt-x', 'gpt-y'],
    tasks: ['t1', 't2', 't3'],
    total: 12,
    failed: 5,
    sampleOverrides: { 1: { prompt: 'custom' } },
  };

  it('lists samples in the documented shape, failed ones with an error', async () => {
    await start({ runs: [run] });
    const answer = await samples('eval_run_s');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: 'list', has_more: false });
    const data = answer.json.data as Json[];
    expect(data).toHaveLength(12);
    for (const field of [
      'id',
      'run_id',
      'task_id',
      'model',
      'sample_index',
      'dataset_row',
      'prompt',
      'target',
      'response_id',
      'output_text',
      'extracted_output',
      'scores',
      'judge',
      'error',
      'created_at',
      'started_at',
      'completed_at',
    ]) {
      expect(data[0], field).toHaveProperty(field);
    }
    expect(data[0]).toMatchObject({
      run_id: 'eval_run_s',
      task_id: 't1',
      model: 'gpt-x',
      sample_index: 0,
      status: 'failed',
      output_text: null,
    });
    expect(data[0]!.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(data[1]!.prompt).toBe('custom');
    expect(data[5]).toMatchObject({ status: 'completed', error: null, output_text: '10' });
    expect(answer.json.first_id).toBe(data[0]!.id);
    expect(answer.json.last_id).toBe(data[11]!.id);
  });

  it('filters by status, task_id and model', async () => {
    await start({ runs: [run] });
    const failed = (await samples('eval_run_s', { status: 'failed' })).json.data as Json[];
    expect(failed.map((s) => s.sample_index)).toEqual([0, 1, 2, 3, 4]);
    const t2 = (await samples('eval_run_s', { status: 'failed', task_id: 't2' })).json.data as Json[];
    expect(t2.map((s) => s.sample_index)).toEqual([1, 4]);
    const gptY = (await samples('eval_run_s', { model: 'gpt-y', status: 'completed' })).json.data as Json[];
    expect(gptY.map((s) => s.sample_index)).toEqual([5, 7, 9, 11]);
  });

  it('pages with limit and after, and validates both and the status', async () => {
    await start({ runs: [run] });
    const first = (await samples('eval_run_s', { limit: '5' })).json;
    expect(first.data).toHaveLength(5);
    expect(first.has_more).toBe(true);
    const second = (await samples('eval_run_s', { limit: '5', after: first.last_id })).json;
    expect(second.data.map((s: Json) => s.sample_index)).toEqual([5, 6, 7, 8, 9]);
    const last = (await samples('eval_run_s', { limit: '5', after: second.last_id })).json;
    expect(last.data.map((s: Json) => s.sample_index)).toEqual([10, 11]);
    expect(last.has_more).toBe(false);
    expect((await samples('eval_run_s', { limit: '500' })).status).toBe(200);
    for (const limit of ['0', '501', 'x']) expect((await samples('eval_run_s', { limit })).status).toBe(400);
    expect((await samples('eval_run_s', { status: 'broken' })).status).toBe(400);
    expect((await samples('eval_run_s', { after: 'eval_sample_nope' })).status).toBe(400);
    expect((await samples('eval_run_nope')).status).toBe(404);
  });

  it('follows the run: fewer failed samples after a rerun', async () => {
    await start({ runs: [{ ...run, rerunFailed: [1], rerunMs: 100 }] });
    await call('POST', `${RUNS}/eval_run_s/rerun-failed`);
    fakeMs = 1_000;
    expect((await samples('eval_run_s', { status: 'failed' })).json.data).toHaveLength(1);
  });
});
