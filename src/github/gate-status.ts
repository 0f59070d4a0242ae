/**
 * What this gate writes into a commit status, and how a reconcile reads its own pending status back. Both the
 * detach and the reconcile stage write these statuses, so the format and its parser live here, below both.
 *
 * Pending: `Waiting for <run id>: <status> <completed>/<total>`, plus ` · rerun k of N` once a rerun was asked for.
 * Final:   the verdict line (`Passed: …`, `Failed: …`, `Inconclusive: …`), redacted, on one line, cut to 140.
 */
import type { InconclusivePolicy } from '../core/config.ts';
import { ID_PATTERN } from '../core/ids.ts';
import type { Verdict } from '../core/result.ts';
import { neutralize } from '../safety/neutralize.ts';
import type { Redactor } from '../safety/redact.ts';
import { parseRepository } from './client.ts';
import { MAX_DESCRIPTION_CHARS, type CommitState } from './statuses.ts';

/** The run id form every id the gate uses must have (core/ids.ts). */
export const RUN_ID_PATTERN = ID_PATTERN;
/** `rerun-failed` allows at most 5 reruns. */
export const MAX_RERUNS = 5;
export const UNUSABLE_PENDING = 'unusable pending status';

export type GateOutcome = Verdict;
export type OnInconclusive = InconclusivePolicy;

/** `status-context` when not given: the same in the pull request workflow and the reconcile. */
export function defaultStatusContext(suiteId: string): string {
  return `MKA1 eval / ${suiteId}`;
}

export interface PendingProgress {
  runId: string;
  /** The run's status (queued, in_progress, ...); anything but a lower-case word shows as `unknown`. */
  status: string;
  completed: number;
  total: number;
  /** Set once a rerun of failed requests was asked for: the k-th of at most N. */
  rerun?: { attempt: number; of: number };
}

export type PendingText = { ok: true; description: string } | { ok: false; problem: string };

/**
 * The pending description. The run id and the rerun count must survive (the reconcile reads them back), so
 * when all of it does not fit in 140 characters the progress is left out, and when even that does not fit
 * (a run id of more than 113 characters with a rerun) there is no description: the caller cannot detach.
 */
export function pendingDescription(progress: PendingProgress): PendingText {
  if (!RUN_ID_PATTERN.test(progress.runId)) return { ok: false, problem: 'the run id is not of the id form' };
  const { rerun } = progress;
  if (
    rerun &&
    !(
      Number.isInteger(rerun.attempt) &&
      Number.isInteger(rerun.of) &&
      rerun.attempt >= 1 &&
      rerun.attempt <= rerun.of &&
      rerun.of <= MAX_RERUNS
    )
  ) {
    return { ok: false, problem: `the rerun count must be k of N with 1 ≤ k ≤ N ≤ ${MAX_RERUNS}` };
  }
  const head = `Waiting for ${progress.runId}`;
  const suffix = rerun ? ` · rerun ${rerun.attempt} of ${rerun.of}` : '';
  const status = /^[a-z_]{1,20}$/.test(progress.status) ? progress.status : 'unknown';
  const counts = isCount(progress.completed) && isCount(progress.total) ? ` ${progress.completed}/${progress.total}` : '';
  const full = `${head}: ${status}${counts}${suffix}`;
  if (full.length <= MAX_DESCRIPTION_CHARS) return { ok: true, description: full };
  if (head.length + suffix.length <= MAX_DESCRIPTION_CHARS) return { ok: true, description: `${head}${suffix}` };
  return {
    ok: false,
    problem: `the run id is too long to fit a ${MAX_DESCRIPTION_CHARS}-character status description with the rerun count`,
  };
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value < 1e9;
}

export type PendingReading =
  { ok: true; runId: string; rerunsRequested: number } | { ok: false; problem: typeof UNUSABLE_PENDING; detail: string };

/** The exact forms pendingDescription writes; nothing else is read as a run id. */
const PENDING_FORM =
  /^Waiting for ([A-Za-z0-9][A-Za-z0-9_-]{0,127})(?:: [a-z_]{1,20}(?: (\d{1,9})\/(\d{1,9}))?)?(?: · rerun ([1-5]) of ([1-5]))?$/;

/**
 * Reads a pending status of this gate's context back: the run id (of the strict id form) and how many reruns
 * were asked for. Anything else is an unusable pending status; `detail` says why without echoing the text.
 */
export function parsePendingDescription(description: string | null): PendingReading {
  const unusable = (detail: string): PendingReading => ({ ok: false, problem: UNUSABLE_PENDING, detail });
  if (description === null || description === '') return unusable('the status has no description');
  if (description.length > MAX_DESCRIPTION_CHARS * 2) return unusable('the description is longer than any this gate writes');
  const match = PENDING_FORM.exec(description);
  if (!match) return unusable('the description is not of the form "Waiting for <run id>: <status> <completed>/<total>"');
  const [, runId, , , attempt, of] = match as unknown as [string, string, unknown, unknown, string | undefined, string | undefined];
  if (!RUN_ID_PATTERN.test(runId)) return unusable('the run id is not of the id form');
  if (attempt !== undefined && Number(attempt) > Number(of)) return unusable('the rerun count is more than its limit');
  return { ok: true, runId, rerunsRequested: attempt === undefined ? 0 : Number(attempt) };
}

/**
 * The `<completed>/<total>` a pending description of this gate carries, undefined when it carries none (the progress
 * is left out when the run id is long). After a rerun asked by a reconcile these are the run's counts before the
 * rerun: the next reconcile checks the rerun against them (a rerun cannot make failures disappear).
 */
export function pendingCounts(description: string | null): { completed: number; total: number } | undefined {
  const match = description === null ? null : PENDING_FORM.exec(description);
  if (!match?.[2] || !match[3]) return undefined;
  return { completed: Number(match[2]), total: Number(match[3]) };
}

export interface FinalStatus {
  state: Extract<CommitState, 'success' | 'failure' | 'error'>;
  description: string;
}

/**
 * The status for a verdict: pass → success, fail → failure, inconclusive → error, or success when
 * `on-inconclusive` is warn or pass (the job would pass), with the description saying it was inconclusive.
 * `reason` is the gate's one-line reason (as in the summary's verdict line).
 */
export function finalStatus(outcome: GateOutcome, reason: string, onInconclusive: OnInconclusive, redact: Redactor): FinalStatus {
  switch (outcome) {
    case 'pass':
      return { state: 'success', description: statusDescription(`Passed: ${reason}`, redact) };
    case 'fail':
      return { state: 'failure', description: statusDescription(`Failed: ${reason}`, redact) };
    case 'inconclusive':
      if (onInconclusive === 'fail') return { state: 'error', description: statusDescription(`Inconclusive: ${reason}`, redact) };
      return { state: 'success', description: statusDescription(`Inconclusive (on-inconclusive: ${onInconclusive}): ${reason}`, redact) };
  }
}

/**
 * Any text as a status description: redacted first (a secret cut in half would escape the redactor), then one
 * line (every run of whitespace one space), without control characters or a leading workflow command, and cut
 * to 140 characters as GitHub counts them (code points), ending in `…` when cut.
 */
export function statusDescription(text: string, redact: Redactor): string {
  const line = neutralize(redact(text).replace(/\s+/g, ' ').trim());
  const chars = [...line];
  return chars.length <= MAX_DESCRIPTION_CHARS ? line : `${chars.slice(0, MAX_DESCRIPTION_CHARS - 1).join('')}…`;
}

/**
 * The workflow run a status links to: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`.
 * Undefined unless all three have their form (an http(s) origin, owner/name, digits): then no link is set.
 */
export function workflowRunUrl(env: Record<string, string | undefined>): string | undefined {
  const server = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '');
  const repo = parseRepository(env.GITHUB_REPOSITORY?.trim());
  const runId = env.GITHUB_RUN_ID?.trim();
  if (!server || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.test(server)) return undefined;
  if (!repo || !runId || !/^\d{1,20}$/.test(runId)) return undefined;
  return `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
}
