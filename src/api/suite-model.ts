import { isValidId } from '../core/ids.ts';
import { ApiProtocolError } from './errors.ts';

/** An `eval.suite`, reduced to what the gate reads: that it exists, and its name for the log. */
export interface EvalSuite {
  id: string;
  /** Untrusted text: neutralized by the logger, escaped where shown. Undefined when missing or not text. */
  name: string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an `eval.suite` tolerantly: any extra field, and a missing or odd `name`, are fine. Only a body that is not
 * a suite at all (not an object, no valid id, another `object` type) is an error.
 */
export function parseSuite(value: unknown, endpoint: string): EvalSuite {
  const problem = (what: string) => new ApiProtocolError(endpoint, `suite ${what}`);
  if (!isObject(value)) throw problem('is not a JSON object');
  if (!isValidId(value.id)) throw problem('has no valid "id"');
  if (value.object !== undefined && value.object !== 'eval.suite') throw problem(`"${value.id}" is not an eval.suite object`);
  return { id: value.id, name: typeof value.name === 'string' && value.name !== '' ? value.name : undefined };
}
