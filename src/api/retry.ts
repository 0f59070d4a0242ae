import {
  ApiHttpError,
  ApiNetworkError,
  ApiProtocolError,
  DeadlineExceededError,
  RetryAfterDeadlineError,
  type ApiError,
} from './errors.ts';
import type { Clock, Sleep } from '../core/clock.ts';
import { REDIRECT_STATUSES } from './redirect.ts';
import type { Outcome } from '../core/result.ts';

import { backoffDelay, type RetryPolicy } from '../core/retry-timing.ts';

export { backoffDelay, parseRetryAfter, type RetryPolicy } from '../core/retry-timing.ts';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 };

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Network failures that another attempt may not meet. Anything else (a malformed header,
 * a certificate the runner does not trust) would fail the same way every time.
 */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // The proxy tore the connection down before the tunnel was up: like a reset, the next attempt may get through.
  'UND_ERR_PRX_CONN',
  'REQUEST_TIMEOUT',
]);

/**
 * Network failures that say `api-url` or the runner's trust store is wrong: no retry and no wait can fix them, so
 * they fail the gate at once (whatever `on-inconclusive` says), like a 401. Connection refused is not among them: a
 * server that is down may come back.
 */
export const CONFIGURATION_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  // Plain http behind an https:// api-url (OpenSSL's "wrong version number"; Node names it with or without ERR_SSL_).
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  // A certificate the runner does not trust: self-signed, or from a CA it does not know (NODE_EXTRA_CA_CERTS fixes it).
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  // A certificate for another host, or outside its dates.
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

export type RetryDecision = { retry: false } | { retry: true; retryAfterMs: number | undefined };

/** The single place that decides which failures are worth another attempt. */
export function classifyFailure(error: unknown): RetryDecision {
  if (error instanceof ApiHttpError) {
    return RETRYABLE_STATUSES.has(error.status) ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false };
  }
  if (error instanceof ApiNetworkError && TRANSIENT_NETWORK_CODES.has(error.code)) return { retry: true, retryAfterMs: undefined };
  // A proxy that answered CONNECT with a 5xx (or 408, 429) is briefly unavailable, like the API answering so; a 407 is not.
  if (error instanceof ApiNetworkError && error.proxyStatus !== undefined) {
    return RETRYABLE_STATUSES.has(error.proxyStatus) ? { retry: true, retryAfterMs: undefined } : { retry: false };
  }
  // A 2xx the gate cannot use (an HTML page from a proxy, a half-deployed API) is no answer at all:
  // retried like a 5xx, so one bad page never decides a gate.
  if (error instanceof ApiProtocolError) return { retry: true, retryAfterMs: undefined };
  return { retry: false };
}

/** A failure that another poll, a little later, may not meet: polling loops keep going through it. */
export function isTransientFailure(error: unknown): boolean {
  return classifyFailure(error).retry;
}

export interface RetryContext {
  policy: RetryPolicy;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  /** Absolute clock time after which no attempt starts. */
  deadline: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: Error }) => void;
}

/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the
 * next attempt would start past the deadline. Only the server can end the gate from here: a
 * Retry-After longer than the time left throws RetryAfterDeadlineError at once. When the
 * client's own backoff would cross the deadline, the last (transient) error is thrown as is:
 * a missed poll, and the poll loop still makes its final check at the deadline.
 */
export async function withRetries<T>(endpoint: string, operation: () => Promise<T>, context: RetryContext): Promise<T> {
  const { policy, clock, sleep, random, deadline, signal } = context;
  let previous: Error | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      // The deadline cut a retry short: say what the earlier attempts met, the real problem.
      if (error instanceof DeadlineExceededError && previous && !error.lastError) {
        throw new DeadlineExceededError(endpoint, 'the timeout was reached while retrying', previous);
      }
      previous = error;
      const decision = classifyFailure(error);
      if (!decision.retry || attempt + 1 >= policy.maxAttempts || signal?.aborted) throw error;
      const remaining = deadline - clock.now();
      if (decision.retryAfterMs !== undefined && decision.retryAfterMs >= remaining) {
        throw new RetryAfterDeadlineError(
          endpoint,
          `gave up after ${attempt + 1} attempt(s): the API asked to retry in ${Math.ceil(decision.retryAfterMs / 1000)}s, past the deadline (${Math.max(0, Math.floor(remaining / 1000))}s left)`,
          error,
        );
      }
      const delayMs = decision.retryAfterMs ?? backoffDelay(policy, attempt, random);
      if (delayMs >= remaining) throw error;
      context.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/**
 * Final client errors (bad key, missing scope, wrong id) mean the gate is misconfigured:
 * they fail, whatever `on-inconclusive` says. Everything else means the gate could not tell.
 */
export function outcomeOfApiError(error: ApiError): Outcome {
  if (error instanceof ApiHttpError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
    return 'fail';
  }
  // A redirect means `api-url` is not the API's own address: the gate does not follow it.
  if (error instanceof ApiHttpError && REDIRECT_STATUSES.has(error.status)) return 'fail';
  // A host that does not exist, plain http behind https, a certificate that is untrusted, expired or for another
  // host: a wrong api-url or trust store, not an outage.
  if (error instanceof ApiNetworkError && CONFIGURATION_NETWORK_CODES.has(error.code)) return 'fail';
  return 'inconclusive';
}
