import { readFileSync } from 'node:fs';
import { githubApiUrl, parseRepository, type RepoRef } from '../github/client.ts';
import { workflowRunUrl } from '../github/gate-status.ts';

/**
 * What the runner says about the job, beyond the inputs: the event and its payload, the repository, the API and
 * this workflow run's page. Read once, here, by the adapter's input layer (never by core logic): `mode: detach`
 * needs the pull request's head commit from the payload, and both detached modes the repository they write to.
 */
export interface GitHubEnvironment {
  /** GITHUB_EVENT_NAME. */
  eventName: string | undefined;
  /** The event payload (GITHUB_EVENT_PATH) parsed; undefined when absent or not JSON. Untrusted. */
  payload: unknown;
  /** GITHUB_REPOSITORY, when it has the owner/name form. */
  repository: RepoRef | undefined;
  /** GITHUB_API_URL (https://api.github.com when unset). */
  apiUrl: string;
  /** `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`, when all three have their form. */
  runUrl: string | undefined;
}

/** No runner at all (tests, `npm run gate` without a GitHub context): no event, no repository. */
export const NO_GITHUB_ENVIRONMENT: GitHubEnvironment = {
  eventName: undefined,
  payload: undefined,
  repository: undefined,
  apiUrl: 'https://api.github.com',
  runUrl: undefined,
};

/** The payload is read only when an event file is named; a file that is not JSON is as good as none. */
export function githubEnvironment(env: NodeJS.ProcessEnv = process.env): GitHubEnvironment {
  return {
    eventName: env.GITHUB_EVENT_NAME?.trim() || undefined,
    payload: readPayload(env.GITHUB_EVENT_PATH),
    repository: parseRepository(env.GITHUB_REPOSITORY?.trim()),
    apiUrl: githubApiUrl(env),
    runUrl: workflowRunUrl(env),
  };
}

function readPayload(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
