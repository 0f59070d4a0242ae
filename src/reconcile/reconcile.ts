/**
 * `mode: reconcile` (issue 17): complete the pending statuses that detached gates of `suite-id` left on the head
 * commits of open pull requests. It never waits for a run: a terminal run is judged as wait mode judges it, an
 * overdue one becomes `error`, any other stays pending for the next reconcile.
 */
import type { ReconcileMode } from '../core/config.ts';
import type { GateResult, ReconcileReport } from '../core/result.ts';
import { GitHubError } from '../github/errors.ts';
import { listOpenPullRequests } from '../github/pulls.ts';
import { openGitHub } from '../session/github.ts';
import { finish, type GateSession } from '../session/session.ts';
import { effectOf, ReconcileStop } from './failures.ts';
import { reconcilePull, type Reconciler, type ReconcileSteps } from './pull.ts';

export type { ReconcileSteps } from './pull.ts';

export async function reconcileGate(session: GateSession, steps: ReconcileSteps): Promise<GateResult> {
  const mode = session.config.mode as ReconcileMode;
  const { github, repo } = openGitHub(session, mode.status);
  const report: ReconcileReport = {
    context: mode.status.context,
    pullRequests: [],
    complete: true,
    reconciled: 0,
    pending: 0,
    stoppedEarly: undefined,
  };
  session.result.reconcile = report;
  const reconciler: Reconciler = { session, mode, github, repo, steps };
  const { logger } = session.deps;
  try {
    const list = await listPulls(reconciler);
    report.complete = list.complete;
    if (!list.complete)
      logger.warning(`More open pull requests than the ${list.pages} pages read: the least recently updated were left out`);
    logger.info(`${list.pulls.length} open pull request(s); looking for pending statuses "${mode.status.context}"`);
    for (const pull of list.pulls) report.pullRequests.push(await reconcilePull(reconciler, pull));
  } catch (error) {
    const effect = effectOf(error);
    if (effect === undefined && !(error instanceof ReconcileStop)) throw error;
    const message = session.client.redact((error as Error).message);
    count(report);
    if (effect === 'configuration' || (error instanceof ReconcileStop && error.effect === 'configuration')) {
      return finish(session, 'fail', `configuration error, the reconcile stopped: ${message}`);
    }
    report.complete = false;
    report.stoppedEarly = message;
    logger.warning(`The reconcile stopped early; the statuses it did not reach stay pending for the next one: ${message}`);
  }
  count(report);
  return finish(session, 'pass', reasonOf(report));
}

/**
 * The listing is the reconcile's whole work: a final refusal of it (404: no such repository for this token or
 * GITHUB_API_URL; 400/422) is the configuration's and meets every reconcile alike, so it fails the job like 401/403.
 */
async function listPulls({ session, github, repo }: Reconciler) {
  try {
    return await listOpenPullRequests(github, repo);
  } catch (error) {
    if (error instanceof GitHubError && (error.kind === 'rejected' || error.kind === 'validation')) {
      throw new ReconcileStop('configuration', session.client.redact(error.message));
    }
    throw error;
  }
}

function count(report: ReconcileReport): void {
  report.reconciled = report.pullRequests.filter((p) => p.action === 'completed').length;
  report.pending = report.pullRequests.filter((p) => p.pendingAfter).length;
}

function reasonOf(report: ReconcileReport): string {
  const examined = `${report.pullRequests.length} open pull request(s) examined`;
  const stopped = report.stoppedEarly
    ? `; stopped early (${report.stoppedEarly})`
    : report.complete
      ? ''
      : '; not every open pull request was read';
  return `reconciled ${report.reconciled} status(es) "${report.context}", ${report.pending} still pending; ${examined}${stopped}`;
}
