/**
 * End-to-end: `mode: detach` through the real bundle (issue 17), against the emulator and the fake GitHub: the step
 * posts a pending status on the pull request's head commit and exits at once, or sets the verdict when the run
 * finishes within `detach-after`; forks and events other than pull requests are refused with a way out.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../emulator/model.ts';
import { CONTEXT, expectEnd, headSha, MERGE_SHA, pullRequestRunUrl, runDetach, statusPosts, SUITE, withFakes } from './detached-harness.ts';

const RUN_ID = 'eval_run_detach_30s';

function prRun(extra: Partial<RunSpec> = {}): RunSpec {
  return {
    id: RUN_ID,
    suiteId: SUITE,
    metadata: { sha: headSha(7) },
    queuedMs: 0,
    inProgressMs: 30_000,
    total: 40,
    metrics: { 'gpt-x': { accuracy: 0.9 } },
    ...extra,
  };
}

const lookup = { metadata: `sha=${headSha(7)}`, thresholds: 'accuracy >= 0.8' };

describe('mode: detach', () => {
  it('exits in seconds with outcome pending while the run takes 30 s, the pending status on the head commit', async () => {
    await withFakes({ runs: [prRun()] }, {}, async (fakes) => {
      const run = await runDetach(fakes, 7, lookup);
      expectEnd(run, 0, 'pending');
      // A generous bound: the run takes 30 s, the gate must not wait for it (timed by its own clock: the process
      // start, seconds on a loaded machine, is not what is tested).
      expect(run.result.elapsed_ms).toBeLessThan(3_000);
      expect(run.outputs).toMatchObject({ passed: 'false', 'run-id': RUN_ID, status: 'in_progress', reconciled: '', pending: '' });
      const posts = statusPosts(fakes.github);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.path).toBe(`/repos/acme/llm-app/statuses/${headSha(7)}`);
      expect(posts[0]?.body).toEqual({
        state: 'pending',
        context: CONTEXT,
        description: expect.stringMatching(new RegExp(`^Waiting for ${RUN_ID}: in_progress \\d+/40$`)),
        target_url: pullRequestRunUrl,
      });
      expect(fakes.github.statusesOf(MERGE_SHA)).toEqual([]);
      expect(run.result).toMatchObject({
        outcome: 'pending',
        passed: false,
        commit_status: { context: CONTEXT, pull_request: 7, head_sha: headSha(7), state: 'pending', written: true },
      });
      expect(run.summary).toContain('## ⏳ MKA1 eval gate detached: verdict pending');
      expect(run.outputs.reason).toBe(
        `run ${RUN_ID} is ${run.outputs.status}, ${run.outputs['requests-completed']}/40 completed, 0 failed; ` +
          `the verdict will arrive as the commit status "${CONTEXT}" on ${headSha(7).slice(0, 7)} (pull request #7)`,
      );
      expect(run.summary).toContain('the verdict will arrive as the commit status &quot;MKA1 eval / eval\\_suite\\_');
      expect(run.summary).toContain('### Commit status');
      expect(run.stdout).not.toMatch(/^::error::/m);
    });
  });

  it('sets the verdict at once when the run finishes within detach-after, and ends like wait mode', async () => {
    await withFakes({ runs: [prRun({ inProgressMs: 1_500 })] }, {}, async (fakes) => {
      const run = await runDetach(fakes, 7, { ...lookup, 'detach-after': '10s', 'poll-interval': '200ms' });
      expectEnd(run, 0, 'pass');
      expect(run.durationMs).toBeLessThan(10_000);
      const posts = statusPosts(fakes.github);
      expect(posts.map((p) => (p.body as { state: string }).state)).toEqual(['success']);
      expect(posts[0]?.body).toMatchObject({ context: CONTEXT, description: expect.stringMatching(/^Passed: all \d+ criteria met$/) });
      expect(run.outputs).toMatchObject({ passed: 'true', status: 'completed' });
      expect(run.summary).toContain('## ✅ MKA1 eval gate passed');
      expect(run.summary).toMatch(/\| Metric accuracy \| .* \| ✅ pass \|/);
    });
  });

  it('fails the step and sets the status to failure when the finished run fails its thresholds', async () => {
    await withFakes({ runs: [prRun({ inProgressMs: 0, metrics: { 'gpt-x': { accuracy: 0.5 } } })] }, {}, async (fakes) => {
      const run = await runDetach(fakes, 7, { ...lookup, 'detach-after': '5s', 'poll-interval': '200ms' });
      expectEnd(run, 1, 'fail');
      expect(fakes.github.latestStatus(headSha(7), CONTEXT)).toMatchObject({
        state: 'failure',
        description: expect.stringMatching(/^Failed: /),
      });
    });
  });

  it('asks for a rerun of the failed requests of a finished run and detaches with "rerun 1 of N", without waiting for it', async () => {
    const flaky = prRun({ inProgressMs: 0, failed: 3, rerunFailed: [0], rerunMs: 30_000 });
    await withFakes({ runs: [flaky] }, {}, async (fakes) => {
      const run = await runDetach(fakes, 7, { ...lookup, 'rerun-failed': '2', 'detach-after': '5s', 'poll-interval': '200ms' });
      expectEnd(run, 0, 'pending');
      expect(run.result.elapsed_ms).toBeLessThan(5_000);
      expect(fakes.emulator.requests.filter((r) => r.route === 'rerun')).toHaveLength(1);
      expect(run.outputs.reruns).toBe('1');
      expect(fakes.github.latestStatus(headSha(7), CONTEXT)).toMatchObject({
        state: 'pending',
        description: expect.stringMatching(new RegExp(`^Waiting for ${RUN_ID}: in_progress \\d+/40 · rerun 1 of 2$`)),
      });
    });
  });

  it('does not detach on a run whose read by id no longer carries the metadata: inconclusive, the status error', async () => {
    // Listed with sha=<head>, but GET by id says another commit: the reconcile could not tell (it checks the suite only).
    const moved = prRun({ changes: [{ afterReads: 0, fields: { metadata: { sha: 'b4dc0de' } } }] });
    await withFakes({ runs: [moved] }, {}, async (fakes) => {
      const run = await runDetach(fakes, 7, lookup);
      expectEnd(run, 1, 'inconclusive');
      expect(run.outputs.reason).toMatch(/but the run itself \(GET by id\) does not match that metadata \(differs in sha\)/);
      const posts = statusPosts(fakes.github);
      expect(posts.map((p) => (p.body as { state: string }).state)).toEqual(['error']);
      expect(fakes.github.latestStatus(headSha(7), CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(/^Inconclusive: /),
      });
    });
  });

  it('fails on a fork pull request whose token cannot write statuses, naming statuses: write, forks and mode: wait', async () => {
    await withFakes({ runs: [prRun()] }, { forbidStatusWrites: true }, async (fakes) => {
      const run = await runDetach(fakes, 7, lookup, { fork: true });
      expectEnd(run, 1, 'fail');
      expect(run.outputs.reason).toMatch(/^the pending commit status could not be set: POST \S+ answered HTTP 403/);
      expect(run.outputs.reason).toContain('permissions: statuses: write');
      expect(run.outputs.reason).toMatch(/pull requests from forks/);
      expect(run.outputs.reason).toContain('use `mode: wait` there');
      expect(run.stdout).toMatch(/^::error::MKA1 eval gate fail: the pending commit status could not be set/m);
      expect(fakes.github.statuses).toEqual([]);
      expect(run.result.commit_status).toMatchObject({ state: 'pending', written: false, error: expect.stringContaining('HTTP 403') });
    });
  });

  it.each([
    ['merge_group', /merge queue needs its required check on merge_group\.head_sha.*use `mode: wait` there/],
    ['push', /merge queues and pushes need `mode: wait`/],
  ])('refuses %s events before any request, saying what to use instead', async (eventName, words) => {
    await withFakes({ runs: [prRun()] }, {}, async (fakes) => {
      const event = eventName === 'merge_group' ? { merge_group: { head_sha: headSha(7) } } : { after: headSha(7) };
      const run = await runDetach(fakes, 7, lookup, { eventName, event });
      expectEnd(run, 1, 'fail');
      expect(run.outputs.reason).toMatch(
        new RegExp(`^invalid input: input "mode": got "detach"; expected \`wait\` on ${eventName} events`),
      );
      expect(run.outputs.reason).toMatch(words);
      expect(run.summary).toContain('### Input problems');
      expect(fakes.emulator.requests).toEqual([]);
      expect(fakes.github.requests).toEqual([]);
    });
  });
});
