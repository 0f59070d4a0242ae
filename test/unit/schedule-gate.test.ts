/** runGate with `schedule-id` against the emulator on virtual time: waits, deadlines and untrusted schedules. */
import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/gate/gate.ts';
import type { GateConfig, ScheduleTarget } from '../../src/core/config.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { FaultRule, RunSpec } from '../emulator/model.ts';
import type { ScheduleSpec } from '../emulator/schedules.ts';
import { recordingLogger } from './fake-time.ts';
import { gateConfigFor, virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const SUITE = 'eval_suite_sched';
const SCHEDULE = 'eval_sched_00112233445566778899aabbccddeeff';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const nightly: ScheduleSpec = { id: SCHEDULE, name: 'Nightly MMLU', suiteId: SUITE };
const lastRun = (extra: Partial<RunSpec> = {}): RunSpec => ({
  id: 'eval_run_last',
  suiteId: SUITE,
  scheduleId: SCHEDULE,
  ageSeconds: 3600,
  total: 10,
  ...extra,
});

describe('runGate with schedule-id on virtual time', () => {
  const start = virtualApi(T0);

  async function setup(schedules: ScheduleSpec[], runs: RunSpec[], faults: FaultRule[] = []) {
    const { clock, sleeps, emulator, agent } = await start({ runs, schedules, faults });
    const logger = recordingLogger();
    const gate = (target: Partial<ScheduleTarget> = {}, config: Partial<GateConfig> = {}) =>
      runGate(
        gateConfigFor(
          emulator,
          { kind: 'schedule', scheduleId: SCHEDULE, suiteId: undefined, maxAge: { ms: 26 * HOUR, text: '26h' }, ...target },
          config,
        ),
        { clock, sleep: sleeps.sleep, dispatcher: agent, logger, userAgent: USER_AGENT, random: () => 0.5 },
      );
    const routes = () => emulator.requests.map((r) => `${r.route} ${r.answer}`);
    return { clock, sleeps, emulator, logger, gate, routes };
  }

  it('sleeps until a first run due in 20 minutes, instead of polling every 15 s, then gates it', async () => {
    const first = lastRun({ id: 'eval_run_first', ageSeconds: 0, appearAfterMs: 20 * MINUTE, queuedMs: 30_000, inProgressMs: 2 * MINUTE });
    const { gate, sleeps, routes, logger } = await setup([{ ...nightly, firstRunAfterMs: 20 * MINUTE }], [first]);
    const result = await gate();
    expect(result.outcome).toBe('pass');
    expect(result.run?.id).toBe('eval_run_first');
    expect(sleeps.delays()[0]).toBe(20 * MINUTE);
    expect(routes().slice(0, 3)).toEqual(['schedule-get 200', 'schedule-get 200', 'get 200']);
    expect(routes().filter((r) => r.startsWith('schedule'))).toHaveLength(2);
    expect(result.schedule).toMatchObject({ waited_for_first_run: true, last_run_id: 'eval_run_first' });
    expect(logger.messages()[0]).toBe(
      `schedule Nightly MMLU has never run; its first run is due in 20 minutes (${new Date(T0 + 20 * MINUTE).toISOString()}): waiting for it`,
    );
  });

  it('ends inconclusive at the timeout when the first run is due but does not appear', async () => {
    const { gate, routes } = await setup([{ ...nightly, firstRunAfterMs: 20 * MINUTE }], []);
    const result = await gate();
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toBe('timeout of 30m 00s reached before the first run of schedule Nightly MMLU appeared');
    expect(result.run).toBeUndefined();
    // One read, a sleep until due, then one read per poll interval until the deadline (10 min / 15 s).
    expect(routes().length).toBeGreaterThan(30);
    expect(routes().length).toBeLessThan(45);
  });

  it('fails when a due first run is more than 15 minutes late', async () => {
    const { gate } = await setup([{ ...nightly, firstRunAfterMs: 5 * MINUTE }], []);
    const result = await gate({}, { timeoutMs: 60 * MINUTE });
    expect(result.outcome).toBe('fail');
    expect(result.reason).toMatch(/^schedule Nightly MMLU has never run, although its first run was due 15 minutes \d+ seconds? ago/);
  });

  it('fails when the schedule says its last run is recent but that run is older than max-age', async () => {
    const { gate, routes } = await setup([{ ...nightly, extra: { last_run_at: T0 / 1000 - 60 } }], [lastRun({ ageSeconds: 5 * 86_400 })]);
    const result = await gate();
    expect(result.outcome).toBe('fail');
    expect(result.reason).toBe('run eval_run_last, the last run of schedule Nightly MMLU, was created 5 days ago (max-age 26h)');
    expect(routes()).toEqual(['schedule-get 200', 'get 200']);
  });

  it('is inconclusive when the last run, read by id, says it was created in the future (max-age cannot be checked)', async () => {
    const future = T0 / 1000 + 3 * 3600;
    const { gate, routes } = await setup(
      [{ ...nightly, extra: { last_run_at: T0 / 1000 - 60 } }],
      [lastRun({ getView: { created_at: future } })],
    );
    const result = await gate();
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toBe(
      'run eval_run_last, the last run of schedule Nightly MMLU, says it was created in the future, so max-age (26h) cannot be checked',
    );
    expect(routes()).toEqual(['schedule-get 200', 'get 200']);
  });

  it("fails when the schedule's last run belongs to another suite", async () => {
    const { gate } = await setup([nightly], [lastRun({ suiteId: 'eval_suite_other' })]);
    const result = await gate();
    expect(result.outcome).toBe('fail');
    expect(result.reason).toBe(
      `run eval_run_last, the last run of schedule Nightly MMLU, belongs to suite eval_suite_other, not to the schedule's suite ${SUITE}`,
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a last_run_at in milliseconds',
      { last_run_at: T0 },
      'schedule Nightly MMLU gives no usable last_run_at, so max-age (26h) cannot be checked',
    ],
    ['no enabled flag', { enabled: 'yes' }, 'schedule Nightly MMLU does not say whether it is enabled (no boolean "enabled")'],
    [
      'a last_run_id that is not an id',
      { last_run_id: 'eval_run_last/../../x' },
      'schedule Nightly MMLU gives no usable last_run_id, so its last run cannot be read',
    ],
  ])('is inconclusive on a schedule with %s, and reads no run', async (_name, extra, reason) => {
    const { gate, routes } = await setup([{ ...nightly, extra }], [lastRun()]);
    const result = await gate();
    expect(result).toMatchObject({ outcome: 'inconclusive', reason });
    expect(routes()).toEqual(['schedule-get 200']);
  });

  it('is inconclusive when the API answers with another schedule than asked for', async () => {
    const { gate } = await setup([{ ...nightly, extra: { id: 'eval_sched_other' } }], [lastRun()]);
    const result = await gate();
    expect(result.outcome).toBe('inconclusive');
    expect(result.reason).toMatch(/asked for schedule "eval_sched_00112233445566778899aabbccddeeff" but got "eval_sched_other"/);
  });

  it('retries a brief outage of the schedule endpoint', async () => {
    const { gate, routes } = await setup([nightly], [lastRun()], [{ route: 'schedule-get', kind: 'status', status: 503, times: 1 }]);
    const result = await gate();
    expect(result.outcome).toBe('pass');
    expect(routes()).toEqual(['schedule-get fault:status', 'schedule-get 200', 'get 200']);
  });
});
