import { describe, expect, it } from 'vitest';
import { DEFAULT_API_URL } from '../../src/api/client.ts';
import type { GateConfig } from '../../src/core/config.ts';
import {
  describeProblem,
  isAllowedApiUrl,
  parseInputs,
  parseMetadata,
  summaryWanted,
  type InputProblem,
  type InputReader,
} from '../../src/inputs/inputs.ts';

// `metadata: '*'`: the newest run of the suite, whatever its metadata (an empty metadata is an error).
const BASE = { 'api-key': 'mka1_sk_test', 'suite-id': 'eval_suite_1', metadata: '*' };

function reader(values: Record<string, string>): InputReader {
  const map = new Map(Object.entries(values));
  return (name) => map.get(name) ?? '';
}

function config(values: Record<string, string>): GateConfig {
  const parsed = parseInputs(reader({ ...BASE, ...values }));
  if (!parsed.ok) throw new Error(`expected valid inputs, got ${parsed.problems.map((p) => describeProblem(p)).join('; ')}`);
  return parsed.config;
}

function problems(values: Record<string, string>, base: Record<string, string> = BASE): InputProblem[] {
  const parsed = parseInputs(reader({ ...base, ...values }));
  if (parsed.ok) throw new Error('expected the inputs to be rejected');
  return parsed.problems;
}

function only(values: Record<string, string>, base?: Record<string, string>): InputProblem {
  const found = problems(values, base);
  expect(found).toHaveLength(1);
  return found[0] as InputProblem;
}

describe('parseInputs defaults', () => {
  it('fills every default from the api-key and suite-id alone', () => {
    expect(config({})).toEqual({
      apiKey: 'mka1_sk_test',
      apiUrl: DEFAULT_API_URL,
      onBehalfOf: undefined,
      target: { kind: 'lookup', suiteId: 'eval_suite_1', metadata: {} },
      timeoutMs: 30 * 60_000,
      pollIntervalMs: 15_000,
      maxPollIntervalMs: 120_000,
      requestTimeoutMs: 30_000,
      maxFailedRequests: { kind: 'count', value: 0 },
      writeSummary: true,
      onInconclusive: 'fail',
      cancelRunOn: { timeout: false, abort: false },
      thresholds: [],
      baseline: { kind: 'none' },
      maxRegression: [],
      requireBaseline: false,
      comment: { enabled: false, token: '' },
      createRun: { mode: 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context: {} },
      rerunFailed: 0,
      failedSamples: 10,
      noise: { mode: 'report', confidence: 0.95, uncertain: 'pass' },
    } satisfies GateConfig);
  });

  it('reads explicit values, trimming them', () => {
    const c = config({
      'api-url': ' http://127.0.0.1:8080 ',
      'on-behalf-of': ' team_7 ',
      timeout: '1.5h',
      'poll-interval': '5s',
      'max-poll-interval': '45s',
      'request-timeout': '500ms',
      'max-failed-requests': '2.5%',
      summary: 'FALSE',
      'on-inconclusive': 'Warn',
      'cancel-run-on': 'timeout, abort',
      comment: 'true',
      'github-token': 'ghs_x',
    });
    expect(c.apiUrl).toBe('http://127.0.0.1:8080');
    expect(c.onBehalfOf).toBe('team_7');
    expect(c.timeoutMs).toBe(5_400_000);
    expect(c.pollIntervalMs).toBe(5_000);
    expect(c.maxPollIntervalMs).toBe(45_000);
    expect(c.requestTimeoutMs).toBe(500);
    expect(c.maxFailedRequests).toEqual({ kind: 'percent', value: 2.5 });
    expect(c.writeSummary).toBe(false);
    expect(c.onInconclusive).toBe('warn');
    expect(c.cancelRunOn).toEqual({ timeout: true, abort: true });
    expect(c.comment).toEqual({ enabled: true, token: 'ghs_x' });
  });

  it('raises the default max-poll-interval to a longer poll-interval', () => {
    expect(config({ 'poll-interval': '5m' }).maxPollIntervalMs).toBe(300_000);
  });

  it('takes a whole count of failed requests, and 100%', () => {
    expect(config({ 'max-failed-requests': '3' }).maxFailedRequests).toEqual({ kind: 'count', value: 3 });
    expect(config({ 'max-failed-requests': '100%' }).maxFailedRequests).toEqual({ kind: 'percent', value: 100 });
  });

  it.each([
    ['timeout', { timeout: true, abort: false }],
    ['abort', { timeout: false, abort: true }],
    ['never', { timeout: false, abort: false }],
    ['abort,timeout', { timeout: true, abort: true }],
  ])('reads cancel-run-on %j', (value, expected) => {
    expect(config({ 'cancel-run-on': value }).cancelRunOn).toEqual(expected);
  });

  it('parses thresholds, max-regression and the baseline', () => {
    const c = config({
      thresholds: 'accuracy >= 0.8\n# comment\ngpt-x:f1 > 0.5',
      'baseline-metadata': 'branch=main',
      'max-regression': 'accuracy: 0.02, *: 2%',
      'require-baseline': 'true',
    });
    expect(c.thresholds.map((t) => [t.scope, t.metric, t.comparator, t.limit])).toEqual([
      [undefined, 'accuracy', '>=', 0.8],
      ['gpt-x', 'f1', '>', 0.5],
    ]);
    expect(c.baseline).toEqual({ kind: 'metadata', metadata: { branch: 'main' } });
    expect(c.maxRegression).toEqual([
      { metric: 'accuracy', kind: 'absolute', value: 0.02 },
      { metric: '*', kind: 'percent', value: 2 },
    ]);
    expect(c.requireBaseline).toBe(true);
    expect(config({ 'baseline-run-id': 'eval_run_base' }).baseline).toEqual({ kind: 'run-id', runId: 'eval_run_base' });
  });
});

describe('parseInputs targets and metadata', () => {
  it('trims metadata pairs, ignores empty lines and keeps = in values', () => {
    const c = config({ metadata: '\n  branch = main  \r\n\n   \nsha=abc\nquery= a=b \n' });
    expect(c.target).toEqual({ kind: 'lookup', suiteId: 'eval_suite_1', metadata: { branch: 'main', sha: 'abc', query: 'a=b' } });
  });

  it('lets run-id take precedence over the lookup, keeping suite-id and metadata as checks', () => {
    expect(config({ 'run-id': ' eval_run_9 ', metadata: 'branch=main' }).target).toEqual({
      kind: 'run-id',
      runId: 'eval_run_9',
      suiteId: 'eval_suite_1',
      metadata: { branch: 'main' },
    });
    expect(config({ 'suite-id': '', 'run-id': 'eval_run_9' }).target).toEqual({
      kind: 'run-id',
      runId: 'eval_run_9',
      suiteId: undefined,
      metadata: {},
    });
  });

  // Keys are compared as own keys only, so Object.prototype names are ordinary keys.
  it('accepts keys that happen to be Object.prototype names', () => {
    const seen: string[] = [];
    const pairs = parseMetadata('constructor=abc\ntoString=1\nbranch=main', 'metadata', (_input, value) => seen.push(value));
    expect(seen).toEqual([]);
    expect({ ...pairs }).toEqual({ constructor: 'abc', toString: '1', branch: 'main' });
  });

  it('parseMetadata reports each bad line to the given input', () => {
    const seen: InputProblem[] = [];
    const pairs = parseMetadata('a=1\nnoequals\n=value\na=2\nb=', 'baseline-metadata', (input, value, expected) =>
      seen.push({ input, value, expected }),
    );
    expect({ ...pairs }).toEqual({ a: '1' });
    expect(seen.map((p) => [p.input, p.value])).toEqual([
      ['baseline-metadata', 'noequals'],
      ['baseline-metadata', '=value'],
      ['baseline-metadata', 'a=2'],
      ['baseline-metadata', 'b='],
    ]);
    expect(seen[2]?.expected).toMatch(/"a" is given twice/);
    expect(seen[3]?.expected).toContain('sha=${{ github.event.pull_request.head.sha || github.sha }}');
  });
});

describe('parseInputs problems', () => {
  it('reports every problem at once, naming input, value and expected form', () => {
    const found = problems(
      {
        'api-key': '  ',
        'api-url': 'http://evals.example.com',
        'suite-id': '',
        timeout: '5 minutes',
        'max-failed-requests': '-1',
        'on-inconclusive': 'maybe',
        'cancel-run-on': 'sometimes',
        metadata: 'branch',
        thresholds: 'accuracy is high',
        comment: 'true',
      },
      {},
    );
    const byInput = Object.fromEntries(found.map((p) => [p.input, p]));
    expect(Object.keys(byInput).sort()).toEqual(
      [
        'api-key',
        'api-url',
        'cancel-run-on',
        'github-token',
        'max-failed-requests',
        'metadata',
        'on-inconclusive',
        'suite-id',
        'thresholds',
        'timeout',
      ].sort(),
    );
    expect(found).toHaveLength(10);
    expect(byInput.timeout).toMatchObject({ value: '5 minutes', expected: expect.stringMatching(/duration.*ms, s, m or h/) });
    expect(byInput['api-url']).toMatchObject({ value: 'http://evals.example.com', expected: expect.stringMatching(/https:\/\//) });
    expect(byInput['max-failed-requests']).toMatchObject({ value: '-1', expected: expect.stringMatching(/count.*percentage/) });
    expect(byInput.metadata).toMatchObject({ value: 'branch', expected: expect.stringMatching(/key=value/) });
    expect(byInput.thresholds).toMatchObject({ value: 'accuracy is high', expected: expect.stringMatching(/metric >= number/) });
    for (const p of found) expect(p.expected.length).toBeGreaterThan(5);
    // The description a user reads names all three.
    expect(describeProblem(byInput.timeout as InputProblem)).toBe(
      `input "timeout": got "5 minutes"; expected ${(byInput.timeout as InputProblem).expected}`,
    );
  });

  it('describeProblem shortens long values', () => {
    const text = describeProblem({ input: 'metadata', value: 'x'.repeat(200), expected: 'y' });
    expect(text).toContain(`"${'x'.repeat(80)}…"`);
    expect(text).not.toContain('x'.repeat(81));
  });

  it.each([
    ['timeout', '5 minutes'],
    ['timeout', '-5s'],
    ['timeout', '0'],
    ['poll-interval', 'soon'],
    ['poll-interval', '5ms'],
    ['max-poll-interval', '1 hour'],
    ['request-timeout', '50ms'],
  ])('rejects %s %j as a duration', (input, value) => {
    expect(only({ [input]: value })).toMatchObject({ input, value, expected: expect.stringContaining('duration') });
  });

  it('rejects a max-poll-interval shorter than poll-interval', () => {
    expect(only({ 'poll-interval': '30s', 'max-poll-interval': '10s' })).toMatchObject({
      input: 'max-poll-interval',
      value: '10s',
      expected: expect.stringContaining('30s'),
    });
  });

  it.each(['-1', '1.5', 'three', '5%%', '%'])('rejects max-failed-requests %j', (value) => {
    expect(only({ 'max-failed-requests': value })).toMatchObject({ input: 'max-failed-requests', value });
  });

  it('rejects a percentage above 100', () => {
    expect(only({ 'max-failed-requests': '100.5%' })).toEqual({
      input: 'max-failed-requests',
      value: '100.5%',
      expected: 'a percentage from 0% to 100%',
    });
  });

  it('rejects a metadata line without = and a duplicate key, naming the line', () => {
    const found = problems({ metadata: 'branch=main\nrelease\nbranch=dev' });
    expect(found.map((p) => [p.input, p.value])).toEqual([
      ['metadata', 'release'],
      ['metadata', 'branch=dev'],
    ]);
    expect(found[1]?.expected).toContain('"branch"');
  });

  it('needs suite-id or run-id', () => {
    expect(only({ 'suite-id': '' })).toMatchObject({ input: 'suite-id', value: '', expected: expect.stringContaining('run-id') });
  });

  it.each([
    'http://evals.example.com',
    'http://10.0.0.5:8080',
    'ftp://127.0.0.1',
    'not a url',
    'http://localhost.evil.com',
    'http://127.0.0.1.evil.com',
  ])('rejects api-url %j', (url) => {
    expect(isAllowedApiUrl(url)).toBe(false);
    expect(only({ 'api-url': url })).toMatchObject({
      input: 'api-url',
      value: url === 'not a url' ? '(not a valid URL, 9 characters)' : url,
    });
  });

  it.each([
    ['https://user:s3cret@apigw.mka1.com', 's3cret'],
    ['https://apigw.mka1.com/?key=s3cret', 's3cret'],
  ])('rejects api-url %j without repeating the secret in it', (url, secret) => {
    expect(isAllowedApiUrl(url)).toBe(false);
    const p = only({ 'api-url': url });
    expect(p.input).toBe('api-url');
    expect(p.value).toContain('apigw.mka1.com');
    expect(p.value).not.toContain(secret);
    expect(describeProblem(p)).not.toContain(secret);
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://127.5.6.7',
    'http://localhost',
    'http://LOCALHOST:3000/',
    'http://[::1]',
    'http://[::1]:9000/api',
    'https://apigw.mka1.com',
    'https://evals.example.com:8443/base',
  ])('accepts api-url %j', (url) => {
    expect(isAllowedApiUrl(url)).toBe(true);
    expect(config({ 'api-url': url }).apiUrl).toBe(url);
  });

  it('rejects an empty api-key', () => {
    expect(only({ 'api-key': '' })).toMatchObject({ input: 'api-key', value: '', expected: expect.stringContaining('secret') });
  });

  it.each([
    ['a space', 'mka1_sk_test abc'],
    ['a line break', 'mka1_sk_test\nX-Injected: 1'],
    ['a carriage return', 'mka1_sk_test\rabc'],
    ['a tab', 'mka1_sk_test\tabc'],
    ['a non-ASCII character', 'mka1_sk_tëst'],
    ['a zero-width space', 'mka1_sk_test\u200b'],
  ])('rejects an api-key with %s, never showing the key', (_what, key) => {
    const p = only({ 'api-key': key });
    expect(p).toMatchObject({ input: 'api-key', value: '(hidden)', expected: expect.stringContaining('printable ASCII') });
    expect(describeProblem(p)).toContain('got "(hidden)"');
    expect(describeProblem(p)).not.toContain('mka1_sk_t');
  });

  it('accepts an api-key of printable ASCII, trimming the line break a secret often ends with', () => {
    expect(config({ 'api-key': ' mka1_sk_live_AZaz09-._~+/=!#$%&*\n' }).apiKey).toBe('mka1_sk_live_AZaz09-._~+/=!#$%&*');
  });

  it.each([
    ['a line break', 'team_7\nX-Injected: 1'],
    ['a carriage return', 'team_7\rX'],
    ['a non-ASCII character', 'équipe_7'],
  ])('rejects an on-behalf-of with %s: it is sent as a header', (_what, value) => {
    expect(only({ 'on-behalf-of': value })).toMatchObject({ input: 'on-behalf-of', value, expected: expect.stringContaining('one line') });
  });

  it('accepts an on-behalf-of with inner spaces', () => {
    expect(config({ 'on-behalf-of': 'Team 7 (ml)' }).onBehalfOf).toBe('Team 7 (ml)');
  });

  it('needs metadata (or `*`) with suite-id: an unset variable must not gate some other run', () => {
    for (const metadata of ['', '  \n ']) {
      const p = only({ metadata });
      expect(p).toMatchObject({ input: 'metadata', value: '' });
      expect(p.expected).toContain('`*`');
      expect(p.expected).toContain('key=value');
    }
  });

  it('takes metadata `*` as the newest run of the suite, with an empty filter', () => {
    expect(config({ metadata: '*' }).target).toEqual({ kind: 'lookup', suiteId: 'eval_suite_1', metadata: {} });
    expect(config({ metadata: ' * ' }).target).toEqual({ kind: 'lookup', suiteId: 'eval_suite_1', metadata: {} });
  });

  it('needs no metadata with run-id', () => {
    expect(config({ 'run-id': 'eval_run_9', metadata: '' }).target).toEqual({
      kind: 'run-id',
      runId: 'eval_run_9',
      suiteId: 'eval_suite_1',
      metadata: {},
    });
    expect(config({ 'run-id': 'eval_run_9', 'suite-id': '', metadata: '' }).target).toEqual({
      kind: 'run-id',
      runId: 'eval_run_9',
      suiteId: undefined,
      metadata: {},
    });
  });

  it('rejects require-baseline: true without a baseline to require', () => {
    expect(only({ 'require-baseline': 'true' })).toMatchObject({
      input: 'require-baseline',
      value: 'true',
      expected: expect.stringMatching(/baseline-metadata.*baseline-run-id/),
    });
    expect(config({ 'require-baseline': 'true', 'baseline-run-id': 'eval_run_base' }).requireBaseline).toBe(true);
    expect(config({ 'require-baseline': 'false' }).requireBaseline).toBe(false);
  });

  it.each([
    ['on-inconclusive', 'maybe'],
    ['summary', 'yes'],
    ['on-inconclusive', 'ignore'],
    ['require-baseline', 'no'],
  ])('rejects %s %j', (input, value) => {
    expect(only({ [input]: value })).toMatchObject({ input, value });
  });

  it.each(['sometimes', 'never,timeout', 'timeout;abort'])('rejects cancel-run-on %j', (value) => {
    expect(only({ 'cancel-run-on': value })).toMatchObject({
      input: 'cancel-run-on',
      value,
      expected: expect.stringContaining('timeout,abort'),
    });
  });

  it('names each bad thresholds line', () => {
    const found = problems({ thresholds: 'accuracy >= 0.8\naccuracy about 0.9\nf1 => 1' });
    expect(found.map((p) => [p.input, p.value])).toEqual([
      ['thresholds', 'accuracy about 0.9'],
      ['thresholds', 'f1 => 1'],
    ]);
  });

  it('names each bad max-regression entry', () => {
    const found = problems({ 'baseline-run-id': 'eval_run_base', 'max-regression': 'accuracy: 0.02, f1 0.1, loss: -1' });
    expect(found.map((p) => [p.input, p.value])).toEqual([
      ['max-regression', 'f1 0.1'],
      ['max-regression', 'loss: -1'],
    ]);
  });

  it('rejects max-regression without a baseline', () => {
    expect(only({ 'max-regression': 'accuracy: 0.02' })).toMatchObject({
      input: 'max-regression',
      value: 'accuracy: 0.02',
      expected: expect.stringContaining('baseline'),
    });
  });

  it('rejects both baseline-run-id and baseline-metadata', () => {
    expect(only({ 'baseline-run-id': 'eval_run_base', 'baseline-metadata': 'branch=main' })).toMatchObject({
      input: 'baseline-run-id',
      value: 'eval_run_base',
      expected: expect.stringContaining('not both'),
    });
  });

  it('rejects a comment value that is not a boolean', () => {
    expect(only({ comment: '1', 'github-token': 'ghs_x' })).toMatchObject({ input: 'comment', value: '1', expected: '`true` or `false`' });
  });

  it('needs a github-token when comment is true', () => {
    expect(only({ comment: 'true' })).toMatchObject({ input: 'github-token', value: '' });
    expect(config({ comment: 'true', 'github-token': 'ghs_x' }).comment.enabled).toBe(true);
    expect(config({ comment: 'false' }).comment.enabled).toBe(false);
  });
});

describe('summaryWanted', () => {
  it('is true unless summary is false', () => {
    expect(summaryWanted(reader({}))).toBe(true);
    expect(summaryWanted(reader({ summary: ' False ' }))).toBe(false);
    expect(summaryWanted(reader({ summary: 'garbage' }))).toBe(true);
  });
});
