import type { EvalRun } from '../core/run.ts';

export interface PacingOptions {
  /** `poll-interval`: the delay near the estimated finish, and the shortest ever used. */
  minIntervalMs: number;
  /** `max-poll-interval`: the longest delay ever used, however far the finish is. */
  maxIntervalMs: number;
}

export interface ProgressSample {
  at: number;
  status: EvalRun['status'];
  processed: number;
  total: number;
}

export interface PollPlan {
  delayMs: number;
  /** Estimated time until all requests are processed, when progress allows an estimate. */
  etaMs: number | undefined;
}

/** Share of the estimated remaining time to sleep: under one half, so a run that speeds up is still caught early. */
const ETA_FRACTION = 0.4;
/** While there is no estimate, wait a quarter of the time already waited (a gentle backoff). */
const BACKOFF_FRACTION = 0.25;

export function sampleOf(run: EvalRun, at: number): ProgressSample {
  const counts = run.request_counts;
  return { at, status: run.status, processed: counts.completed + counts.failed, total: counts.total };
}

/**
 * Chooses the next poll delay from the run's progress. The rate is measured from the first
 * sample that was in progress to the latest one; the finish is estimated from what remains.
 * Far from it the gate sleeps long (never above the cap); near it, at `poll-interval`.
 */
export function planNextPoll(samples: readonly ProgressSample[], options: PacingOptions): PollPlan {
  const clamp = (ms: number) => Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ms)));
  const latest = samples.at(-1);
  if (!latest) return { delayMs: options.minIntervalMs, etaMs: undefined };
  // Finalizing and cancelling have no progress to measure and usually end soon.
  if (latest.status !== 'queued' && latest.status !== 'in_progress') {
    return { delayMs: options.minIntervalMs, etaMs: undefined };
  }
  const etaMs = estimateRemaining(samples);
  if (etaMs !== undefined) return { delayMs: clamp(etaMs * ETA_FRACTION), etaMs };
  const first = samples[0] as ProgressSample;
  return { delayMs: clamp((latest.at - first.at) * BACKOFF_FRACTION), etaMs: undefined };
}

export function estimateRemaining(samples: readonly ProgressSample[]): number | undefined {
  const latest = samples.at(-1);
  const start = samples.find((s) => s.status === 'in_progress');
  if (!latest || !start || latest.status !== 'in_progress' || latest.total <= 0) return undefined;
  const done = latest.processed - start.processed;
  const elapsed = latest.at - start.at;
  if (done <= 0 || elapsed <= 0) return undefined;
  const remaining = Math.max(0, latest.total - latest.processed);
  return (remaining * elapsed) / done;
}
