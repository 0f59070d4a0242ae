import type { Dispatcher } from 'undici';
import { EvalsClient } from './api/client.ts';
import { AbortedError, ApiError, ApiHttpError, ApiNetworkError, DeadlineExceededError, RetryAfterDeadlineError } from './api/errors.ts';
import { isTerminal, type EvalRun } from './api/models.ts';
import type { Clock, Sleep } from './clock.ts';
import type { GateConfig } from './config.ts';
import { formatDuration } from './duration.ts';
import type { Logger } from './log.ts';
import { describeFilter, lookupRun } from './lookup.ts';
import { pollUntil, type PollOptions } from './poll.ts';
import { isTransientFailure } from './retry.ts';
import type { GateResult, LookupReport, Outcome } from './result.ts';
import { failedRequestsCriterion, judge, statusCriterion, type Criterion } from './verdict.ts';
import { thresholdCriteria } from './thresholds.ts';
import { compareMetrics, directionFrom, findBaseline, regressionCriteria, type BaselineReport } from './baseline.ts';
import { describeRunState, waitForTerminal } from './wait.ts';

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
const CANCEL_GRACE_MS = 5_000;

/** Finds the run, waits for it, and judges it. Never throws for API trouble: that becomes an outcome. */
export async function runGate(config: GateConfig, deps: GateDeps): Promise<GateResult> {
  const { clock, logger } = deps;
  const startedAt = clock.now();
  const hardDeadline = startedAt + config.timeoutMs;
  // With cancel-run-on: timeout, stop watching a little early so the cancel request still ends by the deadline.
  const cancelReserve = config.cancelRunOn.timeout ? Math.min(CANCEL_GRACE_MS, config.timeoutMs / 4) : 0;
  const deadline = hardDeadline - cancelReserve;
  const client = new EvalsClient({
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
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
    onMissedCheck: (error) => logger.info(`${client.redact(error.message)}; trying again at the next poll`),
  };
  const result: GateResult = {
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
  };
  const finish = (outcome: Outcome, reason: string): GateResult => {
    result.outcome = outcome;
    result.reason = client.redact(reason);
    result.elapsedMs = clock.now() - startedAt;
    return result;
  };
  /** Timeout or interruption: say when and what was last seen (before any cancel changes it), then cancel if asked. */
  const stopped = async (why: 'deadline' | 'aborted' | 'retry-past-deadline', during: string, detail?: string): Promise<GateResult> => {
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
      const cancelBy = why === 'deadline' ? hardDeadline : clock.now() + CANCEL_GRACE_MS;
      await cancelIfAsked(client, config, why === 'deadline' ? 'timeout' : 'abort', cancelBy, result, deps);
    }
    return finish('inconclusive', reason);
  };

  try {
    // 1. Which run.
    let found: EvalRun;
    const target = config.target;
    if (target.kind === 'run-id') {
      const first = await pollUntil(async () => ({ done: true, value: await client.getRun(target.runId) }), poll);
      if (first.kind !== 'done') return await stopped(first.kind, `before run ${target.runId} could be read`, first.lastError?.message);
      found = first.value;
      result.lookup = lookupReport('run-id', found.suite_id, {}, 1, 0, 0);
      if (target.suiteId && found.suite_id !== target.suiteId) {
        result.run = found;
        if (!found.suite_id) {
          return finish('inconclusive', `run ${found.id} does not say which suite it belongs to, so it cannot be checked against suite-id ${target.suiteId}`);
        }
        return finish('fail', `run ${found.id} belongs to suite ${found.suite_id}, not to the suite-id given (${target.suiteId})`);
      }
      logger.info(`Gating run ${found.id} given by run-id (suite ${found.suite_id || 'unknown'})`);
    } else {
      // Known before the first request, so the summary can say what was looked for even if the API is down.
      result.lookup = lookupReport('metadata', target.suiteId, target.metadata, 0, 0, 0);
      const lookup = await lookupRun(client, { suiteId: target.suiteId, metadata: target.metadata }, poll, logger);
      if (lookup.kind !== 'found') {
        result.lookup = lookupReport('metadata', target.suiteId, target.metadata, 0, lookup.scanned, lookup.scans);
        return await stopped(
          lookup.kind,
          `before a run of suite ${target.suiteId} matching ${describeFilter(target.metadata)} appeared ` +
            `(${lookup.scans} scan(s), ${lookup.scanned} run(s) examined)`,
          lookup.lastError?.message,
        );
      }
      found = lookup.run;
      result.lookup = lookupReport(
        'metadata',
        target.suiteId,
        target.metadata,
        lookup.scan.candidates,
        lookup.scanned,
        lookup.scans,
      );
      logger.info(
        `Chose run ${found.id} (created ${new Date(found.created_at * 1000).toISOString()}): newest of ` +
          `${lookup.scan.candidates} run(s) matching ${describeFilter(target.metadata)} among ` +
          `${lookup.scanned} examined in ${lookup.scans} scan(s) of suite ${target.suiteId}`,
      );
    }
    result.run = found;

    // 2. Wait for a terminal status.
    const waited = await waitForTerminal(client, found, {
      poll,
      pacing: { minIntervalMs: config.pollIntervalMs, maxIntervalMs: config.maxPollIntervalMs },
      clock,
      logger,
      startedAt,
      onObserve: (run) => {
        result.run = run;
      },
    });
    if (waited.kind !== 'terminal') {
      result.run = waited.last;
      return await stopped(waited.kind, `while waiting for run ${found.id}`, waited.lastError?.message);
    }
    result.run = waited.run;

    // 3. Judge it: status, failed requests, metric thresholds, and regressions against a baseline.
    const criteria = [
      statusCriterion(waited.run),
      failedRequestsCriterion(waited.run, config.maxFailedRequests),
      ...thresholdCriteria(waited.run.metrics, config.thresholds),
    ];
    const compared =
      config.baseline.kind !== 'none' && waited.run.status === 'completed'
        ? await compareWithBaseline(client, config, waited.run)
        : undefined;
    result.baseline = compared?.report;
    result.criteria = [...criteria, ...(compared?.criteria ?? [])];
    const judgement = judge(result.criteria);
    const baselineMatters = config.maxRegression.length > 0 || config.requireBaseline;
    if (compared?.unavailable && baselineMatters && judgement.passed) {
      return finish('inconclusive', `the baseline could not be read, so regressions cannot be checked: ${compared.unavailable}`);
    }
    return finish(judgement.passed ? 'pass' : 'fail', judgement.reason);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const during = result.run ? `while waiting for run ${result.run.id}` : 'while looking for the run';
    if (error instanceof DeadlineExceededError || error instanceof AbortedError) {
      return await stopped(error instanceof AbortedError ? 'aborted' : 'deadline', during, error.message);
    }
    if (error instanceof RetryAfterDeadlineError) return await stopped('retry-past-deadline', during, error.message);
    return finish(outcomeOfApiError(error), error.message);
  }
}

async function compareWithBaseline(
  client: EvalsClient,
  config: GateConfig,
  run: EvalRun,
): Promise<{ report: BaselineReport; criteria: Criterion[]; unavailable?: string }> {
  let found: Awaited<ReturnType<typeof findBaseline>>;
  try {
    found = await findBaseline(client, config.baseline, run);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const note = `baseline lookup failed: ${error.message}`;
    if (outcomeOfApiError(error) === 'fail') {
      // A wrong baseline-run-id or a key that cannot read it is a configuration error, like a wrong run-id.
      const input = config.baseline.kind === 'run-id' ? 'baseline-run-id' : 'baseline-metadata';
      const failure = `the baseline could not be read (check \`${input}\`): ${error.message}`;
      return {
        report: { found: false, note },
        criteria: [{ name: 'Baseline', actual: `unreadable: ${error.message}`, allowed: 'a readable baseline run', passed: false, failure }],
      };
    }
    return { report: { found: false, note }, criteria: [], unavailable: error.message };
  }
  if (!found.run) {
    const criteria: Criterion[] = config.requireBaseline
      ? [{ name: 'Baseline', actual: `none (${found.note})`, allowed: 'a completed baseline run (require-baseline)', passed: false }]
      : [];
    return { report: { found: false, note: found.note }, criteria };
  }
  const comparisons = compareMetrics(run.metrics, found.run.metrics, directionFrom(config.thresholds));
  return {
    report: { found: true, run: found.run, how: found.how, comparisons },
    criteria: regressionCriteria(comparisons, config.maxRegression),
  };
}

/**
 * Final client errors (bad key, missing scope, wrong id) mean the gate is misconfigured:
 * they fail, whatever `on-inconclusive` says. Everything else means the gate could not tell.
 */
export function outcomeOfApiError(error: ApiError): Outcome {
  if (error instanceof ApiHttpError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
    return 'fail';
  }
  // A host that does not exist is a wrong api-url, not an outage.
  if (error instanceof ApiNetworkError && error.code === 'ENOTFOUND') return 'fail';
  return 'inconclusive';
}

async function cancelIfAsked(
  client: EvalsClient,
  config: GateConfig,
  why: 'timeout' | 'abort',
  cancelBy: number,
  result: GateResult,
  deps: GateDeps,
): Promise<void> {
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

function lookupReport(
  mode: LookupReport['mode'],
  suiteId: string | undefined,
  metadata: Record<string, string>,
  candidates: number,
  scanned: number,
  scans: number,
): LookupReport {
  return { mode, suiteId, metadata, candidates, scanned, scans };
}


