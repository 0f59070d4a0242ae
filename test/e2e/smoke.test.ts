import { describe, expect, it } from 'vitest';
import { scenarios } from '../emulator/scenarios.ts';
import { baseInputs, leaksOf, runAction, withEmulator } from './harness.ts';

describe('bundle smoke', () => {
  it('passes a run that completes, and writes outputs and summary', async () => {
    await withEmulator(scenarios['quick-pass']!, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': 'eval_suite_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f', metadata: 'branch=main' }),
      });
      expect(run.code).toBe(0);
      expect(run.outputs.passed).toBe('true');
      expect(run.outputs.status).toBe('completed');
      expect(run.result.schema_version).toBe(1);
      expect(run.summary).toContain('MKA1 eval gate passed');
      expect(leaksOf(run)).toEqual([]);
    });
  });
});
