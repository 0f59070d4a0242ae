import { describe, expect, it } from 'vitest';
import { EvalsClient, type ListRunsParams } from '../../src/api/client.ts';
import { ApiProtocolError } from '../../src/api/errors.ts';
import { isTransientFailure } from '../../src/api/retry.ts';
import type { EvalRun, RunList } from '../../src/api/models.ts';
import { silentLogger } from '../../src/core/log.ts';
import { describeFilter, lookupRun, matchesMetadata, scanRuns } from '../../src/find/lookup.ts';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { fakeTime, recordingLogger } from './fake-time.ts';
import { virtualApi } from './virtual-api.ts';

const SUITE = 'eval_suite_lookup';
const T0 = 1_700_000_000_000;

function run(id: string, createdAt: number, metadata: Record<string, string> = {}): EvalRun {
  return {
    id,
    suite_id: SUITE,
    status: 'completed',
    models: ['gpt-x'],
    request_counts: { total: 10, completed: 10, failed: 0 },
    metrics: null,
    error: null,
    metadata,
    created_at: createdAt,
  };
}

/**
 * An EvalsClient stand-in that lists `runs()` (in the order given) in pages of `pageSize`,
 * following `after` cursors like the API, and records every list request.
 */
function fakeLister(runs: () => EvalRun[], pageSize = 3) {
  const requests: ListRunsParams[] = [];
  const client = {
    async listRuns(params: ListRunsParams): Promise<RunList> {
      requests.push(params);
      const all = runs().filter((r) => r.suite_id === params.suiteId && (!params.status || r.status === params.status));
      const start = params.after === undefined ? 0 : all.findIndex((r) => r.id === params.after) + 1;
      if (params.after !== undefined && start === 0) throw new Error(`unknown cursor ${params.after}`);
      const data = all.slice(start, start + pageSize);
      return {
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: start + pageSize < all.length,
        unreadable: [],
      };
    },
  };
  return { client: client as unknown as EvalsClient, requests };
}

/** `count` runs, newest first, created 100 s apart, with branch=main unless `make` says otherwise. */
function history(count: number, make: (i: number) => Record<string, string> = () => ({ branch: 'main' })): EvalRun[] {
  return Array.from({ length: count }, (_, i) => run(`eval_run_${i}`, 1_000_000 - i * 100, make(i)));
}

describe('matchesMetadata and describeFilter', () => {
  it('needs every pair to match exactly; an empty filter matches any run', () => {
    const r = run('r', 1, { branch: 'main', sha: 'abc' });
    expect(matchesMetadata(r, {})).toBe(true);
    expect(matchesMetadata(r, { branch: 'main' })).toBe(true);
    expect(matchesMetadata(r, { branch: 'main', sha: 'abc' })).toBe(true);
    expect(matchesMetadata(r, { branch: 'main', sha: 'abd' })).toBe(false);
    expect(matchesMetadata(r, { pr: '' })).toBe(false);
    expect(matchesMetadata(r, { branch: 'Main' })).toBe(false);
  });

  it('describes a filter', () => {
    expect(describeFilter({})).toBe('any metadata');
    expect(describeFilter({ branch: 'main', sha: 'abc' })).toBe('branch=main, sha=abc');
  });
});

describe('scanRuns', () => {
  it('chooses the newest matching run and stops after the page holding the first match', async () => {
    // Matches at indexes 4 and 5 (page 2) and 9 (page 4): page 2 is the last one read.
    const runs = history(12, (i) => ({ branch: [4, 5, 9].includes(i) ? 'feature' : 'main' }));
    const { client, requests } = fakeLister(() => runs, 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'feature' } });
    expect(scan.match?.id).toBe('eval_run_4');
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.after)).toEqual([undefined, 'eval_run_2']);
    expect(scan).toMatchObject({ candidates: 2, scanned: 6, pages: 2, newestId: 'eval_run_0', orderedNewestFirst: true });
  });

  it('walks every page when nothing matches', async () => {
    const { client, requests } = fakeLister(() => history(10), 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'nope' } });
    expect(scan).toMatchObject({
      match: undefined,
      candidates: 0,
      scanned: 10,
      pages: 4,
      newestId: 'eval_run_0',
      orderedNewestFirst: true,
    });
    expect(requests).toHaveLength(4);
  });

  it('passes the status filter to the listing', async () => {
    const runs = [run('a', 300, { branch: 'main' }), { ...run('b', 200, { branch: 'main' }), status: 'failed' as const }];
    const { client, requests } = fakeLister(() => runs);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: {}, status: 'failed' });
    expect(scan.match?.id).toBe('b');
    expect(requests[0]?.status).toBe('failed');
  });

  it('walks the whole listing when it is out of order, and the highest created_at wins', async () => {
    const runs = [
      run('a', 500),
      run('b', 300, { branch: 'feature' }), // first match in listing order
      run('c', 400), // out of order: newer than the run before it
      run('d', 200),
      run('e', 100),
      run('f', 50),
      run('g', 450, { branch: 'feature' }), // the newest match, on the last page
    ];
    const { client, requests } = fakeLister(() => runs, 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'feature' } });
    expect(scan.match?.id).toBe('g');
    expect(scan.orderedNewestFirst).toBe(false);
    expect(scan.candidates).toBe(2);
    expect(scan.scanned).toBe(7);
    expect(requests).toHaveLength(3);
  });

  it('walks the whole listing when told not to assume order', async () => {
    const runs = [run('a', 500, { branch: 'feature' }), run('b', 400), run('c', 300), run('d', 200, { branch: 'feature' })];
    const { client, requests } = fakeLister(() => runs, 2);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'feature' } }, { assumeOrdered: false });
    expect(scan.match?.id).toBe('a');
    expect(scan.candidates).toBe(2);
    expect(requests).toHaveLength(2);
  });

  it('stops at stopAtId: everything after it was examined before', async () => {
    const runs = history(9);
    const { client, requests } = fakeLister(() => runs, 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'nope' } }, { stopAtId: 'eval_run_4' });
    expect(scan.scanned).toBe(4);
    expect(scan.newestId).toBe('eval_run_0');
    expect(requests).toHaveLength(2);
  });

  it('reports no newest id when the listing starts at stopAtId', async () => {
    const { client, requests } = fakeLister(() => history(9), 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: {} }, { stopAtId: 'eval_run_0' });
    expect(scan).toMatchObject({ match: undefined, scanned: 0, newestId: undefined, pages: 1 });
    expect(requests).toHaveLength(1);
  });

  it('never chooses excludeId', async () => {
    const { client } = fakeLister(() => history(6), 3);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'main' } }, { excludeId: 'eval_run_0' });
    expect(scan.match?.id).toBe('eval_run_1');
    expect(scan.candidates).toBe(2);
    // The excluded run still counts as the newest examined.
    expect(scan.newestId).toBe('eval_run_0');
  });

  it('counts a run listed twice (it moved between pages) once', async () => {
    const runs = history(4, () => ({ branch: 'main' }));
    const pages: RunList[] = [
      { object: 'list', data: [runs[0]!, runs[1]!], first_id: 'eval_run_0', last_id: 'eval_run_1', has_more: true, unreadable: [] },
      {
        object: 'list',
        data: [runs[1]!, runs[2]!, runs[3]!],
        first_id: 'eval_run_1',
        last_id: 'eval_run_3',
        has_more: false,
        unreadable: [],
      },
    ];
    let n = 0;
    const client = { listRuns: async () => pages[n++] as RunList } as unknown as EvalsClient;
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { branch: 'nope' } });
    expect(scan.scanned).toBe(4);
    expect(scan.orderedNewestFirst).toBe(true);
  });
});

describe('scanRuns with runs it cannot read', () => {
  /** An unreadable item listed right after the readable run `after` (undefined: first on its page). */
  const odd = (id: string | undefined, metadata: Record<string, string> | undefined, after?: string) => ({
    id,
    metadata,
    after,
    error: new ApiProtocolError('GET /api/v1/llm/evals/runs', `run "${id}" has unknown status "paused"`),
  });
  const onePage = (data: EvalRun[], unreadable: RunList['unreadable']): EvalsClient =>
    ({
      listRuns: async (): Promise<RunList> => ({ object: 'list', data, first_id: null, last_id: null, has_more: false, unreadable }),
    }) as unknown as EvalsClient;

  it('passes over an unreadable run whose metadata shows it is another run', async () => {
    const client = onePage([run('eval_run_ok', 100, { sha: 'abc' })], [odd('eval_run_odd', { sha: 'other' })]);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { sha: 'abc' } });
    expect(scan.match?.id).toBe('eval_run_ok');
    expect(scan.unreadableSkipped).toBe(1);
  });

  it('passes over an unreadable run listed after (older than) the match', async () => {
    // metadata '*': every run matches, yet an older odd run cannot be the newest one.
    const client = onePage(
      [run('eval_run_newest', 200), run('eval_run_older', 100)],
      [odd('eval_run_odd', { sha: 'x' }, 'eval_run_newest')],
    );
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: {} });
    expect(scan.match?.id).toBe('eval_run_newest');
    expect(scan.unreadableSkipped).toBe(1);
  });

  it('refuses to guess when the unreadable run could be the one asked for', async () => {
    // Listed first (newest) and its metadata matches: skipping it would gate an older run instead.
    const matching = onePage([run('eval_run_older', 100, { sha: 'abc' })], [odd('eval_run_newer', { sha: 'abc' })]);
    await expect(scanRuns(matching, { suiteId: SUITE, metadata: { sha: 'abc' } })).rejects.toThrow(/unknown status "paused"/);
    // No readable metadata at all: it could be any run.
    const opaque = onePage([run('eval_run_older', 100, { sha: 'abc' })], [odd('eval_run_x', undefined)]);
    await expect(scanRuns(opaque, { suiteId: SUITE, metadata: { sha: 'abc' } })).rejects.toBeInstanceOf(ApiProtocolError);
    // No id either: still not passed over (no excludeId can match it).
    const anonymous = onePage([run('eval_run_older', 100, { sha: 'abc' })], [odd(undefined, { sha: 'abc' })]);
    await expect(scanRuns(anonymous, { suiteId: SUITE, metadata: { sha: 'abc' } })).rejects.toBeInstanceOf(ApiProtocolError);
  });
});

describe('lookupRun with a changing listing', () => {
  it('rescans only the runs newer than the previous newest, until a match appears', async () => {
    const time = fakeTime(T0);
    const old = history(5, () => ({ branch: 'main' }));
    const newer = run('eval_run_new', 2_000_000, { branch: 'main', sha: 'x' });
    const match = run('eval_run_match', 2_000_100, { branch: 'main', sha: 'target' });
    const listing = () => {
      const elapsed = time.clock.now() - T0;
      return [...(elapsed >= 40_000 ? [match] : []), ...(elapsed >= 20_000 ? [newer] : []), ...old];
    };
    const { client, requests } = fakeLister(listing, 2);
    const logger = recordingLogger();
    const outcome = await lookupRun(
      client,
      { suiteId: SUITE, metadata: { sha: 'target' } },
      { clock: time.clock, sleep: time.sleep, deadline: T0 + 600_000, intervalMs: 15_000 },
      logger,
    );
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.run.id).toBe('eval_run_match');
    expect(outcome.scans).toBe(4); // t=0, 15 s, 30 s, 45 s
    expect(outcome.scanned).toBe(5 + 0 + 1 + 1);
    // Scan 1 reads all 3 pages; scan 2 (nothing new) stops on page 1 at eval_run_0; scan 3 reads
    // eval_run_new then stops at eval_run_0; scan 4 reads the match, then stops at eval_run_new.
    expect(requests.map((r) => r.after)).toEqual([undefined, 'eval_run_1', 'eval_run_3', undefined, undefined, undefined]);
    expect(outcome.scan).toMatchObject({ scanned: 1, candidates: 1, newestId: 'eval_run_match' });
    expect(time.delays()).toEqual([15_000, 15_000, 15_000]);
    const info = logger.messages();
    expect(info).toHaveLength(3);
    expect(info[0]).toContain(`No run of suite ${SUITE} matches sha=target yet (scan 1: 5 new run(s) in 3 page(s))`);
    expect(info[1]).toContain('(scan 2: 0 new run(s) in 1 page(s))');
  });

  it('keeps walking the full listing on every scan once it was out of order', async () => {
    const time = fakeTime(T0);
    const runs = [run('a', 100), run('b', 300), run('c', 200)];
    const { client, requests } = fakeLister(() => runs, 2);
    const outcome = await lookupRun(
      client,
      { suiteId: SUITE, metadata: { never: 'x' } },
      { clock: time.clock, sleep: time.sleep, deadline: T0 + 40_000, intervalMs: 15_000 },
      silentLogger,
    );
    // Scans at 0, 15, 30 and 39.5 s (the last one shortened to keep the final-check reserve).
    expect(outcome).toMatchObject({ kind: 'deadline', scans: 4, scanned: 12 });
    // The newest runs by created_at, whatever the listing's order.
    if (outcome.kind === 'deadline') expect(outcome.recent.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(requests).toHaveLength(8);
  });
});

describe('lookupRun against the emulator on virtual time', () => {
  const start = virtualApi(T0);

  async function setup(
    runs: RunSpec[],
    deadlineAfterMs: number,
    signal?: AbortSignal,
    abortAt?: { at: number; controller: AbortController },
  ) {
    const { clock, sleeps, emulator, client } = await start({ runs }, abortAt ? { abortAt } : {});
    const poll = { clock, sleep: sleeps.sleep, deadline: T0 + deadlineAfterMs, intervalMs: 15_000, signal };
    return { clock, sleeps, client: client(deadlineAfterMs, { signal }), poll, emulator };
  }

  const older = (n: number): RunSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `eval_run_old${i}`,
      suiteId: SUITE,
      ageSeconds: 60 * (i + 1),
      metadata: { branch: 'main', sha: `old${i}` },
    }));

  it('stops listing after the first page holding a match (250 runs, limit 100)', async () => {
    const runs = older(250).map((spec, i) => (i === 120 || i === 200 ? { ...spec, metadata: { target: 'yes' } } : spec));
    const { client, emulator: emu } = await setup(runs, 600_000);
    const scan = await scanRuns(client, { suiteId: SUITE, metadata: { target: 'yes' } });
    expect(scan.match?.id).toBe('eval_run_old120');
    expect(scan.scanned).toBe(200);
    expect(emu.requests.filter((r) => r.route === 'list')).toHaveLength(2);
  });

  it('waits until the run appears, scanning at the poll interval', async () => {
    const runs: RunSpec[] = [
      ...older(3),
      { id: 'eval_run_pr', suiteId: SUITE, appearAfterMs: 50_000, metadata: { branch: 'feature', sha: 'c0ffee' }, queuedMs: 60_000 },
    ];
    const { client, poll, clock, emulator: emu } = await setup(runs, 600_000);
    const outcome = await lookupRun(client, { suiteId: SUITE, metadata: { sha: 'c0ffee' } }, poll, silentLogger);
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.run.id).toBe('eval_run_pr');
    expect(outcome.run.status).toBe('queued');
    expect(outcome.scans).toBe(5); // 0, 15, 30, 45, 60 s
    expect(clock.now() - T0).toBe(60_000);
    const lists = emu.requests.filter((r) => r.route === 'list');
    expect(lists).toHaveLength(5);
    expect(lists.every((r) => r.query.suite_id === SUITE)).toBe(true);
    // Virtual time only: the emulator saw the requests 15 s apart.
    expect(lists.map((r) => r.at)).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
  });

  it('gives up at the deadline when no run appears', async () => {
    const { client, poll, clock } = await setup(older(3), 100_000);
    const outcome = await lookupRun(client, { suiteId: SUITE, metadata: { sha: 'never' } }, poll, silentLogger);
    // Scans every 15 s from 0 to 90 s, and a last one at 99.5 s (the 500 ms final-check reserve).
    expect(outcome).toMatchObject({ kind: 'deadline', scans: 8, scanned: 3 });
    if (outcome.kind === 'deadline') {
      expect(outcome.recent.map((r) => [r.id, r.metadata])).toEqual([
        ['eval_run_old0', { branch: 'main', sha: 'old0' }],
        ['eval_run_old1', { branch: 'main', sha: 'old1' }],
        ['eval_run_old2', { branch: 'main', sha: 'old2' }],
      ]);
    }
    expect(clock.now()).toBe(T0 + 99_500);
  });

  it('stops when the job is cancelled while waiting', async () => {
    const controller = new AbortController();
    const {
      client,
      poll,
      clock,
      emulator: emu,
    } = await setup(older(2), 600_000, controller.signal, {
      at: T0 + 40_000,
      controller,
    });
    const outcome = await lookupRun(client, { suiteId: SUITE, metadata: { sha: 'never' } }, poll, silentLogger);
    expect(outcome).toMatchObject({ kind: 'aborted', scans: 3, scanned: 2 });
    if (outcome.kind === 'aborted') expect(outcome.recent.map((r) => r.id)).toEqual(['eval_run_old0', 'eval_run_old1']);
    expect(clock.now()).toBe(T0 + 40_000);
    expect(emu.requests).toHaveLength(3);
  });
});

describe('lookupRun: an unknown suite (issue 14)', () => {
  const start = virtualApi(T0);
  const UNKNOWN = 'eval_suite_unknown';

  async function lookUp(scenario: Scenario, suiteId: string, deadlineAfterMs = 60_000) {
    const { clock, sleeps, emulator, client } = await start(scenario);
    const logger = recordingLogger();
    const poll = { clock, sleep: sleeps.sleep, deadline: T0 + deadlineAfterMs, intervalMs: 15_000, tolerate: isTransientFailure };
    const outcome = await lookupRun(client(deadlineAfterMs), { suiteId, metadata: { sha: 'c0ffee' } }, poll, logger);
    const routes = emulator.requests.map((r) => `${r.route} ${r.answer}`);
    return { outcome, routes, logger, elapsed: clock.now() - T0 };
  }

  it('ends at once when the first listing is empty and GET /suites/{id} answers 404', async () => {
    const { outcome, routes, elapsed } = await lookUp({ runs: [{ suiteId: SUITE }] }, UNKNOWN);
    expect(outcome.kind).toBe('unknown-suite');
    if (outcome.kind !== 'unknown-suite') return;
    expect(outcome.error.status).toBe(404);
    expect(outcome.error.endpoint).toBe(`GET /api/v1/llm/evals/suites/${UNKNOWN}`);
    expect(outcome).toMatchObject({ scans: 1, scanned: 0 });
    expect(routes).toEqual(['list 200', 'suite-get 404']);
    expect(elapsed).toBe(0);
  });

  it('keeps waiting when the suite exists (200), reading it only once', async () => {
    const scenario: Scenario = { runs: [{ id: 'eval_run_late', suiteId: SUITE, appearAfterMs: 40_000, metadata: { sha: 'c0ffee' } }] };
    const { outcome, routes, logger } = await lookUp(scenario, SUITE);
    expect(outcome.kind).toBe('found');
    expect(routes).toEqual(['list 200', 'suite-get 200', 'list 200', 'list 200', 'list 200']);
    expect(logger.messages()).toContain(`Suite ${SUITE} ("Suite ${SUITE}") exists but has no run yet; waiting for one`);
  });

  it.each([
    ['503', { kind: 'status', status: 503 }, 'fault:status'],
    ['403', { kind: 'status', status: 403 }, 'fault:status'],
    ['a 200 that is not a suite', { kind: 'bad-json' }, 'fault:bad-json'],
    ['a reset connection', { kind: 'reset' }, 'fault:reset'],
  ] as const)('ignores %s (logged at debug) and keeps waiting until the deadline', async (_name, fault, answer) => {
    const scenario: Scenario = { runs: [], faults: [{ route: 'suite-get', ...fault }] };
    const { outcome, routes, logger } = await lookUp(scenario, UNKNOWN, 31_000);
    expect(outcome.kind).toBe('deadline');
    expect(routes).toEqual(['list 200', `suite-get ${answer}`, 'list 200', 'list 200', 'list 200']);
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect(debug).toHaveLength(1);
    expect(debug[0]).toMatch(new RegExp(`^Could not tell whether suite ${UNKNOWN} exists \\(GET /api/v1/llm/evals/suites/${UNKNOWN}`));
  });

  it('does not read the suite when the first listing holds runs (of this suite, even with other metadata)', async () => {
    const { outcome, routes } = await lookUp({ runs: [{ suiteId: SUITE, metadata: { sha: 'old' } }] }, SUITE, 16_000);
    expect(outcome.kind).toBe('deadline');
    expect(routes).toEqual(['list 200', 'list 200', 'list 200']);
  });

  it('does not read the suite when the listing holds only runs of other suites (the server ignored suite_id)', async () => {
    const { outcome, routes } = await lookUp({ runs: [{ suiteId: SUITE }], ignoreFilters: ['suite_id'] }, UNKNOWN, 16_000);
    expect(outcome.kind).toBe('deadline');
    expect(routes).toEqual(['list 200', 'list 200', 'list 200']);
  });

  it('reads the suite after the first listing that answered, not after a missed one', async () => {
    const scenario: Scenario = { runs: [], faults: [{ route: 'list', kind: 'status', status: 503, times: 6 }] };
    const { outcome, routes } = await lookUp(scenario, UNKNOWN);
    expect(outcome.kind).toBe('unknown-suite');
    expect(routes.slice(-2)).toEqual(['list 200', 'suite-get 404']);
    expect(routes.filter((r) => r.startsWith('suite-get'))).toHaveLength(1);
  });

  it('does not read the suite after a later empty listing', async () => {
    // The first listing holds a run; later scans stop at it and read nothing new.
    const { routes } = await lookUp({ runs: [{ suiteId: SUITE, metadata: { sha: 'old' } }] }, SUITE, 46_000);
    expect(routes.every((r) => r === 'list 200')).toBe(true);
  });
});
