import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { BundleStatus } from './e2e/bundle-ready.ts';

/**
 * Builds dist/ from the current sources, so end-to-end tests never run a stale bundle.
 *
 * The build takes seconds of one core, and the unit tests need no bundle: it runs in the background while they
 * run, and every end-to-end file waits for it (test/e2e/bundle-ready.ts) through the status file named here.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const statusDir = mkdtempSync(join(root, '.tmp', 'bundle-'));
  const statusFile = join(statusDir, 'status.json');
  project.provide('bundleStatus', statusFile);
  const finished = process.env.SKIP_BUILD === '1' ? Promise.resolve(report(statusFile, { ok: true })) : build(root, statusFile);
  return async () => {
    await finished;
    rmSync(statusDir, { recursive: true, force: true });
  };
}

async function build(root: string, statusFile: string): Promise<void> {
  const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url));
  // Build beside dist/ and swap, so a bundle being spawned elsewhere is never half-written.
  const staging = mkdtempSync(`${root}/.dist-build-`);
  try {
    const args = [ncc, 'build', 'src/entry.ts', '-o', staging, '--license', 'licenses.txt'];
    const { code, output } = await run(process.execPath, args, root);
    if (code !== 0) throw new Error(`the bundle build failed (ncc exit ${code}):\n${output}`);
    rmSync(`${root}/dist`, { recursive: true, force: true });
    renameSync(staging, `${root}/dist`);
    report(statusFile, { ok: true });
  } catch (error) {
    report(statusFile, { ok: false, error: String(error instanceof Error ? error.message : error) });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output: `${output}\n${String(error)}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Written whole under another name and renamed: a reader sees no status or all of it. */
function report(statusFile: string, status: BundleStatus): void {
  writeFileSync(`${statusFile}.partial`, JSON.stringify(status));
  renameSync(`${statusFile}.partial`, statusFile);
}
