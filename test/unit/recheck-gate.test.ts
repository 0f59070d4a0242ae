/**
 * Issue 14, section 2, on virtual time: every read a verdict or a write rests on is re-checked, a rerun cannot make
 * failures disappear, a started run must be the run asked for, a lost create answer does not start two runs, and
 * only the deadline ends the create and rerun phases. The whole gate runs against the emulator on a fake clock.
 */
import { describe, expect, it } from 'vitest';
import type { GateConfig, RunCreation } from '../../src/core/config.ts';
import { runGate } from '../../src/gate/gate.ts';
import { USER_AGENT } from '../../src/core/version.ts';
import type { FaultRule, RunSpec } from '../emulator/model.ts';
import type { ScheduleSpec } from '../emulator/schedules.ts';
import type { RecordedRequest } from '../emulator/server.ts';
import { recordingLogger } from './fake-time.ts';
import { gateConfigFor, virtualApi } from './virtual-api.ts';

const T0 = 1_700_000_000_000;
const SUITE = 'eval_suite_recheck';
const OTHER_SUITE = 'eval_suite_elsewhere';
const RUN_ID = 'eval_run_recheck';
const MINUTE = 60_000;
const CONTEXT = { github_run_id: '1234', github_run_attempt: '1' };

const lookup: GateConfig['target'] = { kind: 'lookup', suiteId: SUITE, metadata: { sha: 'c0ffee' } };
const creating = (overrides: Partial<RunCreation> = {}): RunCreation => ({
  mode: 'always',
  models: ['gpt-x'],
  judgeModel: undefined,
  embeddingModel: undefined,
  options: {},
  context: CONTEXT,
  ...overrides,
});
/** A run that completes a minute after it appears. */
const minuteRun = (spec: RunSpec = {}): RunSpec => ({
  id: RUN_ID,
  suiteId: SUITE,
  metadata: { sha: 'c0ffee' },
  inProgressMs: MINUTE,
  total: 50,
  ...spec,
});
const quickCreated: RunSpec = { queuedMs: 0, inProgressMs: 2_000, total: 20 };

const routes = (requests: RecordedRequest[], route: RecordedRequest['route']) => requests.filter((r) => r.route === route);

describe('issue 14 §2 on virtual time', () => {
  const start = virtualApi(T0);

  async function gate(
    scenario: { runs: RunSpec[]; faults?: FaultRule[]; creates?: RunSpec[]; schedules?: ScheduleSpec[] },
    overrides: Partial<GateConfig>,
    options: { signal?: AbortSignal; onStart?: (requests: RecordedRequest[]) => void } = {},
  ) {
    const { clock, sleeps, emulator, agent } = await start(scenario);
    options.onStart?.(emulator.requests);
    const logger = recordingLogger();
    const config = gateConfigFor(emulator, lookup, { pollIntervalMs: 5_000, timeoutMs: 30 * MINUTE, ...overrides });
    const result = await runGate(config, {
      clock,
      sleep: sleeps.sleep,
      dispatcher: agent,
      logger,
      userAgent: USER_AGENT,
      random: () => 0.5,
      signal: options.signal,
    });
    return { result, clock, emulator, logger, elapsed: clock.now() - T0 };
  }

  describe('the final read is checked like the first', () => {
    it('run-id + suite-id: the run moves to another suite while the gate waits: inconclusive, never judged', async () => {
      const run = minuteRun({ changes: [{ atMs: 30_000, fields: { suite_id: OTHER_SUITE } }] });
      const { result, emulator } = await gate({ runs: [run] }, { target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE } });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toBe(
        `run ${RUN_ID} was given by run-id (suite ${SUITE}), but the run itself (GET by id) belongs to suite ${OTHER_SUITE}: the API's answers disagree`,
      );
      expect(result.criteria).toEqual([]);
      expect(result.run?.status).toBe('completed');
      expect(routes(emulator.requests, 'samples')).toEqual([]);
    });

    it('run-id + metadata: the run loses a pair while the gate waits: inconclusive', async () => {
      const run = minuteRun({ changes: [{ atMs: 30_000, fields: { metadata: { sha: 'other' } } }] });
      const target = { kind: 'run-id', runId: RUN_ID, suiteId: undefined, metadata: { sha: 'c0ffee' } } as const;
      const { result } = await gate({ runs: [run] }, { target });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(/was given by run-id \(suite eval_suite_recheck, metadata sha=c0ffee\), but the run itself/);
      expect(result.reason).toContain('does not match that metadata (differs in sha)');
    });

    it('run-id alone: the suite read first is the suite the final read must have', async () => {
      const run = minuteRun({ changes: [{ atMs: 30_000, fields: { suite_id: OTHER_SUITE } }] });
      const { result } = await gate({ runs: [run] }, { target: { kind: 'run-id', runId: RUN_ID, suiteId: undefined } });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toContain(`belongs to suite ${OTHER_SUITE}: the API's answers disagree`);
    });

    it('run-id whose run stays what it was: passes (the check costs no request)', async () => {
      const { result, emulator } = await gate({ runs: [minuteRun()] }, { target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE } });
      expect(result.outcome).toBe('pass');
      expect(result.api.requests).toBe(emulator.requests.length);
    });

    it('after a rerun: the rerun run carries other metadata: inconclusive, after one rerun', async () => {
      const run = minuteRun({ failed: 3, rerunFailed: [0], changes: [{ afterReruns: 1, fields: { metadata: { sha: 'other' } } }] });
      const { result, emulator } = await gate({ runs: [run] }, { rerunFailed: 2 });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toContain(`was listed as a run of suite ${SUITE} matching sha=c0ffee, but the run itself (GET by id)`);
      expect(routes(emulator.requests, 'rerun')).toHaveLength(1);
      expect(result.reruns).toHaveLength(1);
      expect(result.criteria).toEqual([]);
    });

    it('run-id + suite-id after a rerun: the rerun run belongs to another suite: inconclusive', async () => {
      const run = minuteRun({ failed: 3, rerunFailed: [0], changes: [{ afterReruns: 1, fields: { suite_id: OTHER_SUITE } }] });
      const { result, emulator } = await gate(
        { runs: [run] },
        { target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE }, rerunFailed: 1 },
      );
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toContain(`belongs to suite ${OTHER_SUITE}: the API's answers disagree`);
      expect(routes(emulator.requests, 'rerun')).toHaveLength(1);
      expect(result.run?.request_counts.failed).toBe(0);
    });

    it('no rerun is asked for a run that is no longer the one chosen', async () => {
      const run = minuteRun({ failed: 3, rerunFailed: [0], changes: [{ atMs: 30_000, fields: { suite_id: OTHER_SUITE } }] });
      const { result, emulator } = await gate(
        { runs: [run] },
        { target: { kind: 'run-id', runId: RUN_ID, suiteId: SUITE }, rerunFailed: 2 },
      );
      expect(result.outcome).toBe('inconclusive');
      expect(routes(emulator.requests, 'rerun')).toEqual([]);
      expect(result.reruns).toEqual([]);
    });

    it("a schedule's last run moves to another suite while the gate waits: inconclusive", async () => {
      const schedule: ScheduleSpec = { id: 'eval_sched_recheck', name: 'Nightly', suiteId: SUITE, intervalSeconds: 3600 };
      const run = minuteRun({ scheduleId: 'eval_sched_recheck', changes: [{ atMs: 30_000, fields: { suite_id: OTHER_SUITE } }] });
      const target = { kind: 'schedule', scheduleId: 'eval_sched_recheck', suiteId: undefined, maxAge: undefined } as const;
      const { result } = await gate({ runs: [run], schedules: [schedule] }, { target });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toBe(
        `run ${RUN_ID} was the last run of schedule Nightly (suite ${SUITE}), but the run itself (GET by id) belongs to suite ${OTHER_SUITE}: the API's answers disagree`,
      );
    });
  });

  describe('a rerun cannot make failures disappear', () => {
    it.each([
      [
        'a smaller total',
        { total: 100, completed: 100, failed: 0 },
        /^rerun 1 of run eval_run_recheck changed the number of requests \(before: 50 total, 44 completed, 6 failed; after: 100 total/,
      ],
      [
        'fewer completed',
        { completed: 40, failed: 0 },
        /^rerun 1 of run eval_run_recheck lowered the number of completed requests \(before: 50 total, 44 completed, 6 failed; after: 50 total, 40 completed, 0 failed\)/,
      ],
    ] as const)('a rerun reporting %s: inconclusive, naming the counts before and after', async (_name, counts, reason) => {
      const run = minuteRun({ failed: 6, rerunFailed: [0], rerunCounts: [counts] });
      const { result, emulator } = await gate({ runs: [run] }, { rerunFailed: 2 });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(reason);
      expect(routes(emulator.requests, 'rerun')).toHaveLength(1);
      expect(result.reruns).toMatchObject([{ attempt: 1, failedBefore: 6, failedAfter: 0, statusAfter: 'completed' }]);
      expect(result.criteria).toEqual([]);
    });
  });

  describe('a create answer or a recovered create is this job run', () => {
    it.each([
      ['other models', { models: ['gpt-z'] }, 'has other models than asked for (gpt-x)'],
      ['another suite', { suite_id: OTHER_SUITE }, `belongs to suite ${OTHER_SUITE}`],
      [
        'metadata of another job',
        { metadata: { sha: 'c0ffee', github_run_id: '99', github_run_attempt: '1' } },
        'differs in github_run_id',
      ],
      ['another judge model', { judge_model: 'auto' }, 'has another judge model than asked for (judge-l)'],
      ['another generation', { generation: { temperature: 1 } }, 'reports another "generation" than run-options asked for'],
      ['an old created_at', { created_at: T0 / 1000 - 3600 }, 'before this gate started'],
    ] as const)('a create answer with %s: inconclusive, never created, not waited for', async (_name, view, problem) => {
      const creates = [{ ...quickCreated, createView: view }];
      const createRun = creating({ judgeModel: 'judge-l', options: { generation: { temperature: 0 } } });
      const { result, emulator } = await gate({ runs: [], creates }, { createRun });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(/^run eval_run_\w+, named by the answer to POST \/runs, is not the run this gate asked for: it /);
      expect(result.reason).toContain(problem);
      expect(result.reason).toMatch(/; not treated as this job's run$/);
      expect(result.created).toBe(false);
      expect(result.run).toBeUndefined();
      expect(emulator.requests.map((r) => r.route)).toEqual(['create']);
    });

    it('a recovered run of another judge model (the listing says so): inconclusive, never created, one run', async () => {
      const creates = [{ ...quickCreated, listView: { judge_model: 'auto' } }];
      const faults: FaultRule[] = [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }];
      const { result, emulator } = await gate({ runs: [], creates, faults }, { createRun: creating({ judgeModel: 'judge-l' }) });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(
        /, found in the listing after the answer to POST \/runs was lost, is not the run this gate asked for: it has another judge model than asked for \(judge-l\)/,
      );
      expect(result.created).toBe(false);
      expect(routes(emulator.requests, 'create')).toHaveLength(1);
    });
  });

  describe('a lost create answer does not start two runs', () => {
    it('the run is listed 3 s late: found by the scans at poll-interval, one POST, one run', async () => {
      const creates = [{ ...quickCreated, listAfterMs: 3_000 }];
      const faults: FaultRule[] = [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }];
      const { result, emulator } = await gate({ runs: [], creates, faults }, { createRun: creating(), pollIntervalMs: 1_000 });
      expect(result.outcome).toBe('pass');
      expect(result.created).toBe(true);
      expect(emulator.createdRunIds()).toHaveLength(1);
      expect(result.run?.id).toBe(emulator.createdRunIds()[0]);
      const lists = routes(emulator.requests, 'list');
      expect(lists.map((r) => r.at)).toEqual([0, 1_000, 2_000, 3_000]);
      expect(routes(emulator.requests, 'create')).toHaveLength(1);
    });

    it('the run is listed 12 s late: the gate looks for 10 s at poll-interval, then asks again (the limit the README names)', async () => {
      const creates = [{ ...quickCreated, listAfterMs: 12_000 }];
      const faults: FaultRule[] = [{ route: 'create', kind: 'status', status: 503, times: 1, afterCommit: true }];
      const { result, emulator } = await gate({ runs: [], creates, faults }, { createRun: creating(), pollIntervalMs: 3_000 });
      expect(result.outcome).toBe('pass');
      const posts = routes(emulator.requests, 'create');
      expect(posts.map((r) => [r.at, r.answer])).toEqual([
        [0, 'fault:status'],
        [10_000, '200'],
      ]);
      expect(routes(emulator.requests, 'list').map((r) => r.at)).toEqual([0, 3_000, 6_000, 9_000, 10_000]);
      expect(emulator.createdRunIds()).toHaveLength(2);
      expect(result.run?.id).toBe(emulator.createdRunIds()[1]);
    });

    it('a 429 with Retry-After longer than 10 s: looks that long before asking again', async () => {
      const faults: FaultRule[] = [{ route: 'create', kind: 'status', status: 429, retryAfter: '25', times: 1 }];
      const { result, emulator } = await gate(
        { runs: [], creates: [quickCreated], faults },
        { createRun: creating(), pollIntervalMs: 10_000 },
      );
      expect(result.outcome).toBe('pass');
      expect(routes(emulator.requests, 'create').map((r) => r.at)).toEqual([0, 25_000]);
      expect(emulator.createdRunIds()).toHaveLength(1);
    });
  });

  describe('the deadline alone ends the create and rerun phases', () => {
    it('a 3-minute outage of create and list (timeout 30m): keeps looking, then asks again and passes', async () => {
      const faults: FaultRule[] = [
        { route: 'create', kind: 'status', status: 503, untilMs: 3 * MINUTE },
        { route: 'list', kind: 'status', status: 503, untilMs: 3 * MINUTE },
      ];
      const { result, emulator, logger } = await gate({ runs: [], creates: [quickCreated], faults }, { createRun: creating() });
      expect(result.outcome).toBe('pass');
      expect(result.created).toBe(true);
      const posts = routes(emulator.requests, 'create');
      expect(posts.map((r) => r.answer)).toEqual(['fault:status', '200']);
      expect(posts[1]!.at).toBeGreaterThanOrEqual(3 * MINUTE);
      expect(emulator.createdRunIds()).toHaveLength(1);
      expect(logger.messages().some((m) => m.includes('trying again at the next poll'))).toBe(true);
    });

    it('an outage of the first scan (if-missing): waits it out, then starts the run', async () => {
      const faults: FaultRule[] = [{ route: 'any', kind: 'status', status: 503, untilMs: 4 * MINUTE }];
      const { result, emulator } = await gate(
        { runs: [], creates: [quickCreated], faults },
        { createRun: creating({ mode: 'if-missing' }) },
      );
      expect(result.outcome).toBe('pass');
      expect(result.created).toBe(true);
      expect(routes(emulator.requests, 'create')).toHaveLength(1);
      expect(routes(emulator.requests, 'create')[0]!.at).toBeGreaterThanOrEqual(4 * MINUTE);
    });

    it('an outage longer than the timeout: inconclusive at the deadline, not before', async () => {
      const faults: FaultRule[] = [{ route: 'any', kind: 'status', status: 503 }];
      const { result, elapsed, emulator } = await gate({ runs: [], faults }, { createRun: creating(), timeoutMs: 10 * MINUTE });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(/^timeout of 10m 00s reached while looking for the run a create request may have started/);
      expect(result.reason).toContain('HTTP 503');
      expect(elapsed).toBeGreaterThanOrEqual(10 * MINUTE - 500);
      expect(elapsed).toBeLessThanOrEqual(10 * MINUTE);
      // It never asked again without a scan that could have found the first run.
      expect(routes(emulator.requests, 'create')).toHaveLength(1);
    });

    it('rerun-failed answering 429 with Retry-After: 30: the next request waits 30 s', async () => {
      const run = minuteRun({ failed: 6, rerunFailed: [0] });
      const faults: FaultRule[] = [{ route: 'rerun', kind: 'status', status: 429, retryAfter: '30', times: 1 }];
      const { result, emulator } = await gate({ runs: [run], faults }, { rerunFailed: 1 });
      expect(result.outcome).toBe('pass');
      const posts = routes(emulator.requests, 'rerun');
      expect(posts.map((r) => r.answer)).toEqual(['fault:status', '200']);
      expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(30_000);
      expect(posts[1]!.at - posts[0]!.at).toBeLessThan(40_000);
    });

    it('a 4-minute outage of rerun-failed and GET: keeps asking until it is made, and passes', async () => {
      const run = minuteRun({ failed: 6, rerunFailed: [0] });
      const faults: FaultRule[] = [
        { route: 'rerun', kind: 'status', status: 503, untilMs: 5 * MINUTE },
        { route: 'get', kind: 'status', status: 503, fromMs: 2 * MINUTE, untilMs: 5 * MINUTE },
      ];
      const { result, emulator } = await gate({ runs: [run], faults }, { rerunFailed: 1 });
      expect(result.outcome).toBe('pass');
      const posts = routes(emulator.requests, 'rerun');
      expect(posts.length).toBeGreaterThan(3);
      expect(posts.at(-1)!.answer).toBe('200');
      expect(posts.at(-1)!.at).toBeGreaterThanOrEqual(5 * MINUTE);
      expect(result.reruns).toMatchObject([{ attempt: 1, failedBefore: 6, failedAfter: 0, statusAfter: 'completed' }]);
    });

    it('rerun-failed failing to the deadline: the rerun is not made, and the run is judged as it is', async () => {
      const run = minuteRun({ failed: 6, rerunFailed: [0] });
      const faults: FaultRule[] = [{ route: 'rerun', kind: 'status', status: 503 }];
      const { result, elapsed } = await gate({ runs: [run], faults }, { rerunFailed: 1, timeoutMs: 10 * MINUTE });
      expect(result.outcome).toBe('fail');
      expect(result.reruns[0]?.error).toMatch(/HTTP 503.*\(no time left to ask again\)$/);
      expect(elapsed).toBeGreaterThan(9 * MINUTE);
    });
  });

  describe('the runner signal while a create request is out', () => {
    /** Aborts as soon as the emulator has received the create request (real time: its answer is delayed or never comes). */
    function abortOnCreate(controller: AbortController) {
      return (requests: RecordedRequest[]) => {
        const timer = setInterval(() => {
          if (requests.some((r) => r.route === 'create')) {
            clearInterval(timer);
            controller.abort('SIGTERM');
          }
        }, 2);
      };
    }

    it('the answer comes within 2 s: the run is reported as started and cancelled (cancel-run-on: abort)', async () => {
      const controller = new AbortController();
      const faults: FaultRule[] = [{ route: 'create', kind: 'delay', delayMs: 300 }];
      const { result, emulator } = await gate(
        { runs: [], creates: [{ ...quickCreated, queuedMs: MINUTE }], faults },
        { createRun: creating(), cancelRunOn: { timeout: false, abort: true } },
        { signal: controller.signal, onStart: abortOnCreate(controller) },
      );
      const [id] = emulator.createdRunIds();
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toBe(
        `interrupted by the runner (SIGTERM) while starting run ${id}; last seen: queued, 0/20 completed, 0 failed`,
      );
      expect(result.created).toBe(true);
      expect(result.run?.id).toBe(id);
      expect(result.run?.status).toMatch(/^cancell/);
      expect(routes(emulator.requests, 'cancel').map((r) => r.path)).toEqual([`/api/v1/llm/evals/runs/${id}/cancel`]);
      expect(result.cancelRequest?.ok).toBe(true);
    });

    it('the answer never comes but the run was made: found by the job metadata, reported and cancelled', async () => {
      const controller = new AbortController();
      const faults: FaultRule[] = [{ route: 'create', kind: 'hang', afterCommit: true }];
      const { result, emulator } = await gate(
        { runs: [], creates: [{ ...quickCreated, queuedMs: MINUTE }], faults },
        { createRun: creating(), cancelRunOn: { timeout: false, abort: true } },
        { signal: controller.signal, onStart: abortOnCreate(controller) },
      );
      const [id] = emulator.createdRunIds();
      expect(result.outcome).toBe('inconclusive');
      expect(result.created).toBe(true);
      expect(result.run?.id).toBe(id);
      expect(emulator.requests.map((r) => r.route)).toEqual(['create', 'list', 'cancel']);
      expect(result.cancelRequest?.ok).toBe(true);
    });

    it('the answer never comes and no run was made: nothing reported, nothing cancelled, the reason says so', async () => {
      const controller = new AbortController();
      const faults: FaultRule[] = [{ route: 'create', kind: 'hang' }];
      const { result, emulator } = await gate(
        { runs: [], faults },
        { createRun: creating(), cancelRunOn: { timeout: false, abort: true } },
        { signal: controller.signal, onStart: abortOnCreate(controller) },
      );
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toBe('interrupted by the runner (SIGTERM) while starting a run (whether one was started is not known)');
      expect(result.created).toBe(false);
      expect(result.run).toBeUndefined();
      expect(emulator.requests.map((r) => r.route)).toEqual(['create', 'list']);
    });
  });
});
