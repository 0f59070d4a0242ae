/**
 * `npm run demo`: the committed bundle (dist/index.js) gating a run on a local MKA1 emulator.
 * `npm run demo -- --list` names the demos; `npm run demo -- --scenario NAME` runs one (scripts/demos.ts).
 *
 * Starts the emulator in-process with the `demo` scenario (a pull-request run appears after
 * about 1 s and completes after about 10 s, among 30 older runs), runs the action exactly as
 * the Actions runner would (INPUT_<NAME> variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files), streams its log live, then shows the verdict, the outputs and the job summary.
 * Exits with the action's exit code. Everything stays on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scenarios } from '../test/emulator/scenarios.ts';
import { DEFAULT_EMULATOR_KEY, startEmulator } from '../test/emulator/server.ts';
import { parseOutputFile, runnerEnvironment } from '../test/e2e/harness.ts';
import { DEMOS, type Demo } from './demos.ts';
import { DETACH_HEAD_SHA, runDetachDemo } from './demo-detach.ts';
import { startFakeGitHub } from '../test/fake-github/server.ts';

const BUNDLE = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** `--list`, `--scenario NAME` (default `demo`): which demo to run, or undefined when there is nothing to run. */
function chooseDemo(): { name: string; demo: Demo } | undefined {
  const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'demo' }, list: { type: 'boolean', default: false } } });
  if (values.list) {
    for (const [name, demo] of Object.entries(DEMOS)) console.log(`${name.padEnd(16)} ${demo.about}`);
    return undefined;
  }
  const demo = DEMOS[values.scenario];
  if (!demo) {
    console.error(`Unknown scenario "${values.scenario}". Known: ${Object.keys(DEMOS).join(', ')} (see --list)`);
    process.exitCode = 2;
    return undefined;
  }
  return { name: values.scenario, demo };
}

/** `12 (1 list, 1 create, 10 get)`: what reached the emulator, by route. */
function requestTally(requests: Array<{ route: string }>): string {
  const counts = new Map<string, number>();
  for (const { route } of requests) counts.set(route, (counts.get(route) ?? 0) + 1);
  return `${requests.length} (${[...counts].map(([route, n]) => `${n} ${route}`).join(', ')})`;
}

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const rule = (title: string) => console.log(`\n${bold(`── ${title} ${'─'.repeat(Math.max(3, 60 - title.length))}`)}`);

function verdictLine(outputs: Record<string, string>, code: number): string {
  const outcome = outputs.outcome;
  const reason = outputs.reason ?? '(no reason given)';
  const label =
    outcome === 'pass' ? '✅ PASS' : outcome === 'fail' ? '❌ FAIL' : outcome === 'inconclusive' ? '⚠️  INCONCLUSIVE' : '❓ NO VERDICT';
  const job = code === 0 ? 'the job would pass' : 'the job would fail';
  return `${label}: ${reason} (exit code ${code}: ${job})`;
}

/** The parts of result-json worth a glance; the whole document is in the output for later steps. */
function briefResult(json: string | undefined): string {
  if (!json) return '(not set)';
  try {
    const result = JSON.parse(json) as Record<string, any>;
    const brief = {
      schema_version: result.schema_version,
      outcome: result.outcome,
      criteria: Array.isArray(result.criteria)
        ? result.criteria.map(
            (c: any) =>
              `${c.name}: ${c.actual} (allowed ${c.allowed}) ${c.passed ? 'pass' : c.inconclusive ? 'inconclusive' : 'fail'}${c.within_noise ? ', within noise' : ''}`,
          )
        : result.criteria,
      lookup: result.lookup,
      created: result.created,
      reruns: result.reruns,
      failed_samples: result.failed_samples && { kind: result.failed_samples.kind, failed: result.failed_samples.failed },
      noise: result.noise && { mode: result.noise.mode, confidence: result.noise.confidence, samples: result.noise.samples },
      api: result.api,
      elapsed_ms: result.elapsed_ms,
    };
    return `${JSON.stringify(brief, null, 2)}\n(${json.length} characters in all)`;
  } catch {
    return `(not JSON: ${json.slice(0, 200)})`;
  }
}

/** What a first-time reader of the demo asks: the `::add-mask::` line, a `%25` in an annotation, and why the times differ. */
function readingNotes(outputs: Record<string, string>, processSeconds: string, log: string): string[] {
  const notes = [
    'The first log line, `::add-mask::…`, is the action masking the API key before anything else: the runner turns',
    'it into "hide this value" and never shows it, and every later occurrence of the key appears as ***. Here, outside',
    'the runner, you see it raw (the emulator key is no secret).',
  ];
  if (/^::(error|warning|notice)[^\n]*%25/m.test(log)) {
    notes.push(
      '',
      'In the `::error::` (or `::warning::`) line, `%25` is a `%`: a workflow command carries its message with `%`, CR and',
      "LF escaped as `%25`, `%0D` and `%0A`, which is the runner's own escaping. The runner decodes it, so the annotation",
      'on GitHub reads `%`, as do the `reason` output and the summary below.',
    );
  }
  let result: Record<string, any> = {};
  try {
    result = JSON.parse(outputs['result-json'] ?? '{}') as Record<string, any>;
  } catch {
    return notes;
  }
  const run = (result.run ?? {}) as Record<string, number | undefined>;
  const end = run.completed_at ?? run.failed_at ?? run.cancelled_at;
  const start = run.started_at ?? run.created_at;
  const runTook = typeof end === 'number' && typeof start === 'number' ? `${end - start} s` : 'unknown (not finished)';
  const gateTook = typeof result.elapsed_ms === 'number' ? `${(result.elapsed_ms / 1000).toFixed(1)} s` : 'unknown';
  notes.push(
    '',
    `The run's duration (${runTook}, the summary's "Duration") is the run's own time on MKA1, from its start to its end,`,
    `in whole seconds. The gate's elapsed time (${gateTook}, "gate took …") is how long the action looked for and waited`,
    `on it: from the action's start, including the wait before the run appeared, up to the poll that saw it finish. The`,
    `process ran ${processSeconds} s in all, adding Node's start-up and writing the outputs.`,
  );
  return notes;
}

async function main(): Promise<number> {
  const chosen = chooseDemo();
  if (!chosen) return Number(process.exitCode ?? 0);
  if (!existsSync(BUNDLE)) {
    console.error(`dist/index.js is missing: run \`npm run build\` first, then \`npm run demo\` again.`);
    return 1;
  }
  const { name, demo } = chosen;
  const scenario = scenarios[demo.scenario];
  if (!scenario) throw new Error(`the emulator has no "${demo.scenario}" scenario`);

  if (demo.kind === 'detach') return detachDemo(name, demo, scenario);
  const dir = await mkdtemp(join(tmpdir(), 'mka1-gate-demo-'));
  const emulator = await startEmulator({ scenario, apiKey: DEFAULT_EMULATOR_KEY });
  // Ctrl-C reaches the action too (same process group): it stops and reports what it knows,
  // so the demo waits for it instead of dying first.
  const onSigint = () => console.log('\n(interrupted: waiting for the action to report what it knows)');
  process.on('SIGINT', onSigint);
  try {
    rule(`MKA1 eval gate demo: ${name}`);
    console.log(demo.about);
    console.log(`Emulator: ${emulator.url} (scenario "${demo.scenario}": ${scenario.description ?? ''})`);
    console.log('Inputs:');
    for (const [input, value] of Object.entries(demo.inputs))
      console.log(`  ${input}: ${value.replace(/\n/g, '\n' + ' '.repeat(input.length + 4))}`);
    console.log(`  api-url: ${emulator.url}`);

    const inputs = { ...demo.inputs, 'api-key': emulator.apiKey, 'api-url': emulator.url };
    const { env, outputPath, summaryPath } = await runnerEnvironment(dir, inputs, { event: demo.event });

    rule('Action log (node dist/index.js)');
    const started = performance.now();
    const child = spawn(process.execPath, [BUNDLE], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stdout, { end: false });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.pipe(process.stderr, { end: false });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const exitCode = code ?? 1;

    const outputs = parseOutputFile(await readFile(outputPath, 'utf8'));
    const summary = await readFile(summaryPath, 'utf8');

    rule('Verdict');
    console.log(bold(verdictLine(outputs, exitCode)));
    console.log(
      `The action ran for ${seconds}s${signal ? ` and was killed by ${signal}` : ''}; API requests that reached the emulator: ${requestTally(emulator.requests)}.`,
    );

    rule('Reading this');
    for (const line of readingNotes(outputs, seconds, log)) console.log(line);

    rule('Outputs');
    const names = Object.keys(outputs).filter((name) => name !== 'result-json');
    const width = Math.max(0, ...names.map((name) => name.length));
    if (names.length === 0) console.log('(none written)');
    for (const name of names) console.log(`  ${name.padEnd(width)}  ${outputs[name] === '' ? '(empty)' : outputs[name]}`);
    console.log(`  result-json (brief):\n${briefResult(outputs['result-json']).replace(/^/gm, '    ')}`);

    rule('Job summary (markdown, as GitHub would render it on the run page)');
    console.log(summary.trim() || '(no summary written)');
    console.log();
    return exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The two steps of detached mode, with the fake GitHub for the commit statuses (scripts/demo-detach.ts). */
async function detachDemo(name: string, demo: Demo, scenario: NonNullable<(typeof scenarios)[string]>): Promise<number> {
  const emulator = await startEmulator({ scenario, apiKey: DEFAULT_EMULATOR_KEY });
  const github = await startFakeGitHub({ pulls: [{ number: 7, headSha: DETACH_HEAD_SHA, headRef: 'feature/better-prompts' }] });
  try {
    rule(`MKA1 eval gate demo: ${name}`);
    console.log(demo.about);
    console.log(`Emulator: ${emulator.url} (scenario "${demo.scenario}": ${scenario.description ?? ''})`);
    console.log(`Fake GitHub: ${github.url} (pull request #7, head commit ${DETACH_HEAD_SHA.slice(0, 7)})`);
    return await runDetachDemo({ bundle: BUNDLE, emulator, github, shared: demo.inputs, pullRequest: demo.pullRequestInputs ?? {} });
  } finally {
    await github.close();
    await emulator.close();
  }
}

process.exitCode = await main();
