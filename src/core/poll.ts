import type { Clock, Sleep } from './clock.ts';

/** What one check says: finished with a value, or not yet (with what it saw, and when to look again). */
export type PollStep<T, L = T> = { done: true; value: T } | { done: false; last?: L; nextDelayMs?: number };

/**
 * How a poll ended. Errors from the check reach the caller, typed, unless `tolerate` accepts
 * them as a missed check; the last such error is kept to explain a deadline.
 */
export type PollOutcome<T, L = T> =
  | { kind: 'done'; value: T; attempts: number }
  | { kind: 'deadline'; last: L | undefined; attempts: number; lastError?: Error }
  | { kind: 'aborted'; last: L | undefined; attempts: number; lastError?: Error };

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
  /**
   * Errors that only miss one check (the API is briefly unreachable): polling goes on, at the
   * interval, until the deadline. Anything else ends the poll by throwing.
   */
  tolerate?: (error: unknown) => boolean;
  onMissedCheck?: (error: Error) => void;
  /**
   * Errors that mean the deadline itself struck during a check: the poll ends as `deadline`,
   * keeping the last missed check's error (the real problem) rather than the timeout's.
   */
  isDeadline?: (error: unknown) => boolean;
}

export async function pollUntil<T, L = T>(
  check: (attempt: number) => Promise<PollStep<T, L>>,
  options: PollOptions,
): Promise<PollOutcome<T, L>> {
  const { clock, sleep, deadline, signal } = options;
  const reserve = options.finalCheckReserveMs ?? 500;
  let last: L | undefined;
  let lastError: Error | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { kind: 'aborted', last, attempts: attempt - 1, lastError };
    if (clock.now() >= deadline) return { kind: 'deadline', last, attempts: attempt - 1, lastError };
    let step: PollStep<T, L>;
    try {
      step = await check(attempt);
    } catch (error) {
      if (error instanceof Error && options.isDeadline?.(error)) {
        return { kind: 'deadline', last, attempts: attempt, lastError: lastError ?? error };
      }
      if (!(error instanceof Error) || !options.tolerate?.(error)) throw error;
      lastError = error;
      options.onMissedCheck?.(error);
      step = { done: false };
    }
    if (step.done) return { kind: 'done', value: step.value, attempts: attempt };
    if (step.last !== undefined) last = step.last;
    if (signal?.aborted) return { kind: 'aborted', last, attempts: attempt, lastError };
    const remaining = deadline - clock.now();
    if (remaining <= reserve) return { kind: 'deadline', last, attempts: attempt, lastError };
    const delayMs = Math.max(0, Math.min(step.nextDelayMs ?? options.intervalMs, remaining - reserve));
    await sleep(delayMs, signal);
  }
}
