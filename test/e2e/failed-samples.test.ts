/**
 * End-to-end: the "Failed samples" section through the real bundle: one request, the count,
 * escaping of hostile sample text, truncation, and an unreadable samples endpoint.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE, scenarios } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { startFakeGitHub } from '../fake-github/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const HOSTILE_RUN = 'eval_run_7e6d5c4b3a29180f7e6d5c4b3a291807';

function inputs(emulator: Emulator, extra: Record<string, string> = {}) {
  return baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1', ...extra });
}

const sampleRequests = (emulator: Emulator) => emulator.requests.filter((r) => r.route === 'samples');

function expectExit(run: ActionRun, code: number, outcome: string): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(code);
  expect(run.outputs.outcome).toBe(outcome);
  expect(leaksOf(run)).toEqual([]);
}

/** The <details> block of the summary that holds the failed samples. */
function section(summary: string): string {
  const start = summary.indexOf('<details><summary><strong>Failed samples');
  expect(start, summary).toBeGreaterThanOrEqual(0);
  return summary.slice(start, summary.indexOf('</details>', start) + '</details>'.length);
}

describe('failed samples', () => {
  it('shows N of M failed samples with every field escaped and truncated, from one request', async () => {
    await withEmulator(scenarios['failed-samples'] as Scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'failed-samples': '5' }) });
      expectExit(run, 1, 'fail');
      expect(run.outputs['run-id']).toBe(HOSTILE_RUN);
      expect(run.outputs.reason).toBe('Failed requests: 7 of 60 (11.67%), allowed ≤ 0');
      const requests = sampleRequests(emulator);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.path).toBe(`/api/v1/llm/evals/runs/${HOSTILE_RUN}/samples`);
      expect(requests[0]?.query).toEqual({ status: 'failed', limit: '5' });

      const block = section(run.summary);
      expect(block).toContain('<details><summary><strong>Failed samples (showing 5 of 7)</strong></summary>');
      const rows = block.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Task') && !line.startsWith('| ---'));
      expect(rows).toHaveLength(5);
      // Sample 0 holds hostile text: no HTML, no mention, no pipe that would break the row, no link.
      const hostile = rows[0] as string;
      expect(hostile).toMatch(/^\| arithmetic \| gpt-x \| 0 \| content\\_filter: /);
      expect(hostile.split(/(?<!\\)\|/)).toHaveLength(8);
      expect(block).not.toMatch(/<img|<b>|\[docs\]\(/);
      expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(hostile).toContain('@\u200boctocat');
      expect(hostile).toContain('\\*\\*bold\\*\\*');
      // The long output is cut to an excerpt.
      const output = hostile.split(/(?<!\\)\| /).at(-1) as string;
      expect(output).toContain('…');
      expect(output.length).toBeLessThan(260);
      // A workflow command in sample text never starts a log line.
      expect(run.stdout.split('\n').some((line) => line.startsWith('::error::pwned'))).toBe(false);
      // Ordinary failed samples: task, model, index, the error.
      expect(rows[1]).toBe(
        '| reading | gpt-y | 1 | provider\\_timeout: The model provider did not answer within 60s | Answer with a number only. What is 1 + 1? | — |',
      );

      const report = run.result.failed_samples;
      expect(report.kind).toBe('shown');
      expect(report.failed).toBe(7);
      expect(report.samples).toHaveLength(5);
      expect(report.samples[1]).toEqual({
        task_id: 'reading',
        model: 'gpt-y',
        sample_index: 1,
        error_code: 'provider_timeout',
        error_message: 'The model provider did not answer within 60s',
        prompt: 'Answer with a number only. What is 1 + 1?',
        output: null,
      });
      expect(report.samples[0].output.length).toBeLessThanOrEqual(201);
    });
  });

  it('puts the same section in the pull request comment, also when the failures are within the limit', async () => {
    const token = 'ghs_failed_samples_token';
    const github = await startFakeGitHub({ token });
    try {
      await withEmulator(scenarios['failed-samples'] as Scenario, async (emulator) => {
        const run = await runAction({
          inputs: inputs(emulator, { 'failed-samples': '100', 'max-failed-requests': '20%', comment: 'true', 'github-token': token }),
          env: { GITHUB_API_URL: github.url },
          event: { pull_request: { number: 7 } },
        });
        expectExit(run, 0, 'pass');
        // Failed requests within the limit still have samples to show.
        const block = section(run.summary);
        expect(block).toContain('Failed samples (showing all 7)');
        expect(sampleRequests(emulator)[0]?.query.limit).toBe('100');
        const [comment] = github.commentsOn(7);
        expect(comment?.body).toContain(block);
        expect(comment?.body).not.toContain('<img');
      });
    } finally {
      await github.close();
    }
  });

  it('a samples endpoint answering 500 leaves the verdict as it is and says why', async () => {
    const scenario: Scenario = {
      ...(scenarios['failed-samples'] as Scenario),
      faults: [{ route: 'samples', kind: 'status', status: 500 }],
    };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator) });
      expectExit(run, 1, 'fail');
      expect(run.outputs.reason).toBe('Failed requests: 7 of 60 (11.67%), allowed ≤ 0');
      // One retry at most: evidence is not worth the deadline.
      expect(sampleRequests(emulator).map((r) => r.answer)).toEqual(['fault:status', 'fault:status']);
      const block = section(run.summary);
      expect(block).toContain('Failed samples (7 failed; could not be read)');
      expect(block).toMatch(/the verdict does not depend on them: .*HTTP 500/);
      expect(run.result.failed_samples).toMatchObject({ kind: 'unavailable', failed: 7 });
      expect(run.result.failed_samples.why).toMatch(/HTTP 500/);
    });
  });

  it('a passing run behind a samples outage still passes', async () => {
    const spec: RunSpec = { suiteId: DEMO_SUITE, metadata: { sha: 'c0ffee1' }, total: 50, failed: 1, ageSeconds: 5 };
    const scenario: Scenario = { runs: [spec], faults: [{ route: 'samples', kind: 'status', status: 500 }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'max-failed-requests': '1' }) });
      expectExit(run, 0, 'pass');
      expect(section(run.summary)).toContain('could not be read');
    });
  });

  it('failed-samples: 0 reads none, and a run without failures needs none', async () => {
    await withEmulator(scenarios['failed-samples'] as Scenario, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator, { 'failed-samples': '0' }) });
      expectExit(run, 1, 'fail');
      expect(sampleRequests(emulator)).toHaveLength(0);
      expect(run.summary).not.toContain('Failed samples');
      expect(run.result.failed_samples).toBeNull();
    });
    const clean: RunSpec = { suiteId: DEMO_SUITE, metadata: { sha: 'c0ffee1' }, total: 50, failed: 0, ageSeconds: 5 };
    await withEmulator({ runs: [clean] }, async (emulator) => {
      const run = await runAction({ inputs: inputs(emulator) });
      expectExit(run, 0, 'pass');
      expect(sampleRequests(emulator)).toHaveLength(0);
      expect(run.summary).not.toContain('Failed samples');
    });
  });
});
