/** How the noise statistics are shown (issue 16): the Result cell, the Δ interval, the line under the table, the section. */
import { describe, expect, it } from 'vitest';
import type { Criterion, MetricStatistics } from '../../src/core/criterion.ts';
import type { GateResult, NoiseReport } from '../../src/core/result.ts';
import { deltaBounds, regressionLine, renderNoiseSection, verdictCell } from '../../src/report/noise-summary.ts';

const HOSTILE = 'gpt-x.<img src=x onerror=alert(1)>|**bold**@team';

function delta(path: string, n: number, method = 'paired-t'): MetricStatistics {
  return {
    path,
    basis: 'samples',
    estimate: -0.0175,
    low: -0.072,
    high: 0.037,
    confidence: 0.95,
    n,
    method,
    uncertain: true,
    mde: 0.0777,
    note: null,
  };
}

function noise(overrides: Partial<NoiseReport> = {}): NoiseReport {
  return { mode: 'report', confidence: 0.95, uncertain: 'pass', samples: [], comparisons: 1, notes: [], deltas: [], ...overrides };
}

function result(criteria: Criterion[], report: NoiseReport | undefined): GateResult {
  return {
    outcome: 'pass',
    reason: 'all met',
    run: undefined,
    criteria,
    lookup: undefined,
    elapsedMs: 1,
    api: { requests: 1, retries: 0, notModified: 0 },
    cancelRequest: undefined,
    inputProblems: [],
    baseline: undefined,
    created: false,
    reruns: [],
    failedSamples: undefined,
    noise: report,
  };
}

describe('noise in the summary', () => {
  it('writes the Result cell with the verdict and "within noise"', () => {
    const c: Criterion = { name: 'Metric accuracy', actual: '0.765', allowed: '≥ 0.78', passed: false };
    expect(verdictCell(c)).toBe('❌ fail');
    expect(verdictCell({ ...c, within_noise: true })).toBe('❌ fail · within noise');
    expect(verdictCell({ ...c, passed: true, within_noise: false })).toBe('✅ pass');
    expect(verdictCell({ ...c, inconclusive: true, within_noise: true })).toBe('⚠️ inconclusive · within noise');
  });

  it('shows a delta interval only where one was computed', () => {
    const report = noise({ deltas: [delta('gpt-x.accuracy', 400)] });
    expect(deltaBounds(report, 'gpt-x.accuracy')).toBe(' [−0.072, +0.037]');
    expect(deltaBounds(report, 'gpt-x.f1')).toBe('');
    expect(deltaBounds(undefined, 'gpt-x.accuracy')).toBe('');
  });

  it('says under the table what the intervals rest on, escaping every path', () => {
    expect(regressionLine(noise())).toBeUndefined();
    const line = regressionLine(
      noise({ confidence: 0.99, deltas: [delta('gpt-x.accuracy', 380), delta(HOSTILE, 400), delta('gpt-y.f1', 390, 'welch-unpaired')] }),
    );
    expect(line).toBe(
      '_Δ intervals at 99% confidence · n = 380–400 pairs, 390 samples per run (unpaired) · smallest detectable regression (80% power): ' +
        'gpt-x.accuracy 0.0777, gpt-x.&lt;img src=x onerror=alert(1)&gt;\\|\\*\\*bold\\*\\*@\u200bteam 0.0777, gpt-y.f1 0.0777_',
    );
  });

  it('renders the section from code-made sentences, escaping the notes (they name metric paths from the API)', () => {
    const criteria: Criterion[] = [
      {
        name: 'Metric accuracy',
        actual: '0.8',
        allowed: '≥ 0.7',
        passed: true,
        statistics: [{ ...delta('gpt-x.accuracy', 400), mde: null }],
      },
    ];
    const [heading, body] = renderNoiseSection(
      result(criteria, noise({ mode: 'gate', uncertain: 'fail', notes: [`${HOSTILE}: judged on its reported value`] })),
    );
    expect(heading).toBe('### Error bars');
    expect(body).toBe(
      'Verdicts by intervals at 95% confidence from the per-sample scores (`noise: gate`): a metric fails only when its interval lies ' +
        'wholly beyond the limit; one whose interval straddles the limit counts as a failure (`uncertain: fail`). Threshold intervals: n = 400 samples.\n\n' +
        '- gpt-x.&lt;img src=x onerror=alert(1)&gt;\\|\\*\\*bold\\*\\*@\u200bteam: judged on its reported value',
    );
    expect(renderNoiseSection(result(criteria, undefined))).toEqual([]);
    // Nothing judged (a failed run without metrics): no section.
    expect(renderNoiseSection(result([{ ...criteria[0]!, statistics: [] }], noise()))).toEqual([]);
  });

  it('says when no metric could be judged by its samples', () => {
    const reported: MetricStatistics = { ...delta('gpt-x.accuracy', 0), basis: 'reported', low: null, high: null, n: null, mde: null };
    const criteria: Criterion[] = [{ name: 'Metric accuracy', actual: '0.8', allowed: '≥ 0.7', passed: true, statistics: [reported] }];
    expect(renderNoiseSection(result(criteria, noise()))[1]).toContain(
      'No metric could be judged by its samples: every verdict is the reported value’s.',
    );
  });
});
