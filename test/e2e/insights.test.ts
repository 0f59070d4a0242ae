/**
 * End-to-end: metric thresholds, baseline regression, the pull-request comment and ETA-based
 * polling, through the real bundle (dist/index.js) against the emulator and a fake GitHub API.
 * Every case checks the exit code, the outputs, result-json and the job summary.
 */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.ts';
import type { RunSpec, Scenario } from '../emulator/model.ts';
import type { Emulator } from '../emulator/server.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fake-github/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const SUITE = DEMO_SUITE;
const TOKEN = 'ghs_fake_token';
const MARKER = `<!-- mka1-eval-gate suite=${SUITE} -->`;
const PR_EVENT = { pull_request: { number: 7 } };

const HEADLINE = {
  pass: '## ✅ MKA1 eval gate passed',
  fail: '## ❌ MKA1 eval gate failed',
  inconclusive: '## ⚠️ MKA1 eval gate inconclusive',
} as const;

type Outcome = keyof typeof HEADLINE;

const METRICS = {
  'gpt-x': { accuracy: 0.91, f1: 0.88, latency_p95_ms: 840 },
  'gpt-y': { accuracy: 0.86, f1: 0.83, latency_p95_ms: 610 },
};

/**
 * The statistics of a metric path judged on its reported value (issue 16, `noise: report` by default): these runs'
 * samples carry no score for the metric (the emulator's default `scores` is `{ exact_match: 1 }`).
 */
function reportedStatistics(path: string, estimate: number, note: string) {
  return {
    path,
    basis: 'reported',
    estimate,
    low: null,
    high: null,
    confidence: 0.95,
    n: null,
    method: 'reported',
    uncertain: false,
    mde: null,
    note,
  };
}

const noScore = (model: string, metric: string) => `no completed sample of model ${model} has a numeric score for ${metric}`;

/** The gated run: appears at once and completes within about a second. */
function liveRun(spec: RunSpec): RunSpec {
  return {
    suiteId: SUITE,
    models: ['gpt-x', 'gpt-y'],
    total: 40,
    queuedMs: 100,
    inProgressMs: 500,
    finalizingMs: 100,
    ...spec,
  };
}

/** A run that finished before the emulator started. */
function finishedRun(spec: RunSpec): RunSpec {
  return { suiteId: SUITE, ageSeconds: 3600, total: 40, ...spec };
}

/** Markdown escaping the way escapeCell renders a value in the summary. */
function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** The one summary table row whose first cell is `first`. */
function row(summary: string, first: string): string {
  const rows = summary.split('\n').filter((line) => line.startsWith(`| ${first} |`));
  expect(rows, `exactly one row "${first}" in:\n${summary}`).toHaveLength(1);
  return rows[0] as string;
}

function gateInputs(emulator: Emulator, extra: Record<string, string>): Record<string, string> {
  return baseInputs(emulator, { 'suite-id': SUITE, metadata: '*', 'poll-interval': '150ms', 'max-poll-interval': '300ms', ...extra });
}

/** Exit code, outputs, result-json, the verdict line in the log and the summary headline. */
function expectOutcome(run: ActionRun, outcome: Outcome, runId: string): void {
  const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nsummary:\n${run.summary}`;
  expect(run.signal, context).toBeNull();
  expect(run.code, context).toBe(outcome === 'pass' ? 0 : 1);
  expect(run.outputs.outcome, context).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  expect(run.outputs['run-id']).toBe(runId);
  expect(run.outputs.status).toBe('completed');
  expect(run.result.schema_version).toBe(1);
  expect(run.result.outcome).toBe(outcome);
  expect(run.result.reason).toBe(run.outputs.reason);
  expect(run.result.run.id).toBe(runId);
  const verdictLine = `MKA1 eval gate ${outcome}: ${run.outputs.reason}`;
  if (outcome === 'pass') expect(run.stdout).toContain(`${verdictLine}\n`);
  else expect(run.stdout).toContain(`::error::${verdictLine.replace(/%/g, '%25')}`);
  expect(run.summary.split('\n')[0]).toBe(HEADLINE[outcome]);
  expect(leaksOf(run)).toEqual([]);
  expect(leaksOf(run, TOKEN)).toEqual([]);
}

function criterion(run: ActionRun, name: string): { name: string; actual: string; allowed: string; passed: boolean } {
  const found = (run.result.criteria as Array<{ name: string; actual: string; allowed: string; passed: boolean }>).filter(
    (c) => c.name === name,
  );
  expect(found, `one criterion "${name}" in ${JSON.stringify(run.result.criteria)}`).toHaveLength(1);
  return found[0] as { name: string; actual: string; allowed: string; passed: boolean };
}

async function withFakeGitHub<T>(options: FakeGitHubOptions, fn: (github: FakeGitHub) => Promise<T>): Promise<T> {
  const github = await startFakeGitHub(options);
  try {
    return await fn(github);
  } finally {
    await github.close();
  }
}

describe('metric thresholds', () => {
  const ID = 'eval_run_thresholds_0001';
  const scenario: Scenario = { runs: [liveRun({ id: ID, metadata: { sha: 't1' }, metrics: METRICS })] };

  it('passes when every model holds every threshold, and shows each in the criteria table', async () => {
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({
        inputs: gateInputs(emulator, { metadata: 'sha=t1', thresholds: 'accuracy >= 0.85\nlatency_p95_ms <= 900 # p95 budget' }),
      });
      expectOutcome(run, 'pass', ID);
      expect(run.outputs.reason).toBe('all 4 criteria met');
      expect(criterion(run, 'Metric accuracy')).toEqual({
        name: 'Metric accuracy',
        actual: 'gpt-x.accuracy 0.91, gpt-y.accuracy 0.86',
        allowed: '≥ 0.85',
        passed: true,
        statistics: [
          reportedStatistics('gpt-x.accuracy', 0.91, noScore('gpt-x', 'accuracy')),
          reportedStatistics('gpt-y.accuracy', 0.86, noScore('gpt-y', 'accuracy')),
        ],
        within_noise: false,
      });
      expect(criterion(run, 'Metric latency_p95_ms')).toMatchObject({
        actual: 'gpt-x.latency_p95_ms 840, gpt-y.latency_p95_ms 610',
        passed: true,
      });
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | gpt-x.accuracy 0.91, gpt-y.accuracy 0.86 | ≥ 0.85 | ✅ pass |');
      expect(row(run.summary, md('Metric latency_p95_ms'))).toContain('| ≤ 900 | ✅ pass |');
      expect(JSON.parse(run.outputs.metrics as string)).toEqual(METRICS);
      // Without a baseline, the metrics table lists each value.
      expect(run.summary).toContain('### Metrics\n');
      expect(row(run.summary, 'gpt-y.accuracy')).toBe('| gpt-y.accuracy | 0.86 |');
    });
  });

  it('fails when one model misses a threshold, showing its value against the limit', async () => {
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=t1', thresholds: 'f1 >= 0.8\naccuracy >= 0.9' }) });
      expectOutcome(run, 'fail', ID);
      expect(criterion(run, 'Metric f1').passed).toBe(true);
      const accuracy = criterion(run, 'Metric accuracy');
      expect(accuracy).toMatchObject({ allowed: '≥ 0.9', passed: false });
      expect(accuracy.actual).toMatch(/^gpt-y\.accuracy 0\.86\b/);
      expect(accuracy.actual).not.toContain('gpt-x');
      expect(run.outputs.reason).toMatch(/^Metric accuracy: gpt-y\.accuracy 0\.86\b.*0\.9/);
      expect(row(run.summary, 'Metric accuracy')).toMatch(/^\| Metric accuracy \| gpt-y\.accuracy 0\.86.* \| ≥ 0\.9 \| ❌ fail \|$/);
      expect(row(run.summary, 'Metric f1')).toContain('✅ pass');
    });
  });

  it('fails a missing metric and names the metrics the run has', async () => {
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=t1', thresholds: 'bleu >= 0.3' }) });
      expectOutcome(run, 'fail', ID);
      const present = 'gpt-x.accuracy, gpt-x.f1, gpt-x.latency_p95_ms, gpt-y.accuracy, gpt-y.f1, gpt-y.latency_p95_ms';
      expect(criterion(run, 'Metric bleu')).toEqual({
        name: 'Metric bleu',
        actual: `missing (metrics present: ${present})`,
        allowed: '≥ 0.3',
        passed: false,
        statistics: [],
        within_noise: false,
      });
      expect(run.outputs.reason).toContain('bleu');
      expect(run.outputs.reason).toContain('gpt-x.accuracy');
      expect(row(run.summary, 'Metric bleu')).toBe(`| Metric bleu | missing (metrics present: ${md(present)}) | ≥ 0.3 | ❌ fail |`);
    });
  });

  it('checks a scoped threshold against that model only', async () => {
    await withEmulator(scenario, async (emulator) => {
      // gpt-y has 0.86: unscoped this would fail, scoped to gpt-x it holds.
      const run = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=t1', thresholds: 'gpt-x:accuracy >= 0.9' }) });
      expectOutcome(run, 'pass', ID);
      expect(criterion(run, 'Metric gpt-x:accuracy')).toEqual({
        name: 'Metric gpt-x:accuracy',
        actual: '0.91',
        allowed: '≥ 0.9',
        passed: true,
        statistics: [reportedStatistics('gpt-x.accuracy', 0.91, noScore('gpt-x', 'accuracy'))],
        within_noise: false,
      });
      expect(row(run.summary, 'Metric gpt-x:accuracy')).toBe('| Metric gpt-x:accuracy | 0.91 | ≥ 0.9 | ✅ pass |');

      const other = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=t1', thresholds: 'gpt-y:accuracy >= 0.9' }) });
      expectOutcome(other, 'fail', ID);
      expect(criterion(other, 'Metric gpt-y:accuracy')).toMatchObject({ actual: '0.86', passed: false });
    });
  });
});

describe('baseline regression', () => {
  const GATED = 'eval_run_pr_feature_0001';
  const BASELINE = 'eval_run_main_baseline_01';
  const BASELINE_METRICS = {
    'gpt-x': { accuracy: 0.88, latency_p95_ms: 840 },
    'gpt-y': { accuracy: 0.86, latency_p95_ms: 610 },
  };

  /**
   * The baseline is the newest *completed* main run: a newer main run still in progress, a newer
   * failed one and an older completed one (with other metrics) are all there to be skipped.
   */
  function baselineScenario(gated: Array<{ sha: string; metrics: unknown }>): Scenario {
    return {
      runs: [
        finishedRun({
          id: 'eval_run_main_oldest_0001',
          ageSeconds: 7200,
          metadata: { branch: 'main' },
          metrics: { 'gpt-x': { accuracy: 0.5, latency_p95_ms: 5000 } },
        }),
        finishedRun({ id: BASELINE, ageSeconds: 3600, metadata: { branch: 'main' }, metrics: BASELINE_METRICS }),
        finishedRun({
          id: 'eval_run_main_failed_0001',
          ageSeconds: 1800,
          metadata: { branch: 'main' },
          outcome: 'failed',
          failed: 3,
          metrics: { 'gpt-x': { accuracy: 0.1 } },
        }),
        {
          id: 'eval_run_main_running_001',
          suiteId: SUITE,
          ageSeconds: 600,
          metadata: { branch: 'main' },
          total: 40,
          inProgressMs: 600_000,
          metrics: { 'gpt-x': { accuracy: 0.2 } },
        },
        ...gated.map((g, i) =>
          liveRun({ id: `${GATED.slice(0, -1)}${i + 1}`, metadata: { branch: 'feature/x', sha: g.sha }, metrics: g.metrics }),
        ),
      ],
    };
  }

  it('passes an improvement and shows both values with ▲ deltas, the chosen baseline and a chart', async () => {
    const current = { 'gpt-x': { accuracy: 0.91, latency_p95_ms: 800 }, 'gpt-y': { accuracy: 0.87, latency_p95_ms: 600 } };
    await withEmulator(baselineScenario([{ sha: 'up', metrics: current }]), async (emulator) => {
      const run = await runAction({
        inputs: gateInputs(emulator, { metadata: 'sha=up', 'baseline-metadata': 'branch=main', 'max-regression': 'accuracy: 0.02' }),
      });
      expectOutcome(run, 'pass', GATED);
      expect(run.outputs['baseline-run-id']).toBe(BASELINE);
      expect(run.result.baseline).toMatchObject({ run_id: BASELINE, how: 'newest completed run matching branch=main' });
      expect(criterion(run, 'Regression accuracy')).toEqual({
        name: 'Regression accuracy',
        actual: 'gpt-x.accuracy 0.91 vs 0.88 (+0.03 ▲), gpt-y.accuracy 0.87 vs 0.86 (+0.01 ▲)',
        allowed: 'worsens by ≤ 0.02',
        passed: true,
        statistics: [
          reportedStatistics('gpt-x.accuracy', 0.91 - 0.88, `in this run, ${noScore('gpt-x', 'accuracy')}`),
          reportedStatistics('gpt-y.accuracy', 0.87 - 0.86, `in this run, ${noScore('gpt-y', 'accuracy')}`),
        ],
        within_noise: false,
      });

      expect(run.summary).toContain('### Metrics vs baseline\n');
      expect(run.summary).toContain(`Baseline: \`${BASELINE}\` (newest completed run matching branch=main). ▲ better, ▼ worse.`);
      expect(run.summary).toContain('| Metric | This run | Baseline | Δ |');
      expect(row(run.summary, 'gpt-x.accuracy')).toBe('| gpt-x.accuracy | 0.91 | 0.88 | +0.03 ▲ |');
      expect(row(run.summary, 'gpt-y.accuracy')).toBe('| gpt-y.accuracy | 0.87 | 0.86 | +0.01 ▲ |');
      // Latency is lower-is-better: a drop is an improvement.
      expect(row(run.summary, md('gpt-x.latency_p95_ms'))).toBe(`| ${md('gpt-x.latency_p95_ms')} | 800 | 840 | −40 ▲ |`);
      expect(row(run.summary, 'Regression accuracy')).toContain('| ✅ pass |');

      // The chart holds the change of each score (0..1): gains and losses as two series of sizes from zero.
      expect(run.summary).toContain(
        [
          '```mermaid',
          '---',
          'config:',
          '  themeVariables:',
          '    xyChart:',
          '      backgroundColor: "#ffffff"',
          '      plotColorPalette: "#1a7f37, #cf222e, #ffffff"',
          '---',
          'xychart-beta',
          '  title "Change vs baseline: better (green), worse (red)"',
          '  x-axis ["gpt-x.accuracy", "gpt-y.accuracy"]',
          '  y-axis "score change" 0 --> 0.03',
          '  bar [0.03, 0.01]',
          '  bar [0, 0]',
          '  bar [0, 0]',
          '```',
        ].join('\n'),
      );
      // Only completed runs were asked for when looking the baseline up.
      const baselineLists = emulator.requests.filter((r) => r.route === 'list' && r.query.status === 'completed');
      expect(baselineLists.length).toBeGreaterThanOrEqual(1);
      expect(baselineLists.every((r) => r.query.suite_id === SUITE)).toBe(true);
    });
  });

  it('passes a regression within the allowance and fails one over it, naming the metric', async () => {
    const within = { 'gpt-x': { accuracy: 0.87, latency_p95_ms: 840 }, 'gpt-y': { accuracy: 0.86, latency_p95_ms: 610 } };
    const over = { 'gpt-x': { accuracy: 0.85, latency_p95_ms: 840 }, 'gpt-y': { accuracy: 0.86, latency_p95_ms: 610 } };
    await withEmulator(
      baselineScenario([
        { sha: 'within', metrics: within },
        { sha: 'over', metrics: over },
      ]),
      async (emulator) => {
        const inputs = { 'baseline-metadata': 'branch=main', 'max-regression': 'accuracy: 0.02' };

        const ok = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=within', ...inputs }) });
        expectOutcome(ok, 'pass', 'eval_run_pr_feature_0001');
        expect(ok.outputs['baseline-run-id']).toBe(BASELINE);
        expect(criterion(ok, 'Regression accuracy')).toMatchObject({ passed: true });
        expect(criterion(ok, 'Regression accuracy').actual).toContain('gpt-x.accuracy 0.87 vs 0.88 (−0.01 ▼)');
        expect(row(ok.summary, 'gpt-x.accuracy')).toBe('| gpt-x.accuracy | 0.87 | 0.88 | −0.01 ▼ |');

        const bad = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=over', ...inputs }) });
        expectOutcome(bad, 'fail', 'eval_run_pr_feature_0002');
        expect(bad.outputs['baseline-run-id']).toBe(BASELINE);
        const regression = criterion(bad, 'Regression accuracy');
        expect(regression).toMatchObject({ allowed: 'worsens by ≤ 0.02', passed: false });
        expect(regression.actual).toMatch(/^gpt-x\.accuracy 0\.85 vs 0\.88 \(−0\.03 ▼\)/);
        expect(regression.actual).not.toContain('gpt-y');
        expect(bad.outputs.reason).toMatch(/accuracy/);
        expect(bad.outputs.reason).toContain('gpt-x.accuracy 0.85 vs 0.88');
        expect(row(bad.summary, 'gpt-x.accuracy')).toBe('| gpt-x.accuracy | 0.85 | 0.88 | −0.03 ▼ |');
        expect(row(bad.summary, 'Regression accuracy')).toContain('| ❌ fail |');
      },
    );
  });

  it('applies `*: 2%` to every metric, relative to the baseline value', async () => {
    // 2% of 840 is 16.8: 850 is within, 870 is over. Accuracy is unchanged in both.
    const within = { 'gpt-x': { accuracy: 0.88, latency_p95_ms: 850 }, 'gpt-y': { accuracy: 0.86, latency_p95_ms: 610 } };
    const over = { 'gpt-x': { accuracy: 0.88, latency_p95_ms: 870 }, 'gpt-y': { accuracy: 0.86, latency_p95_ms: 610 } };
    await withEmulator(
      baselineScenario([
        { sha: 'within', metrics: within },
        { sha: 'over', metrics: over },
      ]),
      async (emulator) => {
        const inputs = { 'baseline-metadata': 'branch=main', 'max-regression': '*: 2%' };

        const ok = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=within', ...inputs }) });
        expectOutcome(ok, 'pass', 'eval_run_pr_feature_0001');
        expect(criterion(ok, 'Regression * (every other metric)')).toMatchObject({ allowed: 'worsens by ≤ 2% of baseline', passed: true });
        expect(row(ok.summary, md('gpt-x.latency_p95_ms'))).toBe(`| ${md('gpt-x.latency_p95_ms')} | 850 | 840 | +10 ▼ |`);

        const bad = await runAction({ inputs: gateInputs(emulator, { metadata: 'sha=over', ...inputs }) });
        expectOutcome(bad, 'fail', 'eval_run_pr_feature_0002');
        const star = criterion(bad, 'Regression * (every other metric)');
        expect(star.passed).toBe(false);
        expect(star.actual).toMatch(/^gpt-x\.latency_p95_ms 870 vs 840 \(\+30 ▼\)/);
        expect(star.actual).not.toContain('accuracy');
        expect(bad.outputs.reason).toContain('gpt-x.latency_p95_ms 870 vs 840');
        expect(row(bad.summary, md('gpt-x.latency_p95_ms'))).toBe(`| ${md('gpt-x.latency_p95_ms')} | 870 | 840 | +30 ▼ |`);
      },
    );
  });

  it('passes without a baseline and says so, unless require-baseline is true', async () => {
    await withEmulator(baselineScenario([{ sha: 'nb', metrics: METRICS }]), async (emulator) => {
      const inputs = { metadata: 'sha=nb', 'baseline-metadata': 'branch=release', 'max-regression': 'accuracy: 0.02' };
      const note = `no completed run of suite ${SUITE} matches branch=release`;

      const run = await runAction({ inputs: gateInputs(emulator, inputs) });
      expectOutcome(run, 'pass', 'eval_run_pr_feature_0001');
      expect(run.outputs['baseline-run-id']).toBe('');
      expect(run.result.baseline).toEqual({ run_id: null, note });
      expect(run.summary).toContain(`_No baseline: ${md(note)}._`);
      expect(run.summary).not.toContain('### Metrics vs baseline');
      expect(run.result.criteria.some((c: { name: string }) => c.name.startsWith('Regression') || c.name === 'Baseline')).toBe(false);

      const strict = await runAction({ inputs: gateInputs(emulator, { ...inputs, 'require-baseline': 'true' }) });
      expectOutcome(strict, 'fail', 'eval_run_pr_feature_0001');
      expect(strict.outputs['baseline-run-id']).toBe('');
      expect(criterion(strict, 'Baseline')).toEqual({
        name: 'Baseline',
        actual: `none (${note})`,
        allowed: 'a completed baseline run (require-baseline)',
        passed: false,
      });
      expect(strict.outputs.reason).toContain('branch=release');
      expect(row(strict.summary, 'Baseline')).toContain('| ❌ fail |');
      expect(strict.summary).toContain('No baseline');
    });
  });

  it('fails (not inconclusive) when baseline-run-id names a run that does not exist, even with on-inconclusive: pass', async () => {
    const missing = 'eval_run_no_such_baseline';
    await withEmulator(baselineScenario([{ sha: 'gone', metrics: METRICS }]), async (emulator) => {
      const inputs = { metadata: 'sha=gone', 'baseline-run-id': missing, 'on-inconclusive': 'pass' };
      const baselineGets = () => emulator.requests.filter((r) => r.route === 'get' && r.path.endsWith(`/runs/${missing}`));

      // With a regression rule the baseline matters; without one it is still a configuration error.
      const variants: Array<Record<string, string>> = [{ 'max-regression': 'accuracy: 0.02' }, {}];
      for (const extra of variants) {
        const before = baselineGets().length;
        const run = await runAction({ inputs: gateInputs(emulator, { ...inputs, ...extra }) });
        expectOutcome(run, 'fail', 'eval_run_pr_feature_0001');
        expect(run.outputs.reason).toContain('baseline-run-id');
        expect(run.outputs.reason).toContain('HTTP 404');
        expect(run.outputs['baseline-run-id']).toBe('');
        expect(run.result.baseline.run_id).toBeNull();
        expect(run.result.baseline.note).toContain('HTTP 404');
        expect(criterion(run, 'Baseline')).toMatchObject({ allowed: 'a readable baseline run', passed: false });
        expect(criterion(run, 'Baseline').actual).toContain('HTTP 404');
        expect(row(run.summary, 'Baseline')).toContain('| ❌ fail |');
        expect(run.summary).not.toContain('on-inconclusive: pass');
        // A 404 is final: asked once, not retried.
        const gets = baselineGets().slice(before);
        expect(gets.map((r) => r.answer)).toEqual(['404']);
      }
    });
  });
});

describe('pull request comment', () => {
  const ID = 'eval_run_comment_0001';
  const scenario: Scenario = { runs: [liveRun({ id: ID, metadata: { sha: 'c1' }, metrics: METRICS })] };
  const commentInputs = (emulator: Emulator, extra: Record<string, string> = {}) =>
    gateInputs(emulator, { metadata: 'sha=c1', comment: 'true', 'github-token': TOKEN, ...extra });
  /** 120 comments by others (one from this gate for another suite) push the gate's own comment to page 2. */
  const crowd = [
    ...Array.from({ length: 119 }, (_, i) => ({ issueNumber: 7, body: `review comment ${i}` })),
    { issueNumber: 7, body: '<!-- mka1-eval-gate suite=eval_suite_other -->\nanother suite', login: 'github-actions[bot]' },
    { issueNumber: 8, body: `${MARKER}\nthe gate on another pull request`, login: 'github-actions[bot]' },
  ];

  it('creates one comment with the marker, then edits that same comment on the next run', async () => {
    await withFakeGitHub({ seed: crowd, token: TOKEN }, async (github) => {
      await withEmulator(scenario, async (emulator) => {
        const env = { GITHUB_API_URL: github.url };
        const first = await runAction({ inputs: commentInputs(emulator), env, event: PR_EVENT, eventName: 'pull_request' });
        expectOutcome(first, 'pass', ID);

        const ours = () => github.commentsOn(7).filter((c) => c.body.includes('<!-- mka1-eval-gate suite='));
        expect(github.commentsOn(7)).toHaveLength(121);
        const created = ours().filter((c) => c.body.includes(MARKER));
        expect(created).toHaveLength(1);
        const comment = created[0]!;
        expect(comment.body.startsWith(`${MARKER}\n`)).toBe(true);
        expect(comment.body).toContain(HEADLINE.pass);
        expect(comment.body).toContain(ID);
        expect(comment.body).not.toContain(TOKEN);
        expect(first.outputs['comment-url']).toBe(comment.html_url);
        expect(first.outputs['comment-url']).toMatch(/^https:\/\/github\.com\/acme\/llm-app\/pull\/7#issuecomment-\d+$/);
        expect(first.stdout).toContain(`Created the pull request comment: ${comment.html_url}`);
        // It read both pages of comments (Link: rel="next"), found no comment of its own, and created one.
        const firstRequests = github.requests.slice();
        expect(firstRequests.map((r) => `${r.method} ${r.path} ${r.query.page ?? '1'}`)).toEqual([
          // Who am I? GITHUB_TOKEN may not ask (403), so only the Actions bot's comments can be this gate's.
          'GET /user 1',
          'GET /repos/acme/llm-app/issues/7/comments 1',
          'GET /repos/acme/llm-app/issues/7/comments 2',
          'POST /repos/acme/llm-app/issues/7/comments 1',
        ]);
        expect(firstRequests.map((r) => r.status)).toEqual([403, 200, 200, 201]);
        expect(firstRequests.every((r) => /^(token|bearer) ghs_fake_token$/i.test(r.headers.authorization ?? ''))).toBe(true);
        expect(first.stdout).toContain(`Created the pull request comment: ${comment.html_url}`);

        // Second run: a failing threshold changes the verdict; the same comment is edited in place.
        const second = await runAction({
          inputs: commentInputs(emulator, { thresholds: 'accuracy >= 0.95' }),
          env,
          event: PR_EVENT,
          eventName: 'pull_request',
        });
        expectOutcome(second, 'fail', ID);
        const secondRequests = github.requests.slice(firstRequests.length);
        expect(secondRequests.map((r) => `${r.method} ${r.path}`)).toEqual([
          'GET /user',
          'GET /repos/acme/llm-app/issues/7/comments',
          'GET /repos/acme/llm-app/issues/7/comments',
          `PATCH /repos/acme/llm-app/issues/comments/${comment.id}`,
        ]);
        expect(github.commentsOn(7)).toHaveLength(121);
        expect(ours().filter((c) => c.body.includes(MARKER))).toHaveLength(1);
        expect(comment.edits).toBe(1);
        expect(comment.body.startsWith(`${MARKER}\n`)).toBe(true);
        expect(comment.body).toContain(HEADLINE.fail);
        expect(comment.body).not.toContain(HEADLINE.pass);
        expect(comment.body).toContain('Metric accuracy');
        expect(second.outputs['comment-url']).toBe(comment.html_url);
        expect(second.stdout).toContain(`Updated the pull request comment: ${comment.html_url}`);
        // The other suite's comment and the other pull request's comment are untouched.
        expect(github.comments.filter((c) => c.edits > 0)).toEqual([comment]);
        expect(github.commentsOn(8)).toHaveLength(1);
      });
    });
  });

  it('warns and still passes when GitHub refuses the write (403, fork token)', async () => {
    await withFakeGitHub({ forbidWrites: true, token: TOKEN }, async (github) => {
      await withEmulator(scenario, async (emulator) => {
        const run = await runAction({
          inputs: commentInputs(emulator),
          env: { GITHUB_API_URL: github.url },
          event: PR_EVENT,
          eventName: 'pull_request',
        });
        expectOutcome(run, 'pass', ID);
        expect(run.outputs['comment-url']).toBe('');
        expect(github.comments).toHaveLength(0);
        expect(github.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 403', 'GET 200', 'POST 403']);
        const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('Could not write the pull request comment (HTTP 403');
        expect(warnings[0]).toContain('fork');
        expect(run.outputs['comment-url']).toBe('');
        expect(run.summary).toContain(HEADLINE.pass);
      });
    });
  });

  it('never edits a marked comment that someone else wrote', async () => {
    // GITHUB_TOKEN (GET /user answers 403): only the Actions bot's comment can be the gate's.
    const seed = [{ issueNumber: 7, body: `${MARKER}\nwritten by a person`, login: 'mallory' }];
    await withFakeGitHub({ token: TOKEN, seed }, async (github) => {
      await withEmulator(scenario, async (emulator) => {
        const run = await runAction({
          inputs: commentInputs(emulator),
          env: { GITHUB_API_URL: github.url },
          event: PR_EVENT,
          eventName: 'pull_request',
        });
        expectOutcome(run, 'pass', ID);
        expect(github.comments.find((c) => c.user.login === 'mallory')).toMatchObject({ edits: 0, body: `${MARKER}\nwritten by a person` });
        const created = github.comments.filter((c) => c.user.login === 'github-actions[bot]');
        expect(created).toHaveLength(1);
        expect(run.outputs['comment-url']).toBe(created[0]!.html_url);
      });
    });
    // A personal access token: only that user's comment is the gate's, not the Actions bot's.
    const botSeed = [{ issueNumber: 7, body: `${MARKER}\nan older bot comment`, login: 'github-actions[bot]' }];
    await withFakeGitHub({ token: TOKEN, seed: botSeed, authenticatedAs: 'release-bot-user' }, async (github) => {
      await withEmulator(scenario, async (emulator) => {
        const env = { GITHUB_API_URL: github.url };
        const first = await runAction({ inputs: commentInputs(emulator), env, event: PR_EVENT, eventName: 'pull_request' });
        const second = await runAction({ inputs: commentInputs(emulator), env, event: PR_EVENT, eventName: 'pull_request' });
        expectOutcome(second, 'pass', ID);
        expect(github.comments.find((c) => c.user.login === 'github-actions[bot]')?.edits).toBe(0);
        const mine = github.comments.filter((c) => c.user.login === 'release-bot-user');
        expect(mine).toHaveLength(1);
        expect(mine[0]!.edits).toBe(1);
        expect(first.outputs['comment-url']).toBe(mine[0]!.html_url);
        expect(second.outputs['comment-url']).toBe(mine[0]!.html_url);
      });
    });
  });

  it('writes no comment when the event is not a pull request', async () => {
    await withFakeGitHub({ token: TOKEN }, async (github) => {
      await withEmulator(scenario, async (emulator) => {
        const run = await runAction({
          inputs: commentInputs(emulator),
          env: { GITHUB_API_URL: github.url },
          event: { ref: 'refs/heads/main', head_commit: { id: 'c0ffee' } },
          eventName: 'push',
        });
        expectOutcome(run, 'pass', ID);
        expect(github.requests).toEqual([]);
        expect(run.outputs['comment-url']).toBe('');
        expect(run.stdout).toContain('not for a pull request; no comment written');
        expect(run.stdout).not.toContain('::warning::');
      });
    });
  });
});

describe('ETA-based polling', () => {
  it('sleeps longer while the finish is far, sends If-None-Match, and polls far less than a fixed 100ms poller', async () => {
    const ID = 'eval_run_eta_0001';
    // The run's clock starts with the gate's first request, however long the bundle took to come up: 5 s in
    // progress leave seconds to watch (all timing below is from that first request).
    const scenario: Scenario = {
      clockStartsAtFirstRequest: true,
      runs: [
        {
          id: ID,
          suiteId: SUITE,
          metadata: { sha: 'eta' },
          total: 1000,
          queuedMs: 0,
          inProgressMs: 5000,
          finalizingMs: 300,
          metrics: METRICS,
        },
      ],
    };
    await withEmulator(scenario, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': SUITE, metadata: 'sha=eta', 'poll-interval': '100ms', 'max-poll-interval': '2s' }),
      });
      expectOutcome(run, 'pass', ID);
      expect(run.result.run.request_counts).toEqual({ total: 1000, completed: 1000, failed: 0 });

      // Progress lines carry an ETA while in progress, and the delay chosen from it.
      const etaLines = run.stdout.split('\n').filter((line) => line.startsWith(`run ${ID}: in_progress,`) && line.includes(', ETA ~'));
      expect(etaLines.length, run.stdout).toBeGreaterThanOrEqual(2);
      const delays = etaLines.map((line) => {
        const match = /, ETA ~(\S+), next poll in (\S+)$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(parseDuration(match![1]!), line).toBeDefined();
        return parseDuration(match![2]!) as number;
      });
      // Far from the finish it waits well above poll-interval, never above max-poll-interval.
      expect(Math.max(...delays)).toBeGreaterThanOrEqual(500);
      expect(delays.every((d) => d >= 100 && d <= 2000)).toBe(true);

      const gets = emulator.requests.filter((r) => r.route === 'get' && r.path.endsWith(`/runs/${ID}`));
      expect(gets.length).toBeGreaterThanOrEqual(2);
      const first = emulator.requests[0]!;
      const last = gets.at(-1)!;
      const fixedPollerGets = (last.at - first.at) / 100;
      expect(fixedPollerGets).toBeGreaterThan(20); // the run really was watched for seconds
      expect(gets.length).toBeLessThan(0.6 * fixedPollerGets);
      // The run is conditionally re-read with the ETag the previous answer gave.
      expect(gets[0]!.headers['if-none-match']).toBeUndefined();
      for (const get of gets.slice(1)) expect(get.headers['if-none-match']).toMatch(/^W\/"[0-9a-f]+"$/);
      expect(run.result.api.not_modified).toBe(gets.filter((g) => g.answer === '304').length);
    });
  });
});
