/** End-to-end: every new input rejected with a clear problem, outputs and summary still written, nothing sent. */
import { describe, expect, it } from 'vitest';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { baseInputs, leaksOf, runAction, withEmulator } from './harness.ts';

const CREATE = { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1', 'create-run': 'if-missing', models: 'gpt-x' };

describe('bad values of the create-run, rerun and failed-samples inputs', () => {
  it.each([
    ['create-run', { 'create-run': 'sometimes' }, 'expected `never`, `if-missing` (start a run when none matches `metadata`) or `always`'],
    ['models', { models: '' }, 'expected 1 to 20 model ids, one per line or comma-separated'],
    ['judge-model', { 'judge-model': 'judge large' }, 'expected a model id of printable characters without spaces'],
    ['embedding-model', { 'embedding-model': 'emb large' }, 'expected a model id of printable characters without spaces'],
    ['run-options', { 'run-options': '{"models": ["x"]}' }, 'expected no "models" key: the gate sets it from `models`'],
    ['metadata', { metadata: '*' }, 'expected key=value pairs with `create-run`'],
    ['rerun-failed', { 'rerun-failed': '6' }, 'expected a whole number from 0 to 5'],
    ['failed-samples', { 'failed-samples': '101' }, 'expected a whole number from 0 to 100'],
  ])('%s', async (input, values, expected) => {
    await withEmulator({ runs: [] }, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { ...CREATE, ...values }) });
      expect(run.code).toBe(1);
      expect(run.outputs.outcome).toBe('fail');
      expect(run.outputs.reason).toMatch(new RegExp(`^invalid input: input "${input}": got `));
      expect(run.outputs.reason).toContain(expected);
      expect(run.outputs.created).toBe('false');
      expect(run.outputs.reruns).toBe('0');
      expect(run.result.input_problems).toHaveLength(1);
      expect(run.summary).toContain('### Input problems');
      expect(run.summary).toContain(`input &quot;${input}&quot;`);
      expect(emulator.requests).toEqual([]);
      expect(leaksOf(run)).toEqual([]);
    });
  });
});
