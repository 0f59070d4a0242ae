import type { BaselineSource, RegressionRule } from '../judge/baseline.ts';
import type { Threshold } from '../judge/thresholds.ts';
import type { FailedRequestsLimit } from '../judge/verdict.ts';

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
}
