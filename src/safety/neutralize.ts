/**
 * The runner reads every stdout line that starts with `::` (after whitespace) or holds `##[` as a
 * workflow command, and splits lines on \n, \r and \r\n. Text that did not come from this action
 * (API answers, input values) must never start such a line.
 */

/** Line breaks of every kind, as one unit each (\r\n is one break). */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
/**
 * Other control characters (C0 but tab, DEL, C1) and the bidirectional-text controls (LRM/RLM, ALM,
 * embeddings, overrides, isolates): they could hide or visually reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** `::` at the start, after any whitespace the runner would trim. */
const LEADING_COMMAND = /^(\s*):(?=:)/;
const V1_COMMAND = /##\[/g;

/** Shown where a line break was. */
export const LINE_BREAK_MARK = '⏎';

/**
 * One line of log text that cannot be, or contain, a workflow command: line breaks become ⏎,
 * other control characters U+FFFD, a leading `::` and any `##[` get a zero-width space after
 * their first character. The action's own messages come through unchanged.
 */
export function neutralize(text: string): string {
  return text
    .replace(LINE_BREAKS, LINE_BREAK_MARK)
    .replace(CONTROLS, '\uFFFD')
    .replace(LEADING_COMMAND, '$1:\u200b')
    .replace(V1_COMMAND, '#\u200b#[');
}
