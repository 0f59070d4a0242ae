/**
 * End-to-end: `mode: reconcile` through the real bundle (issue 17), against the emulator and the fake GitHub. The
 * reconcile completes only this gate's pending statuses, by the wait-mode rules, never waits for a run, writes each
 * commit's final state once, and fails only on a configuration error.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../emulator/model.ts';
import type { FakeGitHub } from '../fake-github/server.ts';
import {
  CONTEXT,
  expectEnd,
  headSha,
  reconcileUrl,
  runDetach,
  runReconcile,
  seedPending,
  statusPosts,
  SUITE,
  untilTerminal,
  withFakes,
} from './detached-harness.ts';

const PASSING = { 'gpt-x': { accuracy: 0.9 } };
const FAILING = { 'gpt-x': { accuracy: 0.5 } };
const judging = { thresholds: 'accuracy >= 0.8', 'poll-interval': '200ms' };

function finishedRun(id: string, extra: Partial<RunSpec> = {}): RunSpec {
  return { id, suiteId: SUITE, metadata: {}, queuedMs: 0, inProgressMs: 0, total: 20, metrics: PASSING, ...extra };
}

const pulls = (...numbers: number[]) => numbers.map((number) => ({ number, headSha: headSha(number) }));
const states = (github: FakeGitHub, pull: number) => github.statusesOf(headSha(pull)).map((s) => `${s.context}=${s.state}`);

describe('mode: reconcile', () => {
  it('completes three detached pull requests: pass → success, fail → failure, still running → pending', async () => {
    const creates: RunSpec[] = [
      { queuedMs: 0, inProgressMs: 800, total: 20, metrics: PASSING },
      { queuedMs: 0, inProgressMs: 800, total: 20, metrics: FAILING },
      { queuedMs: 0, inProgressMs: 600_000, total: 20, metrics: PASSING },
    ];
    await withFakes({ runs: [], creates }, { pulls: pulls(1, 2, 3) }, async (fakes) => {
      const { github, emulator } = fakes;
      for (const pull of [1, 2, 3]) {
        const step = await runDetach(fakes, pull, {
          ...judging,
          metadata: `sha=${headSha(pull)}`,
          'create-run': 'if-missing',
          models: 'gpt-x',
        });
        expectEnd(step, 0, 'pending');
        expect(github.latestStatus(headSha(pull), CONTEXT)?.state).toBe('pending');
      }
      const [passing, failing, running] = emulator.createdRunIds() as [string, string, string];
      await untilTerminal(emulator, passing);
      await untilTerminal(emulator, failing);
      const postsBefore = statusPosts(github).length;

      const run = await runReconcile(fakes, judging);
      expectEnd(run, 0, 'pass');
      expect(github.latestStatus(headSha(1), CONTEXT)).toMatchObject({
        state: 'success',
        description: expect.stringMatching(/^Passed: all \d+ criteria met$/),
        target_url: reconcileUrl,
      });
      expect(github.latestStatus(headSha(2), CONTEXT)).toMatchObject({
        state: 'failure',
        description: expect.stringMatching(/^Failed: Metric accuracy: /),
        target_url: reconcileUrl,
      });
      expect(github.latestStatus(headSha(3), CONTEXT)).toMatchObject({ state: 'pending', description: expect.stringContaining(running) });
      // Two writes, to the two finished runs' commits; the running one is left untouched.
      // (Most recently updated pull request first.)
      expect(
        statusPosts(github)
          .slice(postsBefore)
          .map((p) => p.path),
      ).toEqual([`/repos/acme/llm-app/statuses/${headSha(2)}`, `/repos/acme/llm-app/statuses/${headSha(1)}`]);
      expect(run.outputs).toMatchObject({ reconciled: '2', pending: '1', passed: 'true', 'run-id': '' });
      expect(run.outputs.reason).toBe(`reconciled 2 status(es) "${CONTEXT}", 1 still pending; 3 open pull request(s) examined`);
      // Never waits: the running run was read once by the pull request step and once by the reconcile, never polled.
      expect(emulator.requests.filter((r) => r.route === 'get' && r.path.endsWith(running))).toHaveLength(2);
      expect(
        run.result.reconcile.pull_requests.map((p: any) => [p.number, p.action, p.after?.state ?? null, p.verdict?.outcome ?? null]),
      ).toEqual([
        [3, 'left', null, null],
        [2, 'completed', 'failure', 'fail'],
        [1, 'completed', 'success', 'pass'],
      ]);
      expect(run.summary).toContain('## 🔁 MKA1 eval reconcile: 2 completed, 1 still pending');
      expect(run.summary).toMatch(
        new RegExp(`\\| #1 \\| \`${headSha(1).slice(0, 12)}\` \\| \`${passing}\` \\| ✅ success: Passed: all \\d+ criteria met \\|`),
      );
      expect(run.summary).toMatch(
        new RegExp(`\\| #2 \\| \`${headSha(2).slice(0, 12)}\` \\| \`${failing}\` \\| ❌ failure: Failed: Metric accuracy`),
      );
      expect(run.summary).toMatch(new RegExp(`\\| #3 \\| \`${headSha(3).slice(0, 12)}\` \\| \`${running}\` \\| ⏳ pending, left as it is`));
      expect(run.summary).toContain(`### #2 · run \`${failing}\` · ❌ Fail`);
      expect(run.summary).toMatch(/\| Metric accuracy \| .*0\.5.* \| ❌ fail \|/);
    });
  });

  it('leaves other contexts and final states alone, and writes nothing when nothing is pending', async () => {
    const runs = [finishedRun('eval_run_done')];
    await withFakes({ runs }, { pulls: pulls(1, 2, 3) }, async (fakes) => {
      const { github } = fakes;
      github.addStatus({
        sha: headSha(1),
        state: 'pending',
        context: 'ci/build',
        description: 'Waiting for eval_run_done: completed 20/20',
      });
      github.addStatus({ sha: headSha(1), state: 'success', context: CONTEXT, description: 'Passed: all 4 criteria met' });
      // The same words under another context (another suite's gate): not this reconcile's.
      seedPending(github, 2, 'Waiting for eval_run_done: completed 20/20', 'MKA1 eval / eval_suite_other');
      github.addStatus({ sha: headSha(2), state: 'failure', context: CONTEXT.toUpperCase(), description: 'Failed: earlier' });
      const run = await runReconcile(fakes, judging);
      expectEnd(run, 0, 'pass');
      expect(statusPosts(github)).toEqual([]);
      expect(fakes.emulator.requests).toEqual([]);
      expect(run.outputs).toMatchObject({ reconciled: '0', pending: '0' });
      expect(states(github, 1)).toEqual(['ci/build=pending', `${CONTEXT}=success`]);
      expect(run.result.reconcile.pull_requests.map((p: any) => [p.number, p.found, p.action])).toEqual([
        [3, 'absent', 'none'],
        [2, 'final', 'none'],
        [1, 'final', 'none'],
      ]);
      expect(run.summary).toContain('already final: success (untouched)');
      expect(run.summary).toContain('_1 other open pull request(s) have no status of this context._');
    });
  });

  it('turns a run still running past the timeout into error "no verdict within <timeout>"', async () => {
    const stuck = finishedRun('eval_run_stuck', { ageSeconds: 2 * 3600, inProgressMs: 24 * 3600_000, metrics: null });
    await withFakes({ runs: [stuck] }, { pulls: pulls(4) }, async (fakes) => {
      seedPending(fakes.github, 4, 'Waiting for eval_run_stuck: in_progress 3/20');
      const run = await runReconcile(fakes, { ...judging, timeout: '45m' });
      expectEnd(run, 0, 'pass');
      expect(fakes.github.latestStatus(headSha(4), CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(/^No verdict within 45m: run eval_run_stuck is still in_progress/),
        target_url: reconcileUrl,
      });
      expect(run.outputs).toMatchObject({ reconciled: '1', pending: '0' });
      expect(run.result.reconcile.pull_requests[0].verdict).toMatchObject({ outcome: 'inconclusive' });
    });
  });

  it('sets error for a description without a usable run id (no run is read), a run of another suite, a run not found', async () => {
    const other = finishedRun('eval_run_elsewhere', { suiteId: 'eval_suite_other' });
    await withFakes({ runs: [other] }, { pulls: pulls(5, 6, 7, 9) }, async (fakes) => {
      const { github, emulator } = fakes;
      seedPending(github, 5, 'Waiting for ../../admin: in_progress 1/2');
      seedPending(github, 6, 'Waiting for eval_run_elsewhere: completed 20/20');
      seedPending(github, 7, '::error::**pwned** <b>@octocat</b>');
      seedPending(github, 9, 'Waiting for eval_run_gone: queued 0/20');
      const run = await runReconcile(fakes, judging);
      expectEnd(run, 0, 'pass');
      for (const pull of [5, 7]) {
        expect(github.latestStatus(headSha(pull), CONTEXT)).toMatchObject({ state: 'error', description: 'unusable pending status' });
      }
      expect(github.latestStatus(headSha(6), CONTEXT)).toMatchObject({
        state: 'error',
        description: `Run eval_run_elsewhere is not a run of suite ${SUITE}`,
      });
      expect(github.latestStatus(headSha(9), CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(/^Run eval_run_gone named by the pending status could not be read: GET \S+ answered HTTP 404/),
      });
      expect(emulator.requests.map((r) => r.path)).toEqual([
        '/api/v1/llm/evals/runs/eval_run_gone',
        '/api/v1/llm/evals/runs/eval_run_elsewhere',
      ]);
      expect(run.outputs).toMatchObject({ reconciled: '4', pending: '0' });
      // Untrusted descriptions reach no sink unescaped: no workflow command, no HTML, no mention.
      expect(run.stdout).not.toMatch(/^::error::\*\*pwned/m);
      expect(run.summary).not.toContain('<b>');
      expect(run.summary).not.toContain('@octocat');
    });
  });

  it('completes each commit once over two reconciles in a row, and never writes over a final state', async () => {
    const runs = [finishedRun('eval_run_one'), finishedRun('eval_run_two', { metrics: FAILING })];
    await withFakes({ runs }, { pulls: pulls(1, 2) }, async (fakes) => {
      const { github } = fakes;
      seedPending(github, 1, 'Waiting for eval_run_one: in_progress 10/20');
      seedPending(github, 2, 'Waiting for eval_run_two: in_progress 10/20');
      const first = await runReconcile(fakes, judging);
      expectEnd(first, 0, 'pass');
      expect(first.outputs).toMatchObject({ reconciled: '2', pending: '0' });
      const second = await runReconcile(fakes, judging);
      expectEnd(second, 0, 'pass');
      expect(second.outputs).toMatchObject({ reconciled: '0', pending: '0' });
      expect(states(github, 1)).toEqual([`${CONTEXT}=pending`, `${CONTEXT}=success`]);
      expect(states(github, 2)).toEqual([`${CONTEXT}=pending`, `${CONTEXT}=failure`]);
      expect(statusPosts(github)).toHaveLength(2);
    });
  });

  it('two reconciles at once end with one final state per commit, never pending after it', async () => {
    const runs = [finishedRun('eval_run_one'), finishedRun('eval_run_two', { metrics: FAILING })];
    await withFakes({ runs }, { pulls: pulls(1, 2) }, async (fakes) => {
      const { github } = fakes;
      seedPending(github, 1, 'Waiting for eval_run_one: in_progress 10/20');
      seedPending(github, 2, 'Waiting for eval_run_two: in_progress 10/20');
      const both = await Promise.all([runReconcile(fakes, judging), runReconcile(fakes, judging)]);
      for (const run of both) expectEnd(run, 0, 'pass');
      for (const [pull, state] of [
        [1, 'success'],
        [2, 'failure'],
      ] as const) {
        const written = github.statusesOf(headSha(pull)).slice(1);
        // Each reconcile writes at most once, the same verdict; nothing pending after it.
        expect(written.length).toBeGreaterThanOrEqual(1);
        expect(written.length).toBeLessThanOrEqual(2);
        expect(written.map((s) => s.state)).toEqual(written.map(() => state));
      }
      expect(Number(both[0]!.outputs.reconciled) + Number(both[1]!.outputs.reconciled)).toBeGreaterThanOrEqual(2);
    });
  });

  it('asks for a rerun with rerun-failed, keeps the status pending with "rerun 1 of 2", and judges it next time', async () => {
    const flaky = finishedRun('eval_run_flaky', { failed: 3, rerunFailed: [0], rerunMs: 500 });
    await withFakes({ runs: [flaky] }, { pulls: pulls(8) }, async (fakes) => {
      const { github, emulator } = fakes;
      seedPending(github, 8, 'Waiting for eval_run_flaky: in_progress 15/20');
      const first = await runReconcile(fakes, { ...judging, 'rerun-failed': '2' });
      expectEnd(first, 0, 'pass');
      expect(emulator.requests.filter((r) => r.route === 'rerun')).toHaveLength(1);
      expect(github.latestStatus(headSha(8), CONTEXT)).toMatchObject({
        state: 'pending',
        description: expect.stringMatching(/^Waiting for eval_run_flaky: in_progress \d+\/20 · rerun 1 of 2$/),
      });
      expect(first.outputs).toMatchObject({ reconciled: '0', pending: '1' });
      await untilTerminal(emulator, 'eval_run_flaky');
      const second = await runReconcile(fakes, { ...judging, 'rerun-failed': '2' });
      expectEnd(second, 0, 'pass');
      expect(emulator.requests.filter((r) => r.route === 'rerun')).toHaveLength(1);
      expect(github.latestStatus(headSha(8), CONTEXT)).toMatchObject({ state: 'success' });
      expect(second.result.reconcile.pull_requests[0].note).toContain('judged after 1 rerun(s) of failed requests');
    });
  });

  it('a rerun asked by one reconcile and judged by the next cannot make failures disappear (issue 14)', async () => {
    // The rerun drops the 3 failed requests from the run instead of running them again: 17 of 17, all passing.
    const shrinking = finishedRun('eval_run_shrinks', {
      failed: 3,
      rerunFailed: [0],
      rerunMs: 300,
      rerunCounts: [{ total: 17, completed: 17 }],
    });
    await withFakes({ runs: [shrinking] }, { pulls: pulls(8) }, async (fakes) => {
      const { github, emulator } = fakes;
      seedPending(github, 8, 'Waiting for eval_run_shrinks: in_progress 15/20');
      const first = await runReconcile(fakes, { ...judging, 'rerun-failed': '2' });
      expectEnd(first, 0, 'pass');
      // The pending status records the counts read by id before the rerun: 17 completed of 20.
      expect(github.latestStatus(headSha(8), CONTEXT)).toMatchObject({
        state: 'pending',
        description: 'Waiting for eval_run_shrinks: in_progress 17/20 · rerun 1 of 2',
      });
      await untilTerminal(emulator, 'eval_run_shrinks');
      const second = await runReconcile(fakes, { ...judging, 'rerun-failed': '2', 'on-inconclusive': 'fail' });
      expectEnd(second, 0, 'pass');
      expect(emulator.requests.filter((r) => r.route === 'rerun')).toHaveLength(1);
      expect(github.latestStatus(headSha(8), CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(
          /^Inconclusive: rerun 1 of run eval_run_shrinks changed the number of requests \(before: 20 total, 17 completed; after: 17 total/,
        ),
        target_url: reconcileUrl,
      });
      expect(second.outputs).toMatchObject({ reconciled: '1', pending: '0' });
    });
  });

  it('a rerun asked by the detached step is checked against the run it read, not against the rerun answer', async () => {
    const sha = headSha(7);
    // The rerun drops the 3 failed requests (37 of 37 at the end), and its answer claims 0 of 37 so far.
    const shrinking = finishedRun('eval_run_shrinks', {
      metadata: { sha },
      total: 40,
      failed: 3,
      rerunFailed: [0],
      rerunMs: 300,
      rerunCounts: [{ total: 37, completed: 37 }],
    });
    const forged = {
      id: 'eval_run_shrinks',
      object: 'eval.run',
      suite_id: SUITE,
      status: 'in_progress',
      request_counts: { total: 37, completed: 0, failed: 0 },
      metrics: null,
      error: null,
      metadata: { sha },
      created_at: Math.floor(Date.now() / 1000),
    };
    const rerunAnswer = { route: 'rerun' as const, kind: 'status' as const, status: 200, afterCommit: true, body: JSON.stringify(forged) };
    await withFakes({ runs: [shrinking], faults: [rerunAnswer] }, { pulls: pulls(7) }, async (fakes) => {
      const { github, emulator } = fakes;
      const step = await runDetach(fakes, 7, { ...judging, metadata: `sha=${sha}`, 'rerun-failed': '2', 'detach-after': '5s' });
      expectEnd(step, 0, 'pending');
      expect(github.latestStatus(sha, CONTEXT)).toMatchObject({
        state: 'pending',
        description: 'Waiting for eval_run_shrinks: in_progress 37/40 · rerun 1 of 2',
      });
      await untilTerminal(emulator, 'eval_run_shrinks');
      const run = await runReconcile(fakes, { ...judging, 'rerun-failed': '2' });
      expectEnd(run, 0, 'pass');
      expect(github.latestStatus(sha, CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(/^Inconclusive: rerun 1 of run eval_run_shrinks changed the number of requests/),
      });
    });
  });

  it('does not judge a run after a rerun when the pending status does not carry the counts before it', async () => {
    await withFakes({ runs: [finishedRun('eval_run_nocounts')] }, { pulls: pulls(8) }, async (fakes) => {
      const { github } = fakes;
      seedPending(github, 8, 'Waiting for eval_run_nocounts · rerun 1 of 2');
      const run = await runReconcile(fakes, { ...judging, 'rerun-failed': '2' });
      expectEnd(run, 0, 'pass');
      expect(github.latestStatus(headSha(8), CONTEXT)).toMatchObject({
        state: 'error',
        description: expect.stringMatching(/^Inconclusive: rerun 1 of run eval_run_nocounts cannot be checked/),
      });
    });
  });

  it('writes or edits the pull request comment of each completed gate with comment: true', async () => {
    await withFakes({ runs: [finishedRun('eval_run_one')] }, { pulls: pulls(1) }, async (fakes) => {
      const { github } = fakes;
      github.addStatus({ sha: headSha(1), state: 'pending', context: CONTEXT, description: 'Waiting for eval_run_one: queued 0/20' });
      const run = await runReconcile(fakes, { ...judging, comment: 'true' });
      expectEnd(run, 0, 'pass');
      const comments = github.commentsOn(1);
      expect(comments).toHaveLength(1);
      // Named by the status context, which the pull request step shares: the reconcile edits that step's comment.
      const marker = `<!-- mka1-eval-gate suite=${SUITE} context=${encodeURIComponent(CONTEXT)} -->`;
      expect(comments[0]?.body.startsWith(`${marker}\n## ✅ MKA1 eval gate passed`)).toBe(true);
      expect(comments[0]?.body).toContain('| Run | `eval_run_one` |');
    });
  });

  it('leaves every status pending and still passes when GitHub rate-limits it', async () => {
    await withFakes({ runs: [finishedRun('eval_run_one')] }, { pulls: pulls(1) }, async (fakes) => {
      const { github } = fakes;
      seedPending(github, 1, 'Waiting for eval_run_one: queued 0/20');
      github.refuseNext({ kind: 'primary', resetInSeconds: 3600 });
      const run = await runReconcile(fakes, judging);
      expectEnd(run, 0, 'pass');
      expect(statusPosts(github)).toEqual([]);
      expect(run.outputs.reason).toMatch(
        /stopped early \(GET \/repos\/acme\/llm-app\/pulls answered HTTP 403: GitHub's primary rate limit/,
      );
      expect(run.stdout).toMatch(/^::warning::The reconcile stopped early; the statuses it did not reach stay pending/m);
      expect(github.latestStatus(headSha(1), CONTEXT)?.state).toBe('pending');
    });
  });

  it.each([
    ['GitHub answers 403 to the status write (no statuses: write)', { forbidStatusWrites: true }, {}, /statuses: write/],
    ['MKA1 refuses the key (401)', {}, { 'api-key': 'mka1_sk_wrong_key' }, /HTTP 401/],
  ])('fails on a configuration error: %s', async (_what, options, inputs, words) => {
    await withFakes({ runs: [finishedRun('eval_run_one')] }, { pulls: pulls(1), ...options }, async (fakes) => {
      seedPending(fakes.github, 1, 'Waiting for eval_run_one: queued 0/20');
      const run = await runReconcile(fakes, { ...judging, ...inputs });
      expect(run.code).toBe(1);
      expect(run.outputs.outcome).toBe('fail');
      expect(run.outputs.reason).toMatch(/^configuration error, the reconcile stopped: /);
      expect(run.outputs.reason).toMatch(words);
      expect(fakes.github.latestStatus(headSha(1), CONTEXT)?.state).toBe('pending');
    });
  });

  it.each([
    [
      'the api-url answers with a redirect',
      [{ route: 'get', kind: 'status', status: 301, location: 'https://api.moved.example/api/v1/llm/evals/runs/x' }],
      false,
      /redirect/,
    ],
    ['the api-url is plain http behind https://', [], true, /plain http/],
  ] as const)('fails on an api-url mistake (issue 14), leaving every status pending: %s', async (_what, faults, https, words) => {
    const scenario = { runs: [finishedRun('eval_run_one'), finishedRun('eval_run_two')], faults: [...faults] };
    await withFakes(scenario, { pulls: pulls(1, 2) }, async (fakes) => {
      seedPending(fakes.github, 1, 'Waiting for eval_run_one: queued 0/20');
      seedPending(fakes.github, 2, 'Waiting for eval_run_two: queued 0/20');
      const inputs: Record<string, string> = https ? { 'api-url': fakes.emulator.url.replace(/^http:/, 'https:') } : {};
      const run = await runReconcile(fakes, { ...judging, ...inputs, 'on-inconclusive': 'pass' });
      expectEnd(run, 1, 'fail');
      expect(run.outputs.reason).toMatch(/^configuration error, the reconcile stopped: /);
      expect(run.outputs.reason).toMatch(words);
      expect(statusPosts(fakes.github)).toEqual([]);
      for (const pull of [1, 2]) expect(fakes.github.latestStatus(headSha(pull), CONTEXT)?.state).toBe('pending');
      expect(run.outputs).toMatchObject({ reconciled: '0', pending: expect.stringMatching(/^\d+$/) });
      expect(run.summary).toContain('configuration error');
    });
  });

  it('fails on a configuration error when GitHub answers 404 to the pull request listing (wrong repository or API URL)', async () => {
    await withFakes({ runs: [finishedRun('eval_run_one')] }, { pulls: pulls(1) }, async (fakes) => {
      seedPending(fakes.github, 1, 'Waiting for eval_run_one: queued 0/20');
      fakes.github.answerNext({ status: 404, body: JSON.stringify({ message: 'Not Found' }) });
      const run = await runReconcile(fakes, { ...judging, 'on-inconclusive': 'pass' });
      expectEnd(run, 1, 'fail');
      expect(run.outputs.reason).toMatch(
        /^configuration error, the reconcile stopped: GET \/repos\/acme\/llm-app\/pulls answered HTTP 404/,
      );
      expect(statusPosts(fakes.github)).toEqual([]);
      expect(fakes.github.latestStatus(headSha(1), CONTEXT)?.state).toBe('pending');
    });
  });
});
