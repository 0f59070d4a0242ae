import { describe, expect, it } from 'vitest';
import type { RunTarget } from '../../src/core/config.ts';
import { commentBody, commentMarker } from '../../src/report/comment.ts';

const suite: RunTarget = { kind: 'lookup', suiteId: 'eval_suite_1', metadata: { sha: 'c0ffee' } };

/** What an HTML comment's text may not hold: its end (`-->`, `--!>`), a new comment, or a line break. */
function breaksTheComment(marker: string): boolean {
  const inner = marker.slice('<!--'.length, -'-->'.length);
  return /-->|--!>|<!--|[<>\r\n]/.test(inner) || !marker.startsWith('<!-- ') || !marker.endsWith(' -->');
}

describe('commentMarker', () => {
  it('without a workflow is the suite alone (a local run, and comments written before the workflow was added)', () => {
    expect(commentMarker(suite)).toBe('<!-- mka1-eval-gate suite=eval_suite_1 -->');
    expect(commentMarker(suite, '')).toBe('<!-- mka1-eval-gate suite=eval_suite_1 -->');
    expect(commentMarker(suite, '   ')).toBe('<!-- mka1-eval-gate suite=eval_suite_1 -->');
  });

  it('names the workflow beside the suite, the schedule or the run', () => {
    expect(commentMarker(suite, 'PR checks')).toBe('<!-- mka1-eval-gate suite=eval_suite_1 workflow=PR%20checks -->');
    const schedule: RunTarget = { kind: 'schedule', scheduleId: 'eval_sched_1', suiteId: undefined, maxAge: undefined };
    expect(commentMarker(schedule, 'nightly')).toBe('<!-- mka1-eval-gate schedule=eval_sched_1 workflow=nightly -->');
    expect(commentMarker({ kind: 'run-id', runId: 'eval_run_1', suiteId: undefined }, 'ci')).toBe(
      '<!-- mka1-eval-gate run=eval_run_1 workflow=ci -->',
    );
  });

  it("names a detached gate by its status context, so the reconcile (another workflow) edits the pull request step's comment", () => {
    const context = 'MKA1 eval / eval_suite_1 --> <b>';
    const fromPullRequest = commentMarker(suite, 'PR checks', context);
    expect(commentMarker(suite, 'Reconcile MKA1 statuses', context)).toBe(fromPullRequest);
    expect(fromPullRequest).toBe('<!-- mka1-eval-gate suite=eval_suite_1 context=MKA1%20eval%20%2F%20eval_suite_1%20--%3E%20%3Cb%3E -->');
    expect(breaksTheComment(fromPullRequest)).toBe(false);
    expect(fromPullRequest).not.toBe(commentMarker(suite, 'PR checks'));
  });

  it('keeps two workflows of the same suite apart, and neither marker is a prefix of the other', () => {
    const a = commentMarker(suite, 'evals');
    const b = commentMarker(suite, 'evals nightly');
    expect(a).not.toBe(b);
    expect(b.startsWith(a)).toBe(false);
    expect(a.startsWith(b)).toBe(false);
    expect(commentMarker(suite, 'CI ✓')).not.toBe(commentMarker(suite, 'CI ✗'));
    expect(commentMarker(suite, 'a_b')).not.toBe(commentMarker(suite, 'a b'));
  });

  it.each([
    ['the end of a comment', 'x --> <img src=x onerror=alert(1)>'],
    ['the other end of a comment', 'x --!> y'],
    ['a new comment', 'x <!-- y'],
    ['a line break', 'x\n<!-- mka1-eval-gate suite=eval_suite_1 -->'],
    ['a trailing dash', 'build-'],
    ['a bidi override and an emoji', 'ci \u202e 🚀'],
    ['half a surrogate pair', 'ci \ud83d x'],
  ])('a workflow name holding %s cannot break out of the marker', (_what, name) => {
    const marker = commentMarker(suite, name);
    expect(breaksTheComment(marker), marker).toBe(false);
    expect(marker).toMatch(/^<!-- mka1-eval-gate suite=eval_suite_1 workflow=[A-Za-z0-9%._~-]+ -->$/);
    expect(commentBody(marker, 'body').split('\n')[0]).toBe(marker);
  });

  it('cuts a very long workflow name at a whole escape', () => {
    const marker = commentMarker(suite, 'é'.repeat(300));
    const name = /workflow=(\S+) -->$/.exec(marker)?.[1] ?? '';
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^(%[0-9A-F]{2})+$/);
  });
});
