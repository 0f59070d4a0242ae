import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EvalRun } from '../../src/api/models.ts';
import { unreadScheduleReport } from '../../src/find/schedule-report.ts';
import { buildOutputs, MAX_OUTPUT_BYTES, resultJson } from '../../src/report/outputs.ts';
import { RESULT_SCHEMA_VERSION, type GateResult } from '../../src/core/result.ts';

const KEY = 'mka1_sk_outputs_SECRET';
const redact = (text: string) => text.split(KEY).join('***');
const identity = (text: string) => text;

const DECLARED = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, unknown> }).outputs,
);

function run(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    id: 'eval_run_out',
    suite_id: 'eval_suite_out',
    status: 'completed',
    models: ['gpt-x'],
    request_counts: { total: 40, completed: 38, failed: 2 },
    metrics: { accuracy: 0.9, nested: { f1: 0.8 } },
    error: null,
    metadata: { branch: 'main' },
    created_at: 1_700_000_000,
    ...overrides,
  };
}

function result(overrides: Partial<GateResult> = {}): GateResult {
  return {
    outcome: 'pass',
    reason: 'all 2 criteria met',
    run: run(),
    criteria: [{ name: 'Run status', actual: 'completed', allowed: 'completed', passed: true }],
    lookup: { mode: 'metadata', suiteId: 'eval_suite_out', metadata: { branch: 'main' }, candidates: 1, scanned: 3, scans: 1 },
    elapsedMs: 12_345,
    api: { requests: 5, retries: 1, notModified: 2 },
    cancelRequest: undefined,
    inputProblems: [],
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
    ...overrides,
  };
}

describe('buildOutputs', () => {
  it('sets exactly the outputs action.yml declares', () => {
    expect(DECLARED.length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(buildOutputs(result(), identity)).sort()).toEqual([...DECLARED].sort());
    expect(Object.keys(buildOutputs(result({ run: undefined }), identity)).sort()).toEqual([...DECLARED].sort());
  });

  it('fills every output from a judged run', () => {
    const outputs = buildOutputs(
      result({
        baseline: { found: true, run: run({ id: 'eval_run_base' }), how: 'given', comparisons: [] },
      }),
      identity,
    );
    expect(outputs).toMatchObject({
      'run-id': 'eval_run_out',
      status: 'completed',
      passed: 'true',
      outcome: 'pass',
      'requests-total': '40',
      'requests-completed': '38',
      'requests-failed': '2',
      metrics: '{"accuracy":0.9,"nested":{"f1":0.8}}',
      reason: 'all 2 criteria met',
      'baseline-run-id': 'eval_run_base',
      // Set by main once the comment is written, after the other outputs.
      'comment-url': '',
    });
  });

  it('leaves run outputs empty when no run was found', () => {
    const outputs = buildOutputs(result({ outcome: 'inconclusive', reason: 'timeout', run: undefined, criteria: [] }), identity);
    expect(outputs).toEqual({
      'run-id': '',
      status: '',
      passed: 'false',
      outcome: 'inconclusive',
      'requests-total': '',
      'requests-completed': '',
      'requests-failed': '',
      metrics: 'null',
      reason: 'timeout',
      'baseline-run-id': '',
      'schedule-last-run-at': '',
      'comment-url': '',
      created: 'false',
      reruns: '0',
      reconciled: '',
      pending: '',
      'result-json': expect.any(String),
    });
    for (const value of Object.values(outputs)) expect(typeof value).toBe('string');
  });

  it('says metrics are null before results exist', () => {
    expect(buildOutputs(result({ run: run({ status: 'in_progress', metrics: null }) }), identity).metrics).toBe('null');
  });

  it.each(['fail', 'inconclusive'] as const)('sets passed to false for %s', (outcome) => {
    expect(buildOutputs(result({ outcome }), identity)).toMatchObject({ passed: 'false', outcome });
  });

  it('leaves baseline-run-id and comment-url empty when there is none', () => {
    const outputs = buildOutputs(result({ baseline: { found: false, note: 'no completed run' } }), identity);
    expect(outputs['baseline-run-id']).toBe('');
    expect(outputs['comment-url']).toBe('');
  });

  it('keeps reason on one line', () => {
    expect(buildOutputs(result({ reason: 'a\nb\r\nc' }), identity).reason).toBe('a b c');
  });

  it('redacts the key from every output', () => {
    const outputs = buildOutputs(
      result({
        outcome: 'fail',
        reason: `server said: bad key ${KEY}`,
        run: run({ id: `eval_run_${KEY}`, metadata: { leaked: KEY }, metrics: { note: KEY } }),
        inputProblems: [`input "x": got "${KEY}"`],
      }),
      redact,
    );
    for (const [name, value] of Object.entries(outputs)) expect(value, name).not.toContain(KEY);
    expect(outputs.reason).toBe('server said: bad key ***');
    expect(outputs['run-id']).toBe('eval_run_***');
    expect(JSON.parse(outputs['result-json'] as string).reason).toBe('server said: bad key ***');
  });
});

describe('result-json', () => {
  it('has schema_version 1 and the whole verdict', () => {
    const r = result({ cancelRequest: { ok: true, detail: 'asked to cancel' } });
    const json = JSON.parse(buildOutputs(r, identity)['result-json'] as string);
    expect(RESULT_SCHEMA_VERSION).toBe(1);
    expect(json).toEqual({
      schema_version: 1,
      outcome: 'pass',
      passed: true,
      reason: 'all 2 criteria met',
      criteria: r.criteria,
      run: JSON.parse(JSON.stringify(r.run)),
      lookup: r.lookup,
      elapsed_ms: 12_345,
      api: { requests: 5, retries: 1, not_modified: 2 },
      cancel_request: { ok: true, detail: 'asked to cancel' },
      input_problems: [],
      schedule: null,
      baseline: null,
      created: false,
      reruns: [],
      failed_samples: null,
      noise: null,
    });
  });

  it('reports the schedule, and its last run time as an output', () => {
    const schedule = { ...unreadScheduleReport({ kind: 'schedule', scheduleId: 'eval_sched_1', suiteId: undefined, maxAge: undefined }) };
    const read = { ...schedule, read: true, last_run_id: 'eval_run_1', last_run_at: '2026-11-25T03:30:00.000Z' };
    const outputs = buildOutputs(result({ schedule: read }), identity);
    expect(outputs['schedule-last-run-at']).toBe('2026-11-25T03:30:00.000Z');
    expect(JSON.parse(outputs['result-json'] as string).schedule).toEqual(read);
    expect(buildOutputs(result({ schedule }), identity)['schedule-last-run-at']).toBe('');
  });

  it('uses null for what is unknown, and reports a baseline either way', () => {
    const missing = resultJson(result({ run: undefined, lookup: undefined, baseline: { found: false, note: 'none matched' } }));
    expect(missing).toMatchObject({ run: null, lookup: null, cancel_request: null, baseline: { run_id: null, note: 'none matched' } });
    const comparisons = [{ path: 'accuracy', current: 0.9, baseline: 0.92, lowerIsBetter: false }];
    const found = resultJson(result({ baseline: { found: true, run: run({ id: 'eval_run_b' }), how: 'by metadata', comparisons } }));
    expect(found.baseline).toEqual({ run_id: 'eval_run_b', how: 'by metadata', metrics: comparisons });
  });

  it('lists input problems', () => {
    const json = resultJson(result({ outcome: 'fail', run: undefined, inputProblems: ['input "timeout": bad'] }));
    expect(json.input_problems).toEqual(['input "timeout": bad']);
  });
});

describe('output size caps', () => {
  it('keeps every output under the cap, with the verdict intact, when the run is huge', () => {
    const huge = 'x'.repeat(400 * 1024);
    const outputs = buildOutputs(
      result({ run: run({ metrics: { blob: huge }, extra_field: huge } as never), reason: `criteria failed: ${huge}` }),
      identity,
    );
    for (const [name, value] of Object.entries(outputs)) {
      expect(Buffer.byteLength(value), name).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
    }
    expect(JSON.parse(outputs.metrics!)).toMatchObject({ truncated: true });
    const parsed = JSON.parse(outputs['result-json']!);
    expect(parsed).toMatchObject({ schema_version: 1, outcome: 'pass', passed: true, truncated: true });
    expect(parsed.run).toMatchObject({ id: 'eval_run_out', status: 'completed' });
    expect(parsed.run).not.toHaveProperty('extra_field');
    expect(outputs.reason!.length).toBeLessThanOrEqual(2_001);
  });
});
