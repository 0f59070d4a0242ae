/**
 * Commit statuses (GitHub REST "Commit statuses"): create one, and read a commit's combined status, which holds
 * the latest status of every context. Contexts and descriptions come from any app or workflow of the
 * repository: they are kept raw here and are untrusted text for every sink (neutralize, escape, redact).
 */
import { repoPath, type GitHubClient, type RepoRef } from './client.ts';
import { GitHubUnusableAnswerError, GitHubValidationError } from './errors.ts';
import { Reader, SHA_PATTERN } from './parse.ts';

export const COMMIT_STATES = ['pending', 'success', 'failure', 'error'] as const;
export type CommitState = (typeof COMMIT_STATES)[number];
/** GitHub answers 422 to a longer description (counted in characters). */
export const MAX_DESCRIPTION_CHARS = 140;
/** Contexts per page of a combined status (GitHub's maximum). */
const PER_PAGE = 100;
/** 1,000 contexts: far more than a commit has; past it the answer is marked incomplete. */
export const MAX_COMBINED_PAGES = 10;

export interface CommitStatus {
  id: number;
  state: CommitState;
  /** Untrusted: written by whichever app set the status. */
  context: string;
  /** Untrusted, as `context`. */
  description: string | null;
  /** Untrusted, as `context`: not checked to be a URL. */
  targetUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewCommitStatus {
  state: CommitState;
  context: string;
  /** At most 140 characters (see src/github/gate-status.ts for the gate's texts). */
  description?: string;
  targetUrl?: string;
}

export interface CombinedStatus {
  sha: string;
  /** GitHub's combined state: failure if any context is error or failure, pending if any is pending or none exists. */
  state: CommitState;
  /** How many contexts the commit has. */
  totalCount: number;
  /** The latest status of each context read (contexts compared case-insensitively, as GitHub does). */
  statuses: CommitStatus[];
  /** False when more contexts exist than were read (more than MAX_COMBINED_PAGES pages). */
  complete: boolean;
}

/** Characters as GitHub counts them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Checks what GitHub would reject before sending, so a bad status is a clear error and costs no request. */
function checkNewStatus(endpoint: string, sha: string, status: NewCommitStatus): void {
  const refuse = (problem: string) => {
    throw new GitHubValidationError(endpoint, undefined, `${endpoint} was not sent: ${problem}`);
  };
  if (!SHA_PATTERN.test(sha)) refuse('the commit is not a SHA of 40 lower-case hex digits');
  if (!(COMMIT_STATES as readonly string[]).includes(status.state)) refuse(`the state is not one of ${COMMIT_STATES.join(', ')}`);
  if (status.context.trim() === '') refuse('the context is empty');
  if (status.description !== undefined && characterCount(status.description) > MAX_DESCRIPTION_CHARS) {
    refuse(`the description has ${characterCount(status.description)} characters, more than GitHub's ${MAX_DESCRIPTION_CHARS}`);
  }
}

/**
 * POST /repos/{owner}/{repo}/statuses/{sha}. The answer must echo the state and context sent, or it is unusable.
 * Retried on 5xx like any call: a status written twice is the same status shown once.
 */
export async function createStatus(client: GitHubClient, repo: RepoRef, sha: string, status: NewCommitStatus): Promise<CommitStatus> {
  const path = repoPath(repo, 'statuses', sha);
  const endpoint = `POST ${path}`;
  checkNewStatus(endpoint, sha, status);
  const body: Record<string, string> = { state: status.state, context: status.context };
  if (status.description !== undefined) body.description = status.description;
  if (status.targetUrl !== undefined) body.target_url = status.targetUrl;
  const answer = await client.call({ operation: 'create-status', method: 'POST', path, body });
  const created = parseStatus(new Reader(endpoint, ''), answer.json);
  if (created.state !== status.state || created.context.toLowerCase() !== status.context.toLowerCase()) {
    throw new GitHubUnusableAnswerError(endpoint, 'the status in the answer is not the one sent');
  }
  return created;
}

/**
 * GET /repos/{owner}/{repo}/commits/{sha}/status, page after page (100 contexts each) while GitHub announces
 * another page and contexts are missing, at most MAX_COMBINED_PAGES pages.
 */
export async function getCombinedStatus(client: GitHubClient, repo: RepoRef, sha: string): Promise<CombinedStatus> {
  const path = repoPath(repo, 'commits', sha, 'status');
  const endpoint = `GET ${path}`;
  if (!SHA_PATTERN.test(sha)) {
    throw new GitHubValidationError(endpoint, undefined, `${endpoint} was not sent: the commit is not a SHA of 40 lower-case hex digits`);
  }
  const latest = new Map<string, CommitStatus>();
  let first: { state: CommitState; totalCount: number } | undefined;
  let totalCount = 0;
  for (let page = 1; page <= MAX_COMBINED_PAGES; page++) {
    const answer = await client.call({
      operation: 'read-status',
      method: 'GET',
      path,
      query: { per_page: String(PER_PAGE), page: String(page) },
    });
    const combined = parseCombined(new Reader(endpoint, ''), answer.json, sha);
    first ??= combined;
    totalCount = Math.max(totalCount, combined.totalCount);
    for (const status of combined.statuses) keepLatest(latest, status);
    if (!answer.hasNextPage || combined.statuses.length === 0 || latest.size >= totalCount) break;
  }
  const state = (first as { state: CommitState }).state;
  return { sha, state, totalCount, statuses: [...latest.values()], complete: latest.size >= totalCount };
}

/** A context listed twice (it moved between pages while they were read) keeps its newest status. */
function keepLatest(latest: Map<string, CommitStatus>, status: CommitStatus): void {
  const key = status.context.toLowerCase();
  const seen = latest.get(key);
  if (!seen || status.id > seen.id) latest.set(key, status);
}

function parseCombined(read: Reader, json: unknown, sha: string): { state: CommitState; totalCount: number; statuses: CommitStatus[] } {
  const body = read.object(json, 'the answer');
  if (read.sha(body, 'sha') !== sha) read.fail('sha', 'is not the commit asked for');
  const list = body.statuses;
  if (!Array.isArray(list)) read.fail('statuses', 'is not a list');
  return {
    state: read.oneOf(body, 'state', COMMIT_STATES),
    totalCount: read.count(body, 'total_count'),
    statuses: list.map((item, i) => parseStatus(read.at(`statuses[${i}]`), item)),
  };
}

function parseStatus(read: Reader, json: unknown): CommitStatus {
  const status = read.object(json, 'status');
  return {
    id: read.count(status, 'id'),
    state: read.oneOf(status, 'state', COMMIT_STATES),
    context: read.string(status, 'context'),
    description: read.nullableString(status, 'description'),
    targetUrl: read.nullableString(status, 'target_url'),
    createdAt: read.string(status, 'created_at'),
    updatedAt: read.string(status, 'updated_at'),
  };
}
