import type { Criterion } from '../core/criterion.ts';
import type { EvalRun } from '../core/run.ts';

/**
 * Where a run's own answer contradicts itself: counts that do not add up, or a `completed` run that also says
 * it failed, was cancelled or has an error. Such an answer cannot be trusted to pass.
 */
export function contradictions(run: EvalRun): string[] {
  const { total, completed, failed } = run.request_counts;
  const problems: string[] = [];
  const negative = (['total', 'completed', 'failed'] as const).filter((name) => run.request_counts[name] < 0);
  if (negative.length > 0) {
    problems.push(`has negative request counts (${negative.map((name) => `${name} = ${run.request_counts[name]}`).join(', ')})`);
  } else if (failed > total) {
    problems.push(`counts more failed requests than requests in total (failed ${failed} > total ${total})`);
  } else if (completed + failed > total) {
    problems.push(`counts more completed and failed requests than requests in total (${completed} + ${failed} > ${total})`);
  }
  if (run.status === 'completed') {
    if (run.failed_at !== undefined && run.failed_at !== null) problems.push('is completed but has "failed_at" set');
    if (run.cancelled_at !== undefined && run.cancelled_at !== null) problems.push('is completed but has "cancelled_at" set');
    if (run.error !== null) problems.push('is completed but has a non-null "error"');
  }
  return problems;
}

/** The one-line reason for an inconclusive verdict on a self-contradicting run. */
export function untrustedReason(run: EvalRun, problems: string[]): string {
  return `the API's answer cannot be trusted: run ${run.id} ${problems.join('; ')}`;
}

/** A completed run with no requests passed nothing: present only then, so it names the problem when it applies. */
export function evaluatedSomethingCriteria(run: EvalRun): Criterion[] {
  if (run.status !== 'completed' || run.request_counts.total !== 0) return [];
  return [
    {
      name: 'Requests evaluated',
      actual: '0 (request_counts.total = 0)',
      allowed: 'at least 1',
      passed: false,
      failure: `run ${run.id} completed but the run evaluated nothing (request_counts.total = 0)`,
    },
  ];
}

/** Requests of a completed run that are neither completed nor failed; they count as failed. */
export function unaccountedRequests(run: EvalRun): number {
  if (run.status !== 'completed') return 0;
  const { total, completed, failed } = run.request_counts;
  return Math.max(0, total - completed - failed);
}
