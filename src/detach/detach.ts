/**
 * `mode: detach` (issue 17): find or start the run as wait mode does, watch it for at most `detach-after`, and then
 * either set the verdict as the commit status (the run finished in time) or post a pending status naming the run on
 * the pull request's head commit and end at once: the reconcile workflow completes the status later.
 */
import { ApiError } from '../api/errors.ts';
import type { DetachMode } from '../core/config.ts';
import type { DetachReport, GateResult, RerunAttempt, StatusWrite } from '../core/result.ts';
import type { ChosenRun, RunIdentity } from '../core/identity.ts';
import { describeRunState, type EvalRun, type RequestCounts } from '../core/run.ts';
import { finalStatus, pendingDescription, statusDescription } from '../github/gate-status.ts';
import { openGitHub } from '../session/github.ts';
import { finish, type GateSession, type PhaseResult } from '../session/session.ts';
import { postStatus } from '../github/post-status.ts';

/** What this stage needs of the others, handed in by gate/ (a stage never imports another). */
export interface DetachSteps {
  /** find/'s findOrStartRun: the run, exactly as wait mode finds or starts it. */
  findOrStartRun: (session: GateSession) => Promise<PhaseResult<ChosenRun>>;
  /** wait/'s watchUntil: the run once terminal or at `until`, whichever is first. */
  watchUntil: (session: GateSession, run: EvalRun, until: number) => Promise<PhaseResult<{ terminal: boolean; run: EvalRun }>>;
  /** recheck/: whether the run read last is still the run chosen (the same check wait mode makes before judging). */
  recheck: (session: GateSession, identity: RunIdentity, run: EvalRun) => PhaseResult<EvalRun>;
  /** rerun/: whether a terminal run's failed requests call for a rerun (`rerun-failed`), and asking for one. */
  wantsRerun: (session: GateSession, run: EvalRun) => boolean;
  requestRerun: (session: GateSession, run: EvalRun) => Promise<EvalRun | string>;
  /** The wait-mode verdict on a terminal run (failed samples read, then judge/'s judgeRun). */
  judge: (session: GateSession, run: EvalRun) => Promise<GateResult>;
  /** How wait mode ends on an API error no phase handled. */
  endOnApiError: (session: GateSession, error: ApiError) => Promise<GateResult>;
}

type Decision =
  /** `counts`: what the pending status records; after a rerun, the checked run's before it (see rerunIfWanted). */
  | { kind: 'pending'; run: EvalRun; counts: RequestCounts; rerun?: { attempt: number; of: number } }
  | { kind: 'verdict'; result: GateResult };

export async function detachGate(session: GateSession, steps: DetachSteps): Promise<GateResult> {
  const mode = session.config.mode as DetachMode;
  if (mode.pullRequest.fromFork) {
    session.deps.logger.info(
      'The head branch lives in another repository (a fork): on pull_request events its token is read-only and cannot set the status',
    );
  }
  const decision = await decide(session, mode, steps);
  return decision.kind === 'pending' ? detach(session, mode, decision) : settle(session, mode, decision.result);
}

async function decide(session: GateSession, mode: DetachMode, steps: DetachSteps): Promise<Decision> {
  try {
    const found = await steps.findOrStartRun(session);
    if (found.kind === 'end') return { kind: 'verdict', result: found.result };
    const watched = await steps.watchUntil(session, found.value.run, session.deps.clock.now() + mode.detachAfterMs);
    if (watched.kind === 'end') return { kind: 'verdict', result: watched.result };
    // Nothing is judged, no rerun asked for, and no run named in a pending status, unless the run read last is still
    // the run chosen: the reconcile can check the suite of the run a pending status names, not its metadata.
    const checked = steps.recheck(session, found.value.identity, watched.value.run);
    if (checked.kind === 'end') return { kind: 'verdict', result: checked.result };
    const run = checked.value;
    if (!watched.value.terminal) return { kind: 'pending', run, counts: run.request_counts };
    const rerun = await rerunIfWanted(session, run, steps);
    // The counts recorded are the checked run's (read by id), never the rerun answer's: the reconcile checks the
    // rerun against them (a rerun cannot make failures disappear).
    if (rerun) return { kind: 'pending', run: rerun, counts: run.request_counts, rerun: { attempt: 1, of: session.config.rerunFailed } };
    return { kind: 'verdict', result: await steps.judge(session, run) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'verdict', result: await steps.endOnApiError(session, error) };
  }
}

/** The first rerun of failed requests, asked for without waiting for it (the reconcile judges its result). */
async function rerunIfWanted(session: GateSession, run: EvalRun, steps: DetachSteps): Promise<EvalRun | undefined> {
  const { config, result, deps } = session;
  if (config.rerunFailed === 0 || !steps.wantsRerun(session, run)) return undefined;
  const attempt: RerunAttempt = { attempt: 1, failedBefore: run.request_counts.failed, failedAfter: undefined, statusAfter: undefined };
  result.reruns.push(attempt);
  deps.logger.info(`Run ${run.id} has ${attempt.failedBefore} failed request(s); asking MKA1 to rerun them (1 of ${config.rerunFailed})`);
  const restarted = await steps.requestRerun(session, run);
  if (typeof restarted !== 'string') {
    // Not waited for here: its status as the request left it (the reconcile judges the outcome).
    attempt.statusAfter = restarted.status;
    return restarted;
  }
  attempt.error = restarted;
  deps.logger.warning(`Rerun 1 was not made: ${restarted}`);
  return undefined;
}

/** Posts the pending status and ends the step with outcome `pending` (or says why the status could not be set). */
async function detach(session: GateSession, mode: DetachMode, decision: Extract<Decision, { kind: 'pending' }>): Promise<GateResult> {
  const { run } = decision;
  const { completed, total } = decision.counts;
  const text = pendingDescription({ runId: run.id, status: run.status, completed, total, rerun: decision.rerun });
  if (!text.ok) return settle(session, mode, finish(session, 'inconclusive', `run ${run.id} cannot be detached: ${text.problem}`));
  const status = await write(session, mode, { state: 'pending', description: text.description, written: false });
  if (!status.written) return finish(session, status.failure, `the pending commit status could not be set: ${status.error}`);
  const where = `the commit status "${mode.status.context}" on ${mode.pullRequest.headSha.slice(0, 7)} (pull request #${mode.pullRequest.number})`;
  const rerun = decision.rerun ? `, a rerun of its failed requests asked for (${decision.rerun.attempt} of ${decision.rerun.of})` : '';
  return finish(session, 'pending', `run ${run.id} is ${describeRunState(run)}${rerun}; the verdict will arrive as ${where}`);
}

/**
 * The run finished within `detach-after` (or the gate ended early): its verdict becomes the status. A verdict that
 * cannot be set as the status is not a pass: the required check would never report.
 */
async function settle(session: GateSession, mode: DetachMode, result: GateResult): Promise<GateResult> {
  const { config, client } = session;
  if (result.outcome === 'pending') return result;
  const final = finalStatus(result.outcome, result.reason, config.onInconclusive, client.redact);
  const status = await write(session, mode, { ...final, written: false });
  if (status.written) return result;
  const outcome = status.failure === 'fail' || result.outcome === 'fail' ? 'fail' : 'inconclusive';
  return finish(session, outcome, `${result.reason}; and the commit status could not be set: ${status.error}`);
}

type Written = StatusWrite & ({ written: true } | { written: false; failure: 'fail' | 'inconclusive'; error: string });

/** One POST /statuses on the head commit, recorded in the result whatever happens. */
async function write(session: GateSession, mode: DetachMode, status: StatusWrite): Promise<Written> {
  const { github, repo } = openGitHub(session, mode.status);
  const description = statusDescription(status.description, session.client.redact);
  const report: DetachReport = {
    context: mode.status.context,
    pullRequest: mode.pullRequest.number,
    headSha: mode.pullRequest.headSha,
    targetUrl: mode.status.runUrl,
    status: { state: status.state, description, written: false },
  };
  session.result.detached = report;
  const posted = await postStatus(github, repo, mode.pullRequest.headSha, {
    state: status.state,
    context: mode.status.context,
    description,
    targetUrl: mode.status.runUrl,
  });
  if (!posted.ok) {
    report.status.error = posted.error;
    session.deps.logger.warning(`Could not set the commit status "${mode.status.context}": ${posted.error}`);
    return { ...report.status, written: false, failure: posted.failure, error: posted.error };
  }
  report.status.written = true;
  session.deps.logger.info(
    `Set the commit status "${mode.status.context}" of ${mode.pullRequest.headSha} to ${status.state}: ${description}`,
  );
  return { ...report.status, written: true };
}
