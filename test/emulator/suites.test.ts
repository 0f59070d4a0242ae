/** Conformance of the emulator's GET /suites/{suite_id} with what the API documents, and the client reading it. */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import { ApiHttpError, ApiProtocolError } from '../../src/api/errors.ts';
import { systemClock } from '../../src/core/clock.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { Scenario } from './model.ts';
import { startEmulator, type Emulator } from './server.ts';

const SUITES = '/api/v1/llm/evals/suites';
const EPOCH_MS = 1_700_000_000_000;
const SUITE = 'eval_suite_conformance';
const UNKNOWN = 'eval_suite_0000000000000000000000000000dead';

type Json = Record<string, any>;
let emulator: Emulator | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await emulator?.close();
  await agent?.close();
  emulator = undefined;
  agent = undefined;
});

async function start(scenario: Scenario): Promise<Emulator> {
  emulator = await startEmulator({ scenario, epochMs: EPOCH_MS, now: () => 0 });
  agent = new Agent();
  return emulator;
}

async function call(
  path: string,
  options: { method?: string; key?: string | null; team?: string } = {},
): Promise<{ status: number; json: Json; contentType: unknown }> {
  const key = options.key === undefined ? emulator!.apiKey : options.key;
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  if (options.team) headers['x-on-behalf-of'] = options.team;
  const response = await request(`${emulator!.url}${path}`, { method: options.method ?? 'GET', headers, dispatcher: agent });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Json) : {}, contentType: response.headers['content-type'] };
}

function client(onBehalfOf?: string): EvalsClient {
  return new EvalsClient({
    baseUrl: emulator!.url,
    apiKey: emulator!.apiKey,
    onBehalfOf,
    userAgent: USER_AGENT,
    dispatcher: agent!,
    requestTimeoutMs: 5_000,
    deadline: Date.now() + 20_000,
    clock: systemClock,
    sleep: async () => {},
  });
}

describe('GET /suites/{suite_id}', () => {
  it('answers an eval.suite for a suite its runs name, even before the first run appears', async () => {
    await start({ runs: [{ suiteId: SUITE, appearAfterMs: 60_000 }] });
    const answer = await call(`${SUITES}/${SUITE}`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(answer.json).toMatchObject({ id: SUITE, object: 'eval.suite', name: expect.any(String), description: null });
    expect(answer.json.created_at).toBeLessThan(EPOCH_MS / 1000);
    expect((await call(`/api/v1/llm/evals/runs?suite_id=${SUITE}`)).json.data).toEqual([]);
    expect(emulator!.requests[0]).toMatchObject({ method: 'GET', path: `${SUITES}/${SUITE}`, route: 'suite-get', answer: '200' });
  });

  it('knows a suite the scenario declares with no run, and one a schedule names', async () => {
    await start({
      runs: [],
      suites: [{ id: SUITE, name: 'Arithmetic', description: 'sums' }],
      schedules: [{ id: 'eval_sched_1', suiteId: 'eval_suite_scheduled' }],
    });
    expect((await call(`${SUITES}/${SUITE}`)).json).toMatchObject({ id: SUITE, name: 'Arithmetic', description: 'sums' });
    expect((await call(`${SUITES}/eval_suite_scheduled`)).status).toBe(200);
  });

  it('answers 404 with a JSON error body, like its other 404s, for a suite it does not know', async () => {
    await start({ runs: [{ suiteId: SUITE }] });
    const answer = await call(`${SUITES}/${UNKNOWN}`);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe('application/json');
    expect(answer.json).toEqual({ error: { type: 'not_found', message: `Eval suite ${UNKNOWN} not found` } });
    expect(emulator!.requests[0]).toMatchObject({ route: 'suite-get', answer: '404' });
  });

  it('knows a suite only in the team context of its runs, or the team it is declared for', async () => {
    await start({ runs: [{ suiteId: SUITE, onBehalfOf: 'team_a' }], suites: [{ id: 'eval_suite_b', onBehalfOf: 'team_b' }] });
    expect((await call(`${SUITES}/${SUITE}`)).status).toBe(404);
    expect((await call(`${SUITES}/${SUITE}`, { team: 'team_b' })).status).toBe(404);
    expect((await call(`${SUITES}/${SUITE}`, { team: 'team_a' })).status).toBe(200);
    expect((await call(`${SUITES}/eval_suite_b`)).status).toBe(404);
    expect((await call(`${SUITES}/eval_suite_b`, { team: 'team_b' })).status).toBe(200);
  });

  it('knows a suite once a run of it is created', async () => {
    await start({ runs: [] });
    expect((await call(`${SUITES}/${SUITE}`)).status).toBe(404);
    const created = await request(`${emulator!.url}/api/v1/llm/evals/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator!.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ suite_id: SUITE, models: ['gpt-x'] }),
      dispatcher: agent,
    });
    await created.body.text();
    expect(created.statusCode).toBe(200);
    expect((await call(`${SUITES}/${SUITE}`)).status).toBe(200);
  });

  it('answers 401 without the key, 404 for other methods and paths, and takes faults on route suite-get', async () => {
    await start({ runs: [{ suiteId: SUITE }], faults: [{ route: 'suite-get', kind: 'status', status: 503, times: 1 }] });
    expect((await call(`${SUITES}/${SUITE}`)).status).toBe(503);
    expect((await call(`${SUITES}/${SUITE}`, { key: null })).status).toBe(401);
    expect((await call(`${SUITES}/${SUITE}`)).status).toBe(200);
    expect((await call(`${SUITES}/${SUITE}`, { method: 'POST' })).status).toBe(404);
    expect((await call(`${SUITES}/${SUITE}/versions/x`)).status).toBe(404);
    expect(emulator!.requests.map((r) => [r.route, r.answer])).toEqual([
      ['suite-get', 'fault:status'],
      ['suite-get', '401'],
      ['suite-get', '200'],
      ['unknown', '404'],
      ['unknown', '404'],
    ]);
  });
});

describe('EvalsClient.getSuite against the emulator', () => {
  it('reads the suite, with X-On-Behalf-Of, in one request', async () => {
    await start({ runs: [{ suiteId: SUITE, onBehalfOf: 'team_a' }] });
    const suite = await client('team_a').getSuite(SUITE);
    expect(suite).toEqual({ id: SUITE, name: `Suite ${SUITE}` });
    expect(emulator!.requests).toHaveLength(1);
    expect(emulator!.requests[0]?.headers['x-on-behalf-of']).toBe('team_a');
  });

  it('throws the 404 at once, with a hint naming suite-id and on-behalf-of', async () => {
    await start({ runs: [] });
    const error = await client()
      .getSuite(UNKNOWN)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect((error as ApiHttpError).status).toBe(404);
    expect((error as Error).message).toMatch(/suite-id.*on-behalf-of/);
  });

  it('does not retry (one request even on a 503)', async () => {
    await start({ runs: [{ suiteId: SUITE }], faults: [{ route: 'suite-get', kind: 'status', status: 503 }] });
    await expect(client().getSuite(SUITE)).rejects.toBeInstanceOf(ApiHttpError);
    expect(emulator!.requests).toHaveLength(1);
  });

  it.each([
    ['another id', { id: 'eval_suite_other', object: 'eval.suite' }, /asked for suite "eval_suite_conformance" but got "eval_suite_other"/],
    ['no id', { object: 'eval.suite', name: 'x' }, /suite has no valid "id"/],
    ['an id with a line break', { id: 'eval_suite_x\n::error::', object: 'eval.suite' }, /suite has no valid "id"/],
    ['another object type', { id: SUITE, object: 'eval.run' }, /is not an eval.suite object/],
    ['not an object', ['x'], /suite is not a JSON object/],
  ])('refuses an answer with %s', async (_name, body, message) => {
    await start({
      runs: [{ suiteId: SUITE }],
      faults: [{ route: 'suite-get', kind: 'status', status: 200, body: JSON.stringify(body) }],
    });
    const error = await client()
      .getSuite(SUITE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProtocolError);
    expect((error as Error).message).toMatch(message);
  });

  it('is tolerant of extra fields and of a missing or odd name', async () => {
    await start({ runs: [], suites: [{ id: SUITE, extra: { name: 42, versions: [{ id: 'eval_sver_1' }], surprise: true } }] });
    expect(await client().getSuite(SUITE)).toEqual({ id: SUITE, name: undefined });
  });
});
