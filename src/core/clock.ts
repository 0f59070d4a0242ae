import { setTimeout as delay } from 'node:timers/promises';

/** Milliseconds since the epoch. Injected so that polling can be tested with fake time. */
export interface Clock {
  now(): number;
}

/**
 * Waits `ms` milliseconds. Resolves early (never rejects) when `signal` aborts, so loops
 * check `signal.aborted` themselves and still write what they know.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted || ms <= 0) return;
  try {
    // setTimeout treats anything above 2^31-1 ms as 1 ms: never let a huge delay become a busy loop.
    await delay(Math.min(ms, MAX_TIMER_MS), undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
};
