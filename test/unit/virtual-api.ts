import { Agent } from 'undici';
import { afterEach } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import type { Sleep } from '../../src/wait/clock.ts';
import { USER_AGENT } from '../../src/version.ts';
import type { Scenario } from '../emulator/model.ts';
import { startEmulator } from '../emulator/server.ts';
import { FakeClock, fakeSleep, type FakeSleepOptions } from './fake-time.ts';

/**
 * The emulator on a fake clock that the code under test shares (its sleeps move the clock), with a
 * real undici agent over loopback. Call in a describe block; whatever a test opened is closed after it.
 */
export function virtualApi(t0: number) {
  let opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const resource of opened) await resource.close();
    opened = [];
  });
  return async function start(scenario: Scenario, sleepOptions: FakeSleepOptions = {}) {
    const clock = new FakeClock(t0);
    const sleeps = fakeSleep(clock, sleepOptions);
    const emulator = await startEmulator({ scenario, now: () => clock.now(), epochMs: t0 });
    const agent = new Agent();
    opened.push(emulator, agent);
    /** A client with its deadline `deadlineAfterMs` after t0. */
    const client = (deadlineAfterMs: number, options: { sleep?: Sleep; signal?: AbortSignal } = {}) =>
      new EvalsClient({
        baseUrl: emulator.url,
        apiKey: emulator.apiKey,
        userAgent: USER_AGENT,
        dispatcher: agent,
        requestTimeoutMs: 5_000,
        deadline: t0 + deadlineAfterMs,
        clock,
        sleep: options.sleep ?? sleeps.sleep,
        signal: options.signal,
      });
    return { clock, sleeps, emulator, agent, client };
  };
}
