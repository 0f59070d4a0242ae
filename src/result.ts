import type { ClientStats } from './api/client.ts';
import type { BaselineReport } from './judge/baseline.ts';
import type { EvalRun } from './api/models.ts';
import type { Criterion } from './judge/verdict.ts';
import type { FailedSamplesReport } from './report/failed-samples.ts';
import type { RerunAttempt } from './rerun/rerun-failed.ts';
import type { ScheduleReport } from './find/schedule-report.ts';

/** pass: every criterion held. fail: one did not, or the gate is misconfigured. inconclusive: it could not tell. */
export type Outcome = 'pass' | 'fail' | 'inconclusive';

export const RESULT_SCHEMA_VERSION = 1;

export interface LookupReport {
  mode: 'run-id' | 'metadata';
  suiteId: string | undefined;
  metadata: Record<string, string>;
  /** Matching runs seen by the scan that found the chosen one. */
  candidates: number;
  scanned: number;
  scans: number;
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
}
