import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../src/core/config.ts';
import { runGate } from '../../src/gate/gate.ts';
import { outcomeOfApiError } from '../../src/api/retry.ts';
import { ApiHttpError, ApiNetworkError, DeadlineExceededError } from '../../src/api/errors.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { FaultRule, RunSpec } from '../emulator/model.ts';
import type { Emulator } from '../emulator/server.ts';
import { recordingLogger, type FakeSleepOptions } from './fake-time.ts';
import { gateConfigFor, virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const SUITE = 'eval_suite_gate';
const RUN_ID = 'eval_run_gate';
const MINUTE = 60_000;

function baseConfig(emulator: Emulator, overrides: Partial<GateConfig> = {}): GateConfig {
  return gateConfigFor(emulator, { kind: 'lookup', suiteId: SUITE, metadata: { sha: 'c0ffee' } }, overrides);
}

/** Older runs of the suite that never match the lookup. */
const history: RunSpec[] = Array.from({ length: 5 }, (_, i) => ({
  id: `eval_run_old${i}`,
  suiteId: SUITE,
  ageSeconds: 3_600 * (i + 1),
  metadata: { sha: `old${i}` },
  total: 10,
}));

describe('runGate against the emulator on virtual time', () => {
  const start = virtualApi(T0);

  async function setup(runs: RunSpec[], sleepOptions: FakeSleepOptions = {}, faults: FaultRule[] = []) {
    const { clock, sleeps, emulator: emu, agent: dispatcher } = await start({ runs, faults }, sleepOptions);
    const logger = recordingLogger();
    const gate = (config: Partial<GateConfig>, signal?: AbortSignal) =>
      runGate(baseConfig(emu, config), {
        clock,
        sleep: sleeps.sleep,
        dispatcher,
        logger,
        userAgent: USER_AGENT,
        random: () => 0.5,
        signal,
      });
    return { clock, sleeps, emu, logger, gate };
  }

  it('waits out a 20-minute run with few requests and passes it', async () => {
    const { gate, emu, clock, logger, sleeps } = await setup([
      ...history,
      {
        id: RUN_ID,
        suiteId: SUITE,
        appearAfterMs: 20_000,
        metadata: { sha: 'c0ffee', branch: 'feature' },
        queuedMs: MINUTE,
        inProgressMs: 20 * MINUTE,
        finalizingMs: 30_000,
        total: 300,
        failed: 2,
        metrics: { accuracy: 0.91 },
      },
    ]);
    const result = await gate({ maxFailedRequests: { kind: 'count', value: 2 } });
    expect(result.outcome).toBe('pass');
    expect(result.reason).toBe('all 2 criteria met');
    expect(result.run).toMatchObject({ id: RUN_ID, status: 'completed', request_counts: { total: 300, completed: 298, failed: 2 } });
    expect(result.criteria.map((c) => [c.name, c.passed])).toEqual([
      ['Run status', true],
      ['Failed requests', true],
    ]);
    expect(result.lookup).toMatchObject({ mode: 'metadata', suiteId: SUITE, metadata: { sha: 'c0ffee' }, candidates: 1, scans: 3 });
    // The run ended 21.5 minutes after it appeared (at 20 s); the gate saw it within a poll interval.
    const end = 20_000 + 21.5 * MINUTE;
    expect(result.elapsedMs).toBeGreaterThanOrEqual(end);
    expect(result.elapsedMs).toBeLessThanOrEqual(end + 15_000);
    expect(result.elapsedMs).toBe(clock.now() - T0);
    // A fixed 15 s poll would need ~88 requests; adaptive pacing needs far fewer, and no request was wasted.
    expect(result.api.requests).toBe(emu.requests.length);
    expect(result.api.requests).toBeLessThanOrEqual(30);
    expect(result.api).toMatchObject({ retries: 0 });
    expect(emu.requests.every((r) => r.answer === '200' || r.answer === '304')).toBe(true);
    expect(emu.requests.filter((r) => r.route === 'list')).toHaveLength(3);
    expect(Math.max(...sleeps.delays())).toBe(120_000);
    expect(emu.requests.every((r) => r.headers.authorization === `Bearer ${emu.apiKey}` && r.headers['user-agent'] === USER_AGENT)).toBe(
      true,
    );
    expect(logger.messages().some((m) => m.startsWith(`Chose run ${RUN_ID}`))).toBe(true);
  });

  it('is inconclusive at the timeout, saying the last state seen, and does not cancel by default', async () => {
    const { gate, emu, clock } = await setup([
      { id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE, total: 1_000 },
    ]);
    const result = await gate({ timeoutMs: 10 * MINUTE });
    expect(result.outcome).toBe('inconclusive');
    expect(result.run?.status).toBe('in_progress');
    const counts = result.run?.request_counts;
    expect(counts?.completed).toBeGreaterThan(100);
    expect(result.reason).toBe(
      `timeout of 10m 00s reached while waiting for run ${RUN_ID}; last seen: in_progress, ${counts?.completed}/1000 completed, 0 failed`,
    );
    expect(clock.now()).toBeLessThanOrEqual(T0 + 10 * MINUTE);
    expect(result.elapsedMs).toBeLessThanOrEqual(10 * MINUTE);
    expect(result.criteria).toEqual([]);
    expect(result.cancelRequest).toBeUndefined();
    expect(emu.requests.filter((r) => r.route === 'cancel')).toHaveLength(0);
  });

  it('asks MKA1 to cancel the run at the timeout when cancel-run-on includes timeout', async () => {
    const { gate, emu } = await setup([
      { id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE, total: 1_000 },
    ]);
    const result = await gate({ timeoutMs: 10 * MINUTE, cancelRunOn: { timeout: true, abort: false } });
    expect(result.outcome).toBe('inconclusive');
    const cancels = emu.requests.filter((r) => r.route === 'cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]).toMatchObject({ method: 'POST', path: `/api/v1/llm/evals/runs/${RUN_ID}/cancel`, answer: '200' });
    // Watching stops early enough that the cancel request itself ends by the deadline.
    expect(cancels[0]?.at).toBeLessThanOrEqual(10 * MINUTE - 4_000);
    expect(cancels[0]?.at).toBeGreaterThanOrEqual(9 * MINUTE);
    expect(result.elapsedMs).toBeLessThanOrEqual(10 * MINUTE);
    expect(result.cancelRequest).toEqual({ ok: true, detail: `asked MKA1 to cancel run ${RUN_ID} (now cancelling)` });
    expect(result.reason).toMatch(new RegExp(`^timeout of 10m 00s reached while waiting for run ${RUN_ID}; last seen: `));
    expect(result.api.requests).toBe(emu.requests.length);
  });

  // A timeout that strikes inside a request (during retries) reads like one between polls.
  it('says the last state seen when the timeout strikes during a failing request', async () => {
    // Every GET of the run answers 503: the retries of the first poll (at 15 s) run into the 16 s timeout.
    const runs: RunSpec[] = [{ id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE, total: 1_000 }];
    const { result, emu } = await gateWithFaults(runs, [{ route: 'get', kind: 'status', status: 503 }], { timeoutMs: 16_000 });
    expect(result.outcome).toBe('inconclusive');
    expect(result.run?.status).toBe('in_progress');
    expect(emu.requests.filter((r) => r.route === 'get').length).toBeGreaterThan(1);
    // Same wording as a timeout between polls: what timed out, and the last state seen.
    expect(result.reason).toContain('timeout of 16s');
    expect(result.reason).toContain('last seen: in_progress, 0/1000 completed, 0 failed');
  });

  async function gateWithFaults(runs: RunSpec[], faults: FaultRule[], config: Partial<GateConfig>) {
    const { gate, emu, clock, logger } = await setup(runs, {}, faults);
    return { result: await gate(config), emu, clock, logger };
  }

  it("keeps waiting through an outage that outlasts one call's retries, and passes the run", async () => {
    // 10 failed answers in a row: more than the 6 attempts of one call, far less than the 30-minute timeout.
    const runs: RunSpec[] = [{ id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 10 * MINUTE, total: 100 }];
    const { result, emu } = await gateWithFaults(runs, [{ route: 'get', kind: 'status', status: 503, skip: 1, times: 10 }], {
      timeoutMs: 30 * MINUTE,
    });
    expect(result.outcome).toBe('pass');
    expect(emu.requests.filter((r) => r.answer === 'fault:status')).toHaveLength(10);
    expect(result.api.retries).toBeGreaterThanOrEqual(9);
  });

  it('ends at once, inconclusive and without cancelling, when Retry-After reaches past the deadline', async () => {
    const runs: RunSpec[] = [{ id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE, total: 100 }];
    const { result, emu, clock } = await gateWithFaults(
      runs,
      [{ route: 'get', kind: 'status', status: 503, retryAfter: '120', times: 1 }],
      { timeoutMs: MINUTE, cancelRunOn: { timeout: true, abort: true } },
    );
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toContain('would pass before the API answers again');
    expect(result.reason).toContain('last seen: in_progress');
    expect(emu.requests.filter((r) => r.route === 'cancel')).toHaveLength(0);
    expect(result.cancelRequest).toBeUndefined();
    // It did not sit out the 120 s, nor even the rest of the minute.
    expect(clock.now() - T0).toBeLessThan(MINUTE);
  });

  it('does not cancel at the timeout when only abort is asked for', async () => {
    const { gate, emu } = await setup([{ id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE }]);
    const result = await gate({ timeoutMs: 5 * MINUTE, cancelRunOn: { timeout: false, abort: true } });
    expect(result.outcome).toBe('inconclusive');
    expect(emu.requests.filter((r) => r.route === 'cancel')).toHaveLength(0);
  });

  it('cancels when the runner interrupts the job and cancel-run-on includes abort', async () => {
    const controller = new AbortController();
    const { gate, emu, clock } = await setup(
      [{ id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 60 * MINUTE, total: 1_000 }],
      { abortAt: { at: T0 + 7 * MINUTE, controller, reason: 'SIGTERM' } },
    );
    const result = await gate({ cancelRunOn: { timeout: false, abort: true } }, controller.signal);
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toMatch(new RegExp(`^interrupted by the runner \\(SIGTERM\\) while waiting for run ${RUN_ID}; last seen: `));
    expect(clock.now()).toBe(T0 + 7 * MINUTE);
    const cancels = emu.requests.filter((r) => r.route === 'cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.at).toBe(7 * MINUTE);
    expect(result.cancelRequest?.ok).toBe(true);
  });

  it('is inconclusive when no matching run appears before the timeout', async () => {
    const { gate, emu } = await setup(history);
    const result = await gate({ timeoutMs: 2 * MINUTE });
    expect(result.outcome).toBe('inconclusive');
    expect(result.run).toBeUndefined();
    expect(result.reason).toMatch(
      new RegExp(
        `^timeout of 2m 00s reached before a run of suite ${SUITE} matching sha=c0ffee appeared \\(\\d+ scan\\(s\\), 5 run\\(s\\) examined\\)$`,
      ),
    );
    expect(result.lookup).toMatchObject({ mode: 'metadata', suiteId: SUITE, candidates: 0, scanned: 5 });
    expect(result.lookup?.scans).toBe(emu.requests.length);
  });

  it('says the API never answered when no scan of the suite got an answer before the timeout', async () => {
    const { result, emu } = await gateWithFaults(history, [{ route: 'list', kind: 'status', status: 503 }], { timeoutMs: 2 * MINUTE });
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toMatch(
      new RegExp(
        `^timeout of 2m 00s reached while looking for a run of suite ${SUITE} matching sha=c0ffee: ` +
          'the API never answered, no scan of the suite succeeded \\(last error: .*503',
      ),
    );
    expect(result.lookup).toMatchObject({ scans: 0, scanned: 0 });
    expect(emu.requests.length).toBeGreaterThan(1);
    expect(emu.requests.every((r) => r.answer === 'fault:status')).toBe(true);
  });

  it('after a miss, reports the newest 3 runs with their metadata redacted first, then bounded (20 pairs, 120 characters)', async () => {
    const key = 'mka1_emulator_key';
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${String(i).padStart(2, '0')}`, `v${i}`]));
    // The key straddles the 120-character cut: cut first, a piece of it would be left to show.
    const long = `${'x'.repeat(110)}${key}${'y'.repeat(50)}`;
    const newest: RunSpec[] = [
      { id: 'eval_run_new1', suiteId: SUITE, ageSeconds: 10, metadata: { sha: long, ...many }, total: 10 },
      { id: 'eval_run_new2', suiteId: SUITE, ageSeconds: 20, metadata: { sha: 'c0ffe' }, total: 10 },
    ];
    const { gate, logger } = await setup([...history, ...newest]);
    const result = await gate({ timeoutMs: MINUTE });
    expect(result.outcome).toBe('inconclusive');
    const recent = result.lookup?.recent ?? [];
    expect(recent.map((r) => r.id)).toEqual(['eval_run_new1', 'eval_run_new2', 'eval_run_old0']);
    expect(Object.keys(recent[0]?.metadata ?? {})).toHaveLength(20);
    expect(recent[1]).toMatchObject({ status: 'completed', metadata: { sha: 'c0ffe' } });
    const all = JSON.stringify(recent);
    expect(all).not.toContain(key.slice(0, 8));
    expect(recent[0]?.metadata.k00).toBe('v0');
    expect(recent[0]?.metadata.sha).toBe(`${'x'.repeat(110)}***${'y'.repeat(7)}…`);
    // The log lists the same three after the miss.
    const lines = logger.messages();
    const header = lines.findIndex((l) => l === `No run matched sha=c0ffee; the newest 3 run(s) of suite ${SUITE} carry:`);
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines.slice(header + 1, header + 4).map((l) => l.split(' ')[2])).toEqual(['eval_run_new1', 'eval_run_new2', 'eval_run_old0']);
    expect(lines[header + 2]).toMatch(/^ {2}eval_run_new2 \(completed, created \d{4}-[\d-]+T[\d:.]+Z\): sha=c0ffe$/);
  });

  it('fails a run-id that does not exist (HTTP 404), without retrying', async () => {
    const { gate, emu } = await setup(history);
    const result = await gate({ target: { kind: 'run-id', runId: 'eval_run_missing', suiteId: undefined } });
    expect(result.outcome).toBe('fail');
    expect(result.reason).toContain('GET /api/v1/llm/evals/runs/eval_run_missing answered HTTP 404');
    expect(result.reason).toContain('check the run id (`run-id`');
    expect(result.run).toBeUndefined();
    expect(emu.requests).toHaveLength(1);
  });

  it('is inconclusive when the run does not say its suite, so suite-id cannot be checked', async () => {
    const { gate, emu } = await setup([{ id: RUN_ID, suiteId: SUITE, inProgressMs: 60 * MINUTE, extra: { suite_id: null } }]);
    const result = await gate({ target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE } });
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toContain(`cannot be checked against suite-id ${SUITE}`);
    expect(emu.requests).toHaveLength(1);
  });

  it('fails a run-id that belongs to another suite than suite-id, without waiting', async () => {
    const { gate, emu } = await setup([{ id: RUN_ID, suiteId: 'eval_suite_other', inProgressMs: 60 * MINUTE }]);
    const result = await gate({ target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE } });
    expect(result.outcome).toBe('fail');
    expect(result.reason).toBe(`run ${RUN_ID} belongs to suite eval_suite_other, not to the suite-id given (${SUITE})`);
    expect(result.run?.id).toBe(RUN_ID);
    expect(emu.requests).toHaveLength(1);
  });

  it('gates a finished run given by run-id with a single request', async () => {
    const { gate, emu, clock } = await setup([{ id: RUN_ID, suiteId: SUITE, total: 20, failed: 0 }]);
    const result = await gate({ target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE } });
    expect(result.outcome).toBe('pass');
    expect(result.lookup).toMatchObject({ mode: 'run-id', suiteId: SUITE });
    expect(emu.requests).toHaveLength(1);
    expect(clock.now()).toBe(T0);
  });

  it('fails a run that failed, with its error in the reason', async () => {
    const { gate } = await setup([
      {
        id: RUN_ID,
        suiteId: SUITE,
        metadata: { sha: 'c0ffee' },
        inProgressMs: 2 * MINUTE,
        outcome: 'failed',
        failed: 4,
        error: { code: 'grader_error', message: 'Python grader raised ZeroDivisionError' },
      },
    ]);
    const result = await gate({ maxFailedRequests: { kind: 'count', value: 10 } });
    expect(result.outcome).toBe('fail');
    expect(result.run?.status).toBe('failed');
    expect(result.reason).toContain('Python grader raised ZeroDivisionError');
    expect(result.criteria[0]).toMatchObject({
      name: 'Run status',
      passed: false,
      actual: 'failed (Python grader raised ZeroDivisionError)',
    });
  });

  it('fails a completed run with too many failed requests', async () => {
    const { gate } = await setup([
      { id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: MINUTE, total: 200, failed: 6 },
    ]);
    const result = await gate({ maxFailedRequests: { kind: 'percent', value: 2.5 } });
    expect(result.outcome).toBe('fail');
    expect(result.criteria.find((c) => c.name === 'Failed requests')).toMatchObject({
      actual: '6 of 200 (3%)',
      allowed: '≤ 2.5% (5 of 200)',
      passed: false,
    });
    expect(result.reason).toContain('6 of 200 (3%)');
  });

  it('fails on a wrong API key and never shows the key', async () => {
    // The server echoes the Authorization header in its 401 body, so the key really reaches the gate.
    const key = 'mka1_sk_wrong_key_value';
    const { result, emu, logger } = await gateWithFaults(history, [{ route: 'any', kind: 'echo-key', status: 401 }], { apiKey: key });
    // The echo really happened: the request carried the key and the fault answered it.
    expect(emu.requests.length).toBeGreaterThan(0);
    expect(emu.requests.every((r) => r.answer === 'fault:echo-key')).toBe(true);
    expect(emu.requests.every((r) => r.headers.authorization === `Bearer ${key}`)).toBe(true);
    expect(result.outcome).toBe('fail');
    expect(result.reason).toContain('HTTP 401');
    // The echoed header survives, with the key replaced.
    expect(result.reason).toContain('authorization: Bearer ***');
    expect(result.reason).not.toContain(key);
    expect(JSON.stringify(result)).not.toContain(key);
    expect(logger.messages().join('\n')).not.toContain(key);
  });
});

describe('outcomeOfApiError', () => {
  const http = (status: number) => new ApiHttpError({ endpoint: 'GET /x', status, bodyExcerpt: '' });
  it.each([400, 401, 403, 404, 422])('fails on HTTP %d', (status) => {
    expect(outcomeOfApiError(http(status))).toBe('fail');
  });
  it.each([408, 429, 500, 503])('is inconclusive on HTTP %d', (status) => {
    expect(outcomeOfApiError(http(status))).toBe('inconclusive');
  });
  it('is inconclusive on network trouble and timeouts', () => {
    expect(outcomeOfApiError(new ApiNetworkError('GET /x', 'ECONNRESET', 'reset'))).toBe('inconclusive');
    expect(outcomeOfApiError(new DeadlineExceededError('GET /x', 'late'))).toBe('inconclusive');
  });
  it('fails on a host name that does not resolve: a wrong api-url, not an outage', () => {
    const error = new ApiNetworkError('GET /x', 'ENOTFOUND', 'getaddrinfo ENOTFOUND apigw.mka1.cmo');
    expect(outcomeOfApiError(error)).toBe('fail');
    expect(error.message).toContain('check `api-url`');
  });
});
