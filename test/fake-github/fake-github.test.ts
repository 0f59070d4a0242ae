/**
 * Conformance of the fake GitHub's commit status, pull request and rate-limit endpoints with GitHub's REST
 * reference (shapes, status codes, pagination, the combined-state rule), so tests built on it test against
 * what GitHub does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './server.ts';

const SHA = 'a'.repeat(40);
const OTHER_SHA = 'b'.repeat(40);
const TOKEN = 'ghs_faketoken';
const REPO = '/repos/acme/llm-app';

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  github = await startFakeGitHub({ token: TOKEN, ...options });
  return github;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  json: any;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token = TOKEN): Promise<Reply> {
  const response = await request(`${(github as FakeGitHub).url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
  return { status: response.statusCode, headers, json: await response.body.json() };
}

const post = (sha: string, body: unknown, token?: string) => call('POST', `${REPO}/statuses/${sha}`, body, token);
const combined = (ref: string, query = '') => call('GET', `${REPO}/commits/${ref}/status${query}`);

describe('POST /repos/{owner}/{repo}/statuses/{sha}', () => {
  it('answers 201 with the status object and records it', async () => {
    const fake = await start({ now: () => Date.parse('2026-03-01T10:00:00Z') });
    const reply = await post(SHA, { state: 'pending', context: 'MKA1 eval / s1', description: 'Waiting', target_url: 'https://x/1' });
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({
      url: `${fake.url}${REPO}/statuses/${SHA}`,
      avatar_url: expect.stringMatching(/^https:\/\//),
      id: expect.any(Number),
      node_id: expect.any(String),
      state: 'pending',
      description: 'Waiting',
      target_url: 'https://x/1',
      context: 'MKA1 eval / s1',
      created_at: '2026-03-01T10:00:00.000Z',
      updated_at: '2026-03-01T10:00:00.000Z',
      creator: { login: 'github-actions[bot]', id: expect.any(Number), type: 'Bot' },
    });
    expect(reply.headers.location).toBe(`${fake.url}${REPO}/statuses/${SHA}`);
    expect(fake.statusesOf(SHA)).toMatchObject([{ id: reply.json.id, state: 'pending', context: 'MKA1 eval / s1' }]);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `${REPO}/statuses/${SHA}`,
        query: {},
        headers: { authorization: `Bearer ${TOKEN}`, accept: undefined, 'user-agent': undefined },
        body: { state: 'pending', context: 'MKA1 eval / s1', description: 'Waiting', target_url: 'https://x/1' },
        status: 201,
      },
    ]);
  });

  it('defaults the context to `default` and description/target_url to null; writes as the authenticated user', async () => {
    await start({ authenticatedAs: 'release-bot' });
    const reply = await post(SHA, { state: 'success' });
    expect(reply.json).toMatchObject({
      context: 'default',
      description: null,
      target_url: null,
      creator: { login: 'release-bot', type: 'User' },
    });
  });

  it.each([
    ['a missing state', {}, /"state" wasn't supplied/],
    ['an unknown state', { state: 'done' }, /"done" is not one of \["pending","success","failure","error"\]/],
    ['a state that is not a string', { state: 1 }, /is not one of/],
    ['a description that is not a string', { state: 'error', description: 5 }, /properties\/description/],
    ['a context that is not a string', { state: 'error', context: ['x'] }, /properties\/context/],
    ['a target_url that is not a string', { state: 'error', target_url: {} }, /properties\/target_url/],
  ])('answers 422 to %s and stores nothing', async (_what, body, message) => {
    const fake = await start();
    const reply = await post(SHA, body);
    expect(reply.status).toBe(422);
    expect(reply.json.message).toMatch(message);
    expect(fake.statuses).toEqual([]);
  });

  it('accepts a description of 140 characters (code points) and refuses 141 with 422', async () => {
    const fake = await start();
    expect((await post(SHA, { state: 'pending', description: 'x'.repeat(140) })).status).toBe(201);
    // 140 astral characters are 280 UTF-16 units, still 140 characters.
    expect((await post(SHA, { state: 'pending', description: '😀'.repeat(140) })).status).toBe(201);
    const tooLong = await post(SHA, { state: 'pending', description: 'x'.repeat(141) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Status', field: 'description', code: 'custom', message: expect.stringMatching(/maximum is 140/) }],
    });
    expect(fake.statuses).toHaveLength(2);
  });

  it.each(['abc', 'g'.repeat(40), 'a'.repeat(39), 'a'.repeat(41)])('answers 422 to the SHA %s', async (sha) => {
    const fake = await start();
    const reply = await post(sha, { state: 'pending' });
    expect(reply.status).toBe(422);
    expect(reply.json.message).toBe(`No commit found for SHA: ${sha}`);
    expect(fake.statuses).toEqual([]);
  });

  it('answers 400 to a body that is not a JSON object', async () => {
    await start();
    expect((await post(SHA, '{not json')).status).toBe(400);
    expect((await post(SHA, ['pending'])).status).toBe(400);
  });

  it('answers 403 "Resource not accessible by integration" to a fork token (forbidWrites) and stores nothing', async () => {
    const fake = await start({ forbidWrites: true });
    const reply = await post(SHA, { state: 'pending' });
    expect(reply.status).toBe(403);
    expect(reply.json.message).toBe('Resource not accessible by integration');
    expect(fake.statuses).toEqual([]);
  });

  it('forbidStatusWrites refuses status writes only: comments are still written', async () => {
    const fake = await start({ forbidStatusWrites: true });
    expect((await post(SHA, { state: 'pending' })).status).toBe(403);
    expect((await call('POST', `${REPO}/issues/7/comments`, { body: 'hello' })).status).toBe(201);
    expect(fake.commentsOn(7)).toHaveLength(1);
  });

  it('answers 401 "Bad credentials" to another token', async () => {
    const fake = await start();
    const reply = await post(SHA, { state: 'pending' }, 'ghs_wrong');
    expect(reply.status).toBe(401);
    expect(reply.json.message).toBe('Bad credentials');
    expect(fake.statuses).toEqual([]);
  });

  it('refuses the 1,001st status of one SHA and context with 422', async () => {
    const fake = await start();
    for (let i = 0; i < 1000; i++) fake.addStatus({ sha: SHA, state: 'pending', context: 'ci' });
    const reply = await post(SHA, { state: 'success', context: 'CI' });
    expect(reply.status).toBe(422);
    expect(reply.json.errors[0].message).toMatch(/maximum number of statuses/);
    expect((await post(SHA, { state: 'success', context: 'other' })).status).toBe(201);
  });
});

describe('GET /repos/{owner}/{repo}/commits/{ref}/status', () => {
  it('answers the documented shape with the latest status of each context', async () => {
    const fake = await start({
      statuses: [
        { sha: SHA, state: 'pending', context: 'ci', description: 'first' },
        { sha: SHA, state: 'success', context: 'lint' },
        { sha: SHA, state: 'success', context: 'ci', description: 'second' },
        { sha: OTHER_SHA, state: 'failure', context: 'ci' },
      ],
    });
    const reply = await combined(SHA);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      state: 'success',
      sha: SHA,
      total_count: 2,
      statuses: [
        expect.objectContaining({ state: 'success', context: 'ci', description: 'second', id: expect.any(Number), target_url: null }),
        expect.objectContaining({ state: 'success', context: 'lint' }),
      ],
      repository: expect.objectContaining({
        full_name: 'acme/llm-app',
        name: 'llm-app',
        owner: expect.objectContaining({ login: 'acme' }),
      }),
      commit_url: `${fake.url}${REPO}/commits/${SHA}`,
      url: `${fake.url}${REPO}/commits/${SHA}/status`,
    });
    // A combined status lists statuses without their creator (GitHub's simple-commit-status).
    expect(reply.json.statuses[0]).not.toHaveProperty('creator');
    expect(Object.keys(reply.json.statuses[0]).sort()).toEqual(
      ['avatar_url', 'context', 'created_at', 'description', 'id', 'node_id', 'state', 'target_url', 'updated_at', 'url'].sort(),
    );
  });

  it('compares contexts case-insensitively, as GitHub does: a later status of `CI` replaces `ci`', async () => {
    const fake = await start({ statuses: [{ sha: SHA, state: 'pending', context: 'ci' }] });
    await post(SHA, { state: 'failure', context: 'CI' });
    const reply = await combined(SHA);
    expect(reply.json.total_count).toBe(1);
    expect(reply.json.statuses).toMatchObject([{ state: 'failure', context: 'CI' }]);
    expect(fake.latestStatus(SHA, 'ci')?.state).toBe('failure');
  });

  it.each([
    ['no status at all', 'pending', []],
    ['every context success', 'success', ['success', 'success']],
    ['one context pending', 'pending', ['success', 'pending']],
    ['one context failure', 'failure', ['success', 'failure']],
    ['one context error', 'failure', ['success', 'error']],
    ['error and pending', 'failure', ['pending', 'error']],
  ] as const)('combined state with %s is %s', async (_what, expected, states) => {
    await start({ statuses: states.map((state, i) => ({ sha: SHA, state, context: `c${i}` })) });
    expect((await combined(SHA)).json.state).toBe(expected);
  });

  it('a later success of the same context replaces its failure in the combined state', async () => {
    await start({ statuses: [{ sha: SHA, state: 'failure', context: 'ci' }] });
    expect((await combined(SHA)).json.state).toBe('failure');
    await post(SHA, { state: 'success', context: 'ci' });
    expect((await combined(SHA)).json.state).toBe('success');
  });

  it('paginates contexts with per_page/page and a Link header; total_count and state cover every context', async () => {
    const contexts = ['c0', 'c1', 'c2', 'c3', 'c4'];
    const fake = await start({
      statuses: contexts.map((context) => ({ sha: SHA, state: context === 'c4' ? ('failure' as const) : ('success' as const), context })),
    });
    const first = await combined(SHA, '?per_page=2');
    expect(first.json.statuses.map((s: any) => s.context)).toEqual(['c0', 'c1']);
    expect(first.json).toMatchObject({ total_count: 5, state: 'failure' });
    const base = `${fake.url}${REPO}/commits/${SHA}/status`;
    expect(first.headers.link).toBe(`<${base}?per_page=2&page=2>; rel="next", <${base}?per_page=2&page=3>; rel="last"`);
    const last = await combined(SHA, '?per_page=2&page=3');
    expect(last.json.statuses.map((s: any) => s.context)).toEqual(['c4']);
    expect(last.headers.link).toBe(`<${base}?per_page=2&page=2>; rel="prev", <${base}?per_page=2&page=1>; rel="first"`);
  });

  it('caps per_page at 100, defaults it to 30, and sends no Link header when one page holds everything', async () => {
    await start({ statuses: Array.from({ length: 120 }, (_, i) => ({ sha: SHA, state: 'success' as const, context: `c${i}` })) });
    expect((await combined(SHA)).json.statuses).toHaveLength(30);
    const big = await combined(SHA, '?per_page=500');
    expect(big.json.statuses).toHaveLength(100);
    expect(big.headers.link).toMatch(/rel="next"/);
    const small = await combined(OTHER_SHA);
    expect(small.json).toMatchObject({ state: 'pending', total_count: 0, statuses: [] });
    expect(small.headers.link).toBeUndefined();
  });

  it("resolves a pull request's head branch, and answers 422 to a ref it does not know", async () => {
    await start({ pulls: [{ number: 3, headSha: SHA, headRef: 'feature-x' }], statuses: [{ sha: SHA, state: 'success' }] });
    expect((await combined('feature-x')).json).toMatchObject({ sha: SHA, state: 'success' });
    const unknown = await combined('nope');
    expect(unknown.status).toBe(422);
    expect(unknown.json.message).toBe('No commit found for SHA: nope');
  });
});

describe('GET /repos/{owner}/{repo}/pulls', () => {
  const seeds = [1, 2, 3, 4, 5].map((n) => ({ number: n, headSha: String(n).repeat(40) }));

  it('lists open pull requests with the documented fields', async () => {
    const fake = await start({
      pulls: [
        { number: 7, headSha: SHA, headRef: 'fix', headRepo: 'mallory/llm-app' },
        { number: 8, headSha: OTHER_SHA, state: 'closed' },
      ],
    });
    const reply = await call('GET', `${REPO}/pulls?state=open`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual([
      expect.objectContaining({
        number: 7,
        state: 'open',
        html_url: 'https://github.com/acme/llm-app/pull/7',
        url: `${fake.url}${REPO}/pulls/7`,
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        head: expect.objectContaining({
          sha: SHA,
          ref: 'fix',
          repo: expect.objectContaining({ full_name: 'mallory/llm-app', fork: true }),
        }),
        base: expect.objectContaining({ ref: 'main', repo: expect.objectContaining({ full_name: 'acme/llm-app', fork: false }) }),
      }),
    ]);
    expect(reply.headers.link).toBeUndefined();
  });

  it('sorts by updated, newest first, and pages with Link rel="next" and rel="last" (other parameters kept)', async () => {
    const fake = await start({ pulls: seeds });
    fake.setPull({ number: 2, headSha: 'f'.repeat(40), updatedAt: '2100-01-01T00:00:00Z' });
    const query = '?state=open&sort=updated&direction=desc&per_page=2';
    const first = await call('GET', `${REPO}/pulls${query}`);
    expect(first.json.map((p: any) => p.number)).toEqual([2, 5]);
    expect(first.json[0].head.sha).toBe('f'.repeat(40));
    const base = `${fake.url}${REPO}/pulls?state=open&sort=updated&direction=desc&per_page=2`;
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const second = await call('GET', `${REPO}/pulls${query}&page=2`);
    expect(second.json.map((p: any) => p.number)).toEqual([4, 3]);
    expect(second.headers.link).toContain('rel="next"');
    const third = await call('GET', `${REPO}/pulls${query}&page=3`);
    expect(third.json.map((p: any) => p.number)).toEqual([1]);
    expect(third.headers.link).not.toContain('rel="next"');
  });

  it('defaults to open, created, newest first; direction defaults to asc for other sorts', async () => {
    const fake = await start({ pulls: seeds });
    fake.setPull({ number: 3, headSha: SHA, state: 'closed' });
    expect((await call('GET', `${REPO}/pulls`)).json.map((p: any) => p.number)).toEqual([5, 4, 2, 1]);
    expect((await call('GET', `${REPO}/pulls?sort=updated`)).json.map((p: any) => p.number)).toEqual([1, 2, 4, 5]);
    expect((await call('GET', `${REPO}/pulls?state=closed`)).json.map((p: any) => p.number)).toEqual([3]);
    expect((await call('GET', `${REPO}/pulls?state=all`)).json).toHaveLength(5);
  });

  it('shows a deleted fork as head.repo null', async () => {
    await start({ pulls: [{ number: 9, headSha: SHA, headRepo: null }] });
    expect((await call('GET', `${REPO}/pulls`)).json[0].head).toMatchObject({ sha: SHA, repo: null });
  });

  it.each(['state=merged', 'sort=name', 'direction=up'])('answers 422 to %s', async (query) => {
    await start({ pulls: seeds });
    const reply = await call('GET', `${REPO}/pulls?${query}`);
    expect(reply.status).toBe(422);
    expect(reply.json.message).toBe('Validation Failed');
  });
});

describe('rate limits', () => {
  const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used', 'x-ratelimit-resource'];

  it('sends the rate-limit headers on every answer and counts requests', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    await start({ now: () => now });
    const replies = [
      await combined(SHA),
      await post(SHA, { state: 'pending' }),
      await call('GET', `${REPO}/pulls`),
      await call('GET', `${REPO}/nothing`),
      await post(SHA, { state: 'pending' }, 'ghs_wrong'),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 201, 200, 404, 401]);
    for (const reply of replies) for (const header of RATE_HEADERS) expect(reply.headers).toHaveProperty(header);
    expect(replies.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['999', '998', '997', '996', '996']);
    expect(replies[3]?.headers).toMatchObject({ 'x-ratelimit-limit': '1000', 'x-ratelimit-used': '4', 'x-ratelimit-resource': 'core' });
    expect(replies[0]?.headers['x-ratelimit-reset']).toBe(String(now / 1000 + 3600));
  });

  it('answers 403 with x-ratelimit-remaining 0 once the hourly budget is spent, until the reset', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const fake = await start({ rateLimit: 2, now: () => now });
    await combined(SHA);
    await combined(SHA);
    const refused = await post(SHA, { state: 'pending' });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/API rate limit exceeded/);
    expect(refused.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3600) });
    expect(fake.statuses).toEqual([]);
    now += 3600_000;
    expect((await post(SHA, { state: 'pending' })).status).toBe(201);
  });

  it('refuses the next N requests with a primary limit (403 or 429, remaining 0, reset), then answers again', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const fake = await start({ now: () => now });
    fake.refuseNext({ kind: 'primary', status: 429, requests: 2, resetInSeconds: 42 });
    const first = await combined(SHA);
    const second = await post(SHA, { state: 'pending' });
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(first.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 42) });
    expect(first.headers['retry-after']).toBeUndefined();
    expect((await combined(SHA)).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('refuses with a secondary limit: retry-after (or none), remaining above 0', async () => {
    await start({
      refuse: [
        { kind: 'secondary', retryAfterSeconds: 7 },
        { kind: 'secondary', status: 429, retryAfterSeconds: null },
      ],
    });
    const withHeader = await combined(SHA);
    expect(withHeader.status).toBe(403);
    expect(withHeader.json.message).toMatch(/secondary rate limit/);
    expect(withHeader.headers['retry-after']).toBe('7');
    expect(Number(withHeader.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    const without = await combined(SHA);
    expect(without.status).toBe(429);
    expect(without.headers['retry-after']).toBeUndefined();
    expect((await combined(SHA)).status).toBe(200);
  });
});

describe('injected answers', () => {
  it('answers the next N authorized requests with the fault, with rate-limit headers, then normally', async () => {
    const fake = await start();
    fake.answerNext({ status: 502, requests: 2 });
    fake.answerNext({ status: 200, body: '<html>', headers: { link: '<x>; rel="next"' } });
    expect((await combined(SHA, '')).status).toBe(502);
    expect((await post(SHA, { state: 'pending' }, 'ghs_wrong')).status).toBe(401);
    const second = await call('GET', `${REPO}/pulls`);
    expect(second.status).toBe(502);
    expect(second.headers).toHaveProperty('x-ratelimit-remaining');
    const html = await request(`${fake.url}${REPO}/pulls`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([html.statusCode, await html.body.text(), html.headers.link]).toEqual([200, '<html>', '<x>; rel="next"']);
    expect((await post(SHA, { state: 'pending' })).status).toBe(201);
    expect(fake.statuses).toHaveLength(1);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 401, 502, 200, 201]);
  });
});
