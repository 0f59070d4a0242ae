/**
 * GitHub's REST rate limits, as "Rate limits for the REST API" documents them:
 *
 * - every answer carries `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (epoch seconds) and `-resource`;
 * - over the primary limit GitHub answers 403 or 429 with `x-ratelimit-remaining: 0`, and the client must wait
 *   until `x-ratelimit-reset`;
 * - over a secondary limit it answers 403 or 429 with a message saying so and, usually, `retry-after` (seconds);
 *   without it the client should wait at least a minute.
 *
 * The fake counts requests in an hour-long window (so a small `limit` runs out for real) and can be told to
 * refuse the next N requests with either kind of limit.
 */
export interface RateLimitRefusal {
  /** `primary`: the hourly budget is spent. `secondary`: too many requests too fast (abuse limits). */
  kind: 'primary' | 'secondary';
  /** GitHub uses both; default 403. */
  status?: 403 | 429;
  /** How many of the next requests are refused (default 1). */
  requests?: number;
  /** Primary: seconds until `x-ratelimit-reset` (default 60). */
  resetInSeconds?: number;
  /** Secondary: the `retry-after` header in seconds (default 30); null sends none (the client must wait a minute). */
  retryAfterSeconds?: number | null;
}

export interface RateLimitAdmission {
  /** The rate-limit headers of this answer. */
  headers: Record<string, string>;
  /** Set when the request is refused: the answer to give instead. */
  refusal?: { status: number; body: unknown; headers: Record<string, string> };
}

const DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
const HOUR_SECONDS = 3600;

export class FakeRateLimiter {
  private readonly now: () => number;
  private readonly limit: number;
  private used = 0;
  private resetAt: number;
  private readonly queue: Array<Required<Omit<RateLimitRefusal, 'requests'>> & { left: number }> = [];

  /** `limit`: requests per hour (GITHUB_TOKEN: 1,000 per repository). `now`: milliseconds since the epoch. */
  constructor(now: () => number, limit: number) {
    this.now = now;
    this.limit = limit;
    this.resetAt = this.nowSeconds() + HOUR_SECONDS;
  }

  /** Refuses the next requests as `refusal` says (after any refusals already queued). */
  refuseNext(refusal: RateLimitRefusal): void {
    this.queue.push({
      kind: refusal.kind,
      status: refusal.status ?? 403,
      resetInSeconds: refusal.resetInSeconds ?? 60,
      retryAfterSeconds: refusal.retryAfterSeconds === undefined ? 30 : refusal.retryAfterSeconds,
      left: refusal.requests ?? 1,
    });
  }

  /** Counts one request and says whether it is answered or refused. */
  admit(): RateLimitAdmission {
    const now = this.nowSeconds();
    if (now >= this.resetAt) {
      this.used = 0;
      this.resetAt = now + HOUR_SECONDS;
    }
    const forced = this.queue[0];
    if (forced) {
      forced.left--;
      if (forced.left <= 0) this.queue.shift();
      return forced.kind === 'primary' ? this.primary(forced.status, now + forced.resetInSeconds) : this.secondary(forced);
    }
    if (this.used >= this.limit) return this.primary(403, this.resetAt);
    this.used++;
    return { headers: this.headers(this.limit - this.used, this.resetAt) };
  }

  /** The headers as they stand, without counting a request. */
  current(): Record<string, string> {
    return this.headers(Math.max(0, this.limit - this.used), this.resetAt);
  }

  private primary(status: number, resetAt: number): RateLimitAdmission {
    const headers = this.headers(0, resetAt);
    const body = {
      message: 'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.',
      documentation_url: `${DOCS}#primary-rate-limit`,
      status: String(status),
    };
    return { headers, refusal: { status, body, headers } };
  }

  private secondary(forced: { status: number; retryAfterSeconds: number | null }): RateLimitAdmission {
    const headers = this.headers(Math.max(0, this.limit - this.used), this.resetAt);
    const refusalHeaders = forced.retryAfterSeconds === null ? headers : { ...headers, 'retry-after': String(forced.retryAfterSeconds) };
    const body = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: `${DOCS}#about-secondary-rate-limits`,
      status: String(forced.status),
    };
    return { headers, refusal: { status: forced.status, body, headers: refusalHeaders } };
  }

  private headers(remaining: number, resetAt: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-used': String(this.limit - remaining),
      'x-ratelimit-resource': 'core',
    };
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
