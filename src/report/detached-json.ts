/** The `result-json` fields of the detached modes (issue 17): the status a detached step set, and a reconcile's entries. */
import type { GateResult, ReconciledPull, StatusWrite } from '../core/result.ts';

/** Only the fields of the mode that ran: wait mode's result-json is unchanged. */
export function detachedResultJson(result: GateResult): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const detached = result.detached;
  if (detached) {
    fields.commit_status = {
      context: detached.context,
      pull_request: detached.pullRequest,
      head_sha: detached.headSha,
      target_url: detached.targetUrl ?? null,
      ...statusJson(detached.status),
    };
  }
  const reconcile = result.reconcile;
  if (reconcile) {
    fields.reconcile = {
      context: reconcile.context,
      reconciled: reconcile.reconciled,
      pending: reconcile.pending,
      complete: reconcile.complete,
      stopped_early: reconcile.stoppedEarly ?? null,
      pull_requests: reconcile.pullRequests.map(pullJson),
    };
  }
  return fields;
}

function statusJson(status: StatusWrite) {
  return { state: status.state, description: status.description, written: status.written, error: status.error ?? null };
}

/** One entry per pull request examined; the verdict of a completed status with its criteria, not the whole run. */
function pullJson(pull: ReconciledPull) {
  const gate = pull.gate;
  const run = gate?.run;
  return {
    number: pull.number,
    head_sha: pull.headSha,
    found: pull.found,
    before: pull.before ?? null,
    run_id: pull.runId ?? null,
    action: pull.action,
    after: pull.after ? statusJson(pull.after) : null,
    still_pending: pull.pendingAfter,
    note: pull.note ?? null,
    verdict: gate
      ? {
          outcome: gate.outcome,
          passed: gate.outcome === 'pass',
          reason: gate.reason,
          criteria: gate.criteria,
          run: run ? { id: run.id, status: run.status, request_counts: run.request_counts } : null,
          baseline_run_id: gate.baseline?.found ? gate.baseline.run.id : null,
        }
      : null,
  };
}
