import { REDIRECT_STATUSES, type RedirectTarget } from './redirect.ts';

/** Base of every failure that talks to MKA1. `endpoint` is `METHOD /path`, never a full URL with secrets. */
export abstract class ApiError extends Error {
  readonly endpoint: string;
  constructor(endpoint: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.endpoint = endpoint;
  }
}

/** The server answered with a non-2xx status. */
export class ApiHttpError extends ApiError {
  override readonly name = 'ApiHttpError';
  readonly status: number;
  readonly bodyExcerpt: string;
  /** Delay the server asked for (Retry-After), already converted to milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Where a redirect points (already stripped of user info, query and fragment, and redacted). */
  readonly redirect: RedirectTarget | undefined;

  constructor(args: { endpoint: string; status: number; bodyExcerpt: string; retryAfterMs?: number; redirect?: RedirectTarget }) {
    // A redirect's body is a page for browsers: where it points is what matters.
    const excerpt = args.bodyExcerpt && !REDIRECT_STATUSES.has(args.status) ? `: ${args.bodyExcerpt}` : '';
    const hint = REDIRECT_STATUSES.has(args.status) ? redirectHint(args.redirect) : hintFor(args.status, args.endpoint);
    super(args.endpoint, `${args.endpoint} answered HTTP ${args.status}${excerpt}${hint ? `. ${hint}` : ''}`);
    this.status = args.status;
    this.bodyExcerpt = args.bodyExcerpt;
    this.retryAfterMs = args.retryAfterMs;
    this.redirect = args.redirect;
  }
}

/** No usable answer: refused, reset, DNS, TLS, a proxy that refused the tunnel, or a per-request timeout. */
export class ApiNetworkError extends ApiError {
  override readonly name = 'ApiNetworkError';
  readonly code: string;
  /** The HTTP status a proxy answered to CONNECT, when that is why the request failed. */
  readonly proxyStatus: number | undefined;
  constructor(endpoint: string, code: string, detail: string, options?: ErrorOptions & { proxyStatus?: number }) {
    const hint = networkHintFor(code);
    super(endpoint, `${endpoint} failed: ${code} (${detail})${hint ? `. ${hint}` : ''}`, options);
    this.code = code;
    this.proxyStatus = options?.proxyStatus;
  }
}

/**
 * What to do about a network failure that retrying cannot fix, by Node's error code. Each names the likely mistake
 * in `api-url` or the runner's trust store; only an unknown issuer is fixed by adding a CA.
 */
export function networkHintFor(code: string): string {
  if (/^(ERR_SSL_)?WRONG_VERSION_NUMBER$/.test(code) || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return 'The server did not answer in TLS: is it plain http behind an https:// `api-url` (or the wrong port)? Check `api-url`';
  }
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG/.test(code)) {
    return 'The server certificate is not trusted (self-signed or from an unknown CA): for a private CA, set NODE_EXTRA_CA_CERTS to its PEM file in the job env';
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return 'The server certificate is for another host: check the host name in `api-url` (a proxy or load balancer may answer for another name)';
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return "The server certificate is outside its validity dates: the server's operator must renew it (or check the runner's clock), or `api-url` names the wrong server";
  }
  if (code === 'ENOTFOUND') return 'The host name does not resolve: check `api-url`';
  return '';
}

/** A redirect is a configuration mistake: `api-url` is an old or outer address of the API. */
function redirectHint(redirect: RedirectTarget | undefined): string {
  const where = redirect ? ` to ${redirect.shown}` : ' (without a Location)';
  const fix = redirect?.apiUrl ? `set \`api-url\` to ${redirect.apiUrl}` : "set `api-url` to the API's own address";
  return `\`api-url\` answers with a redirect${where}; the gate does not follow redirects (the key would go along): ${fix}`;
}

/** The server answered 2xx with something the gate cannot trust: not JSON, missing fields, a cursor loop. */
export class ApiProtocolError extends ApiError {
  override readonly name = 'ApiProtocolError';
  constructor(endpoint: string, detail: string) {
    super(endpoint, `${endpoint} returned an unusable response: ${detail}`);
  }
}

/** The overall `timeout` ran out while a request was pending or before it could start. */
export class DeadlineExceededError extends ApiError {
  override readonly name = 'DeadlineExceededError';
  readonly lastError: Error | undefined;
  constructor(endpoint: string, detail: string, lastError?: Error) {
    super(endpoint, `${endpoint}: ${detail}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    this.lastError = lastError;
  }
}

/**
 * The server asked to be retried later than the deadline allows (Retry-After). Not a timeout:
 * the gate ends at once, inconclusive, and does not cancel the run.
 */
export class RetryAfterDeadlineError extends ApiError {
  override readonly name = 'RetryAfterDeadlineError';
  readonly lastError: Error;
  constructor(endpoint: string, detail: string, lastError: Error) {
    super(endpoint, `${endpoint}: ${detail} (last error: ${lastError.message})`);
    this.lastError = lastError;
  }
}

/** The job was cancelled (SIGINT/SIGTERM) while a request was pending. */
export class AbortedError extends ApiError {
  override readonly name = 'AbortedError';
  constructor(endpoint: string, reason: string) {
    super(endpoint, `${endpoint} interrupted: ${reason}`);
  }
}

/** What to do about a final (non-retryable) status, said where the user will read it. */
function hintFor(status: number, endpoint: string): string {
  switch (status) {
    case 401:
      return /^POST .*\/runs$/.test(endpoint)
        ? 'Check the `api-key` secret: creating runs (`create-run`) needs a valid key with the `write:evals` scope'
        : 'Check the `api-key` secret. Secrets are not passed to workflows triggered from forks, so the key may be empty there';
    case 403:
      return endpoint.startsWith('POST ')
        ? 'The key is valid but may not change runs: `create-run`, `rerun-failed` and `cancel-run-on` need the `write:evals` scope'
        : 'The key is valid but not allowed: it needs the `read:evals` scope (and `write:evals` to create, rerun or cancel runs)';
    case 404:
      if (/\/suites\/[^/]+/.test(endpoint)) {
        return 'The suite does not exist for this key: check `suite-id` and the team context (`on-behalf-of`)';
      }
      if (/\/schedules\/[^/]+/.test(endpoint)) {
        return 'The schedule does not exist for this key: check `schedule-id` and the team context (`on-behalf-of`)';
      }
      return /\/runs\/[^/]+/.test(endpoint)
        ? 'The run does not exist for this key: check the run id (`run-id` or `baseline-run-id`) and the team context (`on-behalf-of`)'
        : 'Check `api-url`: the evals API was not found there';
    case 400:
    case 422:
      return /^POST .*\/runs$/.test(endpoint)
        ? 'The API rejected the new run: check `suite-id`, `models`, `judge-model`, `embedding-model` and `run-options`'
        : 'The API rejected the request as invalid: check `suite-id` and the run ids';
    default:
      return '';
  }
}
