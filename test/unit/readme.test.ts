import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAction, renderTables } from '../../scripts/action-docs.ts';

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
