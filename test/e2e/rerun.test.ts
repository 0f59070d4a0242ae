/**
 * End-to-end: `rerun-failed` through the real bundle: reruns asked for (counted from the
 * emulator's log), the final verdict, the `reruns` output, the summary's attempts and result-json.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const RUN_ID = 'eval_run_flaky';

function flakyRun(extra: Partial<RunSpec> = {}): RunSpec {
  return {
    id: RUN_ID,
    suiteId: DEMO_SUITE,
    metadata: { sha: 'c0ffee1' },
    queuedMs: 100,
    inProgressMs: 600,
    total: 120,
    failed: 6,
    rerunMs: 600,
    ...extra,
  };
}

function inputs(emulator: Emulator, extra: Record<string, string> = {}) {
  return baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1', 'failed-samples': '0', ...extra });
}

const reruns = (emulator: Emulator) => emulator.requests.filter((r) => r.route === 'rerun');

function expectExit(run: ActionRun, code: number, outcome: string): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(code);
  expect(run.outputs.outcome).toBe(outcome);
  expect(leaksOf(run)).toEqual([]);
}

function rerunRows(summary: string): string[] {
  const section = summary.split('### Reruns of failed requests\n\n')[1] ?? '';
  return section.split('\n').filter((line) => /^\| \d+ \|/.test(line));
}

describe('rerun-failed', () => {
  it('turns 6 failed requests into 0 with one rerun: pass, reruns=1', async () => {
    const scenario: Scenario = { runs: [flakyRun({ rerunFailed: [0] })] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '2' }) });
      expectExit(run, 0, 'pass');
      expect(reruns(emulator)).toHaveLength(1);
      expect(reruns(emulator)[0]?.path).toBe(`/api/v1/llm/evals/runs/${RUN_ID}/rerun-failed`);
      expect(run.outputs.reruns).toBe('1');
      expect(run.outputs['requests-failed']).toBe('0');
      expect(run.outputs['requests-completed']).toBe('120');
      expect(run.result.reruns).toEqual([{ attempt: 1, failed_before: 6, failed_after: 0, status_after: 'completed', error: null }]);
      expect(rerunRows(run.summary)).toEqual(['| 1 | 6 | 0 | completed |']);
      expect(run.summary).toContain('| Failed requests | 0 of 120 (0%) | ≤ 0 | ✅ pass |');
      // The gate waited for the rerun: it polled after asking.
      const after = emulator.requests.findIndex((r) => r.route === 'rerun');
      expect(emulator.requests.slice(after + 1).some((r) => r.route === 'get')).toBe(true);
    });
  });

  it('still failing after 2 reruns: fail, both attempts shown', async () => {
    const scenario: Scenario = { runs: [flakyRun({ rerunFailed: [4, 3] })] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '2' }) });
      expectExit(run, 1, 'fail');
      expect(reruns(emulator)).toHaveLength(2);
      expect(run.outputs.reruns).toBe('2');
      expect(run.outputs['requests-failed']).toBe('3');
      expect(run.outputs.reason).toBe('Failed requests: 3 of 120 (2.5%), allowed ≤ 0');
      expect(rerunRows(run.summary)).toEqual(['| 1 | 6 | 4 | completed |', '| 2 | 4 | 3 | completed |']);
      expect(run.result.reruns.map((r: any) => [r.failed_before, r.failed_after])).toEqual([
        [6, 4],
        [4, 3],
      ]);
    });
  });

  it('rerun-failed: 0 (the default) never reruns', async () => {
    const scenario: Scenario = { runs: [flakyRun({ rerunFailed: [0] })] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator) });
      expectExit(run, 1, 'fail');
      expect(reruns(emulator)).toHaveLength(0);
      expect(run.outputs.reruns).toBe('0');
      expect(run.outputs['requests-failed']).toBe('6');
      expect(run.result.reruns).toEqual([]);
      expect(run.summary).not.toContain('Reruns of failed requests');
    });
  });

  it('does not rerun when the failures are within max-failed-requests', async () => {
    await withEmulator({ runs: [flakyRun({ rerunFailed: [0] })] }, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '3', 'max-failed-requests': '5%' }) });
      expectExit(run, 0, 'pass');
      expect(reruns(emulator)).toHaveLength(0);
      expect(run.outputs.reruns).toBe('0');
    });
  });

  it('does not rerun a run whose status is failed', async () => {
    const scenario: Scenario = { runs: [flakyRun({ outcome: 'failed', rerunFailed: [0] })] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '3' }) });
      expectExit(run, 1, 'fail');
      expect(run.outputs.status).toBe('failed');
      expect(reruns(emulator)).toHaveLength(0);
      expect(run.outputs.reruns).toBe('0');
    });
  });

  it('a refused rerun (403) is shown with the write:evals hint; the verdict is the run as it is', async () => {
    const scenario: Scenario = { runs: [flakyRun({ rerunFailed: [0] })], faults: [{ route: 'rerun', kind: 'status', status: 403 }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '2' }) });
      expectExit(run, 1, 'fail');
      expect(reruns(emulator)).toHaveLength(1);
      expect(run.outputs.reruns).toBe('1');
      expect(run.outputs.reason).toBe('Failed requests: 6 of 120 (5%), allowed ≤ 0');
      const [row] = rerunRows(run.summary);
      expect(row).toMatch(/^\| 1 \| 6 \| — \| not made: .*HTTP 403.*write:evals/);
      expect(run.result.reruns[0]).toMatchObject({ attempt: 1, failed_before: 6, failed_after: null });
    });
  });

  it('a 503 on the rerun request after MKA1 took it: reads the run, sees it rerunning, and does not ask twice', async () => {
    const scenario: Scenario = {
      runs: [flakyRun({ rerunFailed: [0] })],
      faults: [{ route: 'rerun', kind: 'status', status: 503, times: 1, afterCommit: true }],
    };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '1' }) });
      expectExit(run, 0, 'pass');
      expect(reruns(emulator).map((r) => r.answer)).toEqual(['fault:status']);
      expect(run.outputs.reruns).toBe('1');
      expect(rerunRows(run.summary)).toEqual(['| 1 | 6 | 0 | completed |']);
    });
  });

  it('a 503 on the rerun request before MKA1 took it: reads the run, sees it unchanged, and asks again', async () => {
    const scenario: Scenario = {
      runs: [flakyRun({ rerunFailed: [0] })],
      faults: [{ route: 'rerun', kind: 'status', status: 503, times: 1 }],
    };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'rerun-failed': '1' }) });
      expectExit(run, 0, 'pass');
      expect(reruns(emulator).map((r) => r.answer)).toEqual(['fault:status', '200']);
      const first = emulator.requests.findIndex((r) => r.route === 'rerun');
      expect(emulator.requests[first + 1]?.route).toBe('get');
      expect(run.outputs.reruns).toBe('1');
    });
  });
});
