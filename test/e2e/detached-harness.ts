/**
 * What the detach and reconcile end-to-end tests share (issue 17): the emulator and the fake GitHub together, the
 * pull request event a `pull_request` workflow gets, and the two kinds of step, run through `node dist/index.js`.
 */
import { expect } from 'vitest';
import type { Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type FakeStatus } from '../fake-github/server.ts';
import { baseInputs, leaksOf, runAction, SECRET_KEY, type ActionRun } from './harness.ts';

export const SUITE = DEMO_SUITE;
export const CONTEXT = `MKA1 eval / ${SUITE}`;
/** Only this token is accepted by the fake GitHub; it must never reach a log, an output or the summary. */
export const TOKEN = 'ghs_detach_test_token_0123456789_DO_NOT_LEAK';
/** The merge commit GITHUB_SHA names on pull_request events: never where a status goes. */
export const MERGE_SHA = 'c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe';
export const SERVER_URL = 'https://github.com';
/** GITHUB_RUN_ID of the pull request workflow and of the reconcile workflow. */
export const PR_RUN_ID = '1234';
export const RECONCILE_RUN_ID = '5678';

/** A head commit per pull request: 40 lower-case hex digits. */
export function headSha(pull: number): string {
  return `${pull.toString(16).padStart(4, '0')}${'ab12'.repeat(9)}`;
}

export interface Fakes {
  emulator: Emulator;
  github: FakeGitHub;
}

export async function withFakes<T>(scenario: Scenario, options: FakeGitHubOptions, fn: (fakes: Fakes) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ scenario, apiKey: SECRET_KEY });
  const github = await startFakeGitHub({ token: TOKEN, ...options });
  try {
    return await fn({ emulator, github });
  } finally {
    await github.close();
    await emulator.close();
  }
}

/** The payload of a pull_request event (GITHUB_EVENT_PATH): the head commit and where its branch lives. */
export function pullRequestEvent(pull: number, options: { fork?: boolean } = {}) {
  return {
    action: 'synchronize',
    number: pull,
    pull_request: {
      number: pull,
      head: { sha: headSha(pull), ref: `feature-${pull}`, repo: { full_name: options.fork ? 'mallory/llm-app' : 'acme/llm-app' } },
      base: { sha: '0'.repeat(40), ref: 'main', repo: { full_name: 'acme/llm-app' } },
    },
  };
}

function runnerEnv(github: FakeGitHub, runId: string): Record<string, string> {
  return { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: SERVER_URL, GITHUB_RUN_ID: runId, GITHUB_SHA: MERGE_SHA };
}

/** The pull request step: `mode: detach` on a pull_request event of pull request `pull`. */
export function runDetach(
  { emulator, github }: Fakes,
  pull: number,
  extra: Record<string, string> = {},
  options: { eventName?: string; fork?: boolean; event?: unknown } = {},
): Promise<ActionRun> {
  return runAction({
    inputs: baseInputs(emulator, { mode: 'detach', 'suite-id': SUITE, 'github-token': TOKEN, 'detach-after': '0', ...extra }),
    env: runnerEnv(github, PR_RUN_ID),
    eventName: options.eventName ?? 'pull_request',
    event: options.event ?? pullRequestEvent(pull, { fork: options.fork }),
  });
}

/** The reconcile workflow's step, on a schedule event. */
export function runReconcile({ emulator, github }: Fakes, extra: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: baseInputs(emulator, {
      mode: 'reconcile',
      'suite-id': SUITE,
      'github-token': TOKEN,
      'detach-after': '0',
      timeout: '30m',
      ...extra,
    }),
    env: runnerEnv(github, RECONCILE_RUN_ID),
    eventName: 'schedule',
    event: { schedule: '*/10 * * * *' },
  });
}

/** Exit code (with the log when it differs), outcome, and neither secret anywhere. */
export function expectEnd(run: ActionRun, code: number, outcome: string): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(code);
  expect(run.outputs.outcome).toBe(outcome);
  expect(leaksOf(run)).toEqual([]);
  expect(leaksOf(run, TOKEN)).toEqual([]);
}

/** The commit status POSTs the fake received, by commit. */
export function statusPosts(github: FakeGitHub, sha?: string) {
  return github.requests.filter(
    (r) => r.method === 'POST' && r.path.startsWith('/repos/acme/llm-app/statuses/') && (!sha || r.path.endsWith(sha)),
  );
}

/** A status this gate wrote before (the pull request step), or that another app wrote. */
export function seedPending(github: FakeGitHub, pull: number, description: string, context = CONTEXT): FakeStatus {
  return github.addStatus({
    sha: headSha(pull),
    state: 'pending',
    context,
    description,
    targetUrl: `${SERVER_URL}/acme/llm-app/actions/runs/${PR_RUN_ID}`,
  });
}

export const reconcileUrl = `${SERVER_URL}/acme/llm-app/actions/runs/${RECONCILE_RUN_ID}`;
export const pullRequestRunUrl = `${SERVER_URL}/acme/llm-app/actions/runs/${PR_RUN_ID}`;

/** Waits (real time, bounded) until the emulator says the run is terminal. */
export async function untilTerminal(emulator: Emulator, runId: string, maxMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = emulator.peekRun(runId)?.status;
    if (status === 'completed' || status === 'failed' || status === 'cancelled') return;
    if (Date.now() - started > maxMs) throw new Error(`run ${runId} still ${String(status)} after ${maxMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
