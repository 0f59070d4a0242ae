import * as core from '@actions/core';
import type { Dispatcher } from 'undici';
import { createDispatcher } from './api/dispatcher.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './clock.ts';
import type { GateConfig } from './config.ts';
import { runGate } from './gate.ts';
import { describeProblem, parseInputs, summaryWanted } from './inputs.ts';
import type { Logger } from './log.ts';
import { buildOutputs } from './outputs.ts';
import type { GateResult } from './result.ts';
import { renderSummary } from './summary.ts';
import { renderMetricsSections } from './metrics-summary.ts';
import { USER_AGENT } from './version.ts';

export interface RunOverrides {
  clock?: Clock;
  sleep?: Sleep;
  dispatcher?: Dispatcher;
  random?: () => number;
  /** Replaces process signals in tests. */
  signal?: AbortSignal;
}

/** The action. The only place that reads inputs, sets outputs and decides the job's exit status. */
export async function run(overrides: RunOverrides = {}): Promise<void> {
  const clock = overrides.clock ?? systemClock;
  const startedAt = clock.now();
  // Mask before anything else can print it.
  const apiKey = core.getInput('api-key').trim();
  if (apiKey) core.setSecret(apiKey);
  const githubToken = core.getInput('github-token').trim();
  if (githubToken) core.setSecret(githubToken);
  const redact = (text: string) => (apiKey ? text.split(apiKey).join('***') : text);
  const logger = redactingLogger(redact);
  const signals = overrides.signal ? undefined : listenForCancellation();
  let dispatcher: Dispatcher | undefined;
  let config: GateConfig | undefined;
  let result: GateResult | undefined;
  try {
    const parsed = parseInputs((name) => core.getInput(name));
    if (!parsed.ok) {
      result = inputErrorResult(parsed.problems.map(describeProblem), clock.now() - startedAt);
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
        signal: overrides.signal ?? signals?.signal,
      });
    }
  } catch (error) {
    // The one failure boundary: anything unexpected still ends in outputs, a summary and a clear failure.
    const message = redact(error instanceof Error ? error.message : `non-error thrown: ${String(error)}`);
    result = inputErrorResult([], clock.now() - startedAt);
    result.reason = `unexpected error: ${message}`;
    if (error instanceof Error && error.stack) core.debug(redact(error.stack));
  } finally {
    signals?.dispose();
    if (dispatcher && dispatcher !== overrides.dispatcher) await dispatcher.destroy().catch(() => {});
  }
  await report(result, config, redact, config ? config.writeSummary : summaryWanted((name) => core.getInput(name)), logger);
}

async function report(
  result: GateResult,
  config: GateConfig | undefined,
  redact: (text: string) => string,
  writeSummary: boolean,
  logger: Logger,
) {
  const policy = config?.onInconclusive ?? 'fail';
  const consequence =
    policy === 'fail'
      ? 'The job fails because the verdict could not be determined (on-inconclusive: fail).'
      : policy === 'warn'
        ? 'The job passes with a warning (on-inconclusive: warn).'
        : 'The job passes (on-inconclusive: pass).';
  const render = () =>
    redact(renderSummary(result, { consequence, sections: renderMetricsSections(result.run, result.baseline) }));
  if (config?.comment.enabled) result.comment = await commentOnPullRequest(result, config, render(), logger);
  for (const [name, value] of Object.entries(buildOutputs(result, redact))) core.setOutput(name, value);
  if (writeSummary) {
    const markdown = render();
    try {
      await core.summary.addRaw(markdown).write();
    } catch (error) {
      // Outside the runner (no GITHUB_STEP_SUMMARY) the summary still reaches the log.
      core.warning(`Could not write the job summary (${error instanceof Error ? error.message : String(error)}); here it is:`);
      core.info(markdown);
    }
  }
  const line = `${result.outcome}: ${redact(result.reason)}`;
  if (result.outcome === 'pass') core.info(`MKA1 eval gate ${line}`);
  else if (result.outcome === 'inconclusive' && policy === 'warn') core.warning(`MKA1 eval gate ${line}`);
  else if (result.outcome === 'inconclusive' && policy === 'pass') core.info(`MKA1 eval gate ${line} (on-inconclusive: pass)`);
  else core.setFailed(`MKA1 eval gate ${line}`);
}

async function commentOnPullRequest(result: GateResult, config: GateConfig, body: string, logger: Logger) {
  // Loaded only when asked for: Octokit is most of the bundle and would slow every start.
  const { commentMarker, pullRequestNumber, upsertComment, repository } = await import('./comment.ts');
  const issueNumber = pullRequestNumber();
  if (issueNumber === undefined) {
    logger.info('comment: true, but this job is not for a pull request; no comment written');
    return { kind: 'skipped', why: 'not a pull request event' } as const;
  }
  const suiteId = result.run?.suite_id || (config.target.kind === 'lookup' ? config.target.suiteId : config.target.suiteId) || 'unknown';
  const { owner, repo } = repository();
  return upsertComment({ token: config.comment.token, owner, repo, issueNumber, marker: commentMarker(suiteId), body }, logger);
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
    comment: undefined,
  };
}

function redactingLogger(redact: (text: string) => string): Logger {
  return {
    debug: (message) => core.debug(redact(message)),
    info: (message) => core.info(redact(message)),
    warning: (message) => core.warning(redact(message)),
  };
}

/** The runner cancels a job with SIGINT, then SIGTERM: stop polling and report what is known. */
function listenForCancellation() {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    core.info(`Received ${signal}: stopping, and reporting what is known`);
    controller.abort(signal);
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
