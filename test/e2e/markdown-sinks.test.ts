/**
 * End-to-end through the bundle (issue 14, section 2): the comment marker names the workflow, so two workflows gating
 * one suite on one pull request keep one comment each; a key an echoing gateway wrapped over lines is still redacted;
 * `GH-123` from the API stays text; a summary or comment cut at its cap stays whole Markdown.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import type { Emulator } from '../emulator/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { dump, expectReport, requestsTo, routesOf } from './expect-report.ts';
import { baseInputs, runAction, SECRET_KEY, withEmulator, type ActionRun } from './harness.ts';

const SUITE = DEMO_SUITE;
const TOKEN = 'ghs_fake_token_markdown';
const PR = { pull_request: { number: 7 } };
const RUN_ID = 'eval_run_markdown';

async function withGitHub<T>(fn: (github: FakeGitHub) => Promise<T>): Promise<T> {
  const github = await startFakeGitHub({ token: TOKEN });
  try {
    return await fn(github);
  } finally {
    await github.close();
  }
}

const done = (spec: Partial<RunSpec> = {}): RunSpec => ({
  id: RUN_ID,
  suiteId: SUITE,
  metadata: { sha: 'c0ffee1' },
  queuedMs: 0,
  inProgressMs: 300,
  total: 10,
  ...spec,
});

describe('the comment marker names the workflow', () => {
  const WORKFLOWS = ['PR checks', 'Evals --> <b>nightly</b> --!> <!-- x'];
  const commentGate = (emulator: Emulator, github: FakeGitHub, workflow: string, extra: Record<string, string> = {}) =>
    runAction({
      inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'sha=c0ffee1', comment: 'true', 'github-token': TOKEN, ...extra }),
      env: { GITHUB_API_URL: github.url, GITHUB_WORKFLOW: workflow },
      event: PR,
      eventName: 'pull_request',
    });

  it('two workflows gating the same suite on one pull request keep one comment each, each edited in place', async () => {
    await withGitHub(async (github) => {
      await withEmulator({ runs: [done()] }, async (emulator) => {
        const first = await commentGate(emulator, github, WORKFLOWS[0]!);
        const second = await commentGate(emulator, github, WORKFLOWS[1]!);
        const again = await commentGate(emulator, github, WORKFLOWS[0]!, { thresholds: 'accuracy >= 0.5' });
        expectReport(first, 'pass');
        expectReport(second, 'pass');
        // The third run fails (no metric): its verdict replaces the first workflow's comment, not the second's.
        expectReport(again, 'fail');

        const comments = github.commentsOn(7);
        expect(comments).toHaveLength(2);
        const [mine, theirs] = comments;
        expect(mine!.body.split('\n')[0]).toBe(`<!-- mka1-eval-gate suite=${SUITE} workflow=PR%20checks -->`);
        const marker = theirs!.body.split('\n')[0]!;
        expect(marker).toMatch(new RegExp(`^<!-- mka1-eval-gate suite=${SUITE} workflow=[A-Za-z0-9%._~-]+ -->$`));
        // The name cannot end the comment early, open another, or carry markup.
        expect(marker.slice(4, -3)).not.toMatch(/-->|--!>|<!--|[<>]/);
        expect(mine!.edits).toBe(1);
        expect(theirs!.edits).toBe(0);
        expect(mine!.body).toContain('## ❌ MKA1 eval gate failed');
        expect(theirs!.body).toContain('## ✅ MKA1 eval gate passed');
        expect(first.outputs['comment-url']).toBe(mine!.html_url);
        expect(second.outputs['comment-url']).toBe(theirs!.html_url);
        expect(again.outputs['comment-url']).toBe(mine!.html_url);
        expect(github.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.startsWith('GET'))).toEqual([
          'POST /repos/acme/llm-app/issues/7/comments',
          'POST /repos/acme/llm-app/issues/7/comments',
          `PATCH /repos/acme/llm-app/issues/comments/${mine!.id}`,
        ]);
        expect(routesOf(emulator).filter((route) => route !== 'get')).toEqual(['list', 'list', 'list']);
      });
    });
  });
});

/** The text as a reader of the log, the summary or an output sees it: wrapping, escapes and zero-width spaces removed. */
function joined(text: string): string {
  return text.replace(/\\[nrt]|[\s⏎\\\u200b]/g, '');
}

function spacedLeaks(run: ActionRun): string[] {
  const places: string[] = [];
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  if (joined(stdout).includes(SECRET_KEY)) places.push('stdout');
  if (joined(run.stderr).includes(SECRET_KEY)) places.push('stderr');
  if (joined(run.summary).includes(SECRET_KEY)) places.push('summary');
  for (const [name, value] of Object.entries(run.outputs)) if (joined(value).includes(SECRET_KEY)) places.push(`output ${name}`);
  return places;
}

describe('redaction of a key an echoing gateway wrapped over lines', () => {
  it.each([
    ['a line break', '\n'],
    ['CRLF and indentation', '\r\n    '],
    ['a space', ' '],
    ['a JSON-escaped line break', '\\n'],
  ])('a 400 body echoing the key split by %s: the key is in no sink, in any form', async (_name, wrapWith) => {
    const scenario: Scenario = { runs: [done()], faults: [{ route: 'get', kind: 'echo-key', status: 400, wrapAt: 11, wrapWith }] };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { 'run-id': RUN_ID }) });
      expectReport(run, 'fail');
      expect(run.outputs.reason).toMatch(/answered HTTP 400: .*\*\*\*/);
      expect(spacedLeaks(run), dump(run)).toEqual([]);
      // The echo was split: without the new matching, the pieces would have passed the runner's own masking.
      expect(requestsTo(emulator, 'get').map((r) => r.answer)).toEqual(['fault:echo-key']);
      expect(run.summary).toContain('answered HTTP 400');
    });
  });
});

describe('GH-123 from the API stays text', () => {
  it('in the summary, the comment and every table: GH-123 and #45 are not links', async () => {
    const spec = done({
      failed: 2,
      metadata: { sha: 'c0ffee1', ticket: 'GH-123' },
      sampleOverrides: { 0: { error: { code: 'GH-9', message: 'regressed in GH-123, see #45 and gh-7' } } },
      error: null,
    });
    await withGitHub(async (github) => {
      await withEmulator({ runs: [spec] }, async (emulator) => {
        const run = await runAction({
          inputs: baseInputs(emulator, { 'run-id': RUN_ID, comment: 'true', 'github-token': TOKEN, 'failed-samples': '5' }),
          env: { GITHUB_API_URL: github.url, GITHUB_WORKFLOW: 'ci' },
          event: PR,
          eventName: 'pull_request',
        });
        expectReport(run, 'fail');
        expect(routesOf(emulator)).toContain('samples');
        const [comment] = github.commentsOn(7);
        for (const markdown of [run.summary, comment!.body]) {
          expect(markdown).toContain('ticket=GH\u200b-123');
          expect(markdown).toContain('regressed in GH\u200b-123, see #\u200b45 and gh\u200b-7');
          expect(markdown).not.toMatch(/\bGH-\d/i);
          expect(markdown).not.toMatch(/#\d/);
        }
      });
    });
  });
});

describe('truncation keeps Markdown whole', () => {
  /** Every <details> closed, and every table line a whole row (starts and ends with an unescaped pipe). */
  function expectWhole(markdown: string, capBytes: number): void {
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(capBytes);
    const opened = (markdown.match(/<details[\s>]/g) ?? []).length;
    expect(opened).toBeGreaterThan(0);
    expect((markdown.match(/<\/details>/g) ?? []).length).toBe(opened);
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((line) => !/^\| .*[^\\] \|$/.test(line))).toEqual([]);
    expect(markdown.split('\n').filter((line) => line.startsWith('```')).length % 2).toBe(0);
    expect(markdown).toMatch(/_Summary truncated to stay under \d+ KiB; see the `result-json` output for everything\._\n$/);
  }

  it('100 failed samples full of markup: the summary (256 KiB) and the comment (60 KB) are cut whole', async () => {
    // Each `<` becomes `&lt;`: 100 rows of such text are well over the summary's cap.
    const hostile = '<'.repeat(400);
    const overrides = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [i, { prompt: hostile, output_text: hostile, error: { code: 'x', message: hostile } }]),
    );
    const spec = done({ total: 100, failed: 100, sampleOverrides: overrides });
    await withGitHub(async (github) => {
      await withEmulator({ runs: [spec] }, async (emulator) => {
        const run = await runAction({
          inputs: baseInputs(emulator, { 'run-id': RUN_ID, comment: 'true', 'github-token': TOKEN, 'failed-samples': '100' }),
          env: { GITHUB_API_URL: github.url, GITHUB_WORKFLOW: 'ci' },
          event: PR,
          eventName: 'pull_request',
        });
        expectReport(run, 'fail');
        expect(requestsTo(emulator, 'samples')[0]?.query).toMatchObject({ status: 'failed', limit: '100' });
        expect(run.result.failed_samples.samples).toHaveLength(100);
        expectWhole(run.summary, 256 * 1024);
        const [comment] = github.commentsOn(7);
        expect(comment!.body.startsWith(`<!-- mka1-eval-gate run=${RUN_ID} workflow=ci -->\n`)).toBe(true);
        expectWhole(comment!.body.slice(comment!.body.indexOf('\n') + 1), 60_000);
        expect(run.outputs['comment-url']).toBe(comment!.html_url);
      });
    });
  });
});
