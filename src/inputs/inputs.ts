import { DEFAULT_API_URL } from '../api/client.ts';
import type { BaselineSource, FailedRequestsLimit, GateConfig, InconclusivePolicy, RunTarget } from '../core/config.ts';
import { parseDuration } from '../core/duration.ts';
import { oneLine } from '../safety/one-line.ts';
import { parseMaxRegression, parseThresholds } from './criteria.ts';
import { idInput } from './id-input.ts';
import { NO_GITHUB_ENVIRONMENT, type GitHubEnvironment } from './github-environment.ts';
import { noRunCreation, parseModeChoice, parseModeSettings, parseReconcileTarget } from './mode-inputs.ts';
import { parseNoise } from './noise-inputs.ts';
import { parseFollowUp, parseRunCreation } from './run-inputs.ts';
import type { InputReader, InputScope, Report } from './scope.ts';
import { parseMetadata, SAFE_SHA_FORM } from './metadata.ts';
import { parseScheduleTarget } from './schedule-inputs.ts';

export type { InputReader, InputScope, Report } from './scope.ts';
export { parseMetadata } from './metadata.ts';

export interface InputProblem {
  input: string;
  value: string;
  expected: string;
}

export type ParsedInputs = { ok: true; config: GateConfig } | { ok: false; problems: InputProblem[] };

/** `redact` runs before the value is cut short: a secret cut in half would no longer be found. */
export function describeProblem(problem: InputProblem, redact: (text: string) => string = (text) => text): string {
  // Not flattened: JSON.stringify below shows a line break as \n.
  const shown = oneLine(problem.value, { redact, flatten: 'none', maxChars: 80 });
  return `input "${problem.input}": got ${JSON.stringify(shown)}; expected ${problem.expected}`;
}

const DURATION_FORM =
  'a duration: a number with unit ms, s, m or h, or d for days (e.g. 30m, 15s, 500ms, 1h30m), or a bare number of seconds';

/**
 * Checks every input up front and reports all problems at once, each naming the input,
 * the value given and the form expected. One parser per group of inputs. `context` holds the
 * GitHub keys a started run is tagged with (see github-context.ts); `environment` the event and repository that
 * `mode: detach` and `mode: reconcile` need (see github-environment.ts).
 */
export function parseInputs(
  read: InputReader,
  context: Record<string, string> = {},
  environment: GitHubEnvironment = NO_GITHUB_ENVIRONMENT,
): ParsedInputs {
  const problems: InputProblem[] = [];
  const scope: InputScope = {
    read,
    text: (name) => read(name).trim(),
    problem: (input, value, expected) => problems.push({ input, value, expected }),
  };
  const connection = parseConnection(scope);
  const timing = parseTiming(scope);
  const choice = parseModeChoice(scope);
  const target = choice === 'reconcile' ? parseReconcileTarget(scope) : parseTarget(scope);
  const policy = parsePolicy(scope);
  const judging = parseJudging(scope);
  const comment = parseComment(scope);
  const createRun = choice === 'reconcile' ? noRunCreation(context) : parseRunCreation(scope, target, context);
  const followUp = parseFollowUp(scope);
  const mode = parseModeSettings(scope, choice, environment, { target, timeoutMs: timing.timeoutMs, comment });
  const noise = parseNoise(scope);
  if (problems.length > 0) return { ok: false, problems };
  const config: GateConfig = { ...connection, ...timing, target, ...policy, ...judging, comment, createRun, ...followUp, noise };
  return { ok: true, config: mode ? { ...config, mode } : config };
}

function parseConnection({ text, problem }: InputScope): Pick<GateConfig, 'apiKey' | 'apiUrl' | 'onBehalfOf'> {
  const apiKey = text('api-key');
  if (!apiKey)
    problem('api-key', '', 'the MKA1 API key, e.g. `${{ secrets.MKA1_API_KEY }}` (empty: is the secret set, and is this a fork?)');
  // Never echo the key itself, even a malformed one.
  else if (!/^[\x21-\x7e]+$/.test(apiKey))
    problem('api-key', '(hidden)', 'a key of printable ASCII characters without spaces or line breaks');
  const onBehalfOf = text('on-behalf-of');
  if (onBehalfOf && !/^[\x20-\x7e]+$/.test(onBehalfOf)) {
    problem('on-behalf-of', onBehalfOf, 'printable ASCII text on one line (it is sent as the X-On-Behalf-Of header)');
  }
  const apiUrl = text('api-url') || DEFAULT_API_URL;
  const apiUrlProblem = checkApiUrl(apiUrl);
  if (apiUrlProblem) problem('api-url', withoutCredentials(apiUrl), apiUrlProblem);
  return { apiKey, apiUrl, onBehalfOf: onBehalfOf || undefined };
}

/** Reads a duration input within bounds; a bad value is reported and the fallback used. */
export function parseDurationInput({ text, problem }: InputScope, name: string, fallback: string, min: number, max: string): number {
  const raw = text(name) || fallback;
  const ms = parseDuration(raw);
  const maxMs = parseDuration(max) as number;
  if (ms === undefined || ms < min || ms > maxMs) {
    problem(name, raw, `${DURATION_FORM}, from ${min}ms to ${max}`);
    return parseDuration(fallback) as number;
  }
  return ms;
}

type Timing = Pick<GateConfig, 'timeoutMs' | 'pollIntervalMs' | 'maxPollIntervalMs' | 'requestTimeoutMs'>;

function parseTiming(scope: InputScope): Timing {
  const { text, problem } = scope;
  // Upper bounds: a self-hosted job runs at most 5 days, and timers cannot wait longer than ~24 days.
  const timeoutMs = parseDurationInput(scope, 'timeout', '30m', 1, '120h');
  const pollIntervalMs = parseDurationInput(scope, 'poll-interval', '15s', 10, '1h');
  const maxPollIntervalRaw = text('max-poll-interval');
  let maxPollIntervalMs = Math.max(pollIntervalMs, 120_000);
  if (maxPollIntervalRaw) {
    const parsed = parseDuration(maxPollIntervalRaw);
    maxPollIntervalMs = parseDurationInput(scope, 'max-poll-interval', '2m', 10, '6h');
    // Compared only when it was readable: a bad value is reported once, above.
    if (parsed === maxPollIntervalMs && maxPollIntervalMs < pollIntervalMs) {
      problem('max-poll-interval', maxPollIntervalRaw, `a duration no shorter than poll-interval (${text('poll-interval') || '15s'})`);
    }
  }
  const requestTimeoutMs = parseDurationInput(scope, 'request-timeout', '30s', 100, '10m');
  return { timeoutMs, pollIntervalMs, maxPollIntervalMs, requestTimeoutMs };
}

function parseTarget(scope: InputScope): RunTarget {
  const schedule = parseScheduleTarget(scope);
  if (schedule) return schedule;
  const { text, problem } = scope;
  // `*` opts in to "the newest run of the suite, whatever its metadata". Without it an empty
  // `metadata` is an error: an unset variable must not quietly gate some other run.
  const metadataRaw = text('metadata');
  const metadata = metadataRaw === '*' ? {} : parseMetadata(metadataRaw, 'metadata', problem);
  const suiteId = idInput(scope, 'suite-id', 'suite', 'a suite id');
  const runId = idInput(scope, 'run-id', 'run', 'a run id');
  if (runId) return { kind: 'run-id', runId, suiteId: suiteId || undefined, metadata };
  if (!suiteId) problem('suite-id', '', 'a suite id (eval_suite_…), or set `run-id` to gate one run');
  else if (!metadataRaw) {
    problem(
      'metadata',
      '',
      `key=value pairs that identify the run (e.g. \`${SAFE_SHA_FORM}\`), \`*\` for the newest run of the suite whatever its metadata, or a non-empty \`run-id\``,
    );
  }
  return { kind: 'lookup', suiteId, metadata };
}

type Policy = Pick<GateConfig, 'maxFailedRequests' | 'writeSummary' | 'onInconclusive' | 'cancelRunOn'>;

function parsePolicy({ text, problem }: InputScope): Policy {
  return {
    maxFailedRequests: parseFailedLimit(text('max-failed-requests') || '0', problem),
    writeSummary: parseBoolean(text('summary') || 'true', 'summary', problem, true),
    onInconclusive: parseChoice(
      text('on-inconclusive') || 'fail',
      'on-inconclusive',
      ['fail', 'warn', 'pass'],
      problem,
    ) as InconclusivePolicy,
    cancelRunOn: parseCancelRunOn(text('cancel-run-on') || 'never', problem),
  };
}

type Judging = Pick<GateConfig, 'thresholds' | 'baseline' | 'maxRegression' | 'requireBaseline'>;

function parseJudging({ read, text, problem }: InputScope): Judging {
  const thresholdsParse = parseThresholds(read('thresholds'));
  for (const line of thresholdsParse.ok ? [] : thresholdsParse.badLines) {
    problem(
      'thresholds',
      line,
      'one criterion per line: `metric >= number` (also >, <=, <, ==), optionally scoped: `gpt-x:accuracy >= 0.8`',
    );
  }
  const baseline = parseBaselineSource({ read, text, problem });
  const regressionParse = parseMaxRegression(read('max-regression'));
  for (const entry of regressionParse.ok ? [] : regressionParse.badEntries) {
    problem('max-regression', entry, '`metric: amount` entries, one per line or comma-separated: `accuracy: 0.02`, `*: 2%`');
  }
  const maxRegression = regressionParse.ok ? regressionParse.rules : [];
  if (maxRegression.length > 0 && baseline.kind === 'none') {
    problem('max-regression', text('max-regression'), 'a baseline to compare with: set `baseline-metadata` or `baseline-run-id` too');
  }
  const requireBaseline = parseBoolean(text('require-baseline') || 'false', 'require-baseline', problem, false);
  if (requireBaseline && baseline.kind === 'none') {
    problem('require-baseline', 'true', 'a baseline to require: set `baseline-metadata` or `baseline-run-id` too');
  }
  return { thresholds: thresholdsParse.ok ? thresholdsParse.thresholds : [], baseline, maxRegression, requireBaseline };
}

function parseBaselineSource({ read, text, problem }: InputScope): BaselineSource {
  const baselineMetadataRaw = read('baseline-metadata');
  const baselineMetadata = parseMetadata(baselineMetadataRaw, 'baseline-metadata', problem);
  const baselineRunId = idInput({ text, problem }, 'baseline-run-id', 'run', 'a run id');
  if (baselineRunId && Object.keys(baselineMetadata).length > 0) {
    problem('baseline-run-id', baselineRunId, 'either `baseline-run-id` or `baseline-metadata`, not both');
    return { kind: 'none' };
  }
  if (baselineRunId) return { kind: 'run-id', runId: baselineRunId };
  if (baselineMetadataRaw.trim()) return { kind: 'metadata', metadata: baselineMetadata };
  return { kind: 'none' };
}

function parseComment({ text, problem }: InputScope): GateConfig['comment'] {
  const enabled = parseBoolean(text('comment') || 'false', 'comment', problem, false);
  const token = text('github-token');
  if (enabled && !token)
    problem('github-token', '', 'a token that can write pull request comments (default `${{ github.token }}`) when `comment: true`');
  return { enabled, token };
}

/** `summary` decides whether a summary is written even when other inputs are bad. */
export function summaryWanted(read: InputReader): boolean {
  return read('summary').trim().toLowerCase() !== 'false';
}

function parseFailedLimit(raw: string, problem: Report): FailedRequestsLimit {
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
  if (percent) {
    const value = Number(percent[1]);
    if (value <= 100) return { kind: 'percent', value };
    problem('max-failed-requests', raw, 'a percentage from 0% to 100%');
    return { kind: 'count', value: 0 };
  }
  if (/^\d+$/.test(raw)) return { kind: 'count', value: Number(raw) };
  problem('max-failed-requests', raw, 'a whole count of at least 0 (e.g. 3) or a percentage of the total (e.g. 2.5%)');
  return { kind: 'count', value: 0 };
}

/** `fallback` is what the rest of the checks assume after a bad value, so one mistake reports once. */
function parseBoolean(raw: string, input: string, problem: Report, fallback: boolean): boolean {
  const value = raw.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  problem(input, raw, '`true` or `false`');
  return fallback;
}

function parseChoice(raw: string, input: string, choices: string[], problem: Report): string {
  const value = raw.toLowerCase();
  if (choices.includes(value)) return value;
  problem(input, raw, `one of ${choices.map((c) => `\`${c}\``).join(', ')}`);
  return choices[0] as string;
}

function parseCancelRunOn(raw: string, problem: Report): GateConfig['cancelRunOn'] {
  const words = raw
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const known = ['never', 'timeout', 'abort'];
  if (words.some((w) => !known.includes(w)) || (words.includes('never') && words.length > 1)) {
    problem('cancel-run-on', raw, '`never`, `timeout`, `abort` or `timeout,abort`');
    return { timeout: false, abort: false };
  }
  return { timeout: words.includes('timeout'), abort: words.includes('abort') };
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Says what is wrong with an `api-url`, or nothing when it is acceptable. */
export function checkApiUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'an absolute URL such as https://apigw.mka1.com';
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname));
  if (!secure) return 'an https:// URL (plain http:// only for loopback addresses such as http://127.0.0.1:8080)';
  if (url.username || url.password || url.search || url.hash) {
    return 'a base URL without credentials, query or fragment (the key goes in `api-key`)';
  }
  return undefined;
}

export function isAllowedApiUrl(raw: string): boolean {
  return checkApiUrl(raw) === undefined;
}

/**
 * An `api-url` as it may be shown: without user info, query and fragment, which may hold secrets.
 * One that does not parse is never echoed (it may be a secret pasted into the wrong input): only its length.
 */
export function withoutCredentials(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `(not a valid URL, ${raw.length} characters)`;
  }
  const removed = [url.username || url.password ? 'credentials' : '', url.search ? 'query' : '', url.hash ? 'fragment' : ''].filter(
    Boolean,
  );
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const shown = url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '');
  return removed.length > 0 ? `${shown} (${removed.join(', ')} removed)` : shown;
}
