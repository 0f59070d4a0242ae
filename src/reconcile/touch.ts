/**
 * Which commit status a reconcile may change. Only this gate's context, only while its latest status is
 * `pending`, and only the very status the reconcile read: a final state is never overwritten (not even with
 * pending), a status another app or workflow set is never touched, and a newer pending status (the pull request
 * job ran again) is left for the next reconcile. Contexts are compared case-insensitively, as GitHub does.
 */
import type { CombinedStatus, CommitStatus } from '../github/statuses.ts';

export type GateStatus =
  /** The commit has no status of this context. */
  | { kind: 'absent' }
  /** Its latest status of this context is final: done, never touched again by a reconcile. */
  | { kind: 'final'; status: CommitStatus }
  /** Its latest status of this context is pending: the reconcile's work. */
  | { kind: 'pending'; status: CommitStatus }
  /** Not among the contexts read (more than the combined status pages hold): left alone. */
  | { kind: 'unknown' };

export function sameContext(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** This gate's status on a commit, from its combined status. */
export function gateStatusOf(combined: CombinedStatus, context: string): GateStatus {
  const ours = combined.statuses.filter((s) => sameContext(s.context, context));
  if (ours.length === 0) return combined.complete ? { kind: 'absent' } : { kind: 'unknown' };
  const latest = ours.reduce((a, b) => (b.id > a.id ? b : a));
  return latest.state === 'pending' ? { kind: 'pending', status: latest } : { kind: 'final', status: latest };
}

/**
 * Read again just before writing: the write goes ahead only if the latest status of the context is still the
 * pending status that was judged. Two reconciles at once then write at most the same verdict twice (the same run,
 * judged by the same rules), and neither writes over the other's final state or over a newer pending status.
 */
export function mayWrite(judged: CommitStatus, now: GateStatus): boolean {
  return now.kind === 'pending' && now.status.id === judged.id && sameContext(now.status.context, judged.context);
}
