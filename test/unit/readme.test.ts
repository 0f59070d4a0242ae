import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readAction, renderTables } from '../../scripts/action-docs.ts';
import { parseDuration } from '../../src/core/duration.ts';
import type { GitHubEnvironment } from '../../src/inputs/github-environment.ts';
import { describeProblem, parseInputs } from '../../src/inputs/inputs.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const action = readAction(new URL('../../action.yml', import.meta.url).pathname);

describe('README matches action.yml', () => {
  const tables = renderTables(action);

  it('documents every input exactly as action.yml declares it (run `npm run docs` to regenerate)', () => {
    expect(readme).toContain(tables.inputs);
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('documents every output exactly as action.yml declares it', () => {
    expect(readme).toContain(tables.outputs);
  });

  it('gives every input a description and an explicit required flag and default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(typeof input.required, name).toBe('boolean');
      if (!input.required) expect(input.default, name).toBeDefined();
    }
  });

  it('names the two commands a new user runs', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run demo');
  });

  it('declares the node24 runtime and the bundle', () => {
    const raw = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
    expect(raw).toMatch(/using: node24/);
    expect(raw).toMatch(/main: dist\/index\.js/);
  });
});

describe('README usage examples', () => {
  /** The runner's view of a workflow's first event, as `mode: detach` needs it (a pull request's head commit). */
  function environmentOf(on: unknown): GitHubEnvironment {
    const event = typeof on === 'string' ? on : Array.isArray(on) ? on[0] : Object.keys(on ?? {})[0];
    const head = { sha: 'ab'.repeat(20), repo: { full_name: 'acme/app' } };
    const payload = String(event).startsWith('pull_request')
      ? { pull_request: { number: 1, head, base: { repo: { full_name: 'acme/app' } } } }
      : {};
    return { eventName: event, payload, repository: { owner: 'acme', repo: 'app' }, apiUrl: 'https://api.github.com', runUrl: undefined };
  }

  /** Every `uses: …eval-gate…` step of the README's yaml blocks, with the runner's defaults filled in, and its event. */
  function exampleInputs(): Array<{ inputs: Record<string, string>; environment: GitHubEnvironment }> {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] as string));
    // Expressions are evaluated by the runner; here any non-empty value stands in for them.
    const evaluate = (value: unknown) => String(value).replace(/\$\{\{[^}]*\}\}/g, 'from-expression');
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, evaluate(input.default ?? '')]));
    return blocks.flatMap((doc) =>
      Object.values(doc?.jobs ?? {})
        .flatMap((job: any) => job.steps ?? [])
        .filter((step: any) => String(step.uses ?? '').includes('eval-gate'))
        .map((step: any) => ({
          inputs: { ...defaults, ...Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v)])) },
          environment: environmentOf(doc.on),
        })),
    );
  }

  it('are accepted by the input parser as they are written, on the events their workflows run on', () => {
    const examples = exampleInputs();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const { inputs, environment } of examples) {
      for (const name of Object.keys(inputs)) expect(Object.keys(action.inputs), `unknown input ${name}`).toContain(name);
      const parsed = parseInputs((name) => inputs[name] ?? '', {}, environment);
      expect(parsed.ok ? [] : parsed.problems.map((p) => describeProblem(p))).toEqual([]);
    }
    expect(examples.map(({ inputs }) => inputs.mode)).toEqual(expect.arrayContaining(['wait', 'detach', 'reconcile']));
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const headings = [...readme.matchAll(/^(#{2,3}) (.+)$/gm)].map((m) => ({ level: m[1]!.length, text: m[2]! }));
type Job = { steps?: Array<Record<string, any>> };
const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ({
  text: m[1]!,
  doc: parse(m[1]!) as { on: any; jobs: Record<string, Job> },
}));
const events = (on: unknown): string[] => (typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {}));
const gateSteps = (job: Job) => (job.steps ?? []).filter((step) => String(step.uses ?? '').includes('eval-gate'));

describe('README takes a newcomer to a required check', () => {
  it('has a table of contents naming every section, and every in-page link lands on a heading', () => {
    const anchors = new Set(headings.map((h) => slug(h.text)));
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(15);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
    const contents = readme.slice(readme.indexOf('## Contents'), readme.indexOf('\n## ', readme.indexOf('## Contents') + 1));
    for (const h of headings.filter((h) => h.level === 2 && h.text !== 'Contents'))
      expect(contents, h.text).toContain(`(#${slug(h.text)})`);
  });

  it('puts "Try it locally" right after the shortest workflow, with the one-line way to run your own inputs', () => {
    const sections = headings.filter((h) => h.level === 2).map((h) => h.text);
    expect(sections[sections.indexOf('2. The shortest working workflow') + 1]).toBe('3. Try it locally');
    const local = readme.slice(readme.indexOf('## 3. Try it locally'), readme.indexOf('## 4.'));
    expect(local).toMatch(/^npm run gate -- --input suite-id=\S+ --input metadata=sha=\S+/m);
    const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts;
    expect(scripts.gate).toContain('scripts/gate.ts');
    expect(local).toContain('`%25`');
  });

  it('never suggests a sha that is wrong on pull_request or empty on push', () => {
    expect(readme).not.toMatch(/github\.event\.pull_request\.head\.sha *\}\}/);
    for (const { text, doc } of workflows) {
      if (events(doc.on).includes('pull_request')) expect(text, text).not.toMatch(/sha=\$\{\{ *github\.sha *\}\}/);
    }
  });

  it('blocks on outcome != pass after a gate with continue-on-error, never on outcome == fail alone', () => {
    let checked = 0;
    for (const { doc } of workflows) {
      for (const job of Object.values(doc.jobs)) {
        const steps = job.steps ?? [];
        for (const [index, step] of steps.entries()) {
          if (!String(step.uses ?? '').includes('eval-gate') || step['continue-on-error'] !== true) continue;
          checked++;
          const blocker = steps.slice(index + 1).find((later) => /exit 1/.test(String(later.run ?? '')));
          expect(blocker?.if).toBe(`steps.${step.id}.outputs.outcome != 'pass'`);
        }
        for (const step of steps) expect(String(step.if ?? '')).not.toMatch(/outcome == 'fail'/);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(readme).toMatch(/no matching run was ever found/);
  });

  it('shows a merge queue workflow gating the merge group head SHA, and says what a skipped job counts as', () => {
    const queued = workflows.filter(({ doc }) => events(doc.on).includes('merge_group'));
    expect(queued.length).toBeGreaterThan(0);
    for (const { doc } of queued) {
      for (const step of Object.values(doc.jobs).flatMap(gateSteps)) {
        expect(String(step.with.metadata)).toContain('github.event.merge_group.head_sha');
        expect(step.with['create-run']).toBe('if-missing'); // the queued commit is new: no pipeline ran on it yet
      }
    }
    expect(readme).toContain('**A skipped job counts as a success.**');
  });

  it('produces, in a complete workflow on main, the runs every baseline-metadata example looks for', () => {
    const producers = workflows
      .filter(({ doc }) => events(doc.on).includes('push') && JSON.stringify(doc.on).includes('main'))
      .flatMap(({ doc }) => Object.values(doc.jobs).flatMap(gateSteps))
      .filter((step) => ['if-missing', 'always'].includes(step.with['create-run']));
    expect(producers.length).toBeGreaterThan(0);
    const produced = producers.map((step) =>
      String(step.with.metadata)
        .split('\n')
        .map((line) => line.trim()),
    );
    const wanted = workflows.flatMap(({ doc }) => Object.values(doc.jobs).flatMap(gateSteps)).map((step) => step.with['baseline-metadata']);
    expect(wanted.filter(Boolean).length).toBeGreaterThan(0);
    for (const baseline of wanted.filter(Boolean)) {
      const pairs = String(baseline)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      expect(
        produced.some((metadata) => pairs.every((pair) => metadata.includes(pair))),
        `a producer of ${baseline}`,
      ).toBe(true);
    }
  });

  it('describes durations as the parser reads them: d and compound forms', () => {
    const sentence = /^Durations are [\s\S]*?\n\n/m.exec(readme)?.[0] ?? '';
    for (const accepted of ['30m', '90s', '1.5h', '3d', '1h30m', '1h 30m', '1d12h']) {
      expect(sentence).toContain(`\`${accepted}\``);
      expect(parseDuration(accepted), accepted).toBeGreaterThan(0);
    }
    expect(sentence).toContain('`30m1h` is refused');
    expect(parseDuration('30m1h')).toBeUndefined();
  });
});
