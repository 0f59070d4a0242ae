// On a Node older than 24 the bundle must say what to do in one line, not crash with a stack trace while loading.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RESULT_SCHEMA_VERSION, type GateResult } from '../../src/core/result.ts';
import { resultJson } from '../../src/report/outputs.ts';
import { BUNDLE, SECRET_KEY, withEmulator } from './harness.ts';

const DECLARED_OUTPUTS = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, unknown> }).outputs,
);

/** The `name=value` lines of a GITHUB_OUTPUT file (the guard writes no multi-line value). */
function outputLines(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const cut = line.indexOf('=');
    expect(cut, `not a name=value line: ${line}`).toBeGreaterThan(0);
    outputs[line.slice(0, cut)] = line.slice(cut + 1);
  }
  return outputs;
}

/** The fields a result-json of the action itself has (for a failure before any request). */
function resultJsonFields(): string[] {
  const result: GateResult = {
    outcome: 'fail',
    reason: 'x',
    run: undefined,
    criteria: [],
    lookup: undefined,
    elapsedMs: 0,
    api: { requests: 0, retries: 0, notModified: 0 },
    cancelRequest: undefined,
    inputProblems: [],
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
  };
  return Object.keys(resultJson(result)).sort();
}

function runWith(node: string, preload: string[] = [], inputs: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gate-entry-'));
  const env = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const child = spawnSync(node, [...preload, BUNDLE], {
    env: { ...env, 'INPUT_API-KEY': 'k', 'INPUT_RUN-ID': 'eval_run_x', ...inputs },
    encoding: 'utf8',
    timeout: 20_000,
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
  const outputs = outputLines(run.outputs);
  // Every output action.yml declares, as the action itself sets them for a failure before any request.
  expect(Object.keys(outputs).sort()).toEqual([...DECLARED_OUTPUTS].sort());
  expect(outputs).toMatchObject({ outcome: 'fail', passed: 'false', 'run-id': '', status: '', created: 'false', reruns: '0' });
  expect(outputs.metrics).toBe('null');
  expect(outputs.reason).toMatch(/^MKA1 Eval Gate needs Node\.js 24 or later and this is Node\.js /);
  const result = JSON.parse(outputs['result-json'] as string) as Record<string, unknown>;
  expect(result).toMatchObject({
    schema_version: RESULT_SCHEMA_VERSION,
    outcome: 'fail',
    passed: false,
    reason: outputs.reason,
    run: null,
  });
  expect(Object.keys(result).sort()).toEqual(resultJsonFields());
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

/** Runs the bundle against an emulator that holds the run: on an older Node, no request may reach it. */
async function runAgainstEmulator(node: string, preload: string[] = []) {
  return withEmulator({ runs: [{ id: 'eval_run_x', total: 5 }] }, async (emulator) => {
    const run = runWith(node, preload, { 'INPUT_API-KEY': SECRET_KEY, 'INPUT_API-URL': emulator.url });
    // A request the child made while this process was blocked in spawnSync is read now.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { run, requests: [...emulator.requests] };
  });
}

describe('entry on an older Node', () => {
  it('prints one line naming the required Node and runner version, sets every output, and sends no request', async () => {
    // Node 24 reporting an older version: the check runs before anything else is loaded.
    const fake = 'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"22.1.0"}})';
    const { run, requests } = await runAgainstEmulator(process.execPath, ['--import', fake]);
    expectOneClearLine(run, '22.1.0');
    expect(requests).toEqual([]);
  });

  const old = olderNode();
  it.runIf(old)(`does the same on a real older Node (${old?.path ?? 'none found'})`, async () => {
    const { run, requests } = await runAgainstEmulator(old!.path);
    expectOneClearLine(run, old!.version);
    expect(requests).toEqual([]);
  });

  it('on Node 24 loads the action, which reports bad inputs as usual', () => {
    const run = runWith(process.execPath);
    expect(run.stdout).not.toContain('needs Node.js 24');
    expect(run.stdout).toContain('::error::MKA1 eval gate fail');
  });
});
