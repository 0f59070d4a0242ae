/**
 * npm run bench:bundle [-- DIST_DIR ...]: size of dist/index.js (and of its lazily loaded chunks) and its cold start,
 * median of 15 runs of `node DIR/index.js` (no inputs: it loads, validates, writes outputs and exits) against
 * `node -e 0`, interleaved so that a busy machine slows both alike. Several dirs compare builds (before/after).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const REPEATS = 15;
const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['dist'];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'gate-bundle-'));
const env = { PATH: process.env.PATH, GITHUB_OUTPUT: join(work, 'out'), GITHUB_STEP_SUMMARY: join(work, 'summary') };
function timeOnce(args: string[]): number {
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Distinct undici versions bundled: each copy carries its own `undici/<version>` user-agent string or package.json. */
function undiciCopies(dir: string): number {
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return (text.match(/Symbol\('undici\.globalDispatcher\.1'\)|Symbol\.for\('undici\.globalDispatcher\.1'\)/g) ?? []).length;
}

/** The files of `dir` that `node dir/index.js` loads (no inputs: validation fails, outputs are written). */
function loadedFiles(dir: string): string[] {
  const hook =
    'data:text/javascript,import{registerHooks}from"node:module";const seen=[];' +
    'registerHooks({load(u,c,n){seen.push(u);return n(u,c)}});process.on("exit",()=>process.stderr.write("LOADED "+JSON.stringify(seen)+"\\n"))';
  const child = spawnSync(process.execPath, ['--import', hook, join(dir, 'index.js')], { env, encoding: 'utf8' });
  const urls = JSON.parse(/LOADED (.*)/.exec(child.stderr)?.[1] ?? '[]') as string[];
  return urls.filter((u) => u.startsWith('file:')).map((u) => basename(new URL(u).pathname));
}

const bare: number[] = [];
const runs = new Map<string, number[]>(dirs.map((d) => [d, []]));
for (const dir of dirs) timeOnce([join(dir, 'index.js')]); // warm the file cache
for (let i = 0; i < REPEATS; i++) {
  bare.push(timeOnce(['-e', '0']));
  for (const dir of dirs) runs.get(dir)!.push(timeOnce([join(dir, 'index.js')]));
}
console.log(`node ${process.versions.node}; \`node -e 0\`: ${median(bare).toFixed(0)} ms (median of ${REPEATS})`);
console.log('| Build | dist/index.js | loaded at start | all chunks | undici copies | cold start (median of 15) | vs `node -e 0` |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const dir of dirs) {
  const size = (file: string) => statSync(join(dir, file)).size;
  const total = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + size(f), 0);
  // The files a gate run loads (the PR comment's chunks load only with `comment: true`), recorded by a load hook.
  const atStart = loadedFiles(dir).reduce((sum, f) => sum + size(f), 0);
  const ms = median(runs.get(dir)!);
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(
    `| ${dir} | ${mb(size('index.js'))} | ${mb(atStart)} | ${mb(total)} | ${undiciCopies(dir)} | ${ms.toFixed(0)} ms | ${(ms / median(bare)).toFixed(2)}× |`,
  );
}
