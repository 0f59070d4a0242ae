import { request, type Dispatcher } from 'undici';
import type { Clock, Sleep } from '../core/clock.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import type { ClientStats } from '../core/result.ts';
import { oneLine } from '../safety/one-line.ts';
import { redactorFor, type Redactor } from '../safety/redact.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, withRetries, type RetryPolicy } from './retry.ts';
import { AbortedError, ApiHttpError, ApiNetworkError, ApiProtocolError, DeadlineExceededError } from './errors.ts';
import { parseRun, parseRunList, type EvalRun, type RunList, type RunStatus } from './models.ts';
import { parseSampleList, type SampleList } from './samples.ts';
import { parseScorePage, type ScorePage } from './score-page.ts';
import { MAX_BODY_BYTES, parseBoundedJson, readBoundedBody } from './body.ts';
import { REDIRECT_STATUSES, redirectTarget } from './redirect.ts';
import { parseSchedule, type EvalSchedule } from './schedule-model.ts';
import { parseSuite, type EvalSuite } from './suite-model.ts';

export type { ClientStats } from '../core/result.ts';

export const DEFAULT_API_URL = 'https://apigw.mka1.com';
export const API_PREFIX = '/api/v1/llm/evals';
const BODY_EXCERPT_CHARS = 200;
const NETWORK_DETAIL_CHARS = 300;
/** An error body is only read for its excerpt. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** One answer as the client saw it, before the endpoint parses it. */
interface RawAnswer {
  status: number;
  json: unknown;
  etag: string | undefined;
}

export interface EvalsClientOptions {
  baseUrl: string;
  apiKey: string;
  onBehalfOf?: string;
  userAgent: string;
  dispatcher: Dispatcher;
  /** Budget for one attempt: connect, headers and body together. */
  requestTimeoutMs: number;
  /** Absolute clock time; no request runs past it. */
  deadline: number;
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  logger?: Logger;
  /** Other secrets (the GitHub token) to remove from API text, with the key, before any of it is cut short. */
  otherSecrets?: string[];
}

export interface ListRunsParams {
  suiteId: string;
  status?: RunStatus;
  limit?: number;
  after?: string;
}

/** The body of POST /runs: the documented fields, plus whatever else `run-options` passes through. */
export interface CreateRunBody {
  suite_id: string;
  models: string[];
  metadata: Record<string, string>;
  judge_model?: string;
  embedding_model?: string;
  [option: string]: unknown;
}

export interface ListSamplesParams {
  status?: 'queued' | 'running' | 'completed' | 'failed';
  limit?: number;
}

interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** One attempt, no retries: for requests that must not be repeated blindly. */
  once?: boolean;
  /** Fewer attempts than the policy's, for requests that are only a courtesy. */
  maxAttempts?: number;
  /**
   * When the job's signal comes while this request is out, its answer is still waited for this long (real time, like
   * the request budget): for a write whose answer says what it did.
   */
  abortGraceMs?: number;
}

/** After the runner's signal, how long the answer to POST /runs is still waited for: the run it names must be reported. */
export const CREATE_ANSWER_GRACE_MS = 2_000;

/** Typed access to the MKA1 evals endpoints the gate uses. Retries live in withRetries, nowhere else. */
export class EvalsClient {
  readonly stats: ClientStats;
  private readonly options: EvalsClientOptions;
  private readonly baseUrl: string;
  private readonly etags = new Map<string, { etag: string; run: EvalRun }>();
  /** Removes the key from any text that may have come back from the server. */
  readonly redact: Redactor;

  constructor(options: EvalsClientOptions, stats: ClientStats = { requests: 0, retries: 0, notModified: 0 }) {
    this.options = options;
    this.stats = stats;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.redact = redactorFor([options.apiKey, ...(options.otherSecrets ?? [])]);
  }

  /**
   * The same client with another deadline and no abort signal, sharing the request counts:
   * used to cancel a run after the gate itself timed out or was interrupted.
   */
  withDeadline(deadline: number): EvalsClient {
    return new EvalsClient({ ...this.options, deadline, signal: undefined }, this.stats);
  }

  async listRuns(params: ListRunsParams): Promise<RunList> {
    const query = new URLSearchParams({ suite_id: params.suiteId, limit: String(params.limit ?? 100) });
    if (params.status) query.set('status', params.status);
    if (params.after) query.set('after', params.after);
    const endpoint = `GET ${API_PREFIX}/runs`;
    return this.call(endpoint, 'GET', `${API_PREFIX}/runs?${query.toString()}`, {}, (answer) => parseRunList(answer.json, endpoint));
  }

  /** Sends If-None-Match when the API gave an ETag for this run, and reuses the cached run on 304. */
  async getRun(runId: string): Promise<EvalRun> {
    const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}`;
    const endpoint = `GET ${API_PREFIX}/runs/${runId}`;
    const cached = this.etags.get(runId);
    return this.call(endpoint, 'GET', path, { headers: cached ? { 'if-none-match': cached.etag } : {} }, (answer) => {
      if (answer.status === 304 && cached) {
        this.stats.notModified++;
        return cached.run;
      }
      const run = parseRun(answer.json, endpoint);
      if (run.id !== runId) throw new ApiProtocolError(endpoint, `asked for run "${runId}" but got "${run.id}"`);
      if (answer.etag) this.etags.set(runId, { etag: answer.etag, run });
      return run;
    });
  }

  async getSchedule(scheduleId: string): Promise<EvalSchedule> {
    const endpoint = `GET ${API_PREFIX}/schedules/${scheduleId}`;
    return this.call(endpoint, 'GET', `${API_PREFIX}/schedules/${encodeURIComponent(scheduleId)}`, {}, (answer) => {
      const schedule = parseSchedule(answer.json, endpoint);
      if (schedule.id !== scheduleId) throw new ApiProtocolError(endpoint, `asked for schedule "${scheduleId}" but got "${schedule.id}"`);
      return schedule;
    });
  }

  /**
   * Reads one suite, once (no retries): the gate asks only to tell an unknown suite (404) from one that has no run yet,
   * and a failed attempt just leaves that question open.
   */
  async getSuite(suiteId: string): Promise<EvalSuite> {
    const endpoint = `GET ${API_PREFIX}/suites/${suiteId}`;
    return this.call(endpoint, 'GET', `${API_PREFIX}/suites/${encodeURIComponent(suiteId)}`, { once: true }, (answer) => {
      const suite = parseSuite(answer.json, endpoint);
      if (suite.id !== suiteId) throw new ApiProtocolError(endpoint, `asked for suite "${suiteId}" but got "${suite.id}"`);
      return suite;
    });
  }

  async cancelRun(runId: string): Promise<EvalRun> {
    const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/cancel`;
    const endpoint = `POST ${API_PREFIX}/runs/${runId}/cancel`;
    return this.call(endpoint, 'POST', path, {}, (answer) => parseRun(answer.json, endpoint));
  }

  /**
   * Starts a run. One attempt only: after a failure the caller must find out whether the run was
   * created before asking again, or one retry could start two runs.
   */
  async createRun(body: CreateRunBody): Promise<EvalRun> {
    const endpoint = `POST ${API_PREFIX}/runs`;
    const options = { body, once: true, abortGraceMs: CREATE_ANSWER_GRACE_MS };
    return this.call(endpoint, 'POST', `${API_PREFIX}/runs`, options, (answer) => parseRun(answer.json, endpoint));
  }

  /** Asks MKA1 to rerun the run's failed samples. One attempt only: the caller re-reads the run before asking again. */
  async rerunFailed(runId: string): Promise<EvalRun> {
    const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/rerun-failed`;
    const endpoint = `POST ${API_PREFIX}/runs/${runId}/rerun-failed`;
    return this.call(endpoint, 'POST', path, { once: true }, (answer) => {
      const run = parseRun(answer.json, endpoint);
      if (run.id !== runId) throw new ApiProtocolError(endpoint, `asked to rerun run "${runId}" but got "${run.id}"`);
      return run;
    });
  }

  /** One page of a run's samples (the gate reads one page: it shows a bounded excerpt, not every sample). */
  async listSamples(runId: string, params: ListSamplesParams): Promise<SampleList> {
    const query = new URLSearchParams({ limit: String(params.limit ?? 100) });
    if (params.status) query.set('status', params.status);
    const endpoint = `GET ${API_PREFIX}/runs/${runId}/samples`;
    const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/samples?${query.toString()}`;
    // Evidence for the summary, not the verdict: one retry at most.
    return this.call(endpoint, 'GET', path, { maxAttempts: 2 }, (answer) => parseSampleList(answer.json, endpoint));
  }

  /**
   * One page of a run's completed samples for the statistics (issue 16), reduced to the scores of `metricIds`.
   * Unlike the failed-samples excerpt these may decide a verdict: every retry of the gate's policy, within its deadline.
   */
  async listScorePage(runId: string, params: { limit: number; after?: string; metricIds: ReadonlySet<string> }): Promise<ScorePage> {
    const query = new URLSearchParams({ status: 'completed', limit: String(params.limit) });
    if (params.after) query.set('after', params.after);
    const endpoint = `GET ${API_PREFIX}/runs/${runId}/samples`;
    const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/samples?${query.toString()}`;
    return this.call(endpoint, 'GET', path, {}, (answer) =>
      parseScorePage(answer.json, endpoint, { runId, limit: params.limit, metricIds: params.metricIds }),
    );
  }

  /**
   * One call: attempts (with retries unless `once`), each parsed by `parse` inside the retry loop,
   * so an unusable 2xx answer is retried like a 5xx.
   */
  private call<T>(
    endpoint: string,
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions,
    parse: (answer: RawAnswer) => T,
  ): Promise<T> {
    const { clock, sleep, deadline, signal } = this.options;
    const once = async () => {
      const answer = await this.attempt(endpoint, method, path, options);
      // An answer that took until the deadline to read is not worth the CPU to parse: the gate must end now.
      if (clock.now() >= deadline) throw new DeadlineExceededError(endpoint, 'the timeout was reached while reading the answer');
      return parse(answer);
    };
    if (options.once) return once();
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    return withRetries(endpoint, once, {
      policy: options.maxAttempts ? { ...policy, maxAttempts: Math.min(policy.maxAttempts, options.maxAttempts) } : policy,
      clock,
      sleep,
      random: this.options.random ?? Math.random,
      deadline,
      signal,
      onRetry: ({ attempt, delayMs, error }) => {
        this.stats.retries++;
        (this.options.logger ?? silentLogger).info(`${this.redact(error.message)}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)}s`);
      },
    });
  }

  private async attempt(endpoint: string, method: 'GET' | 'POST', path: string, options: CallOptions): Promise<RawAnswer> {
    const { clock, deadline, signal, requestTimeoutMs } = this.options;
    if (signal?.aborted) throw new AbortedError(endpoint, String(signal.reason ?? 'aborted'));
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new DeadlineExceededError(endpoint, 'the timeout was reached before the request could start');
    const budget = Math.min(requestTimeoutMs, remaining);
    const timeout = AbortSignal.timeout(budget);
    const stop = signal && options.abortGraceMs ? delayedAbort(signal, options.abortGraceMs) : { signal, dispose: () => {} };
    const combined = stop.signal ? AbortSignal.any([stop.signal, timeout]) : timeout;
    const body = options.body;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.options.apiKey}`,
      'user-agent': this.options.userAgent,
      ...options.headers,
    };
    if (this.options.onBehalfOf) headers['x-on-behalf-of'] = this.options.onBehalfOf;
    if (method === 'POST') headers['content-type'] = 'application/json';

    this.stats.requests++;
    try {
      const response = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
        dispatcher: this.options.dispatcher,
        signal: combined,
        headersTimeout: budget,
        bodyTimeout: budget,
      });
      const etagHeader = response.headers.etag;
      const etag = typeof etagHeader === 'string' ? etagHeader : undefined;
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      const read = await readBoundedBody(response.body, ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES);
      if (response.statusCode === 304) return { status: 304, json: undefined, etag };
      if (!ok) {
        const retryAfter = response.headers['retry-after'];
        throw new ApiHttpError({
          endpoint,
          status: response.statusCode,
          bodyExcerpt: read.ok ? this.excerpt(read.text) : '(body too large to show)',
          retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined, Date.now()),
          redirect: REDIRECT_STATUSES.has(response.statusCode)
            ? redirectTarget(response.headers.location, `${this.baseUrl}${path}`, this.redact)
            : undefined,
        });
      }
      if (!read.ok) throw new ApiProtocolError(endpoint, `body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, refused`);
      const parsed = parseBoundedJson(read.text);
      if (!parsed.ok) {
        const excerpt = parsed.problem === 'body is not JSON' ? `: ${this.excerpt(read.text) || '(empty)'}` : '';
        throw new ApiProtocolError(endpoint, `${parsed.problem}${excerpt}`);
      }
      return { status: response.statusCode, json: parsed.value, etag };
    } catch (error) {
      if (error instanceof ApiHttpError || error instanceof ApiProtocolError) throw error;
      if (signal?.aborted) throw new AbortedError(endpoint, String(signal.reason ?? 'aborted'));
      // undici's own headers/body timers run on the same budget as `timeout` and may fire a moment before it:
      // either way the budget ran out, and the deadline decides what that means (not which timer won the race).
      if (timeout.aborted || isBudgetTimeout(error)) {
        if (budget >= remaining) {
          throw new DeadlineExceededError(endpoint, 'the timeout was reached while waiting for the answer');
        }
        throw new ApiNetworkError(endpoint, 'REQUEST_TIMEOUT', `no complete answer within ${budget}ms`, { cause: error });
      }
      const code = (error as { code?: string }).code ?? 'NETWORK_ERROR';
      // One line: OpenSSL's messages end with a line break, which would show as ⏎ in the log.
      const detail = oneLine(error instanceof Error ? error.message : String(error), {
        redact: this.redact,
        flatten: 'all-whitespace',
        trim: true,
        maxChars: NETWORK_DETAIL_CHARS,
      });
      throw new ApiNetworkError(endpoint, code, detail, { cause: error, proxyStatus: proxyTunnelStatus(error) });
    } finally {
      stop.dispose();
    }
  }

  private excerpt(text: string): string {
    return oneLine(text, { redact: this.redact, flatten: 'all-whitespace', trim: true, maxChars: BODY_EXCERPT_CHARS });
  }
}

/** A signal that aborts `graceMs` after `signal` does (a real timer, like the request budget's), and its clean-up. */
function delayedAbort(signal: AbortSignal, graceMs: number): { signal: AbortSignal; dispose: () => void } {
  const late = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    timer = setTimeout(() => late.abort(signal.reason), graceMs);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: late.signal,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    },
  };
}

/** The status a proxy answered to CONNECT, when undici says that is why the tunnel failed. */
function proxyTunnelStatus(error: unknown): number | undefined {
  const match = error instanceof Error ? /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/.exec(error.message) : null;
  return match ? Number(match[1]) : undefined;
}

/** undici's headers and body timeouts, set to the request's budget: the budget ran out, like `timeout` aborting. */
function isBudgetTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}
