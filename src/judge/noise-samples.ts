import { AbortedError, ApiError } from '../api/errors.ts';
import { MAX_SCORED_SAMPLES, readCompletedScores, type ScoredSample } from '../api/sample-scores.ts';
import { formatCount } from '../core/noise-format.ts';
import type { NoiseSampleRead } from '../core/result.ts';
import type { EvalRun } from '../core/run.ts';
import type { GateSession } from '../session/session.ts';

/** A run's completed samples by model, then task, in listing order: a path's samples are found without a scan. */
export type SampleIndex = Map<string, Map<string, ScoredSample[]>>;

export type RunSamples =
  | { ok: true; runId: string; index: SampleIndex; models: string[]; read: NoiseSampleRead }
  | { ok: false; runId: string; reason: string; read: NoiseSampleRead };

/**
 * Reads a run's completed samples for the statistics, or says why they cannot be used. Never ends the gate: an API
 * failure, the deadline striking, an unusable listing or a run too large all leave its metrics judged on their
 * reported values. Only an interruption by the runner goes on up (the gate stops for it wherever it is).
 */
export async function readRunSamples(
  session: GateSession,
  run: EvalRun,
  role: NoiseSampleRead['role'],
  metricIds: ReadonlySet<string>,
): Promise<RunSamples> {
  const { client, deps } = session;
  const before = client.stats.requests;
  const read = (samples: number | null, note: string | null): NoiseSampleRead => ({
    run_id: run.id,
    role,
    samples,
    requests: client.stats.requests - before,
    note,
  });
  const unusable = (reason: string): RunSamples => ({ ok: false, runId: run.id, reason, read: read(null, reason) });
  if (run.status !== 'completed') return unusable(`run ${run.id} is ${run.status}, not completed`);
  try {
    const listing = await readCompletedScores(client, { id: run.id, completed: run.request_counts.completed }, metricIds);
    if (listing.kind === 'too-many') {
      return unusable(
        `run ${run.id} has ${formatCount(listing.completed)} completed samples, more than the ${formatCount(MAX_SCORED_SAMPLES)} the gate reads`,
      );
    }
    const untrusted = untrustedListing(run, listing);
    if (untrusted) return unusable(untrusted);
    const skipped =
      listing.skipped > 0
        ? `${listing.skipped} listed samples left out (not a sample, or no model, task or sample_index to place it by)`
        : null;
    deps.logger.info(`Read ${listing.samples.length} completed sample(s) of run ${run.id} in ${listing.pages} page(s) for the error bars`);
    const index = indexSamples(listing.samples);
    const models = run.models.length > 0 ? run.models : [...index.keys()];
    return { ok: true, runId: run.id, index, models, read: read(listing.samples.length, skipped) };
  } catch (error) {
    if (!(error instanceof ApiError) || error instanceof AbortedError) throw error;
    const why = client.redact(error.message);
    deps.logger.warning(`Could not read the samples of run ${run.id}; its metrics are judged on their reported values: ${why}`);
    return unusable(`the samples of run ${run.id} could not be read: ${why}`);
  }
}

/**
 * Why a listing is not what was asked for (this run's completed samples), if it is not: a sample that says it is
 * another run's, failed or of another status, or that answers for a model the run did not evaluate. The rest of
 * such a listing is not trusted either: every metric of the run is judged on its reported value.
 */
function untrustedListing(run: EvalRun, listing: { samples: readonly ScoredSample[]; foreign: number }): string | undefined {
  const { foreign } = listing;
  if (foreign > 0) {
    const claim = foreign === 1 ? 'says it is' : 'say they are';
    return `the samples listed for run ${run.id} are not all its completed samples: ${formatCount(foreign)} ${claim} another run’s, failed, or of another status`;
  }
  if (run.models.length === 0) return undefined;
  const evaluated = new Set(run.models);
  const strangers = listing.samples.filter((s) => !evaluated.has(s.model)).length;
  if (strangers === 0) return undefined;
  const which = strangers === 1 ? 'answers' : 'answer';
  return `the samples listed for run ${run.id} are not all its completed samples: ${formatCount(strangers)} ${which} for a model the run did not evaluate`;
}

function indexSamples(samples: readonly ScoredSample[]): SampleIndex {
  const index: SampleIndex = new Map();
  for (const sample of samples) {
    let tasks = index.get(sample.model);
    if (!tasks) index.set(sample.model, (tasks = new Map<string, ScoredSample[]>()));
    const list = tasks.get(sample.taskId);
    if (list) list.push(sample);
    else tasks.set(sample.taskId, [sample]);
  }
  return index;
}
