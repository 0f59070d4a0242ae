import type { Dispatcher } from 'undici';
import { EvalsClient, type EvalsClientOptions } from '../../src/api/client.ts';
import type { Clock, Sleep } from '../../src/core/clock.ts';
import { USER_AGENT } from '../../src/core/version.ts';

/** A recognisable key: tests assert it never comes back in errors or logs. */
export const TEST_KEY = 'mka1_sk_unit_7c6b5a4f3e2d_DO_NOT_LEAK';
export const TEST_ORIGIN = 'https://apigw.test';
export const RUNS_PATH = '/api/v1/llm/evals/runs';

/** A fake clock whose sleep returns at once, moves the clock and records what was asked. */
export interface FakeTime {
  clock: Clock;
  sleep: Sleep;
  /** Every delay passed to sleep, in order. */
  sleeps: number[];
  advance(ms: number): void;
}

export function fakeTime(startMs = 1_700_000_000_000): FakeTime {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * A client wired to `dispatcher` with fake time: 60 s of deadline, 5 s per attempt,
 * random fixed at 0.5 so backoff delays are predictable.
 */
export function makeClient(dispatcher: Dispatcher, time: FakeTime, overrides: Partial<EvalsClientOptions> = {}): EvalsClient {
  return new EvalsClient({
    baseUrl: TEST_ORIGIN,
    apiKey: TEST_KEY,
    userAgent: USER_AGENT,
    dispatcher,
    requestTimeoutMs: 5_000,
    deadline: time.clock.now() + 60_000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ...overrides,
  });
}

/** A valid run object as the API returns it. */
export function runJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'eval_run_1',
    object: 'eval.run',
    suite_id: 'eval_suite_1',
    status: 'completed',
    models: ['gpt-x'],
    request_counts: { total: 10, completed: 10, failed: 0 },
    metrics: { 'gpt-x': { accuracy: 0.9 } },
    error: null,
    metadata: { branch: 'main' },
    created_at: 1_700_000_000,
    ...overrides,
  };
}

export function listJson(runs: Record<string, unknown>[], hasMore = false): Record<string, unknown> {
  return {
    object: 'list',
    data: runs,
    first_id: (runs[0]?.id as string | undefined) ?? null,
    last_id: (runs.at(-1)?.id as string | undefined) ?? null,
    has_more: hasMore,
  };
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
