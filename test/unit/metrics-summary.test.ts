import { describe, expect, it } from 'vitest';
import type { MetricComparison } from '../../src/core/metrics.ts';
import type { BaselineReport } from '../../src/core/result.ts';
import type { EvalRun } from '../../src/core/run.ts';
import { renderMetricsSections } from '../../src/report/metrics-summary.ts';

const comparison = (path: string, current: number, baseline: number, lowerIsBetter = false): MetricComparison => ({
  path,
  current,
  baseline,
  lowerIsBetter,
});

function chartOf(comparisons: MetricComparison[]): string | undefined {
  const baseline = { found: true, run: { id: 'eval_run_base' } as EvalRun, how: 'run-id', comparisons } as BaselineReport;
  return renderMetricsSections(undefined, baseline).find((section) => section.startsWith('```mermaid'));
}

describe('the change chart against a baseline', () => {
  it('puts a gain in the first (green) series and a loss in the second (red), as sizes from zero', () => {
    const chart = chartOf([comparison('accuracy', 0.8, 0.85), comparison('f1', 0.9, 0.88), comparison('error_rate', 0.1, 0.2, true)]);
    expect(chart).toContain('  x-axis ["accuracy", "f1", "error_rate"]');
    expect(chart).toContain('  y-axis "score change" 0 --> 0.1');
    // accuracy fell 0.05 (red); f1 rose 0.02 and the lower-is-better error rate fell 0.1 (green).
    expect(chart).toContain('  bar [0, 0.02, 0.1]\n  bar [0.05, 0, 0]\n  bar [0, 0, 0]');
  });

  it('draws no chart when no score changed, and leaves out values that are not scores', () => {
    expect(chartOf([comparison('accuracy', 0.8, 0.8)])).toBeUndefined();
    expect(chartOf([comparison('latency_ms', 800, 840, true)])).toBeUndefined();
  });
});
