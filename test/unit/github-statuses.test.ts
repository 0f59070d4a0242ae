/** createStatus and getCombinedStatus against the fake GitHub. */
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubError } from '../../src/github/errors.ts';
import { createStatus, getCombinedStatus } from '../../src/github/statuses.ts';
import { HEAD, REPO, githubFixture, type GitHubFixture } from './github-fixture.ts';

let fixture: GitHubFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setup(...args: Parameters<typeof githubFixture>): Promise<GitHubFixture> {
  fixture = await githubFixture(...args);
  return fixture;
}

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

const CONTEXT = 'MKA1 eval / suite_1';

describe('createStatus', () => {
  it('posts state, context, description and target_url and returns the status as GitHub stored it', async () => {
    const { fake, client, clock } = await setup();
    const status = await createStatus(client, REPO, HEAD, {
      state: 'pending',
      context: CONTEXT,
      description: 'Waiting for run_1: in_progress 3/10',
      targetUrl: 'https://github.com/acme/llm-app/actions/runs/42',
    });
    expect(fake.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      [
        'POST',
        `/repos/acme/llm-app/statuses/${HEAD}`,
        {
          state: 'pending',
          context: CONTEXT,
          description: 'Waiting for run_1: in_progress 3/10',
          target_url: 'https://github.com/acme/llm-app/actions/runs/42',
        },
      ],
    ]);
    const stored = fake.latestStatus(HEAD, CONTEXT);
    expect(status).toEqual({
      id: stored?.id,
      state: 'pending',
      context: CONTEXT,
      description: 'Waiting for run_1: in_progress 3/10',
      targetUrl: 'https://github.com/acme/llm-app/actions/runs/42',
      createdAt: new Date(clock.now()).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
    });
  });

  it('leaves out description and target_url when not given', async () => {
    const { fake, client } = await setup();
    await createStatus(client, REPO, HEAD, { state: 'success', context: CONTEXT });
    expect(fake.requests[0]?.body).toEqual({ state: 'success', context: CONTEXT });
  });

  it('sends nothing GitHub would reject: a description over 140 characters, a bad SHA, an empty context', async () => {
    const { fake, client } = await setup();
    const long = await failure(createStatus(client, REPO, HEAD, { state: 'pending', context: CONTEXT, description: 'x'.repeat(141) }));
    expect(long).toMatchObject({ kind: 'validation', status: undefined });
    expect(long.message).toMatch(/141 characters, more than GitHub's 140/);
    const sha = await failure(createStatus(client, REPO, HEAD.toUpperCase(), { state: 'pending', context: CONTEXT }));
    expect(sha.message).toMatch(/not a SHA/);
    const context = await failure(createStatus(client, REPO, HEAD, { state: 'pending', context: ' ' }));
    expect(context.message).toMatch(/context is empty/);
    const state = await failure(createStatus(client, REPO, HEAD, { state: 'done' as never, context: CONTEXT }));
    expect(state.message).toMatch(/state is not one of/);
    expect(fake.requests).toEqual([]);
  });

  it('counts characters as GitHub does: 140 emoji are sent and accepted', async () => {
    const { fake, client } = await setup();
    await createStatus(client, REPO, HEAD, { state: 'pending', context: CONTEXT, description: '🙂'.repeat(140) });
    expect(fake.statuses).toHaveLength(1);
  });

  it('a fork token fails with an auth error naming `statuses: write` and fork pull requests', async () => {
    const { fake, client } = await setup({ forbidWrites: true });
    const error = await failure(createStatus(client, REPO, HEAD, { state: 'pending', context: CONTEXT }));
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
    expect(error.message).toMatch(/statuses: write.*forks.*mode: wait/);
    expect(fake.statuses).toEqual([]);
  });

  it('an answer that is not the status sent is unusable', async () => {
    const { fake, client } = await setup();
    const other = { id: 1, state: 'success', context: CONTEXT, description: null, target_url: null, created_at: 'x', updated_at: 'x' };
    fake.answerNext({ status: 201, body: JSON.stringify(other), requests: 3 });
    const error = await failure(createStatus(client, REPO, HEAD, { state: 'pending', context: CONTEXT }));
    expect(error.kind).toBe('unusable');
    expect(error.message).toMatch(/not the one sent/);
  });

  it('writes again after a 5xx: the status is there once the call returns', async () => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 502 });
    await createStatus(client, REPO, HEAD, { state: 'failure', context: CONTEXT });
    expect(fake.requests.map((r) => r.status)).toEqual([502, 201]);
    expect(fake.latestStatus(HEAD, CONTEXT)?.state).toBe('failure');
  });
});

describe('getCombinedStatus', () => {
  it('returns the latest status of each context, and the combined state', async () => {
    const { fake, client } = await setup({
      statuses: [
        { sha: HEAD, state: 'pending', context: CONTEXT, description: 'Waiting for run_1: queued 0/10' },
        { sha: HEAD, state: 'success', context: 'ci/build', description: 'ok', targetUrl: 'https://ci.example/1' },
        { sha: HEAD, state: 'failure', context: CONTEXT, description: 'Failed: 3 requests failed' },
      ],
    });
    const combined = await getCombinedStatus(client, REPO, HEAD);
    expect(combined).toEqual({
      sha: HEAD,
      state: 'failure',
      totalCount: 2,
      complete: true,
      statuses: [
        expect.objectContaining({
          state: 'failure',
          context: CONTEXT,
          description: 'Failed: 3 requests failed',
          id: fake.latestStatus(HEAD, CONTEXT)?.id,
        }),
        expect.objectContaining({ state: 'success', context: 'ci/build', targetUrl: 'https://ci.example/1' }),
      ],
    });
    expect(fake.requests.map((r) => r.query)).toEqual([{ per_page: '100', page: '1' }]);
  });

  it('a commit without statuses is pending with none', async () => {
    const { client } = await setup();
    expect(await getCombinedStatus(client, REPO, HEAD)).toEqual({
      sha: HEAD,
      state: 'pending',
      totalCount: 0,
      statuses: [],
      complete: true,
    });
  });

  it('reads every page of contexts', async () => {
    const statuses = Array.from({ length: 250 }, (_, i) => ({ sha: HEAD, state: 'success' as const, context: `ctx-${i}` }));
    const { fake, client } = await setup({ statuses });
    const combined = await getCombinedStatus(client, REPO, HEAD);
    expect(combined.statuses).toHaveLength(250);
    expect(combined).toMatchObject({ totalCount: 250, complete: true, state: 'success' });
    expect(fake.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('stops after 10 pages and says the list is incomplete', async () => {
    const statuses = Array.from({ length: 1_050 }, (_, i) => ({ sha: HEAD, state: 'success' as const, context: `ctx-${i}` }));
    const { fake, client } = await setup({ statuses });
    const combined = await getCombinedStatus(client, REPO, HEAD);
    expect(combined).toMatchObject({ totalCount: 1_050, complete: false });
    expect(combined.statuses).toHaveLength(1_000);
    expect(fake.requests).toHaveLength(10);
  });

  it.each([
    [
      'another commit',
      (_sha: string) => ({ state: 'pending', sha: 'f'.repeat(40), total_count: 0, statuses: [] }),
      /sha is not the commit asked for/,
    ],
    [
      'an unknown state',
      (sha: string) => ({
        state: 'pending',
        sha,
        total_count: 1,
        statuses: [{ id: 1, state: 'ok', context: 'c', created_at: 'x', updated_at: 'x' }],
      }),
      /statuses\[0\]\.state is not one of/,
    ],
    [
      'a context that is not text',
      (sha: string) => ({
        state: 'pending',
        sha,
        total_count: 1,
        statuses: [{ id: 1, state: 'pending', context: 5, created_at: 'x', updated_at: 'x' }],
      }),
      /statuses\[0\]\.context is not a string/,
    ],
    ['no statuses list', (sha: string) => ({ state: 'pending', sha, total_count: 0 }), /statuses is not a list/],
  ])('an answer about %s is unusable', async (_what, body, message) => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 200, body: JSON.stringify(body(HEAD)), requests: 3 });
    const error = await failure(getCombinedStatus(client, REPO, HEAD));
    expect(error.kind).toBe('unusable');
    expect(error.message).toMatch(message);
  });

  it('a rate limit past the deadline on page 2 is reported, not waited for', async () => {
    const statuses = Array.from({ length: 150 }, (_, i) => ({ sha: HEAD, state: 'success' as const, context: `ctx-${i}` }));
    // A budget of one request: page 2 meets the primary limit, which resets in an hour.
    const { fake, client, time } = await setup({ statuses, rateLimit: 1 });
    const error = await failure(getCombinedStatus(client, REPO, HEAD));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 403, limit: 'primary' });
    expect(fake.requests.map((r) => [r.query.page, r.status])).toEqual([
      ['1', 200],
      ['2', 403],
    ]);
    expect(time.delays()).toEqual([]);
  });
});
