import { describe, expect, it } from 'vitest';
import { CREATED_AT_SKEW_MS, identityProblems, type RunIdentity } from '../../src/core/identity.ts';
import type { EvalRun } from '../../src/core/run.ts';
import { countsProblem } from '../../src/rerun/rerun-failed.ts';

const T0 = 1_700_000_000_000;

function run(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    id: 'eval_run_1',
    suite_id: 'eval_suite_1',
    status: 'completed',
    models: ['gpt-x', 'gpt-y'],
    judge_model: 'judge-l',
    embedding_model: 'embed-s',
    generation: { temperature: 0, max_output_tokens: 512 },
    request_counts: { total: 10, completed: 10, failed: 0 },
    metrics: null,
    error: null,
    metadata: { sha: 'c0ffee', github_run_id: '1234' },
    created_at: T0 / 1000,
    ...overrides,
  };
}

const listed: RunIdentity = { chosen: 'listed', suiteId: 'eval_suite_1', metadata: { sha: 'c0ffee' } };
const started: RunIdentity = {
  chosen: 'started',
  suiteId: 'eval_suite_1',
  metadata: { sha: 'c0ffee', github_run_id: '1234' },
  started: {
    models: ['gpt-y', 'gpt-x'],
    judgeModel: 'judge-l',
    embeddingModel: 'embed-s',
    options: { generation: { temperature: 0 }, grader_concurrency: 4 },
    notBeforeMs: T0 - CREATED_AT_SKEW_MS,
  },
};

describe('identityProblems: is the run read the run chosen?', () => {
  it('finds nothing wrong with the run chosen (models in another order, options the run does not report)', () => {
    expect(identityProblems(run(), listed)).toEqual([]);
    expect(identityProblems(run(), started)).toEqual([]);
  });

  it('names another suite, or a run that names none', () => {
    expect(identityProblems(run({ suite_id: 'eval_suite_2' }), listed)).toEqual(['belongs to suite eval_suite_2']);
    expect(identityProblems(run({ suite_id: '' }), listed)).toEqual(['names no suite']);
    expect(identityProblems(run({ suite_id: 'eval_suite_2' }), { ...listed, suiteId: undefined })).toEqual([]);
  });

  it('names the metadata keys that differ or are missing, never the values the API sent', () => {
    const identity = { ...listed, metadata: { sha: 'c0ffee', branch: 'main', pr: '7' } };
    const problems = identityProblems(run({ metadata: { sha: 'S3CR3T-ish', pr: '7' } }), identity);
    expect(problems).toEqual(['does not match that metadata (differs in sha, branch)']);
    expect(problems.join()).not.toContain('S3CR3T');
  });

  it.each([
    ['another model', { models: ['gpt-x', 'gpt-z'] }, 'has other models than asked for (gpt-y, gpt-x)'],
    ['a model missing', { models: ['gpt-x'] }, 'has other models than asked for (gpt-y, gpt-x)'],
    ['a model twice', { models: ['gpt-x', 'gpt-x'] }, 'has other models than asked for (gpt-y, gpt-x)'],
    ['an extra model', { models: ['gpt-x', 'gpt-y', 'gpt-z'] }, 'has other models than asked for (gpt-y, gpt-x)'],
    ['another judge', { judge_model: 'auto' }, 'has another judge model than asked for (judge-l)'],
    ['no judge', { judge_model: null }, 'has another judge model than asked for (judge-l)'],
    ['another embedding model', { embedding_model: 'auto' }, 'has another embedding model than asked for (embed-s)'],
    ['another temperature', { generation: { temperature: 0.7 } }, 'reports another "generation" than run-options asked for'],
    ['generation not an object', { generation: 3 }, 'reports another "generation" than run-options asked for'],
    ['another concurrency', { grader_concurrency: 5 }, 'reports another "grader_concurrency" than run-options asked for'],
    [
      'an older run',
      { created_at: (T0 - CREATED_AT_SKEW_MS - 1000) / 1000 },
      'was created at 2023-11-14T22:08:19.000Z, before this gate started (2023-11-14T22:13:20.000Z; 5 minutes of clock skew allowed)',
    ],
  ] as const)('a started run with %s is not the run asked for', (_name, overrides, problem) => {
    expect(identityProblems(run(overrides as Partial<EvalRun>), started)).toEqual([problem]);
  });

  it('accepts what it cannot check: a default judge when none was asked, fields not reported, extra fields reported', () => {
    const identity = { ...started, started: { ...started.started!, judgeModel: undefined, embeddingModel: undefined } };
    expect(identityProblems(run({ judge_model: 'auto', embedding_model: null, generation: null }), identity)).toEqual([]);
    expect(identityProblems(run({ generation: { temperature: 0, top_p: 1 } }), identity)).toEqual([]);
    expect(identityProblems(run({ created_at: (T0 - CREATED_AT_SKEW_MS) / 1000 }), identity)).toEqual([]);
  });

  it('compares arrays in run-options whole', () => {
    const identity = { ...started, started: { ...started.started!, options: { generation: { until: ['\n\n', 'END'] } } } };
    expect(identityProblems(run({ generation: { until: ['\n\n', 'END'] } }), identity)).toEqual([]);
    expect(identityProblems(run({ generation: { until: ['END'] } }), identity)).toEqual([
      'reports another "generation" than run-options asked for',
    ]);
  });

  it('lists every problem at once', () => {
    const problems = identityProblems(run({ suite_id: 'eval_suite_2', metadata: {}, models: [], judge_model: 'x' }), started);
    expect(problems).toHaveLength(4);
  });
});

describe('countsProblem: a rerun cannot make failures disappear', () => {
  const before = { total: 120, completed: 114, failed: 6 };

  it('accepts failed requests becoming completed, or staying failed', () => {
    expect(countsProblem(before, { total: 120, completed: 120, failed: 0 })).toBeUndefined();
    expect(countsProblem(before, { total: 120, completed: 116, failed: 4 })).toBeUndefined();
    expect(countsProblem(before, before)).toBeUndefined();
  });

  it('names a changed total, with the counts before and after', () => {
    expect(countsProblem(before, { total: 100, completed: 100, failed: 0 })).toBe(
      'changed the number of requests (before: 120 total, 114 completed, 6 failed; after: 100 total, 100 completed, 0 failed): ' +
        'a rerun may not make failures disappear, so the counts cannot be trusted',
    );
    expect(countsProblem(before, { total: 130, completed: 130, failed: 0 })).toMatch(/^changed the number of requests/);
  });

  it('names fewer completed requests than before', () => {
    expect(countsProblem(before, { total: 120, completed: 110, failed: 0 })).toMatch(
      /^lowered the number of completed requests \(before: 120 total, 114 completed, 6 failed; after: 120 total, 110 completed, 0 failed\)/,
    );
  });
});
