/**
 * What a failed request means for a reconcile. It fails only on a configuration error (401/403 from either API, or
 * an api-url that redirects or fails TLS); it stops early, leaving every status it has not reached pending for the
 * next reconcile, when time, the job or GitHub's rate limit runs out; any other failure only skips the pull request
 * at hand.
 */
import { AbortedError, ApiError, ApiHttpError, DeadlineExceededError, RetryAfterDeadlineError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import { GitHubError, type GitHubErrorKind } from '../github/errors.ts';

export type FailureEffect = 'configuration' | 'stop' | 'skip';

/** Thrown to end the reconcile: a configuration error, or no time (or rate limit) left for more requests. */
export class ReconcileStop extends Error {
  override readonly name = 'ReconcileStop';
  readonly effect: Exclude<FailureEffect, 'skip'>;
  constructor(effect: Exclude<FailureEffect, 'skip'>, message: string) {
    super(message);
    this.effect = effect;
  }
}

/** The effect of an error from either client; undefined for anything else (a bug, rethrown). */
export function effectOf(error: unknown): FailureEffect | undefined {
  if (error instanceof GitHubError) return effectOfGitHub(error.kind);
  if (error instanceof ApiError) {
    if (error instanceof ApiHttpError && (error.status === 401 || error.status === 403)) return 'configuration';
    // A redirect, plain http behind https, an untrusted certificate, a host that does not resolve (issue 14): the
    // api-url or trust store is wrong for every pull request, not this run's answer (a 404 for one run stays a skip).
    if (outcomeOfApiError(error) === 'fail' && !isClientRefusal(error)) return 'configuration';
    if (error instanceof DeadlineExceededError || error instanceof AbortedError || error instanceof RetryAfterDeadlineError) return 'stop';
    return 'skip';
  }
  return undefined;
}

/** A final 4xx answer about one request (404: no such run for this key), as opposed to the API's address being wrong. */
function isClientRefusal(error: ApiError): boolean {
  return error instanceof ApiHttpError && error.status >= 400 && error.status < 500;
}

/** A GitHub failure by its kind: 401/403 are the token's or the workflow's permissions; a rate limit or the deadline ends the reconcile. */
export function effectOfGitHub(kind: GitHubErrorKind): FailureEffect {
  if (kind === 'auth') return 'configuration';
  return kind === 'rate-limited' || kind === 'deadline' || kind === 'aborted' ? 'stop' : 'skip';
}

/**
 * Runs `work`; a failure that only concerns this pull request becomes `onSkip(message)`, one that ends the
 * reconcile becomes a ReconcileStop. `redact` removes the token and the key from the message.
 */
export async function orSkip<T>(work: () => Promise<T>, onSkip: (message: string) => T, redact: (text: string) => string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const effect = effectOf(error);
    if (effect === undefined) throw error;
    const message = redact((error as Error).message);
    if (effect === 'skip') return onSkip(message);
    throw new ReconcileStop(effect, message);
  }
}
