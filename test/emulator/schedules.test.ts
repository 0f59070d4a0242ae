/** Conformance of the emulator's schedule routes with the documented API: shapes, validation, paging, firing. */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import { ApiHttpError } from '../../src/api/errors.ts';
import { systemClock } from '../../src/core/clock.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { Scenario } from './model.ts';
import { scenarios } from './scenarios.ts';
import { NIGHTLY_RUN, NIGHTLY_SCHEDULE } from './schedule-scenarios.ts';
import type { ScheduleSpec } from './schedules.ts';
import { startEmulator, type Emulator } from './server.ts';

const SCHEDULES = '/api/v1/llm/evals/schedules';
const EPOCH_MS = 1_700_000_000_000;
const EPOCH_S = EPOCH_MS / 1000;
const SUITE = 'eval_suite_conformance';

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

async function call(path: string, options: { method?: string; key?: string | null } = {}): Promise<{ status: number; json: Json }> {
  const key = options.key === undefined ? emulator!.apiKey : options.key;
  const response = await request(`${emulator!.url}${path}`, {
    method: (options.method ?? 'GET') as 'GET',
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
    dispatcher: agent,
  });
  return { status: response.statusCode, json: (await response.body.json()) as Json };
}

const listSchedules = (query: Record<string, string> = {}) => call(`${SCHEDULES}?${new URLSearchParams(query)}`);
const ids = (answer: { json: Json }) => (answer.json.data as Json[]).map((s) => s.id as string);

/** `count` schedules of SUITE, the first declared the newest; odd ones disabled. */
const numbered = (count: number): ScheduleSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `eval_sched_${String(i).padStart(4, '0')}`,
    suiteId: i % 5 === 4 ? 'eval_suite_other' : SUITE,
    enabled: i % 2 === 0,
    createdAgoSeconds: 100 + i,
  }));

describe('GET /schedules/{id}', () => {
  it('returns the documented eval.schedule, its last run derived from the runs that name it', async () => {
    await start(scenarios['schedule-nightly'] as Scenario);
    const answer = await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`);
    expect(answer.status).toBe(200);
    const lastRunAt = emulator!.peekRun(NIGHTLY_RUN)!.created_at as number;
    expect(answer.json).toEqual({
      id: NIGHTLY_SCHEDULE,
      object: 'eval.schedule',
      name: 'Nightly MMLU',
      description: null,
      suite_id: expect.stringMatching(/^eval_suite_/),
      suite_version: null,
      cron: '30 3 * * *',
      interval_seconds: null,
      timezone: 'Europe/Berlin',
      overlap_policy: 'skip',
      enabled: true,
      webhook_url: null,
      webhook_configured: false,
      run: { models: ['auto'], generation: { temperature: 0, max_output_tokens: 512 } },
      metadata: {},
      last_run_id: NIGHTLY_RUN,
      last_run_at: lastRunAt,
      last_run_status: 'completed',
      next_run_at: lastRunAt + 86_400,
      created_at: EPOCH_S - 7 * 86_400,
      updated_at: lastRunAt,
    });
    expect(NIGHTLY_SCHEDULE).toMatch(/^eval_sched_[0-9a-f]{32}$/);
    expect(lastRunAt).toBe(EPOCH_S - 5 * 3600);
  });

  it('fires: last_run_id stays null until the first run appears, then names it and plans the next', async () => {
    await start(scenarios['schedule-first-run-soon'] as Scenario);
    const before = (await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`)).json;
    expect(before).toMatchObject({
      last_run_id: null,
      last_run_at: null,
      last_run_status: null,
      next_run_at: EPOCH_S + 4,
      interval_seconds: 21_600,
      cron: null,
    });
    fakeMs = 4000;
    const fired = (await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`)).json;
    expect(fired).toMatchObject({
      last_run_id: expect.stringMatching(/^eval_run_/),
      last_run_at: EPOCH_S + 4,
      last_run_status: 'queued',
      next_run_at: EPOCH_S + 4 + 21_600,
    });
    fakeMs = 6000;
    expect((await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`)).json.last_run_status).toBe('completed');
  });

  it('plans no next run for a disabled schedule, and none for one that never ran without a first run', async () => {
    await start({ runs: [], schedules: [{ id: 'eval_sched_off', enabled: false, firstRunAfterMs: 1000 }, { id: 'eval_sched_new' }] });
    expect((await call(`${SCHEDULES}/eval_sched_off`)).json).toMatchObject({ enabled: false, next_run_at: null, last_run_id: null });
    expect((await call(`${SCHEDULES}/eval_sched_new`)).json).toMatchObject({ enabled: true, next_run_at: null, last_run_id: null });
  });

  it('answers 404 for an unknown schedule, 401 without the key, and no other method', async () => {
    await start(scenarios['schedule-nightly'] as Scenario);
    const missing = await call(`${SCHEDULES}/eval_sched_missing`);
    expect(missing).toEqual({ status: 404, json: { error: { type: 'not_found', message: 'Eval schedule eval_sched_missing not found' } } });
    expect((await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`, { key: 'wrong' })).status).toBe(401);
    expect((await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`, { key: null })).status).toBe(401);
    expect((await call(`${SCHEDULES}/${NIGHTLY_SCHEDULE}`, { method: 'DELETE' })).status).toBe(404);
    expect(emulator!.requests.map((r) => `${r.route} ${r.answer}`)).toEqual([
      'schedule-get 404',
      'schedule-get 401',
      'schedule-get 401',
      'unknown 404',
    ]);
  });

  it('is what the client reads, and the client says what a 404 means', async () => {
    await start(scenarios['schedule-stale'] as Scenario);
    const client = new EvalsClient({
      baseUrl: emulator!.url,
      apiKey: emulator!.apiKey,
      userAgent: USER_AGENT,
      dispatcher: agent!,
      requestTimeoutMs: 5_000,
      deadline: Date.now() + 20_000,
      clock: systemClock,
      sleep: async () => {},
    });
    const schedule = await client.getSchedule(NIGHTLY_SCHEDULE);
    expect(schedule).toMatchObject({
      id: NIGHTLY_SCHEDULE,
      name: 'Nightly MMLU',
      enabled: true,
      lastRunId: NIGHTLY_RUN,
      lastRunAt: EPOCH_S - 3 * 86_400,
    });
    const error = await client.getSchedule('eval_sched_missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect((error as Error).message).toContain('check `schedule-id`');
  });
});

describe('GET /schedules', () => {
  it('lists newest first in the list envelope, 20 by default, filtered by suite_id and enabled', async () => {
    await start({ runs: [], schedules: numbered(30) });
    const all = await listSchedules();
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ object: 'list', first_id: 'eval_sched_0000', last_id: 'eval_sched_0019', has_more: true });
    expect(ids(all)).toHaveLength(20);
    expect((all.json.data as Json[]).every((s) => s.object === 'eval.schedule')).toBe(true);
    const enabledOfSuite = await listSchedules({ suite_id: SUITE, enabled: 'true', limit: '100' });
    expect(ids(enabledOfSuite)).toEqual(
      numbered(30)
        .filter((s) => s.suiteId === SUITE && s.enabled)
        .map((s) => s.id),
    );
    expect(enabledOfSuite.json.has_more).toBe(false);
    expect(ids(await listSchedules({ enabled: 'false', suite_id: 'eval_suite_other' }))).toEqual([
      'eval_sched_0009',
      'eval_sched_0019',
      'eval_sched_0029',
    ]);
  });

  it('pages with limit and after', async () => {
    await start({ runs: [], schedules: numbered(7) });
    const first = await listSchedules({ limit: '3' });
    expect(ids(first)).toEqual(['eval_sched_0000', 'eval_sched_0001', 'eval_sched_0002']);
    const second = await listSchedules({ limit: '3', after: first.json.last_id });
    expect(ids(second)).toEqual(['eval_sched_0003', 'eval_sched_0004', 'eval_sched_0005']);
    const last = await listSchedules({ limit: '3', after: second.json.last_id });
    expect(last.json).toMatchObject({ data: [expect.objectContaining({ id: 'eval_sched_0006' })], has_more: false });
    const empty = await listSchedules({ limit: '3', after: 'eval_sched_0006' });
    expect(empty.json).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it.each([
    [{ limit: '0' }, /limit must be an integer from 1 to 100/],
    [{ limit: '101' }, /limit must be an integer from 1 to 100/],
    [{ limit: 'ten' }, /limit must be an integer from 1 to 100/],
    [{ enabled: 'yes' }, /enabled must be true or false/],
    [{ after: 'eval_sched_nope' }, /after: no schedule "eval_sched_nope"/],
  ])('rejects %j with 400', async (query, message) => {
    await start({ runs: [], schedules: numbered(3) });
    const answer = await listSchedules(query);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(message);
  });
});
