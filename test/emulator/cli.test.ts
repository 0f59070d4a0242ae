// `npm run emulator`: usage instead of stack traces, and a start-up listing that tells what to point the action at.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_SUITE, scenarios } from './scenarios.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('emulator CLI', () => {
  it('--help prints the usage and exits 0', () => {
    const run = cli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run emulator -- \[options\]/);
    expect(run.stdout).toContain('--scenario NAME');
  });

  it('--help names every route it serves, create, rerun, samples and schedules included', () => {
    const { stdout } = cli('--help');
    for (const route of [
      'GET  /runs ',
      'GET  /runs/{id} ',
      'POST /runs ',
      'POST /runs/{id}/cancel',
      'POST /runs/{id}/rerun-failed',
      'GET  /runs/{id}/samples',
      'GET  /schedules, /schedules/{id}',
      'GET  /suites/{id}',
    ]) {
      expect(stdout).toContain(route);
    }
    expect(stdout).not.toContain('(list, get and cancel runs)');
  });

  it('--list prints one line per scenario with the descriptions in one column', () => {
    const run = cli('--list');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(Object.keys(scenarios));
    const columns = new Set(lines.map((line) => /^\S+\s+/.exec(line)![0].length));
    expect(columns.size).toBe(1);
    expect(lines[0]).toMatch(/^demo {2,}A pull-request run/);
  });

  it('an unknown option names it, prints the usage and exits 2, without a stack trace', () => {
    const run = cli('--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^Unknown option '--bogus'/);
    expect(run.stderr).toContain('Usage: npm run emulator');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects an unknown scenario and a bad port in one line', () => {
    expect(cli('--scenario', 'nope').stderr).toMatch(/^Unknown scenario "nope". Known: demo, /);
    expect(cli('--port', 'eighty').stderr).toBe('--port must be a number from 0 to 65535, got "eighty"\n');
  });

  it('prints the suite id and the metadata of its runs at start', async () => {
    const child = spawn(process.execPath, [CLI, '--scenario', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('  try: curl')) resolve();
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(out).toMatch(/^MKA1 emulator \(scenario demo\) listening on http:\/\/127\.0\.0\.1:\d+\n {2}api key: mka1_emulator_key\n/);
    expect(out).toContain(`  suite ${DEMO_SUITE}: 31 run(s), newest first\n`);
    expect(out).toContain(
      '    eval_run_0d3e5f7a9b1c4d6e8f0a2b4c6d8e0f12  branch=feature/better-prompts, sha=c0ffee1, workflow=pr (appears after 1.0 s)\n',
    );
    expect(out).toContain('    … and 23 older run(s)\n');
  });
});
