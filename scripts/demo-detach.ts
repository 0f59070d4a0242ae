/**
 * `npm run demo -- --scenario detach` (issue 17): the two steps of detached mode, each run as the Actions runner would
 * run the committed bundle, against the emulator and the fake GitHub on 127.0.0.1:
 *
 *  1. the pull request step (`mode: detach`) starts the run, posts a pending commit status on the head commit and
 *     exits in seconds;
 *  2. the run goes on on MKA1 while no runner waits;
 *  3. the reconcile step (`mode: reconcile`, as a scheduled workflow runs it) judges the finished run and completes
 *     the status.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../test/emulator/server.ts';
import type { FakeGitHub } from '../test/fake-github/server.ts';
import { parseOutputFile, runnerEnvironment } from '../test/e2e/harness.ts';

export const DETACH_HEAD_SHA = '7e57c0ffee7e57c0ffee7e57c0ffee7e57c0ffee';
export const DETACH_TOKEN = 'ghs_demo_token_not_a_secret';

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const rule = (title: string) => console.log(`\n${bold(`── ${title} ${'─'.repeat(Math.max(3, 60 - title.length))}`)}`);

export interface DetachDemo {
  bundle: string;
  emulator: Emulator;
  github: FakeGitHub;
  /** The inputs both steps share (suite, judging rules). */
  shared: Record<string, string>;
  /** The pull request step's own inputs. */
  pullRequest: Record<string, string>;
}

interface StepRun {
  code: number;
  seconds: number;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs both steps and shows what a reader of the pull request would see in between. Returns the reconcile's exit code. */
export async function runDetachDemo(demo: DetachDemo): Promise<number> {
  const { emulator, github } = demo;
  const context = `MKA1 eval / ${demo.shared['suite-id']}`;
  const common = { ...demo.shared, 'api-key': emulator.apiKey, 'api-url': emulator.url, 'github-token': DETACH_TOKEN };
  const event = {
    pull_request: {
      number: 7,
      head: { sha: DETACH_HEAD_SHA, ref: 'feature/better-prompts', repo: { full_name: 'acme/llm-app' } },
      base: { ref: 'main', repo: { full_name: 'acme/llm-app' } },
    },
  };

  rule('1. The pull request step: mode: detach (on: pull_request)');
  const step = await runStep(demo.bundle, { ...common, ...demo.pullRequest, mode: 'detach' }, 'pull_request', event, github, '1001');
  showStep(step, ['outcome', 'passed', 'run-id', 'status', 'reason']);
  showStatuses(github, context);
  const runId = step.outputs['run-id'];
  if (step.code !== 0 || !runId) return step.code || 1;

  rule('2. No runner waits: the run goes on on MKA1');
  await untilTerminal(emulator, runId);

  rule('3. The reconcile: mode: reconcile (on: schedule, every 10 minutes)');
  const reconcile = await runStep(demo.bundle, { ...common, mode: 'reconcile' }, 'schedule', {}, github, '1002');
  showStep(reconcile, ['outcome', 'reconciled', 'pending', 'reason']);
  showStatuses(github, context);

  rule('Reconcile summary (markdown, as GitHub would render it on the run page)');
  console.log(reconcile.summary.trim() || '(no summary written)');
  rule('Runner time');
  console.log(
    `The pull request step ran ${step.seconds.toFixed(1)} s and the reconcile ${reconcile.seconds.toFixed(1)} s of process time,`,
  );
  console.log('each billed as one whole runner minute; the run itself took its time on MKA1, with no runner held.');
  console.log();
  return reconcile.code;
}

async function runStep(
  bundle: string,
  inputs: Record<string, string>,
  eventName: string,
  event: unknown,
  github: FakeGitHub,
  runId: string,
): Promise<StepRun> {
  const dir = await mkdtemp(join(tmpdir(), 'mka1-gate-demo-'));
  try {
    const { env, outputPath, summaryPath } = await runnerEnvironment(dir, inputs, {
      eventName,
      event,
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: runId,
        GITHUB_SHA: 'c0ffee1'.padEnd(40, '0'),
      },
    });
    const started = performance.now();
    const child = spawn(process.execPath, [bundle], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stdout, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
    });
    const seconds = (performance.now() - started) / 1000;
    return { code, seconds, outputs: parseOutputFile(await readFile(outputPath, 'utf8')), summary: await readFile(summaryPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function showStep(step: StepRun, names: string[]): void {
  console.log(bold(`\nexit code ${step.code} after ${step.seconds.toFixed(1)} s`));
  for (const name of names) console.log(`  ${name.padEnd(10)}  ${step.outputs[name] || '(empty)'}`);
}

/** The commit statuses of the head commit, oldest first: what the pull request's checks list shows, newest last. */
function showStatuses(github: FakeGitHub, context: string): void {
  console.log(bold(`\nCommit statuses "${context}" on the head commit ${DETACH_HEAD_SHA.slice(0, 7)}:`));
  for (const status of github.statusesOf(DETACH_HEAD_SHA)) {
    console.log(`  ${status.state.padEnd(8)} ${status.description ?? ''}  → ${status.target_url ?? '(no link)'}`);
  }
}

async function untilTerminal(emulator: Emulator, runId: string): Promise<void> {
  let last = '';
  for (;;) {
    const run = emulator.peekRun(runId) as { status?: string; request_counts?: { completed: number; total: number } } | undefined;
    const line = `  run ${runId}: ${run?.status ?? 'unknown'} ${run?.request_counts?.completed ?? 0}/${run?.request_counts?.total ?? 0}`;
    if (line !== last) console.log(line);
    last = line;
    if (!run || ['completed', 'failed', 'cancelled'].includes(String(run.status))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
