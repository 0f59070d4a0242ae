import { identityProblems, type RunIdentity } from '../core/identity.ts';
import type { EvalRun } from '../core/run.ts';
import { end, finish, next, type GateSession, type PhaseResult } from '../session/session.ts';

/**
 * The run read last must still be the run that was chosen: of its suite, with its metadata, and (for a run this gate
 * started) what was asked for. The first read is checked where the run is chosen; this checks the read a rerun request
 * or the verdict rests on, whatever path led there (run-id, lookup, create-run, schedule, after a rerun). A run that
 * changed under the gate is not judged: the API's answers disagree, so the outcome is inconclusive.
 */
export function recheckRun(session: GateSession, identity: RunIdentity, run: EvalRun): PhaseResult<EvalRun> {
  const problems = identityProblems(run, identity);
  if (problems.length === 0) return next(run);
  session.result.run = run;
  const reason = `run ${run.id} was ${identity.chosen}, but the run itself (GET by id) ${problems.join('; ')}: the API's answers disagree`;
  return end(finish(session, 'inconclusive', reason));
}
