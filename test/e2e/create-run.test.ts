/**
 * End-to-end: `create-run` through the real bundle. Each case checks the exit code, the outputs,
 * the summary, and exactly which requests reached the emulator (how many runs were started).
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEFAULT_CREATED_RUN } from '../emulator/create.ts';
import { DEMO_SUITE, manyRuns } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const SUITE = DEMO_SUITE;
const history = manyRuns(5);
const CONTEXT = {
  github_repository: 'acme/llm-app',
  github_sha: 'c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe',
  github_ref: 'refs/pull/7/merge',
  github_run_id: '1234',
  github_run_attempt: '1',
};

function inputs(emulator: Emulator, extra: Record<string, string> = {}) {
  return baseInputs(emulator, { 'suite-id': SUITE, metadata: 'sha=c0ffee1\nworkflow=pr', models: 'gpt-x, gpt-y', ...extra });
}

const creates = (emulator: Emulator) => emulator.requests.filter((r) => r.route === 'create');
const routes = (emulator: Emulator) => emulator.requests.map((r) => r.route);

function expectClean(run: ActionRun, code: number, outcome: string): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(code);
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.result.outcome).toBe(outcome);
  expect(leaksOf(run)).toEqual([]);
}

describe('create-run: if-missing', () => {
  it('starts the run when none matches: one POST /runs with suite, models, options and metadata with the context keys', async () => {
    const scenario: Scenario = { runs: history };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({
        inputs: inputs(emulator, {
          'create-run': 'if-missing',
          metadata: 'sha=c0ffee1\nworkflow=pr\ngithub_ref=mine',
          'judge-model': 'judge-large',
          'run-options': '{"generation": {"temperature": 0}, "grader_concurrency": 4}',
        }),
        event: { pull_request: { number: 7 } },
      });
      expectClean(run, 0, 'pass');
      const posts = creates(emulator);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body).toEqual({
        generation: { temperature: 0 },
        grader_concurrency: 4,
        suite_id: SUITE,
        models: ['gpt-x', 'gpt-y'],
        judge_model: 'judge-large',
        // The input's own pairs win on a clash (github_ref).
        metadata: { ...CONTEXT, github_pr: '7', github_ref: 'mine', sha: 'c0ffee1', workflow: 'pr' },
      });
      // Looked up once first, then started, then waited for: no scan loop waiting for a run to appear.
      expect(routes(emulator).slice(0, 2)).toEqual(['list', 'create']);
      expect(routes(emulator).filter((r) => r === 'list')).toHaveLength(1);
      const [createdId] = emulator.createdRunIds();
      expect(emulator.createdRunIds()).toHaveLength(1);
      expect(run.outputs['run-id']).toBe(createdId);
      expect(run.outputs.created).toBe('true');
      expect(run.outputs.status).toBe('completed');
      expect(run.result.created).toBe(true);
      expect(run.result.run.models).toEqual(['gpt-x', 'gpt-y']);
      expect(run.summary).toContain(`_Run \`${createdId}\` was started by this gate (\`create-run\`)._`);
      expect(run.stdout).toContain(`Started run ${createdId} of suite ${SUITE} for gpt-x, gpt-y`);
    });
  });

  it('does not start a run when one matches: zero POSTs, the found run is gated', async () => {
    const found: RunSpec = {
      id: 'eval_run_found',
      suiteId: SUITE,
      ageSeconds: 10,
      total: 20,
      metadata: { sha: 'c0ffee1', workflow: 'pr' },
    };
    await withEmulator({ runs: [...history, found] }, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'if-missing' }) });
      expectClean(run, 0, 'pass');
      expect(creates(emulator)).toHaveLength(0);
      expect(run.outputs['run-id']).toBe('eval_run_found');
      expect(run.outputs.created).toBe('false');
      expect(run.summary).not.toContain('was started by this gate');
    });
  });

  it('without a GitHub run id, a 503 on create is not retried: it cannot tell whether the run exists', async () => {
    const scenario: Scenario = { runs: history, faults: [{ route: 'create', kind: 'status', status: 503, times: 1 }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'if-missing' }), env: { GITHUB_RUN_ID: '' } });
      expectClean(run, 1, 'inconclusive');
      expect(creates(emulator)).toHaveLength(1);
      expect(run.outputs.reason).toMatch(/HTTP 503.*not retried: without github_run_id and github_run_attempt/);
      expect(run.outputs.created).toBe('false');
    });
  });
});

describe('create-run: always', () => {
  it('starts a new run even though one matches, without looking first', async () => {
    const found: RunSpec = {
      id: 'eval_run_found',
      suiteId: SUITE,
      ageSeconds: 10,
      total: 20,
      metadata: { sha: 'c0ffee1', workflow: 'pr' },
    };
    await withEmulator({ runs: [...history, found] }, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'always' }) });
      expectClean(run, 0, 'pass');
      expect(creates(emulator)).toHaveLength(1);
      expect(routes(emulator)[0]).toBe('create');
      expect(routes(emulator)).not.toContain('list');
      expect(run.outputs['run-id']).toBe(emulator.createdRunIds()[0]);
      expect(run.outputs['run-id']).not.toBe('eval_run_found');
      expect(run.outputs.created).toBe('true');
    });
  });
  it("a run read back without this job's github_run_id is not the run it started: inconclusive, never judged", async () => {
    // The create answer (or the run read by id) names a run of the same suite and metadata but of another job:
    // an older run a faulty deploy or a deduplicating proxy handed back. Its green is not this job's green.
    const stale: RunSpec = { ...DEFAULT_CREATED_RUN, getView: { metadata: { sha: 'c0ffee1', workflow: 'pr', github_run_id: '1' } } };
    await withEmulator({ runs: history, creates: [stale] }, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'always' }) });
      expectClean(run, 1, 'inconclusive');
      expect(run.outputs.reason).toMatch(/was started as a run of suite .* but the run itself \(GET by id\) does not match that metadata/);
      expect(run.outputs.reason).toContain('github_run_id=1234');
    });
  });
});

describe('create-run: never retried blindly', () => {
  it('a 503 after the run was committed: finds that run by github_run_id and attempt, and does not start a second', async () => {
    const scenario: Scenario = { runs: history, faults: [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'always' }) });
      expectClean(run, 0, 'pass');
      expect(creates(emulator)).toHaveLength(1);
      expect(emulator.createdRunIds()).toHaveLength(1);
      const [createdId] = emulator.createdRunIds();
      expect(routes(emulator).slice(0, 2)).toEqual(['create', 'list']);
      expect(run.outputs['run-id']).toBe(createdId);
      expect(run.outputs.created).toBe('true');
      expect(run.stdout).toContain(`Found run ${createdId}, started by the request whose answer was lost; not starting another`);
    });
  });

  it('a 503 before anything was created: looks for its run for 10 s at poll-interval, finds none, asks once more, and one run exists', async () => {
    const scenario: Scenario = { runs: history, faults: [{ route: 'create', kind: 'status', status: 503, times: 1 }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({
        inputs: inputs(emulator, { 'create-run': 'always', 'poll-interval': '2s', timeout: '40s' }),
        killAfterMs: 40_000,
      });
      expectClean(run, 0, 'pass');
      const requests = emulator.requests;
      const second = requests.findIndex((r, i) => i > 0 && r.route === 'create');
      expect(requests[0]?.route).toBe('create');
      const looks = requests.slice(1, second);
      // Scans at 0, 2, 4, 6, 8 and 10 s after the failure, then the second POST.
      expect(looks.map((r) => r.route)).toEqual(['list', 'list', 'list', 'list', 'list', 'list']);
      expect(requests[second]!.at - requests[0]!.at).toBeGreaterThanOrEqual(10_000);
      expect(creates(emulator).map((r) => r.answer)).toEqual(['fault:status', '200']);
      expect(emulator.createdRunIds()).toHaveLength(1);
      expect(run.outputs['run-id']).toBe(emulator.createdRunIds()[0]);
      expect(run.stdout).toContain('looking for the run for up to 10s before asking again');
    });
  }, 60_000);

  it('403 on create fails at once with a hint naming write:evals, and starts nothing', async () => {
    const scenario: Scenario = { runs: history, faults: [{ route: 'create', kind: 'status', status: 403 }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'create-run': 'if-missing' }) });
      expectClean(run, 1, 'fail');
      expect(creates(emulator)).toHaveLength(1);
      expect(emulator.createdRunIds()).toEqual([]);
      expect(run.outputs.reason).toMatch(/POST \/api\/v1\/llm\/evals\/runs answered HTTP 403.*`write:evals`/);
      expect(run.outputs.created).toBe('false');
      expect(run.outputs['run-id']).toBe('');
      expect(run.summary).toContain('write:evals');
    });
  });
});
