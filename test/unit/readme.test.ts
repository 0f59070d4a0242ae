import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readAction, renderTables } from '../../scripts/action-docs.ts';
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
  /** Every `uses: …eval-gate…` step of the README's yaml blocks, with the runner's defaults filled in. */
  function exampleInputs(): Array<Record<string, string>> {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] as string));
    const steps = blocks.flatMap((doc) => Object.values(doc?.jobs ?? {}).flatMap((job: any) => job.steps ?? []));
    // Expressions are evaluated by the runner; here any non-empty value stands in for them.
    const evaluate = (value: unknown) => String(value).replace(/\$\{\{[^}]*\}\}/g, 'from-expression');
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, evaluate(input.default ?? '')]));
    return steps
      .filter((step: any) => String(step.uses ?? '').includes('eval-gate'))
      .map((step: any) => ({ ...defaults, ...Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v)])) }));
  }

  it('are accepted by the input parser as they are written', () => {
    const examples = exampleInputs();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const inputs of examples) {
      for (const name of Object.keys(inputs)) expect(Object.keys(action.inputs), `unknown input ${name}`).toContain(name);
      const parsed = parseInputs((name) => inputs[name] ?? '');
      expect(parsed.ok ? [] : parsed.problems.map((p) => describeProblem(p))).toEqual([]);
    }
  });
});
