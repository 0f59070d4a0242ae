import type { EvalRun } from '../core/run.ts';
import { flattenMetrics, formatDelta, formatMetric } from '../core/metrics.ts';
import type { BaselineReport } from '../core/result.ts';
import { escapeCell, identifierSpan, table } from './markdown.ts';

const MAX_ROWS = 60;
const MAX_BARS = 12;

/** The metrics table (beside the baseline when there is one) and a Mermaid bar chart of the scores. */
export function renderMetricsSections(run: EvalRun | undefined, baseline: BaselineReport | undefined): string[] {
  const sections: string[] = [];
  if (baseline && !baseline.found) sections.push(`_No baseline: ${escapeCell(baseline.note)}._`);
  if (baseline?.found) {
    const rows = baseline.comparisons
      .slice(0, MAX_ROWS)
      .map((c) => [
        escapeCell(c.path),
        c.current === undefined ? '—' : formatMetric(c.current),
        c.baseline === undefined ? '—' : formatMetric(c.baseline),
        formatDelta(c),
      ]);
    sections.push(
      `### Metrics vs baseline`,
      `Baseline: ${identifierSpan(baseline.run.id)} (${escapeCell(baseline.how)}). ▲ better, ▼ worse.`,
      table(['Metric', 'This run', 'Baseline', 'Δ'], rows) + more(baseline.comparisons.length),
    );
    const scores = baseline.comparisons.filter((c) => isScore(c.current) && (c.baseline === undefined || isScore(c.baseline)));
    const chart = barChart(
      scores.map((c) => c.path),
      [scores.map((c) => c.current as number), scores.map((c) => c.baseline ?? 0)],
      'Scores: this run (first bar) vs baseline (second bar)',
    );
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
  const shown = labels.slice(0, MAX_BARS).map((label) => `"${label.replace(/[^\w.:\- ]/g, '_').slice(0, 40)}"`);
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
