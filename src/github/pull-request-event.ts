/**
 * Where a detached gate posts its pending status: the pull request's head commit, read from the event payload.
 * Never GITHUB_SHA: on pull_request events that is the merge commit, which the pull request does not show.
 * Only pull request events have one; merge queues and pushes must wait for their verdict (`mode: wait`).
 * It lives below the stages because two need it: inputs/ refuses `mode: detach` on other events, detach/ writes there.
 */
export const DETACH_EVENTS = ['pull_request', 'pull_request_target'] as const;

export type DetachTarget =
  | {
      ok: true;
      number: number;
      headSha: string;
      /** The head branch lives in another repository (or a deleted one): the token is read-only there on `pull_request`. */
      fromFork: boolean;
    }
  | { ok: false; problem: string };

const SHA = /^[0-9a-f]{40}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Says why this event cannot detach, in the words of an input error (naming `mode` and what to use instead). */
export function detachEventProblem(eventName: string | undefined): string | undefined {
  if ((DETACH_EVENTS as readonly string[]).includes(eventName ?? '')) return undefined;
  // The event name comes from the runner; quote it only in its own form.
  const shown = eventName && /^[a-z_]{1,40}$/.test(eventName) ? eventName : 'unknown';
  if (shown === 'merge_group') {
    return (
      'mode: expected `wait` on merge_group events: `detach` runs only on pull_request and pull_request_target events; ' +
      'a merge queue needs its required check on merge_group.head_sha before the queue moves on, so use `mode: wait` there'
    );
  }
  return `mode: expected \`wait\` on ${shown} events: \`detach\` runs only on pull_request and pull_request_target events; merge queues and pushes need \`mode: wait\``;
}

/** The pull request and head commit of a pull request event's payload (GITHUB_EVENT_PATH, parsed). */
export function detachTarget(eventName: string | undefined, payload: unknown): DetachTarget {
  const problem = detachEventProblem(eventName);
  if (problem) return { ok: false, problem };
  const pull = isObject(payload) ? payload.pull_request : undefined;
  if (!isObject(pull)) return { ok: false, problem: 'the event payload has no pull_request' };
  const number = pull.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    return { ok: false, problem: 'the event payload has no pull request number' };
  }
  const head = isObject(pull.head) ? pull.head : undefined;
  const sha = head?.sha;
  if (typeof sha !== 'string' || !SHA.test(sha))
    return { ok: false, problem: 'the event payload has no pull request head commit (head.sha)' };
  return { ok: true, number, headSha: sha, fromFork: fromFork(head, pull.base) };
}

function fromFork(head: Json | undefined, base: unknown): boolean {
  const headRepo = isObject(head?.repo) ? head.repo.full_name : undefined;
  const baseRepo = isObject(base) && isObject(base.repo) ? base.repo.full_name : undefined;
  // A deleted head repository (null) is a fork that no longer exists; unknown names count as a fork, to warn rather than not.
  return typeof headRepo !== 'string' || typeof baseRepo !== 'string' || headRepo.toLowerCase() !== baseRepo.toLowerCase();
}
