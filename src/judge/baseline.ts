import type { EvalsClient } from '../api/client.ts';
import type { EvalRun } from '../api/models.ts';
import { describeFilter, scanRuns } from '../find/lookup.ts';
import { flattenMetrics, formatMetric, isSummaryStatistic, lowerIsBetter, resolveMetric } from './metrics.ts';
import type { Threshold } from './thresholds.ts';
import type { Criterion } from './verdict.ts';

export type BaselineSource = { kind: 'none' } | { kind: 'metadata'; metadata: Record<string, string> } | { kind: 'run-id'; runId: string };

/** `accuracy: 0.02` (absolute drop) or `*: 2%` (drop relative to the baseline value). */
export interface RegressionRule {
  metric: string;
  kind: 'absolute' | 'percent';
  value: number;
}

export interface MetricComparison {
  path: string;
  current: number | undefined;
  baseline: number | undefined;
  lowerIsBetter: boolean;
}

export type BaselineReport = { found: true; run: EvalRun; how: string; comparisons: MetricComparison[] } | { found: false; note: string };

export type RegressionParse = { ok: true; rules: RegressionRule[] } | { ok: false; badEntries: string[] };

export function parseMaxRegression(raw: string): RegressionParse {
  const rules: RegressionRule[] = [];
  const badEntries: string[] = [];
  for (const entry of raw.split(/[\r\n,]+/)) {
    const text = entry.trim();
    if (!text) continue;
    const match = /^(\*|[A-Za-z0-9_.\-/:]+?)\s*:\s*(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
    if (!match) {
      badEntries.push(text);
      continue;
    }
    rules.push({ metric: match[1] as string, kind: match[3] ? 'percent' : 'absolute', value: Number(match[2]) });
  }
  return badEntries.length > 0 ? { ok: false, badEntries } : { ok: true, rules };
}

/**
 * The newest completed run of the suite matching the baseline metadata (never the gated run
 * itself), or the run given by id. Not finding one is reported, not thrown.
 */
export async function findBaseline(
  client: EvalsClient,
  source: BaselineSource,
  gated: EvalRun,
): Promise<{ run: EvalRun; how: string } | { run: undefined; note: string }> {
  if (source.kind === 'none') return { run: undefined, note: 'no baseline asked for' };
  if (source.kind === 'run-id') {
    const run = await client.getRun(source.runId);
    if (run.status !== 'completed') return { run: undefined, note: `baseline run ${run.id} is ${run.status}, not completed` };
    return { run, how: `run ${run.id} given by baseline-run-id` };
  }
  const scan = await scanRuns(client, { suiteId: gated.suite_id, metadata: source.metadata, status: 'completed' }, { excludeId: gated.id });
  if (!scan.match) {
    return { run: undefined, note: `no completed run of suite ${gated.suite_id} matches ${describeFilter(source.metadata)}` };
  }
  return { run: scan.match, how: `newest completed run matching ${describeFilter(source.metadata)}` };
}

/** Direction of each metric: a threshold's comparator says it best; otherwise the name. */
export function directionFrom(thresholds: Threshold[]): (path: string) => boolean {
  return (path) => {
    const single = new Map([[path, 0]]);
    for (const t of thresholds) {
      if (resolveMetric(single, t.metric, t.scope).length > 0) return t.comparator === '<=' || t.comparator === '<';
    }
    return lowerIsBetter(path);
  };
}

export function compareMetrics(current: unknown, baseline: unknown, isLowerBetter: (path: string) => boolean): MetricComparison[] {
  const now = flattenMetrics(current);
  const before = flattenMetrics(baseline);
  const paths = [...new Set([...now.keys(), ...before.keys()])];
  return paths.map((path) => ({ path, current: now.get(path), baseline: before.get(path), lowerIsBetter: isLowerBetter(path) }));
}

/** How much worse a metric got (positive) or better (negative). */
export function regressionOf(c: MetricComparison): number | undefined {
  if (c.current === undefined || c.baseline === undefined) return undefined;
  return c.lowerIsBetter ? c.current - c.baseline : c.baseline - c.current;
}

/** One criterion per rule; `*` covers every compared metric that no named rule covers. */
export function regressionCriteria(comparisons: MetricComparison[], rules: RegressionRule[]): Criterion[] {
  const current = new Map(comparisons.filter((c) => c.current !== undefined).map((c) => [c.path, c.current as number]));
  const byPath = new Map(comparisons.map((c) => [c.path, c]));
  const covered = new Set<string>();
  const named = rules.filter((r) => r.metric !== '*');
  const criteria: Criterion[] = [];
  for (const rule of named) {
    const [scope, metric] = rule.metric.includes(':') ? (rule.metric.split(':', 2) as [string, string]) : [undefined, rule.metric];
    const paths = resolveMetric(current, metric, scope);
    paths.forEach((p) => covered.add(p));
    criteria.push(
      criterionFor(
        `Regression ${rule.metric}`,
        paths.map((p) => byPath.get(p) as MetricComparison),
        rule,
      ),
    );
  }
  for (const rule of rules.filter((r) => r.metric === '*')) {
    const rest = comparisons.filter(
      (c) => !covered.has(c.path) && !isSummaryStatistic(c.path) && c.current !== undefined && c.baseline !== undefined,
    );
    criteria.push(criterionFor('Regression * (every other metric)', rest, rule));
  }
  return criteria;
}

function criterionFor(name: string, compared: MetricComparison[], rule: RegressionRule): Criterion {
  const allowed = `worsens by ≤ ${rule.kind === 'percent' ? `${rule.value}% of baseline` : formatMetric(rule.value)}`;
  const withBoth = compared.filter((c) => c.current !== undefined && c.baseline !== undefined);
  if (withBoth.length === 0) {
    return { name, actual: 'no metric present in both runs', allowed, passed: rule.metric === '*' };
  }
  const rows = withBoth.map((c) => {
    const worse = regressionOf(c) as number;
    const limit = rule.kind === 'percent' ? (Math.abs(c.baseline as number) * rule.value) / 100 : rule.value;
    return { c, worse, ok: worse <= limit + 1e-12 };
  });
  const failing = rows.filter((r) => !r.ok);
  const shown = (failing.length > 0 ? failing : rows).slice(0, 5);
  const actual =
    shown
      .map(({ c }) => `${c.path} ${formatMetric(c.current as number)} vs ${formatMetric(c.baseline as number)} (${formatDelta(c)})`)
      .join(', ') + (rows.length > shown.length ? `, … (${rows.length} metrics)` : '');
  return { name, actual, allowed, passed: failing.length === 0 };
}

export function formatDelta(c: MetricComparison): string {
  if (c.current === undefined || c.baseline === undefined) return 'n/a';
  const delta = c.current - c.baseline;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const worse = regressionOf(c) as number;
  const arrow = worse > 0 ? ' ▼' : worse < 0 ? ' ▲' : '';
  return `${sign}${formatMetric(Math.abs(delta))}${arrow}`;
}
