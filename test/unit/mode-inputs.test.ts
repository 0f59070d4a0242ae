/** `mode`, `detach-after` and `status-context` (issue 17): what each mode needs from the inputs and the event, and what it refuses. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../src/core/config.ts';
import { githubEnvironment, NO_GITHUB_ENVIRONMENT, type GitHubEnvironment } from '../../src/inputs/github-environment.ts';
import { describeProblem, parseInputs } from '../../src/inputs/inputs.ts';

const HEAD = 'ab'.repeat(20);
const BASE = { 'api-key': 'mka1_sk_test', 'suite-id': 'eval_suite_1', 'github-token': 'ghs_token', 'detach-after': '0' };
const PULL_REQUEST: GitHubEnvironment = {
  eventName: 'pull_request',
  payload: {
    pull_request: { number: 12, head: { sha: HEAD, repo: { full_name: 'acme/app' } }, base: { repo: { full_name: 'acme/app' } } },
  },
  repository: { owner: 'acme', repo: 'app' },
  apiUrl: 'https://api.github.com',
  runUrl: 'https://github.com/acme/app/actions/runs/99',
};

function parse(values: Record<string, string>, environment: GitHubEnvironment = PULL_REQUEST) {
  const map = new Map(Object.entries({ ...BASE, ...values }));
  return parseInputs((name) => map.get(name) ?? '', {}, environment);
}

function config(values: Record<string, string>, environment?: GitHubEnvironment): GateConfig {
  const parsed = parse(values, environment);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => describeProblem(p)).join('; '));
  return parsed.config;
}

function problems(values: Record<string, string>, environment?: GitHubEnvironment): string[] {
  const parsed = parse(values, environment);
  if (parsed.ok) throw new Error('expected the inputs to be rejected');
  return parsed.problems.map((p) => describeProblem(p));
}

describe('mode: wait', () => {
  it('is the default and leaves the config as it was before modes existed', () => {
    const parsed = config({ metadata: 'sha=1' });
    expect(parsed).not.toHaveProperty('mode');
    expect(config({ metadata: 'sha=1', mode: 'WAIT' })).toEqual(parsed);
  });

  it('refuses the detached inputs rather than ignore them, and an unknown mode', () => {
    expect(problems({ metadata: 'sha=1', 'detach-after': '5m' })).toEqual([
      'input "detach-after": got "5m"; expected nothing unless `mode` is `detach`',
    ]);
    expect(problems({ metadata: 'sha=1', 'status-context': 'ci/eval' })[0]).toMatch(
      /^input "status-context".*unless `mode` is `detach` or `reconcile`/,
    );
    expect(problems({ metadata: 'sha=1', mode: 'later' })[0]).toMatch(
      /^input "mode": got "later"; expected `wait`.*`detach` or `reconcile`/,
    );
  });
});

describe('mode: detach', () => {
  it('reads the head commit from the event, never GITHUB_SHA, and the default context from suite-id', () => {
    const parsed = config({ mode: 'detach', metadata: 'sha=1', 'create-run': 'if-missing', models: 'gpt-x', 'detach-after': '90s' });
    expect(parsed.mode).toEqual({
      kind: 'detach',
      detachAfterMs: 90_000,
      pullRequest: { number: 12, headSha: HEAD, fromFork: false },
      status: {
        context: 'MKA1 eval / eval_suite_1',
        apiUrl: 'https://api.github.com',
        owner: 'acme',
        repo: 'app',
        runUrl: PULL_REQUEST.runUrl,
      },
    });
  });

  it.each(['merge_group', 'push', 'schedule', 'workflow_dispatch'])('is an input error on %s events, saying to use mode: wait', (event) => {
    const found = problems({ mode: 'detach', metadata: 'sha=1' }, { ...PULL_REQUEST, eventName: event });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^input "mode": got "detach"; expected \`wait\` on ${event} events: .*\`mode: wait\``));
    if (event === 'merge_group') expect(found[0]).toMatch(/merge queue/);
    else expect(found[0]).toMatch(/merge queues and pushes need `mode: wait`/);
  });

  it('needs a payload that names the head commit', () => {
    const found = problems({ mode: 'detach', metadata: 'sha=1' }, { ...PULL_REQUEST, payload: { pull_request: { number: 3 } } });
    expect(found).toEqual([expect.stringMatching(/^input "mode": got "detach"; expected a pull request event whose payload .*head\.sha/)]);
  });

  it('refuses schedule-id, a detach-after not shorter than timeout, no token and no repository', () => {
    expect(problems({ mode: 'detach', 'schedule-id': 'eval_sched_1', 'suite-id': '' })).toEqual([
      expect.stringMatching(/^input "status-context": got ""; expected the commit status context/),
      expect.stringMatching(/^input "schedule-id".*nothing with `mode: detach`/),
    ]);
    expect(problems({ mode: 'detach', metadata: 'sha=1', 'detach-after': '30m' })).toEqual([
      expect.stringMatching(/^input "detach-after": got "30m"; expected a duration shorter than `timeout` \(30m\), e.g. `0`/),
    ]);
    expect(problems({ mode: 'detach', metadata: 'sha=1', 'detach-after': 'soon' })[0]).toMatch(/^input "detach-after"/);
    expect(problems({ mode: 'detach', metadata: 'sha=1', 'github-token': '' })).toEqual([
      expect.stringMatching(/^input "github-token": got ""; expected a token that can write commit statuses .*statuses: write/),
    ]);
    expect(problems({ mode: 'detach', metadata: 'sha=1' }, { ...PULL_REQUEST, repository: undefined })[0]).toMatch(
      /^input "mode": got "detach"; expected a runner that sets GITHUB_REPOSITORY/,
    );
  });

  it('takes a status-context of one printable line, and needs one when there is no suite-id', () => {
    const parsed = config({ mode: 'detach', 'suite-id': '', 'run-id': 'eval_run_1', 'status-context': 'evals / nightly' });
    expect(parsed.mode?.status.context).toBe('evals / nightly');
    expect(problems({ mode: 'detach', metadata: 'sha=1', 'status-context': 'a\nb' })[0]).toMatch(/^input "status-context".*one line/);
    expect(problems({ mode: 'detach', 'suite-id': '', 'run-id': 'eval_run_1' })[0]).toMatch(/^input "status-context"/);
  });
});

describe('mode: reconcile', () => {
  it('needs only suite-id and the token; the timeout is kept as written for the status', () => {
    const parsed = config(
      { mode: 'reconcile', timeout: '45m', 'rerun-failed': '2', thresholds: 'accuracy >= 0.8' },
      { ...PULL_REQUEST, eventName: 'schedule', payload: {} },
    );
    expect(parsed.mode).toEqual({
      kind: 'reconcile',
      suiteId: 'eval_suite_1',
      timeoutText: '45m',
      status: {
        context: 'MKA1 eval / eval_suite_1',
        apiUrl: 'https://api.github.com',
        owner: 'acme',
        repo: 'app',
        runUrl: PULL_REQUEST.runUrl,
      },
    });
    expect(parsed.target).toEqual({ kind: 'lookup', suiteId: 'eval_suite_1', metadata: {} });
    expect(parsed.createRun.mode).toBe('never');
    expect(parsed.timeoutMs).toBe(45 * 60_000);
  });

  it('refuses every input that would find or start a run, one problem each', () => {
    const found = problems({
      mode: 'reconcile',
      'run-id': 'eval_run_1',
      metadata: 'sha=1',
      'create-run': 'if-missing',
      models: 'gpt-x',
      'cancel-run-on': 'timeout',
      'detach-after': '1m',
    });
    expect(found.map((p) => /^input "([^"]+)"/.exec(p)?.[1])).toEqual([
      'run-id',
      'metadata',
      'models',
      'create-run',
      'cancel-run-on',
      'detach-after',
    ]);
    for (const problem of found.slice(0, 4)) expect(problem).toMatch(/`mode: reconcile`/);
  });

  it('needs suite-id and a token', () => {
    expect(problems({ mode: 'reconcile', 'suite-id': '', 'github-token': '' })).toEqual([
      expect.stringMatching(/^input "suite-id": got ""; expected the suite whose pending statuses/),
      expect.stringMatching(/^input "github-token".*`mode` is `reconcile`/),
    ]);
  });

  it('says the token is missing once when comment: true asks for it too', () => {
    expect(problems({ mode: 'reconcile', comment: 'true', 'github-token': '' })).toHaveLength(1);
  });
});

describe('githubEnvironment', () => {
  it('reads the event, its payload, the repository and the run page from the runner variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-env-'));
    try {
      writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 4 } }));
      writeFileSync(join(dir, 'bad.json'), '{not json');
      const env = {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'event.json'),
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_API_URL: 'https://ghe.example/api/v3/',
        GITHUB_SERVER_URL: 'https://ghe.example',
        GITHUB_RUN_ID: '77',
      };
      expect(githubEnvironment(env)).toEqual({
        eventName: 'pull_request',
        payload: { pull_request: { number: 4 } },
        repository: { owner: 'acme', repo: 'app' },
        apiUrl: 'https://ghe.example/api/v3',
        runUrl: 'https://ghe.example/acme/app/actions/runs/77',
      });
      expect(githubEnvironment({ ...env, GITHUB_EVENT_PATH: join(dir, 'bad.json'), GITHUB_REPOSITORY: 'not a repo' })).toMatchObject({
        payload: undefined,
        repository: undefined,
      });
      expect(githubEnvironment({})).toEqual(NO_GITHUB_ENVIRONMENT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
