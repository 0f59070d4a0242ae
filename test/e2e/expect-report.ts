/**
 * What every end-to-end case of issue 14 asserts about how the bundle ended: exit code, outcome (output and
 * result-json), every output action.yml declares, the summary written with the verdict, and no leak of the key.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { Emulator, RecordedRequest } from '../emulator/server.ts';
import { leaksOf, type ActionRun } from './harness.ts';

export const DECLARED_OUTPUTS = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, unknown> }).outputs,
).sort();

const HEADLINE = {
  pass: '## ✅ MKA1 eval gate passed',
  fail: '## ❌ MKA1 eval gate failed',
  inconclusive: '## ⚠️ MKA1 eval gate inconclusive',
} as const;

export type Outcome = keyof typeof HEADLINE;

/** Everything the runner would show, for a failing assertion's message. */
export function dump(run: ActionRun): string {
  return `exit ${run.code} (${run.signal ?? 'no signal'})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}\nsummary:\n${run.summary}`;
}

/** Exit code, outcome, every output set, the summary written with the verdict line, and the key nowhere. */
export function expectReport(run: ActionRun, outcome: Outcome, code = outcome === 'pass' ? 0 : 1): void {
  expect(run.signal, dump(run)).toBeNull();
  expect(run.code, dump(run)).toBe(code);
  expect(Object.keys(run.outputs).sort(), dump(run)).toEqual(DECLARED_OUTPUTS);
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  expect(run.result.schema_version).toBe(1);
  expect(run.result.outcome).toBe(outcome);
  expect(run.result.reason).toBe(run.outputs.reason);
  expect(run.outputs.reruns).toBe(String(run.result.reruns.length));
  expect(run.outputs.created).toBe(String(run.result.created));
  expect(run.summary.startsWith(HEADLINE[outcome]), dump(run)).toBe(true);
  expect(leaksOf(run)).toEqual([]);
}

/** The routes of the requests the emulator received, in order. */
export const routesOf = (emulator: Emulator | RecordedRequest[]) =>
  (Array.isArray(emulator) ? emulator : emulator.requests).map((r) => r.route);

/** Requests of one route. */
export const requestsTo = (emulator: Emulator, route: RecordedRequest['route']) => emulator.requests.filter((r) => r.route === route);

/** Waits (real time) until `condition` holds or `limitMs` passes; whether it held. */
export async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const end = performance.now() + limitMs;
  while (performance.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}
