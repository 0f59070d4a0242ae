/**
 * GET /repos/{owner}/{repo}/pulls as GitHub's REST reference documents "List pull requests": `state` (open,
 * closed, all; default open), `sort` (created, updated, popularity, long-running; default created), `direction`
 * (default desc when sorting by created, else asc), per_page/page with the `Link` header. Each item has the
 * documented fields the gate may read: number, state, head { sha, ref, repo { full_name, fork } }, base,
 * updated_at, html_url (and more, as GitHub sends much more than a client needs).
 */
import { paginate, type PageRequest } from './paging.ts';
import { minimalRepository } from './statuses.ts';

export interface FakePull {
  owner: string;
  repo: string;
  number: number;
  state: 'open' | 'closed';
  title: string;
  headSha: string;
  headRef: string;
  /** Repository the head branch lives in (`owner/name`); a fork's differs from the base. Null: the fork was deleted. */
  headRepo: string | null;
  baseRef: string;
  baseSha: string;
  login: string;
  created_at: string;
  updated_at: string;
}

export interface SeedPull {
  number: number;
  headSha: string;
  headRef?: string;
  /** `owner/name` of the head repository; default: the base repository. Null: a deleted fork. */
  headRepo?: string | null;
  state?: 'open' | 'closed';
  title?: string;
  baseRef?: string;
  baseSha?: string;
  login?: string;
  createdAt?: string;
  /** Default: creation order, one minute apart, so `sort=updated` has an order to follow. */
  updatedAt?: string;
  owner?: string;
  repo?: string;
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests';
const SORTS = ['created', 'updated', 'popularity', 'long-running'];

type Answer = (status: number, payload: unknown, headers?: Record<string, string>) => void;

export function toPull(seed: SeedPull, owner: string, repo: string, defaultTime: string): FakePull {
  const base = { owner: seed.owner ?? owner, repo: seed.repo ?? repo };
  return {
    ...base,
    number: seed.number,
    state: seed.state ?? 'open',
    title: seed.title ?? `Pull request ${seed.number}`,
    headSha: seed.headSha.toLowerCase(),
    headRef: seed.headRef ?? `feature-${seed.number}`,
    headRepo: seed.headRepo === undefined ? `${base.owner}/${base.repo}` : seed.headRepo,
    baseRef: seed.baseRef ?? 'main',
    baseSha: seed.baseSha ?? '0'.repeat(40),
    login: seed.login ?? 'octocat',
    created_at: seed.createdAt ?? defaultTime,
    updated_at: seed.updatedAt ?? seed.createdAt ?? defaultTime,
  };
}

export function renderPull(origin: string, p: FakePull) {
  const api = `${origin}/repos/${p.owner}/${p.repo}`;
  const user = { login: p.login, id: 583231, type: 'User' };
  const headRepo = p.headRepo === null ? null : headRepository(origin, p);
  return {
    url: `${api}/pulls/${p.number}`,
    id: 1_000_000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`,
    issue_url: `${api}/issues/${p.number}`,
    statuses_url: `${api}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user,
    body: null,
    labels: [],
    created_at: p.created_at,
    updated_at: p.updated_at,
    closed_at: p.state === 'closed' ? p.updated_at : null,
    merged_at: null,
    merge_commit_sha: null,
    head: { label: `${p.headRepo?.split('/')[0] ?? 'unknown'}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user, repo: headRepo },
    base: { label: `${p.owner}:${p.baseRef}`, ref: p.baseRef, sha: p.baseSha, user, repo: minimalRepository(origin, p.owner, p.repo) },
    author_association: 'CONTRIBUTOR',
    draft: false,
  };
}

function headRepository(origin: string, p: FakePull) {
  const [owner, repo] = (p.headRepo as string).split('/') as [string, string];
  return minimalRepository(origin, owner, repo, p.headRepo !== `${p.owner}/${p.repo}`);
}

export interface PullsRoute {
  origin: string;
  pulls: FakePull[];
  page: PageRequest;
}

export function listPulls(route: PullsRoute, owner: string, repo: string, answer: Answer): void {
  const query = route.page.url.searchParams;
  const state = query.get('state') ?? 'open';
  const sort = query.get('sort') ?? 'created';
  const direction = query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const invalid = (field: string, value: string) =>
    answer(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field, code: 'invalid', value }],
      documentation_url: DOCS,
      status: '422',
    });
  if (!['open', 'closed', 'all'].includes(state)) return invalid('state', state);
  if (!SORTS.includes(sort)) return invalid('sort', sort);
  if (direction !== 'asc' && direction !== 'desc') return invalid('direction', direction);
  const key = (p: FakePull) => (sort === 'updated' ? p.updated_at : p.created_at);
  const sign = direction === 'asc' ? 1 : -1;
  const matching = route.pulls
    .filter((p) => p.owner === owner && p.repo === repo && (state === 'all' || p.state === state))
    .sort((a, b) => sign * (key(a).localeCompare(key(b)) || a.number - b.number));
  const page = paginate(matching, route.page);
  answer(
    200,
    page.items.map((p) => renderPull(route.origin, p)),
    page.headers,
  );
}
