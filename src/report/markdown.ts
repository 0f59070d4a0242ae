import { CONTROLS } from '../safety/neutralize.ts';

const MAX_CELL_CHARS = 300;

/**
 * Makes an API value safe inside a Markdown table cell: no HTML (entities), no Markdown
 * syntax (backslash escapes), no line breaks or pipes that would end the cell or the row, and no
 * control characters (bidi overrides included) that would reorder or hide what a reader sees.
 */
export function escapeCell(value: unknown, maxChars = MAX_CELL_CHARS): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  text = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(CONTROLS, '\uFFFD');
  if (text.length > maxChars) text = `${text.slice(0, maxChars)}…`;
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/([\\`*_[\]|~])/g, '\\$1')
      // A zero-width space stops @mentions and #references from notifying people from API data,
      // and stops GitHub from turning a bare URL (https://…, www.…) into a link; e-mails break at the @.
      .replace(/([@#])(?=[\w-])/g, '$1\u200b')
      .replace(/\b(https?|ftp|mailto|xmpp)(?=:)/gi, '$1\u200b')
      .replace(/\b(www)(?=\.)/gi, '$1\u200b')
      // GitHub links `GH-123` to an issue of the repository, as it does `#123`: the same zero-width space keeps it text.
      .replace(/\b(GH)(?=-\d)/gi, '$1\u200b')
  );
}

/**
 * An API id as a code span. Only characters an id can have are kept, so nothing can end the span
 * or the table cell around it; an empty id shows as a dash.
 */
export function identifierSpan(id: string): string {
  return id ? `\`${id.replace(/[^\w.:-]/g, '?').slice(0, 120)}\`` : '—';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Keeps a document under `maxBytes`, cutting at a line and saying so. What is kept stays whole Markdown: no line (a
 * table row) is cut in half, a code fence left open is closed, and so is every `<details>` opened in the part kept.
 */
export function capSize(markdown: string, maxBytes: number): string {
  if (byteLength(markdown) <= maxBytes) return markdown;
  const note = `\n\n_Summary truncated to stay under ${Math.round(maxBytes / 1024)} KiB; see the \`result-json\` output for everything._\n`;
  const budget = Math.max(0, maxBytes - byteLength(note));
  const encoded = Buffer.from(markdown, 'utf8');
  let room = budget;
  for (;;) {
    const kept = cutAtLine(markdown, encoded, room);
    const closing = closingMarkup(kept);
    if (byteLength(kept) + byteLength(closing) <= budget || room === 0) return kept + closing + note;
    // Leave room for the closing markup; a cut further up may leave other sections open, so check again.
    room = Math.max(0, Math.min(room - 1, budget - byteLength(closing)));
  }
}

/** The first `budget` bytes, back to the last whole line (a document of one line is cut inside it, never mid-character). */
function cutAtLine(markdown: string, encoded: Buffer, budget: number): string {
  const cut = encoded
    .subarray(0, budget)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  if (markdown[cut.length] === '\n') return cut;
  const lastNewline = cut.lastIndexOf('\n');
  return lastNewline > 0 ? cut.slice(0, lastNewline) : cut;
}

/** What closes the Markdown a cut left open: a code fence, then each `<details>` not yet closed. */
function closingMarkup(kept: string): string {
  const fences = kept.split('\n').filter((line) => /^ {0,3}(```|~~~)/.test(line)).length;
  const opened = (kept.match(/<details[\s>]/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  return (fences % 2 === 1 ? '\n```' : '') + '\n\n</details>'.repeat(Math.max(0, opened));
}
