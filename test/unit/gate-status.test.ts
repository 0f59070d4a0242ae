/** The gate's commit-status texts: pending description and its parser, final state and description, target_url. */
import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../src/core/ids.ts';
import {
  RUN_ID_PATTERN,
  defaultStatusContext,
  finalStatus,
  parsePendingDescription,
  pendingDescription,
  statusDescription,
  workflowRunUrl,
  type PendingProgress,
} from '../../src/github/gate-status.ts';
import { redactorFor } from '../../src/safety/redact.ts';

const SECRET = 'mka1_sk_SECRET_value_1234567890';
const redact = redactorFor([SECRET]);
const chars = (text: string) => [...text].length;
const described = (progress: PendingProgress) => {
  const text = pendingDescription(progress);
  if (!text.ok) throw new Error(text.problem);
  return text.description;
};

describe('pendingDescription', () => {
  it('says which run, its status and progress', () => {
    expect(described({ runId: 'evalrun_abc123', status: 'in_progress', completed: 37, total: 120 })).toBe(
      'Waiting for evalrun_abc123: in_progress 37/120',
    );
  });

  it('adds the rerun count once a rerun was asked for', () => {
    expect(described({ runId: 'run_1', status: 'queued', completed: 0, total: 10, rerun: { attempt: 2, of: 3 } })).toBe(
      'Waiting for run_1: queued 0/10 · rerun 2 of 3',
    );
  });

  it('drops the progress, never the run id or rerun count, when all of it does not fit', () => {
    const longId = `r${'x'.repeat(127)}`;
    expect(described({ runId: longId, status: 'in_progress', completed: 1, total: 2 })).toBe(`Waiting for ${longId}`);
    const id113 = `r${'x'.repeat(112)}`;
    expect(described({ runId: id113, status: 'queued', completed: 1, total: 2, rerun: { attempt: 5, of: 5 } })).toBe(
      `Waiting for ${id113} · rerun 5 of 5`,
    );
    const tooLong = pendingDescription({ runId: `${id113}x`, status: 'queued', completed: 1, total: 2, rerun: { attempt: 1, of: 5 } });
    expect(tooLong).toEqual({ ok: false, problem: expect.stringMatching(/too long/) });
  });

  it('fits 140 characters and reads back the same run id and rerun count, for every id length', () => {
    for (let length = 1; length <= 128; length++) {
      const runId = `R${'a_-9'.repeat(40)}`.slice(0, length);
      for (const rerun of [undefined, { attempt: 1, of: 1 }, { attempt: 3, of: 5 }]) {
        const text = pendingDescription({ runId, status: 'finalizing', completed: 123456, total: 999999, rerun });
        if (!text.ok) {
          expect(rerun && length > 113).toBe(true);
          continue;
        }
        expect(chars(text.description)).toBeLessThanOrEqual(140);
        expect(parsePendingDescription(text.description)).toEqual({ ok: true, runId, rerunsRequested: rerun?.attempt ?? 0 });
      }
    }
  });

  it('refuses a run id not of the id form and a rerun count out of range', () => {
    for (const runId of ['', '-x', 'a b', 'a:b', 'a\nb', 'x'.repeat(129), 'é']) {
      expect(pendingDescription({ runId, status: 'queued', completed: 0, total: 1 }).ok).toBe(false);
    }
    for (const rerun of [
      { attempt: 0, of: 3 },
      { attempt: 4, of: 3 },
      { attempt: 1, of: 6 },
      { attempt: 1.5, of: 3 },
    ]) {
      expect(pendingDescription({ runId: 'run_1', status: 'queued', completed: 0, total: 1, rerun }).ok).toBe(false);
    }
  });

  it('shows an unexpected status as `unknown` and leaves out counts that are not counts', () => {
    expect(described({ runId: 'run_1', status: 'Running\n::x', completed: 1, total: 2 })).toBe('Waiting for run_1: unknown 1/2');
    expect(described({ runId: 'run_1', status: 'queued', completed: -1, total: 2 })).toBe('Waiting for run_1: queued');
    expect(described({ runId: 'run_1', status: 'queued', completed: Number.NaN, total: 2 })).toBe('Waiting for run_1: queued');
  });
});

const FIXED_DETAILS = [
  'the status has no description',
  'the description is longer than any this gate writes',
  'the description is not of the form "Waiting for <run id>: <status> <completed>/<total>"',
  'the run id is not of the id form',
  'the rerun count is more than its limit',
];

describe('parsePendingDescription', () => {
  it.each([
    ['Waiting for run_1: in_progress 3/10', 'run_1', 0],
    ['Waiting for run_1: queued', 'run_1', 0],
    ['Waiting for run_1', 'run_1', 0],
    ['Waiting for A-9_z: completed 10/10 · rerun 2 of 2', 'A-9_z', 2],
    ['Waiting for run_1 · rerun 1 of 5', 'run_1', 1],
  ])('reads %j', (text, runId, rerunsRequested) => {
    expect(parsePendingDescription(text)).toEqual({ ok: true, runId, rerunsRequested });
  });

  it.each([
    null,
    '',
    'Waiting for ',
    'waiting for run_1',
    'Waiting for run_1 ',
    ' Waiting for run_1',
    'Waiting for run_1; rm -rf /',
    'Waiting for ../runs/x',
    'Waiting for -run',
    'Waiting for run/1',
    'Waiting for run_1\nmore',
    'Waiting for run_1: In_Progress 3/10',
    'Waiting for run_1: in_progress 3/',
    'Waiting for run_1: in_progress 3/10 · rerun 4 of 3',
    'Waiting for run_1: in_progress 3/10 · rerun 0 of 3',
    'Waiting for run_1: in_progress 3/10 · rerun 6 of 6',
    'Waiting for run_1: in_progress 3/10 · rerun 1 of 2 extra',
    `Waiting for r${'x'.repeat(128)}`,
    'Waiting for ｒun_1',
    'Passed: all 5 criteria met',
    `Waiting for run_1: ${'x'.repeat(400)}`,
  ])('an unusable pending status: %j', (text) => {
    const reading = parsePendingDescription(text);
    expect(reading).toMatchObject({ ok: false, problem: 'unusable pending status' });
    // The reason is one of the parser's own sentences: it never repeats the untrusted text.
    if (!reading.ok) expect(FIXED_DETAILS).toContain(reading.detail);
  });

  it('uses the run id form of src/api/ids.ts', () => {
    expect(RUN_ID_PATTERN.source).toBe(ID_PATTERN.source);
    expect(RUN_ID_PATTERN.flags).toBe(ID_PATTERN.flags);
  });
});

describe('finalStatus', () => {
  it.each([
    ['pass', 'fail', 'success', 'Passed: all 4 criteria met'],
    ['fail', 'fail', 'failure', 'Failed: all 4 criteria met'],
    ['fail', 'pass', 'failure', 'Failed: all 4 criteria met'],
    ['inconclusive', 'fail', 'error', 'Inconclusive: all 4 criteria met'],
    ['inconclusive', 'warn', 'success', 'Inconclusive (on-inconclusive: warn): all 4 criteria met'],
    ['inconclusive', 'pass', 'success', 'Inconclusive (on-inconclusive: pass): all 4 criteria met'],
  ] as const)('%s with on-inconclusive %s is %s', (outcome, policy, state, description) => {
    expect(finalStatus(outcome, 'all 4 criteria met', policy, redact)).toEqual({ state, description });
  });

  it('redacts, flattens and cuts the verdict line', () => {
    const status = finalStatus('fail', `key ${SECRET} leaked\nline two ${'y'.repeat(300)}`, 'fail', redact);
    expect(status.state).toBe('failure');
    expect(status.description).toMatch(/^Failed: key \*\*\* leaked line two y+…$/);
    expect(chars(status.description)).toBe(140);
  });
});

describe('statusDescription', () => {
  it('keeps a short line as it is', () => {
    expect(statusDescription('Passed: all 3 criteria met', redact)).toBe('Passed: all 3 criteria met');
  });

  it('redacts before cutting: a secret across the 140th character is still removed', () => {
    const text = `${'a'.repeat(125)}${SECRET}`;
    const description = statusDescription(text, redact);
    expect(description).toBe(`${'a'.repeat(125)}***`);
    expect(statusDescription(`${'a'.repeat(130)}${SECRET}${'b'.repeat(50)}`, redact)).not.toMatch(/mka1_sk/);
  });

  it('makes one line without control characters or a leading workflow command', () => {
    const description = statusDescription('::error::x\r\n\u2028y\u0007z\u202e', redact);
    for (const control of ['\r', '\n', '\u2028', '\u0007', '\u202e']) expect(description).not.toContain(control);
    expect(description.startsWith('::')).toBe(false);
    expect(description).toBe(':\u200b:error::x y\uFFFDz\uFFFD');
  });

  it('cuts at 140 characters as GitHub counts them, without splitting an emoji', () => {
    const description = statusDescription('😀'.repeat(200), redact);
    expect(chars(description)).toBe(140);
    expect(description.endsWith('😀…')).toBe(true);
    expect(description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('workflowRunUrl and defaultStatusContext', () => {
  const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/llm-app', GITHUB_RUN_ID: '123456789' };

  it('links to this workflow run', () => {
    expect(workflowRunUrl(env)).toBe('https://github.com/acme/llm-app/actions/runs/123456789');
    expect(workflowRunUrl({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com:8443/' })).toBe(
      'https://ghe.example.com:8443/acme/llm-app/actions/runs/123456789',
    );
  });

  it.each([
    ['no server', { GITHUB_SERVER_URL: undefined }],
    ['a server that is not http(s)', { GITHUB_SERVER_URL: 'javascript:alert(1)' }],
    ['a server with a query', { GITHUB_SERVER_URL: 'https://github.com?x=1' }],
    ['no repository', { GITHUB_REPOSITORY: undefined }],
    ['a repository that climbs', { GITHUB_REPOSITORY: 'acme/..' }],
    ['a run id that is not a number', { GITHUB_RUN_ID: '12/../../x' }],
    ['no run id', { GITHUB_RUN_ID: '' }],
  ])('is undefined with %s', (_what, change) => {
    expect(workflowRunUrl({ ...env, ...change })).toBeUndefined();
  });

  it('the default context names the suite', () => {
    expect(defaultStatusContext('suite_abc')).toBe('MKA1 eval / suite_abc');
  });
});
