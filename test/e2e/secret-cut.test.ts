/**
 * End-to-end: untrusted text is redacted before it is cut short. A key that an answer echoes near the end of a long
 * field must not survive as a prefix once the field is truncated to an excerpt (a cut key no longer matches later).
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { scenarios } from '../emulator/scenarios.ts';
import { NIGHTLY_SCHEDULE } from '../emulator/schedule-scenarios.ts';
import { baseInputs, runAction, SECRET_KEY, withEmulator, type ActionRun } from './harness.ts';

/** The first 20 characters of the key, wherever they show outside the ::add-mask:: line. */
function prefixLeaks(run: ActionRun): string[] {
  const prefix = SECRET_KEY.slice(0, 20);
  const places: string[] = [];
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  if (stdout.includes(prefix)) places.push('stdout');
  if (run.summary.includes(prefix) || run.summary.includes(prefix.replaceAll('_', '\\_'))) places.push('summary');
  for (const [name, value] of Object.entries(run.outputs)) if (value.includes(prefix)) places.push(`output ${name}`);
  return places;
}

/** Filler that leaves only the key's first 20 characters inside an excerpt of `max` characters. */
const echoedAt = (max: number) => `${'x'.repeat(max - 20)}${SECRET_KEY}`;

describe('redaction before truncation', () => {
  it('a failed sample echoing the key at the end of a long prompt: no prefix of the key in any sink', async () => {
    const base = scenarios['failed-samples'] as Scenario;
    const hostile = base.runs?.map((spec: RunSpec) => ({
      ...spec,
      sampleOverrides: { 0: { prompt: echoedAt(200), error: { code: 'x', message: echoedAt(300) } } },
    }));
    await withEmulator({ ...base, runs: hostile }, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': hostile![0]!.suiteId!, metadata: 'sha=c0ffee1', 'failed-samples': '5' }),
      });
      expect(run.outputs.outcome).toBe('fail');
      expect(run.result.failed_samples.kind).toBe('shown');
      expect(prefixLeaks(run)).toEqual([]);
      expect(run.result.failed_samples.samples[0].prompt).toContain('***');
    });
  });

  it('a schedule whose long name echoes the key: no prefix of the key in the reason, the summary or the log', async () => {
    const base = scenarios['schedule-disabled'] as Scenario;
    const schedules = base.schedules?.map((schedule) => ({ ...schedule, name: echoedAt(100) }));
    await withEmulator({ ...base, schedules }, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'schedule-id': NIGHTLY_SCHEDULE }) });
      expect(run.outputs.outcome).toBe('fail');
      expect(run.outputs.reason).toMatch(/is disabled/);
      expect(prefixLeaks(run)).toEqual([]);
    });
  });

  it('the key pasted into another input, past the 80 characters a bad value is cut to: no prefix in any sink', async () => {
    await withEmulator(scenarios['demo'] as Scenario, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'suite-id': 'eval_suite_1', metadata: '*', timeout: echoedAt(80) }) });
      expect(run.code).toBe(1);
      expect(run.outputs.outcome).toBe('fail');
      expect(run.outputs.reason).toMatch(/^invalid input: input "timeout"/);
      expect(prefixLeaks(run)).toEqual([]);
      expect(emulator.requests).toEqual([]);
    });
  });
});
