/** Reads one input as the runner passed it (empty string when unset). */
export type InputReader = (name: string) => string;

/** Records one input problem: the input, the value given, and the form expected. */
export type Report = (input: string, value: string, expected: string) => void;

/** What every group parser shares: the raw reader, a trimmed reader, and the list problems go to. */
export interface InputScope {
  read: InputReader;
  text: (name: string) => string;
  problem: Report;
}
