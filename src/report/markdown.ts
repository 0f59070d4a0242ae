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

/** Keeps a document under `maxBytes`, cutting at a line and saying so. */
export function capSize(markdown: string, maxBytes: number): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  const note = `\n\n_Summary truncated to stay under ${Math.round(maxBytes / 1024)} KiB; see the \`result-json\` output for everything._\n`;
  const budget = Math.max(0, maxBytes - Buffer.byteLength(note, 'utf8'));
  let cut = Buffer.from(markdown, 'utf8').subarray(0, budget).toString('utf8');
  const lastNewline = cut.lastIndexOf('\n');
  if (lastNewline > 0) cut = cut.slice(0, lastNewline);
  return cut.replace(/\uFFFD$/, '') + note;
}
