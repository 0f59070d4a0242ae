import type { EvalRun } from '../core/run.ts';
import { flattenMetrics, formatDelta, formatMetric, regressionOf, type MetricComparison } from '../core/metrics.ts';
import type { BaselineReport, NoiseReport } from '../core/result.ts';
import { escapeCell, identifierSpan, table } from './markdown.ts';
import { deltaBounds, regressionLine } from './noise-summary.ts';

const MAX_ROWS = 60;
const MAX_BARS = 12;

/**
 * The metrics table (beside the baseline when there is one) and a Mermaid bar chart of the scores. With noise
 * statistics (issue 16) each Δ shows its interval, and a line under the table says what they rest on.
 */
export function renderMetricsSections(run: EvalRun | undefined, baseline: BaselineReport | undefined, noise?: NoiseReport): string[] {
  const sections: string[] = [];
  if (baseline && !baseline.found) sections.push(`_No baseline: ${escapeCell(baseline.note)}._`);
  if (baseline?.found) {
    const rows = baseline.comparisons
      .slice(0, MAX_ROWS)
      .map((c) => [
        escapeCell(c.path),
        c.current === undefined ? '—' : formatMetric(c.current),
        c.baseline === undefined ? '—' : formatMetric(c.baseline),
        formatDelta(c) + deltaBounds(noise, c.path),
      ]);
    sections.push(
      `### Metrics vs baseline`,
      `Baseline: ${identifierSpan(baseline.run.id)} (${escapeCell(baseline.how)}). ▲ better, ▼ worse.`,
      table(['Metric', 'This run', 'Baseline', 'Δ'], rows) + more(baseline.comparisons.length),
    );
    const line = regressionLine(noise);
    if (line) sections.push(line);
    // Two bars per metric on one axis are drawn on top of each other by xychart-beta: chart the change instead.
    const chart = changeChart(baseline.comparisons.filter((c) => !c.problem && isScore(c.current) && isScore(c.baseline)));
    if (chart) sections.push(chart);
    return sections;
  }
  const metrics = flattenMetrics(run?.metrics);
  if (metrics.size === 0) return sections;
  const entries = [...metrics.entries()];
  sections.push(
    '### Metrics',
    table(
      ['Metric', 'Value'],
      entries.slice(0, MAX_ROWS).map(([path, value]) => [escapeCell(path), formatMetric(value)]),
    ) + more(entries.length),
  );
  const scores = entries.filter(([, value]) => isScore(value));
  const chart = barChart(
    scores.map(([path]) => path),
    [scores.map(([, value]) => value)],
    'Scores',
  );
  if (chart) sections.push(chart);
  return sections;
}

function more(count: number): string {
  return count > MAX_ROWS ? `\n\n_… and ${count - MAX_ROWS} more metrics in the \`metrics\` output._` : '';
}

/** Scores (0..1) share one axis; latencies and counts would flatten them, so they stay in the table. */
function isScore(value: number | undefined): boolean {
  return value !== undefined && value >= 0 && value <= 1;
}

function barChart(labels: string[], series: number[][], title: string): string | undefined {
  if (labels.length === 0) return undefined;
  const shown = labels.slice(0, MAX_BARS).map(chartLabel);
  const bars = series.map(
    (values) =>
      `  bar [${values
        .slice(0, MAX_BARS)
        .map((v) => formatMetric(v))
        .join(', ')}]`,
  );
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${shown.join(', ')}]`,
    '  y-axis "score" 0 --> 1',
    ...bars,
    '```',
  ].join('\n');
}

/** A Mermaid label: only characters that cannot end the string or start markup, at most 40. */
function chartLabel(path: string): string {
  return `"${path.replace(/[^\w.:\- ]/g, '_').slice(0, 40)}"`;
}

/**
 * The change of each score against the baseline, as two series of sizes from zero (gains in green, losses in red):
 * xychart-beta draws every bar up from the axis, so a signed delta would make a loss look like a gain. A third series
 * of zeros in the background colour hides the stub a zero-height bar leaves. No chart when nothing changed.
 */
function changeChart(comparisons: MetricComparison[]): string | undefined {
  const shown = comparisons.slice(0, MAX_BARS);
  const worse = shown.map((c) => regressionOf(c) ?? 0);
  const top = Math.max(0, ...worse.map((w) => Math.abs(w)));
  if (shown.length === 0 || Number(formatMetric(top)) === 0) return undefined;
  const bars = (values: number[]) => `  bar [${values.map((v) => formatMetric(v)).join(', ')}]`;
  return [
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
    `  x-axis [${shown.map((c) => chartLabel(c.path)).join(', ')}]`,
    `  y-axis "score change" 0 --> ${formatMetric(top)}`,
    bars(worse.map((w) => (w < 0 ? -w : 0))),
    bars(worse.map((w) => (w > 0 ? w : 0))),
    bars(shown.map(() => 0)),
    '```',
  ].join('\n');
}
