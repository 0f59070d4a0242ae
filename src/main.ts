import * as core from '@actions/core';
import type { Dispatcher } from 'undici';
import { createDispatcher } from './api/dispatcher.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './core/clock.ts';
import type { GateConfig, InconclusivePolicy } from './core/config.ts';
import { runGate } from './gate/gate.ts';
import { githubRunContext } from './inputs/github-context.ts';
import { githubEnvironment } from './inputs/github-environment.ts';
import { describeProblem, parseInputs, summaryWanted } from './inputs/inputs.ts';
import type { Logger } from './core/log.ts';
import { renderFailedSamplesSection } from './report/failed-samples.ts';
import { renderMetricsSections } from './report/metrics-summary.ts';
import { renderNoiseSection } from './report/noise-summary.ts';
import { renderRunActionSections } from './report/run-actions.ts';
import { buildOutputs } from './report/outputs.ts';
import { commentBody, commentMarker } from './report/comment.ts';
import { redactDeep, redactorFor, type Redactor } from './safety/redact.ts';
import { neutralize } from './safety/neutralize.ts';
import type { GateResult, ReconcileReport } from './core/result.ts';
import { renderSummary } from './report/summary.ts';
import { renderDetachSections } from './report/detach-summary.ts';
import { renderReconcileSummary } from './report/reconcile-summary.ts';
import { USER_AGENT } from './core/version.ts';

export interface RunOverrides {
  clock?: Clock;
  sleep?: Sleep;
  dispatcher?: Dispatcher;
  random?: () => number;
  /** Replaces process signals in tests. */
  signal?: AbortSignal;
}

/** The pull request comment is a courtesy: it never holds the job longer than this. */
const COMMENT_TIMEOUT_MS = 15_000;

/** The action. The only place that reads inputs, sets outputs and decides the job's exit status. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  const clock = overrides.clock ?? systemClock;
  const startedAt = clock.now();
  // Mask before anything else can print them.
  const apiKey = core.getInput('api-key').trim();
  if (apiKey) core.setSecret(apiKey);
  const githubToken = core.getInput('github-token').trim();
  if (githubToken) core.setSecret(githubToken);
  const redact = redactorFor([apiKey, githubToken]);
  const logger = redactingLogger(redact);
  const crash = installLastResort(redact, logger, () => clock.now() - startedAt);
  const signals = overrides.signal ? undefined : listenForCancellation();
  const signal = overrides.signal ?? signals?.signal;
  let dispatcher: Dispatcher | undefined;
  let config: GateConfig | undefined;
  let result: GateResult;
  try {
    const parsed = parseInputs((name) => core.getInput(name), githubRunContext(), githubEnvironment());
    if (!parsed.ok) {
      result = inputErrorResult(
        parsed.problems.map((problem) => describeProblem(problem, redact)),
        clock.now() - startedAt,
      );
    } else {
      config = parsed.config;
      dispatcher =
        overrides.dispatcher ??
        createDispatcher({ connectTimeoutMs: Math.min(10_000, config.requestTimeoutMs), requestTimeoutMs: config.requestTimeoutMs });
      result = await runGate(config, {
        clock,
        sleep: overrides.sleep ?? realSleep,
        dispatcher,
        logger,
        userAgent: USER_AGENT,
        random: overrides.random,
        signal,
      });
    }
  } catch (error) {
    // The one failure boundary: anything unexpected still ends in outputs, a summary and a clear failure.
    result = crashResult(error, clock.now() - startedAt);
    if (error instanceof Error && error.stack) logger.debug(error.stack);
  } finally {
    if (dispatcher && dispatcher !== overrides.dispatcher) await dispatcher.destroy().catch(() => {});
  }
  try {
    // Redact the raw strings before any escaping: `mka1_key` escaped as `mka1\_key` would no longer match.
    await report(redactDeep(result, redact), config, redact, logger, signal);
  } catch (error) {
    // Reporting itself failed (a value no renderer expected): report the failure instead, without the run.
    await reportCrash(error, redact, logger, clock.now() - startedAt);
  } finally {
    signals?.dispose();
    crash.dispose();
  }
}

/** The verdict when the gate itself broke: a failure (exit 1, whatever on-inconclusive says) that names the error. */
function crashResult(error: unknown, elapsedMs: number): GateResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : `non-error thrown: ${String(error)}`;
  return { ...inputErrorResult([], elapsedMs), reason: `unexpected error: ${message}` };
}

/** Every output, a summary and exit status 1 for a crash; without config, so no comment is attempted. */
async function reportCrash(error: unknown, redact: Redactor, logger: Logger, elapsedMs: number): Promise<void> {
  try {
    await report(redactDeep(crashResult(error, elapsedMs), redact), undefined, redact, logger, undefined);
  } catch {
    core.setFailed(neutralize(redact(`MKA1 eval gate fail: unexpected error while reporting`)));
  }
  process.exitCode = 1;
}

/**
 * Last resort for what no try/catch can see (an exception thrown from a timer, an unhandled
 * rejection, a stack overflow in a callback): still set every output, write the summary, exit 1.
 */
function installLastResort(redact: Redactor, logger: Logger, elapsed: () => number) {
  let handling = false;
  const onCrash = (error: unknown) => {
    if (handling) return;
    handling = true;
    void reportCrash(error, redact, logger, elapsed()).finally(() => process.exit(1));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {
    dispose: () => {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    },
  };
}

async function report(
  result: GateResult,
  config: GateConfig | undefined,
  redact: Redactor,
  logger: Logger,
  signal: AbortSignal | undefined,
): Promise<void> {
  const policy: InconclusivePolicy = config?.onInconclusive ?? 'fail';
  const consequence = {
    fail: 'The job fails because the verdict could not be determined (on-inconclusive: fail).',
    warn: 'The job passes with a warning (on-inconclusive: warn).',
    pass: 'The job passes (on-inconclusive: pass).',
  }[policy];
  const markdown = redact(result.reconcile ? renderReconcileSummary(result) : gateMarkdown(result, consequence));

  // Outputs and summary first: whatever happens to the comment, they are written.
  for (const [name, value] of Object.entries(buildOutputs(result, redact))) core.setOutput(name, value);
  const writeSummary = config ? config.writeSummary : summaryWanted((name) => core.getInput(name));
  if (writeSummary) {
    try {
      await core.summary.addRaw(markdown).write();
    } catch (error) {
      // Outside the runner (no GITHUB_STEP_SUMMARY) the summary still reaches the log.
      logger.warning(`Could not write the job summary (${error instanceof Error ? error.message : String(error)}); here it is:`);
      // Line by line, so that each line is neutralized and none can start a workflow command.
      for (const line of markdown.split('\n')) logger.info(line);
    }
  }

  const line = neutralize(`MKA1 eval gate ${result.outcome}: ${redact(result.reason)}`);
  if (result.outcome === 'pass' || result.outcome === 'pending') core.info(line);
  else if (result.outcome === 'inconclusive' && policy === 'warn') core.warning(line);
  else if (result.outcome === 'inconclusive' && policy === 'pass') core.info(`${line} (on-inconclusive: pass)`);
  else core.setFailed(line);

  if (config?.comment.enabled && !signal?.aborted) {
    if (result.reconcile) return commentOnReconciled(result.reconcile, config, consequence, redact, logger, signal);
    const comment = await commentOnPullRequest(config, markdown, logger, signal);
    if ('url' in comment) core.setOutput('comment-url', comment.url);
  }
}

/** One gate's summary, as the job summary and the pull request comment show it. */
function gateMarkdown(result: GateResult, consequence: string): string {
  const sections = [
    ...renderDetachSections(result),
    ...renderRunActionSections(result),
    ...renderMetricsSections(result.run, result.baseline, result.noise),
    ...renderNoiseSection(result),
    ...renderFailedSamplesSection(result),
  ];
  return renderSummary(result, { consequence, sections });
}

/** `mode: reconcile` with `comment: true`: each completed gate's comment, written or edited as wait mode does. */
async function commentOnReconciled(
  report: ReconcileReport,
  config: GateConfig,
  consequence: string,
  redact: Redactor,
  logger: Logger,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const pull of report.pullRequests) {
    if (pull.action !== 'completed' || !pull.gate || signal?.aborted) continue;
    await commentOnPullRequest(config, redact(gateMarkdown(pull.gate, consequence)), logger, signal, pull.number);
  }
}

async function commentOnPullRequest(
  config: GateConfig,
  body: string,
  logger: Logger,
  signal: AbortSignal | undefined,
  pullRequest?: number,
) {
  // Loaded only when asked for: Octokit is most of the bundle and would slow every start.
  const { pullRequestNumber, upsertComment, repository } = await import('./github/comments.ts');
  const issueNumber = pullRequest ?? pullRequestNumber();
  if (issueNumber === undefined) {
    logger.info('comment: true, but this job is not for a pull request; no comment written');
    return { kind: 'skipped', why: 'not a pull request event' } as const;
  }
  const timeout = AbortSignal.timeout(COMMENT_TIMEOUT_MS);
  // From the inputs and the workflow's name, never from API data: one comment per workflow and suite (or run-id);
  // a detached gate's comment is named by its status context, the same in the pull request step and the reconcile.
  const marker = commentMarker(config.target, process.env.GITHUB_WORKFLOW, config.mode?.status.context);
  return upsertComment(
    {
      token: config.comment.token,
      ...repository(),
      issueNumber,
      marker,
      body: commentBody(marker, body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    },
    logger,
  );
}

function inputErrorResult(problems: string[], elapsedMs: number): GateResult {
  return {
    outcome: 'fail',
    reason: problems.length === 1 ? `invalid input: ${problems[0]}` : `${problems.length} invalid inputs: ${problems.join('; ')}`,
    run: undefined,
    criteria: [],
    lookup: undefined,
    elapsedMs,
    api: { requests: 0, retries: 0, notModified: 0 },
    cancelRequest: undefined,
    inputProblems: problems,
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
  };
}

/** Every log line is redacted, then neutralized: no text from the API or the inputs can start a workflow command. */
function redactingLogger(redact: Redactor): Logger {
  const safe = (message: string) => neutralize(redact(message));
  return {
    debug: (message) => core.debug(safe(message)),
    info: (message) => core.info(safe(message)),
    warning: (message) => core.warning(safe(message)),
  };
}

/** The runner cancels a job with SIGINT, then SIGTERM: stop polling and report what is known. */
function listenForCancellation() {
  const controller = new AbortController();
  const onSignal = (received: NodeJS.Signals) => {
    core.info(`Received ${received}: stopping, and reporting what is known`);
    if (!controller.signal.aborted) controller.abort(received);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
