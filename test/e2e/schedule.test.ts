/**
 * End-to-end: `schedule-id` through the real bundle against the emulator's schedules. Each case
 * checks the exit code, the outputs, the summary and exactly which requests reached the API.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../emulator/model.ts';
import { DEMO_SUITE, scenarios } from '../emulator/scenarios.ts';
import { FIRST_RUN, NIGHTLY_RUN, NIGHTLY_SCHEDULE } from '../emulator/schedule-scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const OTHER_SUITE = 'eval_suite_0000000000000000000000000000beef';
const SCHEDULE_PATH = `/api/v1/llm/evals/schedules/${NIGHTLY_SCHEDULE}`;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const scenario = (name: string): Scenario => scenarios[name] as Scenario;

/** Route and path of every request, in order. */
const requestLog = (emulator: Emulator) => emulator.requests.map((r) => `${r.method} ${r.path} ${r.answer}`);

function row(summary: string, first: string): string {
  const rows = summary.split('\n').filter((line) => line.startsWith(`| ${first} |`));
  expect(rows, `exactly one row "${first}" in:\n${summary}`).toHaveLength(1);
  return rows[0] as string;
}

/** What every case shares: exit code, outcome, reason in outputs, result-json and log, the key never leaked. */
function expectVerdict(run: ActionRun, code: number, outcome: string, reason: string | RegExp): void {
  const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  expect(run.code, context).toBe(code);
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  if (typeof reason === 'string') expect(run.outputs.reason).toBe(reason);
  else expect(run.outputs.reason).toMatch(reason);
  expect(run.result.reason).toBe(run.outputs.reason);
  expect(run.summary.split('\n')[0]).toContain(`MKA1 eval gate ${outcome === 'pass' ? 'passed' : outcome === 'fail' ? 'failed' : outcome}`);
  expect(Object.keys(run.outputs)).toContain('schedule-last-run-at');
  expect(leaksOf(run)).toEqual([]);
}

describe('schedule-id end to end', () => {
  for (const [thresholds, passes] of [
    ['accuracy >= 0.9', true],
    ['accuracy >= 0.95', false],
  ] as const) {
    it(`gates the healthy nightly schedule's last run, not the suite's newer PR run (${thresholds}: ${passes ? 'pass' : 'fail'})`, async () => {
      await withEmulator(scenario('schedule-nightly'), async (emulator) => {
        const lastRunAt = emulator.peekRun(NIGHTLY_RUN)?.created_at as number;
        const run = await runAction({
          inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, 'suite-id': DEMO_SUITE, 'max-age': '26h', thresholds }),
        });
        expectVerdict(run, passes ? 0 : 1, passes ? 'pass' : 'fail', passes ? 'all 3 criteria met' : /accuracy/);
        expect(run.outputs['run-id']).toBe(NIGHTLY_RUN);
        expect(run.outputs.status).toBe('completed');
        expect(run.outputs['schedule-last-run-at']).toBe(new Date(lastRunAt * 1000).toISOString());
        // One read of the schedule, one of its (finished) last run, and (noise: report by default, issue 16) one page
        // of its completed samples for the threshold's error bars: nothing else.
        expect(requestLog(emulator)).toEqual([
          `GET ${SCHEDULE_PATH} 200`,
          `GET /api/v1/llm/evals/runs/${NIGHTLY_RUN} 200`,
          `GET /api/v1/llm/evals/runs/${NIGHTLY_RUN}/samples 200`,
        ]);
        expect(emulator.requests.at(-1)?.query).toEqual({ status: 'completed', limit: '500' });
        expect(run.result.api.requests).toBe(3);
        expect(run.result.schedule).toMatchObject({
          id: NIGHTLY_SCHEDULE,
          read: true,
          name: 'Nightly MMLU',
          suite_id: DEMO_SUITE,
          cron: '30 3 * * *',
          timezone: 'Europe/Berlin',
          interval_seconds: null,
          enabled: true,
          last_run_id: NIGHTLY_RUN,
          last_run_at: run.outputs['schedule-last-run-at'],
          last_run_status: 'completed',
          next_run_at: new Date((lastRunAt + 86_400) * 1000).toISOString(),
          max_age: '26h',
          waited_for_first_run: false,
          unusable: [],
        });
        expect(run.result.schedule.last_run_age_seconds).toBeGreaterThanOrEqual(5 * 3600);
        expect(run.result.schedule.last_run_age_seconds).toBeLessThan(5 * 3600 + 60);
        expect(run.summary).toContain('\n### Schedule\n');
        expect(row(run.summary, 'Schedule')).toBe(`| Schedule | \`${NIGHTLY_SCHEDULE}\` |`);
        expect(row(run.summary, 'Name')).toBe('| Name | Nightly MMLU |');
        expect(row(run.summary, 'Cadence')).toBe('| Cadence | cron 30 3 \\* \\* \\* (Europe/Berlin) |');
        expect(row(run.summary, 'Enabled')).toBe('| Enabled | yes |');
        expect(row(run.summary, 'Last run')).toBe(
          `| Last run | \`${NIGHTLY_RUN}\` ${run.outputs['schedule-last-run-at']} (5 hours ago), completed |`,
        );
        expect(row(run.summary, 'Next run')).toBe(`| Next run | ${run.result.schedule.next_run_at} |`);
        expect(row(run.summary, 'Max age')).toBe('| Max age | 26h |');
        expect(row(run.summary, 'Run')).toBe(`| Run | \`${NIGHTLY_RUN}\` |`);
        expect(run.stdout).toContain(`Gating run ${NIGHTLY_RUN}, the last run of schedule Nightly MMLU (suite ${DEMO_SUITE})`);
      });
    });
  }

  it('fails a schedule whose last run is older than max-age, without reading the run', async () => {
    await withEmulator(scenario('schedule-stale'), async (emulator) => {
      const lastRunAt = emulator.peekRun(NIGHTLY_RUN)?.created_at as number;
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, 'max-age': '26h' }) });
      expectVerdict(run, 1, 'fail', 'schedule Nightly MMLU last ran 3 days ago (max-age 26h)');
      expect(run.stdout).toContain('::error::MKA1 eval gate fail: schedule Nightly MMLU last ran 3 days ago (max-age 26h)');
      expect(run.outputs['run-id']).toBe('');
      expect(run.outputs['schedule-last-run-at']).toBe(new Date(lastRunAt * 1000).toISOString());
      expect(requestLog(emulator)).toEqual([`GET ${SCHEDULE_PATH} 200`]);
      expect(run.summary).toContain('**Fail:** schedule Nightly MMLU last ran 3 days ago (max-age 26h)');
      expect(row(run.summary, 'Last run')).toContain('(3 days ago), completed');
      expect(row(run.summary, 'Max age')).toBe('| Max age | 26h |');
    });
  });

  it('without max-age, the same stale schedule is gated on its last run (no limit is the default)', async () => {
    await withEmulator(scenario('schedule-stale'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE }) });
      expectVerdict(run, 0, 'pass', 'all 2 criteria met');
      expect(run.outputs['run-id']).toBe(NIGHTLY_RUN);
      expect(row(run.summary, 'Max age')).toBe('| Max age | no limit |');
      expect(requestLog(emulator)).toHaveLength(2);
    });
  });

  it('fails a disabled schedule and says so', async () => {
    await withEmulator(scenario('schedule-disabled'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, 'max-age': '3d' }) });
      expectVerdict(run, 1, 'fail', 'schedule Nightly MMLU is disabled (enabled: false), so it no longer runs; it last ran 1 day ago');
      expect(run.outputs['run-id']).toBe('');
      expect(run.result.schedule).toMatchObject({ enabled: false, next_run_at: null, last_run_id: NIGHTLY_RUN });
      expect(row(run.summary, 'Enabled')).toBe('| Enabled | **no** |');
      expect(row(run.summary, 'Next run')).toBe('| Next run | none planned |');
      expect(requestLog(emulator)).toEqual([`GET ${SCHEDULE_PATH} 200`]);
    });
  });

  it('fails a schedule that has never run when its first run is due after the timeout', async () => {
    await withEmulator(scenario('schedule-never-run'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, timeout: '15s' }) });
      const due = run.result.schedule.next_run_at as string;
      expect(due).toMatch(ISO);
      expectVerdict(
        run,
        1,
        'fail',
        new RegExp(
          `^schedule Nightly MMLU has never run, and its first run \\(due at ${due.replace(/\./g, '\\.')}, in 5 hours 59 minutes\\) would come after the timeout \\(15s\\)$`,
        ),
      );
      expect(run.outputs['run-id']).toBe('');
      expect(run.outputs['schedule-last-run-at']).toBe('');
      expect(row(run.summary, 'Last run')).toBe('| Last run | never |');
      expect(row(run.summary, 'Next run')).toBe(`| Next run | ${due} |`);
      expect(requestLog(emulator)).toEqual([`GET ${SCHEDULE_PATH} 200`]);
    });
  });

  it('waits for a first run due within the timeout, re-reading the schedule, then gates that run', async () => {
    // The schedule's clock starts with the gate's first request, however long the spawn took: that read is before the due time.
    await withEmulator({ ...scenario('schedule-first-run-soon'), clockStartsAtFirstRequest: true }, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, 'max-age': '1h', thresholds: 'accuracy >= 0.9' }),
      });
      expectVerdict(run, 0, 'pass', 'all 3 criteria met');
      expect(run.outputs['run-id']).toBe(FIRST_RUN);
      expect(run.outputs.status).toBe('completed');
      expect(run.outputs['schedule-last-run-at']).toMatch(ISO);
      expect(run.stdout).toMatch(/schedule Every 6 hours has never run; its first run is due in \d+ seconds? \(.+\): waiting for it/);
      expect(run.result.schedule).toMatchObject({ waited_for_first_run: true, last_run_id: FIRST_RUN, interval_seconds: 21_600 });
      expect(row(run.summary, 'Cadence')).toBe('| Cadence | every 6 hours |');
      expect(row(run.summary, 'Last run')).toMatch(/\(its first run, waited for\)/);

      const schedules = emulator.requests.filter((r) => r.route === 'schedule-get');
      const runs = emulator.requests.filter((r) => r.route === 'get');
      // Read once before the run was due; then (after sleeping until it was due) until it showed.
      expect(schedules[0]!.at).toBeLessThan(4000);
      expect(schedules.at(-1)!.at).toBeGreaterThanOrEqual(4000);
      expect(schedules.slice(1).every((r) => r.at >= 3000)).toBe(true);
      // Every schedule read comes before the first run read, and only the first run is read.
      expect(emulator.requests.indexOf(schedules.at(-1)!)).toBeLessThan(emulator.requests.indexOf(runs[0]!));
      expect(runs.every((r) => r.path.endsWith(`/runs/${FIRST_RUN}`))).toBe(true);
      // And, for the threshold's error bars (noise: report by default, issue 16), one page of the run's completed samples.
      const samples = emulator.requests.filter((r) => r.route === 'samples');
      expect(samples.map((r) => [r.path, r.query])).toEqual([
        [`/api/v1/llm/evals/runs/${FIRST_RUN}/samples`, { status: 'completed', limit: '500' }],
      ]);
      expect(emulator.requests.every((r) => r.route === 'schedule-get' || r.route === 'get' || r === samples[0])).toBe(true);
      expect(run.result.api.requests).toBe(emulator.requests.length);
    });
  });

  it('fails when suite-id names another suite than the schedule runs', async () => {
    await withEmulator(scenario('schedule-nightly'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, 'suite-id': OTHER_SUITE }) });
      expectVerdict(run, 1, 'fail', `schedule Nightly MMLU runs suite ${DEMO_SUITE}, not the suite-id given (${OTHER_SUITE})`);
      expect(run.outputs['run-id']).toBe('');
      expect(requestLog(emulator)).toEqual([`GET ${SCHEDULE_PATH} 200`]);
    });
  });

  it('fails on a schedule that does not exist, with a hint', async () => {
    await withEmulator(scenario('schedule-nightly'), async (emulator) => {
      const missing = 'eval_sched_00000000000000000000000000000000';
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': missing }) });
      expectVerdict(
        run,
        1,
        'fail',
        new RegExp(
          `^GET /api/v1/llm/evals/schedules/${missing} answered HTTP 404: .*Eval schedule ${missing} not found.*\\. ` +
            'The schedule does not exist for this key: check `schedule-id` and the team context \\(`on-behalf-of`\\)$',
        ),
      );
      expect(requestLog(emulator)).toEqual([`GET /api/v1/llm/evals/schedules/${missing} 404`]);
      expect(run.result.schedule).toMatchObject({ id: missing, read: false });
      expect(row(run.summary, 'Schedule')).toBe(`| Schedule | \`${missing}\` (could not be read) |`);
      expect(run.outputs['schedule-last-run-at']).toBe('');
    });
  });

  const inputCases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'a max-age that is not a duration',
      { 'max-age': '3 days' },
      /^invalid input: input "max-age": got "3 days"; expected a duration from 1s to 366d/,
    ],
    ['a max-age above the limit', { 'max-age': '400d' }, /^invalid input: input "max-age": got "400d"/],
    [
      'schedule-id with run-id',
      { 'run-id': NIGHTLY_RUN },
      /^invalid input: input "run-id": got ".+"; expected nothing when `schedule-id` is set/,
    ],
    [
      'schedule-id with metadata',
      { metadata: 'branch=main' },
      /^invalid input: input "metadata": got "branch=main"; expected nothing when `schedule-id` is set/,
    ],
    ['a schedule-id that is not an id', { 'schedule-id': 'eval_sched_x/../../runs' }, /^invalid input: input "schedule-id"/],
  ];
  it.each(inputCases)('rejects %s before any request', async (_name, extra, reason) => {
    await withEmulator(scenario('schedule-nightly'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE, ...extra }) });
      expectVerdict(run, 1, 'fail', reason);
      expect(emulator.requests).toEqual([]);
      expect(run.summary).toContain('### Input problems');
      expect(run.outputs['run-id']).toBe('');
      expect(run.outputs['schedule-last-run-at']).toBe('');
    });
  });

  it('rejects max-age without schedule-id', async () => {
    await withEmulator(scenario('schedule-nightly'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: '*', 'max-age': '26h' }) });
      expectVerdict(run, 1, 'fail', /^invalid input: input "max-age": got "26h"; expected nothing without `schedule-id`/);
      expect(emulator.requests).toEqual([]);
    });
  });
});
