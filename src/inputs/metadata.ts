import type { Report } from './scope.ts';

/**
 * The metadata expression that is set on every event. `github.event.pull_request.head.sha` is empty on `push`
 * (and `github.sha` is the merge commit on `pull_request`), so the hint shows both, in the order that works.
 */
export const SAFE_SHA_FORM = 'sha=${{ github.event.pull_request.head.sha || github.sha }}';

const EMPTY_VALUE =
  'a value after "=": an empty value usually means the expression is empty on this event ' +
  `(e.g. \`github.event.pull_request.head.sha\` on push); use a form that is set on every event, e.g. \`${SAFE_SHA_FORM}\``;

const SEVERAL_PAIRS =
  'one pair per line: this line holds several (a value may not hold a comma, semicolon or space followed by `key=`); ' +
  'put each pair on its own line, in a YAML `|` block (a `>` block folds the lines into one)';

/**
 * A second `key=` inside a value: a separator (comma, semicolon or whitespace), then a key that starts with a letter
 * or `_` and goes on with letters, digits, `_`, `.` or `-`, then `=`. So `sha=a, workflow=pr` and `sha=a workflow=pr`
 * (a YAML `>` block) are caught, while `query=a=b`, `url=https://x/?a=b&c=d` and `cmd=run --flag=1` are values.
 */
const SECOND_PAIR = /[,;\s][A-Za-z_][\w.-]*=/;

/**
 * `key=value` pairs, one per line, for `metadata` and `baseline-metadata`. Each line is trimmed and empty lines are
 * skipped; a line without a key, a key given twice, an empty value and a line holding several pairs are problems
 * of `input`. An empty value is refused because it is almost always an expression that is empty on this event, and
 * a run tagged `sha=""` would then match every later job whose expression is empty too.
 */
export function parseMetadata(raw: string, input: string, problem: Report): Record<string, string> {
  // No prototype: keys such as `constructor` or `__proto__` are plain keys here.
  const pairs = Object.create(null) as Record<string, string>;
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const key = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    const value = trimmed.slice(eq + 1).trim();
    if (!key) problem(input, trimmed, 'one key=value pair per line, e.g. `branch=main`');
    else if (Object.hasOwn(pairs, key)) problem(input, trimmed, `each key once; "${key}" is given twice`);
    else if (!value) problem(input, trimmed, EMPTY_VALUE);
    else if (SECOND_PAIR.test(value)) problem(input, trimmed, SEVERAL_PAIRS);
    else pairs[key] = value;
  }
  return pairs;
}
