import type { CreateRunBody } from '../api/client.ts';
import { ApiError, ApiProtocolError } from '../api/errors.ts';
import { backoffDelay, classifyFailure, DEFAULT_RETRY_POLICY } from '../api/retry.ts';
import { scanRuns } from '../api/scan.ts';
import { startedRunMetadata, type GateConfig } from '../core/config.ts';
import { isValidId } from '../core/ids.ts';
import { describeFilter, matchesMetadata, type EvalRun } from '../core/run.ts';
import { end, finish, next, type GateSession, type PhaseResult } from '../session/session.ts';
import { findRun, lookupReport } from './find-run.ts';

/** Create requests in all, the first included: each retry comes only after a lookup found no run. */
const MAX_CREATE_ATTEMPTS = 3;
/** The keys that let the gate recognise a run it started when the create request's answer was lost. */
const OWN_RUN_KEYS = ['github_run_id', 'github_run_attempt'];

type LookupTarget = Extract<GateConfig['target'], { kind: 'lookup' }>;

/** Phase 1 with `create-run`: `if-missing` looks the run up once and starts it when none matches; `always` starts one. */
export async function findOrStartRun(session: GateSession): Promise<PhaseResult<EvalRun>> {
  const { config, result } = session;
  const target = config.target;
  if (config.createRun.mode === 'never' || target.kind !== 'lookup') return findRun(session);
  if (config.createRun.mode === 'if-missing') {
    const existing = await findExisting(session, target);
    if (existing) {
      result.run = existing;
      return next(existing);
    }
  }
  const started = await startRun(session, createBody(config, target));
  if (started.kind === 'next') {
    result.run = started.value;
    result.created = true;
  }
  return started;
}

/** The create body: the `metadata` input's pairs over the job's context keys, then `run-options`. */
export function createBody(config: GateConfig, target: LookupTarget): CreateRunBody {
  const { models, judgeModel, embeddingModel, options } = config.createRun;
  return {
    ...options,
    suite_id: target.suiteId,
    models,
    ...(judgeModel ? { judge_model: judgeModel } : {}),
    ...(embeddingModel ? { embedding_model: embeddingModel } : {}),
    metadata: startedRunMetadata(config, target),
  };
}

/** One scan of the suite (no waiting for a run to appear: the gate starts it instead). */
async function findExisting(session: GateSession, target: LookupTarget): Promise<EvalRun | undefined> {
  const { client, result, deps } = session;
  const scan = await scanRuns(client, { suiteId: target.suiteId, metadata: target.metadata });
  result.lookup = lookupReport('metadata', target.suiteId, target.metadata, scan.candidates, scan.scanned, 1);
  const filter = describeFilter(target.metadata);
  if (!scan.match) {
    deps.logger.info(
      `No run of suite ${target.suiteId} matches ${filter} (${scan.scanned} examined); starting one (create-run: if-missing)`,
    );
    return undefined;
  }
  deps.logger.info(`Chose run ${scan.match.id}: newest of ${scan.candidates} run(s) matching ${filter}; not starting one`);
  return scan.match;
}

/**
 * POST /runs, never repeated blindly: after a server error or a lost answer the run may exist
 * already, so the gate first looks for a run carrying this job's github_run_id and github_run_attempt.
 */
async function startRun(session: GateSession, body: CreateRunBody): Promise<PhaseResult<EvalRun>> {
  const { client, deps } = session;
  for (let attempt = 1; ; attempt++) {
    try {
      const run = checkedNewRun(await client.createRun(body));
      deps.logger.info(`Started run ${run.id} of suite ${body.suite_id} for ${body.models.join(', ')}`);
      return next(run);
    } catch (error) {
      if (!(error instanceof ApiError) || !classifyFailure(error).retry) throw error;
      const why = client.redact(error.message);
      if (!OWN_RUN_KEYS.every((key) => body.metadata[key])) {
        return end(
          finish(
            session,
            'inconclusive',
            `${why}; not retried: without ${OWN_RUN_KEYS.join(' and ')} the gate could not tell whether the run was created`,
          ),
        );
      }
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      deps.logger.info(`${why}; looking for the run before asking again`);
      await pause(session, error, attempt);
      const own = await findOwnRun(session, body);
      if (own) return next(own);
    }
  }
}

/** The backoff (or Retry-After) before the lookup, within the deadline. */
async function pause(session: GateSession, error: ApiError, attempt: number): Promise<void> {
  const { deps, deadline } = session;
  const decision = classifyFailure(error);
  const delay = (decision.retry && decision.retryAfterMs) || backoffDelay(DEFAULT_RETRY_POLICY, attempt, deps.random ?? Math.random);
  if (deps.clock.now() + delay >= deadline) throw error;
  await deps.sleep(delay, deps.signal);
}

/**
 * The run a lost create answer may have started: on the newest page of the suite, the one whose
 * metadata and models are exactly what was sent. A run there that cannot be read might be it: then
 * the gate cannot tell, and ends rather than risk a second run.
 */
async function findOwnRun(session: GateSession, body: CreateRunBody): Promise<EvalRun | undefined> {
  const { client, deps } = session;
  const page = await client.listRuns({ suiteId: body.suite_id, limit: 100 });
  const sameModels = (run: EvalRun) => run.models.length === body.models.length && body.models.every((m) => run.models.includes(m));
  const own = page.data.find((run) => matchesMetadata(run, body.metadata) && sameModels(run));
  if (own) {
    const run = checkedNewRun(own);
    deps.logger.info(`Found run ${run.id}, started by the request whose answer was lost; not starting another`);
    return run;
  }
  const unreadable = page.unreadable.find((odd) => !odd.metadata || matchesMetadata({ metadata: odd.metadata }, body.metadata));
  if (unreadable) throw unreadable.error;
  return undefined;
}

function checkedNewRun(run: EvalRun): EvalRun {
  if (!isValidId(run.id)) throw new ApiProtocolError('POST /runs', 'the new run has an id the gate cannot use safely');
  return run;
}
