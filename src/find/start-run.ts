import type { CreateRunBody } from '../api/client.ts';
import { ApiError, ApiProtocolError } from '../api/errors.ts';
import { classifyFailure, isTransientFailure } from '../api/retry.ts';
import { scanRuns, type ScanResult } from '../api/scan.ts';
import { startedRunMetadata, type GateConfig } from '../core/config.ts';
import { formatDuration } from '../core/duration.ts';
import { CREATED_AT_SKEW_MS, identityProblems, type ChosenRun, type RunIdentity } from '../core/identity.ts';
import { isValidId } from '../core/ids.ts';
import { pollUntil } from '../core/poll.ts';
import { describeFilter, matchesMetadata, type EvalRun } from '../core/run.ts';
import { end, finish, next, stopped, type GateSession, type PhaseResult } from '../session/session.ts';
import { findRun, listedIdentity, lookupReport } from './find-run.ts';

/** The keys that let the gate recognise a run it started when the create request's answer was lost. */
const OWN_RUN_KEYS = ['github_run_id', 'github_run_attempt'];
/**
 * After a lost or failed create answer, how long the gate looks for the run that request may have started before it
 * asks again (at `poll-interval`). The API has no idempotency key: a run listed later than this can still be doubled.
 */
export const LOOK_FOR_OWN_RUN_MS = 10_000;
/** After the runner's signal, the one look for a run the interrupted create request may have started. */
const LOOK_AFTER_ABORT_MS = 2_500;

type LookupTarget = Extract<GateConfig['target'], { kind: 'lookup' }>;

/** Phase 1 with `create-run`: `if-missing` looks the run up once and starts it when none matches; `always` starts one. */
export async function findOrStartRun(session: GateSession): Promise<PhaseResult<ChosenRun>> {
  const { config, result } = session;
  const target = config.target;
  if (config.createRun.mode === 'never' || target.kind !== 'lookup') return findRun(session);
  if (config.createRun.mode === 'if-missing') {
    const existing = await findExisting(session, target);
    if (existing.kind === 'end') return existing;
    if (existing.value) {
      result.run = existing.value;
      return next({ run: existing.value, identity: listedIdentity(target.suiteId, target.metadata) });
    }
  }
  const identity = startedIdentity(session, target);
  const started = await startRun(session, createBody(config, target), identity);
  if (started.kind === 'end') return started;
  result.run = started.value;
  result.created = true;
  return next({ run: started.value, identity });
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

/** What a run this gate starts must be: the create request's suite, metadata, models and options, created since the gate began. */
function startedIdentity(session: GateSession, target: LookupTarget): RunIdentity {
  const { models, judgeModel, embeddingModel, options } = session.config.createRun;
  const metadata = startedRunMetadata(session.config, target);
  return {
    chosen: `started as a run of suite ${target.suiteId} matching ${describeFilter(metadata)}`,
    suiteId: target.suiteId,
    metadata,
    started: { models, judgeModel, embeddingModel, options, notBeforeMs: session.startedAt - CREATED_AT_SKEW_MS },
  };
}

/** One successful scan of the suite (no waiting for a run to appear: the gate starts it instead); an outage is a missed poll. */
async function findExisting(session: GateSession, target: LookupTarget): Promise<PhaseResult<EvalRun | undefined>> {
  const { client, result, deps, poll } = session;
  const filter = describeFilter(target.metadata);
  result.lookup = lookupReport('metadata', target.suiteId, target.metadata, 0, 0, 0);
  const scanned = await pollUntil<ScanResult>(
    async () => ({ done: true, value: await scanRuns(client, { suiteId: target.suiteId, metadata: target.metadata }) }),
    poll,
  );
  if (scanned.kind !== 'done') {
    const during = `before suite ${target.suiteId} could be scanned for a run matching ${filter}`;
    return end(await stopped(session, scanned.kind, during, scanned.lastError?.message));
  }
  const scan = scanned.value;
  result.lookup = lookupReport('metadata', target.suiteId, target.metadata, scan.candidates, scan.scanned, 1);
  if (!scan.match) {
    deps.logger.info(
      `No run of suite ${target.suiteId} matches ${filter} (${scan.scanned} examined); starting one (create-run: if-missing)`,
    );
    return next(undefined);
  }
  deps.logger.info(`Chose run ${scan.match.id}: newest of ${scan.candidates} run(s) matching ${filter}; not starting one`);
  return next(scan.match);
}

type Sent = { kind: 'answer'; run: EvalRun } | { kind: 'error'; error: ApiError };

/**
 * POST /runs, never repeated blindly: after a server error or a lost answer the run may exist already, so the gate
 * first looks for a run carrying this job's github_run_id and github_run_attempt. A transient failure is a missed
 * poll: only the deadline ends this phase. The run answered (or found) must be the run asked for.
 */
async function startRun(session: GateSession, body: CreateRunBody, identity: RunIdentity): Promise<PhaseResult<EvalRun>> {
  const { client, deps } = session;
  for (;;) {
    const sent = await sendCreate(session, body);
    if (deps.signal?.aborted) return endAfterAbort(session, body, identity, sent);
    if (sent.kind === 'answer') return acceptStarted(session, identity, sent.run, 'named by the answer to POST /runs');
    const { error } = sent;
    if (!isTransientFailure(error)) throw error;
    const why = client.redact(error.message);
    if (!hasOwnRunKeys(body)) {
      const reason = `${why}; not retried: without ${OWN_RUN_KEYS.join(' and ')} the gate could not tell whether the run was created`;
      return end(finish(session, 'inconclusive', reason));
    }
    const window = lookWindow(error);
    deps.logger.info(`${why}; looking for the run for up to ${formatDuration(window)} before asking again`);
    const looked = await lookForOwnRun(session, body, window);
    if (looked.kind === 'found') {
      return acceptStarted(session, identity, looked.run, 'found in the listing after the answer to POST /runs was lost');
    }
    if (looked.kind === 'aborted') return endAfterAbort(session, body, identity, sent);
    if (looked.kind === 'deadline') {
      const during = `while looking for the run a create request may have started (suite ${body.suite_id})`;
      return end(await stopped(session, 'deadline', during, (looked.lastError ?? error).message));
    }
    deps.logger.info(`No run of this job in suite ${body.suite_id} after ${formatDuration(window)}; asking again`);
  }
}

async function sendCreate(session: GateSession, body: CreateRunBody): Promise<Sent> {
  try {
    return { kind: 'answer', run: await session.client.createRun(body) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'error', error };
  }
}

const hasOwnRunKeys = (body: CreateRunBody) => OWN_RUN_KEYS.every((key) => body.metadata[key]);

/** How long to look before asking again: 10 s, or longer when the API asked (Retry-After). */
function lookWindow(error: ApiError): number {
  const decision = classifyFailure(error);
  return Math.max(LOOK_FOR_OWN_RUN_MS, (decision.retry && decision.retryAfterMs) || 0);
}

type Look = { kind: 'found'; run: EvalRun } | { kind: 'none' } | { kind: 'deadline' | 'aborted'; lastError: Error | undefined };

/**
 * Scans the suite's newest page for this job's run, at `poll-interval`, for `windowMs`; a failed scan is a missed
 * poll. Ends with `none` only after the window and at least one scan that succeeded: never asks again blind.
 */
async function lookForOwnRun(session: GateSession, body: CreateRunBody, windowMs: number): Promise<Look> {
  const { deps, poll, config } = session;
  const windowEnd = deps.clock.now() + windowMs;
  const outcome = await pollUntil<EvalRun | undefined>(async () => {
    const own = await findOwnRun(session, body);
    if (own) return { done: true, value: own };
    const left = windowEnd - deps.clock.now();
    if (left <= 0) return { done: true, value: undefined };
    return { done: false, nextDelayMs: Math.min(config.pollIntervalMs, left) };
  }, poll);
  if (outcome.kind !== 'done') return { kind: outcome.kind, lastError: outcome.lastError };
  return outcome.value ? { kind: 'found', run: outcome.value } : { kind: 'none' };
}

/**
 * The run a lost create answer may have started: on the newest page of the suite, the one whose
 * metadata and models are exactly what was sent. A run there that cannot be read might be it: then
 * the gate cannot tell, and does not ask again (a missed look).
 */
async function findOwnRun(session: GateSession, body: CreateRunBody, client = session.client): Promise<EvalRun | undefined> {
  const page = await client.listRuns({ suiteId: body.suite_id, limit: 100 });
  const sameModels = (run: EvalRun) => run.models.length === body.models.length && body.models.every((m) => run.models.includes(m));
  const own = page.data.find((run) => matchesMetadata(run, body.metadata) && sameModels(run));
  if (own) {
    session.deps.logger.info(`Found run ${own.id}, started by the request whose answer was lost; not starting another`);
    return own;
  }
  const unreadable = page.unreadable.find((odd) => !odd.metadata || matchesMetadata({ metadata: odd.metadata }, body.metadata));
  if (unreadable) throw unreadable.error;
  return undefined;
}

/** The run answered or found must be the run asked for, or it is not this job's run (and never `created: true`). */
function acceptStarted(session: GateSession, identity: RunIdentity, run: EvalRun, how: string): PhaseResult<EvalRun> {
  if (!isValidId(run.id)) throw new ApiProtocolError('POST /runs', 'the new run has an id the gate cannot use safely');
  const problems = identityProblems(run, identity);
  if (problems.length > 0) {
    const reason = `run ${run.id}, ${how}, is not the run this gate asked for: it ${problems.join('; ')}; not treated as this job's run`;
    return end(finish(session, 'inconclusive', reason));
  }
  session.deps.logger.info(`Started run ${run.id} of suite ${run.suite_id} for ${run.models.join(', ')}`);
  return next(run);
}

/**
 * The runner's signal came while a create request was out. Its answer was given a little longer (the client's grace);
 * without one, one look in the listing: a run this request started is reported (`run-id`, `created: true`) and, with
 * `cancel-run-on: abort`, cancelled, instead of running on unseen.
 */
async function endAfterAbort(session: GateSession, body: CreateRunBody, identity: RunIdentity, sent: Sent): Promise<PhaseResult<never>> {
  const { client, deps, result } = session;
  let run = sent.kind === 'answer' ? sent.run : undefined;
  if (!run && hasOwnRunKeys(body)) {
    const looking = client.withDeadline(deps.clock.now() + LOOK_AFTER_ABORT_MS);
    run = await findOwnRun(session, body, looking).catch((error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      deps.logger.info(`Could not look for the run the create request may have started: ${client.redact(error.message)}`);
      return undefined;
    });
  }
  const problems = run ? identityProblems(run, identity) : [];
  if (run && problems.length === 0) {
    result.run = run;
    result.created = true;
    deps.logger.info(`Run ${run.id} was started by this gate just before the runner's signal`);
  } else if (run) {
    deps.logger.info(`Run ${run.id} is not the run this gate asked for (it ${problems.join('; ')}); not reported as started`);
  }
  const during = !run
    ? 'while starting a run (whether one was started is not known)'
    : result.created
      ? `while starting run ${run.id}`
      : `while starting a run (run ${run.id} came back, but it is not the run asked for)`;
  return end(await stopped(session, 'aborted', during));
}
