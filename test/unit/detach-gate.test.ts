/**
 * `mode: detach` and `mode: reconcile` through runGate on virtual time (issue 17): the emulator and the fake GitHub
 * share the fake clock the gate sleeps on, so `detach-after` and the reconcile's timeout are exact, not raced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DetachMode, GateConfig, ReconcileMode, StatusTarget } from '../../src/core/config.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import { runGate } from '../../src/gate/gate.ts';
import type { RunSpec } from '../emulator/model.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { recordingLogger } from './fake-time.ts';
import { gateConfigFor, virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const SUITE = 'eval_suite_detach';
const RUN_ID = 'eval_run_detach';
const HEAD = 'cd'.repeat(20);
const TOKEN = 'ghs_unit_token_DO_NOT_LEAK';
const CONTEXT = `MKA1 eval / ${SUITE}`;

describe('detached modes on virtual time', () => {
  const start = virtualApi(T0);
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.close();
    github = undefined;
  });

  async function setup(run: RunSpec) {
    const api = await start({
      runs: [{ id: RUN_ID, suiteId: SUITE, metadata: { sha: HEAD }, total: 50, metrics: { 'gpt-x': { accuracy: 0.9 } }, ...run }],
    });
    github = await startFakeGitHub({ token: TOKEN, now: () => api.clock.now(), pulls: [{ number: 3, headSha: HEAD }] });
    const status: StatusTarget = {
      context: CONTEXT,
      apiUrl: github.url,
      owner: 'acme',
      repo: 'llm-app',
      runUrl: 'https://github.com/acme/llm-app/actions/runs/9',
    };
    const gate = (mode: DetachMode | ReconcileMode, overrides: Partial<GateConfig> = {}) =>
      runGate(
        gateConfigFor(
          api.emulator,
          { kind: 'lookup', suiteId: SUITE, metadata: { sha: HEAD } },
          {
            comment: { enabled: false, token: TOKEN },
            thresholds: [{ source: 'accuracy >= 0.8', scope: undefined, metric: 'accuracy', comparator: '>=', limit: 0.8 }],
            ...overrides,
            mode,
          },
        ),
        {
          clock: api.clock,
          sleep: api.sleeps.sleep,
          dispatcher: api.agent,
          logger: recordingLogger(),
          userAgent: USER_AGENT,
          random: () => 0.5,
        },
      );
    const detach = (detachAfterMs: number): DetachMode => ({
      kind: 'detach',
      detachAfterMs,
      pullRequest: { number: 3, headSha: HEAD, fromFork: false },
      status,
    });
    const reconcile: ReconcileMode = { kind: 'reconcile', suiteId: SUITE, timeoutText: '1h', status };
    return { ...api, github, gate, detach, reconcile };
  }

  it('judges a run that finishes within detach-after and sets the final status, never pending', async () => {
    const { gate, detach, clock, github: gh } = await setup({ queuedMs: 0, inProgressMs: 4 * MINUTE });
    const result = await gate(detach(10 * MINUTE));
    expect(result.outcome).toBe('pass');
    expect(clock.now() - T0).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(clock.now() - T0).toBeLessThan(10 * MINUTE);
    expect(gh.statusesOf(HEAD).map((s) => s.state)).toEqual(['success']);
    expect(result.detached?.status).toMatchObject({ state: 'success', written: true });
  });

  it('detaches at detach-after, without cancelling the run, when the run takes longer', async () => {
    const { gate, detach, clock, emulator, github: gh } = await setup({ queuedMs: 0, inProgressMs: 60 * MINUTE });
    const result = await gate(detach(10 * MINUTE), { cancelRunOn: { timeout: true, abort: true } });
    expect(result.outcome).toBe('pending');
    expect(clock.now() - T0).toBeLessThanOrEqual(10 * MINUTE);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(10 * MINUTE - 1_000);
    expect(emulator.requests.filter((r) => r.route === 'cancel')).toEqual([]);
    expect(gh.statusesOf(HEAD)).toMatchObject([
      { state: 'pending', description: expect.stringMatching(/^Waiting for eval_run_detach: in_progress \d+\/50$/) },
    ]);
  });

  it('with detach-after 0 reads the listed run by id once and detaches at once', async () => {
    const { gate, detach, clock, emulator } = await setup({ queuedMs: 0, inProgressMs: 60 * MINUTE });
    const result = await gate(detach(0));
    expect(result.outcome).toBe('pending');
    expect(clock.now()).toBe(T0);
    expect(emulator.requests.map((r) => r.route)).toEqual(['list', 'get']);
  });

  it('reconciles once the run is done, and not before; overdue after the timeout', async () => {
    const { gate, detach, reconcile, clock, github: gh } = await setup({ queuedMs: 0, inProgressMs: 20 * MINUTE });
    expect((await gate(detach(0))).outcome).toBe('pending');
    const early = await gate(reconcile);
    expect(early.reconcile).toMatchObject({ reconciled: 0, pending: 1 });
    expect(early.reconcile?.pullRequests[0]).toMatchObject({ action: 'left', pendingAfter: true });
    clock.advance(25 * MINUTE);
    const late = await gate(reconcile);
    expect(late.outcome).toBe('pass');
    expect(late.reconcile).toMatchObject({ reconciled: 1, pending: 0 });
    expect(gh.latestStatus(HEAD, CONTEXT)).toMatchObject({
      state: 'success',
      target_url: 'https://github.com/acme/llm-app/actions/runs/9',
    });
  });

  it('sets error once a run is still running an hour (the timeout) after it was created', async () => {
    const { gate, detach, reconcile, clock, github: gh } = await setup({ queuedMs: 0, inProgressMs: 5 * 60 * MINUTE });
    await gate(detach(0));
    clock.advance(59 * MINUTE);
    expect((await gate(reconcile, { timeoutMs: 60 * MINUTE })).reconcile?.pending).toBe(1);
    clock.advance(MINUTE);
    const overdue = await gate(reconcile, { timeoutMs: 60 * MINUTE });
    expect(overdue.reconcile).toMatchObject({ reconciled: 1, pending: 0 });
    expect(gh.latestStatus(HEAD, CONTEXT)).toMatchObject({
      state: 'error',
      description: expect.stringMatching(/^No verdict within 1h: run eval_run_detach is still in_progress/),
    });
  });
});
