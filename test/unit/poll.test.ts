import { describe, expect, it } from 'vitest';
import { pollUntil, type PollStep } from '../../src/core/poll.ts';
import { fakeTime } from './fake-time.ts';

const T0 = 1_700_000_000_000;

/** A check that answers from a script; the last entry repeats. */
function scripted<T>(steps: PollStep<T, string>[]) {
  const calls: number[] = [];
  const check = async (attempt: number): Promise<PollStep<T, string>> => {
    calls.push(attempt);
    return steps[Math.min(attempt, steps.length) - 1] as PollStep<T, string>;
  };
  return { check, calls };
}

describe('pollUntil', () => {
  it('returns the value once the check is done, counting attempts, sleeping the interval between', async () => {
    const time = fakeTime(T0);
    const { check, calls } = scripted<string>([{ done: false }, { done: false }, { done: true, value: 'ok' }]);
    const outcome = await pollUntil(check, { clock: time.clock, sleep: time.sleep, deadline: T0 + 60_000, intervalMs: 1_000 });
    expect(outcome).toEqual({ kind: 'done', value: 'ok', attempts: 3 });
    expect(calls).toEqual([1, 2, 3]);
    expect(time.delays()).toEqual([1_000, 1_000]);
    expect(time.clock.now()).toBe(T0 + 2_000);
  });

  it('does not sleep when the first check is done', async () => {
    const time = fakeTime(T0);
    const outcome = await pollUntil(async () => ({ done: true as const, value: 1 }), {
      clock: time.clock,
      sleep: time.sleep,
      deadline: T0 + 1_000,
      intervalMs: 100,
    });
    expect(outcome).toEqual({ kind: 'done', value: 1, attempts: 1 });
    expect(time.calls).toHaveLength(0);
  });

  it('uses the delay the check suggests instead of the interval', async () => {
    const time = fakeTime(T0);
    const { check } = scripted<string>([
      { done: false, nextDelayMs: 7_000 },
      { done: false, nextDelayMs: 250 },
      { done: false },
      { done: true, value: 'x' },
    ]);
    await pollUntil(check, { clock: time.clock, sleep: time.sleep, deadline: T0 + 600_000, intervalMs: 3_000 });
    expect(time.delays()).toEqual([7_000, 250, 3_000]);
  });

  it('stops at the deadline with the last value seen, and never sleeps past deadline minus the reserve', async () => {
    const time = fakeTime(T0);
    const deadline = T0 + 10_000;
    let n = 0;
    const outcome = await pollUntil<string, string>(
      async () => {
        n++;
        // Every check takes 300 ms of clock time.
        time.clock.advance(300);
        return { done: false, last: `seen ${n}`, nextDelayMs: 4_000 };
      },
      { clock: time.clock, sleep: time.sleep, deadline, intervalMs: 1_000, finalCheckReserveMs: 1_000 },
    );
    expect(outcome).toEqual({ kind: 'deadline', last: `seen ${n}`, attempts: n });
    expect(n).toBeGreaterThanOrEqual(3);
    for (const call of time.calls) expect(call.until).toBeLessThanOrEqual(deadline - 1_000);
    // The last sleep is shortened so that one more check runs before the deadline.
    expect(time.calls.at(-1)?.until).toBe(deadline - 1_000);
    expect(time.clock.now()).toBeLessThanOrEqual(deadline);
  });

  it('uses a 500 ms reserve by default', async () => {
    const time = fakeTime(T0);
    await pollUntil(async () => ({ done: false }), { clock: time.clock, sleep: time.sleep, deadline: T0 + 2_200, intervalMs: 1_000 });
    expect(time.delays()).toEqual([1_000, 700]);
    expect(time.calls.at(-1)?.until).toBe(T0 + 1_700);
  });

  it('keeps the last defined value when later checks report none', async () => {
    const time = fakeTime(T0);
    const { check } = scripted<string>([{ done: false, last: 'first' }, { done: false }]);
    const outcome = await pollUntil(check, { clock: time.clock, sleep: time.sleep, deadline: T0 + 5_000, intervalMs: 1_000 });
    expect(outcome.kind).toBe('deadline');
    expect(outcome.kind !== 'done' && outcome.last).toBe('first');
  });

  it('does not check at all when the deadline has already passed', async () => {
    const time = fakeTime(T0);
    const { check, calls } = scripted<string>([{ done: true, value: 'never' }]);
    const outcome = await pollUntil(check, { clock: time.clock, sleep: time.sleep, deadline: T0, intervalMs: 1_000 });
    expect(outcome).toEqual({ kind: 'deadline', last: undefined, attempts: 0 });
    expect(calls).toEqual([]);
  });

  it('does not check when the signal is already aborted', async () => {
    const time = fakeTime(T0);
    const controller = new AbortController();
    controller.abort();
    const { check, calls } = scripted<string>([{ done: true, value: 'never' }]);
    const outcome = await pollUntil(check, {
      clock: time.clock,
      sleep: time.sleep,
      deadline: T0 + 10_000,
      intervalMs: 1_000,
      signal: controller.signal,
    });
    expect(outcome).toEqual({ kind: 'aborted', last: undefined, attempts: 0 });
    expect(calls).toEqual([]);
  });

  it('stops when the signal aborts during a sleep, without another check', async () => {
    const controller = new AbortController();
    const time = fakeTime(T0, { abortAt: { at: T0 + 2_500, controller } });
    const { check, calls } = scripted<string>([
      { done: false, last: 'a' },
      { done: false, last: 'b' },
      { done: false, last: 'c' },
      { done: true, value: 'too late' },
    ]);
    const outcome = await pollUntil(check, {
      clock: time.clock,
      sleep: time.sleep,
      deadline: T0 + 60_000,
      intervalMs: 1_000,
      signal: controller.signal,
    });
    expect(outcome).toEqual({ kind: 'aborted', last: 'c', attempts: 3 });
    expect(calls).toEqual([1, 2, 3]);
    expect(time.clock.now()).toBe(T0 + 2_500);
  });

  it('reports aborted when the signal aborts during a check', async () => {
    const time = fakeTime(T0);
    const controller = new AbortController();
    const outcome = await pollUntil<number, string>(
      async (attempt) => {
        if (attempt === 2) controller.abort();
        return { done: false, last: `attempt ${attempt}` };
      },
      { clock: time.clock, sleep: time.sleep, deadline: T0 + 60_000, intervalMs: 1_000, signal: controller.signal },
    );
    expect(outcome).toEqual({ kind: 'aborted', last: 'attempt 2', attempts: 2 });
    expect(time.calls).toHaveLength(1);
  });

  it('lets errors from the check reach the caller', async () => {
    const time = fakeTime(T0);
    await expect(
      pollUntil(
        async (attempt) => {
          if (attempt === 2) throw new Error('boom');
          return { done: false };
        },
        { clock: time.clock, sleep: time.sleep, deadline: T0 + 60_000, intervalMs: 1_000 },
      ),
    ).rejects.toThrow('boom');
  });
});
