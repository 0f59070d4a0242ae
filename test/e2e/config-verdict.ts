/**
 * What every configuration error of issue 14 §1 must show through the real bundle: exit 1 and outcome `fail` under
 * any `on-inconclusive`, every declared output set, a summary written, the `::error::` line, and no leaked key.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { Emulator } from '../emulator/server.ts';
import { leaksOf, markdownEscaped, type ActionRun } from './harness.ts';

/** Every output action.yml declares: each must be set, whatever happened. */
export const DECLARED_OUTPUTS = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, unknown> }).outputs,
);

/** A configuration error fails under every policy: `pass` must not turn it green, nor `warn` into a warning. */
export const POLICIES = ['fail', 'warn', 'pass'] as const;

export function dump(run: ActionRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${Math.round(run.durationMs)}ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** `METHOD route answer` of every request the emulator saw, in order. */
export function requestsOf(emulator: Emulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.route} ${r.answer}`);
}

/**
 * A configuration error found before any run was chosen: exit 1, outcome `fail`, every output set (empty where no
 * run), result-json agreeing, the summary's headline and reason, the `::error::` line, and no leak.
 */
export function expectConfigFail(run: ActionRun, reason: RegExp): void {
  expect(run.signal, dump(run)).toBeNull();
  expect(run.code, dump(run)).toBe(1);
  expect(Object.keys(run.outputs).sort()).toEqual([...DECLARED_OUTPUTS].sort());
  expect(run.outputs).toMatchObject({
    'run-id': '',
    status: '',
    passed: 'false',
    outcome: 'fail',
    'requests-total': '',
    'requests-completed': '',
    'requests-failed': '',
    metrics: 'null',
    'baseline-run-id': '',
    'schedule-last-run-at': '',
    'comment-url': '',
    created: 'false',
    reruns: '0',
  });
  const outputReason = run.outputs.reason as string;
  expect(outputReason).not.toMatch(/[\r\n]/);
  expect(outputReason, dump(run)).toMatch(reason);
  expect(run.result).toMatchObject({ schema_version: 1, outcome: 'fail', passed: false, run: null, created: false, reruns: [] });
  expect(run.result.reason.replace(/[\r\n]+/g, ' ')).toBe(outputReason);
  // The summary is written: its headline, and the verdict (input problems are listed one by one instead).
  expect(run.summary.split('\n')[0]).toBe('## ❌ MKA1 eval gate failed');
  if (run.result.input_problems.length === 0) expect(run.summary).toContain(`**Fail:** ${markdownEscaped(outputReason)}`);
  else expect(run.summary).toContain('### Input problems');
  // Fails the step, never a warning or a notice, and never "(on-inconclusive: pass)".
  expect(run.stdout).toContain(`::error::MKA1 eval gate fail: ${outputReason.replace(/%/g, '%25')}`);
  expect(run.stdout).not.toMatch(/^::warning::MKA1 eval gate/m);
  expect(run.stdout).not.toContain('(on-inconclusive: pass)');
  expect(leaksOf(run)).toEqual([]);
}

/** An input error: one problem naming the input, its value and the expected form, and nothing sent to MKA1. */
export function expectInputError(run: ActionRun, emulator: Emulator, input: string, value: string, expected: string | RegExp): void {
  expectConfigFail(run, new RegExp(`^invalid input: input "${input}": got `));
  expect(run.result.input_problems).toHaveLength(1);
  const problem = run.result.input_problems[0] as string;
  expect(problem).toContain(`input "${input}": got ${JSON.stringify(value)}; expected `);
  const expectedPart = problem.slice(problem.indexOf('; expected ') + '; expected '.length);
  if (typeof expected === 'string') expect(expectedPart).toContain(expected);
  else expect(expectedPart).toMatch(expected);
  expect(run.summary).toContain(markdownEscaped(problem));
  expect(run.result.api).toEqual({ requests: 0, retries: 0, not_modified: 0 });
  expect(emulator.requests).toEqual([]);
}
