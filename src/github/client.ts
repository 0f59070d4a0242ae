/**
 * One GitHub REST call at a time over undici, with the gate's rules: every attempt ends by the deadline (and
 * the request timeout) or when the job is cancelled; transient failures are retried with backoff while time
 * is left; a rate limit is waited out only when the wait is short and ends before the deadline, otherwise it is
 * reported (GitHubRateLimitError) so the caller can leave its work for later. Answers are read with a size
 * limit, and any text from them is redacted, put on one line and cut before it reaches a message.
 */
import { request, type Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../core/log.ts';
import { readBoundedBody } from '../safety/bounded-body.ts';
import { neutralize } from '../safety/neutralize.ts';
import { oneLine } from '../safety/one-line.ts';
import { redactorFor, type Redactor } from '../safety/redact.ts';
import {
  GitHubAbortedError,
  GitHubAuthError,
  GitHubDeadlineError,
  GitHubError,
  GitHubTransientError,
  GitHubUnusableAnswerError,
  classifyFailure,
  isRetryable,
  rateLimitError,
  type GitHubOperation,
} from './errors.ts';
import { readRateLimit, type Headers, type RateLimitHold, type RateLimitState } from './rate-limit.ts';
import { hasNextPage } from './link.ts';
import type { Clock, Sleep } from '../core/clock.ts';
import { backoffDelay, type RetryPolicy } from '../core/retry-timing.ts';

export type { Clock, Sleep } from '../core/clock.ts';
export type { RetryPolicy } from '../core/retry-timing.ts';

export const DEFAULT_GITHUB_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 };
/** A rate limit longer than this is reported, not waited out: a runner waiting is what detached mode avoids. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Rate-limit waits per call; a limit that refuses again after its own reset is reported. */
const MAX_RATE_LIMIT_WAITS = 2;
/** Time the request itself needs once a rate-limit wait is over. */
const REQUEST_ROOM_MS = 1_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MESSAGE_CHARS = 300;

export interface GitHubClientOptions {
  /** GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server). */
  apiUrl: string;
  token: string;
  userAgent: string;
  dispatcher: Dispatcher;
  clock: Clock;
  sleep: Sleep;
  /** Absolute clock time: no request runs, and no wait ends, past it. */
  deadline: number;
  /** Budget for one attempt: connect, headers and body together. */
  requestTimeoutMs: number;
  signal?: AbortSignal;
  random?: () => number;
  retry?: RetryPolicy;
  /** Longest rate-limit wait (default 60 s); 0 never waits. */
  maxRateLimitWaitMs?: number;
  logger?: Logger;
  /** Other secrets (the MKA1 key) to remove from GitHub's text, with the token. */
  otherSecrets?: string[];
}

export interface GitHubStats {
  /** Every HTTP attempt, retries included. */
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitedMs: number;
}

export interface GitHubCall {
  operation: GitHubOperation;
  method: 'GET' | 'POST';
  /** Path below the API URL, each segment already encoded (see repoPath). */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface GitHubAnswer {
  status: number;
  /** Parsed JSON: untrusted, for the endpoint's parser. */
  json: unknown;
  /** The Link header announced rel="next" (its URL is never followed: the next page is asked for by number). */
  hasNextPage: boolean;
  rateLimit: RateLimitState;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * `/repos/{owner}/{repo}/...` with every segment percent-encoded, so no value can add a path segment or a query.
 * Empty and dot segments are refused: URL parsing would drop or climb them (`%2e%2e` included).
 */
export function repoPath(repo: RepoRef, ...segments: string[]): string {
  const all = ['repos', repo.owner, repo.repo, ...segments];
  const bad = all.find((s) => s === '' || s === '.' || s === '..');
  if (bad !== undefined) throw new RangeError(`not a usable path segment: "${bad}"`);
  return `/${all.map((s) => encodeURIComponent(s)).join('/')}`;
}

/** GITHUB_REPOSITORY (`owner/name`) as GitHub allows the two names; undefined for anything else. */
export function parseRepository(value: string | undefined): RepoRef | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(value ?? '');
  if (!match || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1] as string, repo: match[2] as string };
}

/** GITHUB_API_URL when it is an http(s) URL, else GitHub.com's API. */
export function githubApiUrl(env: Record<string, string | undefined>): string {
  const value = env.GITHUB_API_URL?.trim();
  if (value && /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(value)) return value.replace(/\/+$/, '');
  return 'https://api.github.com';
}

type Attempt = { kind: 'answer'; answer: GitHubAnswer } | { kind: 'limited'; status: number; hold: RateLimitHold };

export class GitHubClient {
  readonly stats: GitHubStats;
  /** Removes the token (and the other secrets) from any text that came back from GitHub. */
  readonly redact: Redactor;
  /** The rate-limit headers of the last answer, for the summary. */
  lastRateLimit: RateLimitState | undefined;
  private readonly options: GitHubClientOptions;
  private readonly baseUrl: string;

  constructor(options: GitHubClientOptions, stats: GitHubStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitedMs: 0 }) {
    this.options = options;
    this.stats = stats;
    this.baseUrl = options.apiUrl.replace(/\/+$/, '');
    this.redact = redactorFor([options.token, ...(options.otherSecrets ?? [])]);
  }

  /** The same client with another deadline, sharing the counts. */
  withDeadline(deadline: number): GitHubClient {
    return new GitHubClient({ ...this.options, deadline }, this.stats);
  }

  /** One call: attempts with retries and rate-limit waits, all within the deadline. */
  async call(call: GitHubCall): Promise<GitHubAnswer> {
    const endpoint = `${call.method} ${call.path}`;
    if (!this.options.token) {
      throw new GitHubAuthError(endpoint, undefined, `${endpoint} was not sent: no GitHub token. Check \`github-token\``);
    }
    const policy = this.options.retry ?? DEFAULT_GITHUB_RETRY;
    let failures = 0;
    let waits = 0;
    for (;;) {
      let attempt: Attempt;
      try {
        attempt = await this.attempt(call, endpoint);
      } catch (error) {
        failures++;
        await this.backOffOrThrow(error, failures, policy);
        continue;
      }
      if (attempt.kind === 'answer') return attempt.answer;
      waits++;
      await this.waitOutOrThrow(endpoint, attempt, waits);
    }
  }

  private async backOffOrThrow(error: unknown, failures: number, policy: RetryPolicy): Promise<void> {
    const { clock, sleep, deadline, signal } = this.options;
    if (!isRetryable(error) || failures >= policy.maxAttempts || signal?.aborted) throw error;
    const delayMs = backoffDelay(policy, failures - 1, this.options.random ?? Math.random);
    if (clock.now() + delayMs >= deadline) throw error;
    this.stats.retries++;
    this.logger().info(`${(error as GitHubError).message}; retry ${failures} in ${(delayMs / 1000).toFixed(1)}s`);
    await sleep(delayMs, signal);
  }

  /** Waits until GitHub accepts requests again, when that is soon enough and before the deadline; else throws. */
  private async waitOutOrThrow(endpoint: string, limited: { status: number; hold: RateLimitHold }, waits: number): Promise<void> {
    const { clock, sleep, deadline, signal } = this.options;
    const now = clock.now();
    const waitMs = Math.max(0, limited.hold.retryAtMs - now);
    const maxWait = this.options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    const refuse = (why: string) => rateLimitError(endpoint, limited.status, limited.hold, now, why);
    if (waits > MAX_RATE_LIMIT_WAITS) throw refuse(`still limited after ${MAX_RATE_LIMIT_WAITS} waits`);
    if (waitMs > maxWait) throw refuse(`longer than the ${Math.round(maxWait / 1000)}s the gate waits for it`);
    if (limited.hold.retryAtMs + REQUEST_ROOM_MS > deadline) throw refuse('it ends after the deadline');
    this.stats.rateLimitWaits++;
    this.stats.rateLimitWaitedMs += waitMs;
    this.logger().info(`${endpoint}: GitHub's ${limited.hold.kind} rate limit; waiting ${Math.ceil(waitMs / 1000)}s`);
    await sleep(waitMs, signal);
    if (signal?.aborted)
      throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
  }

  private async attempt(call: GitHubCall, endpoint: string): Promise<Attempt> {
    const { clock, deadline, signal, requestTimeoutMs } = this.options;
    if (signal?.aborted)
      throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
    const remaining = deadline - clock.now();
    if (remaining <= 0)
      throw new GitHubDeadlineError(endpoint, undefined, `${endpoint}: the timeout was reached before the request could start`);
    const budget = Math.min(requestTimeoutMs, remaining);
    const timeout = AbortSignal.timeout(budget);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    this.stats.requests++;
    try {
      return await this.exchange(call, endpoint, combined, budget);
    } catch (error) {
      if (error instanceof GitHubError) throw error;
      if (signal?.aborted)
        throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
      if (timeout.aborted) {
        if (budget >= remaining)
          throw new GitHubDeadlineError(endpoint, undefined, `${endpoint}: the timeout was reached while waiting for the answer`);
        throw new GitHubTransientError(endpoint, undefined, `${endpoint} failed: no complete answer within ${budget}ms`);
      }
      const code = (error as { code?: string }).code ?? 'NETWORK_ERROR';
      const detail = this.safeText(error instanceof Error ? error.message : String(error));
      throw new GitHubTransientError(endpoint, undefined, `${endpoint} failed: ${code} (${detail})`, { cause: error });
    }
  }

  private async exchange(call: GitHubCall, endpoint: string, signal: AbortSignal, budget: number): Promise<Attempt> {
    const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'user-agent': this.options.userAgent,
      'x-github-api-version': '2022-11-28',
    };
    if (call.method === 'POST') headers['content-type'] = 'application/json';
    const response = await request(`${this.baseUrl}${call.path}${query}`, {
      method: call.method,
      headers,
      body: call.method === 'POST' ? JSON.stringify(call.body ?? {}) : undefined,
      dispatcher: this.options.dispatcher,
      signal,
      headersTimeout: budget,
      bodyTimeout: budget,
    });
    const status = response.statusCode;
    const ok = status >= 200 && status < 300;
    const responseHeaders: Headers = response.headers;
    const rateLimit = readRateLimit(responseHeaders);
    this.lastRateLimit = rateLimit;
    const read = await readBoundedBody(response.body, ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES);
    const text = read.ok ? read.text : undefined;
    if (!ok) return this.failed(call, endpoint, status, responseHeaders, text);
    if (text === undefined) throw new GitHubUnusableAnswerError(endpoint, `body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, refused`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GitHubUnusableAnswerError(endpoint, `body is not JSON: ${this.safeText(text) || '(empty)'}`);
    }
    const link = responseHeaders.link;
    return { kind: 'answer', answer: { status, json, hasNextPage: hasNextPage(Array.isArray(link) ? link.join(', ') : link), rateLimit } };
  }

  private failed(call: GitHubCall, endpoint: string, status: number, headers: Headers, text: string | undefined): Attempt {
    const message = text === undefined ? '(body too large to show)' : this.safeText(githubMessage(text));
    const classified = classifyFailure({ endpoint, status, headers, message, operation: call.operation, nowMs: this.options.clock.now() });
    if (classified.kind === 'rate-limit') return { kind: 'limited', status, hold: classified.hold };
    throw classified.error;
  }

  /** Untrusted text made fit for a message: the one-line helper (redact, flatten, cut), then no workflow command. */
  private safeText(text: string): string {
    return neutralize(oneLine(text, { redact: this.redact, flatten: 'all-whitespace', trim: true, maxChars: MESSAGE_CHARS }));
  }

  private logger(): Logger {
    return this.options.logger ?? silentLogger;
  }
}

/** GitHub's error message and the messages of its `errors` list; the raw text when it is not GitHub's JSON. */
function githubMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const parts = typeof body.message === 'string' ? [body.message] : [];
    if (Array.isArray(body.errors)) {
      for (const item of body.errors.slice(0, 5)) {
        const message = (item as { message?: unknown } | null)?.message;
        if (typeof message === 'string') parts.push(message);
      }
    }
    return parts.length > 0 ? parts.join(' — ') : text;
  } catch {
    return text;
  }
}
