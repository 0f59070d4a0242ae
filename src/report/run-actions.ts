import type { GateResult } from '../core/result.ts';
import { escapeCell, identifierSpan, table } from './markdown.ts';

/** What the gate did to the run itself: started it (`create-run`), reran its failed samples (`rerun-failed`). */
export function renderRunActionSections(result: GateResult): string[] {
  const sections: string[] = [];
  if (result.created && result.run) {
    sections.push(`_Run ${identifierSpan(result.run.id)} was started by this gate (\`create-run\`)._`);
  }
  if (result.reruns.length > 0) {
    const rows = result.reruns.map((r) => [
      String(r.attempt),
      String(r.failedBefore),
      r.failedAfter === undefined ? '—' : String(r.failedAfter),
      r.error ? `not made: ${escapeCell(r.error, 400)}` : escapeCell(r.statusAfter ?? 'did not finish in time'),
    ]);
    sections.push('### Reruns of failed requests', table(['Attempt', 'Failed before', 'Failed after', 'Result'], rows));
  }
  return sections;
}
