import type { EvalsClient } from '../api/client.ts';
import { describeRunState, isTerminal, type EvalRun } from '../core/run.ts';
import type { Clock } from '../core/clock.ts';
import { formatDuration } from '../core/duration.ts';
import type { Logger } from '../core/log.ts';
import { planNextPoll, sampleOf, type PacingOptions, type ProgressSample } from './pacing.ts';
import { pollUntil, type PollOptions } from '../core/poll.ts';

export type WaitOutcome =
  | { kind: 'terminal'; run: EvalRun; polls: number }
  | { kind: 'deadline' | 'aborted'; last: EvalRun; polls: number; lastError: Error | undefined };

export interface WaitOptions {
  poll: PollOptions;
  pacing: PacingOptions;
  clock: Clock;
  logger: Logger;
  /** When the gate started, for the elapsed time in progress lines. */
  startedAt: number;
  /** Called with every state seen, so a caller interrupted by an error still knows the latest. */
  onObserve?: (run: EvalRun) => void;
  /**
   * `known` was just read by GET /runs/{id} and counts as the first observation. Otherwise (a list
   * item, which may be stale) the run is read by id first: a verdict never rests on a listing.
   */
  knownIsFresh?: boolean;
}

/** Polls the run by id until it reaches a terminal status. */
export async function waitForTerminal(client: EvalsClient, known: EvalRun, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, logger, startedAt } = options;
  const samples: ProgressSample[] = [];
  let last = known;
  let polls = 0;
  const outcome = await pollUntil<EvalRun>(async (attempt) => {
    if (attempt > 1 || !options.knownIsFresh) {
      last = await client.getRun(known.id);
      polls++;
      options.onObserve?.(last);
    }
    const now = clock.now();
    samples.push(sampleOf(last, now));
    if (isTerminal(last.status)) {
      logger.info(progressLine(last, now - startedAt));
      return { done: true, value: last };
    }
    const plan = planNextPoll(samples, options.pacing);
    const eta = plan.etaMs === undefined ? '' : `, ETA ~${formatDuration(plan.etaMs)}`;
    logger.info(`${progressLine(last, now - startedAt)}${eta}, next poll in ${formatDuration(plan.delayMs)}`);
    return { done: false, last, nextDelayMs: plan.delayMs };
  }, options.poll);
  if (outcome.kind === 'done') return { kind: 'terminal', run: outcome.value, polls };
  return { kind: outcome.kind, last, polls, lastError: outcome.lastError };
}

export function progressLine(run: EvalRun, elapsedMs: number): string {
  return `run ${run.id}: ${describeRunState(run)}, elapsed ${formatDuration(elapsedMs)}`;
}
