/**
 * A GitHubClient talking to the fake GitHub on 127.0.0.1, on fake time shared by both: the fake's rate-limit
 * reset and timestamps follow the same clock that the client's sleeps advance.
 */
import { Agent } from 'undici';
import { GitHubClient, type GitHubClientOptions, type RepoRef } from '../../src/github/client.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fake-github/server.ts';
import { fakeTime, recordingLogger, type FakeClock, type FakeSleep } from './fake-time.ts';

/** A recognisable token: tests assert it never comes back in errors or logs. */
export const GH_TOKEN = 'ghs_unitTOKEN0123456789abcdefDO_NOT_LEAK';
export const REPO: RepoRef = { owner: 'acme', repo: 'llm-app' };
export const HEAD = 'c0ffee'.padEnd(40, '0');

export interface GitHubFixture {
  fake: FakeGitHub;
  client: GitHubClient;
  clock: FakeClock;
  time: FakeSleep;
  logger: ReturnType<typeof recordingLogger>;
  /** A client with other options on the same fake, clock and logger. */
  clientWith(overrides: Partial<GitHubClientOptions>): GitHubClient;
  close(): Promise<void>;
}

/** Deadline 10 minutes ahead, 5 s per attempt, random 1 (backoff at its ceiling, predictable). */
export async function githubFixture(options: FakeGitHubOptions = {}, overrides: Partial<GitHubClientOptions> = {}): Promise<GitHubFixture> {
  const { clock, ...time } = fakeTime();
  const fake = await startFakeGitHub({ token: GH_TOKEN, now: () => clock.now(), ...options });
  const dispatcher = new Agent();
  const logger = recordingLogger();
  const clientWith = (more: Partial<GitHubClientOptions>) =>
    new GitHubClient({
      apiUrl: fake.url,
      token: GH_TOKEN,
      userAgent: 'mka1-eval-gate/test',
      dispatcher,
      clock,
      sleep: time.sleep,
      deadline: clock.now() + 600_000,
      requestTimeoutMs: 5_000,
      random: () => 1,
      logger,
      ...overrides,
      ...more,
    });
  return {
    fake,
    client: clientWith({}),
    clock,
    time,
    logger,
    clientWith,
    close: async () => {
      await fake.close();
      await dispatcher.close();
    },
  };
}
