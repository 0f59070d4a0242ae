/**
 * End-to-end through the bundle (issue 14, section 2): a lost create answer does not start two runs, the runner's
 * signal while a create request is out still reports (and cancels) the run it started, and only the deadline ends
 * the create and rerun phases (a 503 outage, 429 with Retry-After on rerun-failed).
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { dump, expectReport, requestsTo, routesOf, until } from './expect-report.ts';
import { baseInputs, runAction, withEmulator } from './harness.ts';

const SUITE = DEMO_SUITE;
const RUNS = '/api/v1/llm/evals/runs';
/** A started run that completes a second after it is created. */
const quick: RunSpec = { queuedMs: 0, inProgressMs: 800, total: 20 };
/** A started run still queued for a minute: there is something to cancel. */
const slow: RunSpec = { queuedMs: 60_000, inProgressMs: 1_000, total: 20 };

function creating(extra: Record<string, string> = {}) {
  return { 'suite-id': SUITE, metadata: 'sha=c0ffee1', models: 'gpt-x', 'create-run': 'always', 'failed-samples': '0', ...extra };
}

async function gate(
  scenario: Scenario,
  extra: Record<string, string>,
  options: { onSpawn?: (child: ChildProcess, emulator: Emulator) => void; killAfterMs?: number } = {},
) {
  // Timelines and outage windows (untilMs) start with the gate's first request, however long the spawn took.
  return withEmulator({ ...scenario, clockStartsAtFirstRequest: true }, async (emulator) => {
    const run = await runAction({
      inputs: baseInputs(emulator, extra),
      killAfterMs: options.killAfterMs ?? 40_000,
      onSpawn: (child) => options.onSpawn?.(child, emulator),
    });
    return { run, emulator };
  });
}

/** Sends SIGTERM once the emulator has received POST /runs; records when. */
function sigtermOnCreate(sent: { at?: number }) {
  return (child: ChildProcess, emulator: Emulator) => {
    void until(() => emulator.requests.some((r) => r.route === 'create'), 15_000).then((seen) => {
      if (!seen || child.exitCode !== null) return;
      sent.at = emulator.elapsed();
      child.kill('SIGTERM');
    });
  };
}

describe('a lost create answer does not start two runs', () => {
  it('the answer is lost and the run is listed only 3 s later: found by scans at poll-interval, one POST, one run', async () => {
    const scenario: Scenario = {
      runs: [],
      creates: [{ ...quick, listAfterMs: 3_000 }],
      faults: [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }],
    };
    const { run, emulator } = await gate(scenario, creating({ 'poll-interval': '1s', timeout: '30s' }));
    expectReport(run, 'pass');
    const [id] = emulator.createdRunIds();
    expect(emulator.createdRunIds()).toHaveLength(1);
    expect(requestsTo(emulator, 'create')).toHaveLength(1);
    expect(run.outputs['run-id']).toBe(id);
    expect(run.outputs.created).toBe('true');
    const [post] = requestsTo(emulator, 'create');
    const lists = requestsTo(emulator, 'list');
    // Empty scans a second apart, then the one that finds the run once it is listed.
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(lists.at(-1)!.at - post!.at).toBeGreaterThanOrEqual(3_000);
    expect(lists.at(-1)!.at - post!.at).toBeLessThan(10_000);
    expect(run.stdout).toContain(`Found run ${id}, started by the request whose answer was lost; not starting another`);
    expect(run.summary).toContain(`_Run \`${id}\` was started by this gate (\`create-run\`)._`);
  }, 60_000);
});

describe('SIGTERM while a create request is out', () => {
  it('the answer arrives within 2 s: run-id and created: true are reported, and the run is cancelled (cancel-run-on: abort)', async () => {
    const sent: { at?: number } = {};
    const scenario: Scenario = { runs: [], creates: [slow], faults: [{ route: 'create', kind: 'delay', delayMs: 1_000 }] };
    const { run, emulator } = await gate(scenario, creating({ 'cancel-run-on': 'abort' }), { onSpawn: sigtermOnCreate(sent) });
    expect(sent.at, dump(run)).toBeDefined();
    expectReport(run, 'inconclusive');
    const [id] = emulator.createdRunIds();
    expect(run.outputs['run-id']).toBe(id);
    expect(run.outputs.created).toBe('true');
    expect(run.outputs.reason).toMatch(new RegExp(`^interrupted by the runner \\(SIGTERM\\) while starting run ${id}; last seen: queued`));
    expect(routesOf(emulator)).toEqual(['create', 'cancel']);
    expect(requestsTo(emulator, 'cancel')[0]?.path).toBe(`${RUNS}/${id}/cancel`);
    expect(run.outputs.status).toMatch(/^cancell(ing|ed)$/);
    expect(run.result.cancel_request).toMatchObject({ ok: true });
    expect(run.summary).toContain(`_Run \`${id}\` was started by this gate (\`create-run\`)._`);
  });

  it('the answer never comes but the run was made: found by the job metadata after 2 s, reported and cancelled', async () => {
    const sent: { at?: number } = {};
    const scenario: Scenario = { runs: [], creates: [slow], faults: [{ route: 'create', kind: 'hang', afterCommit: true }] };
    const { run, emulator } = await gate(scenario, creating({ 'cancel-run-on': 'abort' }), { onSpawn: sigtermOnCreate(sent) });
    expect(sent.at, dump(run)).toBeDefined();
    expectReport(run, 'inconclusive');
    const [id] = emulator.createdRunIds();
    expect(run.outputs['run-id']).toBe(id);
    expect(run.outputs.created).toBe('true');
    expect(routesOf(emulator)).toEqual(['create', 'list', 'cancel']);
    // The answer was waited for 2 s after the signal before the gate looked for the run.
    expect(requestsTo(emulator, 'list')[0]!.at - sent.at!).toBeGreaterThanOrEqual(1_900);
    expect(requestsTo(emulator, 'cancel')[0]?.path).toBe(`${RUNS}/${id}/cancel`);
    expect(run.result.cancel_request).toMatchObject({ ok: true });
  });

  it('without cancel-run-on: abort the started run is reported and left running', async () => {
    const sent: { at?: number } = {};
    const scenario: Scenario = { runs: [], creates: [slow], faults: [{ route: 'create', kind: 'delay', delayMs: 500 }] };
    const { run, emulator } = await gate(scenario, creating(), { onSpawn: sigtermOnCreate(sent) });
    expectReport(run, 'inconclusive');
    expect(run.outputs['run-id']).toBe(emulator.createdRunIds()[0]);
    expect(run.outputs.created).toBe('true');
    expect(run.outputs.status).toBe('queued');
    expect(routesOf(emulator)).toEqual(['create']);
    expect(run.result.cancel_request).toBeNull();
  });

  it('the answer never comes and no run was made: nothing reported, nothing cancelled', async () => {
    const sent: { at?: number } = {};
    const scenario: Scenario = { runs: [], faults: [{ route: 'create', kind: 'hang' }] };
    const { run, emulator } = await gate(scenario, creating({ 'cancel-run-on': 'abort' }), { onSpawn: sigtermOnCreate(sent) });
    expectReport(run, 'inconclusive');
    expect(run.outputs.reason).toBe('interrupted by the runner (SIGTERM) while starting a run (whether one was started is not known)');
    expect(run.outputs['run-id']).toBe('');
    expect(run.outputs.created).toBe('false');
    expect(routesOf(emulator)).toEqual(['create', 'list']);
  });
});

describe('the deadline alone ends the create and rerun phases', () => {
  it('an outage of create and list (timeout 60s): missed polls, then one run is started and passes', async () => {
    // Create fails for 6 s; the listing fails 8 times, more than one call's 6 attempts, so a look is missed as a whole.
    const scenario: Scenario = {
      runs: [],
      creates: [quick],
      faults: [
        { route: 'create', kind: 'status', status: 503, untilMs: 6_000 },
        { route: 'list', kind: 'status', status: 503, times: 8 },
      ],
    };
    const { run, emulator } = await gate(scenario, creating({ 'poll-interval': '1s', timeout: '60s' }));
    expectReport(run, 'pass');
    expect(run.outputs.created).toBe('true');
    expect(emulator.createdRunIds()).toHaveLength(1);
    const posts = requestsTo(emulator, 'create');
    expect(posts.map((r) => r.answer)).toEqual(['fault:status', '200']);
    // Asked again only after a scan succeeded (found nothing), and at least 10 s after the failure.
    const lists = requestsTo(emulator, 'list');
    expect(lists.slice(0, 8).map((r) => r.answer)).toEqual(Array(8).fill('fault:status'));
    expect(posts[1]!.at).toBeGreaterThan(lists[8]!.at);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(10_000);
    expect(run.stdout).toContain('trying again at the next poll');
  }, 60_000);

  it('an outage of the first scan longer than one call retries (create-run: if-missing) is a missed poll, then the run is started', async () => {
    // 8 failures: more than the 6 attempts of one call, so the first scan fails as a whole.
    const scenario: Scenario = { runs: [], creates: [quick], faults: [{ route: 'list', kind: 'status', status: 503, times: 8 }] };
    const { run, emulator } = await gate(scenario, creating({ 'create-run': 'if-missing', 'poll-interval': '1s', timeout: '45s' }));
    expectReport(run, 'pass');
    expect(run.outputs.created).toBe('true');
    const lists = requestsTo(emulator, 'list');
    expect(lists.map((r) => r.answer)).toEqual([...Array(8).fill('fault:status'), '200']);
    expect(requestsTo(emulator, 'create')).toHaveLength(1);
    expect(emulator.requests.indexOf(requestsTo(emulator, 'create')[0]!)).toBe(9);
    expect(run.stdout).toContain('trying again at the next poll');
  }, 60_000);

  const flaky = (extra: Partial<RunSpec> = {}): RunSpec => ({
    id: 'eval_run_flaky_rerun',
    suiteId: SUITE,
    metadata: { sha: 'c0ffee1' },
    queuedMs: 0,
    inProgressMs: 400,
    total: 60,
    failed: 5,
    rerunFailed: [0],
    rerunMs: 500,
    ...extra,
  });
  const rerunning = { 'suite-id': SUITE, metadata: 'sha=c0ffee1', 'rerun-failed': '1', 'failed-samples': '0', timeout: '30s' };

  it('rerun-failed answering 429 with Retry-After: 2: the next request comes 2 s later, and the rerun passes', async () => {
    const scenario: Scenario = { runs: [flaky()], faults: [{ route: 'rerun', kind: 'status', status: 429, retryAfter: '2', times: 1 }] };
    const { run, emulator } = await gate(scenario, rerunning);
    expectReport(run, 'pass');
    const posts = requestsTo(emulator, 'rerun');
    expect(posts.map((r) => r.answer)).toEqual(['fault:status', '200']);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(2_000);
    // Between the two: the run read again, to see whether the rerun started anyway.
    const between = emulator.requests.slice(emulator.requests.indexOf(posts[0]!) + 1, emulator.requests.indexOf(posts[1]!));
    expect(routesOf(between)).toEqual(['get']);
    expect(run.outputs.reruns).toBe('1');
    expect(run.outputs['requests-failed']).toBe('0');
  });

  it('a 6 s outage of rerun-failed: asked again until it is made (not given up after 3), and passes', async () => {
    const scenario: Scenario = { runs: [flaky()], faults: [{ route: 'rerun', kind: 'status', status: 503, untilMs: 6_000 }] };
    const { run, emulator } = await gate(scenario, rerunning);
    expectReport(run, 'pass');
    const posts = requestsTo(emulator, 'rerun');
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.at(-1)).toMatchObject({ answer: '200' });
    expect(posts.at(-1)!.at).toBeGreaterThanOrEqual(6_000);
    expect(run.result.reruns).toEqual([{ attempt: 1, failed_before: 5, failed_after: 0, status_after: 'completed', error: null }]);
  });
});
