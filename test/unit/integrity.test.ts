/**
 * The verdict rules of "What the gate trusts" at unit level: ids, counts that must add up, a status that must agree
 * with the rest, metrics that cannot hide a failing value, and listings that the server did not filter.
 */
import { describe, expect, it } from 'vitest';
import type { EvalsClient, ListRunsParams } from '../../src/api/client.ts';
import { ApiProtocolError } from '../../src/api/errors.ts';
import { describeBadId, isValidId } from '../../src/core/ids.ts';
import { parseRun, parseRunList, type EvalRun, type RunList } from '../../src/api/models.ts';
import { scanRuns } from '../../src/find/lookup.ts';
import { parseInputs } from '../../src/inputs/inputs.ts';
import { compareMetrics, regressionCriteria } from '../../src/judge/baseline.ts';
import { contradictions, evaluatedSomethingCriteria, unaccountedRequests } from '../../src/judge/integrity.ts';
import { MAX_METRICS_DEPTH, readMetrics } from '../../src/core/metrics.ts';
import { parseThresholds } from '../../src/inputs/criteria.ts';
import { thresholdCriteria } from '../../src/judge/thresholds.ts';
import { failedRequestsCriterion } from '../../src/judge/verdict.ts';
import { redactDeep } from '../../src/safety/redact.ts';

const SUITE = 'eval_suite_integrity';

function run(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    id: 'eval_run_i',
    suite_id: SUITE,
    status: 'completed',
    models: [],
    request_counts: { total: 10, completed: 10, failed: 0 },
    metrics: null,
    error: null,
    metadata: {},
    created_at: 1,
    ...overrides,
  };
}

const counts = (total: number, completed: number, failed: number) => ({ request_counts: { total, completed, failed } });

describe('ids (rule 7)', () => {
  it('accepts letters, digits, _ and -, starting with a letter or digit, up to 128 characters', () => {
    for (const id of ['a', 'eval_run_0d3e5f7a9b1c4d6e8f0a2b4c6d8e0f12', '0-x_Y', 'a'.repeat(128)]) expect(isValidId(id), id).toBe(true);
  });

  it('refuses anything else', () => {
    for (const id of ['', '_x', '-x', 'a'.repeat(129), 'a b', 'a/b', 'a.b', 'a\n::warning::x', 'é', 'a%2F', 'run\u2028x']) {
      expect(isValidId(id), JSON.stringify(id)).toBe(false);
    }
    for (const value of [undefined, null, 42, {}]) expect(isValidId(value)).toBe(false);
  });

  it('describes a bad id without echoing it', () => {
    expect(describeBadId('x\n::error::boom')).toBe(
      'not a valid id (15 characters; expected an id of letters, digits, `_` and `-` that starts with a letter or digit, at most 128 characters)',
    );
    expect(describeBadId(7)).toBe('not a string (number)');
    expect(describeBadId(undefined)).toBe('missing');
  });

  const raw = (fields: Record<string, unknown>) => ({
    id: 'eval_run_ok',
    suite_id: SUITE,
    status: 'completed',
    request_counts: { total: 1, completed: 1, failed: 0 },
    created_at: 1,
    ...fields,
  });

  it.each([
    ['id', { id: 'eval_run_ok\n::warning::x' }, /run has an "id" that is not a valid id/],
    ['id (not a string)', { id: 12 }, /run has an "id" that is not a string \(number\)/],
    ['suite_id', { suite_id: 'eval_suite/../x' }, /run "eval_run_ok" has a "suite_id" that is not a valid id/],
    ['suite_version_id', { suite_version_id: 'v 1' }, /run "eval_run_ok" has a "suite_version_id" that is not a valid id/],
  ])('parseRun refuses a bad %s as an unusable answer', (_field, fields, message) => {
    expect(() => parseRun(raw(fields), 'GET /runs/x')).toThrow(ApiProtocolError);
    expect(() => parseRun(raw(fields), 'GET /runs/x')).toThrow(message);
    expect(() => parseRun(raw(fields), 'GET /runs/x')).not.toThrow(/::warning::|\.\.\//);
  });

  it('parseRun allows a missing or null suite_version_id', () => {
    expect(parseRun(raw({ suite_version_id: null }), 'e').id).toBe('eval_run_ok');
    expect(parseRun(raw({}), 'e').id).toBe('eval_run_ok');
  });

  it('a list item with a bad id is kept apart without its id; a bad cursor is refused', () => {
    const list = parseRunList({ object: 'list', data: [raw({ id: 'bad id' }), raw({})], has_more: false }, 'GET /runs');
    expect(list.data.map((r) => r.id)).toEqual(['eval_run_ok']);
    expect(list.unreadable).toHaveLength(1);
    expect(list.unreadable[0]?.id).toBeUndefined();
    expect(() => parseRunList({ object: 'list', data: [raw({})], has_more: true, last_id: '../x' }, 'GET /runs')).toThrow(
      /"last_id" that is not a valid id/,
    );
  });

  it('id inputs must have the same form, each reported with its name and the expected form', () => {
    const parsed = parseInputs(
      (name) => ({ 'api-key': 'k', 'run-id': 'eval_run_1 ; x', 'suite-id': 'eval suite', 'baseline-run-id': 'eval_run_2/..' })[name] ?? '',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.input)).toEqual(['suite-id', 'run-id', 'baseline-run-id']);
    for (const p of parsed.problems)
      expect(p.expected).toMatch(/^a (suite|run) id \(e\.g\. eval_(suite|run)_…\): an id of letters, digits, `_` and `-` /);
  });
});

describe('counts and status (rules 3, 4, 5)', () => {
  it('parseRun keeps negative counts for the judge to name, but refuses counts that are not whole safe numbers', () => {
    const base = { id: 'eval_run_c', status: 'completed', created_at: 1 };
    expect(parseRun({ ...base, request_counts: { total: 5, completed: 6, failed: -1 } }, 'e').request_counts.failed).toBe(-1);
    expect(() => parseRun({ ...base, request_counts: { total: 5, completed: 2.5, failed: 0 } }, 'e')).toThrow(ApiProtocolError);
    expect(() => parseRun({ ...base, request_counts: { total: 2 ** 60, completed: 0, failed: 0 } }, 'e')).toThrow(ApiProtocolError);
  });

  it('parseRun reads any non-null error as an error', () => {
    const base = { id: 'eval_run_c', status: 'completed', created_at: 1, request_counts: { total: 1, completed: 1, failed: 0 } };
    expect(parseRun({ ...base, error: null }, 'e').error).toBeNull();
    expect(parseRun({ ...base }, 'e').error).toBeNull();
    expect(parseRun({ ...base, error: true }, 'e').error).toEqual({});
    expect(parseRun({ ...base, error: 'oops' }, 'e').error).toEqual({ message: 'oops' });
  });

  it.each([
    [counts(10, 10, 0), []],
    [counts(10, 7, 3), []],
    [counts(10, 5, 2), []],
    [counts(-1, 0, 0), ['has negative request counts (total = -1)']],
    [counts(10, -2, -1), ['has negative request counts (completed = -2, failed = -1)']],
    [counts(10, 0, 11), ['counts more failed requests than requests in total (failed 11 > total 10)']],
    [counts(10, 8, 3), ['counts more completed and failed requests than requests in total (8 + 3 > 10)']],
  ])('counts %j: %j', (fields, expected) => {
    expect(contradictions(run(fields))).toEqual(expected);
  });

  it('a completed run may not have failed_at, cancelled_at or an error; other statuses may', () => {
    expect(contradictions(run({ failed_at: 5 }))).toEqual(['is completed but has "failed_at" set']);
    expect(contradictions(run({ cancelled_at: 0 }))).toEqual(['is completed but has "cancelled_at" set']);
    expect(contradictions(run({ error: {} }))).toEqual(['is completed but has a non-null "error"']);
    expect(contradictions(run({ status: 'failed', failed_at: 5, error: { message: 'x' } }))).toEqual([]);
    expect(contradictions(run({ failed_at: null, cancelled_at: null }))).toEqual([]);
  });

  it('a completed run with total = 0 evaluated nothing; a failed one is judged by its status alone', () => {
    expect(evaluatedSomethingCriteria(run(counts(0, 0, 0)))).toEqual([
      {
        name: 'Requests evaluated',
        actual: '0 (request_counts.total = 0)',
        allowed: 'at least 1',
        passed: false,
        failure: 'run eval_run_i completed but the run evaluated nothing (request_counts.total = 0)',
      },
    ]);
    expect(evaluatedSomethingCriteria(run({ status: 'failed', ...counts(0, 0, 0) }))).toEqual([]);
    expect(evaluatedSomethingCriteria(run(counts(1, 1, 0)))).toEqual([]);
  });

  it('requests neither completed nor failed on a completed run count as failed and are named', () => {
    const r = run(counts(50, 45, 1));
    expect(unaccountedRequests(r)).toBe(4);
    expect(failedRequestsCriterion(r, { kind: 'count', value: 3 })).toMatchObject({
      actual: '5 of 50 (10%, of which 4 unaccounted for (neither completed nor failed))',
      passed: false,
    });
    expect(failedRequestsCriterion(r, { kind: 'percent', value: 10 }).passed).toBe(true);
    // While running, unprocessed requests are simply not done yet.
    expect(unaccountedRequests(run({ status: 'failed', ...counts(50, 45, 1) }))).toBe(0);
  });
});

describe('metrics (rule 6)', () => {
  const thresholds = (text: string) => {
    const parsed = parseThresholds(text);
    if (!parsed.ok) throw new Error('bad thresholds');
    return parsed.thresholds;
  };
  const criterion = (metrics: unknown, line: string) => thresholdCriteria(metrics, thresholds(line))[0]!;

  it('(a) a key with dots colliding with a nested path is ambiguous, whichever comes first', () => {
    for (const metrics of [
      { 'gpt-x': { accuracy: 0.95 }, 'gpt-x.accuracy': 0.2 },
      { 'gpt-x.accuracy': 0.95, 'gpt-x': { accuracy: 0.2 } },
    ]) {
      const view = readMetrics(metrics);
      expect([...view.ambiguous]).toEqual(['gpt-x.accuracy']);
      expect(criterion(metrics, 'accuracy >= 0.1')).toMatchObject({
        passed: false,
        actual: expect.stringMatching(/^ambiguous: gpt-x\.accuracy /),
      });
    }
  });

  it('(a) an aggregate beside a flattened sibling is ambiguous (no silent preference for the plain value)', () => {
    const metrics = { 'gpt-x': { accuracy: { mean: 0.2 } }, 'gpt-x.accuracy': 0.95 };
    expect([...readMetrics(metrics).ambiguous].sort()).toEqual(['gpt-x.accuracy', 'gpt-x.accuracy.mean']);
    expect(criterion(metrics, 'gpt-x:accuracy >= 0.9').passed).toBe(false);
    // Without the sibling the aggregate is read as usual.
    expect(criterion({ 'gpt-x': { accuracy: { mean: 0.95, stderr: 0.1 } } }, 'accuracy >= 0.9')).toMatchObject({
      passed: true,
      actual: '0.95',
    });
  });

  it('(a) legitimate data is not ambiguous: dotted model names, repeated row labels, several value leaves', () => {
    const view = readMetrics({
      'gpt-4.1': { accuracy: 0.9 },
      'gpt-4': { accuracy: 0.8 },
      rows: [
        { model: 'm', accuracy: 0.5 },
        { model: 'm', accuracy: 0.6 },
      ],
      f1: { mean: 0.7, value: 0.7 },
    });
    expect([...view.ambiguous]).toEqual([]);
  });

  it(`(b) nesting up to ${MAX_METRICS_DEPTH} levels is evaluated; deeper is reported and fails every metric criterion`, () => {
    const nest = (levels: number, leaf: unknown) => {
      let value = leaf;
      for (let i = levels - 1; i >= 0; i--) value = { [`l${i}`]: value };
      return value;
    };
    const deepest = nest(MAX_METRICS_DEPTH - 1, { accuracy: 0.5 });
    expect(readMetrics(deepest).tooDeep).toEqual([]);
    expect(criterion(deepest, 'accuracy >= 0.9')).toMatchObject({ passed: false, actual: '0.5' });
    const tooDeep = { ok: { accuracy: 0.99 }, deep: nest(MAX_METRICS_DEPTH, { accuracy: 0.1 }) };
    expect(readMetrics(tooDeep).tooDeep).toHaveLength(1);
    const c = criterion(tooDeep, 'ok:accuracy >= 0.9');
    expect(c.passed).toBe(false);
    expect(c.actual).toMatch(/^not evaluated: the metrics nest deeper than 64 levels \(at deep\.l0\.l1\./);
  });

  it('(c) a model whose value is not a finite number fails the criterion; other models still show', () => {
    for (const [value, what] of [
      [null, 'null'],
      ['n/a', 'a string'],
      ['0.95', 'a string'],
      [Number.POSITIVE_INFINITY, 'a number out of range'],
      [true, 'boolean'],
    ] as const) {
      const c = criterion({ 'gpt-x': { accuracy: 0.95 }, 'gpt-y': { accuracy: value } }, 'accuracy >= 0.9');
      expect(c).toMatchObject({ passed: false, actual: `gpt-y.accuracy ${what} (not a finite number), …` });
    }
    // Text is never a number, not even when it spells one.
    expect(criterion({ accuracy: '0.95' }, 'accuracy >= 0.9')).toMatchObject({ passed: false });
  });

  it('(c) regressions: a named rule fails on any unusable value; `*` where this run lost a number or a path is ambiguous', () => {
    const compared = compareMetrics({ a: null, b: 0.9, c: 'note', d: 0.5 }, { a: 0.9, b: null, c: 'note', d: 0.5 }, () => false);
    expect(compared.find((c) => c.path === 'a')?.problem).toBe('null in this run (not a finite number)');
    expect(compared.find((c) => c.path === 'b')?.problem).toBe('null in the baseline (not a finite number)');
    const [named, star] = regressionCriteria(compared, [
      { metric: 'b', kind: 'absolute', value: 1 },
      { metric: '*', kind: 'percent', value: 5 },
    ]);
    expect(named).toMatchObject({ passed: false, actual: 'b: null in the baseline (not a finite number)' });
    expect(star).toMatchObject({ passed: false, actual: 'a: null in this run (not a finite number)' });
    const clean = regressionCriteria(
      compareMetrics({ c: 'note', d: 0.5 }, { c: 'note', d: 0.5 }, () => false),
      [{ metric: '*', kind: 'percent', value: 5 }],
    );
    expect(clean[0]?.passed).toBe(true);
  });

  it('(d) __proto__, constructor and prototype are ordinary names in metrics, rows and redacted copies', () => {
    const metrics = JSON.parse(
      '{"__proto__": {"accuracy": 0.2}, "constructor": {"accuracy": 0.95}, "rows": [{"model": "m", "__proto__": {"accuracy": 0.1}}]}',
    );
    expect(Object.fromEntries(readMetrics(metrics).values)).toEqual({
      '__proto__.accuracy': 0.2,
      'constructor.accuracy': 0.95,
      'rows.m.__proto__.accuracy': 0.1,
    });
    expect(criterion(metrics, 'accuracy >= 0.9').passed).toBe(false);
    const copy = redactDeep(metrics, (t) => t);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(metrics));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('listings the server did not filter (rules 1, 2)', () => {
  function lister(runs: EvalRun[]) {
    const client = {
      async listRuns(_params: ListRunsParams): Promise<RunList> {
        return { object: 'list', data: runs, first_id: null, last_id: null, has_more: false, unreadable: [] };
      },
    };
    return client as unknown as EvalsClient;
  }
  const listed = (id: string, created: number, fields: Partial<EvalRun> = {}) =>
    run({ id, created_at: created, metadata: { b: 'main' }, ...fields });

  it('skips and counts runs of another suite, and runs in another status when a status is asked for', async () => {
    const client = lister([
      listed('eval_run_other_suite', 50, { suite_id: 'eval_suite_other' }),
      listed('eval_run_running', 40, { status: 'in_progress' }),
      listed('eval_run_nosuite', 35, { suite_id: '' }),
      listed('eval_run_good', 30),
    ]);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { b: 'main' }, status: 'completed' });
    expect(scan.match?.id).toBe('eval_run_good');
    expect([scan.otherSuite, scan.otherStatus, scan.candidates]).toEqual([2, 1, 1]);
    const noStatus = await scanRuns(client, { suiteId: SUITE, metadata: { b: 'main' } });
    expect(noStatus.match?.id).toBe('eval_run_running');
  });

  it('an unreadable listed run that names another suite or status is passed over, not a reason to stop', async () => {
    const error = new ApiProtocolError('GET /runs', 'run has no "created_at"');
    const client = {
      async listRuns(): Promise<RunList> {
        return {
          object: 'list',
          data: [listed('eval_run_good', 30)],
          first_id: null,
          last_id: null,
          has_more: false,
          unreadable: [
            { id: 'eval_run_odd1', metadata: { b: 'main' }, suiteId: 'eval_suite_other', after: undefined, error },
            { id: 'eval_run_odd2', metadata: { b: 'main' }, suiteId: SUITE, status: 'failed', after: undefined, error },
          ],
        };
      },
    } as unknown as EvalsClient;
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { b: 'main' }, status: 'completed' });
    expect(scan.match?.id).toBe('eval_run_good');
    expect([scan.otherSuite, scan.otherStatus]).toEqual([1, 1]);
  });
});
