/**
 * `npm run gate -- --input NAME=VALUE …`: run the committed bundle (dist/index.js) with your own inputs, locally.
 *
 *   npm run gate -- --input suite-id=eval_suite_… --input metadata=sha=c0ffee1
 *   MKA1_API_KEY=… npm run gate -- --input api-url=https://apigw.mka1.com --input suite-id=… --input metadata=sha=…
 *
 * `INPUT_API-KEY=… node dist/index.js` is what the Actions runner does, but a shell cannot set a variable whose name
 * holds a hyphen. This script does it for you, exactly as the runner does: every input as `INPUT_<NAME>` (upper-cased,
 * hyphens kept), action.yml's defaults for the inputs not given (as the runner fills them in), and fresh
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, which it prints afterwards. Without `--input api-url=…` it starts
 * the local MKA1 emulator (scenario `demo`, or `--scenario NAME`) and points the action at it; with one, the key comes
 * from `--input api-key=…` or, better (a command line lands in the shell history), the MKA1_API_KEY variable.
 * Exits with the action's exit code (0 pass, 1 fail or inconclusive), 2 for a usage error.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readAction } from './action-docs.ts';
import { scenarios } from '../test/emulator/scenarios.ts';
import { DEFAULT_EMULATOR_KEY, startEmulator, type Emulator } from '../test/emulator/server.ts';
import { BUNDLE, parseOutputFile } from '../test/e2e/harness.ts';

const USAGE = `Usage: npm run gate -- --input NAME=VALUE [--input NAME=VALUE …] [options]

Runs dist/index.js as the Actions runner does, with the inputs given (the names of action.yml).
Giving the same input twice adds a line (metadata, thresholds, max-regression take one item per line).

Options:
  --input NAME=VALUE  an input of action.yml, e.g. --input suite-id=eval_suite_… --input metadata=sha=c0ffee1
  --scenario NAME     without an api-url input: the emulator scenario to serve (default demo; npm run emulator -- --list)
  --env NAME=VALUE    an environment variable for the action, e.g. --env GITHUB_EVENT_NAME=push
  --result-json       print the result-json output whole (it is long)
  --help              this text

Without --input api-url=… the local MKA1 emulator is started and used (its key is filled in).
With a real api-url, pass the key in the MKA1_API_KEY environment variable (or --input api-key=…).`;

/** Variables that would leak the caller's own job into the action's run (its outputs, its inputs). */
const NOT_INHERITED = /^(INPUT_|npm_|GITHUB_(OUTPUT|STEP_SUMMARY|STATE|ENV|PATH)$)/i;

interface Request {
  inputs: Record<string, string>;
  env: Record<string, string>;
  scenario: string;
  printResultJson: boolean;
}

class UsageError extends Error {}

function pairs(values: string[] | undefined, what: string): Array<[string, string]> {
  return (values ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${what} "${pair}" is not NAME=VALUE`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

function parseRequest(argv: string[], declared: string[]): Request | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      scenario: { type: 'string', default: 'demo' },
      'result-json': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const inputs: Record<string, string> = {};
  for (const [name, value] of pairs(values.input, '--input')) {
    if (!declared.includes(name)) throw new UsageError(`--input ${name}: action.yml has no such input (known: ${declared.join(', ')})`);
    inputs[name] = name in inputs ? `${inputs[name]}\n${value}` : value;
  }
  if (!scenarios[values.scenario]) {
    throw new UsageError(`Unknown scenario "${values.scenario}". Known: ${Object.keys(scenarios).join(', ')}`);
  }
  return { inputs, env: Object.fromEntries(pairs(values.env, '--env')), scenario: values.scenario, printResultJson: values['result-json'] };
}

/** What the runner gives a JavaScript action: the caller's environment, every input (defaults filled in), the files. */
function actionEnvironment(request: Request, defaults: Record<string, string>, dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !NOT_INHERITED.test(name)) env[name] = value;
  Object.assign(env, request.env, {
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    RUNNER_TEMP: dir,
  });
  for (const [name, value] of Object.entries({ ...defaults, ...request.inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** action.yml's defaults, as the runner fills them in; expressions (`${{ github.token }}`) have no value here. */
function declaredDefaults(): { names: string[]; defaults: Record<string, string> } {
  const action = readAction(fileURLToPath(new URL('../action.yml', import.meta.url)));
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = input.default === undefined ? '' : String(input.default);
    if (!value.includes('${{')) defaults[name] = value;
  }
  return { names: Object.keys(action.inputs), defaults };
}

async function runBundle(env: Record<string, string>, dir: string): Promise<number> {
  const child = spawn(process.execPath, [BUNDLE], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  // Ctrl-C reaches the action too (same process group): it reports what it knows, so wait for it.
  const onSigint = () => console.log('\n(interrupted: waiting for the action to report what it knows)');
  process.on('SIGINT', onSigint);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const rule = (title: string) => console.log(`\n── ${title} ${'─'.repeat(Math.max(3, 60 - title.length))}`);

async function report(dir: string, code: number, printResultJson: boolean): Promise<void> {
  const outputs = parseOutputFile(await readFile(join(dir, 'output.txt'), 'utf8'));
  rule(`Outputs (exit code ${code}: the job would ${code === 0 ? 'pass' : 'fail'})`);
  const names = Object.keys(outputs).filter((name) => name !== 'result-json');
  const width = Math.max(0, ...names.map((name) => name.length));
  if (Object.keys(outputs).length === 0) console.log('(none written)');
  for (const name of names) console.log(`  ${name.padEnd(width)}  ${outputs[name] === '' ? '(empty)' : outputs[name]}`);
  const json = outputs['result-json'];
  if (json !== undefined) {
    console.log(printResultJson ? `  result-json\n${json}` : `  result-json: ${json.length} characters (--result-json prints it)`);
  }
  rule('Job summary (Markdown)');
  console.log((await readFile(join(dir, 'summary.md'), 'utf8')).trim() || '(no summary written)');
}

async function withApi<T>(request: Request, fn: (emulator?: Emulator) => Promise<T>): Promise<T> {
  if (request.inputs['api-url']) {
    request.inputs['api-key'] ??= process.env.MKA1_API_KEY ?? '';
    return fn();
  }
  const apiKey = request.inputs['api-key'] ?? DEFAULT_EMULATOR_KEY;
  const emulator = await startEmulator({ scenario: scenarios[request.scenario]!, apiKey });
  Object.assign(request.inputs, { 'api-url': emulator.url, 'api-key': apiKey });
  console.log(`MKA1 emulator (scenario ${request.scenario}) on ${emulator.url}; --input api-url=… gates a real API instead.`);
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { names, defaults } = declaredDefaults();
  let request: Request | undefined;
  try {
    request = parseRequest(argv, names);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!request) {
    console.log(USAGE);
    return 0;
  }
  if (!existsSync(BUNDLE)) {
    console.error('dist/index.js is missing: run `npm run build` first.');
    return 1;
  }
  const dir = await mkdtemp(join(tmpdir(), 'mka1-gate-'));
  try {
    return await withApi(request, async () => {
      const env = actionEnvironment(request, defaults, dir);
      await Promise.all([writeFile(env.GITHUB_OUTPUT!, ''), writeFile(env.GITHUB_STEP_SUMMARY!, '')]);
      const code = await runBundle(env, dir);
      await report(dir, code, request.printResultJson);
      return code;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
