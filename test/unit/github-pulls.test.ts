/** listOpenPullRequests against the fake GitHub. */
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubError } from '../../src/github/errors.ts';
import { listOpenPullRequests } from '../../src/github/pulls.ts';
import type { SeedPull } from '../fake-github/server.ts';
import { REPO, githubFixture, type GitHubFixture } from './github-fixture.ts';

let fixture: GitHubFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setup(...args: Parameters<typeof githubFixture>): Promise<GitHubFixture> {
  fixture = await githubFixture(...args);
  return fixture;
}

const sha = (n: number) => n.toString(16).padStart(40, '0');
const pulls = (count: number): SeedPull[] => Array.from({ length: count }, (_, i) => ({ number: i + 1, headSha: sha(i + 1) }));

describe('listOpenPullRequests', () => {
  it('asks for open pull requests, most recently updated first, 100 a page, and reads their head commits', async () => {
    const { fake, client } = await setup({
      pulls: [
        { number: 1, headSha: sha(1), headRef: 'fix-1' },
        { number: 2, headSha: sha(2), headRepo: 'mallory/llm-app', headRef: 'main' },
        { number: 3, headSha: sha(3), state: 'closed' },
        { number: 4, headSha: sha(4), headRepo: null },
      ],
    });
    const list = await listOpenPullRequests(client, REPO);
    expect(fake.requests.map((r) => r.query)).toEqual([{ state: 'open', sort: 'updated', direction: 'desc', per_page: '100', page: '1' }]);
    expect(list).toEqual({
      complete: true,
      pages: 1,
      pulls: [
        expect.objectContaining({ number: 4, headSha: sha(4), headRepo: null }),
        {
          number: 2,
          state: 'open',
          headSha: sha(2),
          headRef: 'main',
          headRepo: { fullName: 'mallory/llm-app', fork: true },
          baseRef: 'main',
          updatedAt: expect.stringMatching(/^\d{4}-/),
          htmlUrl: 'https://github.com/acme/llm-app/pull/2',
        },
        expect.objectContaining({ number: 1, headRef: 'fix-1', headRepo: { fullName: 'acme/llm-app', fork: false } }),
      ],
    });
  });

  it('follows the Link header page by page', async () => {
    const { fake, client } = await setup({ pulls: pulls(250) });
    const list = await listOpenPullRequests(client, REPO);
    expect(list).toMatchObject({ complete: true, pages: 3 });
    expect(list.pulls.map((p) => p.number)).toEqual(Array.from({ length: 250 }, (_, i) => 250 - i));
    expect(fake.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('reads at most 10 pages (1,000 pull requests) and says the list is incomplete', async () => {
    const { fake, client } = await setup({ pulls: pulls(1_001) });
    const list = await listOpenPullRequests(client, REPO);
    expect(list).toMatchObject({ complete: false, pages: 10 });
    expect(list.pulls).toHaveLength(1_000);
    expect(fake.requests).toHaveLength(10);
  });

  it('takes fewer pages when asked, never more than 10', async () => {
    const { fake, client } = await setup({ pulls: pulls(350) });
    expect(await listOpenPullRequests(client, REPO, 2)).toMatchObject({ complete: false, pages: 2 });
    expect(fake.requests).toHaveLength(2);
    expect((await listOpenPullRequests(client, REPO, 50)).pages).toBe(4);
  });

  it('lists a pull request updated between two pages once', async () => {
    const { fake, client } = await setup({ pulls: pulls(150) });
    fake.answerNext({
      status: 200,
      body: JSON.stringify([
        { number: 7, state: 'open', head: { sha: sha(7), ref: 'x', repo: null }, base: { ref: 'main' }, updated_at: 'u', html_url: 'h' },
      ]),
      headers: { link: `<${fake.url}/repos/acme/llm-app/pulls?page=2>; rel="next"` },
    });
    const list = await listOpenPullRequests(client, REPO);
    // Page 1 (injected) held #7 alone; page 2 holds #50 to #1, #7 among them again: it is kept once, as first seen.
    expect(list.pulls.filter((p) => p.number === 7)).toHaveLength(1);
    expect(list.pulls[0]).toMatchObject({ number: 7, headRef: 'x' });
    expect(list.pulls).toHaveLength(50);
  });

  it('never follows a URL from the Link header: the next page is asked for by number, from GITHUB_API_URL', async () => {
    const { fake, client } = await setup({ pulls: pulls(3) });
    fake.answerNext({ status: 200, body: '[]', headers: { link: '<http://127.0.0.2:1/steal?page=9>; rel="next"' } });
    // An empty page ends the list, whatever the header says.
    expect((await listOpenPullRequests(client, REPO)).pulls).toEqual([]);
    fake.answerNext({
      status: 200,
      body: JSON.stringify([
        { number: 9, state: 'open', head: { sha: sha(9), ref: 'x', repo: null }, base: { ref: 'main' }, updated_at: 'u', html_url: 'h' },
      ]),
      headers: { link: '<http://127.0.0.2:1/steal?page=9>; rel="next"' },
    });
    const list = await listOpenPullRequests(client, REPO);
    expect(list.pulls.map((p) => p.number)).toEqual([9]);
    expect(fake.requests.slice(1).map((r) => [r.path, r.query.page])).toEqual([
      ['/repos/acme/llm-app/pulls', '1'],
      ['/repos/acme/llm-app/pulls', '2'],
    ]);
  });

  it.each([
    ['not a list', { message: 'hello' }, /the answer is not a list/],
    [
      'a head SHA that is not a SHA',
      [{ number: 1, state: 'open', head: { sha: 'HEAD', ref: 'x', repo: null }, base: { ref: 'm' }, updated_at: 'u', html_url: 'h' }],
      /\[0\]\.head\.sha is not a commit SHA/,
    ],
    [
      'a number that is not a number',
      [{ number: '1', state: 'open', head: { sha: sha(1), ref: 'x', repo: null }, base: { ref: 'm' }, updated_at: 'u', html_url: 'h' }],
      /\[0\]\.number is not a whole number/,
    ],
    [
      'a fork flag that is not true or false',
      [
        {
          number: 1,
          state: 'open',
          head: { sha: sha(1), ref: 'x', repo: { full_name: 'a/b', fork: 'yes' } },
          base: { ref: 'm' },
          updated_at: 'u',
          html_url: 'h',
        },
      ],
      /repo\.fork is not true or false/,
    ],
  ])('an answer with %s is unusable', async (_what, body, message) => {
    const { fake, client } = await setup();
    fake.answerNext({ status: 200, body: JSON.stringify(body), requests: 3 });
    const error = await listOpenPullRequests(client, REPO).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe('unusable');
    expect((error as GitHubError).message).toMatch(message);
  });
});
