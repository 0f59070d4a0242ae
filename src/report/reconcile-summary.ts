/**
 * The one summary of a reconcile (issue 17): a table of the open pull requests that carry this gate's status (pull
 * request, head commit, run, verdict), then each completed gate's criteria. Every value from GitHub or MKA1 is
 * escaped here; ids are shown only in their checked form.
 */
import type { Criterion } from '../core/criterion.ts';
import { formatDuration } from '../core/duration.ts';
import type { GateResult, ReconciledPull, ReconcileReport } from '../core/result.ts';
import { capSize, escapeCell, identifierSpan, table } from './markdown.ts';
import { MAX_SUMMARY_BYTES } from './summary.ts';

const ICON = { pending: '⏳', success: '✅', failure: '❌', error: '⚠️' } as const;
const VERDICT = { pass: '✅ Pass', fail: '❌ Fail', inconclusive: '⚠️ Inconclusive', pending: '⏳ Pending' } as const;

export function renderReconcileSummary(result: GateResult): string {
  const report = result.reconcile as ReconcileReport;
  const headline =
    result.outcome === 'fail'
      ? '## ❌ MKA1 eval reconcile failed'
      : `## 🔁 MKA1 eval reconcile: ${report.reconciled} completed, ${report.pending} still pending`;
  const parts = [headline, `**${result.outcome === 'fail' ? 'Fail' : 'Done'}:** ${escapeCell(result.reason, 2000)}`];
  if (report.stoppedEarly) {
    parts.push(
      `_Stopped early; the statuses it did not reach stay pending for the next reconcile: ${escapeCell(report.stoppedEarly, 600)}_`,
    );
  }
  const shown = report.pullRequests.filter((p) => p.found !== 'absent');
  const without = report.pullRequests.length - shown.length;
  parts.push(`### Pull requests with the status “${escapeCell(report.context)}”`);
  parts.push(shown.length > 0 ? table(['Pull request', 'Head SHA', 'Run', 'Verdict'], shown.map(row)) : '_None._');
  if (without > 0) parts.push(`_${without} other open pull request(s) have no status of this context._`);
  for (const pull of report.pullRequests.filter((p) => p.action === 'completed' && p.gate)) parts.push(...gateSection(pull));
  parts.push(
    `<sub>${result.api.requests} MKA1 API request(s), ${result.api.retries} retried · reconcile took ${formatDuration(result.elapsedMs)}</sub>`,
  );
  return capSize(`${parts.join('\n\n')}\n`, MAX_SUMMARY_BYTES);
}

function row(pull: ReconciledPull): string[] {
  return [`#${pull.number}`, identifierSpan(pull.headSha.slice(0, 12)), identifierSpan(pull.runId ?? ''), verdictCell(pull)];
}

function verdictCell(pull: ReconciledPull): string {
  const after = pull.after;
  const note = pull.note ? ` (${escapeCell(pull.note, 300)})` : '';
  switch (pull.action) {
    case 'completed':
    case 'rerun':
      return after ? `${ICON[after.state]} ${after.state}: ${escapeCell(after.description)}${note}` : '—';
    case 'left':
      return `⏳ pending, left as it is${note}`;
    case 'skipped':
      return `${pull.pendingAfter ? '⏳ pending' : 'not changed'}: skipped${note}`;
    case 'none':
      return pull.found === 'final'
        ? `already final: ${escapeCell(pull.before?.state ?? 'set')} (untouched)`
        : `${escapeCell(pull.found)}${note}`;
  }
}

/** Each completed gate: its verdict line and its criteria, as the wait-mode summary shows them. */
function gateSection(pull: ReconciledPull): string[] {
  const gate = pull.gate as GateResult;
  const run = gate.run ? ` · run ${identifierSpan(gate.run.id)}` : '';
  const parts = [`### #${pull.number}${run} · ${VERDICT[gate.outcome]}`, `**${VERDICT[gate.outcome]}:** ${escapeCell(gate.reason, 2000)}`];
  if (gate.criteria.length > 0) parts.push(criteriaTable(gate.criteria));
  return parts;
}

function criteriaTable(criteria: Criterion[]): string {
  return table(
    ['Criterion', 'Actual', 'Allowed', 'Result'],
    criteria.map((c) => [escapeCell(c.name), escapeCell(c.actual), escapeCell(c.allowed), c.passed ? '✅ pass' : '❌ fail']),
  );
}
