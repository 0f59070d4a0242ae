/**
 * Issue 8, rules 8 to 13 (transport and output channels), end to end through `node dist/index.js`
 * against the emulator (and the fake GitHub API for the comment). Every case checks the exit
 * code, `outcome` in result-json, that every output of action.yml is set, that the summary was
 * written, and that no stdout line can be read as a workflow command the action did not mean.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FaultRule, RunSpec, Scenario } from '../emulator/model.ts';
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/server.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fake-github/server.ts';
import { SECRET_KEY, baseInputs, leaksOf, runAction, withEmulator, type ActionRun, type RunActionOptions } from './harness.ts';

type Outcome = 'pass' | 'fail' | 'inconclusive';

const SUITE = 'eval_suite_integrity_transport';
const RUN_ID = 'eval_run_it0000000000000000000000000000001';
const OUTPUT_NAMES = Object.keys(
  (parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: object }).outputs,
);
const HEADLINE: Record<Outcome, string> = {
  pass: 'MKA1 eval gate passed',
  fail: 'MKA1 eval gate failed',
  inconclusive: 'MKA1 eval gate inconclusive',
};

/** Every line break the runner (or a log viewer) may split on. */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/;
/** Commands this action writes itself; any other line that starts with `::` or holds `##[` was injected. */
const OWN_COMMAND = /^::(add-mask|debug|warning|error|notice|group|endgroup)::/;

/** Lines of stdout that the runner would take as a command the action did not write. */
function injectedCommands(stdout: string): string[] {
  return stdout.split(LINE_BREAKS).filter((line) => {
    const trimmed = line.replace(/^[\s\u0085\ufeff]+/, '');
    if (line.includes('##[')) return true;
    if (!trimmed.startsWith('::')) return false;
    if (!OWN_COMMAND.test(trimmed)) return true;
    // An own command name with injected data right after it: `::error::PWNED`.
    return /^::[a-z-]+::\s*PWNED/.test(trimmed);
  });
}

function dump(run: ActionRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${Math.round(run.durationMs)}ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** What every case checks. */
function expectReported(run: ActionRun, outcome: Outcome, code: number): void {
  expect(run.signal, dump(run)).toBeNull();
  expect(run.code, dump(run)).toBe(code);
  expect(run.result, dump(run)).toBeDefined();
  expect(run.result.outcome, dump(run)).toBe(outcome);
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  for (const name of OUTPUT_NAMES) expect(Object.hasOwn(run.outputs, name), `output ${name} set`).toBe(true);
  expect(run.result.reason.length).toBeGreaterThan(0);
  expect(run.summary.trim(), 'summary written').not.toBe('');
  expect(run.summary).toContain(HEADLINE[outcome]);
  expect(injectedCommands(run.stdout), dump(run)).toEqual([]);
  expect(leaksOf(run), dump(run)).toEqual([]);
}

function scenario(runs: RunSpec[], faults: FaultRule[] = []): Scenario {
  return { runs, faults };
}

function doneRun(extra: Partial<RunSpec> = {}): RunSpec {
  return { id: RUN_ID, suiteId: SUITE, metadata: { branch: 'main' }, total: 40, failed: 0, ...extra };
}

const endlessRun = (extra: Partial<RunSpec> = {}) => doneRun({ inProgressMs: 3_600_000, ...extra });
const byRunId = { 'run-id': RUN_ID };
const byLookup = { 'suite-id': SUITE, metadata: 'branch=main' };

function fast(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return baseInputs(emulator, { timeout: '3s', 'poll-interval': '200ms', ...extra });
}

interface GateRun {
  run: ActionRun;
  requests: RecordedRequest[];
  /** Emulator time (ms) at which the process exited. */
  exitAt: number;
}

async function gate(
  scene: Scenario,
  inputs: Record<string, string> | ((emulator: Emulator) => Record<string, string>),
  options: Omit<RunActionOptions, 'inputs'> = {},
): Promise<GateRun> {
  return withEmulator(scene, async (emulator) => {
    let exitAt = Number.NaN;
    const run = await runAction({
      ...options,
      inputs: typeof inputs === 'function' ? inputs(emulator) : fast(emulator, inputs),
      onSpawn: (child) => child.on('exit', () => (exitAt = emulator.elapsed())),
    });
    return { run, requests: [...emulator.requests], exitAt };
  });
}

describe('rule 8: the deadline is the only thing that ends a wait', () => {
  it.each([
    ['waiting for the run', 20, { route: 'get', kind: 'status', status: 500 } as FaultRule],
    ['looking the run up', 10, { route: 'list', kind: 'status', status: 500 } as FaultRule],
  ] as const)(
    'persistent HTTP 500 while %s: %i runs, 5 at a time, none ends before the 3 s timeout',
    async (_phase, runs, fault) => {
      const emulator = await startEmulator({ scenario: scenario([endlessRun()], [fault]), apiKey: SECRET_KEY });
      try {
        const results: ActionRun[] = [];
        // Five at a time: parallel, without starving a shared 2-core machine.
        for (let batch = 0; batch < runs; batch += 5) {
          const spawned = Array.from({ length: Math.min(5, runs - batch) }, () =>
            runAction({ inputs: fast(emulator, byLookup), killAfterMs: 45_000 }),
          );
          results.push(...(await Promise.all(spawned)));
        }
        expect(results).toHaveLength(runs);
        expect(emulator.requests.filter((r) => r.answer === 'fault:status').length).toBeGreaterThanOrEqual(runs * 2);
        for (const run of results) {
          expectReported(run, 'inconclusive', 1);
          // Before the fix, a run ended early here: "timeout of 3s would pass before the API answers again".
          expect(run.result.reason, dump(run)).toMatch(/^timeout of 3s reached /);
          expect(run.result.reason).not.toContain('would pass');
          // The final check is at most poll-interval (200 ms) before the deadline; 50 ms for clock granularity.
          expect(run.result.elapsed_ms, dump(run)).toBeGreaterThanOrEqual(3000 - 250);
          expect(run.durationMs).toBeGreaterThanOrEqual(3000 - 250);
          // It kept polling through the failures (more than one call).
          expect(run.result.api.requests).toBeGreaterThanOrEqual(2);
        }
      } finally {
        await emulator.close();
      }
    },
    90_000,
  );

  it('a Retry-After beyond the deadline still ends the gate at once', async () => {
    const { run, requests } = await gate(scenario([endlessRun()], [{ route: 'get', kind: 'status', status: 503, retryAfter: '600' }]), {
      ...byLookup,
      timeout: '20s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toContain('would pass before the API answers again');
    expect(run.result.elapsed_ms).toBeLessThan(10_000);
    expect(requests.filter((r) => r.route === 'get').length).toBeLessThanOrEqual(2);
  });
});

describe('rule 9: an unusable 2xx answer is a missed poll', () => {
  it('an HTML 200 page from a proxy, three times, then the real answer: passes', async () => {
    const { run, requests } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'bad-json', times: 3 }]), {
      ...byRunId,
      timeout: '20s',
    });
    expectReported(run, 'pass', 0);
    expect(requests.filter((r) => r.answer === 'fault:bad-json')).toHaveLength(3);
    expect(run.outputs['run-id']).toBe(RUN_ID);
    expect(run.stdout).toContain('body is not JSON');
  });

  it.each([
    ['an HTML page', { route: 'get', kind: 'bad-json' }, byRunId, /body is not JSON: <html><body>502 Bad Gateway/],
    ['an unknown status', { route: 'get', kind: 'unknown-status' }, byRunId, /unknown status "paused"/],
    ['a run without status and counts', { route: 'get', kind: 'missing-fields' }, byRunId, /has no "status"/],
    ['a listing that is not JSON', { route: 'list', kind: 'bad-json', body: '<html>captive portal</html>' }, byLookup, /captive portal/],
  ] as const)(
    '%s until the deadline: inconclusive at the deadline, the reason names the last problem',
    async (_name, fault, target, problem) => {
      const { run, requests } = await gate(scenario([doneRun()], [fault as FaultRule]), target);
      expectReported(run, 'inconclusive', 1);
      expect(run.result.reason).toMatch(/^timeout of 3s reached /);
      expect(run.result.reason).toContain('unusable response');
      expect(run.result.reason).toMatch(problem);
      expect(run.result.elapsed_ms).toBeGreaterThanOrEqual(3000 - 250);
      expect(requests.filter((r) => r.route === fault.route).length).toBeGreaterThan(3);
    },
  );

  it('a run answered under another id until the deadline: inconclusive, names both ids', async () => {
    const other = 'eval_run_someone_else_0000000000000000001';
    const { run } = await gate(scenario([doneRun({ extra: { id: other } })]), byRunId);
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/^timeout of 3s reached /);
    expect(run.result.reason).toContain(other);
    expect(run.outputs['run-id']).not.toBe(other);
  });
});

describe('rule 10: bounded work', () => {
  // The heavy cases (tens of MiB streamed, a 16 MB page built and parsed) run one at a time, not beside each other:
  // their emulators share one event loop, and a case must not miss its deadline because another one hogs it.
  const oneAtATime = { concurrent: false };

  it('a 17 MiB body: refused while streaming, a missed poll, inconclusive at the deadline', oneAtATime, async () => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'list', kind: 'oversized-body' }]), byLookup);
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/^timeout of 3s reached /);
    expect(run.result.reason).toContain('body larger than 16 MiB, refused');
  });

  it('a body that never ends: refused at 16 MiB, not read until a timeout', oneAtATime, async () => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'list', kind: 'oversized-body', bytes: Number.POSITIVE_INFINITY }]), {
      ...byLookup,
      'request-timeout': '10m',
      timeout: '4s',
    });
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toContain('body larger than 16 MiB, refused');
    expect(run.result.elapsed_ms).toBeLessThan(4000 + 1000);
  });

  it('JSON nested 100,000 levels deep: refused as unusable, no stack overflow', oneAtATime, async () => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'deep-json', depth: 100_000 }]), byRunId);
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toContain('JSON nested deeper than 64 levels');
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack/);
  });

  it.each([
    [64, 'pass', 0],
    [65, 'inconclusive', 1],
  ] as const)('JSON exactly %i levels deep: %s', async (depth, outcome, code) => {
    const { run } = await gate(scenario([doneRun()], [{ route: 'get', kind: 'deep-json', depth }]), byRunId);
    expectReported(run, outcome, code);
    if (outcome === 'inconclusive') expect(run.result.reason).toContain('JSON nested deeper than 64 levels');
    else expect(run.outputs.metrics).toContain('{"m":{"m":');
  });

  it('a 100,000-item listing page on every poll: the deadline holds within 1 s', oneAtATime, async () => {
    const { run, requests, exitAt } = await gate(
      scenario([doneRun({ metadata: { branch: 'never-listed' } })], [{ route: 'list', kind: 'huge-page' }]),
      {
        ...byLookup,
        // Long enough for a first (cold) scan of the page even on a heavily shared machine.
        timeout: '10s',
        'poll-interval': '1s',
      },
    );
    expectReported(run, 'inconclusive', 1);
    expect(run.result.reason).toMatch(/^timeout of 10s reached before a run of suite/);
    expect(run.result.lookup.scanned, run.result.reason).toBeGreaterThanOrEqual(100_000);
    // Parsing a 16 MB page cannot be interrupted: a check that starts just before the deadline ends a
    // little after it. `npm run bench` measures the overshoot (well under 1 s on a quiet machine); here
    // the bound is generous, as the machine running the tests may be heavily shared.
    expect(run.result.elapsed_ms).toBeLessThanOrEqual(10_000 + 3000);
    // From the first request (just after the gate's clock started) to the process exit.
    expect(exitAt - requests[0]!.at, dump(run)).toBeLessThanOrEqual(10_000 + 3000);
  });

  describe('last-resort handler', () => {
    /** Preloaded into the bundle's process: crashes it in the chosen way once the gate is waiting. */
    const HOOK = `
const write = process.stdout.write.bind(process.stdout);
let armed = true;
process.stdout.write = (chunk, ...rest) => {
  if (armed && String(chunk).includes('next poll in')) {
    armed = false;
    const mode = process.env.CRASH_MODE;
    setImmediate(() => {
      if (mode === 'exception') throw new Error('injected crash from a timer');
      if (mode === 'rejection') void Promise.reject(new Error('injected unhandled rejection'));
      if (mode === 'range') { const recurse = () => recurse() + 1; recurse(); }
    });
  }
  return write(chunk, ...rest);
};
`;

    it.each([
      ['an uncaught exception', 'exception', /unexpected error: Error: injected crash from a timer/],
      ['an unhandled rejection', 'rejection', /unexpected error: Error: injected unhandled rejection/],
      ['a RangeError (stack overflow)', 'range', /unexpected error: RangeError: Maximum call stack size exceeded/],
    ])('%s while waiting: every output, the summary, exit 1', async (_name, mode, reason) => {
      const dir = await mkdtemp(join(tmpdir(), 'gate-crash-'));
      try {
        const hook = join(dir, 'crash-hook.mjs');
        await writeFile(hook, HOOK);
        const { run } = await gate(
          scenario([endlessRun()]),
          { ...byLookup, timeout: '20s' },
          {
            env: { NODE_OPTIONS: `--import=${hook}`, CRASH_MODE: mode },
          },
        );
        expectReported(run, 'fail', 1);
        expect(run.result.reason).toMatch(reason);
        expect(run.stdout).toMatch(/^::error::MKA1 eval gate fail: unexpected error/m);
        expect(run.result.elapsed_ms).toBeLessThan(15_000);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('rule 11: no workflow-command injection', () => {
  const FORMS = [
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
    ['NEL U+0085', '\u0085'],
    ['LS U+2028', '\u2028'],
    ['PS U+2029', '\u2029'],
  ] as const;
  const payload = (b: string) =>
    `evil${b}::error::PWNED-1${b}##[error]PWNED-2${b}   ::set-output name=pwned::PWNED-3${b}::stop-commands::PWNED-4`;

  it.each(FORMS)('every API field carrying %s and commands: nothing is injected', async (_name, b) => {
    const p = payload(b);
    const splitsInput = /[\r\n]/.test(b);
    const gated = doneRun({
      outcome: 'failed',
      failed: 3,
      error: { code: `code${p}`, message: `grader crashed${p}` },
      metadata: { branch: 'main', tag: p, [`key${p}`]: p },
      models: ['gpt-x', `model${p}`],
      judgeModel: `judge${p}`,
      extra: { metrics: { [`gpt${p}`]: { [`acc${p}`]: 0.5 }, 'gpt-x': { accuracy: 0.5 } } },
    });
    const odd: RunSpec = {
      id: 'eval_run_it_odd_000000000000000000000000001',
      suiteId: SUITE,
      ageSeconds: 600,
      metadata: { branch: 'other' },
      extra: { status: `done${p}` },
    };
    const faults: FaultRule[] = [
      { route: 'list', kind: 'status', status: 503, body: `upstream${p}`, times: 1 },
      { route: 'get', kind: 'bad-json', body: `<html>${p}</html>`, times: 1 },
    ];
    const { run } = await gate(scenario([gated, odd], faults), {
      'suite-id': SUITE,
      // Input values reach the log too (the filter is logged): only where a line break does not split the input.
      metadata: splitsInput ? 'branch=main' : `branch=main\ntag=${p}`,
      thresholds: 'accuracy >= 0.9',
      timeout: '20s',
    });
    expectReported(run, 'fail', 1);
    // Not vacuous: the hostile text did reach the log, neutralized.
    expect(run.stdout).toContain('PWNED-1');
    expect(run.stdout).toContain('⏎');
    expect(run.stdout).not.toContain('##[');
  });

  it('input values carrying every line-break form: reported without injecting a command', async () => {
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) =>
      fast(emulator, {
        ...byLookup,
        timeout: '1m\n::error::PWNED-t',
        'poll-interval': '1s\r::error::PWNED-p',
        'on-inconclusive': 'fail\r\n::error::PWNED-o',
        'cancel-run-on': 'never\u0085::error::PWNED-c',
        summary: 'true\u2028::error::PWNED-s',
        'max-failed-requests': '0\u2029::error::PWNED-m',
        'on-behalf-of': 'team\u2028##[error]PWNED-b',
      }),
    );
    expectReported(run, 'fail', 1);
    expect(run.result.input_problems.length).toBeGreaterThanOrEqual(7);
    expect(run.stdout).toContain('PWNED-s');
    expect(requests).toHaveLength(0);
  });
});

describe('rule 12: secrets in every encoding', () => {
  // Characters that every encoding changes: `/`, `+`, `"`, `\`, `=`, `&`, `%`.
  const KEY = 'mka1_sk/Te+st"q\\x=a&b%c_0123456789_DO_NOT_LEAK';
  const TOKEN = 'ghs_Tok/en+"q\\z=9&8%7_0123456789_DO_NOT_LEAK';
  const PR_EVENT = { pull_request: { number: 7 } };

  /** The key's bytes at `offset` in a base64 blob: the characters that depend on the key alone. */
  function base64At(secret: string, offset: number): { blob: string; form: string } {
    const bytes = Buffer.from(secret, 'utf8');
    const blob = Buffer.concat([Buffer.alloc(offset, 0x41), bytes, Buffer.from('tail')]).toString('base64');
    const start = Math.ceil(offset / 3) * 4;
    const end = Math.floor(((offset + bytes.length) * 4) / 3);
    return { blob, form: blob.slice(start, end) };
  }

  type Encoding = [name: string, encode: (secret: string) => { blob: string; form: string }];
  const ENCODINGS: Encoding[] = [
    ['base64, aligned', (s) => base64At(s, 0)],
    ['base64, one byte off', (s) => base64At(s, 1)],
    ['base64, two bytes off', (s) => base64At(s, 2)],
    ['URL-encoded', (s) => ({ blob: `?key=${encodeURIComponent(s)}`, form: encodeURIComponent(s) })],
    ['JSON-escaped', (s) => ({ blob: JSON.stringify(s).slice(1, -1), form: JSON.stringify(s).slice(1, -1) })],
  ];

  /** Every 12-character window of `form`: a leak of any of them is a leak of the secret. */
  function leakedWindows(run: ActionRun, comments: string[], form: string): string[] {
    const sinks: Array<[string, string]> = [
      [
        'stdout',
        run.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
      ],
      ['stderr', run.stderr],
      ['summary', run.summary],
      ...Object.entries(run.outputs).map(([name, value]): [string, string] => [`output ${name}`, value]),
      ...comments.map((body, i): [string, string] => [`comment ${i}`, body]),
    ];
    const found: string[] = [];
    for (let i = 0; i + 12 <= form.length; i++) {
      const window = form.slice(i, i + 12);
      for (const [name, text] of sinks) if (text.includes(window)) found.push(`${name}: ${window}`);
    }
    return [...new Set(found)];
  }

  async function withGitHub<T>(options: FakeGitHubOptions, fn: (github: FakeGitHub) => Promise<T>): Promise<T> {
    const github = await startFakeGitHub(options);
    try {
      return await fn(github);
    } finally {
      await github.close();
    }
  }

  it.each(ENCODINGS)(
    'the key and token %s in API text: redacted in log, outputs, summary, comment and result-json',
    async (_name, encode) => {
      const key = encode(KEY);
      const token = encode(TOKEN);
      const echo = `key ${key.blob} token ${token.blob}`;
      const failedRun = doneRun({
        outcome: 'failed',
        failed: 2,
        error: { code: 'echo', message: `upstream said ${echo}` },
        metadata: { branch: 'main', note: echo },
        models: [`model ${echo}`],
      });
      await withGitHub({ token: TOKEN }, async (github) => {
        const emulator = await startEmulator({
          scenario: scenario([failedRun], [{ route: 'list', kind: 'status', status: 503, body: echo, times: 1 }]),
          apiKey: KEY,
        });
        try {
          const run = await runAction({
            inputs: fast(emulator, { ...byLookup, 'api-key': KEY, comment: 'true', 'github-token': TOKEN, timeout: '20s' }),
            env: { GITHUB_API_URL: github.url },
            event: PR_EVENT,
            eventName: 'pull_request',
          });
          expectReported(run, 'fail', 1);
          const comments = github.comments.map((c) => c.body);
          expect(comments).toHaveLength(1);
          expect(leakedWindows(run, comments, key.form), dump(run)).toEqual([]);
          expect(leakedWindows(run, comments, token.form), dump(run)).toEqual([]);
          expect(leaksOf(run, KEY)).toEqual([]);
          expect(leaksOf(run, TOKEN)).toEqual([]);
          // Not vacuous: the echoed text reached the sinks, with the secret masked.
          expect(run.result.reason).toContain('upstream said key ');
          expect(run.result.reason).toContain('***');
          expect(comments[0]).toContain('\\*\\*\\*'); // *** as Markdown shows it
        } finally {
          await emulator.close();
        }
      });
    },
  );

  it('an api-url that does not parse is never echoed: only "not a valid URL" and its length', async () => {
    const pasted = `${SECRET_KEY} oops`;
    const { run, requests } = await gate(scenario([doneRun()]), (emulator) => fast(emulator, { ...byRunId, 'api-url': pasted }));
    expectReported(run, 'fail', 1);
    expect(run.result.reason).toContain(`not a valid URL, ${pasted.length} characters`);
    expect(leaksOf(run, 'oops')).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it('a parseable api-url is shown without user info, query and fragment', async () => {
    const url = 'https://gateuser42:hunter2pw@apigw.example.com/base?token=q9s8e7c6r5e4t&x=1#frag-s3cr3t';
    const { run } = await gate(scenario([doneRun()]), (emulator) => fast(emulator, { ...byRunId, 'api-url': url }));
    expectReported(run, 'fail', 1);
    expect(run.result.reason).toContain('https://apigw.example.com/base (credentials, query, fragment removed)');
    for (const secret of ['hunter2pw', 'q9s8e7c6r5e4t', 'frag-s3cr3t', 'gateuser42']) expect(leaksOf(run, secret), secret).toEqual([]);
  });
});

describe('rule 13: the PR comment belongs to the gate, per suite', () => {
  const TOKEN = 'ghs_fake_token';
  const PR_EVENT = { pull_request: { number: 7 } };
  const MARKER = `<!-- mka1-eval-gate suite=${SUITE} -->`;

  async function twice(seed: FakeGitHubOptions['seed'], inputs: Record<string, string>, runs: RunSpec[]) {
    const github = await startFakeGitHub({ token: TOKEN, seed });
    try {
      return await withEmulator(scenario(runs), async (emulator) => {
        const options = { env: { GITHUB_API_URL: github.url }, event: PR_EVENT, eventName: 'pull_request' };
        const all = fast(emulator, { ...inputs, comment: 'true', 'github-token': TOKEN, timeout: '20s' });
        const first = await runAction({ inputs: all, ...options });
        const second = await runAction({ inputs: all, ...options });
        return { first, second, comments: github.comments.map((c) => ({ ...c, user: { ...c.user } })) };
      });
    } finally {
      await github.close();
    }
  }

  it('foreign comments carrying the marker (a person, another bot) are neither edited nor a reason for a new comment each run', async () => {
    const seed = [
      { issueNumber: 7, body: `${MARKER}\nwritten by a person`, login: 'mallory' },
      { issueNumber: 7, body: `${MARKER}\nwritten by another app`, login: 'other-app[bot]' },
    ];
    const { first, second, comments } = await twice(seed, byLookup, [doneRun()]);
    expectReported(first, 'pass', 0);
    expectReported(second, 'pass', 0);
    expect(comments).toHaveLength(3);
    expect(comments.find((c) => c.user.login === 'mallory')).toMatchObject({ edits: 0, body: `${MARKER}\nwritten by a person` });
    expect(comments.find((c) => c.user.login === 'other-app[bot]')).toMatchObject({ edits: 0, body: `${MARKER}\nwritten by another app` });
    const ours = comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.edits).toBe(1);
    expect(ours[0]!.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(first.outputs['comment-url']).toBe(ours[0]!.html_url);
    expect(second.outputs['comment-url']).toBe(ours[0]!.html_url);
  });

  it('the marker comes from the inputs (run-id), never from the suite the API reports', async () => {
    const hostileSuite = 'eval_suite_someone_elses_suite';
    const theirMarker = `<!-- mka1-eval-gate suite=${hostileSuite} -->`;
    const seed = [{ issueNumber: 7, body: `${theirMarker}\nanother gate's comment`, login: 'github-actions[bot]' }];
    const { first, second, comments } = await twice(seed, byRunId, [doneRun({ suiteId: hostileSuite })]);
    expectReported(first, 'pass', 0);
    expectReported(second, 'pass', 0);
    const marker = `<!-- mka1-eval-gate run=${RUN_ID} -->`;
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ edits: 0, body: `${theirMarker}\nanother gate's comment` });
    expect(comments[1]!.body.startsWith(`${marker}\n`)).toBe(true);
    expect(comments[1]!.edits).toBe(1);
  });
});
