import type { Clock, Sleep } from './clock.ts';

/** What one check says: finished with a value, or not yet (with what it saw, and when to look again). */
export type PollStep<T, L = T> =
  | { done: true; value: T }
  | { done: false; last?: L; nextDelayMs?: number };

/** How a poll ended. Errors from the check are not caught here: they are typed and reach the caller. */
export type PollOutcome<T, L = T> =
  | { kind: 'done'; value: T; attempts: number }
  | { kind: 'deadline'; last: L | undefined; attempts: number }
  | { kind: 'aborted'; last: L | undefined; attempts: number };

export interface PollOptions {
  clock: Clock;
  sleep: Sleep;
  /** Absolute clock time at which polling stops. */
  deadline: number;
  /** Delay between checks when the check does not suggest one. */
  intervalMs: number;
  signal?: AbortSignal;
  /**
   * Time kept free before the deadline so the last check can still run: a sleep never ends
   * closer to the deadline than this.
   */
  finalCheckReserveMs?: number;
}

export async function pollUntil<T, L = T>(
  check: (attempt: number) => Promise<PollStep<T, L>>,
  options: PollOptions,
): Promise<PollOutcome<T, L>> {
  const { clock, sleep, deadline, signal } = options;
  const reserve = options.finalCheckReserveMs ?? 500;
  let last: L | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { kind: 'aborted', last, attempts: attempt - 1 };
    if (clock.now() >= deadline) return { kind: 'deadline', last, attempts: attempt - 1 };
    const step = await check(attempt);
    if (step.done) return { kind: 'done', value: step.value, attempts: attempt };
    if (step.last !== undefined) last = step.last;
    if (signal?.aborted) return { kind: 'aborted', last, attempts: attempt };
    const remaining = deadline - clock.now();
    if (remaining <= reserve) return { kind: 'deadline', last, attempts: attempt };
    const delayMs = Math.max(0, Math.min(step.nextDelayMs ?? options.intervalMs, remaining - reserve));
    await sleep(delayMs, signal);
  }
}
