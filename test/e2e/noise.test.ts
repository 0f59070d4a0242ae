/**
 * End-to-end: error bars on every verdict (issue 16). The real bundle (dist/index.js) against the emulator's noise
 * scenarios, whose samples carry scores that reproduce their runs' metrics. Each case checks the exit code, the
 * outputs, the summary, result-json's statistics and the requests sent; the intervals are checked against src/stats
 * run on the samples read straight from the emulator, so a gate that judged the wrong samples would show.
 */
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/api/client.ts';
import {
  differenceInterval,
  extractValues,
  smallestDetectable,
  valueInterval,
  type Aggregation,
  type Interval,
  type Observation,
} from '../../src/stats/index.ts';
import type { FaultRule, Scenario } from '../emulator/model.ts';
import { HOLM_METRICS, NOISE_BASELINE, NOISE_RUN } from '../emulator/noise-scenarios.ts';
import { DEMO_SUITE, scenarios } from '../emulator/scenarios.ts';
import type { Emulator, RecordedRequest } from '../emulator/server.ts';
import { baseInputs, leaksOf, runAction, withEmulator, type ActionRun } from './harness.ts';

const OUTPUT_NAMES = [
  'run-id',
  'status',
  'passed',
  'outcome',
  'requests-total',
  'requests-completed',
  'requests-failed',
  'metrics',
  'reason',
  'result-json',
];
const HEADLINE = {
  pass: '## ✅ MKA1 eval gate passed',
  fail: '## ❌ MKA1 eval gate failed',
  inconclusive: '## ⚠️ MKA1 eval gate inconclusive',
};
const SAMPLES = (runId: string) => `${API_PREFIX}/runs/${runId}/samples`;
type Outcome = keyof typeof HEADLINE;

const agent = new Agent();
afterAll(async () => agent.close());

/** Gates NOISE_RUN (by id) of `scenario` against NOISE_BASELINE (by id) with `inputs`; extra faults optional. */
async function gate(
  scenario: string | Scenario,
  inputs: Record<string, string>,
  check: (run: ActionRun, emulator: Emulator) => Promise<void> | void,
  faults: FaultRule[] = [],
): Promise<void> {
  const base = typeof scenario === 'string' ? (scenarios[scenario] as Scenario) : scenario;
  await withEmulator({ ...base, faults: [...(base.faults ?? []), ...faults] }, async (emulator) => {
    const run = await runAction({ inputs: baseInputs(emulator, { 'run-id': NOISE_RUN, ...inputs }) });
    await check(run, emulator);
  });
}

/** Exit code, every output, result-json's verdict, the summary's headline, and no leak of the key. */
function expectOutcome(run: ActionRun, outcome: Outcome, reason: string | RegExp): void {
  const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nsummary:\n${run.summary}`;
  expect(run.code, context).toBe(outcome === 'pass' ? 0 : 1);
  expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(OUTPUT_NAMES));
  expect(run.outputs.outcome).toBe(outcome);
  expect(run.outputs.passed).toBe(String(outcome === 'pass'));
  if (typeof reason === 'string') expect(run.outputs.reason).toBe(reason);
  else expect(run.outputs.reason).toMatch(reason);
  expect(run.result.schema_version).toBe(1);
  expect(run.result.outcome).toBe(outcome);
  expect(run.result.reason).toBe(run.outputs.reason);
  expect(run.summary.split('\n')[0]).toBe(HEADLINE[outcome]);
  expect(leaksOf(run)).toEqual([]);
}

/** The one summary row whose first cell is `first`. */
function row(summary: string, first: string): string {
  const rows = summary.split('\n').filter((line) => line.startsWith(`| ${first} |`));
  expect(rows, `exactly one row "${first}" in:\n${summary}`).toHaveLength(1);
  return rows[0] as string;
}

/** Markdown escaping of a value the way escapeCell renders it. */
function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

function criterion(run: ActionRun, name: string): any {
  const found = run.result.criteria.find((c: { name: string }) => c.name === name);
  expect(found, `criterion ${name}`).toBeDefined();
  return found;
}

function sampleRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((r) => r.route === 'samples' && r.query.status === 'completed');
}

/** Every completed-samples request, as `path ?after`: which runs were read, and how they were paged. */
function samplesRead(emulator: Emulator): string[] {
  return sampleRequests(emulator).map((r) => `${r.path}${r.query.after ? ` after ${r.query.after}` : ''}`);
}

// Independent expectations: the samples read straight from the emulator, judged by src/stats. -------------------

async function emulatorSamples(emulator: Emulator, runId: string): Promise<any[]> {
  const samples: any[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ status: 'completed', limit: '500', ...(after ? { after } : {}) });
    const response = await request(`${emulator.url}${SAMPLES(runId)}?${query}`, {
      headers: { authorization: `Bearer ${emulator.apiKey}` },
      dispatcher: agent,
    });
    const page = (await response.body.json()) as { data: any[]; has_more: boolean; last_id: string };
    samples.push(...page.data);
    if (!page.has_more) return samples;
    after = page.last_id;
  }
}

async function values(emulator: Emulator, runId: string, metric: string, task?: string): Promise<Observation[]> {
  const samples = (await emulatorSamples(emulator, runId)).filter((s) => s.model === 'gpt-x' && (task === undefined || s.task_id === task));
  return extractValues(samples.map((s) => ({ model: s.model, taskId: s.task_id, sampleIndex: s.sample_index, value: s.scores[metric] })))
    .observations;
}

async function expectedValue(
  emulator: Emulator,
  metric: string,
  aggregation: Aggregation,
  confidence = 0.95,
  task?: string,
): Promise<Interval> {
  const outcome = valueInterval(await values(emulator, NOISE_RUN, metric, task), { aggregation, confidence });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.interval;
}

async function expectedDelta(emulator: Emulator, metric: string, confidence = 0.95): Promise<Interval> {
  const now = await values(emulator, NOISE_RUN, metric);
  const before = await values(emulator, NOISE_BASELINE, metric);
  const outcome = differenceInterval(now, before, { aggregation: 'pooled', confidence });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.interval;
}

/** A statistics entry with samples behind it, matching the independent interval to the last digits. */
function expectSamplesEntry(entry: any, expected: Interval, extra: Record<string, unknown>): void {
  expect(entry).toMatchObject({ basis: 'samples', confidence: expected.confidence, n: expected.n, method: expected.method, ...extra });
  expect(entry.estimate).toBeCloseTo(expected.estimate, 12);
  expect(entry.low).toBeCloseTo(expected.low, 12);
  expect(entry.high).toBeCloseTo(expected.high, 12);
  expect(Object.keys(entry).sort()).toEqual([
    'basis',
    'confidence',
    'estimate',
    'high',
    'low',
    'mde',
    'method',
    'n',
    'note',
    'path',
    'uncertain',
  ]);
}

const REPORT_MODE =
  'Intervals at 95% confidence from the per-sample scores (`noise: report`): the verdicts are those of the reported values, and a verdict its interval does not support is marked _within noise_.';

describe('noise: off, report and gate', () => {
  const inputs = {
    'baseline-run-id': NOISE_BASELINE,
    thresholds: 'accuracy >= 0.78\nf1 >= 0.7',
    'max-regression': 'accuracy: 0.02\nf1: 0.02',
  };

  it('noise: off reads no samples and adds no statistics: the point verdicts alone', async () => {
    await gate('noise', { ...inputs, noise: 'off' }, (run, emulator) => {
      expectOutcome(run, 'fail', 'Metric accuracy: 0.765, allowed ≥ 0.78');
      expect(sampleRequests(emulator)).toEqual([]);
      expect(run.result.noise).toBeNull();
      for (const c of run.result.criteria) expect(Object.keys(c)).not.toContain('statistics');
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.765 | ≥ 0.78 | ❌ fail |');
      expect(row(run.summary, 'Regression accuracy')).toBe(
        '| Regression accuracy | gpt-x.accuracy 0.765 vs 0.7825 (−0.0175 ▼) | worsens by ≤ 0.02 | ✅ pass |',
      );
      expect(row(run.summary, 'gpt-x.accuracy')).toBe('| gpt-x.accuracy | 0.765 | 0.7825 | −0.0175 ▼ |');
      expect(run.summary).not.toContain('### Error bars');
      expect(run.summary).not.toContain('within noise');
    });
  });

  it('noise: report (the default) shows every interval and keeps every verdict, marking those within noise', async () => {
    await gate('noise', inputs, async (run, emulator) => {
      // The same verdict as noise: off, now with the interval that shows it is within noise.
      expectOutcome(run, 'fail', 'Metric accuracy: 0.765 [0.721, 0.804], allowed ≥ 0.78');
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN), SAMPLES(NOISE_BASELINE)]);
      expect(sampleRequests(emulator).every((r) => r.query.limit === '500')).toBe(true);
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.765 \\[0.721, 0.804\\] | ≥ 0.78 | ❌ fail · within noise |');
      expect(row(run.summary, 'Metric f1')).toBe('| Metric f1 | 0.727 \\[0.707, 0.748\\] | ≥ 0.7 | ✅ pass |');
      expect(row(run.summary, 'Regression accuracy')).toBe(
        '| Regression accuracy | gpt-x.accuracy 0.765 vs 0.7825 (−0.0175 ▼ \\[−0.072, +0.037\\]) | worsens by ≤ 0.02 | ✅ pass · within noise |',
      );
      expect(row(run.summary, 'Regression f1')).toBe(
        '| Regression f1 | gpt-x.f1 0.7273 vs 0.7347 (−0.0074 ▼ \\[−0.019, +0.004\\]) | worsens by ≤ 0.02 | ✅ pass |',
      );
      expect(row(run.summary, 'gpt-x.accuracy')).toBe('| gpt-x.accuracy | 0.765 | 0.7825 | −0.0175 ▼ [−0.072, +0.037] |');
      expect(run.summary).toContain(
        '\n_Δ intervals at 95% confidence · n = 400 pairs · smallest detectable regression (80% power): gpt-x.accuracy 0.0777, gpt-x.f1 0.0164_\n',
      );
      expect(run.summary).toContain(`\n### Error bars\n\n${REPORT_MODE} Threshold intervals: n = 400 samples.\n`);
      // The allowed 0.02 is below what 400 pairs can detect: said, with the samples that would do.
      expect(run.summary).toContain(
        '\n- Regression accuracy: with these samples the gate cannot reliably detect a regression as small as the worsening allowed ' +
          '(smallest detectable regression at 95% confidence and 80% power): gpt-x.accuracy allowed 0.02, detectable 0.0777, ' +
          'about 6,043 pairs needed (400 now).\n',
      );

      const accuracy = criterion(run, 'Metric accuracy');
      expect(accuracy).toMatchObject({ passed: false, within_noise: true });
      expectSamplesEntry(accuracy.statistics[0], await expectedValue(emulator, 'accuracy', 'pooled'), {
        path: 'gpt-x.accuracy',
        method: 'wilson',
        uncertain: true,
        mde: null,
      });
      expectSamplesEntry(criterion(run, 'Metric f1').statistics[0], await expectedValue(emulator, 'f1', 'pooled'), {
        method: 't',
        uncertain: false,
      });
      const delta = await expectedDelta(emulator, 'accuracy');
      const regression = criterion(run, 'Regression accuracy');
      expect(regression).toMatchObject({ passed: true, within_noise: true });
      expectSamplesEntry(regression.statistics[0], delta, { path: 'gpt-x.accuracy', method: 'paired-t', n: 400, uncertain: true });
      expect(regression.statistics[0].mde).toBeCloseTo(smallestDetectable(delta.se, 0.95), 12);
      expect(run.result.noise).toEqual({
        mode: 'report',
        confidence: 0.95,
        uncertain: 'pass',
        comparisons: 4,
        samples: [
          { run_id: NOISE_RUN, role: 'run', samples: 400, requests: 1, note: null },
          { run_id: NOISE_BASELINE, role: 'baseline', samples: 400, requests: 1, note: null },
        ],
        notes: [expect.stringContaining('Regression accuracy: with these samples the gate cannot reliably detect')],
      });
    });
  });

  for (const [uncertain, outcome, reason, cell] of [
    ['pass', 'pass', 'all 6 criteria met', '✅ pass · within noise'],
    [
      'fail',
      'fail',
      'Metric accuracy: 0.765 [0.721, 0.804], allowed ≥ 0.78: within noise, counted as a failure (uncertain: fail) (and 1 more failed criteria)',
      '❌ fail · within noise',
    ],
    [
      'inconclusive',
      'inconclusive',
      'Metric accuracy: 0.765 [0.721, 0.804], allowed ≥ 0.78: within noise, undecided (uncertain: inconclusive) (and 1 more undecided criteria)',
      '⚠️ inconclusive · within noise',
    ],
  ] as const) {
    it(`noise: gate decides by intervals, and uncertain: ${uncertain} decides a straddling one (${outcome})`, async () => {
      await gate('noise', { ...inputs, noise: 'gate', uncertain }, (run, emulator) => {
        expectOutcome(run, outcome, reason);
        expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN), SAMPLES(NOISE_BASELINE)]);
        // accuracy 0.765 [0.721, 0.804] straddles 0.78; the accuracy delta [−0.072, +0.037] straddles −0.02.
        expect(row(run.summary, 'Metric accuracy')).toBe(`| Metric accuracy | 0.765 \\[0.721, 0.804\\] | ≥ 0.78 | ${cell} |`);
        expect(row(run.summary, 'Regression accuracy')).toContain(`| worsens by ≤ 0.02 | ${cell} |`);
        // f1 holds on evidence whatever uncertain says.
        expect(row(run.summary, 'Metric f1')).toBe('| Metric f1 | 0.727 \\[0.707, 0.748\\] | ≥ 0.7 | ✅ pass |');
        expect(row(run.summary, 'Regression f1')).toContain('| worsens by ≤ 0.02 | ✅ pass |');
        const accuracy = criterion(run, 'Metric accuracy');
        expect(accuracy).toMatchObject({ passed: uncertain === 'pass', within_noise: true });
        expect(accuracy.inconclusive).toBe(uncertain === 'inconclusive' ? true : undefined);
        expect(accuracy.statistics[0]).toMatchObject({ basis: 'samples', uncertain: true });
        const straddle = { pass: 'counts as a pass', fail: 'counts as a failure', inconclusive: 'leaves the gate inconclusive' }[uncertain];
        expect(run.summary).toContain(
          `\n### Error bars\n\nVerdicts by intervals at 95% confidence from the per-sample scores (\`noise: gate\`): a metric fails only when ` +
            `its interval lies wholly beyond the limit; one whose interval straddles the limit ${straddle} (\`uncertain: ${uncertain}\`).`,
        );
        expect(run.result.noise).toMatchObject({ mode: 'gate', uncertain, confidence: 0.95, comparisons: 4 });
      });
    });
  }

  it('confidence: 0.8 fails a true 0.08 drop on evidence; 0.999 widens the same interval until it is within noise', async () => {
    const drop = { 'baseline-run-id': NOISE_BASELINE, 'max-regression': 'accuracy: 0.02', noise: 'gate' };
    await gate('noise-regression', { ...drop, confidence: '0.8' }, async (run, emulator) => {
      expectOutcome(
        run,
        'fail',
        'Regression accuracy: gpt-x.accuracy 0.7025 vs 0.7825 (−0.08 ▼ [−0.115, −0.045]), allowed worsens by ≤ 0.02',
      );
      const entry = criterion(run, 'Regression accuracy').statistics[0];
      expectSamplesEntry(entry, await expectedDelta(emulator, 'accuracy', 0.8), { confidence: 0.8, uncertain: false });
      expect(run.summary).toContain('_Δ intervals at 80% confidence · n = 400 pairs');
    });
    await gate('noise-regression', { ...drop, confidence: '0.999' }, async (run, emulator) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      expect(row(run.summary, 'Regression accuracy')).toBe(
        '| Regression accuracy | gpt-x.accuracy 0.7025 vs 0.7825 (−0.08 ▼ \\[−0.170, +0.010\\]) | worsens by ≤ 0.02 | ✅ pass · within noise |',
      );
      const entry = criterion(run, 'Regression accuracy').statistics[0];
      expectSamplesEntry(entry, await expectedDelta(emulator, 'accuracy', 0.999), { confidence: 0.999, uncertain: true });
      expect(run.summary).toContain('Verdicts by intervals at 99.9% confidence');
      expect(run.summary).toContain(
        '_Δ intervals at 99.9% confidence · n = 400 pairs · smallest detectable regression (80% power): gpt-x.accuracy 0.1121_',
      );
    });
  });

  const badValues: Array<[Record<string, string>, string]> = [
    [
      { noise: 'loud' },
      'input "noise": got "loud"; expected `off` (point verdicts, no samples read), `report` (error bars beside the verdicts) or `gate` (verdicts by error bars)',
    ],
    [
      { confidence: '95%' },
      'input "confidence": got "95%"; expected a two-sided confidence from 0.8 to 0.999 written as a decimal, e.g. 0.95 (not 95%)',
    ],
    [
      { confidence: '0.5' },
      'input "confidence": got "0.5"; expected a two-sided confidence from 0.8 to 0.999 written as a decimal, e.g. 0.95 (not 95%)',
    ],
    [
      { noise: 'gate', uncertain: 'skip' },
      'input "uncertain": got "skip"; expected `pass` (fail only on evidence), `fail` or `inconclusive`',
    ],
    [
      { uncertain: 'fail' },
      'input "uncertain": got "fail"; expected `pass` unless `noise` is `gate` (only then does an interval decide a verdict)',
    ],
  ];
  it('refuses bad values before any request, naming the input and the form expected', async () => {
    for (const [bad, problem] of badValues) {
      await gate('noise', { ...inputs, ...bad }, (run, emulator) => {
        expectOutcome(run, 'fail', `invalid input: ${problem}`);
        expect(emulator.requests).toEqual([]);
        expect(run.result.input_problems).toEqual([problem]);
        expect(run.summary).toContain(`### Input problems\n\n- ${md(problem)}`);
        expect(run.outputs['run-id']).toBe('');
      });
    }
  });
});

describe('decision rules with noise: gate', () => {
  const gated = { noise: 'gate', 'baseline-run-id': NOISE_BASELINE };

  it('a threshold passes when its interval lies wholly above the limit, and fails when wholly below', async () => {
    await gate('noise', { ...gated, thresholds: 'accuracy >= 0.7' }, (run) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.765 \\[0.721, 0.804\\] | ≥ 0.7 | ✅ pass |');
      expect(criterion(run, 'Metric accuracy')).toMatchObject({ passed: true, within_noise: false, statistics: [{ uncertain: false }] });
    });
    await gate('noise', { ...gated, thresholds: 'accuracy >= 0.85' }, (run, emulator) => {
      expectOutcome(run, 'fail', 'Metric accuracy: 0.765 [0.721, 0.804], allowed ≥ 0.85');
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.765 \\[0.721, 0.804\\] | ≥ 0.85 | ❌ fail |');
      // No regression rule: the baseline's samples are not read.
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
    });
  });

  it('a regression fails when the interval of the delta lies wholly beyond the allowed worsening (a true 0.08 drop)', async () => {
    await gate('noise-regression', { ...gated, 'max-regression': 'accuracy: 0.02' }, async (run, emulator) => {
      expectOutcome(
        run,
        'fail',
        'Regression accuracy: gpt-x.accuracy 0.7025 vs 0.7825 (−0.08 ▼ [−0.133, −0.027]), allowed worsens by ≤ 0.02',
      );
      expect(row(run.summary, 'Regression accuracy')).toContain('| worsens by ≤ 0.02 | ❌ fail |');
      expectSamplesEntry(criterion(run, 'Regression accuracy').statistics[0], await expectedDelta(emulator, 'accuracy'), {
        uncertain: false,
      });
      expect(run.summary).not.toContain('Correction for multiple comparisons');
    });
  });

  it('a regression passes when the interval lies wholly within the allowance, and is uncertain when it straddles it', async () => {
    await gate('noise', { ...gated, 'max-regression': 'f1: 0.02' }, (run) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      expect(row(run.summary, 'Regression f1')).toBe(
        '| Regression f1 | gpt-x.f1 0.7273 vs 0.7347 (−0.0074 ▼ \\[−0.019, +0.004\\]) | worsens by ≤ 0.02 | ✅ pass |',
      );
      // 0.02 is above what 400 pairs can detect for f1 (0.0164): no detectability note.
      expect(run.summary).not.toContain('cannot reliably detect');
    });
    // The point rule fails any loss (accuracy −0.0175); the interval [−0.072, +0.037] holds 0: within noise.
    await gate('noise', { ...gated, 'max-regression': 'accuracy: 0', uncertain: 'fail' }, (run) => {
      expectOutcome(
        run,
        'fail',
        'Regression accuracy: gpt-x.accuracy 0.765 vs 0.7825 (−0.0175 ▼ [−0.072, +0.037]), allowed worsens by ≤ 0: within noise, counted as a failure (uncertain: fail)',
      );
      expect(run.summary).toContain(
        '- Regression accuracy: with these samples the gate cannot reliably detect a regression as small as the worsening allowed ' +
          '(smallest detectable regression at 95% confidence and 80% power): gpt-x.accuracy allowed 0, detectable 0.0777. ' +
          'No number of samples can detect a worsening of 0: allow a margin.',
      );
    });
  });

  it('Holm-Bonferroni over all six metrics of a gate turns a lone failure into within noise, and says so', async () => {
    // Alone, accuracy's delta lies wholly below 0: the gate fails on evidence.
    await gate('noise-holm', { ...gated, 'max-regression': 'accuracy: 0' }, (run) => {
      expectOutcome(run, 'fail', 'Regression accuracy: gpt-x.accuracy 0.7125 vs 0.7825 (−0.07 ▼ [−0.125, −0.015]), allowed worsens by ≤ 0');
      expect(run.result.noise.comparisons).toBe(1);
    });
    // Over six metrics (one-sided p = 0.0066 needs ≤ 0.025/6) the correction does not keep that failure.
    await gate('noise-holm', { ...gated, 'max-regression': '*: 0' }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      const all = criterion(run, 'Regression * (every other metric)');
      expect(all).toMatchObject({ passed: true, within_noise: true });
      expect(all.statistics.map((s: { path: string }) => s.path)).toEqual(HOLM_METRICS.map((m) => `gpt-x.${m}`));
      expect(all.statistics[0]).toMatchObject({ basis: 'samples', uncertain: true, method: 'paired-t' });
      expect(all.statistics.every((s: { basis: string }) => s.basis === 'samples')).toBe(true);
      expect(row(run.summary, md('Regression * (every other metric)'))).toMatch(/^\| .* \| worsens by ≤ 0 \| ✅ pass · within noise \|$/);
      expect(run.summary).toContain(
        '- Correction for multiple comparisons (Holm-Bonferroni over 6 interval-judged metrics) changed a decision: gpt-x.accuracy ' +
          '(Regression \\* (every other metric)) fails on its own interval (one-sided p = 0.0066) but not after the correction ' +
          '(it needed p ≤ 0.0042): within noise and counts as a pass (uncertain: pass).',
      );
      expect(run.result.noise.comparisons).toBe(6);
      // One page of each run, six metrics read from it.
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN), SAMPLES(NOISE_BASELINE)]);
    });
  });
});

describe('fallbacks: what the samples cannot support is judged on the reported value', () => {
  it('samples that do not reproduce the reported value are not used: the point verdict stands, and the summary says why', async () => {
    const inputs = { noise: 'gate', 'baseline-run-id': NOISE_BASELINE, thresholds: 'accuracy >= 0.9', 'max-regression': 'f1: 0.02' };
    await gate('noise-unreproducible', inputs, (run, emulator) => {
      // The reported 0.91 passes (as with noise: off); the reported f1 drop fails (no interval could make it green).
      expectOutcome(run, 'fail', 'Regression f1: gpt-x.f1 0.6512 vs 0.7347 (−0.0835 ▼), allowed worsens by ≤ 0.02');
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.91 | ≥ 0.9 | ✅ pass |');
      const why =
        'the samples do not reproduce the reported value: neither the pooled mean 0.82 nor the mean of the per-task means 0.82 reproduces the reported 0.91';
      expect(criterion(run, 'Metric accuracy').statistics).toEqual([
        {
          path: 'gpt-x.accuracy',
          basis: 'reported',
          estimate: 0.91,
          low: null,
          high: null,
          confidence: 0.95,
          n: null,
          method: 'reported',
          uncertain: false,
          mde: null,
          note: why,
        },
      ]);
      expect(criterion(run, 'Regression f1').statistics[0]).toMatchObject({ basis: 'reported', low: null, high: null, n: null, mde: null });
      expect(run.summary).toContain(`\n- gpt-x.accuracy (Metric accuracy): judged on its reported value, because ${why}.\n`);
      expect(run.summary).toContain(
        '\n- gpt-x.f1 (Regression f1): judged on its reported value, because in this run, the samples do not reproduce',
      );
      // Nothing of the run could be used: the baseline's samples are not read.
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
    });
  });

  it('a baseline that pairs fewer than 80% of the run falls back to the unpaired (Welch) interval', async () => {
    await gate(
      'noise-unpaired',
      { noise: 'gate', 'baseline-run-id': NOISE_BASELINE, 'max-regression': 'accuracy: 0.1' },
      async (run, emulator) => {
        expectOutcome(run, 'pass', 'all 3 criteria met');
        const entry = criterion(run, 'Regression accuracy').statistics[0];
        const expected = await expectedDelta(emulator, 'accuracy');
        expect(expected.method).toBe('welch-unpaired');
        expectSamplesEntry(entry, expected, { n: 400, note: "unpaired: 63% of the run's samples found a pair in the baseline" });
        expect(run.summary).toContain('_Δ intervals at 95% confidence · n = 400 samples per run (unpaired) ·');
        expect(run.result.noise.samples).toEqual([
          { run_id: NOISE_RUN, role: 'run', samples: 400, requests: 1, note: null },
          { run_id: NOISE_BASELINE, role: 'baseline', samples: 250, requests: 1, note: null },
        ]);
      },
    );
  });

  it('samples without a pair that move the runs apart make the comparison unpaired: never a paired pass the runs contradict', async () => {
    // The baseline answered 340 of the 400 items (85% pair); the run got the 60 others all wrong. The pairs alone
    // hold no change, but the runs' accuracy is about 0.68 vs 0.80: a paired straddle would have passed.
    const noise = scenarios.noise as Scenario;
    const wrong = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [340 + i, { scores: { accuracy: 0, f1: 0 } }]));
    const tail: Scenario = {
      ...noise,
      runs: noise.runs.map((spec) => (spec.id === NOISE_RUN ? { ...spec, sampleOverrides: wrong } : { ...spec, total: 340 })),
    };
    await gate(tail, { noise: 'gate', 'baseline-run-id': NOISE_BASELINE, 'max-regression': 'accuracy: 0.05' }, (run) => {
      expectOutcome(
        run,
        'fail',
        /^Regression accuracy: gpt-x\.accuracy 0\.\d+ vs 0\.\d+ \(−0\.1\d+ ▼ \[−0\.\d+, −0\.\d+\]\), allowed worsens by ≤ 0\.05$/,
      );
      const [entry] = criterion(run, 'Regression accuracy').statistics;
      expect(entry).toMatchObject({ basis: 'samples', method: 'welch-unpaired', n: 400, uncertain: false });
      expect(entry.high).toBeLessThan(-0.05);
      expect(entry.note).toMatch(/^the difference of the runs' means \(-0\.1\d*\) lies outside the interval of the paired items/);
    });
  });

  it('repeated samples of an item get a cluster-robust interval, and pair as items', async () => {
    const inputs = { noise: 'gate', 'baseline-run-id': NOISE_BASELINE, thresholds: 'accuracy >= 0.5', 'max-regression': 'accuracy: 0.1' };
    await gate('noise-repeats', inputs, async (run, emulator) => {
      expectOutcome(run, 'pass', 'all 4 criteria met');
      expectSamplesEntry(criterion(run, 'Metric accuracy').statistics[0], await expectedValue(emulator, 'accuracy', 'pooled'), {
        method: 'cluster',
        n: 360,
        note: '360 samples of 120 items',
      });
      expectSamplesEntry(criterion(run, 'Regression accuracy').statistics[0], await expectedDelta(emulator, 'accuracy'), {
        method: 'paired-t',
        n: 120,
      });
      expect(run.summary).toContain('_Δ intervals at 95% confidence · n = 120 pairs ·');
    });
  });

  it('a run of more than 50,000 completed samples is not read: judged on its reported values, never inconclusive for it', async () => {
    await gate('noise-huge', { noise: 'gate', thresholds: 'accuracy >= 0.8' }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      expect(emulator.requests.filter((r) => r.route === 'samples')).toEqual([]);
      expect(criterion(run, 'Metric accuracy').statistics).toEqual([
        expect.objectContaining({ basis: 'reported', estimate: 0.81, low: null, high: null, n: null, method: 'reported' }),
      ]);
      expect(run.result.noise.samples).toEqual([
        {
          run_id: NOISE_RUN,
          role: 'run',
          samples: null,
          requests: 0,
          note: `run ${NOISE_RUN} has 50,001 completed samples, more than the 50,000 the gate reads`,
        },
      ]);
      expect(run.summary).toContain(
        `\n- Run ${md(NOISE_RUN)} has 50,001 completed samples, more than the 50,000 the gate reads: this run’s metrics are judged on their reported values.\n`,
      );
      expect(run.summary).toContain('No metric could be judged by its samples: every verdict is the reported value’s.');
    });
  });

  it('scores so large that their spread overflows give no interval: the point verdict stands (never an infinite straddle)', async () => {
    // Two scores of ±1e200 cancel in the mean (the reported value is reproduced exactly) but their square overflows:
    // an interval of [-Infinity, Infinity] would straddle 0.9, and uncertain: pass would turn the point fail green.
    const noise = scenarios.noise as Scenario;
    const huge: Scenario = {
      ...noise,
      runs: noise.runs.map((spec) =>
        spec.id === NOISE_RUN
          ? { ...spec, sampleOverrides: { 0: { scores: { accuracy: 1e200, f1: 0.5 } }, 2: { scores: { accuracy: -1e200, f1: 0.5 } } } }
          : spec,
      ),
    };
    await gate(huge, { noise: 'gate', thresholds: 'accuracy >= 0.9' }, (run) => {
      expectOutcome(run, 'fail', /^Metric accuracy: 0\.\d+, allowed ≥ 0\.9$/);
      expect(criterion(run, 'Metric accuracy')).toMatchObject({ passed: false, within_noise: false });
      expect(criterion(run, 'Metric accuracy').statistics).toEqual([
        expect.objectContaining({
          basis: 'reported',
          low: null,
          high: null,
          n: null,
          method: 'reported',
          note: 'no interval: the values are too large to compute with (their mean or spread overflows)',
        }),
      ]);
    });
  });

  it('a listing that holds a sample of another run is not trusted at all: every path of that run on its reported value', async () => {
    // Sample 5 says it is the baseline's (and has no score, so the reported metrics stay those of the other 399).
    const noise = scenarios.noise as Scenario;
    const foreign: Scenario = {
      ...noise,
      runs: noise.runs.map((spec) =>
        spec.id === NOISE_RUN ? { ...spec, sampleOverrides: { 5: { run_id: NOISE_BASELINE, scores: {} } } } : spec,
      ),
    };
    await gate(foreign, { noise: 'gate', thresholds: 'accuracy >= 0.7' }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      const why = `the samples listed for run ${NOISE_RUN} are not all its completed samples: 1 says it is another run’s, failed, or of another status`;
      expect(criterion(run, 'Metric accuracy').statistics).toEqual([
        expect.objectContaining({ basis: 'reported', low: null, high: null, n: null, method: 'reported', note: why }),
      ]);
      expect(run.result.noise.samples).toEqual([{ run_id: NOISE_RUN, role: 'run', samples: null, requests: 1, note: why }]);
      expect(run.summary).toContain(
        `\n- ${md(why.charAt(0).toUpperCase() + why.slice(1))}: this run’s metrics are judged on their reported values.\n`,
      );
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
    });
  });

  it('a listing that holds a sample of a model the run did not evaluate is not trusted either', async () => {
    // Sample 5 answers for gpt-y (and has no score, so the reported metrics stay those of gpt-x's other 399).
    const noise = scenarios.noise as Scenario;
    const stranger: Scenario = {
      ...noise,
      runs: noise.runs.map((spec) => (spec.id === NOISE_RUN ? { ...spec, sampleOverrides: { 5: { model: 'gpt-y', scores: {} } } } : spec)),
    };
    await gate(stranger, { noise: 'gate', thresholds: 'accuracy >= 0.7' }, (run) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      const why = `the samples listed for run ${NOISE_RUN} are not all its completed samples: 1 answers for a model the run did not evaluate`;
      expect(criterion(run, 'Metric accuracy').statistics).toEqual([
        expect.objectContaining({ basis: 'reported', low: null, high: null, n: null, method: 'reported', note: why }),
      ]);
      expect(run.result.noise.samples).toEqual([{ run_id: NOISE_RUN, role: 'run', samples: null, requests: 1, note: why }]);
    });
  });

  it('samples the API refuses to list leave the point verdict: never inconclusive for it', async () => {
    const refused: FaultRule = { route: 'samples', kind: 'status', status: 403 };
    await gate(
      'noise',
      { noise: 'gate', 'baseline-run-id': NOISE_BASELINE, thresholds: 'accuracy >= 0.78', 'max-regression': 'accuracy: 0.02' },
      (run, emulator) => {
        // The point verdicts decide: accuracy 0.765 < 0.78 fails, as with noise: off.
        expectOutcome(run, 'fail', 'Metric accuracy: 0.765, allowed ≥ 0.78');
        // 403 is final: one request, no retry, and the baseline's samples are not asked for.
        expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
        expect(criterion(run, 'Metric accuracy').statistics[0]).toMatchObject({ basis: 'reported', estimate: 0.765 });
        expect(criterion(run, 'Regression accuracy')).toMatchObject({ passed: true, within_noise: false });
        expect(run.summary).toContain(
          `\n- The samples of run ${md(NOISE_RUN)} could not be read: GET ${md(SAMPLES(NOISE_RUN))} answered HTTP 403: ` +
            `${md('{"error":{"type":"injected","message":"injected HTTP 403"}}')}. The key is valid but not allowed: it needs the ` +
            `${md('`read:evals`')} scope (and ${md('`write:evals`')} to create, rerun or cancel runs): this run’s metrics are judged on their reported values.\n`,
        );
        expect(run.stdout).toMatch(/::warning::Could not read the samples of run .*; its metrics are judged on their reported values/);
      },
      [refused],
    );
  });

  it('samples that cannot be read before the timeout leave the point verdict: never inconclusive for it', async () => {
    const hang: FaultRule = { route: 'samples', kind: 'hang' };
    await gate(
      'noise',
      { noise: 'gate', timeout: '5s', 'baseline-run-id': NOISE_BASELINE, thresholds: 'accuracy >= 0.7' },
      (run, emulator) => {
        expectOutcome(run, 'pass', 'all 3 criteria met');
        // The attempt that hung, and (when undici's own headers timeout strikes first) one more that the deadline ended.
        const read = samplesRead(emulator);
        expect(read.length).toBeGreaterThanOrEqual(1);
        expect(new Set(read)).toEqual(new Set([SAMPLES(NOISE_RUN)]));
        expect(run.result.noise.samples[0]).toMatchObject({ role: 'run', samples: null, requests: read.length });
        expect(run.result.noise.samples[0].note).toMatch(/could not be read: .*the timeout was reached while waiting for the answer/);
        expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.765 | ≥ 0.7 | ✅ pass |');
        expect(run.durationMs).toBeLessThan(12_000);
      },
      [hang],
    );
  });

  it('reads 10,000 samples in ceil(9,962 / 500) = 20 pages, each after the last; macro averages get stratified intervals', async () => {
    const inputs = { noise: 'gate', 'max-failed-requests': '1%', thresholds: 'accuracy >= 0.5\nqa:accuracy >= 0.5' };
    await gate('noise-large', inputs, async (run, emulator) => {
      expectOutcome(run, 'pass', 'all 4 criteria met');
      const pages = sampleRequests(emulator);
      expect(pages).toHaveLength(20);
      expect(pages.every((r) => r.path === SAMPLES(NOISE_RUN) && r.query.limit === '500')).toBe(true);
      expect(pages[0]!.query.after).toBeUndefined();
      expect(new Set(pages.slice(1).map((r) => r.query.after)).size).toBe(19);
      expect(run.result.noise.samples).toEqual([{ run_id: NOISE_RUN, role: 'run', samples: 9962, requests: 20, note: null }]);
      const all = criterion(run, 'Metric accuracy').statistics;
      expect(all.map((s: { path: string }) => s.path)).toEqual([
        'gpt-x.accuracy',
        'gpt-x.math.accuracy',
        'gpt-x.qa.accuracy',
        'gpt-x.reading.accuracy',
      ]);
      expectSamplesEntry(all[0], await expectedValue(emulator, 'accuracy', 'macro'), {
        method: 'stratified',
        n: 9961,
        note: '1 sample without a numeric score left out',
      });
      expectSamplesEntry(
        criterion(run, 'Metric qa:accuracy').statistics[0],
        await expectedValue(emulator, 'accuracy', 'pooled', 0.95, 'qa'),
        {
          path: 'gpt-x.qa.accuracy',
          method: 'wilson',
        },
      );
      expect(row(run.summary, 'Metric qa:accuracy')).toBe('| Metric qa:accuracy | 0.795 \\[0.781, 0.808\\] | ≥ 0.5 | ✅ pass |');
    });
  });
});

describe('which samples are read', () => {
  it('metrics no sample scores are judged on their reported values, said in one note', async () => {
    // Samples whose scores name another metric (the emulator's default `{ exact_match: 1 }`), as in every older test.
    const unscored: Scenario = {
      runs: [
        {
          id: NOISE_RUN,
          suiteId: DEMO_SUITE,
          ageSeconds: 30,
          models: ['gpt-x'],
          total: 40,
          metrics: { 'gpt-x': { accuracy: 0.9, f1: 0.8 } },
        },
      ],
    };
    await gate(unscored, { thresholds: 'accuracy >= 0.85\nf1 >= 0.75' }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 4 criteria met');
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
      // The criteria read as with noise: off.
      expect(row(run.summary, 'Metric accuracy')).toBe('| Metric accuracy | 0.9 | ≥ 0.85 | ✅ pass |');
      expect(criterion(run, 'Metric f1').statistics).toEqual([
        expect.objectContaining({
          path: 'gpt-x.f1',
          basis: 'reported',
          estimate: 0.8,
          note: 'no completed sample of model gpt-x has a numeric score for f1',
        }),
      ]);
      expect(run.summary).toContain(
        `\n### Error bars\n\n${REPORT_MODE} No metric could be judged by its samples: every verdict is the reported value’s.\n\n` +
          '- No completed sample has a numeric score for gpt-x.accuracy, gpt-x.f1: judged on the reported values ' +
          '(the samples’ scores name other metrics; with noise: off they are not read).\n',
      );
    });
  });

  it('none without a metric criterion, even with noise: report', async () => {
    await gate('noise', { 'baseline-run-id': NOISE_BASELINE }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 2 criteria met');
      expect(emulator.requests.filter((r) => r.route === 'samples')).toEqual([]);
      expect(run.result.noise).toBeNull();
      expect(run.summary).not.toContain('### Error bars');
    });
  });

  it("the baseline's only for max-regression: thresholds beside a baseline read the run's alone", async () => {
    await gate('noise', { 'baseline-run-id': NOISE_BASELINE, thresholds: 'f1 >= 0.7' }, (run, emulator) => {
      expectOutcome(run, 'pass', 'all 3 criteria met');
      expect(samplesRead(emulator)).toEqual([SAMPLES(NOISE_RUN)]);
      expect(run.result.noise.samples).toEqual([{ run_id: NOISE_RUN, role: 'run', samples: 400, requests: 1, note: null }]);
      // The metrics-vs-baseline table has no interval to show without a regression rule.
      expect(row(run.summary, 'gpt-x.f1')).toBe('| gpt-x.f1 | 0.7273 | 0.7347 | −0.0074 ▼ |');
    });
  });
});
