import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds dist/ from the current sources, so end-to-end tests never run a stale bundle. */
export default function setup(): void {
  if (process.env.SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url));
  execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt'], {
    cwd: root,
    stdio: 'pipe',
  });
}
