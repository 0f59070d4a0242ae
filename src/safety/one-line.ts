import type { Redactor } from './redact.ts';

/**
 * What becomes one space:
 * - `all-whitespace`: every run of whitespace (line breaks, tabs, repeated spaces): compact excerpts.
 * - `line-breaks`: runs of \r and \n only; other whitespace stays as it was.
 * - `controls`: runs of control characters (C0 with tab and line breaks, DEL, C1) and the Unicode line and
 *   paragraph separators; ordinary spaces stay as they were.
 * - `none`: nothing (the text is shown quoted, where a line break cannot end the line).
 */
export type Flatten = 'all-whitespace' | 'line-breaks' | 'controls' | 'none';

export interface OneLineOptions {
  /** Removes secrets, first, from the raw text: a secret cut in half or flattened would no longer be recognised. */
  redact?: Redactor;
  flatten: Flatten;
  /** Drop leading and trailing whitespace once flattened (before the cut, so it does not use up the length). */
  trim?: boolean;
  /** The most characters kept; longer text is cut there and the ellipsis added. */
  maxChars: number;
  /** Added where the text was cut. */
  ellipsis?: string;
}

const FLATTEN: Record<Exclude<Flatten, 'none'>, RegExp> = {
  'all-whitespace': /\s+/g,
  'line-breaks': /[\r\n]+/g,
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  controls: /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g,
};

/**
 * Untrusted text made into one bounded line for a sink (a log line, a reason, an output, a table cell), always in
 * the same order: redact, then flatten, then cut. Escaping for Markdown or the log comes after, at the sink.
 */
export function oneLine(text: string, options: OneLineOptions): string {
  const redacted = options.redact ? options.redact(text) : text;
  let flat = options.flatten === 'none' ? redacted : redacted.replace(FLATTEN[options.flatten], ' ');
  if (options.trim) flat = flat.trim();
  return flat.length > options.maxChars ? `${flat.slice(0, options.maxChars)}${options.ellipsis ?? '…'}` : flat;
}
