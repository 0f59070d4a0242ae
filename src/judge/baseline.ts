import { API_PREFIX, type EvalsClient } from '../api/client.ts';
import { ApiProtocolError } from '../api/errors.ts';
import { scanRuns, skippedLine } from '../api/scan.ts';
import type { BaselineSource, RegressionRule, Threshold } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import {
  formatDelta,
  formatMetric,
  isSummaryStatistic,
  lowerIsBetter,
  readMetrics,
  regressionOf,
  resolveMetric,
  type MetricComparison,
  type MetricsView,
} from '../core/metrics.ts';
import { describeFilter, type EvalRun } from '../core/run.ts';
import { untrustedMetrics } from './thresholds.ts';

// The comparison vocabulary lives in core/ (report/ renders it); named here for the judge's callers.
export type { BaselineSource, RegressionRule } from '../core/config.ts';
export type { MetricComparison } from '../core/metrics.ts';
export type { BaselineReport } from '../core/result.ts';

/**
 * The newest completed run of the suite matching the baseline metadata (never the gated run
 * itself), or the run given by id. Not finding one is reported, not thrown.
 */
export async function findBaseline(
  client: EvalsClient,
  source: BaselineSource,
  gated: EvalRun,
  logger: Logger = silentLogger,
): Promise<{ run: EvalRun; how: string } | { run: undefined; note: string; misconfigured?: boolean }> {
  if (source.kind === 'none') return { run: undefined, note: 'no baseline asked for' };
  if (source.kind === 'run-id') {
    // A run compared with itself can never regress: that is a configuration error, not a passed comparison.
    if (source.runId === gated.id) {
      return { run: undefined, note: `baseline run ${gated.id} is the gated run itself, so nothing can regress`, misconfigured: true };
    }
    const run = await client.getRun(source.runId);
    if (run.suite_id !== gated.suite_id) {
      const suite = run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite';
      return { run: undefined, note: `baseline run ${run.id} ${suite}, not the gated run's suite ${gated.suite_id}`, misconfigured: true };
    }
    if (run.status !== 'completed') return { run: undefined, note: `baseline run ${run.id} is ${run.status}, not completed` };
    return { run, how: `run ${run.id} given by baseline-run-id` };
  }
  const query = { suiteId: gated.suite_id, metadata: source.metadata, status: 'completed' } as const;
  const scan = await scanRuns(client, query, { excludeId: gated.id });
  if (scan.otherSuite + scan.otherStatus > 0) logger.info(skippedLine(scan, query));
  if (!scan.match) {
    return { run: undefined, note: `no completed run of suite ${gated.suite_id} matches ${describeFilter(source.metadata)}` };
  }
  return {
    run: await readListedBaseline(client, scan.match, gated.suite_id),
    how: `newest completed run matching ${describeFilter(source.metadata)}`,
  };
}

/** The listed baseline read again by id: its own status and suite decide, not the listing or the server's filters. */
async function readListedBaseline(client: EvalsClient, listed: EvalRun, suiteId: string): Promise<EvalRun> {
  const run = await client.getRun(listed.id);
  if (run.status !== 'completed' || run.suite_id !== suiteId) {
    throw new ApiProtocolError(
      `GET ${API_PREFIX}/runs/${run.id}`,
      `baseline run ${run.id} was listed as a completed run of suite ${suiteId}, but the run itself is ${run.status}` +
        ` in ${run.suite_id ? `suite ${run.suite_id}` : 'no suite'}`,
    );
  }
  return run;
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
  const now = readMetrics(current);
  const before = readMetrics(baseline);
  const deep = untrustedMetrics(now, []) ?? untrustedMetrics(before, []);
  const paths = [...new Set([...now.all, ...before.all])];
  const compared = paths.map((path) => {
    const comparison: MetricComparison = {
      path,
      current: now.values.get(path),
      baseline: before.values.get(path),
      lowerIsBetter: isLowerBetter(path),
    };
    const problem = comparisonProblem(path, now, before);
    return problem ? { ...comparison, problem } : comparison;
  });
  // Nesting too deep to read hides values: one row says so, and every regression rule then fails.
  return deep
    ? [{ path: '(metrics)', current: undefined, baseline: undefined, lowerIsBetter: false, problem: deep }, ...compared]
    : compared;
}

function comparisonProblem(path: string, now: MetricsView, before: MetricsView): string | undefined {
  if (now.ambiguous.has(path)) return 'ambiguous in this run (reported two ways)';
  if (before.ambiguous.has(path)) return 'ambiguous in the baseline (reported two ways)';
  if (now.invalid.has(path)) return `${now.invalid.get(path)} in this run (not a finite number)`;
  if (before.invalid.has(path)) return `${before.invalid.get(path)} in the baseline (not a finite number)`;
  return undefined;
}

/**
 * Whether a problem row makes a rule fail. A named rule fails on any problem with a path it names; `*` only
 * where a value is hidden: ambiguity, nesting too deep, or this run lacking a number the baseline had.
 */
function blocks(c: MetricComparison, named: boolean): boolean {
  if (!c.problem) return false;
  if (named || c.path === '(metrics)' || c.problem.startsWith('ambiguous')) return true;
  return c.current === undefined && c.baseline !== undefined;
}

/** The metrics one regression rule judges, under the criterion's name. */
export interface RegressionTarget {
  name: string;
  rule: RegressionRule;
  compared: MetricComparison[];
}

/** One criterion per rule; `*` covers every compared metric that no named rule covers. */
export function regressionCriteria(comparisons: MetricComparison[], rules: RegressionRule[]): Criterion[] {
  return regressionTargets(comparisons, rules).map(regressionCriterion);
}

/** Which metrics each rule judges: named rules first (in order), then `*` over what no named rule covers. */
export function regressionTargets(comparisons: MetricComparison[], rules: RegressionRule[]): RegressionTarget[] {
  const current = new Set(comparisons.filter((c) => c.current !== undefined || c.problem).map((c) => c.path));
  const byPath = new Map(comparisons.map((c) => [c.path, c]));
  const covered = new Set<string>();
  const named = rules.filter((r) => r.metric !== '*');
  const targets: RegressionTarget[] = [];
  for (const rule of named) {
    const [scope, metric] = rule.metric.includes(':') ? (rule.metric.split(':', 2) as [string, string]) : [undefined, rule.metric];
    const paths = resolveMetric(current, metric, scope);
    paths.forEach((p) => covered.add(p));
    const deep = comparisons.filter((c) => c.path === '(metrics)');
    targets.push({ name: `Regression ${rule.metric}`, rule, compared: [...deep, ...paths.map((p) => byPath.get(p) as MetricComparison)] });
  }
  for (const rule of rules.filter((r) => r.metric === '*')) {
    const rest = comparisons.filter(
      (c) =>
        !covered.has(c.path) &&
        !isSummaryStatistic(c.path) &&
        ((c.current !== undefined && c.baseline !== undefined && !c.problem) || blocks(c, false)),
    );
    targets.push({ name: 'Regression * (every other metric)', rule, compared: rest });
  }
  return targets;
}

/** One metric judged by a rule: how much worse it got, the worsening allowed (metric units) and the point verdict. */
export interface RegressionRow {
  c: MetricComparison;
  worse: number;
  limit: number;
  ok: boolean;
}

/**
 * The rows a rule judges, or why it fails as a whole: a metric it cannot see (hidden), or, for a named rule, no
 * metric present in both runs (`*` then passes). noise/ judges the same rows by their intervals.
 */
export function regressionRows(target: RegressionTarget): { rows: RegressionRow[] } | { problem: string; passed: boolean } {
  const { rule, compared } = target;
  const hidden = compared.filter((c) => blocks(c, rule.metric !== '*'));
  if (hidden.length > 0) {
    const actual = hidden
      .slice(0, 5)
      .map((c) => `${c.path}: ${c.problem}`)
      .join(', ');
    return { problem: `${actual}${hidden.length > 5 ? ', …' : ''}`, passed: false };
  }
  const withBoth = compared.filter((c) => c.current !== undefined && c.baseline !== undefined);
  if (withBoth.length === 0) return { problem: 'no metric present in both runs', passed: rule.metric === '*' };
  const rows = withBoth.map((c) => {
    const worse = regressionOf(c) as number;
    const limit = allowedWorsening(rule, c.baseline as number);
    return { c, worse, limit, ok: worse <= limit + 1e-12 };
  });
  return { rows };
}

/** The worsening a rule allows for one metric, in its units: a percent rule is taken of the baseline's value. */
export function allowedWorsening(rule: RegressionRule, baseline: number): number {
  return rule.kind === 'percent' ? (Math.abs(baseline) * rule.value) / 100 : rule.value;
}

export function allowedText(rule: RegressionRule): string {
  return `worsens by ≤ ${rule.kind === 'percent' ? `${rule.value}% of baseline` : formatMetric(rule.value)}`;
}

/** The Actual cell: failing metrics first (at most 5), each `path now vs before (Δ)`, plus `extra` when given. */
export function regressionActual(rows: ReadonlyArray<{ c: MetricComparison; ok: boolean; extra?: string }>): string {
  const failing = rows.filter((r) => !r.ok);
  const shown = (failing.length > 0 ? failing : rows).slice(0, 5);
  return (
    shown
      .map(
        ({ c, extra }) =>
          `${c.path} ${formatMetric(c.current as number)} vs ${formatMetric(c.baseline as number)} (${formatDelta(c)}${extra ?? ''})`,
      )
      .join(', ') + (rows.length > shown.length ? `, … (${rows.length} metrics)` : '')
  );
}

/** The criterion of one rule, judged on the reported values. */
export function regressionCriterion(target: RegressionTarget): Criterion {
  const { name, rule } = target;
  const allowed = allowedText(rule);
  const judged = regressionRows(target);
  if ('problem' in judged) return { name, actual: judged.problem, allowed, passed: judged.passed };
  return { name, actual: regressionActual(judged.rows), allowed, passed: judged.rows.every((r) => r.ok) };
}
