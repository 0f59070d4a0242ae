/**
 * End-to-end: the real bundle (dist/index.js) spawned as the runner would, against the
 * in-process emulator. Every case checks the exit code, the outputs file, the job summary
 * and that the API key never leaked.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../emulator/server.ts';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE, manyRuns } from '../emulator/scenarios.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const SUITE = DEMO_SUITE;
const OTHER_SUITE = 'eval_suite_0000000000000000000000000000beef';
const OUTPUT_NAMES = [
  'run-id',
  'status',
  'passed',
  'outcome',
  'requests-total',
  'requests-completed',
  'requests-failed',
  'metrics',
  'reason',
  'result-json',
];

const HEADLINE = {
  pass: '## ✅ MKA1 eval gate passed',
  fail: '## ❌ MKA1 eval gate failed',
  inconclusive: '## ⚠️ MKA1 eval gate inconclusive',
} as const;

function scenario(runs: RunSpec[], extra: Partial<Scenario> = {}): Scenario {
  return { runs, ...extra };
}

/** A run of SUITE that is already finished when the emulator starts. */
function finishedRun(spec: RunSpec): RunSpec {
  return { suiteId: SUITE, ageSeconds: 30, total: 50, ...spec };
}

/** Markdown escaping of an id or other value the way escapeCell renders it (underscores escaped). */
function md(text: string): string {
  return text.replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** The one summary line that is the table row whose first cell is `first`. */
function row(summary: string, first: string): string {
  const rows = summary.split('\n').filter((line) => line.startsWith(`| ${first} |`));
  expect(rows, `exactly one row "${first}" in:\n${summary}`).toHaveLength(1);
  return rows[0] as string;
}

function requestsOf(emulator: { requests: RecordedRequest[] }, route: RecordedRequest['route']): RecordedRequest[] {
  return emulator.requests.filter((r) => r.route === route);
}

interface Expected {
  code: number;
  outcome: 'pass' | 'fail' | 'inconclusive';
  runId: string;
  status: string;
  counts?: [total: number, completed: number, failed: number];
  reason: string | RegExp;
}

/** Checks exit code, every output, result-json and the verdict lines every case shares. */
function expectVerdict(run: ActionRun, expected: Expected): void {
  const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  expect(run.signal, context).toBeNull();
  expect(run.code, context).toBe(expected.code);
  // Every output is always set (other features may add more).
  expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(OUTPUT_NAMES));
  expect(run.outputs['run-id']).toBe(expected.runId);
  expect(run.outputs.status).toBe(expected.status);
  expect(run.outputs.outcome).toBe(expected.outcome);
  expect(run.outputs.passed).toBe(String(expected.outcome === 'pass'));
  const counts = expected.counts?.map(String) ?? ['', '', ''];
  expect([run.outputs['requests-total'], run.outputs['requests-completed'], run.outputs['requests-failed']]).toEqual(counts);
  const reason = run.outputs.reason as string;
  expect(reason).not.toMatch(/[\r\n]/);
  if (typeof expected.reason === 'string') expect(reason).toBe(expected.reason);
  else expect(reason).toMatch(expected.reason);

  expect(run.result.schema_version).toBe(1);
  expect(run.result.outcome).toBe(expected.outcome);
  expect(run.result.passed).toBe(expected.outcome === 'pass');
  expect(run.result.reason).toBe(reason);
  if (expected.runId) {
    expect(run.result.run.id).toBe(expected.runId);
    expect(run.result.run.status).toBe(expected.status);
    if (expected.counts) {
      const [total, completed, failed] = expected.counts;
      expect(run.result.run.request_counts).toEqual({ total, completed, failed });
    }
  } else {
    expect(run.result.run).toBeNull();
  }

  // The last word in the log: a notice on pass, an ::error:: (failing the step) otherwise.
  const verdictLine = `MKA1 eval gate ${expected.outcome}: ${reason}`;
  if (expected.outcome === 'pass') expect(run.stdout).toContain(`${verdictLine}\n`);
  // Workflow commands escape %, CR and LF in their message.
  else expect(run.stdout).toContain(`::error::${verdictLine.replace(/%/g, '%25')}`);

  expect(leaksOf(run)).toEqual([]);
}

/** The summary's headline and `**Outcome:** reason` line. */
function expectSummaryVerdict(run: ActionRun, outcome: Expected['outcome']): void {
  const lines = run.summary.split('\n');
  expect(lines[0]).toBe(HEADLINE[outcome]);
  const label = outcome.charAt(0).toUpperCase() + outcome.slice(1);
  expect(lines[2]).toBe(`**${label}:** ${md(run.outputs.reason as string)}`);
}

function expectRunTable(run: ActionRun, runId: string, status: string, counts: [number, number, number]): void {
  expect(run.summary).toContain('\n### Run\n');
  expect(row(run.summary, 'Run')).toBe(`| Run | \`${runId}\` |`);
  expect(row(run.summary, 'Suite')).toContain(`\`${SUITE}\``);
  expect(row(run.summary, 'Status')).toBe(`| Status | ${md(status)} |`);
  const [total, completed, failed] = counts;
  expect(row(run.summary, 'Requests')).toBe(`| Requests | ${total} total, ${completed} completed, ${failed} failed |`);
}

describe('gate end to end', () => {
  it('passes a run after following it through queued, in_progress and finalizing', async () => {
    const id = 'eval_run_progress_0001';
    const runs = [
      { ...finishedRun({ metadata: { branch: 'main' } }) },
      {
        id,
        suiteId: SUITE,
        metadata: { branch: 'feature/a', sha: 'abc123' },
        models: ['gpt-x'],
        total: 40,
        failed: 1,
        // The run's clock starts with the gate's first request (however long the spawn took): the first
        // GET sees it queued, and each later state lasts several polls.
        queuedMs: 2500,
        inProgressMs: 1000,
        finalizingMs: 1000,
        metrics: { 'gpt-x': { accuracy: 0.9 } },
      },
    ];
    await withEmulator(scenario(runs, { clockStartsAtFirstRequest: true }), async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, {
          'suite-id': SUITE,
          metadata: 'branch=feature/a\nsha=abc123',
          'poll-interval': '150ms',
          'max-poll-interval': '200ms',
          'max-failed-requests': '1',
        }),
      });
      expectVerdict(run, { code: 0, outcome: 'pass', runId: id, status: 'completed', counts: [40, 39, 1], reason: 'all 2 criteria met' });
      expect(JSON.parse(run.outputs.metrics as string)).toEqual({ 'gpt-x': { accuracy: 0.9 } });

      // Progress lines show every status on the way.
      for (const status of ['queued', 'in_progress', 'finalizing', 'completed']) {
        expect(run.stdout).toMatch(new RegExp(`^run ${id}: ${status}, \\d+/40 completed, \\d+ failed, elapsed `, 'm'));
      }
      const order = ['queued', 'in_progress', 'finalizing', 'completed'].map((s) => run.stdout.indexOf(`run ${id}: ${s},`));
      expect([...order].sort((a, b) => a - b)).toEqual(order);

      // The first GET has no validator; every later one sends the ETag it was given.
      const gets = requestsOf(emulator, 'get');
      expect(gets.length).toBeGreaterThanOrEqual(3);
      expect(gets.every((g) => g.path.endsWith(`/runs/${id}`))).toBe(true);
      expect(gets[0]?.headers['if-none-match']).toBeUndefined();
      for (const g of gets.slice(1)) expect(g.headers['if-none-match']).toMatch(/^W\/"[0-9a-f]+"$/);
      expect(gets.some((g) => g.answer === '304')).toBe(true);
      expect(run.result.api.not_modified).toBe(gets.filter((g) => g.answer === '304').length);
      // Every request carried the key as a bearer token.
      expect(emulator.requests.every((r) => r.headers.authorization === `Bearer ${emulator.apiKey}`)).toBe(true);

      expectSummaryVerdict(run, 'pass');
      expectRunTable(run, id, 'completed', [40, 39, 1]);
      expect(row(run.summary, 'Metadata')).toBe('| Metadata | branch=feature/a, sha=abc123 |');
      expect(row(run.summary, 'Run status')).toBe('| Run status | completed | completed | ✅ pass |');
      expect(row(run.summary, 'Failed requests')).toBe('| Failed requests | 1 of 40 (2.5%) | ≤ 1 | ✅ pass |');
    });
  });

  it('finds the only matching run on the third page of 250, paging with limit=100 and after=', async () => {
    const runs = manyRuns(250, (i) => ({
      id: `eval_run_many_${String(i).padStart(3, '0')}`,
      ...(i === 249 ? { metadata: { target: 'yes' } } : {}),
    }));
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'target=yes' }) });
      expectVerdict(run, {
        code: 0,
        outcome: 'pass',
        runId: 'eval_run_many_249',
        status: 'completed',
        counts: [50, 50, 0],
        reason: 'all 2 criteria met',
      });
      const lists = requestsOf(emulator, 'list');
      expect(lists.map((r) => r.query)).toEqual([
        { suite_id: SUITE, limit: '100' },
        { suite_id: SUITE, limit: '100', after: 'eval_run_many_099' },
        { suite_id: SUITE, limit: '100', after: 'eval_run_many_199' },
      ]);
      expect(run.result.lookup).toMatchObject({ mode: 'metadata', suiteId: SUITE, candidates: 1, scanned: 250, scans: 1 });
      expect(run.stdout).toContain('newest of 1 run(s) matching target=yes among 250 examined');
      expectSummaryVerdict(run, 'pass');
      expectRunTable(run, 'eval_run_many_249', 'completed', [50, 50, 0]);
      expect(row(run.summary, 'Failed requests')).toBe('| Failed requests | 0 of 50 (0%) | ≤ 0 | ✅ pass |');
    });
  });

  it('gates the newest of several matching runs and says how many matched', async () => {
    const wanted = { branch: 'feature/a' };
    const runs = [
      finishedRun({ id: 'eval_run_match_oldest', ageSeconds: 900, metadata: wanted, outcome: 'failed', failed: 5 }),
      finishedRun({ id: 'eval_run_match_newest', ageSeconds: 60, metadata: wanted, total: 30 }),
      finishedRun({ id: 'eval_run_other_newer', ageSeconds: 10, metadata: { branch: 'main' }, outcome: 'failed' }),
      finishedRun({ id: 'eval_run_match_middle', ageSeconds: 300, metadata: wanted, outcome: 'cancelled' }),
    ];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=feature/a' }) });
      expectVerdict(run, {
        code: 0,
        outcome: 'pass',
        runId: 'eval_run_match_newest',
        status: 'completed',
        counts: [30, 30, 0],
        reason: 'all 2 criteria met',
      });
      expect(run.stdout).toMatch(
        /Chose run eval_run_match_newest \(created .+\): newest of 3 run\(s\) matching branch=feature\/a among 4 examined/,
      );
      expect(run.result.lookup).toMatchObject({ candidates: 3, scanned: 4 });
      expectSummaryVerdict(run, 'pass');
      expectRunTable(run, 'eval_run_match_newest', 'completed', [30, 30, 0]);
    });
  });

  describe('failed requests limit', () => {
    const cases = [
      { limit: '3', failed: 3, passed: true, actual: '3 of 200 (1.5%)', allowed: '≤ 3' },
      { limit: '3', failed: 4, passed: false, actual: '4 of 200 (2%)', allowed: '≤ 3' },
      { limit: '2.5%', failed: 5, passed: true, actual: '5 of 200 (2.5%)', allowed: '≤ 2.5% (5 of 200)' },
      { limit: '2.5%', failed: 6, passed: false, actual: '6 of 200 (3%)', allowed: '≤ 2.5% (5 of 200)' },
    ];
    it.each(cases)('max-failed-requests $limit with $failed of 200 failed: passed=$passed', async (c) => {
      const id = `eval_run_failed_${c.failed}`;
      await withEmulator(scenario([finishedRun({ id, total: 200, failed: c.failed, metadata: { branch: 'main' } })]), async (emulator) => {
        const run = await runAction({
          inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=main', 'max-failed-requests': c.limit }),
        });
        expectVerdict(run, {
          code: c.passed ? 0 : 1,
          outcome: c.passed ? 'pass' : 'fail',
          runId: id,
          status: 'completed',
          counts: [200, 200 - c.failed, c.failed],
          reason: c.passed ? 'all 2 criteria met' : `Failed requests: ${c.actual}, allowed ${c.allowed}`,
        });
        expectSummaryVerdict(run, c.passed ? 'pass' : 'fail');
        expectRunTable(run, id, 'completed', [200, 200 - c.failed, c.failed]);
        expect(row(run.summary, 'Run status')).toBe('| Run status | completed | completed | ✅ pass |');
        expect(row(run.summary, 'Failed requests')).toBe(
          `| Failed requests | ${c.actual} | ${c.allowed} | ${c.passed ? '✅ pass' : '❌ fail'} |`,
        );
      });
    });
  });

  it('fails a run that failed, with its error message in the reason and the summary', async () => {
    const id = 'eval_run_fails_0001';
    const message = 'Python grader raised ZeroDivisionError';
    const runs = [
      {
        id,
        suiteId: SUITE,
        metadata: { branch: 'main' },
        total: 100,
        failed: 10,
        queuedMs: 200,
        inProgressMs: 800,
        outcome: 'failed' as const,
        failAtFraction: 0.5,
        error: { code: 'grader_error', message },
      },
    ];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=main', 'max-failed-requests': '20' }),
      });
      expectVerdict(run, {
        code: 1,
        outcome: 'fail',
        runId: id,
        status: 'failed',
        counts: [100, 40, 10],
        // e.g. "run eval_run_fails_0001 failed: Python grader raised ZeroDivisionError"
        reason: new RegExp(`^run ${id} failed: ${message}$`),
      });
      expect(run.result.run.error).toEqual({ code: 'grader_error', message });
      expectSummaryVerdict(run, 'fail');
      expectRunTable(run, id, 'failed', [100, 40, 10]);
      expect(row(run.summary, 'Error')).toBe(`| Error | ${message} |`);
      expect(row(run.summary, 'Run status')).toBe(`| Run status | failed (${message}) | completed | ❌ fail |`);
      expect(row(run.summary, 'Failed requests')).toBe('| Failed requests | 10 of 100 (10%) | ≤ 20 | ✅ pass |');
    });
  });

  it('fails a run that was cancelled', async () => {
    const id = 'eval_run_cancelled_0001';
    const runs = [
      {
        id,
        suiteId: SUITE,
        metadata: { branch: 'main' },
        total: 60,
        queuedMs: 200,
        inProgressMs: 500,
        cancellingMs: 300,
        outcome: 'cancelled' as const,
      },
    ];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=main' }) });
      expectVerdict(run, {
        code: 1,
        outcome: 'fail',
        runId: id,
        status: 'cancelled',
        counts: [60, 60, 0],
        reason: `run ${id} cancelled`,
      });
      expect(requestsOf(emulator, 'cancel')).toEqual([]);
      expectSummaryVerdict(run, 'fail');
      expectRunTable(run, id, 'cancelled', [60, 60, 0]);
      expect(run.summary).not.toContain('| Error |');
      expect(row(run.summary, 'Run status')).toBe('| Run status | cancelled | completed | ❌ fail |');
    });
  });

  it('is inconclusive when no run matches before the timeout, and still writes the summary', async () => {
    const runs = manyRuns(5);
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=nope\nsha=deadbeef', timeout: '2s' }),
      });
      expectVerdict(run, {
        code: 1,
        outcome: 'inconclusive',
        runId: '',
        status: '',
        reason: new RegExp(
          `^timeout of 2s reached before a run of suite ${SUITE} matching branch=nope, sha=deadbeef appeared \\(\\d+ scan\\(s\\), 5 run\\(s\\) examined\\)$`,
        ),
      });
      expect(run.outputs.metrics).toBe('null');
      expect(run.result.lookup).toMatchObject({
        mode: 'metadata',
        suiteId: SUITE,
        metadata: { branch: 'nope', sha: 'deadbeef' },
        candidates: 0,
      });
      expect(run.result.lookup.scans).toBeGreaterThanOrEqual(2);
      expect(requestsOf(emulator, 'list').length).toBe(run.result.lookup.scans);
      expect(run.stdout).toContain(`No run of suite ${SUITE} matches branch=nope, sha=deadbeef yet`);

      expectSummaryVerdict(run, 'inconclusive');
      expect(run.summary).toContain('_The job fails because the verdict could not be determined (on-inconclusive: fail)._');
      expect(run.summary).toContain('\n### Lookup\n');
      expect(run.summary).not.toContain('### Run\n');
      expect(row(run.summary, 'Suite')).toBe(`| Suite | ${md(SUITE)} |`);
      expect(row(run.summary, 'Metadata asked for')).toBe('| Metadata asked for | branch=nope, sha=deadbeef |');
      expect(row(run.summary, 'Runs examined')).toBe(`| Runs examined | 5 in ${run.result.lookup.scans} scan(s) |`);
    });
  });

  describe('run-id', () => {
    const id = 'eval_run_explicit_0001';
    const runs = [
      finishedRun({ id: 'eval_run_newer_same_suite', ageSeconds: 1, metadata: { branch: 'main' }, outcome: 'failed' }),
      // Still running when the action's first GET arrives, so it polls at least twice.
      { id, suiteId: SUITE, metadata: { branch: 'main' }, total: 20, queuedMs: 200, inProgressMs: 3000 },
    ];

    it('gates the given run without listing runs', async () => {
      // The run's clock starts with that first GET, however long the spawn took.
      await withEmulator(scenario(runs, { clockStartsAtFirstRequest: true }), async (emulator) => {
        const run = await runAction({ inputs: baseInputs(emulator, { 'run-id': id, 'suite-id': SUITE, metadata: 'branch=main' }) });
        expectVerdict(run, { code: 0, outcome: 'pass', runId: id, status: 'completed', counts: [20, 20, 0], reason: 'all 2 criteria met' });
        expect(requestsOf(emulator, 'list')).toEqual([]);
        const gets = requestsOf(emulator, 'get');
        expect(gets.length).toBeGreaterThanOrEqual(2);
        expect(gets.every((g) => g.path === `/api/v1/llm/evals/runs/${id}`)).toBe(true);
        expect(run.stdout).toContain(`Gating run ${id} given by run-id (suite ${SUITE})`);
        expect(run.result.lookup).toMatchObject({ mode: 'run-id', suiteId: SUITE });
        expectSummaryVerdict(run, 'pass');
        expectRunTable(run, id, 'completed', [20, 20, 0]);
      });
    });

    it('fails when the run does not carry the metadata given with run-id: metadata is a check, never ignored', async () => {
      await withEmulator(scenario(runs), async (emulator) => {
        const run = await runAction({ inputs: baseInputs(emulator, { 'run-id': id, 'suite-id': SUITE, metadata: 'branch=other' }) });
        expect(run.code).toBe(1);
        expect(run.outputs.outcome).toBe('fail');
        expect(run.outputs.reason).toBe(`run ${id} does not carry the metadata given with run-id (branch=other)`);
        expect(requestsOf(emulator, 'list')).toEqual([]);
        expectSummaryVerdict(run, 'fail');
      });
    });

    it('fails when the run belongs to another suite than suite-id', async () => {
      await withEmulator(scenario(runs), async (emulator) => {
        const other = 'eval_run_newer_same_suite';
        const run = await runAction({ inputs: baseInputs(emulator, { 'run-id': other, 'suite-id': OTHER_SUITE }) });
        expectVerdict(run, {
          code: 1,
          outcome: 'fail',
          runId: other,
          status: 'failed',
          counts: [50, 25, 0],
          reason: `run ${other} belongs to suite ${SUITE}, not to the suite-id given (${OTHER_SUITE})`,
        });
        expect(requestsOf(emulator, 'list')).toEqual([]);
        expect(requestsOf(emulator, 'get')).toHaveLength(1);
        expectSummaryVerdict(run, 'fail');
        expectRunTable(run, other, 'failed', [50, 25, 0]);
        expect(run.summary).not.toContain('### Criteria');
      });
    });
  });

  it('waits for a run that appears only after a few seconds, then gates it', async () => {
    const id = 'eval_run_late_0001';
    const APPEAR_MS = 4000;
    const runs = [
      ...manyRuns(3),
      // Late enough that the gate scans at least twice before the run exists: the clock starts with its first
      // scan, however long the spawn took.
      { id, suiteId: SUITE, appearAfterMs: APPEAR_MS, metadata: { branch: 'feature/late' }, total: 25, queuedMs: 200, inProgressMs: 400 },
    ];
    await withEmulator(scenario(runs, { clockStartsAtFirstRequest: true }), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=feature/late' }) });
      expectVerdict(run, { code: 0, outcome: 'pass', runId: id, status: 'completed', counts: [25, 25, 0], reason: 'all 2 criteria met' });
      const lists = requestsOf(emulator, 'list');
      expect(lists.filter((r) => r.at < APPEAR_MS).length).toBeGreaterThanOrEqual(2);
      // And it was found by a scan after it appeared: the last one.
      expect(lists.at(-1)!.at).toBeGreaterThanOrEqual(APPEAR_MS);
      expect(run.result.lookup.scans).toBe(lists.length);
      expect(run.result.lookup.scans).toBeGreaterThanOrEqual(3);
      expect(run.stdout).toContain(
        `No run of suite ${SUITE} matches branch=feature/late yet (scan 1: 3 new run(s) in 1 page(s)); looking again`,
      );
      // Later scans stop at the newest run already examined.
      expect(run.stdout).toContain('(scan 2: 0 new run(s) in 1 page(s))');
      expectSummaryVerdict(run, 'pass');
      expectRunTable(run, id, 'completed', [25, 25, 0]);
    });
  });

  it('matches only runs that have every metadata pair', async () => {
    const runs = [
      finishedRun({ id: 'eval_run_branch_only', ageSeconds: 10, metadata: { branch: 'feature/a', sha: 'other' }, outcome: 'failed' }),
      finishedRun({ id: 'eval_run_sha_only', ageSeconds: 20, metadata: { branch: 'main', sha: 'abc123' }, outcome: 'failed' }),
      finishedRun({ id: 'eval_run_branch_missing', ageSeconds: 25, metadata: { sha: 'abc123' }, outcome: 'failed' }),
      finishedRun({ id: 'eval_run_both', ageSeconds: 300, metadata: { branch: 'feature/a', sha: 'abc123', workflow: 'pr' }, total: 10 }),
    ];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=feature/a\n\n  sha = abc123  \n' }),
      });
      expectVerdict(run, {
        code: 0,
        outcome: 'pass',
        runId: 'eval_run_both',
        status: 'completed',
        counts: [10, 10, 0],
        reason: 'all 2 criteria met',
      });
      expect(run.result.lookup).toMatchObject({ metadata: { branch: 'feature/a', sha: 'abc123' }, candidates: 1, scanned: 4 });
      expect(run.stdout).toContain('newest of 1 run(s) matching branch=feature/a, sha=abc123 among 4 examined');
      expectSummaryVerdict(run, 'pass');
      expect(row(run.summary, 'Metadata')).toBe('| Metadata | branch=feature/a, sha=abc123, workflow=pr |');
    });
  });

  it("gates the newest run of the suite whatever its metadata with metadata: '*'", async () => {
    const newest = 'eval_run_any_newest';
    const older = 'eval_run_any_older';
    const runs = [
      // Older, passing, and with metadata a filter might have picked: not the one gated.
      finishedRun({ id: older, ageSeconds: 120, metadata: { branch: 'main', sha: 'abc123' }, total: 10 }),
      // Newest of the suite, with other metadata: the one gated (and failing, so the outcome tells them apart).
      finishedRun({ id: newest, ageSeconds: 20, metadata: { branch: 'feature/z', workflow: 'nightly' }, total: 20, failed: 2 }),
      // Newer still, but of another suite: never considered.
      { id: 'eval_run_any_other_suite', suiteId: OTHER_SUITE, ageSeconds: 5, metadata: { branch: 'main' }, total: 10 },
    ];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: '*' }) });
      expectVerdict(run, {
        code: 1,
        outcome: 'fail',
        runId: newest,
        status: 'completed',
        counts: [20, 18, 2],
        reason: 'Failed requests: 2 of 20 (10%), allowed ≤ 0',
      });
      expect(run.result.run.metadata).toEqual({ branch: 'feature/z', workflow: 'nightly' });
      // Both runs of the suite match '*' (the other suite's run is not even listed); the newest wins.
      expect(run.result.lookup).toMatchObject({ mode: 'metadata', suiteId: SUITE, metadata: {}, candidates: 2, scanned: 2 });
      expect(run.stdout).toContain(`Chose run ${newest} `);
      expect(run.stdout).toContain('newest of 2 run(s) matching any metadata among 2 examined');
      const lists = requestsOf(emulator, 'list');
      expect(lists.length).toBeGreaterThanOrEqual(1);
      expect(lists.every((r) => r.query.suite_id === SUITE)).toBe(true);
      expect(requestsOf(emulator, 'get').every((r) => r.path.endsWith(`/runs/${newest}`))).toBe(true);
      expect(run.stdout).not.toContain(older);
      expect(run.stdout).not.toContain('eval_run_any_other_suite');
      expectSummaryVerdict(run, 'fail');
      expectRunTable(run, newest, 'completed', [20, 18, 2]);
      expect(row(run.summary, 'Metadata')).toBe('| Metadata | branch=feature/z, workflow=nightly |');
    });
  });

  it('writes no summary with summary: false, but still sets every output', async () => {
    const id = 'eval_run_nosummary_1';
    await withEmulator(scenario([finishedRun({ id, total: 10, failed: 2, metadata: { branch: 'main' } })]), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'branch=main', summary: 'false' }) });
      expectVerdict(run, {
        code: 1,
        outcome: 'fail',
        runId: id,
        status: 'completed',
        counts: [10, 8, 2],
        reason: 'Failed requests: 2 of 10 (20%), allowed ≤ 0',
      });
      expect(run.summary).toBe('');
      expect(run.stdout).not.toContain('MKA1 eval gate failed');
      expect(run.stdout).not.toContain('Could not write the job summary');
    });
  });

  it('escapes hostile metadata so the summary tables keep their shape', async () => {
    const id = 'eval_run_hostile_0001';
    const metadata = {
      sha: 'esc1',
      note: 'a | b\nc || d',
      html: '<script>alert(1)</script><img src=x onerror=alert(2)>',
      link: '[click me](https://evil.example/x) ![img](https://evil.example/i.png)',
      'k|ey\n': 'v`code`*bold*_it_',
    };
    const runs = [finishedRun({ id, total: 10, metadata, models: ['m|1', '<b>m2</b>'], judgeModel: 'j\n| injected | row |' })];
    await withEmulator(scenario(runs), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'sha=esc1' }) });
      expectVerdict(run, { code: 0, outcome: 'pass', runId: id, status: 'completed', counts: [10, 10, 0], reason: 'all 2 criteria met' });
      expect(run.result.run.metadata).toEqual(metadata);

      const summary = run.summary;
      expect(summary).not.toMatch(/<script|<img|<b>/i);
      expect(summary).not.toContain('[click me](');
      expect(summary).not.toContain('![img](');
      expect(summary).not.toContain('| injected | row |');
      expect(summary).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

      // Every table line has exactly as many unescaped pipes as its table has cells + 1.
      const unescapedPipes = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;
      const tableLines = summary.split('\n').filter((line) => line.startsWith('|'));
      const runTable = tableLines.filter(
        (line) => !/^\| (Criterion|Run status|Failed requests) \|/.test(line) && !line.startsWith('| --- | --- | --- |'),
      );
      expect(runTable.map((line) => line.split(' | ')[0])).toEqual([
        '| Field',
        '| ---',
        '| Run',
        '| Suite',
        '| Status',
        '| Models',
        '| Judge model',
        '| Requests',
        '| Duration',
        '| Metadata',
      ]);
      for (const line of runTable) expect(unescapedPipes(line), line).toBe(3);
      for (const line of tableLines.filter((l) => !runTable.includes(l))) expect(unescapedPipes(line), line).toBe(5);
      for (const line of tableLines) expect(line.endsWith(' |'), line).toBe(true);

      const metadataRow = row(summary, 'Metadata');
      expect(metadataRow).toContain('note=a \\| b c \\|\\| d');
      // Bare URLs are broken with a zero-width space, so GitHub does not autolink them either.
      expect(metadataRow).toContain('link=\\[click me\\](https\u200b://evil.example/x) !\\[img\\](https\u200b://evil.example/i.png)');
      expect(metadataRow).toContain('k\\|ey =v\\`code\\`\\*bold\\*\\_it\\_');
      expect(row(summary, 'Models')).toBe('| Models | m\\|1, &lt;b&gt;m2&lt;/b&gt; |');
      expect(row(summary, 'Judge model')).toBe('| Judge model | j \\| injected \\| row \\| |');
    });
  });
});
