/**
 * Commit statuses, as GitHub's REST reference documents them ("Commit statuses"):
 *
 * - POST /repos/{owner}/{repo}/statuses/{sha}: `state` is pending, success, failure or error; `context` defaults to
 *   `default` and is case-insensitive; `description` is at most 140 characters; at most 1,000 statuses per SHA and
 *   context. 201 with the status object (with `creator`).
 * - GET /repos/{owner}/{repo}/commits/{ref}/status: the latest status of each context, and the combined state:
 *   `failure` if any context is error or failure, `pending` if there is none or any is pending, else `success`.
 *   Contexts are paginated with per_page/page; `total_count` counts them all.
 */
import { paginate, type PageRequest } from './paging.ts';

export const STATUS_STATES = ['pending', 'success', 'failure', 'error'] as const;
export type FakeStatusState = (typeof STATUS_STATES)[number];

export interface FakeStatus {
  id: number;
  owner: string;
  repo: string;
  /** Lower-case, 40 hex digits. */
  sha: string;
  state: FakeStatusState;
  context: string;
  description: string | null;
  target_url: string | null;
  created_at: string;
  updated_at: string;
  creator: { login: string; id: number; type: string };
}

/** A status written before the action runs, or meanwhile by another app or workflow. */
export interface SeedStatus {
  sha: string;
  state: FakeStatusState;
  context?: string;
  description?: string | null;
  targetUrl?: string | null;
  login?: string;
  owner?: string;
  repo?: string;
}

export const MAX_DESCRIPTION_CHARS = 140;
export const MAX_STATUSES_PER_CONTEXT = 1000;
const DOCS_CREATE = 'https://docs.github.com/rest/commits/statuses#create-a-commit-status';
const DOCS_COMBINED = 'https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference';
export const SHA_PATTERN = /^[0-9a-f]{40}$/i;

type Answer = (status: number, payload: unknown, headers?: Record<string, string>) => void;

export interface StatusStore {
  statuses: FakeStatus[];
  add(seed: SeedStatus, owner: string, repo: string, at: string): FakeStatus;
}

export function createStatusStore(firstId: number): StatusStore {
  const statuses: FakeStatus[] = [];
  let nextId = firstId;
  return {
    statuses,
    add(seed, owner, repo, at) {
      const login = seed.login ?? 'github-actions[bot]';
      const status: FakeStatus = {
        id: nextId++,
        owner: seed.owner ?? owner,
        repo: seed.repo ?? repo,
        sha: seed.sha.toLowerCase(),
        state: seed.state,
        context: seed.context ?? 'default',
        description: seed.description ?? null,
        target_url: seed.targetUrl ?? null,
        created_at: at,
        updated_at: at,
        creator: { login, id: login.endsWith('[bot]') ? 41898282 : 583231, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      };
      statuses.push(status);
      return status;
    },
  };
}

/** The latest status of each context (case-insensitive, as GitHub compares contexts), oldest context first. */
export function latestPerContext(all: FakeStatus[], owner: string, repo: string, sha: string): FakeStatus[] {
  const latest = new Map<string, FakeStatus>();
  for (const status of all) {
    if (status.owner !== owner || status.repo !== repo || status.sha !== sha.toLowerCase()) continue;
    const key = status.context.toLowerCase();
    const seen = latest.get(key);
    if (!seen || status.id > seen.id) latest.set(key, status);
  }
  return [...latest.values()].sort((a, b) => firstIdOf(all, a) - firstIdOf(all, b));
}

function firstIdOf(all: FakeStatus[], status: FakeStatus): number {
  const key = status.context.toLowerCase();
  return all.find((s) => s.owner === status.owner && s.repo === status.repo && s.sha === status.sha && s.context.toLowerCase() === key)
    ?.id as number;
}

/** GitHub's combined state over the latest status of every context. */
export function combinedState(latest: FakeStatus[]): FakeStatusState {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

export interface StatusRoute {
  origin: string;
  store: StatusStore;
  now: () => string;
  /** Login of the token's identity, as the status's creator. */
  login: string;
  forbidden: boolean;
}

/** Renders a status as POST answers it (`status` schema: with `creator`). */
export function renderStatus(origin: string, s: FakeStatus) {
  return {
    url: `${origin}/repos/${s.owner}/${s.repo}/statuses/${s.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${s.creator.id}?v=4`,
    id: s.id,
    node_id: `SC_${s.id}`,
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator: { login: s.creator.login, id: s.creator.id, type: s.creator.type },
  };
}

/** Renders a status inside a combined status (`simple-commit-status` schema: no `creator`). */
function renderSimpleStatus(origin: string, s: FakeStatus) {
  const { creator: _creator, ...simple } = renderStatus(origin, s);
  return simple;
}

export function createStatus(route: StatusRoute, owner: string, repo: string, sha: string, body: unknown, answer: Answer): void {
  if (route.forbidden) {
    return answer(403, { message: 'Resource not accessible by integration', documentation_url: DOCS_CREATE, status: '403' });
  }
  if (!SHA_PATTERN.test(sha))
    return answer(422, { message: `No commit found for SHA: ${sha}`, documentation_url: DOCS_CREATE, status: '422' });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return answer(400, { message: 'Problems parsing JSON', documentation_url: DOCS_CREATE, status: '400' });
  }
  const fields = body as Record<string, unknown>;
  const problem = invalidField(fields);
  if (problem) return answer(422, { message: `Invalid request.\n\n${problem}`, documentation_url: DOCS_CREATE, status: '422' });
  const description = typeof fields.description === 'string' ? fields.description : null;
  if (description !== null && [...description].length > MAX_DESCRIPTION_CHARS) {
    return answer(422, validationFailed('description', `description is too long (maximum is ${MAX_DESCRIPTION_CHARS} characters)`));
  }
  const context = typeof fields.context === 'string' ? fields.context : 'default';
  const sameContext = route.store.statuses.filter(
    (s) => s.owner === owner && s.repo === repo && s.sha === sha.toLowerCase() && s.context.toLowerCase() === context.toLowerCase(),
  );
  if (sameContext.length >= MAX_STATUSES_PER_CONTEXT) {
    return answer(422, validationFailed('context', 'This SHA and context has reached the maximum number of statuses.'));
  }
  const seed: SeedStatus = {
    sha,
    state: fields.state as FakeStatusState,
    context,
    description,
    targetUrl: typeof fields.target_url === 'string' ? fields.target_url : null,
    login: route.login,
  };
  const status = route.store.add(seed, owner, repo, route.now());
  answer(201, renderStatus(route.origin, status), { location: `${route.origin}/repos/${owner}/${repo}/statuses/${status.sha}` });
}

/** What GitHub's request schema rejects, in its words ("For 'properties/state', ..."), or undefined. */
function invalidField(fields: Record<string, unknown>): string | undefined {
  if (fields.state === undefined) return '"state" wasn\'t supplied.';
  if (typeof fields.state !== 'string' || !(STATUS_STATES as readonly string[]).includes(fields.state)) {
    return `For 'properties/state', ${JSON.stringify(fields.state)} is not one of ${JSON.stringify(STATUS_STATES)}.`;
  }
  for (const name of ['description', 'target_url']) {
    const value = fields[name];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `For 'properties/${name}', ${JSON.stringify(value)} is not a string or null.`;
    }
  }
  if (fields.context !== undefined && typeof fields.context !== 'string') {
    return `For 'properties/context', ${JSON.stringify(fields.context)} is not a string.`;
  }
  return undefined;
}

function validationFailed(field: string, message: string) {
  return {
    message: 'Validation Failed',
    errors: [{ resource: 'Status', code: 'custom', field, message }],
    documentation_url: DOCS_CREATE,
    status: '422',
  };
}

export interface CombinedRoute {
  origin: string;
  store: StatusStore;
  page: PageRequest;
  /** Resolves a ref that is not a SHA (a pull request's head branch); undefined when unknown. */
  resolveRef: (ref: string) => string | undefined;
}

export function getCombinedStatus(route: CombinedRoute, owner: string, repo: string, ref: string, answer: Answer): void {
  const sha = SHA_PATTERN.test(ref) ? ref.toLowerCase() : route.resolveRef(ref);
  if (!sha) return answer(422, { message: `No commit found for SHA: ${ref}`, documentation_url: DOCS_COMBINED, status: '422' });
  const latest = latestPerContext(route.store.statuses, owner, repo, sha);
  const page = paginate(latest, route.page);
  const origin = route.origin;
  answer(
    200,
    {
      state: combinedState(latest),
      statuses: page.items.map((s) => renderSimpleStatus(origin, s)),
      sha,
      total_count: latest.length,
      repository: minimalRepository(origin, owner, repo),
      commit_url: `${origin}/repos/${owner}/${repo}/commits/${sha}`,
      url: `${origin}/repos/${owner}/${repo}/commits/${sha}/status`,
    },
    page.headers,
  );
}

export function minimalRepository(origin: string, owner: string, repo: string, fork = false) {
  return {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { login: owner, id: 1, type: 'Organization' },
    private: false,
    html_url: `https://github.com/${owner}/${repo}`,
    fork,
    url: `${origin}/repos/${owner}/${repo}`,
  };
}
