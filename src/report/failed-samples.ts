import { ApiError } from '../api/errors.ts';
import type { EvalSample } from '../api/samples.ts';
import type { GateResult, ShownSample } from '../core/result.ts';
import type { EvalRun } from '../core/run.ts';
import { oneLine } from '../safety/one-line.ts';
import type { GateSession } from '../session/session.ts';
import { escapeCell, table } from './markdown.ts';

export type { FailedSamplesReport, ShownSample } from '../core/result.ts';

const LIMITS = { name: 120, code: 80, message: 300, excerpt: 200 };

/**
 * Reads up to `failed-samples` failed samples of the judged run (one request), for the summary and
 * result-json. Evidence only: whatever happens here, the verdict is the same.
 */
export async function readFailedSamples(session: GateSession, run: EvalRun): Promise<void> {
  const { config, client, result, deps } = session;
  const failed = run.request_counts.failed;
  if (config.failedSamples === 0 || failed === 0) return;
  try {
    const page = await client.listSamples(run.id, { status: 'failed', limit: config.failedSamples });
    // Redacted before being cut short: a secret cut in half would no longer be recognised later.
    const samples = page.data.slice(0, config.failedSamples).map((sample) => shown(sample, client.redact));
    result.failedSamples = { kind: 'shown', failed, samples };
    deps.logger.info(`Read ${samples.length} of ${failed} failed sample(s) of run ${run.id} for the summary`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const why = client.redact(error.message);
    result.failedSamples = { kind: 'unavailable', failed, why };
    deps.logger.warning(`Could not read the failed samples of run ${run.id} (the verdict is unaffected): ${why}`);
  }
}

function shown(sample: EvalSample, redact: (text: string) => string): ShownSample {
  const cut = (text: string | undefined, maxChars: number) =>
    text === undefined ? null : oneLine(text, { redact, flatten: 'all-whitespace', trim: true, maxChars });
  return {
    task_id: cut(sample.taskId, LIMITS.name),
    model: cut(sample.model, LIMITS.name),
    sample_index: sample.sampleIndex ?? null,
    error_code: cut(sample.errorCode, LIMITS.code),
    error_message: cut(sample.errorMessage, LIMITS.message),
    prompt: cut(sample.prompt, LIMITS.excerpt),
    output: cut(sample.output, LIMITS.excerpt),
  };
}

/** The collapsible "Failed samples" section of the summary and the PR comment. */
export function renderFailedSamplesSection(result: GateResult): string[] {
  const report = result.failedSamples;
  if (!report) return [];
  if (report.kind === 'unavailable') {
    return [
      details(
        `Failed samples (${report.failed} failed; could not be read)`,
        `_The failed samples could not be read; the verdict does not depend on them: ${escapeCell(report.why, 600)}_`,
      ),
    ];
  }
  const note =
    report.samples.length < report.failed ? `showing ${report.samples.length} of ${report.failed}` : `showing all ${report.failed}`;
  if (report.samples.length === 0) return [details(`Failed samples (${note})`, '_The API listed no failed samples for this run._')];
  const rows = report.samples.map((s) => [
    escapeCell(s.task_id ?? '—'),
    escapeCell(s.model ?? '—'),
    s.sample_index === null ? '—' : String(s.sample_index),
    errorCell(s),
    escapeCell(s.prompt ?? '—'),
    escapeCell(s.output ?? '—'),
  ]);
  return [details(`Failed samples (${note})`, table(['Task', 'Model', 'Sample', 'Error', 'Prompt (excerpt)', 'Output (excerpt)'], rows))];
}

function errorCell(sample: ShownSample): string {
  const code = sample.error_code ? `${escapeCell(sample.error_code)}: ` : '';
  return `${code}${escapeCell(sample.error_message ?? (sample.error_code ? '' : '—'))}`;
}

/** Markdown inside <details> needs the blank lines around it. */
function details(summary: string, body: string): string {
  return `<details><summary><strong>${summary}</strong></summary>\n\n${body}\n\n</details>`;
}
