import { Agent } from 'undici';
import { afterEach } from 'vitest';
import { EvalsClient } from '../../src/api/client.ts';
import type { GateConfig } from '../../src/core/config.ts';
import type { Sleep } from '../../src/core/clock.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { Scenario } from '../emulator/model.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
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

/** The config parseInputs gives with every default, pointed at `emulator`; `overrides` replace whole fields. */
export function gateConfigFor(emulator: Emulator, target: GateConfig['target'], overrides: Partial<GateConfig> = {}): GateConfig {
  return {
    apiKey: emulator.apiKey,
    apiUrl: emulator.url,
    onBehalfOf: undefined,
    target,
    timeoutMs: 30 * 60_000,
    pollIntervalMs: 15_000,
    maxPollIntervalMs: 120_000,
    requestTimeoutMs: 5_000,
    maxFailedRequests: { kind: 'count', value: 0 },
    writeSummary: true,
    onInconclusive: 'fail',
    cancelRunOn: { timeout: false, abort: false },
    thresholds: [],
    baseline: { kind: 'none' },
    maxRegression: [],
    requireBaseline: false,
    comment: { enabled: false, token: '' },
    createRun: { mode: 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context: {} },
    rerunFailed: 0,
    failedSamples: 10,
    ...overrides,
  };
}
