import { readFileSync } from 'node:fs';

/**
 * The metadata keys that make a run started by the gate traceable back to this job: repository,
 * commit, ref, workflow run and attempt, and the pull request on pull request events. Only keys
 * the runner provides are set. `github_run_id` + `github_run_attempt` also let the gate recognise
 * its own run after a failed create request.
 */
export function githubRunContext(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const context: Record<string, string> = {};
  const keys: Array<[string, string]> = [
    ['github_repository', 'GITHUB_REPOSITORY'],
    ['github_sha', 'GITHUB_SHA'],
    ['github_ref', 'GITHUB_REF'],
    ['github_run_id', 'GITHUB_RUN_ID'],
    ['github_run_attempt', 'GITHUB_RUN_ATTEMPT'],
  ];
  for (const [key, name] of keys) {
    const value = env[name]?.trim();
    if (value) context[key] = value;
  }
  const pr = pullRequestOfEvent(env);
  if (pr !== undefined) context.github_pr = String(pr);
  return context;
}

function pullRequestOfEvent(env: NodeJS.ProcessEnv): number | undefined {
  if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target') return undefined;
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: unknown } };
    const number = event.pull_request?.number;
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
  } catch {
    return undefined;
  }
}
