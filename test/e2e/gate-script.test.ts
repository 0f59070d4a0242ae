// `npm run gate`: the README's one-line way to run the bundle with your own inputs, against the emulator it starts or
// against an api-url given. It must hand the inputs over as the runner does (INPUT_<NAME>, hyphens kept), exit with
// the action's code and print the outputs and the summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_SUITE, scenarios } from '../emulator/scenarios.ts';
import { SECRET_KEY, withEmulator } from './harness.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/gate.ts', import.meta.url));

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gate(args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, MKA1_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** The value the script printed for one output (`  name   value`). */
function printed(run: ScriptRun, output: string): string | undefined {
  return new RegExp(`^ {2}${output} +(.*)$`, 'm').exec(run.stdout)?.[1];
}

const quick = ['--scenario', 'quick-pass', '--input', `suite-id=${DEMO_SUITE}`, '--input', 'poll-interval=200ms'];

describe('npm run gate', () => {
  it('starts the emulator, runs the bundle with the inputs, prints outputs and summary, exits 0 on a pass', async () => {
    const run = await gate([...quick, '--input', 'metadata=branch=main']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^MKA1 emulator \(scenario quick-pass\) on http:\/\/127\.0\.0\.1:\d+/);
    expect(printed(run, 'outcome')).toBe('pass');
    expect(printed(run, 'status')).toBe('completed');
    expect(run.stdout).toContain('Outputs (exit code 0: the job would pass)');
    expect(run.stdout).toContain('## ✅ MKA1 eval gate passed');
  });

  it('exits 1 on a fail, with the outcome and the reason printed', async () => {
    const run = await gate([...quick, '--input', 'metadata=branch=main', '--input', 'thresholds=accuracy >= 0.9']);
    expect(run.code).toBe(1);
    expect(printed(run, 'outcome')).toBe('fail');
    expect(printed(run, 'reason')).toMatch(/accuracy/);
    expect(run.stdout).toContain('MKA1 eval gate failed');
  });

  it('keeps hyphens in input names (on-inconclusive reaches the action) and joins a repeated input into lines', async () => {
    const run = await gate([
      ...quick,
      '--input',
      'metadata=branch=main',
      '--input',
      'metadata=sha=not-there',
      '--input',
      'timeout=1s',
      '--input',
      'on-inconclusive=warn',
      '--result-json',
    ]);
    expect(run.code).toBe(0); // inconclusive, turned into a warning by `on-inconclusive: warn`
    expect(printed(run, 'outcome')).toBe('inconclusive');
    expect(run.stdout).toMatch(/^::warning::/m);
    const json = JSON.parse(/^ {2}result-json\n(.*)$/m.exec(run.stdout)![1]!);
    expect(json.lookup.metadata).toEqual({ branch: 'main', sha: 'not-there' });
  });

  it('gates the api-url given instead of starting an emulator, with the key from MKA1_API_KEY', async () => {
    await withEmulator(scenarios['quick-pass']!, async (emulator) => {
      const run = await gate(
        [
          '--input',
          `api-url=${emulator.url}`,
          '--input',
          `suite-id=${DEMO_SUITE}`,
          '--input',
          'metadata=branch=main',
          '--input',
          'poll-interval=200ms',
        ],
        { MKA1_API_KEY: SECRET_KEY },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('MKA1 emulator (scenario');
      expect(printed(run, 'outcome')).toBe('pass');
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(emulator.requests.every((r) => r.headers.authorization === `Bearer ${SECRET_KEY}`)).toBe(true);
    });
  });

  it('refuses an input action.yml does not declare, before running anything', async () => {
    const run = await gate(['--input', 'suite=eval_suite_x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--input suite: action\.yml has no such input \(known: api-key, /);
    expect(run.stdout).toBe('');
  });
});
