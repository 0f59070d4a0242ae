/**
 * What the inputs say, parsed once (inputs/ builds it): every stage reads this, none reads an input itself.
 * The criteria specs (thresholds, regression rules, the failed-requests limit, the baseline source) live here
 * too, as data; judge/ evaluates them and inputs/ parses them.
 */

export type FailedRequestsLimit = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export type Comparator = '>=' | '>' | '<=' | '<' | '==';

/** One line of `thresholds`: `accuracy >= 0.85`, or scoped to a model or task: `gpt-x:accuracy >= 0.8`. */
export interface Threshold {
  source: string;
  scope: string | undefined;
  metric: string;
  comparator: Comparator;
  limit: number;
}

export type BaselineSource = { kind: 'none' } | { kind: 'metadata'; metadata: Record<string, string> } | { kind: 'run-id'; runId: string };

/** `accuracy: 0.02` (absolute drop) or `*: 2%` (drop relative to the baseline value). */
export interface RegressionRule {
  metric: string;
  kind: 'absolute' | 'percent';
  value: number;
}

export type InconclusivePolicy = 'fail' | 'warn' | 'pass';

/** Which run to gate: an explicit id, the newest run of a suite whose metadata matches, or a schedule's last run. */
export type RunTarget =
  /** `metadata`, when given with a run id, is a check the run must pass, not a way to find it. */
  | { kind: 'run-id'; runId: string; suiteId: string | undefined; metadata?: Record<string, string> }
  | { kind: 'lookup'; suiteId: string; metadata: Record<string, string> }
  | ScheduleTarget;

/** `maxAge` keeps the text as the user wrote it, for the reason ("max-age 26h"). */
export interface ScheduleTarget {
  kind: 'schedule';
  scheduleId: string;
  suiteId: string | undefined;
  maxAge: { ms: number; text: string } | undefined;
}

export type CreateRunMode = 'never' | 'if-missing' | 'always';

/** `create-run` and what a started run is made of. */
export interface RunCreation {
  mode: CreateRunMode;
  models: string[];
  judgeModel: string | undefined;
  embeddingModel: string | undefined;
  /** `run-options`: further fields of the create body (never suite_id, models or metadata). */
  options: Record<string, unknown>;
  /** Keys that trace a started run back to this job (github_run_id, ...); the `metadata` input wins on a clash. */
  context: Record<string, string>;
}

/** `noise` (issue 16): no statistics, intervals shown beside today's verdicts, or verdicts decided by intervals. */
export type NoiseMode = 'off' | 'report' | 'gate';

/** With `noise: gate`, what a criterion whose interval straddles its limit counts as. */
export type UncertainPolicy = 'pass' | 'fail' | 'inconclusive';

/** `noise`, `confidence` (two-sided, 0.8 to 0.999) and `uncertain`. */
export interface NoiseSettings {
  mode: NoiseMode;
  confidence: number;
  uncertain: UncertainPolicy;
}

/** Every input, parsed and checked once. The gate never reads inputs itself. */
export interface GateConfig {
  apiKey: string;
  apiUrl: string;
  onBehalfOf: string | undefined;
  target: RunTarget;
  timeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  requestTimeoutMs: number;
  maxFailedRequests: FailedRequestsLimit;
  writeSummary: boolean;
  onInconclusive: InconclusivePolicy;
  cancelRunOn: { timeout: boolean; abort: boolean };
  thresholds: Threshold[];
  baseline: BaselineSource;
  maxRegression: RegressionRule[];
  requireBaseline: boolean;
  comment: { enabled: boolean; token: string };
  createRun: RunCreation;
  /** How many times to ask MKA1 to rerun failed samples (0 to 5). */
  rerunFailed: number;
  /** How many failed samples to show (0 to 100; 0: none). */
  failedSamples: number;
  /** Error bars on metric verdicts (issue 16). Absent, as in configs built in code, it is `off`. */
  noise?: NoiseSettings;
  /** `mode: detach` or `mode: reconcile` (issue 17); absent in `mode: wait`, today's behaviour. */
  mode?: DetachMode | ReconcileMode;
}

/** Where a detached gate's verdict goes: a commit status of this repository, written with `github-token`. */
export interface StatusTarget {
  /** `status-context` (default `MKA1 eval / <suite-id>`): the same in the pull request workflow and the reconcile. */
  context: string;
  /** GITHUB_API_URL. */
  apiUrl: string;
  /** GITHUB_REPOSITORY. */
  owner: string;
  repo: string;
  /** This workflow run's page, the statuses' target_url (undefined when the runner did not say which). */
  runUrl: string | undefined;
}

/** `mode: detach`: post the verdict, or a pending status, on the pull request's head commit, and end. */
export interface DetachMode {
  kind: 'detach';
  /** `detach-after`: how long to wait for the run before leaving the verdict to the reconcile. */
  detachAfterMs: number;
  /** From the event payload: the head commit, never GITHUB_SHA (the merge commit). */
  pullRequest: { number: number; headSha: string; fromFork: boolean };
  status: StatusTarget;
}

/** `mode: reconcile`: complete the pending statuses of `suite-id`'s context on open pull requests. */
export interface ReconcileMode {
  kind: 'reconcile';
  suiteId: string;
  /** `timeout` as the user wrote it, for "no verdict within 30m". */
  timeoutText: string;
  status: StatusTarget;
}

/**
 * The metadata a run started by this gate (`create-run`) carries: the `metadata` input's pairs over the job's
 * context keys. Sent when the run is created (find/) and checked when it is read back (wait/).
 */
export function startedRunMetadata(
  config: Pick<GateConfig, 'createRun'>,
  target: { metadata: Record<string, string> },
): Record<string, string> {
  return { ...config.createRun.context, ...target.metadata };
}
