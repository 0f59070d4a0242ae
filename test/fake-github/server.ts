/**
 * A small fake of the GitHub REST API on 127.0.0.1, covering what src/comment.ts calls:
 *
 * - GET   /repos/{owner}/{repo}/issues/{n}/comments   (per_page/page, Link header pagination)
 * - POST  /repos/{owner}/{repo}/issues/{n}/comments   (create)
 * - PATCH /repos/{owner}/{repo}/issues/comments/{id}  (edit)
 *
 * It records every request and keeps the comments it stores, so tests can assert what the
 * action sent and what a pull request would show. The action reaches it through GITHUB_API_URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

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
  /** Answer 403 to POST and PATCH, as GitHub does for a fork's read-only token. */
  forbidWrites?: boolean;
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

export interface FakeGitHub {
  url: string;
  requests: FakeGitHubRequest[];
  /** Every stored comment, in creation order. */
  comments: FakeComment[];
  /** Stored comments of one issue or pull request. */
  commentsOn(issueNumber: number, owner?: string, repo?: string): FakeComment[];
  close(): Promise<void>;
}

const DEFAULT_OWNER = 'acme';
const DEFAULT_REPO = 'llm-app';

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: FakeGitHubRequest[] = [];
  const comments: FakeComment[] = [];
  const sockets = new Set<Socket>();
  const maxPerPage = options.maxPerPage ?? 100;
  let nextId = 9_000_001;
  let origin = '';

  const store = (owner: string, repo: string, issueNumber: number, body: string, login: string): FakeComment => {
    const now = new Date().toISOString();
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
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        send(res, status, payload, headers);
      };
      handle(req, url, body, answer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(
    req: IncomingMessage,
    url: URL,
    body: unknown,
    answer: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): void {
    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1];
    if (!token || (options.token !== undefined && token !== options.token)) {
      return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const edit = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const method = req.method ?? 'GET';
    const forbidden = () =>
      answer(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments',
        status: '403',
      });

    if (url.pathname === '/user' && method === 'GET') {
      if (!options.authenticatedAs) return forbidden();
      return answer(200, { login: options.authenticatedAs, id: 4242, type: 'User' });
    }
    if (list && method === 'GET') {
      const [, owner, repo, issue] = list as unknown as [string, string, string, string];
      const perPage = Math.min(maxPerPage, Math.max(1, Number(url.searchParams.get('per_page') ?? '30') || 30));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const all = comments.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === Number(issue));
      const lastPage = Math.max(1, Math.ceil(all.length / perPage));
      const data = all.slice((page - 1) * perPage, page * perPage).map(render);
      const link = (p: number, rel: string) => {
        const target = new URL(`${origin}${url.pathname}`);
        target.searchParams.set('per_page', String(perPage));
        target.searchParams.set('page', String(p));
        return `<${target.href}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
      if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
      return answer(200, data, links.length > 0 ? { link: links.join(', ') } : {});
    }
    if (list && method === 'POST') {
      if (options.forbidWrites) return forbidden();
      const [, owner, repo, issue] = list as unknown as [string, string, string, string];
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length === 0) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
      }
      if (text.length > 65_536) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'too_long' }] });
      }
      return answer(201, render(store(owner, repo, Number(issue), text, options.authenticatedAs ?? 'github-actions[bot]')));
    }
    if (edit && method === 'PATCH') {
      if (options.forbidWrites) return forbidden();
      const [, owner, repo, id] = edit as unknown as [string, string, string, string];
      const comment = comments.find((c) => c.id === Number(id) && c.owner === owner && c.repo === repo);
      if (!comment) return answer(404, { message: 'Not Found' });
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length === 0) {
        return answer(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
      }
      comment.body = text;
      comment.updated_at = new Date().toISOString();
      comment.edits++;
      return answer(200, render(comment));
    }
    return answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
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
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-github-media-type': 'github.v3; format=json',
    ...headers,
  });
  res.end(text);
}
