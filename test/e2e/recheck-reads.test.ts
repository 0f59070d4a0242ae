/**
 * End-to-end through the bundle (issue 14, section 2): the run read last is checked like the first (run-id +
 * suite-id, run-id + metadata, after a rerun, a schedule's last run), a rerun cannot make failures disappear, and a
 * create answer or a recovered create must be the run this job asked for.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { expectReport, requestsTo, routesOf } from './expect-report.ts';
import { baseInputs, runAction, withEmulator } from './harness.ts';

const SUITE = DEMO_SUITE;
const OTHER_SUITE = 'eval_suite_moved_elsewhere';
const RUN_ID = 'eval_run_rechecked';
const RUNS = '/api/v1/llm/evals/runs';
/** The context keys a started run carries in the harness's environment. */
const JOB_CONTEXT = {
  github_repository: 'acme/llm-app',
  github_sha: 'c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe',
  github_ref: 'refs/pull/7/merge',
  github_run_id: '1234',
  github_run_attempt: '1',
};

/** In progress for 4 s after the gate's first request: its first read sees it running, a later read sees it finish. */
function running(spec: Partial<RunSpec> = {}): RunSpec {
  return { id: RUN_ID, suiteId: SUITE, metadata: { sha: 'c0ffee1' }, queuedMs: 0, inProgressMs: 4_000, total: 40, ...spec };
}

async function gate(scenario: Scenario, inputs: (emulator: Emulator) => Record<string, string>) {
  // Timelines start with the gate's first request, however long the spawn took.
  return withEmulator({ ...scenario, clockStartsAtFirstRequest: true }, async (emulator) => {
    const run = await runAction({ inputs: baseInputs(emulator, { 'failed-samples': '0', ...inputs(emulator) }) });
    return { run, emulator };
  });
}

describe('the final read is checked like the first', () => {
  it('run-id + suite-id: the run read last belongs to another suite: inconclusive, never judged', async () => {
    const scenario = { runs: [running({ changes: [{ afterReads: 1, fields: { suite_id: OTHER_SUITE } }] })] };
    const { run, emulator } = await gate(scenario, () => ({ 'run-id': RUN_ID, 'suite-id': SUITE }));
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toBe(
      `run ${RUN_ID} was given by run-id (suite ${SUITE}), but the run itself (GET by id) belongs to suite ${OTHER_SUITE}: the API's answers disagree`,
    );
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(run.outputs.status).toBe('completed');
    expect(run.outputs.created).toBe('false');
    expect(run.result.criteria).toEqual([]);
    expect(run.summary).toContain("the API's answers disagree");
    // Only reads of the run: no listing, no samples, no write.
    expect(new Set(routesOf(emulator))).toEqual(new Set(['get']));
    expect(requestsTo(emulator, 'get').length).toBeGreaterThanOrEqual(2);
  });

  it('run-id + metadata: the run read last no longer carries the pair: inconclusive', async () => {
    const scenario = { runs: [running({ changes: [{ afterReads: 1, fields: { metadata: { sha: 'b4dc0de' } } }] })] };
    const { run, emulator } = await gate(scenario, () => ({ 'run-id': RUN_ID, metadata: 'sha=c0ffee1' }));
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toBe(
      `run ${RUN_ID} was given by run-id (suite ${SUITE}, metadata sha=c0ffee1), but the run itself (GET by id) does not match that metadata (differs in sha): the API's answers disagree`,
    );
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(new Set(routesOf(emulator))).toEqual(new Set(['get']));
  });

  it('after a rerun: the rerun run belongs to another suite: inconclusive, one rerun asked', async () => {
    const spec = running({ failed: 4, rerunFailed: [0], rerunMs: 500, changes: [{ afterReruns: 1, fields: { suite_id: OTHER_SUITE } }] });
    const { run, emulator } = await gate({ runs: [spec] }, () => ({ 'run-id': RUN_ID, 'suite-id': SUITE, 'rerun-failed': '2' }));
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toContain(`but the run itself (GET by id) belongs to suite ${OTHER_SUITE}: the API's answers disagree`);
    expect(requestsTo(emulator, 'rerun').map((r) => r.path)).toEqual([`${RUNS}/${RUN_ID}/rerun-failed`]);
    expect(run.outputs.reruns).toBe('1');
    expect(run.outputs['requests-failed']).toBe('0');
    expect(run.summary).toContain('### Reruns of failed requests');
  });

  it("a schedule's last run read last belongs to another suite: inconclusive", async () => {
    const schedule = { id: 'eval_sched_rechecked', name: 'Nightly', suiteId: SUITE, intervalSeconds: 3_600 };
    const spec = running({ scheduleId: schedule.id, changes: [{ afterReads: 1, fields: { suite_id: OTHER_SUITE } }] });
    const { run, emulator } = await gate({ runs: [spec], schedules: [schedule] }, () => ({ 'schedule-id': schedule.id }));
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toBe(
      `run ${RUN_ID} was the last run of schedule Nightly (suite ${SUITE}), but the run itself (GET by id) belongs to suite ${OTHER_SUITE}: the API's answers disagree`,
    );
    expect(run.outputs['schedule-last-run-at']).not.toBe('');
    expect(routesOf(emulator)[0]).toBe('schedule-get');
    expect(new Set(routesOf(emulator))).toEqual(new Set(['schedule-get', 'get']));
  });

  it('the same paths pass when the run stays what it was', async () => {
    const { run, emulator } = await gate({ runs: [running()] }, () => ({ 'run-id': RUN_ID, 'suite-id': SUITE, metadata: 'sha=c0ffee1' }));
    expectReport(run, 'pass');
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(new Set(routesOf(emulator))).toEqual(new Set(['get']));
  });
});

describe('a rerun cannot make failures disappear', () => {
  it.each([
    [
      'a smaller total',
      { total: 30, completed: 30, failed: 0 },
      'changed the number of requests (before: 40 total, 34 completed, 6 failed; after: 30 total, 30 completed, 0 failed)',
    ],
    [
      'fewer completed',
      { completed: 20, failed: 0 },
      'lowered the number of completed requests (before: 40 total, 34 completed, 6 failed; after: 40 total, 20 completed, 0 failed)',
    ],
  ] as const)('a rerun that reports %s: inconclusive, naming the counts before and after', async (_name, counts, named) => {
    const spec = running({ inProgressMs: 500, failed: 6, rerunFailed: [0], rerunMs: 500, rerunCounts: [counts] });
    const { run, emulator } = await gate({ runs: [spec] }, () => ({ 'suite-id': SUITE, metadata: 'sha=c0ffee1', 'rerun-failed': '2' }));
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toBe(
      `rerun 1 of run ${RUN_ID} ${named}: a rerun may not make failures disappear, so the counts cannot be trusted`,
    );
    expect(requestsTo(emulator, 'rerun')).toHaveLength(1);
    expect(run.outputs.reruns).toBe('1');
    expect(run.outputs['requests-failed']).toBe('0');
    expect(run.result.reruns).toEqual([{ attempt: 1, failed_before: 6, failed_after: 0, status_after: 'completed', error: null }]);
    expect(run.result.criteria).toEqual([]);
    expect(run.summary).toContain('| 1 | 6 | 0 | completed |');
    expect(routesOf(emulator)[0]).toBe('list');
  });
});

describe('a create answer or a recovered create is this job run', () => {
  const inputs =
    (extra: Record<string, string> = {}) =>
    () => ({
      'suite-id': SUITE,
      metadata: 'sha=c0ffee1',
      models: 'gpt-x, gpt-y',
      'judge-model': 'judge-large',
      'run-options': '{"generation": {"temperature": 0}}',
      'create-run': 'always',
      ...extra,
    });
  const created: RunSpec = { queuedMs: 0, inProgressMs: 800, total: 20 };

  it.each([
    ['other models', { models: ['gpt-x'] }, 'has other models than asked for (gpt-x, gpt-y)'],
    ['another judge model', { judge_model: 'auto' }, 'has another judge model than asked for (judge-large)'],
    [
      'another generation',
      { generation: { temperature: 0.9, max_output_tokens: 512 } },
      'reports another "generation" than run-options asked for',
    ],
    [
      'metadata of another job run',
      { metadata: { ...JOB_CONTEXT, sha: 'c0ffee1', github_run_id: '1' } },
      'does not match that metadata (differs in github_run_id)',
    ],
    ['another suite', { suite_id: OTHER_SUITE }, `belongs to suite ${OTHER_SUITE}`],
    ['a created_at an hour before the gate', { created_at: Math.floor(Date.now() / 1000) - 3_600 }, 'before this gate started'],
  ])('an answer to POST /runs with %s: inconclusive, created false, nothing waited for', async (_name, view, problem) => {
    const { run, emulator } = await gate({ runs: [], creates: [{ ...created, createView: view }] }, inputs());
    expectReport(run, 'inconclusive');
    const [id] = emulator.createdRunIds();
    expect(run.outputs.reason).toMatch(
      new RegExp(`^run ${id}, named by the answer to POST /runs, is not the run this gate asked for: it `),
    );
    expect(run.outputs.reason).toContain(problem);
    expect(run.outputs.created).toBe('false');
    expect(run.outputs['run-id']).toBe('');
    expect(run.outputs.status).toBe('');
    expect(run.summary).not.toContain('was started by this gate');
    expect(routesOf(emulator)).toEqual(['create']);
  });

  it('a run found after a lost answer that reports another generation: inconclusive, created false, one POST', async () => {
    const scenario: Scenario = {
      runs: [],
      creates: [{ ...created, listView: { generation: { temperature: 1 } } }],
      faults: [{ route: 'create', kind: 'status', status: 502, times: 1, afterCommit: true }],
    };
    const { run, emulator } = await gate(scenario, inputs());
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toMatch(
      /^run eval_run_\w+, found in the listing after the answer to POST \/runs was lost, is not the run this gate asked for: it reports another "generation" than run-options asked for; not treated as this job's run$/,
    );
    expect(run.outputs.created).toBe('false');
    expect(routesOf(emulator)).toEqual(['create', 'list']);
    expect(emulator.createdRunIds()).toHaveLength(1);
  });

  it('an answer that matches is gated as before: created true, passes', async () => {
    const { run, emulator } = await gate({ runs: [], creates: [created] }, inputs());
    expectReport(run, 'pass');
    expect(run.outputs.created).toBe('true');
    expect(run.outputs['run-id']).toBe(emulator.createdRunIds()[0]);
    expect(routesOf(emulator)[0]).toBe('create');
    expect(requestsTo(emulator, 'create')[0]?.body).toMatchObject({ judge_model: 'judge-large', generation: { temperature: 0 } });
  });
});
