// Conventions the Marketplace and adopters rely on: metadata limits, the license, and CI hygiene.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('action metadata', () => {
  const action = parse(read('action.yml')) as { name: string; description: string; branding?: unknown };

  it('has a description the Marketplace accepts (under 125 characters)', () => {
    expect(typeof action.description).toBe('string');
    expect(action.description.trim().length).toBeGreaterThan(0);
    expect(action.description.length).toBeLessThan(125);
  });

  it('has a name and branding', () => {
    expect(action.name).toBeTruthy();
    expect(action.branding).toBeTruthy();
  });

  it('is MIT licensed in package.json and LICENSE', () => {
    expect((JSON.parse(read('package.json')) as { license?: string }).license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License/);
  });
});

describe('workflows', () => {
  const dir = '.github/workflows/';
  const files = readdirSync(new URL(dir, root)).filter((f) => /\.ya?ml$/.test(f));
  type Job = { 'timeout-minutes'?: number; steps?: Array<{ uses?: string }> };

  it('exist', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'integration.yml', 'release.yml']));
  });

  it.each(files)('%s: every job has timeout-minutes', (file) => {
    const jobs = (parse(read(dir + file)) as { jobs: Record<string, Job> }).jobs;
    for (const [name, job] of Object.entries(jobs)) expect(job['timeout-minutes'], `${file} job ${name}`).toBeGreaterThan(0);
  });

  it('use one major version of each official action across all workflows', () => {
    const versions = new Map<string, Set<string>>();
    for (const file of files) {
      const jobs = (parse(read(dir + file)) as { jobs: Record<string, Job> }).jobs;
      for (const job of Object.values(jobs)) {
        for (const step of job.steps ?? []) {
          const match = /^(actions\/[\w-]+)@(.+)$/.exec(step.uses ?? '');
          if (match) versions.set(match[1]!, (versions.get(match[1]!) ?? new Set()).add(match[2]!));
        }
      }
    }
    expect(versions.get('actions/checkout')).toEqual(new Set(['v7']));
    expect(versions.get('actions/setup-node')).toEqual(new Set(['v7']));
  });
});

describe('npm scripts on the wrong Node', () => {
  const guard = fileURLToPath(new URL('../../scripts/require-node24.cjs', import.meta.url));
  const olderNode = 'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.19.0"}})';

  it('tell `npm ci --ignore-scripts` users that Node 24 is needed and how to get it', () => {
    const run = spawnSync(process.execPath, ['--import', olderNode, guard], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^This project needs Node\.js 24, but npm scripts are running on Node\.js 20\.19\.0\. /);
    expect(run.stderr).toContain('--ignore-scripts');
    expect(run.stderr).toContain('npm rebuild node --ignore-scripts=false');
  });

  it('stay silent on Node 24', () => {
    const run = spawnSync(process.execPath, [guard], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('guard every script that runs Node on a TypeScript file', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const [name, script] of Object.entries(scripts)) {
      if (/\bnode [\w/.-]+\.ts\b|vitest|ncc build/.test(script)) expect(script, name).toMatch(/^node scripts\/require-node24\.cjs && /);
    }
  });
});
