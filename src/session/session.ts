import type { Dispatcher } from 'undici';
import { EvalsClient } from '../api/client.ts';
import { DeadlineExceededError } from '../api/errors.ts';
import { isTransientFailure } from '../api/retry.ts';
import type { Clock, Sleep } from '../core/clock.ts';
import type { GateConfig } from '../core/config.ts';
import { formatDuration } from '../core/duration.ts';
import type { Logger } from '../core/log.ts';
import type { PollOptions } from '../core/poll.ts';
import type { GateResult, Outcome } from '../core/result.ts';
import { describeRunState, isTerminal } from '../core/run.ts';

// Every phase returns one of these; defined in core/ with the result, named here beside the session.
export { end, next, type PhaseResult } from '../core/phase.ts';

export interface GateDeps {
  clock: Clock;
  sleep: Sleep;
  dispatcher: Dispatcher;
  logger: Logger;
  userAgent: string;
  random?: () => number;
  /** Aborted when the runner cancels the job. */
  signal?: AbortSignal;
}

/** Time allowed for the cancel request once the gate has already timed out or been interrupted. */
export const CANCEL_GRACE_MS = 5_000;

/** Why watching stopped before a verdict. */
export type StopCause = 'deadline' | 'aborted' | 'retry-past-deadline';

/** What every phase of one gate shares: the config, the client, the deadline, and the result being built. */
export interface GateSession {
  config: GateConfig;
  deps: GateDeps;
  client: EvalsClient;
  poll: PollOptions;
  result: GateResult;
  startedAt: number;
  /** The timeout itself: nothing, not even a cancel request, outlives it. */
  hardDeadline: number;
  /** When watching stops (earlier than hardDeadline when a cancel request must still fit). */
  deadline: number;
}

export function openSession(config: GateConfig, deps: GateDeps): GateSession {
  const { clock, logger } = deps;
  const startedAt = clock.now();
  const hardDeadline = startedAt + config.timeoutMs;
  // With cancel-run-on: timeout, stop watching a little early so the cancel request still ends by the deadline.
  const cancelReserve = config.cancelRunOn.timeout ? Math.min(CANCEL_GRACE_MS, config.timeoutMs / 4) : 0;
  const deadline = hardDeadline - cancelReserve;
  const client = new EvalsClient({
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
    otherSecrets: [config.comment.token],
    onBehalfOf: config.onBehalfOf,
    userAgent: deps.userAgent,
    dispatcher: deps.dispatcher,
    requestTimeoutMs: config.requestTimeoutMs,
    deadline,
    clock,
    sleep: deps.sleep,
    random: deps.random,
    signal: deps.signal,
    logger,
  });
  const poll: PollOptions = {
    clock,
    sleep: deps.sleep,
    deadline,
    intervalMs: config.pollIntervalMs,
    signal: deps.signal,
    finalCheckReserveMs: Math.min(500, config.pollIntervalMs),
    // A brief outage during a long wait misses a poll; it does not end the gate before the deadline.
    tolerate: isTransientFailure,
    // The timeout striking inside a request ends the poll like one between polls, naming the last problem seen.
    isDeadline: (error) => error instanceof DeadlineExceededError,
    onMissedCheck: (error) => logger.info(`${client.redact(error.message)}; trying again at the next poll`),
  };
  return { config, deps, client, poll, result: emptyResult(client), startedAt, hardDeadline, deadline };
}

/** The same session (client, deadline, config) with a result of its own: a reconcile judges one run per pull request. */
export function withFreshResult(session: GateSession): GateSession {
  return { ...session, result: emptyResult(session.client) };
}

function emptyResult(client: EvalsClient): GateResult {
  return {
    outcome: 'inconclusive',
    reason: '',
    run: undefined,
    criteria: [],
    lookup: undefined,
    elapsedMs: 0,
    api: client.stats,
    cancelRequest: undefined,
    inputProblems: [],
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
  };
}

/** Ends the gate: the outcome, its one-line reason (redacted), and the time it took. */
export function finish(session: GateSession, outcome: Outcome, reason: string): GateResult {
  const { result, client, deps, startedAt } = session;
  result.outcome = outcome;
  result.reason = client.redact(reason);
  result.elapsedMs = deps.clock.now() - startedAt;
  return result;
}

/** Timeout or interruption: say when and what was last seen (before any cancel changes it), then cancel if asked. */
export async function stopped(session: GateSession, why: StopCause, during: string, detail?: string): Promise<GateResult> {
  const { result, config, deps } = session;
  const seen = result.run ? `; last seen: ${describeRunState(result.run)}` : '';
  const timeout = formatDuration(config.timeoutMs);
  const cause = {
    deadline: `timeout of ${timeout} reached ${during}${seen}`,
    aborted: `interrupted by the runner (${String(deps.signal?.reason ?? 'signal')}) ${during}${seen}`,
    // The API asked to wait longer than the time left: the run is still going, so it is not cancelled.
    'retry-past-deadline': `timeout of ${timeout} would pass before the API answers again, ${during}${seen}`,
  }[why];
  const reason = detail ? `${cause} (last error: ${detail})` : cause;
  if (why !== 'retry-past-deadline') {
    // After a timeout the cancel must end by the hard deadline; after a signal, the runner allows a few seconds.
    const cancelBy = why === 'deadline' ? session.hardDeadline : deps.clock.now() + CANCEL_GRACE_MS;
    await cancelIfAsked(session, why === 'deadline' ? 'timeout' : 'abort', cancelBy);
  }
  return finish(session, 'inconclusive', reason);
}

async function cancelIfAsked(session: GateSession, why: 'timeout' | 'abort', cancelBy: number): Promise<void> {
  const { result, client, config, deps } = session;
  const run = result.run;
  if (!run || isTerminal(run.status) || !config.cancelRunOn[why]) return;
  try {
    const cancelled = await client.withDeadline(cancelBy).cancelRun(run.id);
    result.run = cancelled;
    result.cancelRequest = { ok: true, detail: `asked MKA1 to cancel run ${run.id} (now ${cancelled.status})` };
  } catch (error) {
    const message = error instanceof Error ? client.redact(error.message) : String(error);
    result.cancelRequest = { ok: false, detail: `could not cancel run ${run.id}: ${message}` };
  }
  deps.logger.info(result.cancelRequest.detail);
}
