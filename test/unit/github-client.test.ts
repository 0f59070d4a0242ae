/**
 * The GitHub client against the fake GitHub: what it sends, how it classifies failures, when it retries,
 * when it waits out a rate limit and when it reports one, and that nothing outlives the deadline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { githubApiUrl, parseRepository, repoPath, type GitHubCall } from '../../src/github/client.ts';
import { GitHubError, type GitHubErrorKind } from '../../src/github/errors.ts';
import { GH_TOKEN, HEAD, REPO, githubFixture, type GitHubFixture } from './github-fixture.ts';

let fixture: GitHubFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setup(...args: Parameters<typeof githubFixture>): Promise<GitHubFixture> {
  fixture = await githubFixture(...args);
  return fixture;
}

const READ: GitHubCall = { operation: 'read-status', method: 'GET', path: repoPath(REPO, 'commits', HEAD, 'status') };

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

function expectKind(error: GitHubError, kind: GitHubErrorKind, status?: number): void {
  expect({ kind: error.kind, status: error.status }).toEqual({ kind, status });
}

describe('requests', () => {
  it('sends the token as a bearer, GitHub media type, API version and user agent, to GITHUB_API_URL', async () => {
    const { fake, client } = await setup();
    const answer = await client.call({ ...READ, query: { per_page: '100', page: '1' } });
    expect(answer.status).toBe(200);
    expect(fake.requests).toMatchObject([
      {
        method: 'GET',
        path: `/repos/acme/llm-app/commits/${HEAD}/status`,
        query: { per_page: '100', page: '1' },
        headers: { authorization: `Bearer ${GH_TOKEN}`, accept: 'application/vnd.github+json', 'user-agent': 'mka1-eval-gate/test' },
      },
    ]);
  });

  it('keeps the rate-limit headers of the last answer', async () => {
    const { client } = await setup({ rateLimit: 50 });
    await client.call(READ);
    await client.call(READ);
    expect(client.lastRateLimit).toMatchObject({ limit: 50, remaining: 48, used: 2, resource: 'core' });
  });

  it('sends nothing without a token', async () => {
    const { fake, clientWith } = await setup();
    const error = await failure(clientWith({ token: '' }).call(READ));
    expectKind(error, 'auth');
    expect(error.message).toMatch(/no GitHub token/);
    expect(fake.requests).toEqual([]);
  });
});

describe('failures', () => {
  it('401 is an auth error naming `github-token`, not retried', async () => {
    const { fake, clientWith } = await setup();
    const error = await failure(clientWith({ token: 'ghs_wrong' }).call(READ));
    expectKind(error, 'auth', 401);
    expect(error.message).toMatch(/Bad credentials.*`github-token`/);
    expect(fake.requests).toHaveLength(1);
  });

  it('403 to a status write names `statuses: write`, forks and `mode: wait`', async () => {
    const { client } = await setup({ forbidWrites: true });
    const error = await failure(
      client.call({ operation: 'create-status', method: 'POST', path: repoPath(REPO, 'statuses', HEAD), body: { state: 'pending' } }),
    );
    expectKind(error, 'auth', 403);
    expect(error.message).toMatch(/Resource not accessible by integration/);
    expect(error.message).toMatch(/`permissions: statuses: write`.*forks.*`mode: wait`/);
  });

  it('403 to a pull request list names `pull-requests: read`', async () => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 403, body: JSON.stringify({ message: 'Resource not accessible by integration' }) });
    const error = await failure(client.call({ operation: 'list-pulls', method: 'GET', path: repoPath(REPO, 'pulls') }));
    expectKind(error, 'auth', 403);
    expect(error.message).toMatch(/`permissions: pull-requests: read`/);
  });

  it('404 is rejected and 422 a validation error, with GitHub messages; neither is retried', async () => {
    const { fake, client } = await setup();
    const notFound = await failure(client.call({ ...READ, path: repoPath(REPO, 'nothing') }));
    expectKind(notFound, 'rejected', 404);
    expect(notFound.message).toMatch(/Not Found.*not visible to this token/);
    const invalid = await failure(client.call({ ...READ, path: repoPath(REPO, 'commits', 'nope', 'status') }));
    expectKind(invalid, 'validation', 422);
    expect(invalid.message).toMatch(/No commit found for SHA: nope/);
    expect(fake.requests).toHaveLength(2);
  });

  it('quotes GitHub only redacted, on one line and cut: no token, no line break, no workflow command', async () => {
    const { fake, client } = await setup();
    const body = { message: `bad ${GH_TOKEN}\n::error::forged\r\n${'x'.repeat(1000)}`, errors: [{ message: 'second' }] };
    fake.answerNext({ status: 422, body: JSON.stringify(body) });
    const error = await failure(client.call(READ));
    expect(error.message).not.toContain(GH_TOKEN);
    expect(error.message).toContain('bad ***');
    // One line that starts with the endpoint: the forged command can never start a line of the log.
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
    expect(error.message).toMatch(/^GET \/repos\//);
    expect(error.message.length).toBeLessThan(600);
  });
});

describe('retries', () => {
  it('retries a 5xx with backoff and succeeds', async () => {
    const { fake, client, time } = await setup();
    fake.answerNext({ status: 502, requests: 2 });
    const answer = await client.call(READ);
    expect(answer.status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 502, 200]);
    // random() = 1: the backoff ceiling, 1 s then 2 s.
    expect(time.delays()).toEqual([1000, 2000]);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('gives up after 3 attempts with a transient error', async () => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 503, requests: 5 });
    expectKind(await failure(client.call(READ)), 'transient', 503);
    expect(fake.requests).toHaveLength(3);
  });

  it('retries a 2xx that is not JSON, as an unusable answer', async () => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 200, body: '<html>proxy</html>', requests: 3 });
    const error = await failure(client.call(READ));
    expectKind(error, 'unusable');
    expect(error.message).toMatch(/not JSON: <html>proxy<\/html>/);
    expect(fake.requests).toHaveLength(3);
  });

  it('does not back off past the deadline: the error comes at once', async () => {
    const { fake, clientWith, time } = await setup();
    fake.answerNext({ status: 500, requests: 3 });
    const error = await failure(clientWith({ deadline: fixture!.clock.now() + 1_500 }).call(READ));
    expectKind(error, 'transient', 500);
    expect(fake.requests).toHaveLength(2);
    expect(time.delays()).toEqual([1000]);
  });

  it('a slow answer is cut at the request timeout and retried', async () => {
    const { fake, clientWith } = await setup();
    fake.answerNext({ status: 200, body: '{}', delayMs: 2_000 });
    const answer = await clientWith({ requestTimeoutMs: 150 }).call(READ);
    expect(answer.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
  });

  it('an answer still pending at the deadline is a deadline error', async () => {
    const { fake, clientWith } = await setup();
    fake.answerNext({ status: 200, body: '{}', delayMs: 2_000 });
    const started = Date.now();
    const error = await failure(clientWith({ deadline: fixture!.clock.now() + 150 }).call(READ));
    expectKind(error, 'deadline');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('sends nothing once the deadline has passed or the job was cancelled', async () => {
    const { fake, clientWith } = await setup();
    expectKind(await failure(clientWith({ deadline: fixture!.clock.now() }).call(READ)), 'deadline');
    const controller = new AbortController();
    controller.abort('job cancelled');
    const aborted = await failure(clientWith({ signal: controller.signal }).call(READ));
    expectKind(aborted, 'aborted');
    expect(aborted.message).toMatch(/job cancelled/);
    expect(fake.requests).toEqual([]);
  });
});

describe('rate limits', () => {
  it('waits out a primary limit whose reset is near and before the deadline, then answers', async () => {
    const { fake, client, time } = await setup({ refuse: [{ kind: 'primary', resetInSeconds: 30 }] });
    expect((await client.call(READ)).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(time.delays()).toEqual([30_000]);
    expect(client.stats).toMatchObject({ rateLimitWaits: 1, rateLimitWaitedMs: 30_000, retries: 0 });
  });

  it('a 429 with remaining 0 is the primary limit too', async () => {
    const { client, time } = await setup({ refuse: [{ kind: 'primary', status: 429, resetInSeconds: 5 }] });
    expect((await client.call(READ)).status).toBe(200);
    expect(time.delays()).toEqual([5_000]);
  });

  it('waits retry-after for a secondary limit, and a minute when it names no time', async () => {
    const { client, time } = await setup({
      refuse: [
        { kind: 'secondary', retryAfterSeconds: 7 },
        { kind: 'secondary', status: 429, retryAfterSeconds: null },
      ],
    });
    expect((await client.call(READ)).status).toBe(200);
    expect(time.delays()).toEqual([7_000, 60_000]);
  });

  it('reports a limit that ends after the deadline at once: rate-limited, with when GitHub accepts again', async () => {
    const { fake, clientWith, clock, time } = await setup({ refuse: [{ kind: 'primary', resetInSeconds: 50 }] });
    const resetAt = (Math.floor(clock.now() / 1000) + 50) * 1000;
    const error = await failure(clientWith({ deadline: clock.now() + 40_000 }).call(READ));
    expectKind(error, 'rate-limited', 403);
    expect(error).toMatchObject({ limit: 'primary', retryAtMs: resetAt });
    expect(error.message).toMatch(/primary rate limit \(reset in 50s\); it ends after the deadline/);
    expect(time.delays()).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a limit longer than the longest wait, even with time left', async () => {
    const { clientWith, time } = await setup({ refuse: [{ kind: 'primary', resetInSeconds: 600 }] });
    const error = await failure(clientWith({ deadline: fixture!.clock.now() + 3_600_000 }).call(READ));
    expectKind(error, 'rate-limited', 403);
    expect(error.message).toMatch(/longer than the 60s the gate waits for it/);
    expect(time.delays()).toEqual([]);
  });

  it('maxRateLimitWaitMs 0 never waits', async () => {
    const { clientWith } = await setup({ refuse: [{ kind: 'secondary', retryAfterSeconds: 1 }] });
    expectKind(await failure(clientWith({ maxRateLimitWaitMs: 0 }).call(READ)), 'rate-limited', 403);
  });

  it('a limit that refuses again after two waits is reported', async () => {
    const { fake, client, time } = await setup({ refuse: [{ kind: 'secondary', retryAfterSeconds: 2, requests: 3 }] });
    const error = await failure(client.call(READ));
    expectKind(error, 'rate-limited', 403);
    expect(error.message).toMatch(/still limited after 2 waits/);
    expect(time.delays()).toEqual([2_000, 2_000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('a 403 without any sign of a rate limit is a permission problem', async () => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 403, body: JSON.stringify({ message: 'Must have admin rights to Repository.' }) });
    expectKind(await failure(client.call(READ)), 'auth', 403);
  });
});

describe('addresses', () => {
  it('repoPath encodes every segment and refuses dot segments', () => {
    expect(repoPath({ owner: 'acme', repo: 'llm.app' }, 'commits', 'a b?c#d', 'status')).toBe(
      '/repos/acme/llm.app/commits/a%20b%3Fc%23d/status',
    );
    expect(repoPath({ owner: 'a/b', repo: 'x' }, 'pulls')).toBe('/repos/a%2Fb/x/pulls');
    expect(() => repoPath({ owner: 'acme', repo: '..' }, 'pulls')).toThrow(RangeError);
    expect(() => repoPath({ owner: 'acme', repo: 'x' }, '.', 'pulls')).toThrow(RangeError);
    expect(() => repoPath({ owner: '', repo: 'x' }, 'pulls')).toThrow(RangeError);
  });

  it('parseRepository reads GITHUB_REPOSITORY as owner/name and nothing else', () => {
    expect(parseRepository('acme/llm-app')).toEqual({ owner: 'acme', repo: 'llm-app' });
    expect(parseRepository('my-org/.github')).toEqual({ owner: 'my-org', repo: '.github' });
    for (const bad of [undefined, '', 'acme', 'acme/', '/x', 'a/b/c', 'acme/..', 'acme/.', 'ac me/x', 'acme/x\n', '-acme/x']) {
      expect(parseRepository(bad)).toBeUndefined();
    }
  });

  it('githubApiUrl takes GITHUB_API_URL when it is an http(s) URL, else api.github.com', () => {
    expect(githubApiUrl({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
    expect(githubApiUrl({ GITHUB_API_URL: 'http://127.0.0.1:4000' })).toBe('http://127.0.0.1:4000');
    expect(githubApiUrl({})).toBe('https://api.github.com');
    expect(githubApiUrl({ GITHUB_API_URL: 'file:///etc/passwd' })).toBe('https://api.github.com');
    expect(githubApiUrl({ GITHUB_API_URL: 'https://x.test?q=1' })).toBe('https://api.github.com');
  });
});
