import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { realSleep } from '../../src/core/clock.ts';

describe('realSleep', () => {
  it('resolves early, without throwing, when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = realSleep(60_000, controller.signal);
    controller.abort('SIGTERM');
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('does not return at once for a delay beyond what setTimeout can hold', async () => {
    // setTimeout turns delays above 2^31-1 ms into 1 ms; unclamped, this sleep would end at once.
    const controller = new AbortController();
    let done = false;
    const sleeping = realSleep(2 ** 40, controller.signal).then(() => {
      done = true;
    });
    await delay(50);
    expect(done).toBe(false);
    controller.abort();
    await sleeping;
    expect(done).toBe(true);
  });

  it('returns at once for zero, negative or already-aborted sleeps', { timeout: 5_000 }, async () => {
    // Were any of these to wait, the 10-minute sleep would outlast the test's own timeout.
    await realSleep(0);
    await realSleep(-5);
    await realSleep(10 * 60_000, AbortSignal.abort());
  });
});
