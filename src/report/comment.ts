import type { RunTarget } from '../core/config.ts';
import { capSize } from './markdown.ts';

/** GitHub refuses comments over 65,536 characters; bytes are at least as many as characters. */
const MAX_COMMENT_BYTES = 60_000;

/** The longest workflow name kept in the marker (encoded), so the marker stays one short line. */
const MAX_WORKFLOW_CHARS = 200;
/** encodeURIComponent throws on half a surrogate pair; the environment should never hold one, but never crash on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The hidden first line that identifies this gate's comment: from the inputs and the workflow's name
 * (`GITHUB_WORKFLOW`), never from API data. With the workflow beside the suite, two workflows gating the same suite
 * on one pull request keep one comment each. Without a workflow (a local run) the marker is the suite's alone.
 * A detached gate (`mode: detach`, then `mode: reconcile` in another workflow) is named by its status context instead,
 * which both workflows share, so the reconcile edits the comment the pull request step wrote.
 */
export function commentMarker(target: RunTarget, workflow?: string, statusContext?: string): string {
  const safe = (text: string) => text.replace(/[^\w.-]/g, '_').slice(0, 200);
  const subject = target.suiteId
    ? `suite=${safe(target.suiteId)}`
    : target.kind === 'schedule'
      ? `schedule=${safe(target.scheduleId)}`
      : `run=${safe(target.kind === 'run-id' ? target.runId : '')}`;
  const name = workflow?.trim();
  const owner = statusContext ? ` context=${markerText(statusContext)}` : name ? ` workflow=${markerText(name)}` : '';
  return `<!-- mka1-eval-gate ${subject}${owner} -->`;
}

/**
 * A workflow name as text inside an HTML comment: percent-encoded (UTF-8), so no `<`, `>` or whitespace survives and
 * nothing can end the comment (`-->`, `--!>`) or the marker; distinct names stay distinct. Cut at a whole escape.
 */
function markerText(name: string): string {
  const encoded = encodeURIComponent(name.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return encoded.length <= MAX_WORKFLOW_CHARS ? encoded : encoded.slice(0, MAX_WORKFLOW_CHARS).replace(/%[0-9A-F]?$/, '');
}

/** The comment as posted: the marker line, then the summary cut to GitHub's size limit. */
export function commentBody(marker: string, markdown: string): string {
  return `${marker}\n${capSize(markdown, MAX_COMMENT_BYTES)}`;
}
