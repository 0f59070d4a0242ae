/**
 * Every way a GitHub REST call can fail, as one family of errors with a `kind` the caller switches on:
 *
 * - `auth`: 401, or a 403 that is not a rate limit. A configuration error (token, `permissions:`, fork).
 * - `rate-limited`: 403/429 over the primary or a secondary limit, and the wait did not fit (see client.ts).
 * - `validation`: 422 or 400, or a request the client refused to send (it would have been rejected).
 * - `rejected`: any other final 4xx (404: the repository or commit is not visible to this token).
 * - `transient`: 5xx, 408, network failures and per-request timeouts: another attempt may succeed.
 * - `unusable`: a 2xx whose body the client cannot trust (not JSON, missing fields, another commit's data).
 * - `deadline` / `aborted`: the gate's time ran out, or the job was cancelled.
 *
 * Messages carry GitHub's own message only redacted, on one line and cut short (it is untrusted text).
 */
import { rateLimitHold, type Headers, type RateLimitHold } from './rate-limit.ts';

export type GitHubOperation = 'create-status' | 'read-status' | 'list-pulls';

export type GitHubErrorKind = 'auth' | 'rate-limited' | 'validation' | 'rejected' | 'transient' | 'unusable' | 'deadline' | 'aborted';

export abstract class GitHubError extends Error {
  abstract readonly kind: GitHubErrorKind;
  /** `METHOD /path` of the call, never a full URL. */
  readonly endpoint: string;
  /** The HTTP status, when GitHub answered. */
  readonly status: number | undefined;
  constructor(endpoint: string, status: number | undefined, message: string, options?: ErrorOptions) {
    super(message, options);
    this.endpoint = endpoint;
    this.status = status;
  }
}

export class GitHubAuthError extends GitHubError {
  override readonly name = 'GitHubAuthError';
  readonly kind = 'auth';
}

export class GitHubRateLimitError extends GitHubError {
  override readonly name = 'GitHubRateLimitError';
  readonly kind = 'rate-limited';
  readonly limit: 'primary' | 'secondary';
  /** Clock time (ms since the epoch) from which GitHub accepts requests again. */
  readonly retryAtMs: number;
  constructor(args: { endpoint: string; status: number; limit: 'primary' | 'secondary'; retryAtMs: number; message: string }) {
    super(args.endpoint, args.status, args.message);
    this.limit = args.limit;
    this.retryAtMs = args.retryAtMs;
  }
}

export class GitHubValidationError extends GitHubError {
  override readonly name = 'GitHubValidationError';
  readonly kind = 'validation';
}

export class GitHubRejectedError extends GitHubError {
  override readonly name = 'GitHubRejectedError';
  readonly kind = 'rejected';
}

export class GitHubTransientError extends GitHubError {
  override readonly name = 'GitHubTransientError';
  readonly kind = 'transient';
}

export class GitHubUnusableAnswerError extends GitHubError {
  override readonly name = 'GitHubUnusableAnswerError';
  readonly kind = 'unusable';
  constructor(endpoint: string, detail: string) {
    super(endpoint, undefined, `${endpoint} returned an unusable answer: ${detail}`);
  }
}

export class GitHubDeadlineError extends GitHubError {
  override readonly name = 'GitHubDeadlineError';
  readonly kind = 'deadline';
}

export class GitHubAbortedError extends GitHubError {
  override readonly name = 'GitHubAbortedError';
  readonly kind = 'aborted';
}

/** Failures another attempt may not meet: the client retries these (within the deadline), nothing else. */
export function isRetryable(error: unknown): boolean {
  return error instanceof GitHubError && (error.kind === 'transient' || error.kind === 'unusable');
}

/** What the user can do about a final answer, where they will read it. */
export function hintFor(status: number, operation: GitHubOperation): string {
  if (status === 401) {
    return "The token was refused: check `github-token` (the default, the job's GITHUB_TOKEN, expires when the job ends)";
  }
  if (status === 403) {
    switch (operation) {
      case 'create-status':
        return (
          'The token may not write commit statuses: the job needs `permissions: statuses: write`. ' +
          'On pull requests from forks the token is read-only whatever the workflow asks for: use `mode: wait` there'
        );
      case 'read-status':
        return 'The token may not read commit statuses: the job needs `permissions: statuses: read` (or `write`)';
      case 'list-pulls':
        return 'The token may not list pull requests: the job needs `permissions: pull-requests: read`';
    }
  }
  if (status === 404) return "The repository or commit is not visible to this token: check the repository and the token's access";
  return '';
}

export interface FailedAnswer {
  endpoint: string;
  status: number;
  headers: Headers;
  /** GitHub's message, already made safe (redacted, one line, cut); only searched and quoted. */
  message: string;
  operation: GitHubOperation;
  nowMs: number;
}

/** A failed answer is a rate limit (the client may wait for it) or an error (retryable or final, see isRetryable). */
export type ClassifiedFailure = { kind: 'rate-limit'; hold: RateLimitHold } | { kind: 'error'; error: GitHubError };

/** The one place that decides what a failed GitHub answer means. */
export function classifyFailure(answer: FailedAnswer): ClassifiedFailure {
  const { endpoint, status, message, operation } = answer;
  const hold = rateLimitHold(status, answer.headers, message, answer.nowMs);
  if (hold) return { kind: 'rate-limit', hold };
  const hint = hintFor(status, operation);
  const text = `${endpoint} answered HTTP ${status}${message ? `: ${message}` : ''}${hint ? `. ${hint}` : ''}`;
  if (status === 401 || status === 403) return { kind: 'error', error: new GitHubAuthError(endpoint, status, text) };
  if (status === 400 || status === 422) return { kind: 'error', error: new GitHubValidationError(endpoint, status, text) };
  if (status === 408 || status >= 500) return { kind: 'error', error: new GitHubTransientError(endpoint, status, text) };
  return { kind: 'error', error: new GitHubRejectedError(endpoint, status, text) };
}

/** The rate limit could not be waited out: say which one, until when, and why the client did not wait. */
export function rateLimitError(endpoint: string, status: number, hold: RateLimitHold, nowMs: number, why: string): GitHubRateLimitError {
  const seconds = Math.ceil(Math.max(0, hold.retryAtMs - nowMs) / 1000);
  const until =
    hold.basis === 'retry-after' ? `retry-after ${seconds}s` : hold.basis === 'reset' ? `reset in ${seconds}s` : `at least ${seconds}s`;
  const message = `${endpoint} answered HTTP ${status}: GitHub's ${hold.kind} rate limit (${until}); ${why}`;
  return new GitHubRateLimitError({ endpoint, status, limit: hold.kind, retryAtMs: hold.retryAtMs, message });
}
