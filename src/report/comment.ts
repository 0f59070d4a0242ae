import type { RunTarget } from '../core/config.ts';
import { capSize } from './markdown.ts';

/** GitHub refuses comments over 65,536 characters; bytes are at least as many as characters. */
const MAX_COMMENT_BYTES = 60_000;

/** The hidden first line that identifies this gate's comment: from the inputs, never from API data. */
export function commentMarker(target: RunTarget): string {
  const safe = (text: string) => text.replace(/[^\w.-]/g, '_').slice(0, 200);
  if (target.suiteId) return `<!-- mka1-eval-gate suite=${safe(target.suiteId)} -->`;
  if (target.kind === 'schedule') return `<!-- mka1-eval-gate schedule=${safe(target.scheduleId)} -->`;
  return `<!-- mka1-eval-gate run=${safe(target.kind === 'run-id' ? target.runId : '')} -->`;
}

/** The comment as posted: the marker line, then the summary cut to GitHub's size limit. */
export function commentBody(marker: string, markdown: string): string {
  return `${marker}\n${capSize(markdown, MAX_COMMENT_BYTES)}`;
}
