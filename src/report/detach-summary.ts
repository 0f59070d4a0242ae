/** The summary section of `mode: detach` (issue 17): which commit status carries the verdict, and what it says now. */
import type { GateResult, StatusWrite } from '../core/result.ts';
import { escapeCell, identifierSpan, table } from './markdown.ts';

const STATE_ICON: Record<StatusWrite['state'], string> = { pending: '⏳', success: '✅', failure: '❌', error: '⚠️' };

export function renderDetachSections(result: GateResult): string[] {
  const detached = result.detached;
  if (!detached) return [];
  const { status } = detached;
  const rows = [
    ['Context', escapeCell(detached.context)],
    ['Pull request', `#${detached.pullRequest}`],
    ['Head commit', identifierSpan(detached.headSha)],
    ['State', `${STATE_ICON[status.state]} ${status.state}${status.written ? '' : ' (not set)'}`],
    ['Description', escapeCell(status.description)],
  ];
  if (status.error) rows.push(['Error', escapeCell(status.error, 600)]);
  const sections = ['### Commit status', table(['Field', 'Value'], rows)];
  if (result.outcome === 'pending' && status.written) {
    sections.push(
      `_No runner waits for this run. The reconcile workflow (\`mode: reconcile\`) sets the commit status ` +
        `“${escapeCell(detached.context)}” to the verdict once the run has finished; make that context a required status ` +
        `check so that the pull request cannot merge before._`,
    );
  }
  return sections;
}
