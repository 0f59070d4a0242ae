/**
 * The result every stage fills in and every reporter reads, with the report types it is made of. Defined here,
 * at the bottom, so that the stage that builds a part and the reporter that shows it need not import each other.
 */
import type { Criterion, MetricStatistics } from './criterion.ts';
import type { MetricComparison } from './metrics.ts';
import type { EvalRun } from './run.ts';

/** pass: every criterion held. fail: one did not, or the gate is misconfigured. inconclusive: it could not tell. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** A verdict, or `pending`: a detached gate (`mode: detach`) left it to the reconcile, as a commit status. */
export type Outcome = Verdict | 'pending';

export const RESULT_SCHEMA_VERSION = 1;

export interface LookupReport {
  mode: 'run-id' | 'metadata';
  suiteId: string | undefined;
  metadata: Record<string, string>;
  /** Matching runs seen by the scan that found the chosen one. */
  candidates: number;
  scanned: number;
  scans: number;
  /**
   * When no run matched: the suite's newest runs (at most 3, newest first), so that a typo in the metadata shows
   * without opening the API. Metadata values are redacted and bounded by find/.
   */
  recent?: RecentRun[];
}

/** One of a suite's newest runs as a missed lookup reports it. */
export interface RecentRun {
  id: string;
  created_at: number;
  status: string;
  metadata: Record<string, string>;
}

export interface GateResult {
  outcome: Outcome;
  /** One line, starting with the outcome's cause. */
  reason: string;
  /** The run as last seen, when one was found. */
  run: EvalRun | undefined;
  criteria: Criterion[];
  lookup: LookupReport | undefined;
  elapsedMs: number;
  api: ClientStats;
  /** Set when cancel-run-on asked MKA1 to cancel the run. */
  cancelRequest: { ok: boolean; detail: string } | undefined;
  /** Every input problem, when the inputs were rejected. */
  inputProblems: string[];
  /** Set when a baseline was asked for. */
  baseline: BaselineReport | undefined;
  /** True when this gate started the run (`create-run`). */
  created: boolean;
  /** Each rerun of failed samples (`rerun-failed`), in order. */
  reruns: RerunAttempt[];
  /** The failed samples read for the summary, or why they could not be read; undefined when none were asked for. */
  failedSamples: FailedSamplesReport | undefined;
  /** Set when the run was chosen by `schedule-id`. */
  schedule?: ScheduleReport;
  /** `mode: detach`: the commit status this step set on the pull request's head commit (issue 17). */
  detached?: DetachReport;
  /** `mode: reconcile`: what became of each open pull request's pending status (issue 17). */
  reconcile?: ReconcileReport;
  /** Set when noise statistics were computed (issue 16): `noise` is not `off` and a metric criterion exists. */
  noise?: NoiseReport;
}

/** What the noise statistics of one gate did: settings, samples read, and sentences for the summary. */
export interface NoiseReport {
  mode: 'report' | 'gate';
  confidence: number;
  uncertain: 'pass' | 'fail' | 'inconclusive';
  /** The samples read per run, or why they were not. */
  samples: NoiseSampleRead[];
  /** Interval-judged entries (paths with samples) that Holm-Bonferroni corrected together. */
  comparisons: number;
  /** Sentences for the summary, made by the code from numbers and metric paths (escaped when rendered). */
  notes: string[];
  /** The regression deltas with their intervals, by metric path, for the metrics-vs-baseline table. */
  deltas: MetricStatistics[];
}

export interface NoiseSampleRead {
  run_id: string;
  role: 'run' | 'baseline';
  /** Completed samples read (null when they were not read). */
  samples: number | null;
  requests: number;
  /** Why they were not read, or what was odd about them. */
  note: string | null;
}

/** What the API client counted (every HTTP attempt, retries included). */
export interface ClientStats {
  /** Every HTTP attempt, retries included. */
  requests: number;
  retries: number;
  notModified: number;
}

/** The baseline as judged and reported: the run and each metric beside it, or why there is none. */
export type BaselineReport = { found: true; run: EvalRun; how: string; comparisons: MetricComparison[] } | { found: false; note: string };

/** One POST /rerun-failed and what came of it. */
export interface RerunAttempt {
  attempt: number;
  /** Failed requests when the rerun was asked for. */
  failedBefore: number;
  /** Failed requests once the run was terminal again (undefined: it was not, or the rerun was refused). */
  failedAfter: number | undefined;
  statusAfter: string | undefined;
  /** Why the rerun was not made (the API refused it, or kept failing). */
  error?: string;
}

/** A failed sample as shown: every field bounded here, and escaped when rendered. */
export interface ShownSample {
  task_id: string | null;
  model: string | null;
  sample_index: number | null;
  error_code: string | null;
  error_message: string | null;
  prompt: string | null;
  output: string | null;
}

/** `shown`: the samples read (of `failed` failed requests); `unavailable`: why they could not be read. */
export type FailedSamplesReport =
  { kind: 'shown'; failed: number; samples: ShownSample[] } | { kind: 'unavailable'; failed: number; why: string };

/** The schedule as the result, result-json and summary report it: times in ISO 8601, unusable values null and named. */
export interface ScheduleReport {
  id: string;
  /** False when the schedule could not be read (the rest is then null). */
  read: boolean;
  name: string | null;
  suite_id: string | null;
  cron: string | null;
  timezone: string | null;
  interval_seconds: number | null;
  enabled: boolean | null;
  last_run_id: string | null;
  last_run_at: string | null;
  last_run_status: string | null;
  next_run_at: string | null;
  /** How long before the check the schedule last ran. */
  last_run_age_seconds: number | null;
  max_age: string | null;
  /** True when the gate waited for the schedule's first run. */
  waited_for_first_run: boolean;
  /** Fields the API sent in a form the gate could not use. */
  unusable: string[];
}

/** A commit status as this gate wrote it (or tried to): `mode: detach` and `mode: reconcile` (issue 17). */
export interface StatusWrite {
  state: 'pending' | 'success' | 'failure' | 'error';
  /** At most 140 characters, redacted and on one line. */
  description: string;
  /** False when GitHub refused it or it was not sent (see `error`). */
  written: boolean;
  /** Why it was not written. */
  error?: string;
}

/** `mode: detach`: where the verdict will arrive, and the status this step set. */
export interface DetachReport {
  context: string;
  pullRequest: number;
  headSha: string;
  /** This workflow run's page (the status's target_url), when the runner said which it is. */
  targetUrl: string | undefined;
  status: StatusWrite;
}

/** What a reconcile found for one open pull request's head commit, and what it did. */
export interface ReconciledPull {
  number: number;
  headSha: string;
  /** This context's latest status on the head commit before the reconcile: absent, final, pending, unknown, or unread. */
  found: 'absent' | 'final' | 'pending' | 'unknown' | 'unread';
  /** The pending status's state and description as read (untrusted text). */
  before: { state: string; description: string | null } | undefined;
  /** The run the pending status names (of the id form), when it could be read from the description. */
  runId: string | undefined;
  /**
   * none: nothing of this gate's to do. left: still running within the timeout, untouched. completed: a final
   * state was written. rerun: a rerun of failed requests was asked for, the status kept pending. skipped: not
   * changed (the status changed meanwhile, or GitHub or MKA1 could not be read: see `note`).
   */
  action: 'none' | 'left' | 'completed' | 'rerun' | 'skipped';
  /** The status written, when one was. */
  after: StatusWrite | undefined;
  /** Whether this context's status is still pending after the reconcile, as far as it knows. */
  pendingAfter: boolean;
  note: string | undefined;
  /** The gate's verdict for a completed status (judged, or why it could not be). */
  gate: GateResult | undefined;
}

export interface ReconcileReport {
  context: string;
  /** Every open pull request examined, most recently updated first. */
  pullRequests: ReconciledPull[];
  /** False when there were more open pull requests than the 10 pages read, or the reconcile stopped early. */
  complete: boolean;
  /** Statuses completed (a final state written). */
  reconciled: number;
  /** This context's statuses still pending after the reconcile. */
  pending: number;
  /** Why the reconcile stopped before examining every pull request (rate limit, deadline, cancellation). */
  stoppedEarly: string | undefined;
}
