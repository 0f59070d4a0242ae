/**
 * The one form an id may take, from the API or from an input: letters, digits, `_` and `-`, starting with a letter
 * or digit, at most 128 characters. Only ids of this form reach URLs, outputs, log lines and the comment marker, so
 * an id can never carry a line break, a workflow command, Markdown or a path segment.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** How the form is described to a user, after "expected". */
export const ID_FORM = 'an id of letters, digits, `_` and `-` that starts with a letter or digit, at most 128 characters';

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Says what is wrong with an id from the API without echoing it (it is untrusted text). */
export function describeBadId(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'missing' : `not a string (${value === null ? 'null' : typeof value})`;
  if (value === '') return 'empty';
  return `not a valid id (${value.length} characters; expected ${ID_FORM})`;
}

/** The kinds of MKA1 ids an input can name, by the prefix the API gives them. */
export type IdKind = 'run' | 'suite' | 'schedule' | 'suite-version';

/** Each known prefix, the kind it marks, and how that kind is named to a user. */
export const ID_PREFIXES: ReadonlyArray<{ prefix: string; kind: IdKind; name: string }> = [
  { prefix: 'eval_run_', kind: 'run', name: 'a run id' },
  { prefix: 'eval_suite_', kind: 'suite', name: 'a suite id' },
  { prefix: 'eval_sched_', kind: 'schedule', name: 'a schedule id' },
  { prefix: 'eval_sver_', kind: 'suite-version', name: 'a suite version id' },
];

/** The kind an id's prefix says it is; undefined for an id without a known prefix (held to the id form only). */
export function idKindOf(id: string): (typeof ID_PREFIXES)[number] | undefined {
  return ID_PREFIXES.find((known) => id.startsWith(known.prefix));
}
