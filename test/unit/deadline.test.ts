/**
 * Rule 8, "the deadline is the only thing that ends a wait", and rule 9, "an unusable 2xx answer
 * is a missed poll", on fake time: the whole gate against the emulator on a virtual clock, over
 * many seeds of the backoff jitter, so every way the backoff can fall is tried deterministically.
 */
import { describe, expect, it, vi } from 'vitest';
import { ApiHttpError, ApiNetworkError, ApiProtocolError, DeadlineExceededError, RetryAfterDeadlineError } from '../../src/api/errors.ts';
import { withRetries, type RetryPolicy } from '../../src/api/retry.ts';
import { runGate } from '../../src/gate/gate.ts';
import type { GateConfig } from '../../src/core/config.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { FaultRule, RunSpec } from '../emulator/model.ts';
import type { Emulator } from '../emulator/server.ts';
import { recordingLogger } from './fake-time.ts';
import { fakeTime, rejectionOf } from './helpers.ts';
import { gateConfigFor, virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const SUITE = 'eval_suite_deadline';
const RUN_ID = 'eval_run_deadline';
const MINUTE = 60_000;
const ENDPOINT = 'GET /api/v1/llm/evals/runs/r1';

/** Deterministic pseudo-random numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function config(emulator: Emulator, overrides: Partial<GateConfig> = {}): GateConfig {
  return gateConfigFor(emulator, { kind: 'run-id', runId: RUN_ID, suiteId: undefined }, { timeoutMs: 10 * MINUTE, ...overrides });
}

const endless: RunSpec = { id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee' }, inProgressMs: 600 * MINUTE, total: 100 };

describe('withRetries: only the server can end a call early', () => {
  const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 };

  it('rethrows the transient error itself (a missed poll) when its own backoff would cross the deadline', async () => {
    const time = fakeTime();
    const last = new ApiHttpError({ endpoint: ENDPOINT, status: 500, bodyExcerpt: '' });
    const onRetry = vi.fn();
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          throw last;
        },
        { policy, clock: time.clock, sleep: time.sleep, random: () => 0.999, deadline: time.clock.now() + 1_000, onRetry },
      ),
    );
    // 0.999 * 500 = 500 fits in 1 s; 0.999 * 1000 = 999 does not fit in the 500 ms left.
    expect(error).toBe(last);
    expect(error).not.toBeInstanceOf(RetryAfterDeadlineError);
    expect(time.sleeps).toEqual([500]);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('also rethrows an unusable answer as is when its backoff would cross the deadline', async () => {
    const time = fakeTime();
    const last = new ApiProtocolError(ENDPOINT, 'body is not JSON: <html>');
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          throw last;
        },
        { policy, clock: time.clock, sleep: time.sleep, random: () => 0.999, deadline: time.clock.now() + 100 },
      ),
    );
    expect(error).toBe(last);
    expect(time.sleeps).toEqual([]);
  });

  it('ends at once with RetryAfterDeadlineError only when the server asks for more time than is left', async () => {
    const time = fakeTime();
    const cause = new ApiHttpError({ endpoint: ENDPOINT, status: 503, bodyExcerpt: '', retryAfterMs: 2_000 });
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          throw cause;
        },
        { policy, clock: time.clock, sleep: time.sleep, random: () => 0, deadline: time.clock.now() + 1_000 },
      ),
    );
    expect(error).toBeInstanceOf(RetryAfterDeadlineError);
    expect(error.message).toContain('the API asked to retry in 2s');
    expect(time.sleeps).toEqual([]);
  });

  it('a network failure whose backoff would cross the deadline is a missed poll too', async () => {
    const time = fakeTime();
    const last = new ApiNetworkError(ENDPOINT, 'ECONNRESET', 'socket hang up');
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          time.advance(900);
          throw last;
        },
        { policy, clock: time.clock, sleep: time.sleep, random: () => 0.5, deadline: time.clock.now() + 1_000 },
      ),
    );
    expect(error).toBe(last);
  });

  it('when the deadline cuts a retry short, the error names what the earlier attempts met', async () => {
    const time = fakeTime();
    const problem = new ApiProtocolError(ENDPOINT, 'run "r1" has no "status"');
    const failures: Error[] = [problem, new DeadlineExceededError(ENDPOINT, 'the timeout was reached while waiting for the answer')];
    const error = await rejectionOf(
      withRetries(
        ENDPOINT,
        async () => {
          throw failures.shift();
        },
        { policy, clock: time.clock, sleep: time.sleep, random: () => 0, deadline: time.clock.now() + 60_000 },
      ),
    );
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as DeadlineExceededError).lastError).toBe(problem);
    expect(error.message).toContain('has no "status"');
  });
});

describe('runGate on virtual time: the deadline is the only thing that ends a wait', () => {
  const start = virtualApi(T0);

  async function gate(faults: FaultRule[], overrides: Partial<GateConfig>, random: () => number) {
    const { clock, sleeps, emulator, agent } = await start({ runs: [endless], faults });
    const logger = recordingLogger();
    const result = await runGate(config(emulator, overrides), {
      clock,
      sleep: sleeps.sleep,
      dispatcher: agent,
      logger,
      userAgent: USER_AGENT,
      random,
    });
    return { result, clock, emulator, logger };
  }

  /** Final check reserve: the poll loop's last check is never further than this from the deadline. */
  const reserveOf = (overrides: Partial<GateConfig>) => Math.min(500, overrides.pollIntervalMs ?? 15_000);

  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);

  it.each(seeds)('persistent HTTP 500 while waiting (jitter seed %i): no early end, the last check is at the deadline', async (seed) => {
    const overrides: Partial<GateConfig> = { timeoutMs: (2 + (seed % 5)) * MINUTE, pollIntervalMs: 5_000 + (seed % 3) * 5_000 };
    const { result, clock, emulator } = await gate([{ route: 'get', kind: 'status', status: 500, skip: 1 }], overrides, mulberry32(seed));
    const timeout = overrides.timeoutMs as number;
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toMatch(/^timeout of \dm 00s reached while waiting for run eval_run_deadline; last seen: in_progress/);
    expect(result.reason).toContain('HTTP 500');
    expect(result.reason).not.toContain('would pass');
    // Never before the deadline (less the final-check reserve), never after it.
    expect(clock.now() - T0).toBeGreaterThanOrEqual(timeout - reserveOf(overrides));
    expect(clock.now() - T0).toBeLessThanOrEqual(timeout);
    const gets = emulator.requests.filter((r) => r.route === 'get');
    expect(gets.at(-1)!.at).toBeGreaterThanOrEqual(timeout - reserveOf(overrides));
    // Many polls, each retried: far more requests than one call's 6 attempts.
    expect(gets.length).toBeGreaterThan(6);
  });

  it.each([0, 0.5, 0.999])('persistent HTTP 500 during the lookup (random %s): the scan goes on to the deadline', async (r) => {
    const overrides: Partial<GateConfig> = {
      target: { kind: 'lookup', suiteId: SUITE, metadata: { sha: 'c0ffee' } },
      timeoutMs: 5 * MINUTE,
    };
    const { result, clock } = await gate([{ route: 'list', kind: 'status', status: 500 }], overrides, () => r);
    expect(result.outcome).toBe('inconclusive');
    // No scan got an answer: the reason says the API never answered (issue 14), not "0 scan(s) examined".
    expect(result.reason).toMatch(
      /^timeout of 5m 00s reached while looking for a run of suite \S+ matching sha=c0ffee: the API never answered/,
    );
    expect(result.reason).toContain('HTTP 500');
    expect(clock.now() - T0).toBeGreaterThanOrEqual(5 * MINUTE - reserveOf(overrides));
  });

  it.each([
    ['bad-json', /body is not JSON: <html><body>502 Bad Gateway/],
    ['missing-fields', /has no "status"/],
    ['unknown-status', /unknown status "paused"/],
  ] as const)('persistent unusable 2xx (%s): missed polls to the deadline, inconclusive naming the problem', async (kind, problem) => {
    const overrides: Partial<GateConfig> = { timeoutMs: 3 * MINUTE };
    const { result, clock, emulator } = await gate([{ route: 'get', kind, skip: 1 }], overrides, mulberry32(7));
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toMatch(/^timeout of 3m 00s reached while waiting for run eval_run_deadline/);
    expect(result.reason).toContain('unusable response');
    expect(result.reason).toMatch(problem);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(3 * MINUTE - reserveOf(overrides));
    expect(emulator.requests.filter((r) => r.route === 'get').length).toBeGreaterThan(6);
  });

  it('an HTML page from a proxy for a while, then the real answer: the gate passes the run', async () => {
    const run: RunSpec = { ...endless, inProgressMs: 2 * MINUTE };
    const { clock, sleeps, emulator, agent } = await start({
      runs: [run],
      faults: [{ route: 'get', kind: 'bad-json', skip: 1, times: 12 }],
    });
    const result = await runGate(config(emulator, { timeoutMs: 30 * MINUTE }), {
      clock,
      sleep: sleeps.sleep,
      dispatcher: agent,
      logger: recordingLogger(),
      userAgent: USER_AGENT,
      random: mulberry32(3),
    });
    expect(result.outcome).toBe('pass');
    expect(emulator.requests.filter((r) => r.answer === 'fault:bad-json')).toHaveLength(12);
  });

  it('a Retry-After past the deadline still ends the gate at once', async () => {
    const overrides: Partial<GateConfig> = { timeoutMs: 10 * MINUTE };
    const { result, clock } = await gate(
      [{ route: 'get', kind: 'status', status: 503, retryAfter: '3600', skip: 1 }],
      overrides,
      () => 0.5,
    );
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toContain('would pass before the API answers again');
    expect(clock.now() - T0).toBeLessThan(MINUTE);
  });
});
