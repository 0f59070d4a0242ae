import type { Clock, Sleep } from '../../src/core/clock.ts';

/** A clock that only moves when told to: by `advance` or by the fake sleep below. */
export class FakeClock implements Clock {
  private t: number;
  constructor(startMs = 1_700_000_000_000) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    if (ms < 0) throw new Error(`a clock does not go back (advance ${ms})`);
    this.t += ms;
  }
}

export interface SleepCall {
  /** Clock time when the sleep started. */
  at: number;
  /** Delay asked for. */
  ms: number;
  /** Clock time when it returned. */
  until: number;
}

export interface FakeSleep {
  sleep: Sleep;
  /** Every call, in order. */
  calls: SleepCall[];
  /** Only the delays asked for. */
  delays(): number[];
  /** Total virtual time spent sleeping. */
  total(): number;
}

export interface FakeSleepOptions {
  /**
   * Simulates the job being cancelled at clock time `at`: a sleep that would pass it ends
   * there instead, and `controller` aborts (as the runner's signal would, mid-sleep).
   */
  abortAt?: { at: number; controller: AbortController; reason?: unknown };
}

/**
 * A sleep that returns at once and moves `clock` forward by the delay, like the real one:
 * an already aborted signal returns without waiting; a cancellation at `abortAt` cuts it short.
 */
export function fakeSleep(clock: FakeClock, options: FakeSleepOptions = {}): FakeSleep {
  const calls: SleepCall[] = [];
  const sleep: Sleep = async (ms, signal) => {
    const at = clock.now();
    if (signal?.aborted || ms <= 0) {
      calls.push({ at, ms, until: at });
      return;
    }
    const abort = options.abortAt;
    if (abort && !abort.controller.signal.aborted && at + ms >= abort.at) {
      clock.advance(Math.max(0, abort.at - at));
      abort.controller.abort(abort.reason ?? 'job cancelled');
    } else {
      clock.advance(ms);
    }
    calls.push({ at, ms, until: clock.now() });
    // Let other promise callbacks run, as a real timer would.
    await Promise.resolve();
  };
  return {
    sleep,
    calls,
    delays: () => calls.map((c) => c.ms),
    total: () => calls.reduce((sum, c) => sum + (c.until - c.at), 0),
  };
}

/** A fake clock and a sleep that advances it. */
export function fakeTime(startMs?: number, options?: FakeSleepOptions): { clock: FakeClock } & FakeSleep {
  const clock = new FakeClock(startMs);
  return { clock, ...fakeSleep(clock, options) };
}

/** A logger that keeps every line, for asserting on what the user would read. */
export function recordingLogger() {
  const lines: { level: 'debug' | 'info' | 'warning'; message: string }[] = [];
  return {
    lines,
    messages: () => lines.map((l) => l.message),
    debug: (message: string) => void lines.push({ level: 'debug', message }),
    info: (message: string) => void lines.push({ level: 'info', message }),
    warning: (message: string) => void lines.push({ level: 'warning', message }),
  };
}
