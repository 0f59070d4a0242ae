import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../src/core/config.ts';
import { githubRunContext } from '../../src/inputs/github-context.ts';
import { describeProblem, parseInputs, type InputProblem } from '../../src/inputs/inputs.ts';
import { createBody } from '../../src/find/start-run.ts';

const BASE = { 'api-key': 'mka1_sk_test', 'suite-id': 'eval_suite_1', metadata: 'sha=abc' };
const CREATE = { ...BASE, 'create-run': 'if-missing', models: 'gpt-x' };
const CONTEXT = { github_run_id: '99', github_run_attempt: '2', github_sha: 'abc' };

function parse(values: Record<string, string>, context: Record<string, string> = {}) {
  return parseInputs((name) => values[name] ?? '', context);
}

function config(values: Record<string, string>, context: Record<string, string> = {}): GateConfig {
  const parsed = parse(values, context);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => describeProblem(p)).join('; '));
  return parsed.config;
}

function problems(values: Record<string, string>): InputProblem[] {
  const parsed = parse(values);
  if (parsed.ok) throw new Error('expected the inputs to be rejected');
  return parsed.problems;
}

describe('create-run inputs', () => {
  it('defaults to never, with nothing to create, 0 reruns and 10 failed samples', () => {
    const c = config(BASE);
    expect(c.createRun).toEqual({ mode: 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context: {} });
    expect(c.rerunFailed).toBe(0);
    expect(c.failedSamples).toBe(10);
  });

  it('reads models one per line or comma-separated, the judge and embedding models, run-options and the context', () => {
    const c = config(
      {
        ...CREATE,
        'create-run': 'Always',
        models: 'gpt-x, gpt-y\n  openai/gpt-4o-mini\n',
        'judge-model': ' judge-l ',
        'embedding-model': 'emb-1',
        'run-options': '{"generation": {"temperature": 0}, "grader_concurrency": 4}',
      },
      CONTEXT,
    );
    expect(c.createRun).toEqual({
      mode: 'always',
      models: ['gpt-x', 'gpt-y', 'openai/gpt-4o-mini'],
      judgeModel: 'judge-l',
      embeddingModel: 'emb-1',
      options: { generation: { temperature: 0 }, grader_concurrency: 4 },
      context: CONTEXT,
    });
  });

  it.each([
    [{ 'create-run': 'sometimes' }, 'create-run', /`never`, `if-missing`/],
    [{ models: '' }, 'models', /1 to 20 model ids/],
    [{ models: ' , ,' }, 'models', /1 to 20 model ids/],
    [{ models: Array.from({ length: 21 }, (_, i) => `m${i}`).join(',') }, 'models', /1 to 20/],
    [{ models: 'gpt x' }, 'models', /without spaces/],
    [{ models: 'gpt-x, gpt-x' }, 'models', /each model once/],
    [{ 'judge-model': 'judge l' }, 'judge-model', /without spaces/],
    [{ 'embedding-model': 'emb\u0001' }, 'embedding-model', /without spaces/],
    [{ 'run-options': '{generation: 1}' }, 'run-options', /JSON object/],
    [{ 'run-options': '[1]' }, 'run-options', /JSON object/],
    [{ 'run-options': 'null' }, 'run-options', /JSON object/],
    [{ 'run-options': '{"suite_id": "x"}' }, 'run-options', /no "suite_id" key/],
    [{ 'run-options': '{"models": ["x"]}' }, 'run-options', /no "models" key/],
    [{ 'run-options': '{"metadata": {}}' }, 'run-options', /no "metadata" key/],
    [{ 'run-options': '{"judge_model": "j"}', 'judge-model': 'k' }, 'run-options', /no "judge_model" key when `judge-model`/],
    [{ metadata: '*' }, 'metadata', /key=value pairs with `create-run`/],
    [{ 'run-id': 'eval_run_1' }, 'run-id', /no `run-id` with `create-run`/],
    [{ 'schedule-id': 'eval_sched_1', metadata: '', 'suite-id': '' }, 'schedule-id', /no `schedule-id` with `create-run`/],
  ])('with create-run, %j is reported on %s', (values, input, expected) => {
    const found = problems({ ...CREATE, ...values });
    expect(found.map((p) => p.input)).toEqual([input]);
    expect(describeProblem(found[0] as InputProblem)).toMatch(expected);
  });

  it('accepts judge_model in run-options when the judge-model input is empty, and 20 models', () => {
    const models = Array.from({ length: 20 }, (_, i) => `m${i}`).join('\n');
    expect(config({ ...CREATE, models, 'run-options': '{"judge_model": "j"}' }).createRun.options).toEqual({ judge_model: 'j' });
  });

  it.each(['models', 'judge-model', 'embedding-model', 'run-options'])('rejects %s without create-run (it would do nothing)', (name) => {
    const found = problems({ ...BASE, [name]: name === 'run-options' ? '{}' : 'x' });
    expect(found.map((p) => p.input)).toEqual([name]);
    expect(found[0]?.expected).toMatch(/unless `create-run` is `if-missing` or `always`/);
  });
});

describe('rerun-failed and failed-samples', () => {
  it('reads whole numbers within their bounds', () => {
    expect(config({ ...BASE, 'rerun-failed': '5', 'failed-samples': '100' })).toMatchObject({ rerunFailed: 5, failedSamples: 100 });
    expect(config({ ...BASE, 'rerun-failed': '0', 'failed-samples': '0' })).toMatchObject({ rerunFailed: 0, failedSamples: 0 });
  });

  it.each([
    ['rerun-failed', '6', /from 0 to 5/],
    ['rerun-failed', '-1', /from 0 to 5/],
    ['rerun-failed', 'two', /from 0 to 5/],
    ['rerun-failed', '1.5', /from 0 to 5/],
    ['failed-samples', '101', /from 0 to 100/],
    ['failed-samples', '1e2', /from 0 to 100/],
    ['failed-samples', 'all', /from 0 to 100/],
  ])('rejects %s: %s', (input, value, expected) => {
    const found = problems({ ...BASE, [input]: value });
    expect(found.map((p) => [p.input, p.value])).toEqual([[input, value]]);
    expect(found[0]?.expected).toMatch(expected);
  });
});

describe('the create body', () => {
  it('puts the metadata input over the context keys, and run-options under the fields the gate sets', () => {
    const c = config(
      { ...CREATE, metadata: 'sha=mine\nworkflow=pr', models: 'a,b', 'embedding-model': 'e', 'run-options': '{"grader_concurrency": 2}' },
      CONTEXT,
    );
    if (c.target.kind !== 'lookup') throw new Error('expected a lookup target');
    expect(createBody(c, c.target)).toEqual({
      grader_concurrency: 2,
      suite_id: 'eval_suite_1',
      models: ['a', 'b'],
      embedding_model: 'e',
      metadata: { github_run_id: '99', github_run_attempt: '2', github_sha: 'abc', sha: 'mine', workflow: 'pr' },
    });
  });
});

describe('githubRunContext', () => {
  const env = {
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: 'abc123',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '3',
  };

  function eventFile(payload: unknown): string {
    const path = join(mkdtempSync(join(tmpdir(), 'ctx-')), 'event.json');
    writeFileSync(path, JSON.stringify(payload));
    return path;
  }

  it('reads the five keys, and github_pr on pull request events only', () => {
    const base = {
      github_repository: 'acme/app',
      github_sha: 'abc123',
      github_ref: 'refs/pull/7/merge',
      github_run_id: '42',
      github_run_attempt: '3',
    };
    const event = eventFile({ pull_request: { number: 7 } });
    expect(githubRunContext({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })).toEqual({ ...base, github_pr: '7' });
    expect(githubRunContext({ ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: event })).toMatchObject({
      github_pr: '7',
    });
    expect(githubRunContext({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event })).toEqual(base);
  });

  it('leaves out what the runner does not provide, and ignores an unreadable or odd event', () => {
    expect(githubRunContext({})).toEqual({});
    expect(githubRunContext({ GITHUB_RUN_ID: ' ', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/nonexistent' })).toEqual({});
    const odd = eventFile({ pull_request: { number: '7; rm -rf' } });
    expect(githubRunContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: odd })).toEqual({});
  });
});
