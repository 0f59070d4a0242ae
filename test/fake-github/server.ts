/**
 * A small fake of the GitHub REST API on 127.0.0.1, covering what the action calls:
 *
 * - GET   /user                                         (the token's identity; 403 for GITHUB_TOKEN)
 * - GET   /repos/{owner}/{repo}/issues/{n}/comments     (per_page/page, Link header pagination)
 * - POST  /repos/{owner}/{repo}/issues/{n}/comments     (create)
 * - PATCH /repos/{owner}/{repo}/issues/comments/{id}    (edit)
 * - POST  /repos/{owner}/{repo}/statuses/{sha}          (create a commit status; see statuses.ts)
 * - GET   /repos/{owner}/{repo}/commits/{ref}/status    (combined status: latest per context, paginated)
 * - GET   /repos/{owner}/{repo}/pulls                   (list pull requests; see pulls.ts)
 *
 * Every answer carries GitHub's rate-limit headers, and the fake can refuse requests with a primary or
 * secondary rate limit (see rate-limit.ts). It records every request and keeps the comments, statuses and
 * pull requests it stores, so tests can assert what the action sent and what a pull request would show.
 * The action reaches it through GITHUB_API_URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { paginate, type PageRequest } from './paging.ts';
import { toPull, listPulls, type FakePull, type SeedPull } from './pulls.ts';
import { FakeRateLimiter, type RateLimitRefusal } from './rate-limit.ts';
import { createStatus, createStatusStore, getCombinedStatus, latestPerContext, type FakeStatus, type SeedStatus } from './statuses.ts';

export type { FakePull, SeedPull } from './pulls.ts';
export type { RateLimitRefusal } from './rate-limit.ts';
export type { FakeStatus, FakeStatusState, SeedStatus } from './statuses.ts';

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  html_url: string;
  /** How many times PATCH changed it. */
  edits: number;
}

export interface FakeGitHubRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: { authorization: string | undefined; accept: string | undefined; 'user-agent': string | undefined };
  /** Parsed JSON body (undefined when there was none or it was not JSON). */
  body: unknown;
  /** The HTTP status the fake answered. */
  status: number;
}

export interface SeedComment {
  issueNumber: number;
  body: string;
  login?: string;
  owner?: string;
  repo?: string;
}

export interface FakeGitHubOptions {
  /** Answer 403 to POST and PATCH (comments and statuses), as GitHub does for a fork's read-only token. */
  forbidWrites?: boolean;
  /** Answer 403 to status writes only: a token without `statuses: write`. */
  forbidStatusWrites?: boolean;
  /** Commit statuses that exist before the action runs (other apps', or an earlier gate's). */
  statuses?: SeedStatus[];
  /** Pull requests of the repository (open by default). */
  pulls?: SeedPull[];
  /** Requests per hour before the primary rate limit answers 403 (GITHUB_TOKEN: 1,000 per repository). */
  rateLimit?: number;
  /** Refusals for the first requests, in order (see FakeGitHub.refuseNext). */
  refuse?: RateLimitRefusal[];
  /** Milliseconds since the epoch, for timestamps and the rate-limit window; default Date.now (tests pass a fake clock). */
  now?: () => number;
  /** Comments that exist before the action runs (e.g. other people's, or an earlier gate comment). */
  seed?: SeedComment[];
  /** Largest page the fake returns, whatever per_page asks for (GitHub: 100). */
  maxPerPage?: number;
  /** Only this token is accepted; any other Authorization answers 401. */
  token?: string;
  /**
   * The token belongs to this user (a personal access token): GET /user answers it and new
   * comments are written as it. Unset: the token is GITHUB_TOKEN, GET /user answers 403 and
   * comments are written as github-actions[bot].
   */
  authenticatedAs?: string;
}

/** A fault in place of the real answer: a 5xx, a body that is not JSON, a slow or wrong answer. */
export interface InjectedAnswer {
  status?: number;
  /** Sent as is (default: GitHub's JSON error for the status). */
  body?: string;
  headers?: Record<string, string>;
  /** Real milliseconds before the answer is sent. */
  delayMs?: number;
  /** How many requests get it (default 1). */
  requests?: number;
}

export interface FakeGitHub {
  url: string;
  requests: FakeGitHubRequest[];
  /** Every stored comment, in creation order. */
  comments: FakeComment[];
  /** Stored comments of one issue or pull request. */
  commentsOn(issueNumber: number, owner?: string, repo?: string): FakeComment[];
  /** Every commit status, in creation order (seeded ones first). */
  statuses: FakeStatus[];
  /** Statuses of one commit, in creation order. */
  statusesOf(sha: string, owner?: string, repo?: string): FakeStatus[];
  /** The status a pull request shows for a context (latest, contexts compared case-insensitively), if any. */
  latestStatus(sha: string, context: string, owner?: string, repo?: string): FakeStatus | undefined;
  /** Writes a status as another workflow or app would, meanwhile (no request is recorded). */
  addStatus(seed: SeedStatus): FakeStatus;
  /** The pull requests, as stored. */
  pulls: FakePull[];
  /** Adds a pull request or replaces the one with its number (a push: new head SHA; a close: state closed). */
  setPull(seed: SeedPull): FakePull;
  /** Refuses the next requests with a rate limit (after any refusals already queued). */
  refuseNext(refusal: RateLimitRefusal): void;
  /** Answers the next authorized requests with a fault instead of the real answer (after any faults already queued). */
  answerNext(fault: InjectedAnswer): void;
  close(): Promise<void>;
}

const DEFAULT_OWNER = 'acme';
const DEFAULT_REPO = 'llm-app';

type Answer = (status: number, payload: unknown, headers?: Record<string, string>) => void;

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: FakeGitHubRequest[] = [];
  const comments: FakeComment[] = [];
  const sockets = new Set<Socket>();
  const maxPerPage = options.maxPerPage ?? 100;
  const now = options.now ?? Date.now;
  const isoNow = () => new Date(now()).toISOString();
  const limiter = new FakeRateLimiter(now, options.rateLimit ?? 1000);
  for (const refusal of options.refuse ?? []) limiter.refuseNext(refusal);
  const statusStore = createStatusStore(7_000_001);
  const pulls: FakePull[] = [];
  const faults: Array<InjectedAnswer & { left: number }> = [];
  let nextId = 9_000_001;
  let origin = '';

  const store = (owner: string, repo: string, issueNumber: number, body: string, login: string): FakeComment => {
    const now = isoNow();
    const id = nextId++;
    const comment: FakeComment = {
      id,
      owner,
      repo,
      issueNumber,
      body,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: now,
      updated_at: now,
      html_url: `https://github.com/${owner}/${repo}/pull/${issueNumber}#issuecomment-${id}`,
      edits: 0,
    };
    comments.push(comment);
    return comment;
  };
  for (const seed of options.seed ?? []) {
    store(seed.owner ?? DEFAULT_OWNER, seed.repo ?? DEFAULT_REPO, seed.issueNumber, seed.body, seed.login ?? 'octocat');
  }
  const addStatus = (seed: SeedStatus) => statusStore.add(seed, DEFAULT_OWNER, DEFAULT_REPO, isoNow());
  for (const seed of options.statuses ?? []) addStatus(seed);
  const setPull = (seed: SeedPull, defaultTime = isoNow()): FakePull => {
    const pull = toPull(seed, DEFAULT_OWNER, DEFAULT_REPO, defaultTime);
    const index = pulls.findIndex((p) => p.number === pull.number && p.owner === pull.owner && p.repo === pull.repo);
    if (index >= 0) pulls[index] = pull;
    else pulls.push(pull);
    return pull;
  };
  // Seeded pull requests were created (and last updated) one minute apart, in the order given.
  (options.pulls ?? []).forEach((seed, i) => setPull(seed, new Date(now() - ((options.pulls?.length ?? 0) - i) * 60_000).toISOString()));

  const render = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${origin}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: c.html_url,
    issue_url: `${origin}/repos/${c.owner}/${c.repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: { login: c.user.login, id: 1, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: 'NONE',
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake-github');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const record: FakeGitHubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: {
          authorization: single(req.headers.authorization),
          accept: single(req.headers.accept),
          'user-agent': single(req.headers['user-agent']),
        },
        body,
        status: 0,
      };
      requests.push(record);
      // A request with a bad token is answered before it counts against the repository's budget.
      const admission = authorized(req) ? limiter.admit() : undefined;
      const answer: Answer = (status, payload, headers = {}) => {
        record.status = status;
        send(res, status, payload, { ...(admission?.headers ?? limiter.current()), ...headers });
      };
      if (!admission) return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      if (admission.refusal) return answer(admission.refusal.status, admission.refusal.body, admission.refusal.headers);
      const fault = faults[0];
      if (fault) {
        if (--fault.left <= 0) faults.shift();
        record.status = fault.status ?? 500;
        const send = () =>
          sendRaw(res, record.status, fault.body ?? JSON.stringify({ message: 'Server Error' }), {
            ...admission.headers,
            ...fault.headers,
          });
        if (fault.delayMs) setTimeout(send, fault.delayMs);
        else send();
        return;
      }
      handle(req, url, body, answer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function authorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1];
    return Boolean(token) && (options.token === undefined || token === options.token);
  }

  function handle(req: IncomingMessage, url: URL, body: unknown, answer: Answer): void {
    const method = req.method ?? 'GET';
    const page: PageRequest = { origin, url, maxPerPage };
    const repoPath = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (url.pathname === '/user' && method === 'GET') {
      if (!options.authenticatedAs) return forbidden(answer);
      return answer(200, { login: options.authenticatedAs, id: 4242, type: 'User' });
    }
    if (!repoPath) return notFound(answer);
    const [, owner, repo, rest] = repoPath as unknown as [string, string, string, string];
    const status = /^\/statuses\/([^/]+)$/.exec(rest);
    if (status && method === 'POST') {
      const route = {
        origin,
        store: statusStore,
        now: isoNow,
        login: options.authenticatedAs ?? 'github-actions[bot]',
        forbidden: Boolean(options.forbidWrites || options.forbidStatusWrites),
      };
      return createStatus(route, owner, repo, decodeURIComponent(status[1] as string), body, answer);
    }
    const combined = /^\/commits\/([^/]+)\/status$/.exec(rest);
    if (combined && method === 'GET') {
      const resolveRef = (ref: string) => pulls.find((p) => p.owner === owner && p.repo === repo && p.headRef === ref)?.headSha;
      return getCombinedStatus(
        { origin, store: statusStore, page, resolveRef },
        owner,
        repo,
        decodeURIComponent(combined[1] as string),
        answer,
      );
    }
    if (rest === '/pulls' && method === 'GET') return listPulls({ origin, pulls, page }, owner, repo, answer);
    handleComments(method, owner, repo, rest, page, body, answer);
  }

  function handleComments(
    method: string,
    owner: string,
    repo: string,
    rest: string,
    page: PageRequest,
    body: unknown,
    answer: Answer,
  ): void {
    const list = /^\/issues\/(\d+)\/comments$/.exec(rest);
    const edit = /^\/issues\/comments\/(\d+)$/.exec(rest);
    if (list && method === 'GET') {
      const all = comments.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === Number(list[1]));
      const { items, headers } = paginate(all, page);
      return answer(200, items.map(render), headers);
    }
    if (list && method === 'POST') {
      if (options.forbidWrites) return forbidden(answer);
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length === 0) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
      }
      if (text.length > 65_536) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'too_long' }] });
      }
      return answer(201, render(store(owner, repo, Number(list[1]), text, options.authenticatedAs ?? 'github-actions[bot]')));
    }
    if (edit && method === 'PATCH') {
      if (options.forbidWrites) return forbidden(answer);
      const comment = comments.find((c) => c.id === Number(edit[1]) && c.owner === owner && c.repo === repo);
      if (!comment) return answer(404, { message: 'Not Found' });
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length === 0) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
      }
      comment.body = text;
      comment.updated_at = isoNow();
      comment.edits++;
      return answer(200, render(comment));
    }
    return notFound(answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: origin,
    requests,
    comments,
    commentsOn: (issueNumber, owner = DEFAULT_OWNER, repo = DEFAULT_REPO) =>
      comments.filter((c) => c.issueNumber === issueNumber && c.owner === owner && c.repo === repo),
    statuses: statusStore.statuses,
    statusesOf: (sha, owner = DEFAULT_OWNER, repo = DEFAULT_REPO) =>
      statusStore.statuses.filter((s) => s.sha === sha.toLowerCase() && s.owner === owner && s.repo === repo),
    latestStatus: (sha, context, owner = DEFAULT_OWNER, repo = DEFAULT_REPO) =>
      latestPerContext(statusStore.statuses, owner, repo, sha).find((s) => s.context.toLowerCase() === context.toLowerCase()),
    addStatus,
    pulls,
    setPull: (seed) => setPull(seed),
    refuseNext: (refusal) => limiter.refuseNext(refusal),
    answerNext: (fault) => faults.push({ ...fault, left: fault.requests ?? 1 }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forbidden(answer: Answer): void {
  answer(403, {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/issues/comments',
    status: '403',
  });
}

function notFound(answer: Answer): void {
  answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>): void {
  sendRaw(res, status, JSON.stringify(payload), headers);
}

function sendRaw(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  // A client that gave up (timeout, cancellation) has closed the socket: nothing to send.
  if (res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-github-media-type': 'github.v3; format=json',
    ...headers,
  });
  res.end(text);
}
