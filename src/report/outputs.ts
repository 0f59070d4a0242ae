import { RESULT_SCHEMA_VERSION, type GateResult } from '../core/result.ts';
import { oneLine } from '../safety/one-line.ts';
import { detachedResultJson } from './detached-json.ts';

/** The runner keeps about 1 MiB of outputs per job: no single output may take a large share. */
export const MAX_OUTPUT_BYTES = 256 * 1024;
const MAX_REASON_CHARS = 2_000;

/** Every output, always set (empty where unknown), so later steps can rely on them. */
export function buildOutputs(result: GateResult, redact: (text: string) => string): Record<string, string> {
  const run = result.run;
  const counts = run?.request_counts;
  const outputs: Record<string, string> = {
    'run-id': run?.id ?? '',
    status: run?.status ?? '',
    passed: String(result.outcome === 'pass'),
    outcome: result.outcome,
    'requests-total': counts ? String(counts.total) : '',
    'requests-completed': counts ? String(counts.completed) : '',
    'requests-failed': counts ? String(counts.failed) : '',
    metrics: capJson(run?.metrics ?? null),
    reason: oneLineReason(result.reason, redact),
    'baseline-run-id': result.baseline?.found ? result.baseline.run.id : '',
    'schedule-last-run-at': result.schedule?.last_run_at ?? '',
    // Set again once the comment is written, which happens after the outputs so it cannot hold them up.
    'comment-url': '',
    created: String(result.created),
    reruns: String(result.reruns.length),
    // `mode: reconcile` only (issue 17): statuses completed, and still pending.
    reconciled: result.reconcile ? String(result.reconcile.reconciled) : '',
    pending: result.reconcile ? String(result.reconcile.pending) : '',
    'result-json': cappedResultJson(result, redact),
  };
  for (const key of Object.keys(outputs)) outputs[key] = redact(outputs[key] as string);
  return outputs;
}

/** Line breaks only become spaces: the reason is the gate's own sentence, its spacing kept. */
function oneLineReason(reason: string, redact: (text: string) => string): string {
  return oneLine(reason, { redact, flatten: 'line-breaks', maxChars: MAX_REASON_CHARS });
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function capJson(value: unknown): string {
  const json = JSON.stringify(value);
  return bytes(json) <= MAX_OUTPUT_BYTES ? json : JSON.stringify({ truncated: true, bytes: bytes(json) });
}

/**
 * The whole result when it fits; otherwise the run keeps its core fields and loses its metrics
 * and extra fields, and `truncated` says so. The verdict and criteria are always there.
 */
function cappedResultJson(result: GateResult, redact: (text: string) => string): string {
  const full = JSON.stringify(resultJson(result));
  if (bytes(full) <= MAX_OUTPUT_BYTES) return full;
  const run = result.run;
  const slim = {
    ...resultJson({ ...result, baseline: undefined }),
    run: run && {
      id: run.id,
      suite_id: run.suite_id,
      status: run.status,
      request_counts: run.request_counts,
      error: run.error,
      metadata: run.metadata,
      created_at: run.created_at,
    },
    truncated: true,
  };
  const slimJson = JSON.stringify(slim);
  if (bytes(slimJson) <= MAX_OUTPUT_BYTES) return slimJson;
  return JSON.stringify({
    schema_version: RESULT_SCHEMA_VERSION,
    outcome: result.outcome,
    passed: result.outcome === 'pass',
    reason: oneLineReason(result.reason, redact),
    run: run ? { id: run.id, status: run.status, request_counts: run.request_counts } : null,
    truncated: true,
  });
}

export function resultJson(result: GateResult) {
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    outcome: result.outcome,
    passed: result.outcome === 'pass',
    reason: result.reason,
    criteria: result.criteria,
    run: result.run ?? null,
    lookup: result.lookup ?? null,
    elapsed_ms: result.elapsedMs,
    api: { requests: result.api.requests, retries: result.api.retries, not_modified: result.api.notModified },
    cancel_request: result.cancelRequest ?? null,
    input_problems: result.inputProblems,
    schedule: result.schedule ?? null,
    baseline: result.baseline
      ? result.baseline.found
        ? { run_id: result.baseline.run.id, how: result.baseline.how, metrics: result.baseline.comparisons }
        : { run_id: null, note: result.baseline.note }
      : null,
    created: result.created,
    reruns: result.reruns.map((r) => ({
      attempt: r.attempt,
      failed_before: r.failedBefore,
      failed_after: r.failedAfter ?? null,
      status_after: r.statusAfter ?? null,
      error: r.error ?? null,
    })),
    failed_samples: result.failedSamples ?? null,
    ...detachedResultJson(result),
    // Issue 16; the per-metric statistics are on each criterion, and the deltas there too.
    noise: result.noise
      ? {
          mode: result.noise.mode,
          confidence: result.noise.confidence,
          uncertain: result.noise.uncertain,
          comparisons: result.noise.comparisons,
          samples: result.noise.samples,
          notes: result.noise.notes,
        }
      : null,
  };
}
