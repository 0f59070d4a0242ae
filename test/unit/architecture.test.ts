/**
 * The layer map of docs/architecture.md, checked the way `npm run lint` checks it: dependency-cruiser with
 * .dependency-cruiser.mjs, on src/ (no violation) and on a fixture tree that breaks each rule once.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.mjs');
const FIXTURE = path.join(ROOT, 'test/fixtures/layers');

interface Violation {
  from: string;
  to: string;
  dependencyTypes?: string[];
  rule: { name: string; severity: string };
}

interface Run {
  exitCode: number;
  stdout: string;
}

/** Runs the checker's CLI on `<cwd>/src` as `npm run lint` does; with the `err` reporter it exits with the error count. */
async function depcruise(cwd: string, outputType: 'json' | 'err'): Promise<Run> {
  const args = [CLI, 'src', '--config', CONFIG, '--output-type', outputType];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { exitCode: 0, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string };
    if (typeof failed.code !== 'number' || failed.stdout === undefined) throw error;
    return { exitCode: failed.code, stdout: failed.stdout };
  }
}

async function violations(cwd: string): Promise<{ violations: Violation[]; cruised: number }> {
  const report = JSON.parse((await depcruise(cwd, 'json')).stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: report.summary.violations, cruised: report.summary.totalCruised };
}

const line = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('layers (issue 15)', () => {
  // Three checker runs at once: each spends most of its time loading TypeScript.
  let source: Awaited<ReturnType<typeof violations>>;
  let fixture: Awaited<ReturnType<typeof violations>>;
  let fixtureLint: Run;
  beforeAll(async () => {
    [source, fixture, fixtureLint] = await Promise.all([violations(ROOT), violations(FIXTURE), depcruise(FIXTURE, 'err')]);
  });

  it('src/ imports downward only: no cycle (type-only imports included), no upward or sideways import', () => {
    expect(source.violations.map(line)).toEqual([]);
    // It read the whole tree, not an empty or mistyped folder.
    expect(source.cruised).toBeGreaterThan(50);
  });

  it('keeps every module but the entry points in a layer folder', () => {
    const loose = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
    expect(loose).toEqual(['entry.ts', 'index.ts', 'main.ts']);
  });

  it('reports an upward import, a sideways import and a cycle by rule name, and fails', () => {
    expect(fixture.violations.map(line).sort()).toEqual(
      [
        'core-imports-nothing: src/core/outcome.ts -> src/find/find.ts',
        'gate-imports-no-entry: src/gate/gate.ts -> src/main.ts',
        'no-circular: src/judge/criteria.ts -> src/judge/verdict.ts',
        'session-imports-below: src/session/session.ts -> src/find/find.ts',
        'stage-imports-below: src/detach/detach.ts -> src/find/find.ts',
        'stage-imports-below: src/find/find.ts -> src/judge/verdict.ts',
      ].sort(),
    );
    expect(fixture.violations.every((v) => v.rule.severity === 'error')).toBe(true);
    // The upward import is `import type`: type-only imports count.
    const upward = fixture.violations.find((v) => v.rule.name === 'core-imports-nothing');
    expect(upward?.dependencyTypes).toContain('type-only');
    // A non-zero exit is what makes `npm run lint` (and so CI) fail.
    expect(fixtureLint.exitCode).toBe(6);
    expect(fixtureLint.stdout).toContain('error no-circular: src/judge/criteria.ts');
  });
});
