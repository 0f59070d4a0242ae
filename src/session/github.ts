import type { StatusTarget } from '../core/config.ts';
import { GitHubClient, type RepoRef } from '../github/client.ts';
import type { GateSession } from './session.ts';

/**
 * The GitHub REST client of a detached gate or a reconcile: `github-token`, GITHUB_API_URL, and the session's
 * deadline, dispatcher, clock and cancellation, so no GitHub request outlives the gate's timeout either.
 */
export function openGitHub(session: GateSession, target: StatusTarget): { github: GitHubClient; repo: RepoRef } {
  const { config, deps, hardDeadline } = session;
  const github = new GitHubClient({
    apiUrl: target.apiUrl,
    token: config.comment.token,
    userAgent: deps.userAgent,
    dispatcher: deps.dispatcher,
    clock: deps.clock,
    sleep: deps.sleep,
    deadline: hardDeadline,
    requestTimeoutMs: config.requestTimeoutMs,
    signal: deps.signal,
    random: deps.random,
    logger: deps.logger,
    otherSecrets: [config.apiKey],
  });
  return { github, repo: { owner: target.owner, repo: target.repo } };
}
