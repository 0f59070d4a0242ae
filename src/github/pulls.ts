/**
 * Open pull requests, most recently updated first (GitHub REST "List pull requests"), for the reconcile: it
 * reads each one's head commit. Titles, branch names and URLs are untrusted text for every sink.
 */
import { repoPath, type GitHubClient, type RepoRef } from './client.ts';
import { Reader, isObject } from './parse.ts';

/** 10 pages of 100: the 1,000 most recently updated open pull requests. */
export const MAX_PULL_PAGES = 10;
const PER_PAGE = 100;

export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  /** The head commit: where a pull request's statuses live (not the merge commit a workflow checks out). */
  headSha: string;
  /** Untrusted: the head branch name. */
  headRef: string;
  /** The head repository; a fork's differs from the base. Null when the fork was deleted. */
  headRepo: { fullName: string; fork: boolean } | null;
  /** Untrusted: the base branch name. */
  baseRef: string;
  updatedAt: string;
  /** Untrusted: not checked to be a GitHub URL. */
  htmlUrl: string;
}

export interface PullRequestList {
  pulls: PullRequest[];
  /** False when GitHub announced more pages than were read: older pull requests were left out. */
  complete: boolean;
  pages: number;
}

/**
 * GET /repos/{owner}/{repo}/pulls?state=open&sort=updated&direction=desc&per_page=100&page=N, N = 1 to `maxPages`
 * (at most 10) while the Link header announces a next page. A pull request updated while pages are read may
 * move up and be listed twice: it is kept once; one it pushed down may be missed until the next reconcile.
 */
export async function listOpenPullRequests(client: GitHubClient, repo: RepoRef, maxPages = MAX_PULL_PAGES): Promise<PullRequestList> {
  const path = repoPath(repo, 'pulls');
  const endpoint = `GET ${path}`;
  const pages = Math.max(1, Math.min(MAX_PULL_PAGES, Math.floor(maxPages)));
  const byNumber = new Map<number, PullRequest>();
  for (let page = 1; page <= pages; page++) {
    const query = { state: 'open', sort: 'updated', direction: 'desc', per_page: String(PER_PAGE), page: String(page) };
    const answer = await client.call({ operation: 'list-pulls', method: 'GET', path, query });
    const read = new Reader(endpoint, `page ${page}`);
    const items: unknown = answer.json;
    if (!Array.isArray(items)) return read.fail('the answer', 'is not a list');
    for (const [i, item] of (items as unknown[]).entries()) {
      const pull = parsePull(read.at(`[${i}]`), item);
      if (pull.state === 'open' && !byNumber.has(pull.number)) byNumber.set(pull.number, pull);
    }
    if (!answer.hasNextPage || items.length === 0) return { pulls: [...byNumber.values()], complete: true, pages: page };
  }
  return { pulls: [...byNumber.values()], complete: false, pages };
}

function parsePull(read: Reader, json: unknown): PullRequest {
  const pull = read.object(json, 'pull request');
  const number = read.count(pull, 'number');
  if (number < 1) read.fail('number', 'is not a pull request number');
  const head = read.object(pull.head, 'head');
  const base = read.object(pull.base, 'base');
  return {
    number,
    state: read.oneOf(pull, 'state', ['open', 'closed'] as const),
    headSha: read.at('head').sha(head, 'sha'),
    headRef: read.at('head').string(head, 'ref'),
    headRepo: parseRepo(read.at('head'), head.repo),
    baseRef: read.at('base').string(base, 'ref'),
    updatedAt: read.string(pull, 'updated_at'),
    htmlUrl: read.string(pull, 'html_url'),
  };
}

function parseRepo(read: Reader, json: unknown): PullRequest['headRepo'] {
  if (json === null) return null;
  if (!isObject(json)) return read.fail('repo', 'is not an object or null');
  const fork = json.fork;
  if (typeof fork !== 'boolean') read.fail('repo.fork', 'is not true or false');
  return { fullName: read.at('repo').string(json, 'full_name'), fork };
}
