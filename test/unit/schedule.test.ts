import { describe, expect, it } from 'vitest';
import { ApiProtocolError } from '../../src/api/errors.ts';
import { parseSchedule, type EvalSchedule } from '../../src/api/schedule-model.ts';
import { judgeSchedule, oneLineText, type ScheduleJudgeContext } from '../../src/find/schedule.ts';
import { scheduleReport } from '../../src/find/schedule-report.ts';
import type { ScheduleTarget } from '../../src/core/config.ts';
import { parseInputs } from '../../src/inputs/inputs.ts';
import { renderScheduleSection } from '../../src/report/schedule-summary.ts';

const NOW = 1_800_000_000_000;
const NOW_S = NOW / 1000;
const HOUR = 3_600_000;
const SUITE = 'eval_suite_sched';
const ENDPOINT = 'GET /api/v1/llm/evals/schedules/eval_sched_1';

function schedule(overrides: Partial<EvalSchedule> = {}): EvalSchedule {
  return {
    id: 'eval_sched_1',
    name: 'Nightly MMLU',
    suiteId: SUITE,
    suiteVersion: null,
    cron: '30 3 * * *',
    intervalSeconds: undefined,
    timezone: 'UTC',
    enabled: true,
    lastRunId: 'eval_run_last',
    lastRunAt: NOW_S - 5 * 3600,
    lastRunStatus: 'completed',
    nextRunAt: NOW_S + 19 * 3600,
    metadata: {},
    ...overrides,
  };
}

function context(target: Partial<ScheduleTarget> = {}): ScheduleJudgeContext {
  return {
    target: { kind: 'schedule', scheduleId: 'eval_sched_1', suiteId: undefined, maxAge: { ms: 26 * HOUR, text: '26h' }, ...target },
    now: NOW,
    deadline: NOW + 30 * 60_000,
    timeoutMs: 30 * 60_000,
    pollIntervalMs: 15_000,
  };
}

describe('judgeSchedule', () => {
  it('gates the last run of a healthy schedule', () => {
    expect(judgeSchedule(schedule(), context())).toEqual({ kind: 'gate', runId: 'eval_run_last' });
    expect(judgeSchedule(schedule(), context({ suiteId: SUITE }))).toEqual({ kind: 'gate', runId: 'eval_run_last' });
  });

  it.each<[string, Partial<EvalSchedule>, Partial<ScheduleTarget>, 'fail' | 'inconclusive', string]>([
    ['stale', { lastRunAt: NOW_S - 3 * 86_400 }, {}, 'fail', 'schedule Nightly MMLU last ran 3 days ago (max-age 26h)'],
    [
      'stale by a minute',
      { lastRunAt: NOW_S - 26 * 3600 - 60 },
      {},
      'fail',
      'schedule Nightly MMLU last ran 1 day 2 hours ago (max-age 26h)',
    ],
    [
      'disabled',
      { enabled: false },
      {},
      'fail',
      'schedule Nightly MMLU is disabled (enabled: false), so it no longer runs; it last ran 5 hours ago',
    ],
    [
      'disabled and never ran',
      { enabled: false, lastRunId: null, lastRunAt: null },
      {},
      'fail',
      'schedule Nightly MMLU is disabled (enabled: false), so it no longer runs; it has never run',
    ],
    [
      'of another suite',
      {},
      { suiteId: 'eval_suite_other' },
      'fail',
      `schedule Nightly MMLU runs suite ${SUITE}, not the suite-id given (eval_suite_other)`,
    ],
    [
      'without a usable suite',
      { suiteId: undefined },
      {},
      'inconclusive',
      'schedule Nightly MMLU does not say which suite it runs (no valid suite_id), so its runs cannot be checked',
    ],
    [
      'without a boolean enabled',
      { enabled: undefined },
      {},
      'inconclusive',
      'schedule Nightly MMLU does not say whether it is enabled (no boolean "enabled")',
    ],
    [
      'with an unusable last_run_id',
      { lastRunId: undefined },
      {},
      'inconclusive',
      'schedule Nightly MMLU gives no usable last_run_id, so its last run cannot be read',
    ],
    [
      'with an unusable last_run_at',
      { lastRunAt: undefined },
      {},
      'inconclusive',
      'schedule Nightly MMLU gives no usable last_run_at, so max-age (26h) cannot be checked',
    ],
    [
      'with a run but no last_run_at',
      { lastRunAt: null },
      {},
      'inconclusive',
      'schedule Nightly MMLU gives no usable last_run_at, so max-age (26h) cannot be checked',
    ],
    [
      'claiming a run in the future',
      { lastRunAt: NOW_S + 3600 },
      {},
      'inconclusive',
      `schedule Nightly MMLU says it last ran in the future (${new Date(NOW + HOUR).toISOString()}), so max-age (26h) cannot be checked`,
    ],
    [
      'never run, nothing planned',
      { lastRunId: null, lastRunAt: null, nextRunAt: null },
      {},
      'fail',
      'schedule Nightly MMLU has never run, and has no next run planned',
    ],
    [
      'never run, unusable next_run_at',
      { lastRunId: null, lastRunAt: null, nextRunAt: undefined },
      {},
      'fail',
      'schedule Nightly MMLU has never run, and has no usable next_run_at',
    ],
    [
      'never run, due after the timeout',
      { lastRunId: null, lastRunAt: null, nextRunAt: NOW_S + 3600 },
      {},
      'fail',
      `schedule Nightly MMLU has never run, and its first run (due at ${new Date(NOW + HOUR).toISOString()}, in 1 hour) would come after the timeout (30m 00s)`,
    ],
    [
      'never run, first run long overdue',
      { lastRunId: null, lastRunAt: null, nextRunAt: NOW_S - 3600 },
      {},
      'fail',
      `schedule Nightly MMLU has never run, although its first run was due 1 hour ago (${new Date(NOW - HOUR).toISOString()})`,
    ],
  ])('stops a schedule %s', (_name, fields, target, kind, reason) => {
    expect(judgeSchedule(schedule(fields), context(target))).toEqual({ kind, reason });
  });

  it('waits until a first run due within the timeout, then at the poll interval while it is a little late', () => {
    const soon = judgeSchedule(schedule({ lastRunId: null, lastRunAt: null, nextRunAt: NOW_S + 600 }), context());
    expect(soon).toMatchObject({ kind: 'wait', delayMs: 600_000 });
    const late = judgeSchedule(schedule({ lastRunId: null, lastRunAt: null, nextRunAt: NOW_S - 60 }), context());
    expect(late).toMatchObject({ kind: 'wait', delayMs: 15_000 });
  });

  it('accepts a last run exactly max-age old and a clock a little ahead; without max-age, age and unusable times do not matter', () => {
    expect(judgeSchedule(schedule({ lastRunAt: NOW_S - 26 * 3600 }), context()).kind).toBe('gate');
    expect(judgeSchedule(schedule({ lastRunAt: NOW_S + 60 }), context()).kind).toBe('gate');
    for (const lastRunAt of [NOW_S - 300 * 86_400, undefined]) {
      expect(judgeSchedule(schedule({ lastRunAt }), context({ maxAge: undefined }))).toEqual({ kind: 'gate', runId: 'eval_run_last' });
    }
  });

  it('names a schedule without a name by its id, and keeps a hostile name on one line', () => {
    const unnamed = judgeSchedule(schedule({ name: undefined, enabled: false }), context());
    expect(unnamed).toMatchObject({ reason: expect.stringMatching(/^schedule eval_sched_1 is disabled/) });
    const hostile = judgeSchedule(schedule({ name: 'x\n::error::pwned\r\u2028y', enabled: false }), context());
    expect(hostile.kind === 'fail' && hostile.reason).toMatch(/^schedule x ::error::pwned y is disabled/);
    expect(oneLineText('a'.repeat(150))).toHaveLength(101);
  });
});

describe('parseSchedule', () => {
  const documented = {
    id: 'eval_sched_1',
    object: 'eval.schedule',
    name: 'Nightly MMLU',
    description: null,
    suite_id: SUITE,
    suite_version: null,
    cron: '30 3 * * *',
    interval_seconds: null,
    timezone: 'Europe/Berlin',
    overlap_policy: 'skip',
    enabled: true,
    webhook_url: null,
    webhook_configured: false,
    run: { models: ['gpt-x'] },
    metadata: { team: 'evals', n: 3 },
    last_run_id: 'eval_run_last',
    last_run_at: NOW_S - 3600,
    last_run_status: 'completed',
    next_run_at: NOW_S + 3600,
    created_at: NOW_S - 86_400,
    updated_at: NOW_S - 3600,
    future_field: 'kept out, not rejected',
  };

  it('reads the documented eval.schedule', () => {
    expect(parseSchedule(documented, ENDPOINT)).toEqual({
      id: 'eval_sched_1',
      name: 'Nightly MMLU',
      suiteId: SUITE,
      suiteVersion: null,
      cron: '30 3 * * *',
      intervalSeconds: undefined,
      timezone: 'Europe/Berlin',
      enabled: true,
      lastRunId: 'eval_run_last',
      lastRunAt: NOW_S - 3600,
      lastRunStatus: 'completed',
      nextRunAt: NOW_S + 3600,
      metadata: { team: 'evals', n: '3' },
    });
  });

  it('keeps "never ran" (null) apart from missing or unusable values (undefined)', () => {
    const never = parseSchedule(
      { ...documented, last_run_id: null, last_run_at: null, last_run_status: null, next_run_at: null },
      ENDPOINT,
    );
    expect([never.lastRunId, never.lastRunAt, never.lastRunStatus, never.nextRunAt]).toEqual([null, null, null, null]);
    const { last_run_id: _id, last_run_at: _at, enabled: _enabled, suite_id: _suite, ...missing } = documented;
    const gone = parseSchedule(missing, ENDPOINT);
    expect([gone.lastRunId, gone.lastRunAt, gone.enabled, gone.suiteId]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each([
    ['milliseconds', { last_run_at: NOW, next_run_at: NOW }],
    ['strings', { last_run_at: String(NOW_S), next_run_at: '' }],
    ['negative and tiny numbers', { last_run_at: -1, next_run_at: 12 }],
    ['NaN-like values', { last_run_at: {}, next_run_at: [] }],
  ])('treats timestamps given as %s as unusable', (_name, fields) => {
    const parsed = parseSchedule({ ...documented, ...fields }, ENDPOINT);
    expect([parsed.lastRunAt, parsed.nextRunAt]).toEqual([undefined, undefined]);
  });

  it('drops ids, booleans and numbers it cannot trust', () => {
    const parsed = parseSchedule(
      { ...documented, last_run_id: '../runs/x', suite_id: 'eval suite', enabled: 'true', interval_seconds: -5, suite_version: 1.5 },
      ENDPOINT,
    );
    expect(parsed).toMatchObject({
      lastRunId: undefined,
      suiteId: undefined,
      enabled: undefined,
      intervalSeconds: undefined,
      suiteVersion: undefined,
    });
  });

  it.each([
    ['not an object', [documented], 'is not a JSON object'],
    ['without a valid id', { ...documented, id: 'eval_sched_1\n' }, 'has no valid "id"'],
    ['another kind of object', { ...documented, object: 'eval.run' }, 'is not an eval.schedule object'],
  ])('rejects a body that is %s', (_name, body, message) => {
    expect(() => parseSchedule(body, ENDPOINT)).toThrow(ApiProtocolError);
    expect(() => parseSchedule(body, ENDPOINT)).toThrow(message);
  });
});

describe('schedule inputs', () => {
  const read = (inputs: Record<string, string>) => (name: string) => ({ 'api-key': 'k', ...inputs })[name] ?? '';

  it('builds a schedule target, keeping max-age as written', () => {
    const parsed = parseInputs(read({ 'schedule-id': 'eval_sched_1', 'suite-id': SUITE, 'max-age': '1d 2h' }));
    expect(parsed.ok && parsed.config.target).toEqual({
      kind: 'schedule',
      scheduleId: 'eval_sched_1',
      suiteId: SUITE,
      maxAge: { ms: 26 * HOUR, text: '1d 2h' },
    });
  });

  it.each([
    [{ 'run-id': 'eval_run_1' }, ['run-id']],
    [{ metadata: '*' }, ['metadata']],
    [{ 'max-age': '0s' }, ['max-age']],
    [{ 'max-age': 'soon' }, ['max-age']],
    [{ 'suite-id': 'not a suite' }, ['suite-id']],
    [{ 'schedule-id': 'eval_sched_1|x', 'run-id': 'eval_run_1' }, ['schedule-id', 'run-id']],
  ])('reports %j', (extra, inputs) => {
    const parsed = parseInputs(read({ 'schedule-id': 'eval_sched_1', ...extra }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.input)).toEqual(inputs);
  });
});

describe('Schedule summary section', () => {
  const target: ScheduleTarget = { kind: 'schedule', scheduleId: 'eval_sched_1', suiteId: undefined, maxAge: undefined };

  it('escapes every API text and keeps each row one line', () => {
    const hostile = schedule({
      name: 'Nightly | <img src=x> @team\n| Injected | row |',
      cron: '*/5 * * * * `x`',
      timezone: 'Europe/Berlin\n### Heading',
      lastRunStatus: 'completed <b>',
    });
    const markdown = renderScheduleSection(scheduleReport(hostile, target, NOW, false)).join('\n\n');
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(10);
    expect(markdown).not.toMatch(/<img|<b>|\n###|@team|(?<!\\)\| Injected/);
    expect(rows.find((r) => r.startsWith('| Name |'))).toBe(
      '| Name | Nightly \\| &lt;img src=x&gt; @\u200bteam \\| Injected \\| row \\| |',
    );
    expect(rows.find((r) => r.startsWith('| Cadence |'))).toBe(
      '| Cadence | cron \\*/5 \\* \\* \\* \\* \\`x\\` (Europe/Berlin ### Heading) |',
    );
  });

  it('says unknown for unusable values, and never for a schedule that never ran', () => {
    const report = scheduleReport(schedule({ enabled: undefined, lastRunId: undefined, nextRunAt: undefined }), target, NOW, false);
    expect(report.unusable).toEqual(['enabled', 'last_run_id', 'next_run_at']);
    const markdown = renderScheduleSection(report).join('\n');
    expect(markdown).toContain('| Enabled | unknown (unusable value) |');
    expect(markdown).toContain('| Last run | unknown (unusable last_run_id) |');
    expect(markdown).toContain('| Next run | unknown (unusable value) |');
    const never = renderScheduleSection(
      scheduleReport(schedule({ lastRunId: null, lastRunAt: null, intervalSeconds: 90 * 60, cron: undefined }), target, NOW, false),
    );
    expect(never.join('\n')).toContain('| Last run | never |');
    expect(never.join('\n')).toContain('| Cadence | every 1 hour 30 minutes |');
  });
});
