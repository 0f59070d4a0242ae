import { describe, expect, it } from 'vitest';
import type { EvalRun, RunStatus } from '../../src/api/models.ts';
import { describeLimit, failedRequestsCriterion, formatPercent, judge, statusCriterion, type Criterion } from '../../src/judge/verdict.ts';

function run(status: RunStatus, counts: { total: number; completed?: number; failed: number }, error: EvalRun['error'] = null): EvalRun {
  return {
    id: 'eval_run_v',
    suite_id: 'eval_suite_v',
    status,
    models: [],
    request_counts: { total: counts.total, completed: counts.completed ?? counts.total - counts.failed, failed: counts.failed },
    metrics: null,
    error,
    metadata: {},
    created_at: 1,
  };
}

describe('statusCriterion', () => {
  it('passes only a completed run', () => {
    expect(statusCriterion(run('completed', { total: 1, failed: 0 }))).toMatchObject({
      name: 'Run status',
      actual: 'completed',
      allowed: 'completed',
      passed: true,
    });
    for (const status of ['failed', 'cancelled', 'in_progress', 'queued', 'finalizing', 'cancelling'] as const) {
      expect(statusCriterion(run(status, { total: 1, failed: 0 })).passed).toBe(false);
    }
  });

  it('shows the error message of a failed run, or its code when there is no message', () => {
    expect(statusCriterion(run('failed', { total: 10, failed: 5 }, { code: 'grader_error', message: 'ZeroDivisionError' })).actual).toBe(
      'failed (ZeroDivisionError)',
    );
    expect(statusCriterion(run('failed', { total: 10, failed: 5 }, { code: 'grader_error' })).actual).toBe('failed (grader_error)');
    expect(statusCriterion(run('cancelled', { total: 10, failed: 0 })).actual).toBe('cancelled');
  });

  it('does not show a stray error on a completed run', () => {
    const c = statusCriterion(run('completed', { total: 10, failed: 0 }, { message: 'warning only' }));
    expect(c).toMatchObject({ actual: 'completed', passed: true });
  });
});

describe('failedRequestsCriterion', () => {
  it('with a count, allows up to that many failures', () => {
    const limit = { kind: 'count', value: 3 } as const;
    expect(failedRequestsCriterion(run('completed', { total: 100, failed: 3 }), limit)).toEqual({
      name: 'Failed requests',
      actual: '3 of 100 (3%)',
      allowed: '≤ 3',
      passed: true,
    });
    expect(failedRequestsCriterion(run('completed', { total: 100, failed: 4 }), limit).passed).toBe(false);
  });

  it('with the default count 0, any failure fails', () => {
    const limit = { kind: 'count', value: 0 } as const;
    expect(failedRequestsCriterion(run('completed', { total: 100, failed: 0 }), limit).passed).toBe(true);
    expect(failedRequestsCriterion(run('completed', { total: 1000, failed: 1 }), limit)).toMatchObject({
      actual: '1 of 1000 (0.1%)',
      passed: false,
    });
  });

  it('2.5% of 200 allows exactly 5', () => {
    const limit = { kind: 'percent', value: 2.5 } as const;
    expect(failedRequestsCriterion(run('completed', { total: 200, failed: 5 }), limit)).toEqual({
      name: 'Failed requests',
      actual: '5 of 200 (2.5%)',
      allowed: '≤ 2.5% (5 of 200)',
      passed: true,
    });
    expect(failedRequestsCriterion(run('completed', { total: 200, failed: 6 }), limit)).toMatchObject({
      actual: '6 of 200 (3%)',
      passed: false,
    });
  });

  it.each([
    // [percent, total, largest allowed failed count]
    [0.57, 10_000, 57],
    [0.1, 3_000, 3],
    [1.1, 1_000, 11],
    [0.29, 10_000, 29],
    [33.3, 3, 0],
    [50, 3, 1],
    [0.7, 1_000, 7],
    [100, 7, 7],
  ])('%d%% of %d allows exactly %d, despite floating point', (percent, total, allowed) => {
    const limit = { kind: 'percent', value: percent } as const;
    expect(failedRequestsCriterion(run('completed', { total, failed: allowed }), limit).passed).toBe(true);
    if (allowed < total) expect(failedRequestsCriterion(run('completed', { total, failed: allowed + 1 }), limit).passed).toBe(false);
    expect(failedRequestsCriterion(run('completed', { total, failed: 0 }), limit).allowed).toBe(`≤ ${percent}% (${allowed} of ${total})`);
  });

  it('0% allows no failure', () => {
    const limit = { kind: 'percent', value: 0 } as const;
    expect(failedRequestsCriterion(run('completed', { total: 50, failed: 0 }), limit).passed).toBe(true);
    expect(failedRequestsCriterion(run('completed', { total: 50, failed: 1 }), limit).passed).toBe(false);
  });

  it('a run with no requests has no failures', () => {
    expect(failedRequestsCriterion(run('completed', { total: 0, failed: 0 }), { kind: 'percent', value: 0 })).toEqual({
      name: 'Failed requests',
      actual: '0 of 0 (0%)',
      allowed: '≤ 0% (0 of 0)',
      passed: true,
    });
    expect(failedRequestsCriterion(run('completed', { total: 0, failed: 0 }), { kind: 'count', value: 0 }).passed).toBe(true);
  });

  it('formats limits and percentages', () => {
    expect(describeLimit({ kind: 'count', value: 3 })).toBe('3');
    expect(describeLimit({ kind: 'percent', value: 2.5 })).toBe('2.5%');
    expect(formatPercent((1 / 3) * 100)).toBe('33.33%');
    expect(formatPercent(2.5)).toBe('2.5%');
    expect(formatPercent(0)).toBe('0%');
  });
});

describe('judge', () => {
  const ok = (name: string): Criterion => ({ name, actual: 'a', allowed: 'b', passed: true });
  const bad = (name: string, actual: string, allowed: string): Criterion => ({ name, actual, allowed, passed: false });

  it('passes when every criterion holds, saying how many', () => {
    const criteria = [ok('Run status'), ok('Failed requests'), ok('Metric accuracy')];
    expect(judge(criteria)).toEqual({ passed: true, criteria, reason: 'all 3 criteria met' });
  });

  it('fails with the first failed criterion in the reason', () => {
    const criteria = [ok('Run status'), bad('Failed requests', '6 of 200 (3%)', '≤ 2.5% (5 of 200)')];
    expect(judge(criteria)).toEqual({
      passed: false,
      criteria,
      reason: 'Failed requests: 6 of 200 (3%), allowed ≤ 2.5% (5 of 200)',
    });
  });

  it('is undecided (inconclusive) when nothing failed but a criterion within noise was left undecided (issue 16)', () => {
    const undecided = { ...bad('Metric accuracy', '0.765 [0.721, 0.804]', '≥ 0.78'), inconclusive: true, failure: 'accuracy within noise' };
    const criteria = [ok('Run status'), undecided, { ...undecided, name: 'Metric f1' }];
    expect(judge(criteria)).toEqual({
      passed: false,
      inconclusive: true,
      criteria,
      reason: 'accuracy within noise (and 1 more undecided criteria)',
    });
    // A failure decides over an undecided criterion.
    const failed = [undecided, bad('Failed requests', '6 of 200 (3%)', '≤ 5')];
    expect(judge(failed)).toEqual({ passed: false, criteria: failed, reason: 'Failed requests: 6 of 200 (3%), allowed ≤ 5' });
  });

  it("uses a criterion's own failure wording when it has one", () => {
    const criteria = [ok('x'), { ...bad('Custom', 'a', 'b'), failure: 'the custom check did not hold' }];
    expect(judge(criteria).reason).toBe('the custom check did not hold');
  });

  it('says which run failed and why, for a failed status', () => {
    const status = statusCriterion(run('failed', { total: 10, failed: 5 }, { code: 'grader_error', message: 'ZeroDivisionError' }));
    expect(judge([status]).reason).toBe('run eval_run_v failed: ZeroDivisionError');
    expect(judge([statusCriterion(run('cancelled', { total: 10, failed: 0 }))]).reason).toBe('run eval_run_v cancelled');
  });

  it('counts the other failed criteria', () => {
    const criteria = [
      bad('Run status', 'failed (boom)', 'completed'),
      ok('x'),
      bad('Failed requests', '9 of 10 (90%)', '≤ 0'),
      bad('Metric f1', '0.1', '>= 0.5'),
    ];
    expect(judge(criteria).reason).toBe('Run status: failed (boom), allowed completed (and 2 more failed criteria)');
    const withStatus = [statusCriterion(run('failed', { total: 1, failed: 1 }, { message: 'boom' })), ...criteria.slice(1)];
    expect(judge(withStatus).reason).toBe('run eval_run_v failed: boom (and 2 more failed criteria)');
    expect(judge(criteria).passed).toBe(false);
  });

  it('passes vacuously with no criteria', () => {
    expect(judge([])).toEqual({ passed: true, criteria: [], reason: 'all 0 criteria met' });
  });
});
