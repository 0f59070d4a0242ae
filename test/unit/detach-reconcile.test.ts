/** Pure helpers of the detach and reconcile stages: the head commit of an event, which status a reconcile may touch, and what it does with one. */
import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../../src/api/models.ts';
import { detachEventProblem, detachTarget } from '../../src/github/pull-request-event.ts';
import type { CombinedStatus, CommitStatus } from '../../src/github/statuses.ts';
import { nextRerun, planForRun, unusablePending, type ReconcileRules } from '../../src/reconcile/plan.ts';
import { gateStatusOf, mayWrite } from '../../src/reconcile/touch.ts';
import { redactorFor } from '../../src/safety/redact.ts';

const HEAD = 'ab'.repeat(20);
const redact = redactorFor([]);

describe('detachTarget', () => {
  const payload = (head: unknown, base: unknown = { repo: { full_name: 'acme/llm-app' } }) => ({
    pull_request: { number: 12, head, base },
  });
  const sameRepo = { sha: HEAD, repo: { full_name: 'acme/llm-app' } };

  it.each(['pull_request', 'pull_request_target'])('reads the head commit of a %s event, never the merge commit', (event) => {
    expect(detachTarget(event, { ...payload(sameRepo), after: 'f'.repeat(40) })).toEqual({
      ok: true,
      number: 12,
      headSha: HEAD,
      fromFork: false,
    });
  });

  it('says when the head branch lives in a fork (or a deleted one)', () => {
    expect(detachTarget('pull_request', payload({ sha: HEAD, repo: { full_name: 'mallory/llm-app' } }))).toMatchObject({ fromFork: true });
    expect(detachTarget('pull_request', payload({ sha: HEAD, repo: null }))).toMatchObject({ ok: true, fromFork: true });
    expect(detachTarget('pull_request', payload({ sha: HEAD, repo: { full_name: 'ACME/llm-app' } }))).toMatchObject({ fromFork: false });
  });

  it('refuses merge_group with a reason about merge queues, and every other event with `mode: wait`', () => {
    expect(detachEventProblem('merge_group')).toMatch(/^mode: expected `wait` on merge_group events.*merge_group\.head_sha.*`mode: wait`/);
    expect(detachEventProblem('push')).toMatch(/^mode: expected `wait` on push events.*merge queues and pushes need `mode: wait`/);
    expect(detachEventProblem(undefined)).toMatch(/on unknown events/);
    expect(detachEventProblem('push\n::error::x')).toMatch(/on unknown events/);
    expect(detachTarget('merge_group', payload(sameRepo))).toEqual({ ok: false, problem: detachEventProblem('merge_group') });
    expect(detachEventProblem('pull_request')).toBeUndefined();
  });

  it.each([
    ['no payload', undefined, /no pull_request/],
    ['no pull request', { issue: {} }, /no pull_request/],
    ['no number', { pull_request: { head: sameRepo } }, /no pull request number/],
    ['no head', { pull_request: { number: 1 } }, /head\.sha/],
    ['a head SHA that is not one', { pull_request: { number: 1, head: { sha: 'HEAD' } } }, /head\.sha/],
    ['an upper-case SHA', { pull_request: { number: 1, head: { sha: HEAD.toUpperCase() } } }, /head\.sha/],
  ])('refuses a payload with %s', (_what, body, problem) => {
    const target = detachTarget('pull_request', body);
    expect(target.ok).toBe(false);
    if (!target.ok) expect(target.problem).toMatch(problem);
  });
});

const CONTEXT = 'MKA1 eval / suite_1';
let nextId = 100;
const status = (state: CommitStatus['state'], context = CONTEXT, id = nextId++): CommitStatus => ({
  id,
  state,
  context,
  description: 'Waiting for run_1',
  targetUrl: null,
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
});
const combined = (statuses: CommitStatus[], complete = true): CombinedStatus => ({
  sha: HEAD,
  state: 'pending',
  totalCount: statuses.length,
  statuses,
  complete,
});

describe('gateStatusOf and mayWrite', () => {
  it('finds this context only, compared case-insensitively', () => {
    const ours = status('pending', 'mka1 EVAL / suite_1');
    expect(gateStatusOf(combined([status('pending', 'ci/build'), ours, status('pending', 'MKA1 eval / suite_2')]), CONTEXT)).toEqual({
      kind: 'pending',
      status: ours,
    });
  });

  it('a final state is final, whatever state it is', () => {
    for (const state of ['success', 'failure', 'error'] as const) {
      expect(gateStatusOf(combined([status(state)]), CONTEXT).kind).toBe('final');
    }
  });

  it('absent when every context was read; unknown when some were not', () => {
    expect(gateStatusOf(combined([status('pending', 'ci/build')]), CONTEXT)).toEqual({ kind: 'absent' });
    expect(gateStatusOf(combined([status('pending', 'ci/build')], false), CONTEXT)).toEqual({ kind: 'unknown' });
  });

  it('the newest status wins when a context is listed twice', () => {
    const older = status('pending', CONTEXT, 1);
    const newer = status('success', CONTEXT, 2);
    expect(gateStatusOf(combined([newer, older]), CONTEXT)).toEqual({ kind: 'final', status: newer });
  });

  it('writes only over the very pending status that was judged', () => {
    const judged = status('pending');
    expect(mayWrite(judged, { kind: 'pending', status: judged })).toBe(true);
    // Another reconcile finished it first: never overwrite a final state.
    expect(mayWrite(judged, { kind: 'final', status: { ...status('success'), id: judged.id + 1 } })).toBe(false);
    // The pull request job ran again and posted a newer pending status: the next reconcile judges that one.
    expect(mayWrite(judged, { kind: 'pending', status: status('pending') })).toBe(false);
    expect(mayWrite(judged, { kind: 'absent' })).toBe(false);
    expect(mayWrite(judged, { kind: 'unknown' })).toBe(false);
  });
});

describe('planForRun', () => {
  const NOW = Date.parse('2026-03-01T12:00:00Z');
  const rules: ReconcileRules = { suiteId: 'suite_1', timeout: { ms: 30 * 60_000, text: '30m' }, now: NOW };
  const reading = { ok: true as const, runId: 'run_1', rerunsRequested: 1 };
  const run = (fields: Partial<EvalRun>): EvalRun => ({
    id: 'run_1',
    suite_id: 'suite_1',
    status: 'in_progress',
    models: ['m'],
    request_counts: { total: 10, completed: 3, failed: 0 },
    metrics: {},
    error: null,
    metadata: {},
    created_at: NOW / 1000 - 60,
    ...fields,
  });
  const since = new Date(NOW - 30_000).toISOString();

  it('a terminal run of the suite is judged, with the reruns already asked for', () => {
    for (const state of ['completed', 'failed', 'cancelled'] as const) {
      const terminal = run({ status: state });
      expect(planForRun(reading, terminal, rules, since, redact)).toEqual({ kind: 'judge', run: terminal, rerunsRequested: 1 });
    }
  });

  it('a run still going within the timeout is left pending', () => {
    expect(planForRun(reading, run({}), rules, since, redact)).toEqual({ kind: 'leave' });
  });

  it('a run of another suite becomes error, even when it is terminal', () => {
    expect(planForRun(reading, run({ suite_id: 'suite_2', status: 'completed' }), rules, since, redact)).toEqual({
      kind: 'complete',
      why: 'other-suite',
      status: { state: 'error', description: 'Run run_1 is not a run of suite suite_1' },
    });
  });

  it('a run not terminal `timeout` after its created_at becomes error "no verdict within"', () => {
    const stuck = run({ created_at: NOW / 1000 - 30 * 60 });
    expect(planForRun(reading, stuck, rules, new Date(NOW).toISOString(), redact)).toEqual({
      kind: 'complete',
      why: 'overdue',
      status: { state: 'error', description: 'No verdict within 30m: run run_1 is still in_progress' },
    });
    expect(planForRun(reading, run({ created_at: NOW / 1000 - 30 * 60 + 1 }), rules, new Date(NOW).toISOString(), redact).kind).toBe(
      'leave',
    );
  });

  it('a run created_at in the future cannot keep the status pending: the status time bounds it', () => {
    const future = run({ created_at: NOW / 1000 + 86_400 });
    expect(planForRun(reading, future, rules, new Date(NOW - 31 * 60_000).toISOString(), redact)).toMatchObject({ why: 'overdue' });
    expect(planForRun(reading, run({ created_at: Number.NaN }), rules, 'not a date', redact)).toMatchObject({
      why: 'overdue',
      status: { description: expect.stringMatching(/neither it nor the status says when it started/) },
    });
  });

  it('an unusable pending status becomes error without reading a run', () => {
    expect(unusablePending()).toEqual({ state: 'error', description: 'unusable pending status' });
  });

  it('nextRerun counts k of N up to N', () => {
    expect(nextRerun(0, 2)).toEqual({ attempt: 1, of: 2 });
    expect(nextRerun(1, 2)).toEqual({ attempt: 2, of: 2 });
    expect(nextRerun(2, 2)).toBeUndefined();
    expect(nextRerun(0, 0)).toBeUndefined();
  });
});
