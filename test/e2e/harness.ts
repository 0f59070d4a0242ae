import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../emulator/model.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { escapeCell } from '../../src/report/markdown.ts';

/** GATE_BUNDLE points at another build (e.g. a private copy while other test runs rebuild dist/). */
export const BUNDLE = process.env.GATE_BUNDLE || fileURLToPath(new URL('../../dist/index.js', import.meta.url));
/**
 * Node's on-disk cache of compiled code for the spawned bundles: each of the hundreds of processes skips compiling the
 * 2 MB bundle again (about a sixth of its start-up CPU). Only a cache: entries are checked against the code they
 * were made from, so it never changes what runs.
 */
const COMPILE_CACHE = fileURLToPath(new URL('../../.tmp/compile-cache', import.meta.url));
/** A recognisable key: tests assert it never leaks anywhere but the ::add-mask:: line. */
export const SECRET_KEY = 'mka1_sk_test_9f8e7d6c5b4a_DO_NOT_LEAK';

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Parsed `result-json` output (undefined if absent). */
  result: any;
  durationMs: number;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** GitHub event payload written to GITHUB_EVENT_PATH. */
  event?: unknown;
  eventName?: string;
  /** Kill the process if it runs longer than this (a test failure, not a behaviour). */
  killAfterMs?: number;
  onSpawn?: (child: ChildProcess) => void;
}

export interface RunnerEnvironment {
  env: Record<string, string>;
  outputPath: string;
  summaryPath: string;
}

/**
 * The environment the Actions runner gives a JavaScript action, in `dir`: INPUT_<NAME> variables
 * (upper-cased, hyphens kept) and the GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_EVENT_PATH files.
 */
export async function runnerEnvironment(
  dir: string,
  inputs: Record<string, string>,
  options: Pick<RunActionOptions, 'env' | 'event' | 'eventName'> = {},
): Promise<RunnerEnvironment> {
  const outputPath = join(dir, 'output.txt');
  const summaryPath = join(dir, 'summary.md');
  const eventPath = join(dir, 'event.json');
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  await writeFile(eventPath, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_REPOSITORY: 'acme/llm-app',
    GITHUB_SHA: 'c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe',
    GITHUB_RUN_ID: '1234',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: 'refs/pull/7/merge',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, outputPath, summaryPath };
}

/** Runs `node dist/index.js` exactly as the Actions runner does. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'gate-e2e-'));
  const environment = { ...options, env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...options.env } };
  const { env, outputPath, summaryPath } = await runnerEnvironment(dir, options.inputs, environment);
  const started = performance.now();
  const child = spawn(process.execPath, [BUNDLE], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 25_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(killer);
  const durationMs = performance.now() - started;
  const outputs = parseOutputFile(await readFile(outputPath, 'utf8'));
  const summary = await readFile(summaryPath, 'utf8');
  await rm(dir, { recursive: true, force: true });
  const resultJson = outputs['result-json'];
  return { code, signal, stdout, stderr, outputs, summary, result: resultJson ? JSON.parse(resultJson) : undefined, durationMs };
}

/** Parses the `name<<delimiter` blocks that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

/** Starts an emulator with the test key, runs `fn`, always closes it. */
export async function withEmulator<T>(scenario: Scenario, fn: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ scenario, apiKey: SECRET_KEY });
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** Inputs every gate run needs against an emulator. */
export function baseInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return { 'api-key': SECRET_KEY, 'api-url': emulator.url, 'poll-interval': '200ms', timeout: '15s', ...extra };
}

/**
 * `text` as the summary's Markdown escaping renders it (HTML entities, backslash escapes, a
 * zero-width space after @ and #): a key escaped as `mka1\_sk\_…` is still the key to a reader.
 */
export function markdownEscaped(text: string): string {
  return escapeCell(text, Number.POSITIVE_INFINITY);
}

/**
 * The key may appear only in the ::add-mask:: command; anywhere else it leaked, whether as is
 * or in its Markdown-escaped form (which the runner's masking does not recognise either).
 */
export function leaksOf(run: ActionRun, key = SECRET_KEY): string[] {
  const forms = [...new Set([key, markdownEscaped(key)])];
  const holds = (text: string) => forms.some((form) => text.includes(form));
  const places: string[] = [];
  const stdoutWithoutMask = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  if (holds(stdoutWithoutMask)) places.push('stdout');
  if (holds(run.stderr)) places.push('stderr');
  if (holds(run.summary)) places.push('summary');
  for (const [name, value] of Object.entries(run.outputs)) if (holds(value)) places.push(`output ${name}`);
  return places;
}
