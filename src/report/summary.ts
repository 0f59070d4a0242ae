import type { EvalRun } from '../core/run.ts';
import { formatDuration } from '../core/duration.ts';
import { capSize, escapeCell, identifierSpan, table } from './markdown.ts';
import type { GateResult, LookupReport, Outcome } from '../core/result.ts';
import { verdictCell } from './noise-summary.ts';
import { renderScheduleSection } from './schedule-summary.ts';

/** Well under the runner's 1 MiB step-summary limit, leaving room for other steps. */
export const MAX_SUMMARY_BYTES = 256 * 1024;
const MAX_METADATA_PAIRS = 40;

const HEADLINE: Record<Outcome, string> = {
  pass: '✅ MKA1 eval gate passed',
  fail: '❌ MKA1 eval gate failed',
  inconclusive: '⚠️ MKA1 eval gate inconclusive',
  pending: '⏳ MKA1 eval gate detached: verdict pending',
};

export interface SummaryContext {
  /** What the job does with an inconclusive outcome, e.g. "the job fails (on-inconclusive: fail)". */
  consequence: string;
  /** Further sections (metrics, baseline, charts) rendered by their own modules. */
  sections?: string[];
}

export function renderSummary(result: GateResult, context: SummaryContext): string {
  const problems = result.inputProblems.length;
  // Input problems are listed below; the verdict line only counts them.
  const reason = problems > 0 ? `${problems} invalid input${problems > 1 ? 's' : ''}; nothing was sent to MKA1` : result.reason;
  const parts: string[] = [`## ${HEADLINE[result.outcome]}`, `**${capitalize(result.outcome)}:** ${escapeCell(reason, 2000)}`];
  if (result.outcome === 'inconclusive') parts.push(`_${escapeCell(context.consequence)}_`);
  if (result.inputProblems.length > 0) {
    parts.push('### Input problems', result.inputProblems.map((p) => `- ${escapeCell(p, 1000)}`).join('\n'));
  }
  parts.push(...renderScheduleSection(result.schedule));
  if (result.run) parts.push('### Run', runTable(result.run, result.elapsedMs));
  else if (result.lookup) parts.push('### Lookup', lookupTable(result), ...recentRunsSection(result.lookup));
  if (result.criteria.length > 0) {
    parts.push(
      '### Criteria',
      table(
        ['Criterion', 'Actual', 'Allowed', 'Result'],
        result.criteria.map((c) => [escapeCell(c.name), escapeCell(c.actual), escapeCell(c.allowed), verdictCell(c)]),
      ),
    );
  }
  parts.push(...(context.sections ?? []));
  if (result.cancelRequest) parts.push(`_${escapeCell(result.cancelRequest.detail)}_`);
  parts.push(
    `<sub>${result.api.requests} API request(s), ${result.api.retries} retried, ${result.api.notModified} not modified · ` +
      `gate took ${formatDuration(result.elapsedMs)}</sub>`,
  );
  return capSize(`${parts.join('\n\n')}\n`, MAX_SUMMARY_BYTES);
}

function runTable(run: EvalRun, elapsedMs: number): string {
  const c = run.request_counts;
  const version = run.suite_version !== undefined && run.suite_version !== null ? ` (version ${escapeCell(run.suite_version)})` : '';
  const metadata = Object.entries(run.metadata);
  const shownMetadata = metadata
    .slice(0, MAX_METADATA_PAIRS)
    .map(([k, v]) => `${escapeCell(k, 80)}=${escapeCell(v, 120)}`)
    .join(', ');
  const moreMetadata = metadata.length > MAX_METADATA_PAIRS ? ` … (+${metadata.length - MAX_METADATA_PAIRS} more)` : '';
  const rows: string[][] = [
    ['Run', identifierSpan(run.id)],
    ['Suite', `${identifierSpan(run.suite_id)}${version}`],
    ['Status', escapeCell(run.status)],
    ['Models', escapeCell(run.models.join(', ')) || '—'],
    ['Judge model', escapeCell(run.judge_model ?? '') || '—'],
    ['Requests', `${c.total} total, ${c.completed} completed, ${c.failed} failed`],
    ['Duration', runDuration(run, elapsedMs)],
    ['Metadata', (shownMetadata || '—') + moreMetadata],
  ];
  if (run.error?.message || run.error?.code) rows.push(['Error', escapeCell(run.error.message ?? run.error.code)]);
  return table(['Field', 'Value'], rows);
}

function lookupTable(result: GateResult): string {
  const lookup = result.lookup;
  if (!lookup) return '';
  const metadata = Object.entries(lookup.metadata)
    .map(([k, v]) => `${escapeCell(k)}=${escapeCell(v)}`)
    .join(', ');
  return table(
    ['Field', 'Value'],
    [
      ['Suite', escapeCell(lookup.suiteId ?? '—')],
      ['Metadata asked for', metadata || 'any'],
      ['Runs examined', `${lookup.scanned} in ${lookup.scans} scan(s)`],
    ],
  );
}

/**
 * After a miss, the metadata the suite's newest runs carry, beside what was asked for: a typo (`sha=c0ffe1`) or a
 * missing pair shows at a glance. Every value is escaped; find/ has redacted and bounded them.
 */
function recentRunsSection(lookup: LookupReport): string[] {
  if (!lookup.recent) return [];
  if (lookup.recent.length === 0) return ['_The suite has no run visible to this key (check `suite-id` and `on-behalf-of`)._'];
  const rows = lookup.recent.map((run) => [
    identifierSpan(run.id),
    Number.isFinite(run.created_at) ? new Date(run.created_at * 1000).toISOString() : '—',
    escapeCell(run.status),
    Object.entries(run.metadata)
      .map(([k, v]) => `${escapeCell(k, 80)}=${escapeCell(v, 120)}`)
      .join(', ') || '—',
  ]);
  return ['#### Newest runs of the suite (none matched)', table(['Run', 'Created', 'Status', 'Metadata'], rows)];
}

function runDuration(run: EvalRun, elapsedMs: number): string {
  const end = run.completed_at ?? run.failed_at ?? run.cancelled_at;
  const start = run.started_at ?? run.created_at;
  if (typeof end === 'number' && typeof start === 'number' && end >= start) return formatDuration((end - start) * 1000);
  return `${formatDuration(elapsedMs)} watched (not finished)`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
