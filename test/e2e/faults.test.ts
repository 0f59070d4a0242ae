/**
 * The reliability fault matrix: every case spawns the real bundle against the emulator with
 * scripted faults, and checks the exit code, the outcome and reason in result-json, that a
 * summary was written, and that the API key never leaks.
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FaultRule, RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import type { Emulator, RecordedRequest } from '../emulator/server.ts';
import { SECRET_KEY, baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

type Outcome = 'pass' | 'fail' | 'inconclusive';

const HEADLINE: Record<Outcome, string> = {
  pass: 'MKA1 eval gate passed',
  fail: 'MKA1 eval gate failed',
  inconclusive: 'MKA1 eval gate inconclusive',
};

const RUN_ID = 'eval_run_fa017000000000000000000000000001';
const RUNS_PATH = '/api/v1/llm/evals/runs';

/** A run that is already completed when the gate first looks. */
function doneRun(extra: Partial<RunSpec> = {}): RunSpec {
  return { id: RUN_ID, suiteId: DEMO_SUITE, metadata: { branch: 'main' }, total: 40, failed: 0, ...extra };
}

/** A run that stays in progress far longer than any test. */
function endlessRun(extra: Partial<RunSpec> = {}): RunSpec {
  return doneRun({ queuedMs: 0, inProgressMs: 600_000, ...extra });
}

function scenario(runs: RunSpec[], faults: FaultRule[] = []): Scenario {
  return { runs, faults };
}

const byRunId = { 'run-id': RUN_ID };
const byLookup = { 'suite-id': DEMO_SUITE, metadata: 'branch=main' };

/** Inputs for a short, fast gate. */
function fast(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return baseInputs(emulator, { timeout: '4s', 'poll-interval': '150ms', ...extra });
}

function dump(run: ActionRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${Math.round(run.durationMs)}ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

const STACK_TRACE = [/^\s+at\s.+:\d+:\d+\)?$/m, /%0A\s+at\s/, /index\.js:\d+:\d+/];

/** What every case checks, whatever the fault. */
function expectReported(run: ActionRun, outcome: Outcome, code: number): void {
  expect(run.signal, dump(run)).toBeNull();
  expect(run.code, dump(run)).toBe(code);
  expect(run.result, dump(run)).toBeDefined();
  expect(run.result.outcome, dump(run)).toBe(outcome);
  expect(run.result.passed).toBe(outcome === 'pass');
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  expect(run.outputs.reason).toBe(run.result.reason.replace(/[\r\n]+/g, ' '));
  expect(typeof run.result.reason).toBe('string');
  expect(run.result.reason.length).toBeGreaterThan(0);
  expect(run.summary.trim(), 'summary written').not.toBe('');
  expect(run.summary).toContain(HEADLINE[outcome]);
  expect(leaksOf(run), dump(run)).toEqual([]);
  for (const pattern of STACK_TRACE) {
    expect(run.stdout, `stack trace in stdout (${pattern})`).not.toMatch(pattern);
    expect(run.stderr, `stack trace in stderr (${pattern})`).not.toMatch(pattern);
  }
  if (outcome !== 'pass' && code === 1) expect(run.stdout).toMatch(/^::error::MKA1 eval gate /m);
}

/** The summary as text: the renderer escapes quotes and Markdown characters. */
function summaryText(run: ActionRun): string {
  return (
    run.summary
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
      // Zero-width spaces that stop mentions and autolinks are invisible: the text reads as without them.
      .replace(/\u200b/g, '')
  );
}

function routeRequests(requests: RecordedRequest[], route: RecordedRequest['route']): RecordedRequest[] {
  return requests.filter((r) => r.route === route);
}

/** Starts the emulator, runs the bundle once, and hands back the run and what the emulator saw. */
async function gate(
  scene: Scenario,
  inputs: Record<string, string> | ((emulator: Emulator) => Record<string, string>),
  extra: { onSpawn?: (child: ChildProcess, emulator: Emulator) => void; killAfterMs?: number } = {},
): Promise<{ run: ActionRun; requests: RecordedRequest[]; emulator: Emulator; offsetMs: number; exitAt: number }> {
  return withEmulator(scene, async (emulator) => {
    // Real-world ms at emulator time 0, to compare emulator times with HTTP dates.
    const offsetMs = Date.now() - emulator.elapsed();
    // Emulator time at which the process exited: with requests[i].at, times the run without the spawn.
    let exitAt = Number.NaN;
    const run = await runAction({
      inputs: typeof inputs === 'function' ? inputs(emulator) : fast(emulator, inputs),
      killAfterMs: extra.killAfterMs,
      onSpawn: (child) => {
        child.on('exit', () => (exitAt = emulator.elapsed()));
        extra.onSpawn?.(child, emulator);
      },
    });
    return { run, requests: [...emulator.requests], emulator, offsetMs, exitAt };
  });
}

async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const end = performance.now() + limitMs;
  while (performance.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('fault matrix: transient HTTP statuses', () => {
  it.each([408, 429, 500, 502, 503, 504])('HTTP %i once, then success: retried and passes', async (status) => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'status', status, times: 1 }]), byLookup);
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
    expect(requests[0]?.answer).toBe('fault:status');
    expect(requests[1]?.route).toBe(requests[0]?.route);
    expect(requests[1]?.answer).toBe('200');
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(run.outputs.status).toBe('completed');
  });

  it('429 with Retry-After in seconds: the retry waits at least that long', async () => {
    const { run, requests } = await gate(
      scenario([doneRun()], [{ route: 'any', kind: 'status', status: 429, retryAfter: '1', times: 1 }]),
      { ...byLookup, timeout: '6s' },
    );
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
    const [faulted, retry] = requests;
    expect(faulted?.answer).toBe('fault:status');
    expect(retry!.at - faulted!.at).toBeGreaterThanOrEqual(1000 - 50);
  });

  it('429 with Retry-After as an HTTP-date: the retry waits until that date', async () => {
    // Whole seconds, as HTTP-dates have: the emulator dates it 1.5 to 2.5 s after its answer, so however long
    // the spawn took, the date is more than 1 s away when the gate reads it.
    const { run, requests, offsetMs } = await gate(
      scenario([doneRun()], [{ route: 'any', kind: 'status', status: 429, retryAfterDateMs: 1500, times: 1 }]),
      { ...byLookup, timeout: '12s' },
    );
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
    const [faulted, retry] = requests;
    expect(faulted?.answer).toBe('fault:status');
    const retryAt = Date.parse(faulted!.retryAfter!);
    const askedMs = retryAt - (offsetMs + faulted!.at);
    expect(askedMs).toBeGreaterThan(1000);
    expect(retry!.at - faulted!.at).toBeGreaterThanOrEqual(askedMs - 50);
    expect(offsetMs + retry!.at).toBeGreaterThanOrEqual(retryAt - 50);
  });

  it('Retry-After longer than the time left: gives up at once instead of sleeping into the timeout', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'status', status: 503, retryAfter: '60' }]), {
      ...byRunId,
      timeout: '4s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/503/);
    expect(run.result.reason).toMatch(/deadline/);
    expect(requests).toHaveLength(1);
    expect(run.result.api.retries).toBe(0);
    expect(run.result.elapsed_ms).toBeLessThan(3000);
  });

  it('persistent 503: inconclusive (not fail, not pass) with the status in the reason', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'status', status: 503 }]), {
      ...byRunId,
      timeout: '3s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/503/);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => r.answer === 'fault:status')).toBe(true);
    // Retried within each call, and missed polls start new calls until the deadline.
    expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
    expect(run.result.api.retries).toBeLessThanOrEqual(requests.length);
  });

  it('persistent 429 with Retry-After: inconclusive, not a failure of the run', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'status', status: 429, retryAfter: '1' }]), {
      ...byRunId,
      timeout: '3s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/429/);
    expect(requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('fault matrix: connection trouble', () => {
  it.each([
    ['connection reset before the answer', 'reset'],
    ['connection reset mid-body', 'reset-body'],
    ['hang before headers', 'hang'],
    ['hang mid-body', 'hang-body'],
  ] as const)('%s: retried with request-timeout 1s, and passes', async (_name, kind) => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind, times: 1 }]), {
      ...byLookup,
      timeout: '6s',
      'request-timeout': '1s',
    });
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
    expect(requests[0]?.answer).toBe(`fault:${kind}`);
    expect(requests.filter((r) => r.answer === '200').length).toBeGreaterThanOrEqual(1);
  });

  it('a slow answer within request-timeout is not a failure', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'delay', delayMs: 400, times: 1 }]), {
      ...byLookup,
      'request-timeout': '2s',
    });
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBe(0);
    expect(routeRequests(requests, 'list')).toHaveLength(1);
  });

  it.each([
    ['default request-timeout', {}],
    ['request-timeout 1s', { 'request-timeout': '1s' }],
  ] as const)('a hang that lasts forever (%s), timeout 3s: inconclusive, exits right after the deadline', async (_name, extra) => {
    const { run, requests, exitAt } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'hang' }]), {
      ...byRunId,
      timeout: '3s',
      ...extra,
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/timeout|deadline/i);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    // Timed from the first request (the gate's clock starts just before it), not from the spawn.
    expect(exitAt - requests[0]!.at, dump(run)).toBeLessThan(3000 + 2500);
    expect(run.result.elapsed_ms).toBeLessThan(3000 + 1500);
  });
});

describe('fault matrix: unusable answers', () => {
  it.each([
    ['invalid JSON', 'get', 'bad-json', byRunId, /not JSON/],
    ['invalid JSON in a listing', 'list', 'bad-json', byLookup, /not JSON/],
    ['missing fields', 'get', 'missing-fields', byRunId, /no "status"|request_counts/],
    ['missing fields in a listing', 'list', 'missing-fields', byLookup, /no "status"|request_counts/],
    ['unknown status value', 'get', 'unknown-status', byRunId, /unknown status "paused"/],
    ['unknown status value in a listing', 'list', 'unknown-status', byLookup, /unknown status "paused"/],
  ] as const)('%s: missed polls until the deadline, then inconclusive naming the problem', async (_name, route, kind, target, problem) => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route, kind }]), { ...target, timeout: '2s' });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(problem);
    expect(run.result.reason).toContain('unusable response');
    expect(run.result.reason).toMatch(/^timeout of 2s reached /);
    // One page from a proxy must not decide: the answer is tried again (a retry, or the next poll's scan).
    expect(routeRequests(requests, route).length).toBeGreaterThan(1);
  });

  it('repeating pagination cursor: inconclusive, the reason names the cursor loop', async () => {
    const older = Array.from({ length: 3 }, (_, i): RunSpec => ({
      suiteId: DEMO_SUITE,
      ageSeconds: 60 * (i + 1),
      metadata: { branch: 'other' },
    }));
    const { run, requests } = await gate(scenario(older, [{ route: 'list', kind: 'repeat-cursor' }]), { ...byLookup, timeout: '2s' });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/cursor/);
    expect(run.result.reason).toMatch(/repeated/);
    // Each scan stops at the first repeat instead of looping; the scan is tried again at the next poll.
    const lists = routeRequests(requests, 'list');
    expect(lists.length).toBeGreaterThan(2);
    expect(lists.filter((r) => r.query.after === undefined).length * 3).toBeGreaterThanOrEqual(lists.length);
  });
});

describe('fault matrix: final client errors fail fast', () => {
  it.each([
    ['401', 401, [/`?api-key`?/, /fork/]],
    ['403', 403, [/read:evals/]],
    ['422', 422, [/invalid/, /suite-id|run-id/]],
  ] as const)('HTTP %s: fail, no retry, the reason carries the hint', async (_name, status, hints) => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'status', status }]), byRunId);
    expectReported(run, 'fail', 1);
    expect(run.result.reason).toContain(`HTTP ${status}`);
    for (const hint of hints) expect(run.result.reason).toMatch(hint);
    expect(routeRequests(requests, 'get')).toHaveLength(1);
    expect(run.result.api.retries).toBe(0);
  });

  it('404 for an unknown run-id: fail, no retry, names run-id and on-behalf-of', async () => {
    const { run, requests } = await gate(scenario([doneRun()]), { 'run-id': 'eval_run_does_not_exist' });
    expectReported(run, 'fail', 1);
    expect(run.result.reason).toContain('HTTP 404');
    expect(run.result.reason).toMatch(/run-id/);
    expect(run.result.reason).toMatch(/on-behalf-of/);
    expect(routeRequests(requests, 'get')).toHaveLength(1);
    expect(requests[0]?.answer).toBe('404');
  });

  it('404 on the listing: fail, no retry, the hint points at api-url', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'list', kind: 'status', status: 404 }]), byLookup);
    expectReported(run, 'fail', 1);
    expect(run.result.reason).toContain('HTTP 404');
    expect(run.result.reason).toMatch(/api-url/);
    expect(routeRequests(requests, 'list')).toHaveLength(1);
  });

  it('a wrong key (real 401 from the API): fail, hint about the secret, the wrong key does not leak', async () => {
    const wrongKey = 'mka1_sk_wrong_0123456789_DO_NOT_LEAK';
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) => fast(emulator, { ...byRunId, 'api-key': wrongKey }));
    expect(run.code, dump(run)).toBe(1);
    expect(run.result.outcome).toBe('fail');
    expect(run.result.reason).toMatch(/api-key/);
    expect(run.summary).toContain(HEADLINE.fail);
    expect(leaksOf(run, wrongKey)).toEqual([]);
    expect(routeRequests(requests, 'get')).toHaveLength(1);
  });

  it('on-inconclusive pass does not turn a final client error into a pass', async () => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'status', status: 403 }]), {
      ...byRunId,
      'on-inconclusive': 'pass',
    });
    expectReported(run, 'fail', 1);
  });
});

describe('fault matrix: the key never leaks', () => {
  it('an error body echoing the Authorization header (HTTP 400): fail, key redacted', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'echo-key', status: 400 }]), byRunId);
    expectReported(run, 'fail', 1);
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(run.result.reason).toContain('HTTP 400');
    expect(run.result.reason).toContain('***');
  });

  it('an echoing 503 that is retried (logged retry line): passes, key redacted', async () => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'echo-key', status: 503, times: 1 }]), byLookup);
    expectReported(run, 'pass', 0);
    expect(run.result.api.retries).toBe(1);
    expect(run.stdout).toContain('***');
  });

  it('an echoing 503 that never stops: inconclusive, key redacted everywhere', async () => {
    // 5 s, not 2: the reason must name the 503, so at least one answer has to arrive before the deadline,
    // and on a loaded 2-core machine the first one took longer than 2 s once.
    const { run } = await gate(scenario([doneRun()], [{ route: 'any', kind: 'echo-key', status: 503 }]), {
      ...byRunId,
      timeout: '5s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/503/);
  });

  it('a failed run echoing the key in its error, metadata and models: fail, the summary shows *** (not the escaped key)', async () => {
    // The key holds `_`, which the summary escapes as `\_`: redacting after escaping would miss it.
    const echoed = doneRun({
      outcome: 'failed',
      failed: 4,
      error: { code: 'provider_auth', message: `upstream rejected Bearer ${SECRET_KEY}` },
      metadata: { branch: 'main', note: `sent ${SECRET_KEY}` },
      models: ['gpt-x', `proxy-${SECRET_KEY}`],
    });
    const { run } = await gate(scenario([echoed]), byRunId);
    expectReported(run, 'fail', 1);
    expect(leaksOf(run), dump(run)).toEqual([]);
    expect(run.outputs.status).toBe('failed');
    expect(run.result.reason).toContain('upstream rejected Bearer ***');
    const text = summaryText(run);
    expect(text).toMatch(/^\| Error \| upstream rejected Bearer \*\*\* \|$/m);
    expect(text).toMatch(/^\| Metadata \| .*note=sent \*\*\*.* \|$/m);
    expect(text).toMatch(/^\| Models \| gpt-x, proxy-\*\*\* \|$/m);
  });
});

describe('fault matrix: deadlines', () => {
  it('deadline during lookup (no matching run): inconclusive', async () => {
    const { run, requests } = await gate(scenario([doneRun()]), {
      'suite-id': DEMO_SUITE,
      metadata: 'branch=never-there',
      timeout: '2s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/timeout of 2s reached before a run of suite/);
    expect(run.result.reason).toContain('branch=never-there');
    expect(run.outputs['run-id']).toBe('');
    expect(run.result.lookup?.scans).toBeGreaterThanOrEqual(2);
    expect(routeRequests(requests, 'list').length).toBeGreaterThanOrEqual(2);
  });

  it('deadline during wait (run never finishes): inconclusive with the last known status', async () => {
    const { run, requests } = await gate(scenario([endlessRun()]), { ...byLookup, timeout: '2s' });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/timeout of 2s reached while waiting for run/);
    expect(run.result.reason).toContain('in_progress');
    expect(run.outputs.status).toBe('in_progress');
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(routeRequests(requests, 'cancel')).toHaveLength(0);
  });

  it.each([
    ['timeout', 1],
    ['timeout,abort', 1],
    ['never', 0],
    ['abort', 0],
  ] as const)('cancel-run-on: %s, deadline reached: %i cancel request(s)', async (cancelRunOn, cancels) => {
    // 4 s leaves a 1 s cancel reserve (a quarter of the timeout): room for the lookup and the cancel on a loaded machine.
    const { run, requests } = await gate(scenario([endlessRun()]), {
      ...byLookup,
      timeout: '4s',
      'cancel-run-on': cancelRunOn,
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/timeout of 4s reached while waiting for run/);
    const posts = routeRequests(requests, 'cancel');
    expect(posts).toHaveLength(cancels);
    if (cancels) {
      expect(posts[0]?.method).toBe('POST');
      expect(posts[0]?.path).toBe(`${RUNS_PATH}/${RUN_ID}/cancel`);
      expect(run.result.cancel_request?.ok).toBe(true);
      expect(run.outputs.status).toMatch(/^cancell(ing|ed)$/);
      expect(run.summary).toContain('cancel');
    } else {
      expect(run.result.cancel_request).toBeNull();
      expect(run.outputs.status).toBe('in_progress');
    }
  });
});

describe('fault matrix: cancel requests', () => {
  it('cancel refused with 403 after the deadline: still inconclusive, the summary says why', async () => {
    const { run, requests } = await gate(scenario([endlessRun()], [{ route: 'cancel', kind: 'status', status: 403 }]), {
      ...byLookup,
      timeout: '4s',
      'cancel-run-on': 'timeout',
    });
    expectReported(run, 'inconclusive', 1);
    expect(routeRequests(requests, 'cancel')).toHaveLength(1);
    expect(run.result.cancel_request?.ok).toBe(false);
    expect(run.result.cancel_request?.detail).toMatch(/could not cancel run/);
    expect(run.result.cancel_request?.detail).toMatch(/write:evals/);
    expect(summaryText(run)).toMatch(/could not cancel run/);
    expect(run.outputs.status).toBe('in_progress');
  });
});

describe('fault matrix: runner cancellation', () => {
  it.each([
    ['never', 0],
    ['abort', 1],
    ['timeout', 0],
  ] as const)('SIGTERM during wait (cancel-run-on: %s): exits soon, inconclusive, %i cancel request(s)', async (cancelRunOn, cancels) => {
    let signalledAt = 0;
    let exitedAt = 0;
    let signalled = false;
    const { run, requests } = await gate(
      scenario([endlessRun()]),
      { ...byLookup, timeout: '20s', 'poll-interval': '200ms', 'cancel-run-on': cancelRunOn },
      {
        onSpawn: (child, emulator) => {
          child.on('exit', () => (exitedAt = performance.now()));
          void until(() => emulator.requests.some((r) => r.route === 'get' && r.answer !== ''), 15_000).then((seen) => {
            if (!seen || child.exitCode !== null) return;
            signalledAt = performance.now();
            signalled = child.kill('SIGTERM');
          });
        },
      },
    );
    expect(signalled, dump(run)).toBe(true);
    expectReported(run, 'inconclusive', 1);
    expect(run.stdout).toContain('Received SIGTERM');
    expect(run.result.reason).toMatch(/interrupted/);
    expect(run.result.reason).toContain('SIGTERM');
    // Far from the 20 s deadline: it stopped because of the signal.
    expect(exitedAt - signalledAt, dump(run)).toBeLessThan(5000);
    expect(run.result.elapsed_ms).toBeLessThan(15_000);
    // Outputs carry the last known state.
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(run.result.run?.id).toBe(RUN_ID);
    const posts = routeRequests(requests, 'cancel');
    expect(posts).toHaveLength(cancels);
    if (cancels) {
      expect(posts[0]?.path).toBe(`${RUNS_PATH}/${RUN_ID}/cancel`);
      expect(run.result.cancel_request?.ok).toBe(true);
      expect(run.outputs.status).toMatch(/^cancell(ing|ed)$/);
    } else {
      expect(run.outputs.status).toBe('in_progress');
      expect(run.result.cancel_request).toBeNull();
    }
    expect(run.summary).toContain(RUN_ID);
  });

  it('SIGINT during wait: handled like SIGTERM', async () => {
    let signalled = false;
    const { run } = await gate(
      scenario([endlessRun()]),
      { ...byLookup, timeout: '20s', 'poll-interval': '200ms' },
      {
        onSpawn: (child, emulator) => {
          void until(() => emulator.requests.some((r) => r.route === 'get' && r.answer !== ''), 15_000).then((seen) => {
            if (seen && child.exitCode === null) signalled = child.kill('SIGINT');
          });
        },
      },
    );
    expect(signalled, dump(run)).toBe(true);
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toContain('SIGINT');
    expect(run.outputs.status).toBe('in_progress');
    expect(run.result.elapsed_ms).toBeLessThan(15_000);
  });

  it('SIGTERM while a poll request hangs (cancel-run-on: abort): exits soon, cancels, keeps the last status', async () => {
    let signalledAt = 0;
    let exitedAt = 0;
    let signalled = false;
    const { run, requests } = await gate(
      scenario([endlessRun()], [{ route: 'get', kind: 'hang' }]),
      { ...byLookup, timeout: '20s', 'cancel-run-on': 'abort' },
      {
        onSpawn: (child, emulator) => {
          child.on('exit', () => (exitedAt = performance.now()));
          void until(() => emulator.requests.some((r) => r.answer === 'fault:hang'), 15_000).then((seen) => {
            if (!seen || child.exitCode !== null) return;
            signalledAt = performance.now();
            signalled = child.kill('SIGTERM');
          });
        },
      },
    );
    expect(signalled, dump(run)).toBe(true);
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/interrupted/);
    expect(run.result.reason).toContain('SIGTERM');
    expect(exitedAt - signalledAt, dump(run)).toBeLessThan(5000);
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(routeRequests(requests, 'cancel')).toHaveLength(1);
    expect(run.result.cancel_request?.ok).toBe(true);
    expect(run.outputs.status).toMatch(/^cancell(ing|ed)$/);
  });
});

describe('fault matrix: on-inconclusive', () => {
  it.each([
    ['fail', 1],
    ['warn', 0],
    ['pass', 0],
  ] as const)('on-inconclusive: %s -> exit %i, outcome stays inconclusive', async (policy, code) => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'bad-json' }]), {
      ...byRunId,
      timeout: '2s',
      'on-inconclusive': policy,
    });
    expectReported(run, 'inconclusive', code);
    expect(run.outputs.passed).toBe('false');
    expect(run.summary).toContain(`on-inconclusive: ${policy}`);
    if (policy === 'warn') expect(run.stdout).toMatch(/^::warning::MKA1 eval gate inconclusive/m);
    else expect(run.stdout).not.toMatch(/^::warning::MKA1 eval gate/m);
    if (policy === 'fail') expect(run.stdout).toMatch(/^::error::MKA1 eval gate inconclusive/m);
    else expect(run.stdout).not.toMatch(/^::error::/m);
  });
});

describe('fault matrix: bad inputs', () => {
  type Case = [name: string, inputs: Record<string, string | undefined>, input: string, value: string, expected: RegExp];
  const cases: Case[] = [
    ['bad duration', { timeout: '5 minutes' }, 'timeout', '5 minutes', /duration/],
    ['bad poll-interval', { 'poll-interval': 'often' }, 'poll-interval', 'often', /duration/],
    ['request-timeout under 100ms', { 'request-timeout': '50ms' }, 'request-timeout', '50ms', /from 100ms to 10m/],
    ['negative count', { 'max-failed-requests': '-1' }, 'max-failed-requests', '-1', /whole count/],
    ['percent over 100', { 'max-failed-requests': '150%' }, 'max-failed-requests', '150%', /0% to 100%/],
    ['metadata line without =', { metadata: 'branch main' }, 'metadata', 'branch main', /key=value/],
    ['metadata key given twice', { metadata: 'branch=a\nbranch=b' }, 'metadata', 'branch=b', /each key once/],
    ['neither suite-id nor run-id', { 'suite-id': undefined }, 'suite-id', '', /suite id.*run-id/],
    // An unset metadata variable must not gate whatever run of the suite is newest: `*` says so on purpose.
    ['suite-id without metadata', { metadata: undefined }, 'metadata', '', /key=value.*`\*`/],
    ['api-url http to a non-loopback host', { 'api-url': 'http://example.com' }, 'api-url', 'http://example.com', /https:\/\//],
    ['empty api-key', { 'api-key': '' }, 'api-key', '', /API key.*fork/],
    ['bad on-inconclusive', { 'on-inconclusive': 'maybe' }, 'on-inconclusive', 'maybe', /`fail`, `warn`, `pass`/],
    ['bad cancel-run-on', { 'cancel-run-on': 'always' }, 'cancel-run-on', 'always', /`never`, `timeout`, `abort`/],
    ['cancel-run-on never mixed with timeout', { 'cancel-run-on': 'never,timeout' }, 'cancel-run-on', 'never,timeout', /`never`/],
    ['bad summary flag', { summary: 'yes' }, 'summary', 'yes', /`true` or `false`/],
    [
      'max-poll-interval below poll-interval',
      { 'poll-interval': '10s', 'max-poll-interval': '5s' },
      'max-poll-interval',
      '5s',
      /no shorter than poll-interval/,
    ],
  ];

  function inputsFor(emulator: Emulator, overrides: Record<string, string | undefined>): Record<string, string> {
    const inputs: Record<string, string | undefined> = fast(emulator, { ...byLookup, ...overrides });
    return Object.fromEntries(Object.entries(inputs).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  it.each(cases)('%s: reported naming the input, value and expected form', async (_name, overrides, input, value, expected) => {
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) => inputsFor(emulator, overrides));
    expectReported(run, 'fail', 1);
    expect(run.result.input_problems).toHaveLength(1);
    const problem = run.result.input_problems[0] as string;
    expect(problem).toContain(`input "${input}"`);
    expect(problem).toContain(`got ${JSON.stringify(value)}`);
    expect(problem).toMatch(/expected /);
    expect(problem.slice(problem.indexOf('expected '))).toMatch(expected);
    expect(run.result.reason).toBe(`invalid input: ${problem}`);
    expect(run.summary).toContain('Input problems');
    expect(summaryText(run)).toContain(problem);
    expect(run.stdout).toMatch(new RegExp(`^::error::.*input "${input}"`, 'm'));
    // Inputs are checked before anything is contacted.
    expect(requests).toHaveLength(0);
    // Every output is still set.
    expect(run.outputs['run-id']).toBe('');
    expect(run.outputs.status).toBe('');
    expect(run.outputs['result-json']).toBeTruthy();
  });

  it('api-url with credentials: reported naming the input, without echoing the password', async () => {
    const password = 'hunter2_api_url_DO_NOT_LEAK';
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) =>
      inputsFor(emulator, { 'api-url': `https://gate:${password}@apigw.example.com` }),
    );
    expectReported(run, 'fail', 1);
    const problem = (run.result.input_problems as string[])[0] ?? '';
    expect(problem).toContain('input "api-url"');
    // The expected form has to say what is wrong with an https URL: it carries credentials.
    expect(problem.slice(problem.indexOf('expected '))).toMatch(/credential|user ?name|password|userinfo/i);
    // The password is a secret: not in the log, the summary or any output.
    expect(leaksOf(run, password)).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it('several bad inputs at once: every one is listed in one run', async () => {
    const overrides = {
      timeout: '5 minutes',
      'poll-interval': 'often',
      'max-failed-requests': '150%',
      metadata: 'branch main',
      'suite-id': undefined,
      'api-url': 'http://example.com',
      'on-inconclusive': 'maybe',
      'cancel-run-on': 'always',
    };
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) => inputsFor(emulator, overrides));
    expectReported(run, 'fail', 1);
    const named = [
      'timeout',
      'poll-interval',
      'max-failed-requests',
      'metadata',
      'suite-id',
      'api-url',
      'on-inconclusive',
      'cancel-run-on',
    ];
    const problems = run.result.input_problems as string[];
    expect(problems).toHaveLength(named.length);
    expect(run.result.reason).toMatch(new RegExp(`^${named.length} invalid inputs: `));
    for (const input of named) {
      expect(
        problems.some((p) => p.includes(`input "${input}"`)),
        input,
      ).toBe(true);
      expect(run.result.reason).toContain(`input "${input}"`);
      expect(summaryText(run)).toContain(`input "${input}"`);
    }
    for (const value of ['5 minutes', 'often', '150%', 'branch main', 'http://example.com', 'maybe', 'always']) {
      expect(run.result.reason).toContain(JSON.stringify(value));
      expect(summaryText(run)).toContain(JSON.stringify(value));
    }
    expect(requests).toHaveLength(0);
  });

  it('several bad inputs including an empty api-key and summary: false: outputs still written, no summary', async () => {
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) =>
      inputsFor(emulator, { 'api-key': '', timeout: 'soon', 'max-failed-requests': '-1', summary: 'false' }),
    );
    expect(run.code, dump(run)).toBe(1);
    expect(run.result.outcome).toBe('fail');
    expect(run.outputs.passed).toBe('false');
    expect(run.result.input_problems).toHaveLength(3);
    expect(run.summary).toBe('');
    expect(requests).toHaveLength(0);
  });
});
