import { ID_FORM, ID_PREFIXES, idKindOf, isValidId, type IdKind } from '../core/ids.ts';
import type { InputScope } from './scope.ts';

/** Where an id of each kind goes, for the hint when it was put in the wrong input. */
const INPUT_FOR: Record<IdKind, string> = {
  run: '`run-id` (or `baseline-run-id`)',
  suite: '`suite-id`',
  schedule: '`schedule-id`',
  'suite-version': 'no input: give the suite id (eval_suite_…) in `suite-id`',
};

/**
 * An id input: empty, or the one id form the API's ids are held to (it goes into URLs and the log). An id with a
 * known prefix of another kind (an `eval_run_…` in `suite-id`) is refused before any request: the API would only
 * answer 404 or an empty listing, and an empty listing is a wait until the timeout. Ids without a known prefix are
 * held to the id form only.
 */
export function idInput({ text, problem }: Pick<InputScope, 'text' | 'problem'>, input: string, kind: IdKind, name: string): string {
  const value = text(input);
  const example = `${name} (e.g. ${prefixOf(kind)}…)`;
  if (!value) return value;
  if (!isValidId(value)) {
    problem(input, value, `${example}: ${ID_FORM}`);
    return value;
  }
  const found = idKindOf(value);
  if (found && found.kind !== kind) {
    problem(input, value, `${example}, not ${found.name} (${found.prefix}…): that goes in ${INPUT_FOR[found.kind]}`);
  }
  return value;
}

function prefixOf(kind: IdKind): string {
  return ID_PREFIXES.find((known) => known.kind === kind)?.prefix ?? '';
}
