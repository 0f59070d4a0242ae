import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Builds dist/ from the current sources, so end-to-end tests never run a stale bundle. */
export default function setup(): void {
  if (process.env.SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url));
  // Build beside dist/ and swap, so a bundle being spawned elsewhere is never half-written.
  const staging = mkdtempSync(`${root}/.dist-build-`);
  try {
    execFileSync(process.execPath, [ncc, 'build', 'src/entry.ts', '-o', staging, '--license', 'licenses.txt'], {
      cwd: root,
      stdio: 'pipe',
    });
    rmSync(`${root}/dist`, { recursive: true, force: true });
    renameSync(staging, `${root}/dist`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
