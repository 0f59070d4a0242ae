/**
 * The bundle's entry (dist/index.js). On a Node older than 24 the bundled libraries crash while loading, with a stack
 * trace that names neither the cause nor the fix; so this checks the version first, with nothing else loaded yet, and
 * only then loads index.ts (which only calls run()) as a separate chunk. It imports nothing but node:fs for that reason.
 */
import { appendFileSync } from 'node:fs';

const REQUIRED_MAJOR = 24;
const MESSAGE =
  `MKA1 Eval Gate needs Node.js ${REQUIRED_MAJOR} or later and this is Node.js ${process.versions.node}: ` +
  'it runs as `using: node24`, which needs GitHub Actions runner v2.327.1 or later; update the self-hosted runner.';

if (Number(process.versions.node.split('.')[0]) < REQUIRED_MAJOR) {
  // One line, as an error annotation. Outputs say so too: every path ends in outputs.
  process.stdout.write(`::error::${MESSAGE}\n`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `outcome=fail\npassed=false\nreason=${MESSAGE}\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### MKA1 eval gate: fail\n\n${MESSAGE}\n`);
  process.exitCode = 1;
} else {
  await import('./index.ts');
}
