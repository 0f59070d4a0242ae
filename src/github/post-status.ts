/**
 * Setting a commit status for the gate's two detached stages (detach, reconcile), with the one reading of a
 * failure they share: a refusal that another attempt will meet too (401, 403, 404, 422) is a configuration error
 * (`fail`); anything else (rate limit, outage, deadline, cancellation) only kept the gate from telling (`inconclusive`).
 */
import type { GitHubClient, RepoRef } from './client.ts';
import { GitHubError, type GitHubErrorKind } from './errors.ts';
import { createStatus, type CommitStatus, type NewCommitStatus } from './statuses.ts';

export type PostedStatus =
  { ok: true; status: CommitStatus } | { ok: false; failure: 'fail' | 'inconclusive'; kind: GitHubErrorKind; error: string };

const CONFIGURATION: ReadonlySet<GitHubErrorKind> = new Set(['auth', 'validation', 'rejected']);

/** Whether a GitHub failure is the configuration's (token, permissions, repository) rather than GitHub's state. */
export function isConfigurationError(error: GitHubError): boolean {
  return CONFIGURATION.has(error.kind);
}

/** POST /repos/{owner}/{repo}/statuses/{sha}; GitHub errors become a value, anything else is a bug and is thrown. */
export async function postStatus(github: GitHubClient, repo: RepoRef, sha: string, status: NewCommitStatus): Promise<PostedStatus> {
  try {
    return { ok: true, status: await createStatus(github, repo, sha, status) };
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    return {
      ok: false,
      failure: isConfigurationError(error) ? 'fail' : 'inconclusive',
      kind: error.kind,
      error: github.redact(error.message),
    };
  }
}
