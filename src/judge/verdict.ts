import type { FailedRequestsLimit } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import type { EvalRun } from '../core/run.ts';
import { unaccountedRequests } from './integrity.ts';

// Defined in core/, where the config and the result use them too; named here for the judge's callers.
export type { Criterion } from '../core/criterion.ts';
export type { FailedRequestsLimit } from '../core/config.ts';

export interface Judgement {
  passed: boolean;
  /** Nothing failed, but a criterion could not be decided (noise: gate with uncertain: inconclusive). */
  inconclusive?: boolean;
  criteria: Criterion[];
  /** One line: the first failed (else undecided) criterion, or why everything held. */
  reason: string;
}

export function describeLimit(limit: FailedRequestsLimit): string {
  return limit.kind === 'count' ? String(limit.value) : `${limit.value}%`;
}

export function statusCriterion(run: EvalRun): Criterion {
  const message = run.error?.message ?? run.error?.code;
  const actual = message && run.status !== 'completed' ? `${run.status} (${message})` : run.status;
  const failure = `run ${run.id} ${run.status}${message ? `: ${message}` : ''}`;
  return { name: 'Run status', actual, allowed: 'completed', passed: run.status === 'completed', failure };
}

export function failedRequestsCriterion(run: EvalRun, limit: FailedRequestsLimit): Criterion {
  const { total } = run.request_counts;
  // On a completed run, requests neither completed nor failed are not known to have succeeded: they count as failed.
  const unaccounted = unaccountedRequests(run);
  const failed = run.request_counts.failed + unaccounted;
  const share = total > 0 ? (failed / total) * 100 : 0;
  const which = unaccounted > 0 ? `, of which ${unaccounted} unaccounted for (neither completed nor failed)` : '';
  const actual = `${failed} of ${total} (${formatPercent(share)}${which})`;
  if (limit.kind === 'count') {
    return { name: 'Failed requests', actual, allowed: `≤ ${limit.value}`, passed: failed <= limit.value };
  }
  // Compare in integers where possible so 2.5% of 200 allows exactly 5.
  const passed = failed * 100 <= limit.value * total + 1e-9;
  const allowedCount = Math.floor((limit.value * total) / 100 + 1e-9);
  return { name: 'Failed requests', actual, allowed: `≤ ${limit.value}% (${allowedCount} of ${total})`, passed };
}

export function judge(criteria: Criterion[]): Judgement {
  const failedCriteria = criteria.filter((c) => !c.passed && !c.inconclusive);
  const undecided = criteria.filter((c) => !c.passed && c.inconclusive);
  if (failedCriteria.length === 0 && undecided.length === 0) {
    return { passed: true, criteria, reason: `all ${criteria.length} criteria met` };
  }
  // A failure decides; an undecided criterion (within noise, uncertain: inconclusive) only when nothing failed.
  const decisive = failedCriteria.length > 0 ? failedCriteria : undecided;
  const first = decisive[0] as Criterion;
  const kind = failedCriteria.length > 0 ? 'failed' : 'undecided';
  const more = decisive.length > 1 ? ` (and ${decisive.length - 1} more ${kind} criteria)` : '';
  return {
    passed: false,
    ...(failedCriteria.length === 0 ? { inconclusive: true } : {}),
    criteria,
    reason: `${first.failure ?? `${first.name}: ${first.actual}, allowed ${first.allowed}`}${more}`,
  };
}

export function formatPercent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}
