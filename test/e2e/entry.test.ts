// On a Node older than 24 the bundle must say what to do in one line, not crash with a stack trace while loading.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE } from './harness.ts';

function runWith(node: string, preload: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'gate-entry-'));
  const env = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const child = spawnSync(node, [...preload, BUNDLE], {
    env: { ...env, 'INPUT_API-KEY': 'k', 'INPUT_RUN-ID': 'eval_run_x' },
    encoding: 'utf8',
  });
  return {
    code: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    outputs: readFileSync(env.GITHUB_OUTPUT, 'utf8'),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

function expectOneClearLine(run: ReturnType<typeof runWith>, version: string) {
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(
    `::error::MKA1 Eval Gate needs Node.js 24 or later and this is Node.js ${version}: it runs as \`using: node24\`, ` +
      'which needs GitHub Actions runner v2.327.1 or later; update the self-hosted runner.\n',
  );
  expect(run.outputs).toMatch(/^outcome=fail\npassed=false\nreason=MKA1 Eval Gate needs Node\.js 24 or later/);
  expect(run.summary).toContain('### MKA1 eval gate: fail');
}

/** A Node older than 24 on this machine, if any (the system node of a developer machine often is). */
function olderNode(): { path: string; version: string } | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    const probe = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const version = probe.stdout?.trim();
    if (probe.status === 0 && version && Number(version.split('.')[0]) < 24) return { path, version };
  }
  return undefined;
}

describe('entry on an older Node', () => {
  it('prints one line naming the required Node and runner version, and sets the outputs', () => {
    // Node 24 reporting an older version: the check runs before anything else is loaded.
    const fake = 'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"22.1.0"}})';
    expectOneClearLine(runWith(process.execPath, ['--import', fake]), '22.1.0');
  });

  const old = olderNode();
  it.runIf(old)(`does the same on a real older Node (${old?.path ?? 'none found'})`, () => {
    expectOneClearLine(runWith(old!.path), old!.version);
  });

  it('on Node 24 loads the action, which reports bad inputs as usual', () => {
    const run = runWith(process.execPath);
    expect(run.stdout).not.toContain('needs Node.js 24');
    expect(run.stdout).toContain('::error::MKA1 eval gate fail');
  });
});
