/**
 * One open pull request of a reconcile: read its head commit's status of this context; when it is pending, read the
 * run it names and complete the status, ask for a rerun, or leave it. Every write is preceded by a fresh read of
 * the commit's statuses and made only if the pending status judged is still the latest (mayWrite).
 */
import { ApiHttpError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import type { ReconcileMode } from '../core/config.ts';
import type { GateResult, ReconciledPull, StatusWrite, Verdict } from '../core/result.ts';
import { countsProblem, describeRunState, type EvalRun } from '../core/run.ts';
import type { GitHubClient, RepoRef } from '../github/client.ts';
import {
  finalStatus,
  parsePendingDescription,
  pendingCounts,
  pendingDescription,
  statusDescription,
  UNUSABLE_PENDING,
  type FinalStatus,
} from '../github/gate-status.ts';
import { postStatus } from '../github/post-status.ts';
import type { PullRequest } from '../github/pulls.ts';
import { getCombinedStatus, type CommitStatus } from '../github/statuses.ts';
import { finish, withFreshResult, type GateSession } from '../session/session.ts';
import { effectOf, effectOfGitHub, orSkip, ReconcileStop } from './failures.ts';
import { nextRerun, planForRun, unusablePending, type PendingPlan } from './plan.ts';
import { gateStatusOf, mayWrite, type GateStatus } from './touch.ts';

/** What this stage needs of the others, handed in by gate/ (a stage never imports another). */
export interface ReconcileSteps {
  /** rerun/: whether a terminal run's failed requests call for a rerun (`rerun-failed`), and asking for one. */
  wantsRerun: (session: GateSession, run: EvalRun) => boolean;
  requestRerun: (session: GateSession, run: EvalRun) => Promise<EvalRun | string>;
  /** The wait-mode verdict on a terminal run (failed samples read, then judge/'s judgeRun). */
  judge: (session: GateSession, run: EvalRun) => Promise<GateResult>;
}

export interface Reconciler {
  session: GateSession;
  mode: ReconcileMode;
  github: GitHubClient;
  repo: RepoRef;
  steps: ReconcileSteps;
}

type Entry = ReconciledPull;
type Pending = Extract<GateStatus, { kind: 'pending' }>;

export async function reconcilePull(r: Reconciler, pull: PullRequest): Promise<Entry> {
  const entry: Entry = {
    number: pull.number,
    headSha: pull.headSha,
    found: 'unread',
    before: undefined,
    runId: undefined,
    action: 'none',
    after: undefined,
    pendingAfter: false,
    note: undefined,
    gate: undefined,
  };
  const redact = r.session.client.redact;
  const found = await orSkip<GateStatus | string>(
    async () => gateStatusOf(await getCombinedStatus(r.github, r.repo, pull.headSha), r.mode.status.context),
    (message) => message,
    redact,
  );
  if (typeof found === 'string') return { ...entry, action: 'skipped', note: `its statuses could not be read: ${found}` };
  entry.found = found.kind;
  if (found.kind === 'final' || found.kind === 'pending')
    entry.before = { state: found.status.state, description: found.status.description };
  if (found.kind !== 'pending') return entry;
  entry.pendingAfter = true;
  const done = await orSkip(
    () => reconcilePending(r, entry, found),
    (message) => ({ ...entry, action: 'skipped' as const, note: message }),
    redact,
  );
  log(r, done);
  return done;
}

async function reconcilePending(r: Reconciler, entry: Entry, found: Pending): Promise<Entry> {
  const reading = parsePendingDescription(found.status.description);
  if (!reading.ok) {
    const gate = ended(r, undefined, 'inconclusive', `${UNUSABLE_PENDING}: ${reading.detail}`);
    return complete(r, entry, found.status, unusablePending(), gate);
  }
  entry.runId = reading.runId;
  const run = await readRun(r, reading.runId);
  if (typeof run === 'string') {
    // Like a run of another suite: the status names nothing this reconcile can judge.
    const gate = ended(r, undefined, 'fail', run);
    return complete(r, entry, found.status, { state: 'error', description: statusDescription(run, redact(r)) }, gate);
  }
  const rules = {
    suiteId: r.mode.suiteId,
    timeout: { ms: r.session.config.timeoutMs, text: r.mode.timeoutText },
    now: r.session.deps.clock.now(),
  };
  const plan = planForRun(reading, run, rules, found.status.createdAt, redact(r));
  if (plan.kind === 'leave') return { ...entry, action: 'left', note: `run ${run.id} is ${describeRunState(run)}` };
  if (plan.kind === 'complete') {
    const gate = ended(r, run, plan.why === 'other-suite' ? 'fail' : 'inconclusive', plan.status.description);
    return complete(r, entry, found.status, plan.status, gate);
  }
  return judgeOrRerun(r, entry, found.status, plan);
}

/** The run named by the status; a final refusal (404: no such run for this key) is a reason string for `error`. */
async function readRun(r: Reconciler, runId: string): Promise<EvalRun | string> {
  try {
    return await r.session.client.getRun(runId);
  } catch (error) {
    // A final answer other than 401/403 (those stop the reconcile): 404 names no run this key can read.
    if (error instanceof ApiHttpError && effectOf(error) === 'skip' && outcomeOfApiError(error) === 'fail') {
      return `Run ${runId} named by the pending status could not be read: ${redact(r)(error.message)}`;
    }
    throw error;
  }
}

async function judgeOrRerun(
  r: Reconciler,
  entry: Entry,
  judged: CommitStatus,
  plan: Extract<PendingPlan, { kind: 'judge' }>,
): Promise<Entry> {
  const { session, steps } = r;
  const changed = rerunCountsProblem(judged, plan);
  if (changed) {
    const gate = ended(r, plan.run, 'inconclusive', changed);
    return complete(r, entry, judged, finalOf(r, gate), gate);
  }
  const gateSession = gateSessionFor(r, plan.run);
  const rerun = nextRerun(plan.rerunsRequested, session.config.rerunFailed);
  let note: string | undefined;
  if (rerun && steps.wantsRerun(gateSession, plan.run)) {
    const restarted = await steps.requestRerun(gateSession, plan.run);
    if (typeof restarted !== 'string') {
      // The counts written are the judged run's, read by id before the rerun (not the rerun answer's): the next
      // reconcile checks the rerun against them.
      const { completed, total } = plan.run.request_counts;
      const text = pendingDescription({ runId: restarted.id, status: restarted.status, completed, total, rerun });
      if (text.ok) {
        const written = await write(r, entry, judged, { state: 'pending', description: text.description, written: false });
        return written.after?.written ? { ...written, action: 'rerun' } : written;
      }
      note = `rerun asked for, but its pending status cannot be written: ${text.problem}`;
    } else note = `rerun ${rerun.attempt} of ${rerun.of} was not made: ${restarted}`;
  }
  const gate = await steps.judge(gateSession, plan.run);
  const after = plan.rerunsRequested > 0 ? `judged after ${plan.rerunsRequested} rerun(s) of failed requests` : undefined;
  const done = await complete(r, entry, judged, finalOf(r, gate), gate);
  return { ...done, note: [note, after, done.note].filter(Boolean).join('; ') || undefined };
}

/**
 * A rerun cannot make failures disappear (as in wait mode): after a rerun asked by an earlier reconcile, the run must
 * still have the total and at least the completed requests that the pending status recorded before the rerun. Without
 * those counts the rerun cannot be checked, so it is not judged either.
 */
function rerunCountsProblem(judged: CommitStatus, plan: Extract<PendingPlan, { kind: 'judge' }>): string | undefined {
  if (plan.rerunsRequested === 0) return undefined;
  const which = `rerun ${plan.rerunsRequested} of run ${plan.run.id}`;
  const before = pendingCounts(judged.description);
  if (!before) return `${which} cannot be checked: the pending status does not say the run's counts before the rerun`;
  const problem = countsProblem(before, plan.run.request_counts);
  return problem ? `${which} ${problem}` : undefined;
}

/** A session of its own for one pull request's gate: the same client, deadline and config, a fresh result. */
function gateSessionFor(r: Reconciler, run: EvalRun | undefined): GateSession {
  const gateSession = withFreshResult(r.session);
  gateSession.result.run = run;
  gateSession.result.lookup = { mode: 'run-id', suiteId: r.mode.suiteId, metadata: {}, candidates: run ? 1 : 0, scanned: 0, scans: 0 };
  return gateSession;
}

/** The gate's result when the status is completed without judging (unusable, other suite, overdue, unreadable run). */
function ended(r: Reconciler, run: EvalRun | undefined, outcome: Verdict, reason: string): GateResult {
  return finish(gateSessionFor(r, run), outcome, reason);
}

function finalOf(r: Reconciler, gate: GateResult): FinalStatus {
  const verdict: Verdict = gate.outcome === 'pending' ? 'inconclusive' : gate.outcome;
  return finalStatus(verdict, gate.reason, r.session.config.onInconclusive, redact(r));
}

async function complete(r: Reconciler, entry: Entry, judged: CommitStatus, status: FinalStatus, gate: GateResult): Promise<Entry> {
  const written = await write(r, entry, judged, { ...status, written: false });
  return { ...written, gate, action: written.after?.written ? 'completed' : written.action };
}

/**
 * Reads the commit's statuses again and writes only if the pending status judged is still the latest of this
 * context: never over a final state, never over a newer pending status (the pull request job ran again).
 */
async function write(r: Reconciler, entry: Entry, judged: CommitStatus, status: StatusWrite): Promise<Entry> {
  const { github, repo, mode } = r;
  const now = gateStatusOf(await getCombinedStatus(github, repo, entry.headSha), mode.status.context);
  if (!mayWrite(judged, now)) {
    const why =
      now.kind === 'final'
        ? 'completed meanwhile (another reconcile, or a re-run of the job)'
        : 'changed meanwhile; left to the next reconcile';
    return { ...entry, action: 'skipped', pendingAfter: now.kind === 'pending', note: `the status ${why}` };
  }
  const posted = await postStatus(github, repo, entry.headSha, {
    state: status.state,
    context: mode.status.context,
    description: status.description,
    targetUrl: mode.status.runUrl,
  });
  if (!posted.ok) {
    const effect = effectOfGitHub(posted.kind);
    if (effect !== 'skip') throw new ReconcileStop(effect, posted.error);
    return { ...entry, action: 'skipped', after: { ...status, written: false, error: posted.error }, note: posted.error };
  }
  return { ...entry, after: { ...status, written: true }, pendingAfter: status.state === 'pending' };
}

function redact(r: Reconciler): (text: string) => string {
  return r.session.client.redact;
}

function log(r: Reconciler, entry: Entry): void {
  const where = `#${entry.number} (${entry.headSha.slice(0, 7)})`;
  const what =
    entry.action === 'completed' || entry.action === 'rerun'
      ? `set to ${entry.after?.state}: ${entry.after?.description}`
      : `${entry.action}${entry.note ? `: ${entry.note}` : ''}`;
  r.session.deps.logger.info(`${where} ${entry.runId ?? 'no run id'}: ${what}`);
}
