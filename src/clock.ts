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

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted || ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
};
