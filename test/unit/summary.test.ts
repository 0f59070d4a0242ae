import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../../src/api/models.ts';
import { capSize, escapeCell, table } from '../../src/report/markdown.ts';
import type { GateResult, Outcome, RecentRun } from '../../src/core/result.ts';
import { MAX_SUMMARY_BYTES, renderSummary } from '../../src/report/summary.ts';

function run(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    id: 'eval_run_abc123',
    suite_id: 'eval_suite_xyz',
    suite_version: 3,
    status: 'completed',
    models: ['gpt-x', 'gpt-y'],
    judge_model: 'judge-large',
    request_counts: { total: 200, completed: 195, failed: 5 },
    metrics: { accuracy: 0.9 },
    error: null,
    metadata: { branch: 'main', sha: 'c0ffee' },
    created_at: 1_700_000_000,
    started_at: 1_700_000_060,
    completed_at: 1_700_000_060 + 185,
    ...overrides,
  };
}

function result(overrides: Partial<GateResult> = {}): GateResult {
  return {
    outcome: 'pass',
    reason: 'all 2 criteria met',
    run: run(),
    criteria: [
      { name: 'Run status', actual: 'completed', allowed: 'completed', passed: true },
      { name: 'Failed requests', actual: '5 of 200 (2.5%)', allowed: '≤ 2.5% (5 of 200)', passed: true },
    ],
    lookup: undefined,
    elapsedMs: 200_000,
    api: { requests: 12, retries: 1, notModified: 4 },
    cancelRequest: undefined,
    inputProblems: [],
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
    ...overrides,
  };
}

const CONTEXT = { consequence: 'the job fails (on-inconclusive: fail)' };

/** Cells of a table row, split on pipes that are not escaped. */
function cells(row: string): string[] {
  const parts = row.split(/(?<!\\)\|/);
  expect(parts[0]).toBe('');
  expect(parts.at(-1)).toBe('');
  return parts.slice(1, -1).map((c) => c.trim());
}

/** The rows of the table that follows `heading`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  // heading, blank line, header row, separator row, then the rows.
  expect(lines[start + 1]).toBe('');
  expect(lines[start + 3]).toMatch(/^\|( --- \|)+$/);
  const rows: string[] = [];
  for (const line of lines.slice(start + 4)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.map(cells);
}

describe('escapeCell', () => {
  it('escapes pipes so they cannot end the cell', () => {
    expect(escapeCell('a|b')).toBe('a\\|b');
  });

  it('turns every kind of line break into a space', () => {
    expect(escapeCell('a\nb\r\nc\rd\te\u2028f\u2029g')).toBe('a b c d e f g');
    expect(escapeCell('a\n\n\nb')).toBe('a b');
  });

  it('neutralises HTML', () => {
    expect(escapeCell('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeCell('a & b &amp;')).toBe('a &amp; b &amp;amp;');
    expect(escapeCell('<!-- hidden -->')).not.toContain('<');
  });

  it('neutralises Markdown links, images, emphasis, code and strike-through', () => {
    expect(escapeCell('[click](https://evil.example)')).toBe('\\[click\\](https\u200b://evil.example)');
    expect(escapeCell('![x](https://evil.example/p.png)')).toBe('!\\[x\\](https\u200b://evil.example/p.png)');
    expect(escapeCell('**bold** _em_ ~~gone~~')).toBe('\\*\\*bold\\*\\* \\_em\\_ \\~\\~gone\\~\\~');
    expect(escapeCell('`code`')).toBe('\\`code\\`');
    expect(escapeCell('back\\slash')).toBe('back\\\\slash');
    expect(escapeCell('a\\|b')).toBe('a\\\\\\|b');
  });

  it('keeps bare URLs and e-mail addresses from becoming links (GitHub autolinks them)', () => {
    expect(escapeCell('log in at https://evil.example/login or HTTP://x.example')).toBe(
      'log in at https\u200b://evil.example/login or HTTP\u200b://x.example',
    );
    expect(escapeCell('www.evil.example, ftp://f.example, mailto:a@b.example')).toBe(
      'www\u200b.evil.example, ftp\u200b://f.example, mailto\u200b:a@\u200bb.example',
    );
    expect(escapeCell('user@evil.example')).toBe('user@\u200bevil.example');
    // Words that merely contain the letters stay as they are.
    expect(escapeCell('httpx: 2, awww.')).toBe('httpx: 2, awww.');
  });

  it('shows null and undefined as empty, and other values as JSON', () => {
    expect(escapeCell(null)).toBe('');
    expect(escapeCell(undefined)).toBe('');
    expect(escapeCell(3)).toBe('3');
    expect(escapeCell({ a: 1 })).toBe('{&quot;a&quot;:1}');
  });

  it('cuts long values, before escaping so an escape is never cut in half', () => {
    expect(escapeCell('x'.repeat(400))).toBe(`${'x'.repeat(300)}…`);
    expect(escapeCell('abcdef', 3)).toBe('abc…');
    expect(escapeCell('<'.repeat(10), 4)).toBe(`${'&lt;'.repeat(4)}…`);
    expect(escapeCell('abc', 3)).toBe('abc');
  });

  it('breaks @mentions and #references with a zero-width space, so API text notifies no one', () => {
    const zw = '\u200b';
    expect(escapeCell('ping @octocat')).toBe(`ping @${zw}octocat`);
    expect(escapeCell('@acme/reviewers')).toBe(`@${zw}acme/reviewers`);
    expect(escapeCell('@-dash')).toBe(`@${zw}-dash`);
    expect(escapeCell('fixes #123')).toBe(`fixes #${zw}123`);
    expect(escapeCell('see acme/app#45 and GH-#7')).toBe(`see acme/app#${zw}45 and GH-#${zw}7`);
    // Nothing to break: a lone @ or # stays as it is.
    expect(escapeCell('a @ b # c')).toBe('a @ b # c');
    expect(escapeCell('ping @octocat')).not.toMatch(/@\w/);
    expect(escapeCell('fixes #123')).not.toMatch(/#\d/);
  });
});

describe('table', () => {
  it('renders a header, a separator and one line per row', () => {
    expect(
      table(
        ['A', 'B'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ),
    ).toBe('| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |');
  });
});

describe('capSize', () => {
  it('leaves a document under the limit alone', () => {
    expect(capSize('# hi\n', 100)).toBe('# hi\n');
  });

  it('cuts at a line under the byte limit and says so', () => {
    const doc = Array.from({ length: 5_000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}`).join('\n');
    const capped = capSize(doc, 10_000);
    expect(Buffer.byteLength(capped, 'utf8')).toBeLessThanOrEqual(10_000);
    expect(Buffer.byteLength(capped, 'utf8')).toBeGreaterThan(9_000);
    expect(capped).toMatch(/_Summary truncated to stay under 10 KiB; see the `result-json` output for everything\._\n$/);
    const kept = capped.slice(0, capped.indexOf('\n\n_Summary truncated')).split('\n');
    kept.forEach((line, i) => expect(line).toBe(`line ${i} ${'é'.repeat(i % 7)}`));
  });

  it.each(['é', '€', '😀'])('never leaves a broken character when one line of %s is cut', (char) => {
    for (let maxBytes = 400; maxBytes < 408; maxBytes++) {
      const capped = capSize(char.repeat(1_000), maxBytes);
      expect(Buffer.byteLength(capped, 'utf8')).toBeLessThanOrEqual(maxBytes);
      expect(capped).not.toContain('\uFFFD');
      expect(capped.startsWith(char)).toBe(true);
    }
  });
});

describe('renderSummary', () => {
  it.each([
    ['pass', '## ✅ MKA1 eval gate passed', '**Pass:**'],
    ['fail', '## ❌ MKA1 eval gate failed', '**Fail:**'],
    ['inconclusive', '## ⚠️ MKA1 eval gate inconclusive', '**Inconclusive:**'],
  ] as const)('heads a %s outcome with its headline and reason', (outcome: Outcome, headline, label) => {
    const md = renderSummary(result({ outcome, reason: 'why [it](x) *matters*' }), CONTEXT);
    const lines = md.split('\n');
    expect(lines[0]).toBe(headline);
    expect(md).toContain(`${label} why \\[it\\](x) \\*matters\\*`);
  });

  it('says what an inconclusive outcome does to the job, and only then', () => {
    expect(renderSummary(result({ outcome: 'inconclusive' }), CONTEXT)).toContain('\n_the job fails (on-inconclusive: fail)_\n');
    expect(renderSummary(result({ outcome: 'pass' }), CONTEXT)).not.toContain('on-inconclusive');
    expect(renderSummary(result({ outcome: 'fail' }), CONTEXT)).not.toContain('on-inconclusive');
  });

  it('lists input problems', () => {
    const md = renderSummary(
      result({
        outcome: 'fail',
        run: undefined,
        criteria: [],
        inputProblems: ['input "timeout": got "5 minutes"; expected a duration', 'input "api-key": got ""; expected <the key>'],
      }),
      CONTEXT,
    );
    expect(md).toContain(
      '### Input problems\n\n- input &quot;timeout&quot;: got &quot;5 minutes&quot;; expected a duration\n- input &quot;api-key&quot;: got &quot;&quot;; expected &lt;the key&gt;',
    );
    expect(md).toContain('**Fail:** 2 invalid inputs; nothing was sent to MKA1');
    expect(md).not.toContain('### Run');
    expect(md).not.toContain('### Criteria');
  });

  it('shows the run table with every field', () => {
    const md = renderSummary(result(), CONTEXT);
    expect(tableAfter(md, '### Run')).toEqual([
      ['Run', '`eval_run_abc123`'],
      ['Suite', '`eval_suite_xyz` (version 3)'],
      ['Status', 'completed'],
      ['Models', 'gpt-x, gpt-y'],
      ['Judge model', 'judge-large'],
      ['Requests', '200 total, 195 completed, 5 failed'],
      ['Duration', '3m 05s'],
      ['Metadata', 'branch=main, sha=c0ffee'],
    ]);
  });

  it("shows a failed run's error, dashes for missing fields, and the time watched when unfinished", () => {
    const md = renderSummary(
      result({
        outcome: 'inconclusive',
        run: run({
          status: 'in_progress',
          models: [],
          judge_model: null,
          metadata: {},
          completed_at: null,
          suite_version: undefined,
          error: { code: 'grader_error', message: 'boom' },
        }),
      }),
      CONTEXT,
    );
    const rows = Object.fromEntries(tableAfter(md, '### Run').map(([k, v]) => [k, v]));
    expect(rows).toMatchObject({
      Suite: '`eval_suite_xyz`',
      Models: '—',
      'Judge model': '—',
      Metadata: '—',
      Duration: '3m 20s watched (not finished)',
      Error: 'boom',
    });
  });

  it('mentions no one and links no issue from API text in the run table', () => {
    const md = renderSummary(
      result({
        outcome: 'fail',
        run: run({
          status: 'failed',
          models: ['@octocat'],
          metadata: { owner: '@acme/ml-team', pr: '#42' },
          error: { code: 'grader_error', message: 'ask @octocat about #123' },
        }),
      }),
      CONTEXT,
    );
    const rows = Object.fromEntries(tableAfter(md, '### Run').map(([k, v]) => [k, v]));
    expect(rows.Models).toBe('@\u200boctocat');
    expect(rows.Metadata).toBe('owner=@\u200bacme/ml-team, pr=#\u200b42');
    expect(rows.Error).toBe('ask @\u200boctocat about #\u200b123');
    expect(md).not.toMatch(/[@#][\w-]/);
  });

  it('keeps every table row on one line with the right number of cells, whatever the API sends', () => {
    const hostile = '| x |\n| --- |\n<script>alert(1)</script> [a](b) **c**\r\n`d`';
    const md = renderSummary(
      result({
        outcome: 'fail',
        reason: hostile,
        run: run({
          id: 'eval_run_`|\n<b>',
          suite_id: 'eval_suite_|x`',
          status: 'failed',
          models: [hostile],
          judge_model: hostile,
          metadata: { [hostile]: hostile, ok: 'fine' },
          error: { message: hostile },
        }),
        criteria: [{ name: hostile, actual: hostile, allowed: hostile, passed: false }],
      }),
      CONTEXT,
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    const runRows = tableAfter(md, '### Run');
    expect(runRows).toHaveLength(9);
    for (const row of runRows) expect(row).toHaveLength(2);
    expect(runRows[0]).toEqual(['Run', '`eval_run_????b?`']);
    expect(runRows[1]?.[1]).toMatch(/^`eval_suite_\?x\?` \(version 3\)$/);
    const criteriaRows = tableAfter(md, '### Criteria');
    expect(criteriaRows).toHaveLength(1);
    expect(criteriaRows[0]).toHaveLength(4);
    expect(criteriaRows[0]?.[3]).toBe('❌ fail');
    // The reason line is one line too.
    expect(md.split('\n')[2]).toMatch(/^\*\*Fail:\*\* \\\| x \\\| \\\| --- \\\| &lt;script&gt;/);
  });

  it('shows at most 40 metadata pairs', () => {
    const metadata = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, `v${i}`]));
    const md = renderSummary(result({ run: run({ metadata }) }), CONTEXT);
    const cell = Object.fromEntries(tableAfter(md, '### Run').map(([k, v]) => [k, v])).Metadata as string;
    expect(cell).toContain('k39=v39');
    expect(cell).not.toContain('k40=');
    expect(cell.endsWith(' … (+5 more)')).toBe(true);
  });

  it('shows the criteria table', () => {
    const md = renderSummary(
      result({
        outcome: 'fail',
        criteria: [
          { name: 'Run status', actual: 'completed', allowed: 'completed', passed: true },
          { name: 'Failed requests', actual: '6 of 200 (3%)', allowed: '≤ 2.5% (5 of 200)', passed: false },
        ],
      }),
      CONTEXT,
    );
    expect(md).toContain(
      '### Criteria\n\n| Criterion | Actual | Allowed | Result |\n| --- | --- | --- | --- |\n' +
        '| Run status | completed | completed | ✅ pass |\n| Failed requests | 6 of 200 (3%) | ≤ 2.5% (5 of 200) | ❌ fail |',
    );
  });

  it('shows the lookup when no run was found', () => {
    const md = renderSummary(
      result({
        outcome: 'inconclusive',
        run: undefined,
        criteria: [],
        lookup: { mode: 'metadata', suiteId: 'eval_suite_xyz', metadata: { sha: 'c0ffee', pr: '7' }, candidates: 0, scanned: 31, scans: 4 },
      }),
      CONTEXT,
    );
    expect(tableAfter(md, '### Lookup')).toEqual([
      ['Suite', 'eval\\_suite\\_xyz'],
      ['Metadata asked for', 'sha=c0ffee, pr=7'],
      ['Runs examined', '31 in 4 scan(s)'],
    ]);
    expect(md).not.toContain('### Run\n');
  });

  it("after a miss, shows the metadata of the suite's newest runs, every value escaped", () => {
    const recent: RecentRun[] = [
      { id: 'eval_run_new', created_at: 1_700_000_100, status: 'completed', metadata: { sha: 'c0ffe1', workflow: 'pr' } },
      {
        id: 'eval_run_odd',
        created_at: 1_700_000_000,
        status: 'in_progress',
        metadata: { note: 'a|b\n<img src=x> @octocat **x** https://evil.example', '[k]': '' },
      },
      { id: 'eval_run_bare', created_at: 1_699_999_000, status: 'failed', metadata: {} },
    ];
    const md = renderSummary(
      result({
        outcome: 'inconclusive',
        run: undefined,
        criteria: [],
        lookup: { mode: 'metadata', suiteId: 'eval_suite_xyz', metadata: { sha: 'c0ffee1' }, candidates: 0, scanned: 3, scans: 9, recent },
      }),
      CONTEXT,
    );
    expect(md.indexOf('#### Newest runs of the suite (none matched)')).toBeGreaterThan(md.indexOf('### Lookup'));
    expect(tableAfter(md, '#### Newest runs of the suite (none matched)')).toEqual([
      ['`eval_run_new`', '2023-11-14T22:15:00.000Z', 'completed', 'sha=c0ffe1, workflow=pr'],
      [
        '`eval_run_odd`',
        '2023-11-14T22:13:20.000Z',
        'in\\_progress',
        'note=a\\|b &lt;img src=x&gt; @\u200boctocat \\*\\*x\\*\\* https\u200b://evil.example, \\[k\\]=',
      ],
      ['`eval_run_bare`', '2023-11-14T21:56:40.000Z', 'failed', '—'],
    ]);
  });

  it('after a miss in a suite with no run at all, says so', () => {
    const md = renderSummary(
      result({
        outcome: 'inconclusive',
        run: undefined,
        criteria: [],
        lookup: { mode: 'metadata', suiteId: 'eval_suite_xyz', metadata: { sha: 'a' }, candidates: 0, scanned: 0, scans: 4, recent: [] },
      }),
      CONTEXT,
    );
    expect(md).toContain('_The suite has no run visible to this key (check `suite-id` and `on-behalf-of`)._');
    expect(md).not.toContain('#### Newest runs');
  });

  it('appends extra sections, the cancel request, and API use', () => {
    const md = renderSummary(result({ cancelRequest: { ok: true, detail: 'asked MKA1 to cancel run eval_run_abc123 (now cancelling)' } }), {
      ...CONTEXT,
      sections: ['### Metrics', 'table here'],
    });
    const metrics = md.indexOf('### Metrics\n\ntable here');
    const cancel = md.indexOf('_asked MKA1 to cancel run eval\\_run\\_abc123 (now cancelling)_');
    const footer = md.indexOf('<sub>12 API request(s), 1 retried, 4 not modified · gate took 3m 20s</sub>');
    expect(metrics).toBeGreaterThan(md.indexOf('### Criteria'));
    expect(cancel).toBeGreaterThan(metrics);
    expect(footer).toBeGreaterThan(cancel);
    expect(md.endsWith('</sub>\n')).toBe(true);
  });

  it('stays under the summary size limit with huge sections', () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    const md = renderSummary(result(), { ...CONTEXT, sections: [huge] });
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(md).toContain('_Summary truncated to stay under 256 KiB');
    expect(md.startsWith('## ✅ MKA1 eval gate passed')).toBe(true);
  });
});
