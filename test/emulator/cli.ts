/**
 * Runs the MKA1 emulator until interrupted:
 *   npm run emulator -- --scenario demo [--port 8080] [--api-key KEY]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_KEY, startEmulator } from './server.ts';
import { scenarios } from './scenarios.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'demo' },
    port: { type: 'string', default: '0' },
    'api-key': { type: 'string', default: DEFAULT_EMULATOR_KEY },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const [name, s] of Object.entries(scenarios)) console.log(`${name.padEnd(12)} ${s.description ?? ''}`);
  process.exit(0);
}
const scenario = scenarios[values.scenario];
if (!scenario) {
  console.error(`Unknown scenario "${values.scenario}". Known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const emulator = await startEmulator({ scenario, apiKey: values['api-key'], port: Number(values.port) });
console.log(`MKA1 emulator (scenario ${values.scenario}) listening on ${emulator.url}`);
console.log(`  api key: ${emulator.apiKey}`);
console.log(`  try: curl -H "Authorization: Bearer ${emulator.apiKey}" "${emulator.url}/api/v1/llm/evals/runs?limit=2"`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
