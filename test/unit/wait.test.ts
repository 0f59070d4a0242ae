import { describe, expect, it } from 'vitest';
import { parseRun, type EvalRun, type RunStatus } from '../../src/api/models.ts';
import type { Sleep } from '../../src/core/clock.ts';
import { progressLine, waitForTerminal } from '../../src/wait/wait.ts';
import type { RunSpec } from '../emulator/model.ts';
import type { Emulator } from '../emulator/server.ts';
import { recordingLogger, type FakeSleepOptions } from './fake-time.ts';
import { virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const RUN_ID = 'eval_run_wait';
const PACE = { minIntervalMs: 15_000, maxIntervalMs: 120_000 };

describe('waitForTerminal against the emulator on virtual time', () => {
  const start = virtualApi(T0);

  async function setup(spec: RunSpec, deadlineAfterMs: number, options: FakeSleepOptions & { signal?: AbortSignal } = {}) {
    const { clock, sleeps: fake, emulator: emu, client: makeClient } = await start({ runs: [{ id: RUN_ID, ...spec }] }, options);
    const deadline = T0 + deadlineAfterMs;
    const client = makeClient(deadlineAfterMs, { signal: options.signal });
    // The run as a lookup would have seen it, read without a request.
    const peek = () => parseRun(emu.peekRun(RUN_ID), 'peek');
    const observed: { at: number; status: RunStatus; run: EvalRun }[] = [];
    // Records, for each sleep, the status last observed before it.
    const sleepsAfter: { status: RunStatus; ms: number }[] = [];
    const sleep: Sleep = async (ms, signal) => {
      sleepsAfter.push({ status: (observed.at(-1)?.status ?? peek().status) as RunStatus, ms });
      await fake.sleep(ms, signal);
    };
    // By default `known` is a fresh GET (the run-id path); a lookup's list item passes fresh = false.
    const wait = (known: EvalRun, logger = recordingLogger(), fresh = true) =>
      waitForTerminal(client, known, {
        knownIsFresh: fresh,
        poll: { clock, sleep, deadline, intervalMs: PACE.minIntervalMs, signal: options.signal },
        pacing: PACE,
        clock,
        logger,
        startedAt: T0,
        onObserve: (run) => observed.push({ at: clock.now(), status: run.status, run }),
      });
    return { clock, fake, emu, peek, wait, observed, sleepsAfter };
  }

  const gets = (emu: Emulator) => emu.requests.filter((r) => r.route === 'get');

  it('follows a 20-minute run to completion with few requests, pacing by progress', async () => {
    const { clock, emu, peek, wait, observed, sleepsAfter } = await setup(
      { queuedMs: 60_000, inProgressMs: 20 * 60_000, finalizingMs: 45_000, total: 400, failed: 3 },
      60 * 60_000,
    );
    const logger = recordingLogger();
    const outcome = await wait(peek(), logger);
    expect(outcome.kind).toBe('terminal');
    if (outcome.kind !== 'terminal') return;
    expect(outcome.run.status).toBe('completed');
    expect(outcome.run.request_counts).toEqual({ total: 400, completed: 397, failed: 3 });
    // Saw the end no earlier than it happened, and at most one minimum interval later (it polls
    // at the minimum interval near the estimated finish and while finalizing).
    const finishedAt = 60_000 + 20 * 60_000 + 45_000;
    expect(clock.now() - T0).toBeGreaterThanOrEqual(finishedAt);
    expect(clock.now() - T0).toBeLessThanOrEqual(finishedAt + PACE.minIntervalMs);
    // A fixed 15 s interval would have taken ~85 requests.
    expect(outcome.polls).toBeLessThanOrEqual(25);
    expect(outcome.polls).toBeGreaterThanOrEqual(10);
    expect(gets(emu)).toHaveLength(outcome.polls);
    expect(observed).toHaveLength(outcome.polls);
    for (const { ms } of sleepsAfter) {
      expect(ms).toBeGreaterThanOrEqual(PACE.minIntervalMs);
      expect(ms).toBeLessThanOrEqual(PACE.maxIntervalMs);
    }
    // While finalizing, it polls at the minimum interval.
    const whileFinalizing = sleepsAfter.filter((x) => x.status === 'finalizing');
    expect(whileFinalizing.length).toBeGreaterThan(0);
    for (const { ms } of whileFinalizing) expect(ms).toBe(PACE.minIntervalMs);
    // Some sleeps in the middle of the run were long.
    expect(Math.max(...sleepsAfter.map((x) => x.ms))).toBe(PACE.maxIntervalMs);
    // Progress lines name the run, its status and counts, and an ETA while in progress.
    const lines = logger.messages();
    expect(lines.at(-1)).toMatch(new RegExp(`^run ${RUN_ID}: completed, 397/400 completed, 3 failed, elapsed \\d+m \\d\\ds$`));
    expect(lines.some((l) => /in_progress, .*ETA ~.*next poll in/.test(l))).toBe(true);
  });

  it('does not spend a request on the first observation', async () => {
    const { emu, peek, wait, sleepsAfter } = await setup({ queuedMs: 0, inProgressMs: 60_000, total: 10 }, 10 * 60_000);
    const known = peek();
    expect(known.status).toBe('in_progress');
    const outcome = await wait(known);
    expect(outcome.kind).toBe('terminal');
    // The first request comes only after the first sleep.
    expect(gets(emu)[0]?.at).toBe(sleepsAfter[0]?.ms);
    expect(gets(emu)).toHaveLength(outcome.polls);
  });

  it('returns at once, with no request, when the known run is already terminal', async () => {
    const { clock, emu, peek, wait, fake } = await setup(
      { outcome: 'failed', inProgressMs: 0, error: { code: 'x', message: 'boom' } },
      60_000,
    );
    const known = peek();
    expect(known.status).toBe('failed');
    const outcome = await wait(known);
    expect(outcome).toEqual({ kind: 'terminal', run: known, polls: 0 });
    expect(emu.requests).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
    expect(clock.now()).toBe(T0);
  });

  it('reads a listed run by id before anything else: a stale list item is never the judged state', async () => {
    const { emu, peek, wait, observed } = await setup(
      { outcome: 'failed', inProgressMs: 0, error: { code: 'x', message: 'boom' } },
      60_000,
    );
    // The listing said completed (stale); the run itself failed.
    const listed = { ...peek(), status: 'completed' as const };
    const outcome = await wait(listed, recordingLogger(), false);
    expect(outcome).toMatchObject({ kind: 'terminal', polls: 1, run: { id: RUN_ID, status: 'failed' } });
    expect(gets(emu)).toHaveLength(1);
    expect(gets(emu)[0]?.at).toBe(0);
    expect(observed.map((o) => o.status)).toEqual(['failed']);
  });

  it('returns the last state seen when the deadline passes', async () => {
    const { clock, emu, peek, wait, observed } = await setup({ queuedMs: 0, inProgressMs: 60 * 60_000, total: 1000 }, 10 * 60_000);
    const outcome = await wait(peek());
    expect(outcome.kind).toBe('deadline');
    if (outcome.kind !== 'deadline') return;
    expect(outcome.last).toEqual(observed.at(-1)?.run);
    expect(outcome.last.status).toBe('in_progress');
    expect(outcome.last.request_counts.completed).toBeGreaterThan(100);
    expect(outcome.polls).toBe(gets(emu).length);
    expect(clock.now()).toBeLessThanOrEqual(T0 + 10 * 60_000);
    // The last look was taken just before the deadline (the 500 ms final-check reserve).
    expect(observed.at(-1)?.at).toBe(T0 + 10 * 60_000 - 500);
  });

  it('stops when the job is cancelled mid-sleep, returning the last state seen', async () => {
    const controller = new AbortController();
    const { clock, emu, peek, wait, observed } = await setup({ queuedMs: 0, inProgressMs: 60 * 60_000, total: 1000 }, 60 * 60_000, {
      abortAt: { at: T0 + 5 * 60_000, controller },
      signal: controller.signal,
    });
    const outcome = await wait(peek());
    expect(outcome.kind).toBe('aborted');
    if (outcome.kind !== 'aborted') return;
    expect(clock.now()).toBe(T0 + 5 * 60_000);
    expect(outcome.last).toEqual(observed.at(-1)?.run);
    expect(outcome.polls).toBe(gets(emu).length);
    expect(gets(emu).every((r) => r.at < 5 * 60_000)).toBe(true);
  });

  it('keeps the known run as last seen when aborted before any request', async () => {
    const controller = new AbortController();
    const { peek, wait, emu } = await setup({ queuedMs: 0, inProgressMs: 60 * 60_000, total: 1000 }, 60 * 60_000, {
      abortAt: { at: T0 + 1, controller },
      signal: controller.signal,
    });
    const known = peek();
    const outcome = await wait(known);
    expect(outcome).toEqual({ kind: 'aborted', last: known, polls: 0 });
    expect(emu.requests).toHaveLength(0);
  });
});

describe('progressLine', () => {
  it('says status, counts and elapsed time', () => {
    const run = parseRun(
      { id: 'eval_run_x', status: 'in_progress', request_counts: { total: 200, completed: 57, failed: 2 }, created_at: 1 },
      'test',
    );
    expect(progressLine(run, 185_000)).toBe('run eval_run_x: in_progress, 57/200 completed, 2 failed, elapsed 3m 05s');
  });
});
