/**
 * Runs the MKA1 emulator until interrupted:
 *   npm run emulator -- --scenario demo [--port 8080] [--api-key KEY]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_KEY, startEmulator, type Emulator } from './server.ts';
import { scenarios } from './scenarios.ts';

const USAGE = `Usage: npm run emulator -- [options]

A local MKA1 evals API on 127.0.0.1, driven by a scenario. It serves, under /api/v1/llm/evals:
  GET  /runs                    list runs (suite_id, status, limit, after; newest first)
  GET  /runs/{id}               read one run
  POST /runs                    create a run (create-run)
  POST /runs/{id}/cancel        cancel a run (cancel-run-on)
  POST /runs/{id}/rerun-failed  rerun the failed samples (rerun-failed)
  GET  /runs/{id}/samples       the samples of a run, e.g. ?status=failed (failed-samples)
  GET  /schedules, /schedules/{id}
                                list or read schedules (schedule-id)
  GET  /suites/{id}             read one suite (the gate asks when a suite has no run at all)
each behind the bearer key, with the API's shapes, validation and pagination.

Options:
  --scenario NAME   the runs, schedules and faults to serve (default: demo); --list shows them
  --port N          port to listen on (default: any free port)
  --api-key KEY     the bearer key it accepts (default: ${DEFAULT_EMULATOR_KEY})
  --list            list the scenarios and exit
  --help            this text

Then point the action at it: api-url http://127.0.0.1:PORT and api-key KEY, e.g.
  npm run gate -- --input api-url=http://127.0.0.1:PORT --input api-key=KEY --input suite-id=… --input metadata=…`;

function parse() {
  try {
    return parseArgs({
      options: {
        scenario: { type: 'string', default: 'demo' },
        port: { type: 'string', default: '0' },
        'api-key': { type: 'string', default: DEFAULT_EMULATOR_KEY },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // An unknown or malformed option: say which, and how to use it, without a stack trace.
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** What a user needs to aim the action at these runs: the suite ids and each run's metadata. */
function describeRuns(emulator: Emulator, shown = 8): string[] {
  const lines: string[] = [];
  for (const suiteId of new Set(emulator.runs.map((r) => r.suiteId))) {
    const runs = emulator.runs.filter((r) => r.suiteId === suiteId);
    lines.push(`  suite ${suiteId}: ${runs.length} run(s), newest first`);
    for (const run of runs.slice(0, shown)) {
      const metadata =
        Object.entries(run.metadata)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || '(no metadata)';
      const appears = run.appearAfterMs > 0 ? ` (appears after ${(run.appearAfterMs / 1000).toFixed(1)} s)` : '';
      lines.push(`    ${run.id}  ${metadata}${appears}`);
    }
    if (runs.length > shown) lines.push(`    … and ${runs.length - shown} older run(s)`);
  }
  return lines;
}

/** One line per scenario, descriptions in one column however long the names are. */
function scenarioList(): string[] {
  const width = Math.max(...Object.keys(scenarios).map((name) => name.length));
  return Object.entries(scenarios).map(([name, s]) => `${name.padEnd(width)}  ${s.description ?? ''}`.trimEnd());
}

const values = parse();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.list) {
  for (const line of scenarioList()) console.log(line);
  process.exit(0);
}
const scenario = scenarios[values.scenario];
const port = Number(values.port);
if (!scenario || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    scenario
      ? `--port must be a number from 0 to 65535, got "${values.port}"`
      : `Unknown scenario "${values.scenario}". Known: ${Object.keys(scenarios).join(', ')}`,
  );
  process.exit(2);
}
const emulator = await startEmulator({ scenario, apiKey: values['api-key'], port });
console.log(`MKA1 emulator (scenario ${values.scenario}) listening on ${emulator.url}`);
console.log(`  api key: ${emulator.apiKey}`);
for (const line of describeRuns(emulator)) console.log(line);
console.log(`  try: curl -H "Authorization: Bearer ${emulator.apiKey}" "${emulator.url}/api/v1/llm/evals/runs?limit=2"`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
