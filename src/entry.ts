/**
 * The bundle's entry (dist/index.js). On a Node older than 24 the bundled libraries crash while loading, with a stack
 * trace that names neither the cause nor the fix; so this checks the version first, with nothing else loaded yet, and
 * only then loads index.ts (which only calls run()) as a separate chunk. It imports nothing but node:fs for that reason.
 *
 * A GitHub runner older than v2.327.1 rejects `using: node24` before any code runs: this guard speaks on other runners
 * (and in local runs) that start the bundle with an older Node.
 */
import { appendFileSync } from 'node:fs';

const REQUIRED_MAJOR = 24;
/** result-json's `schema_version` (core/result.ts's RESULT_SCHEMA_VERSION; a test keeps them equal). */
const RESULT_SCHEMA_VERSION = 1;
const MESSAGE =
  `MKA1 Eval Gate needs Node.js ${REQUIRED_MAJOR} or later and this is Node.js ${process.versions.node}: ` +
  'it runs as `using: node24`, which needs GitHub Actions runner v2.327.1 or later; update the self-hosted runner.';

/**
 * Every output action.yml declares (a test keeps the two sets equal), as the gate sets them for a failure before any
 * request: later steps can rely on each of them, on this path too.
 */
function failedOutputs(reason: string): Record<string, string> {
  const result = {
    schema_version: RESULT_SCHEMA_VERSION,
    outcome: 'fail',
    passed: false,
    reason,
    criteria: [],
    run: null,
    lookup: null,
    elapsed_ms: 0,
    api: { requests: 0, retries: 0, not_modified: 0 },
    cancel_request: null,
    input_problems: [],
    schedule: null,
    baseline: null,
    created: false,
    reruns: [],
    failed_samples: null,
    noise: null,
  };
  return {
    'run-id': '',
    status: '',
    passed: 'false',
    outcome: 'fail',
    'requests-total': '',
    'requests-completed': '',
    'requests-failed': '',
    metrics: 'null',
    reason,
    'baseline-run-id': '',
    'schedule-last-run-at': '',
    'comment-url': '',
    created: 'false',
    reruns: '0',
    reconciled: '',
    pending: '',
    'result-json': JSON.stringify(result),
  };
}

if (Number(process.versions.node.split('.')[0]) < REQUIRED_MAJOR) {
  // One line, as an error annotation. Outputs say so too: every path ends in outputs.
  process.stdout.write(`::error::${MESSAGE}\n`);
  if (process.env.GITHUB_OUTPUT) {
    // `name=value` lines: every value here is one line, so no delimiter (and no random one, which needs node:crypto).
    const lines = Object.entries(failedOutputs(MESSAGE)).map(([name, value]) => `${name}=${value}\n`);
    appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''));
  }
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### MKA1 eval gate: fail\n\n${MESSAGE}\n`);
  process.exitCode = 1;
} else {
  await import('./index.ts');
}
