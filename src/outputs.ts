import { RESULT_SCHEMA_VERSION, type GateResult } from './result.ts';

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
    metrics: JSON.stringify(run?.metrics ?? null),
    reason: result.reason.replace(/[\r\n]+/g, ' '),
    'baseline-run-id': result.baseline?.found ? result.baseline.run.id : '',
    // Set again once the comment is written, which happens after the outputs so it cannot hold them up.
    'comment-url': '',
    'result-json': JSON.stringify(resultJson(result)),
  };
  for (const key of Object.keys(outputs)) outputs[key] = redact(outputs[key] as string);
  return outputs;
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
    baseline: result.baseline
      ? result.baseline.found
        ? { run_id: result.baseline.run.id, how: result.baseline.how, metrics: result.baseline.comparisons }
        : { run_id: null, note: result.baseline.note }
      : null,
  };
}
