/**
 * End to end, through `node dist/index.js`: the verdict rules of "What the gate trusts" (README), one case or more
 * per rule and per variant, against an emulator that lies in the ways a stale cache, a faulty deploy or a hostile
 * run can. Every case checks the exit code, `outcome` in `result-json`, that every output of action.yml is set,
 * that the summary was written, and that the key did not leak.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { RAW_JSON, type Emulator } from '../emulator/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const SUITE = DEMO_SUITE;
const OTHER_SUITE = 'eval_suite_0000000000000000000000000000beef';
const ACTION_OUTPUTS = Object.keys(parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')).outputs as object);
const HEADLINE = {
  pass: '## ✅ MKA1 eval gate passed',
  fail: '## ❌ MKA1 eval gate failed',
  inconclusive: '## ⚠️ MKA1 eval gate inconclusive',
} as const;
const GOOD = { 'gpt-x': { accuracy: 0.95 }, 'gpt-y': { accuracy: 0.93 } };

/** A run of SUITE, already completed when the emulator starts. */
function done(spec: RunSpec): RunSpec {
  return { suiteId: SUITE, ageSeconds: 30, total: 50, metadata: { sha: 'abc123' }, metrics: GOOD, ...spec };
}

type Outcome = keyof typeof HEADLINE;

async function gate(scenario: Scenario, inputs: Record<string, string>, check: (run: ActionRun, emulator: Emulator) => void) {
  await withEmulator(scenario, async (emulator) => {
    const run = await runAction({ inputs: baseInputs(emulator, { timeout: '5s', ...inputs }) });
    check(run, emulator);
  });
}

const lookup = (extra: Record<string, string> = {}) => ({ 'suite-id': SUITE, metadata: 'sha=abc123', ...extra });

/** What every case asserts: exit code, outcome (output and result-json), every output set, the summary written. */
function expectOutcome(run: ActionRun, outcome: Outcome, reason: RegExp): void {
  const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  expect(run.signal, context).toBeNull();
  expect(run.code, context).toBe(outcome === 'pass' ? 0 : 1);
  for (const name of ACTION_OUTPUTS) expect(Object.keys(run.outputs), `output ${name}`).toContain(name);
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  expect(run.result.outcome).toBe(outcome);
  expect(run.outputs.reason, context).toMatch(reason);
  expect(run.result.reason).toBe(run.outputs.reason);
  expect(run.summary.split('\n')[0]).toBe(HEADLINE[outcome]);
  expect(leaksOf(run)).toEqual([]);
}

const gets = (emulator: Emulator, id?: string) =>
  emulator.requests.filter((r) => r.route === 'get' && (id === undefined || r.path.endsWith(`/runs/${id}`)));

describe('rule 1: judge only a freshly read run', () => {
  it('a stale list page saying completed with good metrics: the run read by id failed, and that is judged', async () => {
    const id = 'eval_run_stale_list';
    const listView = {
      status: 'completed',
      error: null,
      failed_at: null,
      metrics: GOOD,
      request_counts: { total: 50, completed: 50, failed: 0 },
    };
    const runs = [done({ id, outcome: 'failed', inProgressMs: 0, error: { code: 'boom', message: 'grader crashed' }, listView })];
    await gate({ runs }, lookup({ thresholds: 'accuracy >= 0.9' }), (run, emulator) => {
      expectOutcome(run, 'fail', /^run eval_run_stale_list failed: grader crashed/);
      expect(run.outputs.status).toBe('failed');
      expect(run.result.run.status).toBe('failed');
      expect(gets(emulator, id).length).toBeGreaterThanOrEqual(1);
    });
  });

  it('a stale list page with passing metrics: the metrics of the run read by id decide', async () => {
    const id = 'eval_run_stale_metrics';
    const runs = [done({ id, metrics: { 'gpt-x': { accuracy: 0.4 } }, listView: { metrics: GOOD } })];
    await gate({ runs }, lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: 0\.4, allowed ≥ 0\.9/);
      expect(JSON.parse(run.outputs.metrics as string)).toEqual({ 'gpt-x': { accuracy: 0.4 } });
    });
  });

  it('a stale list page saying in_progress for a run that has completed: read by id, passes without waiting for the listing', async () => {
    const id = 'eval_run_stale_progress';
    const runs = [done({ id, listView: { status: 'in_progress', metrics: null } })];
    await gate({ runs }, lookup({ thresholds: 'accuracy >= 0.9' }), (run, emulator) => {
      expectOutcome(run, 'pass', /^all 3 criteria met$/);
      expect(gets(emulator, id)).toHaveLength(1);
    });
  });

  it('the same id twice in a listing with different states: neither copy is judged, the run read by id is', async () => {
    const id = 'eval_run_listed_twice';
    const runs = [
      done({
        id,
        metrics: { 'gpt-x': { accuracy: 0.5 } },
        listView: { metrics: GOOD },
        listCopies: [{ status: 'failed', metrics: null }],
      }),
    ];
    await gate({ runs }, lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: 0\.5, allowed ≥ 0\.9/);
      expect(run.outputs['run-id']).toBe(id);
      expect(run.outputs.status).toBe('completed');
    });
  });

  it('a listed run whose own suite (read by id) differs from the listing: inconclusive, the answers disagree', async () => {
    const id = 'eval_run_suite_disagrees';
    const runs = [done({ id, getView: { suite_id: OTHER_SUITE } })];
    await gate({ runs }, lookup(), (run) => {
      expectOutcome(run, 'inconclusive', new RegExp(`but the run itself \\(GET by id\\) belongs to suite ${OTHER_SUITE}`));
    });
  });

  it('a listed run whose own metadata (read by id) does not match: inconclusive', async () => {
    const runs = [done({ id: 'eval_run_meta_disagrees', getView: { metadata: { sha: 'other' } } })];
    await gate({ runs }, lookup(), (run) => {
      expectOutcome(run, 'inconclusive', /does not match that metadata \(differs in sha\): the API's answers disagree/);
    });
  });

  it('a baseline listed as completed that is failed when read by id: inconclusive, never compared', async () => {
    const runs = [
      done({ id: 'eval_run_gated_1', metadata: { sha: 'abc123' } }),
      done({
        id: 'eval_run_base_stale',
        ageSeconds: 600,
        metadata: { branch: 'main' },
        outcome: 'failed',
        inProgressMs: 0,
        listView: { status: 'completed', error: null, failed_at: null, metrics: { 'gpt-x': { accuracy: 0.2 } } },
      }),
    ];
    await gate({ runs }, lookup({ 'baseline-metadata': 'branch=main', 'max-regression': 'accuracy: 0.01' }), (run, emulator) => {
      expectOutcome(
        run,
        'inconclusive',
        /baseline run eval_run_base_stale was listed as a completed run of suite .* but the run itself is failed/,
      );
      expect(run.outputs['baseline-run-id']).toBe('');
      expect(gets(emulator, 'eval_run_base_stale')).toHaveLength(1);
    });
  });
});

describe('rule 2: a listed run of another suite is never chosen', () => {
  it('the server ignores suite_id: the newest matching run, of another suite and passing, is skipped and counted', async () => {
    const runs = [
      done({ id: 'eval_run_ours_older', ageSeconds: 120, metrics: { 'gpt-x': { accuracy: 0.5 } } }),
      done({ id: 'eval_run_theirs_newer', suiteId: OTHER_SUITE, ageSeconds: 10 }),
    ];
    await gate({ runs, ignoreFilters: ['suite_id'] }, lookup({ thresholds: 'accuracy >= 0.9' }), (run, emulator) => {
      expectOutcome(run, 'fail', /^Metric accuracy: 0\.5/);
      expect(run.outputs['run-id']).toBe('eval_run_ours_older');
      expect(run.stdout).toContain(
        `Skipped 1 of another suite (the server did not filter by suite_id) among the runs listed for suite ${SUITE}`,
      );
      expect(gets(emulator, 'eval_run_theirs_newer')).toHaveLength(0);
    });
  });

  it('the server ignores suite_id, and only another suite has a matching run: nothing is chosen (inconclusive at the timeout)', async () => {
    const runs = [done({ id: 'eval_run_theirs_only', suiteId: OTHER_SUITE })];
    await gate({ runs, ignoreFilters: ['suite_id'] }, lookup({ timeout: '2s' }), (run) => {
      expectOutcome(run, 'inconclusive', /^timeout of 2s reached before a run of suite/);
      expect(run.outputs['run-id']).toBe('');
    });
  });

  it('the server ignores suite_id for the baseline: the baseline of another suite is skipped', async () => {
    const runs = [
      done({ id: 'eval_run_gated_2', metrics: { 'gpt-x': { accuracy: 0.8 } } }),
      done({ id: 'eval_run_base_ours', ageSeconds: 900, metadata: { branch: 'main' }, metrics: { 'gpt-x': { accuracy: 0.9 } } }),
      done({
        id: 'eval_run_base_theirs',
        suiteId: OTHER_SUITE,
        ageSeconds: 300,
        metadata: { branch: 'main' },
        metrics: { 'gpt-x': { accuracy: 0.7 } },
      }),
    ];
    const inputs = lookup({ 'baseline-metadata': 'branch=main', 'max-regression': 'accuracy: 0.02' });
    await gate({ runs, ignoreFilters: ['suite_id'] }, inputs, (run) => {
      expectOutcome(run, 'fail', /^Regression accuracy: gpt-x\.accuracy 0\.8 vs 0\.9/);
      expect(run.outputs['baseline-run-id']).toBe('eval_run_base_ours');
      expect(run.stdout).toMatch(/Skipped \d+ of another suite/);
    });
  });

  it('the server ignores status= for the baseline: a newer failed run with flattering metrics is not the baseline', async () => {
    const runs = [
      done({ id: 'eval_run_gated_3', metrics: { 'gpt-x': { accuracy: 0.8 } } }),
      done({ id: 'eval_run_base_completed', ageSeconds: 900, metadata: { branch: 'main' }, metrics: { 'gpt-x': { accuracy: 0.9 } } }),
      done({
        id: 'eval_run_base_failed',
        ageSeconds: 300,
        metadata: { branch: 'main' },
        outcome: 'failed',
        inProgressMs: 0,
        extra: { metrics: { 'gpt-x': { accuracy: 0.7 } } },
      }),
    ];
    const inputs = lookup({ 'baseline-metadata': 'branch=main', 'max-regression': 'accuracy: 0.02' });
    await gate({ runs, ignoreFilters: ['status'] }, inputs, (run) => {
      expectOutcome(run, 'fail', /^Regression accuracy: gpt-x\.accuracy 0\.8 vs 0\.9/);
      expect(run.outputs['baseline-run-id']).toBe('eval_run_base_completed');
      expect(run.stdout).toContain('Skipped 1 not completed (the server did not filter by status)');
    });
  });

  it('a baseline-run-id of another suite fails the gate as a configuration error', async () => {
    const runs = [done({ id: 'eval_run_gated_4' }), done({ id: 'eval_run_base_elsewhere', suiteId: OTHER_SUITE, ageSeconds: 900 })];
    await gate({ runs }, lookup({ 'baseline-run-id': 'eval_run_base_elsewhere', 'max-regression': '*: 5%' }), (run) => {
      expectOutcome(
        run,
        'fail',
        new RegExp(`check \`baseline-run-id\`\\): baseline run eval_run_base_elsewhere belongs to suite ${OTHER_SUITE}`),
      );
      expect(run.outputs['baseline-run-id']).toBe('');
    });
  });
});

describe('baseline-run-id naming the gated run itself', () => {
  it('fails as a configuration error instead of comparing the run with itself', async () => {
    const runs = [done({ id: 'eval_run_gated_self' })];
    await gate({ runs }, lookup({ 'baseline-run-id': 'eval_run_gated_self', 'max-regression': '*: 0' }), (run) => {
      expectOutcome(run, 'fail', /check `baseline-run-id`\): baseline run eval_run_gated_self is the gated run itself/);
      expect(run.outputs['baseline-run-id']).toBe('');
    });
  });
});

describe('rule 3: nothing evaluated is not a pass', () => {
  it('a completed run with request_counts.total = 0 fails', async () => {
    const runs = [done({ id: 'eval_run_empty', total: 0, metrics: null })];
    await gate({ runs }, lookup(), (run) => {
      expectOutcome(run, 'fail', /^run eval_run_empty completed but the run evaluated nothing \(request_counts\.total = 0\)$/);
      expect(run.summary).toContain('| Requests evaluated | 0 (request\\_counts.total = 0) | at least 1 | ❌ fail |');
    });
  });
});

describe('rule 4: counts must add up', () => {
  const counts = (total: number, completed: number, failed: number) => ({ extra: { request_counts: { total, completed, failed } } });

  it('a negative count: inconclusive, naming it', async () => {
    const runs = [done({ id: 'eval_run_negative', ...counts(50, 55, -5) })];
    await gate({ runs }, lookup(), (run) => {
      expectOutcome(
        run,
        'inconclusive',
        /^the API's answer cannot be trusted: run eval_run_negative has negative request counts \(failed = -5\)$/,
      );
      expect(run.outputs['requests-failed']).toBe('-5');
    });
  });

  it('failed > total (within max-failed-requests): inconclusive', async () => {
    const runs = [done({ id: 'eval_run_over', ...counts(10, 0, 20) })];
    await gate({ runs }, lookup({ 'max-failed-requests': '1000' }), (run) => {
      expectOutcome(run, 'inconclusive', /counts more failed requests than requests in total \(failed 20 > total 10\)$/);
    });
  });

  it('failed > total beyond max-failed-requests stays a fail (which on-inconclusive: pass could not turn green), naming the contradiction', async () => {
    const runs = [done({ id: 'eval_run_over_fail', ...counts(10, 0, 20) })];
    await gate({ runs }, lookup({ 'on-inconclusive': 'pass' }), (run) => {
      expectOutcome(run, 'fail', /^Failed requests: 20 of 10 .*; also, the API's answer cannot be trusted: .*failed 20 > total 10/);
    });
  });

  it('completed + failed > total: inconclusive', async () => {
    const runs = [done({ id: 'eval_run_sum', ...counts(50, 45, 10) })];
    await gate({ runs }, lookup({ 'max-failed-requests': '20' }), (run) => {
      expectOutcome(run, 'inconclusive', /counts more completed and failed requests than requests in total \(45 \+ 10 > 50\)$/);
    });
  });

  it('requests neither completed nor failed count as failed, and the summary says how many', async () => {
    const runs = [done({ id: 'eval_run_unaccounted', ...counts(50, 45, 1) })];
    await gate({ runs }, lookup({ 'max-failed-requests': '3' }), (run) => {
      expectOutcome(
        run,
        'fail',
        /^Failed requests: 5 of 50 \(10%, of which 4 unaccounted for \(neither completed nor failed\)\), allowed ≤ 3$/,
      );
      expect(run.summary).toContain('of which 4 unaccounted for');
    });
  });

  it('unaccounted requests within max-failed-requests pass, and are still reported', async () => {
    const runs = [done({ id: 'eval_run_unaccounted_ok', ...counts(50, 45, 1) })];
    await gate({ runs }, lookup({ 'max-failed-requests': '5' }), (run) => {
      expectOutcome(run, 'pass', /^all 2 criteria met$/);
      expect(run.summary).toContain(
        '| Failed requests | 5 of 50 (10%, of which 4 unaccounted for (neither completed nor failed)) | ≤ 5 | ✅ pass |',
      );
    });
  });
});

describe('rule 5: status must agree with the rest', () => {
  it.each([
    ['failed_at', { failed_at: 1_700_000_000 }, /is completed but has "failed_at" set/],
    ['cancelled_at', { cancelled_at: 1_700_000_000 }, /is completed but has "cancelled_at" set/],
    ['error', { error: { code: 'partial', message: 'half the graders crashed' } }, /is completed but has a non-null "error"/],
  ])('a completed run with %s: inconclusive, naming the contradiction', async (field, extra, reason) => {
    const id = `eval_run_contradicts_${field}`;
    await gate({ runs: [done({ id, extra })] }, lookup(), (run) => {
      expectOutcome(run, 'inconclusive', reason);
      expect(run.outputs.reason).toMatch(new RegExp(`^the API's answer cannot be trusted: run ${id} `));
      expect(run.outputs.status).toBe('completed');
    });
  });
});

describe('rule 6: metrics cannot hide a failing value', () => {
  const withMetrics = (metrics: unknown) => ({ runs: [done({ id: 'eval_run_metrics', metrics })] });

  it('(a) a key with dots beside the nested path it spells: ambiguous, the criterion fails', async () => {
    const metrics = { 'gpt-x': { accuracy: 0.95 }, 'gpt-x.accuracy': 0.2 };
    await gate(withMetrics(metrics), lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: ambiguous: gpt-x\.accuracy reported two ways/);
    });
  });

  it('(a) an aggregate object beside a flattened sibling: ambiguous, the criterion fails', async () => {
    const metrics = { 'gpt-x': { accuracy: { mean: 0.2, stderr: 0.01 } }, 'gpt-x.accuracy': 0.95 };
    await gate(withMetrics(metrics), lookup({ thresholds: 'gpt-x:accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric gpt-x:accuracy: ambiguous: gpt-x\.accuracy/);
    });
  });

  it('(b) nesting 50 levels deep is evaluated: a failing value there fails', async () => {
    let metrics: unknown = { accuracy: 0.5 };
    for (let i = 47; i >= 0; i--) metrics = { [`l${i}`]: metrics };
    await gate(withMetrics(metrics), lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: 0\.5, allowed ≥ 0\.9/);
      expect(run.result.criteria.find((c: { name: string }) => c.name === 'Metric accuracy').actual).toBe('0.5');
    });
  });

  it('(b) nesting 50 levels deep is evaluated: a passing value there passes', async () => {
    let metrics: unknown = { accuracy: 0.95 };
    for (let i = 47; i >= 0; i--) metrics = { [`l${i}`]: metrics };
    await gate(withMetrics(metrics), lookup({ thresholds: 'l0.l1:accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'pass', /^all 3 criteria met$/);
    });
  });

  it.each([
    ['null', null, /gpt-y\.accuracy null \(not a finite number\)/],
    ['a string', 'n/a', /gpt-y\.accuracy a string \(not a finite number\)/],
    ['a number as text', '0.95', /gpt-y\.accuracy a string \(not a finite number\)/],
    ['1e999', `${RAW_JSON}1e999`, /gpt-y\.accuracy a number out of range \(not a finite number\)/],
  ])('(c) one model reports %s: that model fails the criterion, it is not skipped', async (_label, value, reason) => {
    const metrics = { 'gpt-x': { accuracy: 0.95 }, 'gpt-y': { accuracy: value } };
    await gate(withMetrics(metrics), lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', reason);
      expect(run.outputs.reason).toMatch(/^Metric accuracy: /);
    });
  });

  it('(c) a row of a metrics list with a non-finite value fails the criterion', async () => {
    const metrics = [
      { model: 'gpt-x', accuracy: 0.95 },
      { model: 'gpt-y', accuracy: null },
    ];
    await gate(withMetrics(metrics), lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /gpt-y\.accuracy null \(not a finite number\)/);
    });
  });

  it('(c) a regression rule fails when this run reports null where the baseline had a number', async () => {
    const runs = [
      done({ id: 'eval_run_gated_5', metrics: { 'gpt-x': { accuracy: null } } }),
      done({ id: 'eval_run_base_5', ageSeconds: 900, metadata: { branch: 'main' }, metrics: { 'gpt-x': { accuracy: 0.9 } } }),
    ];
    await gate({ runs }, lookup({ 'baseline-metadata': 'branch=main', 'max-regression': '*: 5%' }), (run) => {
      expectOutcome(run, 'fail', /^Regression \* \(every other metric\): gpt-x\.accuracy: null in this run \(not a finite number\)/);
    });
  });

  it('(d) __proto__, constructor and prototype are ordinary metric names, judged and shown in the outputs', async () => {
    const metrics = JSON.parse('{"__proto__": {"accuracy": 0.2}, "constructor": {"accuracy": 0.95}, "prototype": {"accuracy": 0.96}}');
    await gate(withMetrics(metrics), lookup({ thresholds: 'accuracy >= 0.9' }), (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: __proto__\.accuracy 0\.2, …, allowed ≥ 0\.9$/);
      expect(run.outputs.metrics).toBe('{"__proto__":{"accuracy":0.2},"constructor":{"accuracy":0.95},"prototype":{"accuracy":0.96}}');
      expect(Object.keys(JSON.parse(run.outputs['result-json'] as string).run.metrics)).toEqual(['__proto__', 'constructor', 'prototype']);
      expect(run.summary).toContain('| \\_\\_proto\\_\\_.accuracy | 0.2 |');
      expect(run.summary).toContain('| constructor.accuracy | 0.95 |');
    });
  });

  it('(d) __proto__, constructor and prototype are ordinary metadata keys, matched and shown in the outputs', async () => {
    const metadata = JSON.parse('{"__proto__": "p1", "constructor": "c1", "prototype": "t1", "sha": "abc123"}');
    const runs = [
      done({ id: 'eval_run_proto_meta', metadata }),
      done({ id: 'eval_run_no_proto', ageSeconds: 5, metadata: { sha: 'abc123' } }),
    ];
    await gate({ runs }, { 'suite-id': SUITE, metadata: '__proto__=p1\nconstructor=c1\nprototype=t1' }, (run) => {
      expectOutcome(run, 'pass', /^all 2 criteria met$/);
      expect(run.outputs['run-id']).toBe('eval_run_proto_meta');
      expect(JSON.parse(run.outputs['result-json'] as string).run.metadata).toEqual(metadata);
      expect(Object.keys(JSON.parse(run.outputs['result-json'] as string).run.metadata)).toContain('__proto__');
      expect(run.summary).toContain('\\_\\_proto\\_\\_=p1');
    });
  });
});

describe('rule 7: ids are validated', () => {
  const injected = 'eval_run_x\n::warning::pwned';

  /** No line the action printed is a command it did not write, and the bad id is nowhere in the outputs. */
  function expectNotEchoed(run: ActionRun): void {
    expect(run.stdout.split('\n').some((line) => line.startsWith('::warning::pwned'))).toBe(false);
    expect(Object.values(run.outputs).some((value) => value.includes('pwned'))).toBe(false);
  }

  it('a run id from the list that is not a valid id: an unusable answer, inconclusive, never echoed', async () => {
    const runs = [done({ id: 'eval_run_good_id', listView: { id: injected } })];
    await gate({ runs }, lookup({ timeout: '3s' }), (run, emulator) => {
      expectOutcome(run, 'inconclusive', /"id" that is not a valid id \(27 characters/);
      expect(run.outputs['run-id']).toBe('');
      expect(gets(emulator)).toHaveLength(0);
      expectNotEchoed(run);
    });
  });

  it('a run id from GET that is not a valid id: inconclusive', async () => {
    const runs = [done({ id: 'eval_run_get_bad', getView: { id: injected } })];
    await gate({ runs }, { 'run-id': 'eval_run_get_bad', timeout: '3s' }, (run) => {
      expectOutcome(run, 'inconclusive', /"id" that is not a valid id/);
      expectNotEchoed(run);
    });
  });

  it('a suite id that is not a valid id (run read by id): inconclusive', async () => {
    const runs = [done({ id: 'eval_run_bad_suite', getView: { suite_id: 'eval_suite_1/../../admin' } })];
    await gate({ runs }, { 'run-id': 'eval_run_bad_suite', timeout: '3s' }, (run) => {
      expectOutcome(run, 'inconclusive', /"suite_id" that is not a valid id \(24 characters/);
      expect(run.outputs.reason).not.toContain('admin');
    });
  });

  it('a suite version id that is not a valid id: inconclusive', async () => {
    const runs = [done({ id: 'eval_run_bad_sver', getView: { suite_version_id: 'eval_sver <b>x</b>' } })];
    await gate({ runs }, lookup({ timeout: '3s' }), (run) => {
      expectOutcome(run, 'inconclusive', /"suite_version_id" that is not a valid id/);
    });
  });

  it('a baseline id from the list that is not a valid id: the baseline is unusable, inconclusive', async () => {
    const runs = [
      done({ id: 'eval_run_gated_6' }),
      done({ id: 'eval_run_base_6', ageSeconds: 900, metadata: { branch: 'main' }, listView: { id: `${injected}_base` } }),
    ];
    await gate({ runs }, lookup({ 'baseline-metadata': 'branch=main', 'max-regression': '*: 5%', timeout: '3s' }), (run) => {
      expectOutcome(run, 'inconclusive', /"id" that is not a valid id/);
      expect(run.outputs['baseline-run-id']).toBe('');
      expectNotEchoed(run);
    });
  });

  it.each([
    ['run-id', { 'run-id': 'eval_run_1; rm -rf ~' }],
    ['suite-id', { 'suite-id': 'eval suite', metadata: '*' }],
    ['baseline-run-id', { 'suite-id': SUITE, metadata: '*', 'baseline-run-id': '../runs/eval_run_2' }],
  ])('an id input %s that is not a valid id: an input error naming it and the expected form, no request', async (input, inputs) => {
    await gate({ runs: [done({})] }, inputs, (run, emulator) => {
      expectOutcome(
        run,
        'fail',
        new RegExp(
          `^invalid input: input "${input}": got .*; expected a (run|suite) id \\(e\\.g\\. eval_(run|suite)_…\\): an id of letters, digits, \`_\` and \`-\``,
        ),
      );
      expect(emulator.requests).toHaveLength(0);
    });
  });
});
