/**
 * End-to-end (issue 14 §1): configuration mistakes fail at once through the real bundle, whatever `on-inconclusive`
 * says; and a lookup that finds nothing shows what the suite's newest runs carry.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { POLICIES, dump, expectConfigFail, expectInputError, requestsOf } from './config-verdict.ts';
import { SECRET_KEY, baseInputs, leaksOf, markdownEscaped, runAction, withEmulator } from './harness.ts';

const SAFE_FORM = 'sha=${{ github.event.pull_request.head.sha || github.sha }}';
const UNKNOWN_SUITE = 'eval_suite_0000000000000000000000000000beef';
const RUN_ID = 'eval_run_0d3e5f7a9b1c4d6e8f0a2b4c6d8e0f12';
const SCHEDULE_ID = 'eval_sched_9a8b7c6d5e4f30211a2b3c4d5e6f7a8b';
const SUITES = '/api/v1/llm/evals/suites';

/** A finished run of the demo suite, tagged with `metadata`. */
function finished(id: string, metadata: Record<string, string>, ageSeconds: number): RunSpec {
  return { id, suiteId: DEMO_SUITE, metadata, ageSeconds, total: 20 };
}

const history: Scenario = {
  runs: [finished('eval_run_a1', { sha: 'old1' }, 300), finished('eval_run_a2', { sha: 'old2' }, 600)],
};

/** Runs the gate once per policy against `scenario`; `check` sees each run and its emulator. */
async function underEveryPolicy(
  scenario: Scenario,
  inputs: Record<string, string>,
  check: (run: Awaited<ReturnType<typeof runAction>>, emulator: Parameters<Parameters<typeof withEmulator>[1]>[0]) => void,
  options: { eventName?: string } = {},
): Promise<void> {
  for (const policy of POLICIES) {
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { ...inputs, 'on-inconclusive': policy }), ...options });
      check(run, emulator);
    });
  }
}

describe('an empty metadata value is an input error (the expression is empty on this event)', () => {
  it('metadata `sha=` on a push event (pull_request.head.sha is empty there): fail, the safe form shown, nothing sent', async () => {
    // What `sha=${{ github.event.pull_request.head.sha }}` becomes on push.
    const inputs = { 'suite-id': DEMO_SUITE, metadata: 'sha=\nworkflow=pr' };
    await underEveryPolicy(
      history,
      inputs,
      (run, emulator) => {
        expectInputError(run, emulator, 'metadata', 'sha=', SAFE_FORM);
        expect(run.outputs.reason).toContain('the expression is empty on this event');
      },
      { eventName: 'push' },
    );
  });

  it('with create-run: if-missing no run tagged sha="" is started (the trap of issue 14)', async () => {
    const inputs = { 'suite-id': DEMO_SUITE, metadata: 'sha=', 'create-run': 'if-missing', models: 'gpt-x' };
    await underEveryPolicy(history, inputs, (run, emulator) => {
      expectInputError(run, emulator, 'metadata', 'sha=', SAFE_FORM);
      expect(emulator.createdRunIds()).toEqual([]);
    });
  });

  it('baseline-metadata `branch=`: the same input error, naming baseline-metadata', async () => {
    const inputs = { 'suite-id': DEMO_SUITE, metadata: 'sha=old1', 'baseline-metadata': 'branch=' };
    await underEveryPolicy(history, inputs, (run, emulator) => expectInputError(run, emulator, 'baseline-metadata', 'branch=', SAFE_FORM));
  });

  it('the missing-metadata hint shows the safe form too, not `sha=${{ github.sha }}`', async () => {
    await withEmulator(history, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': DEMO_SUITE }) });
      expectInputError(run, emulator, 'metadata', '', SAFE_FORM);
      expect(run.outputs.reason).not.toContain('`sha=${{ github.sha }}`');
    });
  });
});

describe('several pairs on one line are an input error: one pair per line', () => {
  // What a YAML `>` block makes of two lines: one line, the pairs joined by a space.
  const folded = (parse('metadata: >\n  sha=c0ffee1\n  workflow=pr\n') as { metadata: string }).metadata;

  it.each([
    ['metadata', 'comma-separated', 'sha=c0ffee1, workflow=pr'],
    ['metadata', 'a YAML > block', folded],
    ['baseline-metadata', 'semicolon-separated', 'branch=main; workflow=nightly'],
  ])('%s, %s: fail, nothing sent', async (input, _how, value) => {
    expect(folded).toBe('sha=c0ffee1 workflow=pr\n');
    const inputs = { 'suite-id': DEMO_SUITE, metadata: 'sha=old1', [input]: value };
    await underEveryPolicy(history, inputs, (run, emulator) =>
      expectInputError(run, emulator, input, value.trim(), /^one pair per line: .*`>` block/),
    );
  });
});

describe('an id of the wrong kind is an input error before any request', () => {
  it.each([
    ['suite-id', RUN_ID, { metadata: 'sha=old1' }, 'a suite id (e.g. eval_suite_…), not a run id (eval_run_…)'],
    ['run-id', DEMO_SUITE, {}, 'a run id (e.g. eval_run_…), not a suite id (eval_suite_…): that goes in `suite-id`'],
    [
      'baseline-run-id',
      DEMO_SUITE,
      { 'suite-id': DEMO_SUITE, metadata: 'sha=old1' },
      'a run id (e.g. eval_run_…), not a suite id (eval_suite_…)',
    ],
    ['schedule-id', RUN_ID, {}, 'a schedule id (e.g. eval_sched_…), not a run id (eval_run_…)'],
    ['suite-id', SCHEDULE_ID, { metadata: 'sha=old1' }, 'not a schedule id (eval_sched_…): that goes in `schedule-id`'],
  ])('%s = %s: fail, nothing sent', async (input, value, others, expected) => {
    await underEveryPolicy(history, { ...others, [input]: value }, (run, emulator) =>
      expectInputError(run, emulator, input, value, expected),
    );
  });
});

describe('run-options that cannot be sent are an input error', () => {
  const CREATE = { 'suite-id': DEMO_SUITE, metadata: 'sha=new', 'create-run': 'if-missing', models: 'gpt-x' };
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    // 5,000 levels: JSON.stringify overflowed the stack on the create request ("Maximum call stack size exceeded").
    ['5,000 levels deep', nested(5000), 'a JSON object nested at most 64 levels deep'],
    ['65 levels deep', nested(65), 'a JSON object nested at most 64 levels deep'],
    ['a number beyond the double range', '{"generation": {"temperature": 1e999}}', '"generation.temperature" is too large to send'],
  ])('%s: fail, no run started', async (_name, options, expected) => {
    await underEveryPolicy(history, { ...CREATE, 'run-options': options }, (run, emulator) => {
      expectInputError(run, emulator, 'run-options', options.length > 80 ? `${options.slice(0, 80)}…` : options, expected);
      expect(emulator.createdRunIds()).toEqual([]);
    });
  });
});

describe('an unknown suite fails at once (its first listing is empty and GET /suites/{id} answers 404)', () => {
  const reason = (suite: string) =>
    `suite ${suite} not found for this key (GET ${SUITES}/${suite} answered HTTP 404); check suite-id and on-behalf-of`;

  it('a suite-id that names no suite: fail after one listing and one suite read, no waiting', async () => {
    await underEveryPolicy(history, { 'suite-id': UNKNOWN_SUITE, metadata: 'sha=c0ffee1', timeout: '30s' }, (run, emulator) => {
      expectConfigFail(run, new RegExp(`^${reason(UNKNOWN_SUITE).replace(/[.()/]/g, '\\$&')}$`));
      expect(requestsOf(emulator)).toEqual(['GET list 200', 'GET suite-get 404']);
      expect(emulator.requests[0]?.query.suite_id).toBe(UNKNOWN_SUITE);
      expect(emulator.requests[1]?.path).toBe(`${SUITES}/${UNKNOWN_SUITE}`);
      expect(run.result.lookup).toMatchObject({ suiteId: UNKNOWN_SUITE, metadata: { sha: 'c0ffee1' }, scans: 1, scanned: 0 });
      expect(run.result.api).toEqual({ requests: 2, retries: 0, not_modified: 0 });
      // No wait for a run that cannot come: far less than the 30 s timeout.
      expect(run.durationMs, dump(run)).toBeLessThan(10_000);
    });
  });

  it('a suite of another team (on-behalf-of missing): the same failure, which names on-behalf-of', async () => {
    const scenario: Scenario = {
      runs: [{ ...finished('eval_run_team', { sha: 'c0ffee1' }, 60), onBehalfOf: 'team_a' }],
    };
    await underEveryPolicy(scenario, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1' }, (run, emulator) => {
      expectConfigFail(run, /^suite eval_suite_\w+ not found for this key .*; check suite-id and on-behalf-of$/);
      expect(requestsOf(emulator)).toEqual(['GET list 200', 'GET suite-get 404']);
      expect(emulator.requests.every((r) => r.headers['x-on-behalf-of'] === undefined)).toBe(true);
    });
  });

  it('a suite that exists with no run yet: the gate keeps waiting (suite read once) and passes when the run appears', async () => {
    const scenario: Scenario = {
      // The run appears 4 s after the gate's first request (not after the emulator's start, before the spawn).
      clockStartsAtFirstRequest: true,
      runs: [
        { id: RUN_ID, suiteId: DEMO_SUITE, metadata: { sha: 'c0ffee1' }, appearAfterMs: 4000, queuedMs: 200, inProgressMs: 300, total: 10 },
      ],
    };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1' }) });
      expect(run.code, dump(run)).toBe(0);
      expect(run.outputs.outcome).toBe('pass');
      expect(run.outputs['run-id']).toBe(RUN_ID);
      const routes = requestsOf(emulator);
      expect(routes.slice(0, 2)).toEqual(['GET list 200', 'GET suite-get 200']);
      expect(routes.filter((r) => r.includes('suite-get'))).toHaveLength(1);
      expect(routes.filter((r) => r === 'GET list 200').length).toBeGreaterThan(1);
      expect(run.stdout).toContain(`Suite ${DEMO_SUITE} ("Suite ${DEMO_SUITE}") exists but has no run yet; waiting for one`);
      expect(leaksOf(run)).toEqual([]);
    });
  });

  it('any other answer to the suite read (503) is ignored, logged at debug: the gate waits to its deadline, inconclusive', async () => {
    const scenario: Scenario = { runs: [], faults: [{ route: 'suite-get', kind: 'status', status: 503 }] };
    await withEmulator(scenario, async (emulator) => {
      const inputs = baseInputs(emulator, { 'suite-id': UNKNOWN_SUITE, metadata: 'sha=c0ffee1', timeout: '2s', 'on-inconclusive': 'pass' });
      const run = await runAction({ inputs });
      expect(run.code, dump(run)).toBe(0);
      expect(run.outputs.outcome).toBe('inconclusive');
      expect(run.outputs.reason).toMatch(/^timeout of 2s reached before a run of suite eval_suite_\w+ matching sha=c0ffee1 appeared/);
      const routes = requestsOf(emulator);
      expect(routes.slice(0, 2)).toEqual(['GET list 200', 'GET suite-get fault:status']);
      expect(routes.filter((r) => r.includes('suite-get'))).toHaveLength(1);
      expect(run.stdout).toMatch(/^::debug::Could not tell whether suite eval_suite_\w+ exists \(GET .* answered HTTP 503/m);
      expect(run.summary).toContain('## ⚠️ MKA1 eval gate inconclusive');
    });
  });
});

describe("no match at the deadline: the summary and the log show the metadata of the suite's newest 3 runs", () => {
  const hostile = `c0ffee1\n::error::pwned <img src=x onerror=alert(1)> | @octocat [x](https://evil.example) ${SECRET_KEY}`;
  const scenario: Scenario = {
    runs: [
      finished('eval_run_n1', { sha: 'c0ffee1', workflow: 'pr' }, 60),
      finished('eval_run_n2', { sha: hostile }, 120),
      finished('eval_run_n3', { sha: 'beef123', workflow: 'pr' }, 180),
      finished('eval_run_n4', { sha: 'never-shown' }, 240),
    ],
  };

  it('a typo in metadata (sha=c0ffe1): inconclusive at the timeout, the newest 3 runs shown escaped, neutralized and redacted', async () => {
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffe1', timeout: '2s' }) });
      expect(run.code, dump(run)).toBe(1);
      expect(run.outputs.outcome).toBe('inconclusive');
      expect(run.outputs['run-id']).toBe('');
      expect(run.outputs.reason).toMatch(/^timeout of 2s reached before a run of suite eval_suite_\w+ matching sha=c0ffe1 appeared/);
      // result-json: the three newest, newest first, the key redacted.
      const recent = run.result.lookup.recent as Array<{ id: string; metadata: Record<string, string> }>;
      expect(recent.map((r) => r.id)).toEqual(['eval_run_n1', 'eval_run_n2', 'eval_run_n3']);
      expect(recent[0]?.metadata).toEqual({ sha: 'c0ffee1', workflow: 'pr' });
      expect(recent[1]?.metadata.sha).toContain('***');
      // The summary: a table of the three, every value escaped.
      const table = run.summary.slice(run.summary.indexOf('#### Newest runs of the suite (none matched)'));
      expect(run.summary.indexOf('#### Newest runs')).toBeGreaterThan(run.summary.indexOf('### Lookup'));
      const rows = table.split('\n').filter((line) => line.startsWith('| `eval_run_'));
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatch(/^\| `eval_run_n1` \| \d{4}-\d\d-\d\dT[\d:.]+Z \| completed \| sha=c0ffee1, workflow=pr \|$/);
      expect(rows[1]).toContain(
        markdownEscaped('c0ffee1 ::error::pwned <img src=x onerror=alert(1)> | @octocat [x](https://evil.example) ***'),
      );
      expect(rows[2]).toContain('sha=beef123, workflow=pr');
      expect(run.summary).not.toContain('never-shown');
      expect(run.summary).not.toContain('<img');
      // The log: the same three, one per line, neutralized (no line of API text starts a workflow command).
      expect(run.stdout).toContain(`No run matched sha=c0ffe1; the newest 3 run(s) of suite ${DEMO_SUITE} carry:`);
      expect(run.stdout).toMatch(/^ {2}eval_run_n1 \(completed, created [\dT:.Z-]+\): sha=c0ffee1, workflow=pr$/m);
      expect(run.stdout).toMatch(/^ {2}eval_run_n2 \(completed, created [\dT:.Z-]+\): sha=c0ffee1⏎\u200b?::error::pwned/m);
      expect(run.stdout).not.toMatch(/^::error::pwned/m);
      expect(run.stdout).not.toContain('never-shown');
      expect(leaksOf(run)).toEqual([]);
    });
  });

  it('a suite with no run at all (but known): the summary says so', async () => {
    const known: Scenario = { runs: [], suites: [{ id: DEMO_SUITE }] };
    await withEmulator(known, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1', timeout: '2s' }) });
      expect(run.code, dump(run)).toBe(1);
      expect(run.outputs.outcome).toBe('inconclusive');
      expect(run.result.lookup.recent).toEqual([]);
      expect(run.summary).toContain('_The suite has no run visible to this key (check `suite-id` and `on-behalf-of`)._');
      expect(run.stdout).toContain(`Suite ${DEMO_SUITE} has no run visible to this key; none could match sha=c0ffee1`);
      expect(requestsOf(emulator).slice(0, 2)).toEqual(['GET list 200', 'GET suite-get 200']);
    });
  });
});
