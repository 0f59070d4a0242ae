import type { Comparator, Threshold } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import { formatMetric, MAX_METRICS_DEPTH, readMetrics, resolveMetric, type MetricsView } from '../core/metrics.ts';

// The spec types live in core/config.ts (inputs/ parses them, judge/ evaluates them); named here for callers.
export type { Comparator, Threshold } from '../core/config.ts';

const SYMBOL: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' };

export function compare(value: number, comparator: Comparator, limit: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= limit;
    case '>':
      return value > limit;
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '==':
      return value === limit;
  }
}

/**
 * A threshold holds when every metric it names holds (every model, when unscoped and the
 * metrics are per model). A metric that does not exist fails, listing what exists; so does one
 * reported as something other than a finite number, or reachable two ways (ambiguous).
 */
export function thresholdCriteria(metricsValue: unknown, thresholds: Threshold[]): Criterion[] {
  const view = readMetrics(metricsValue);
  return thresholds.map((threshold) => thresholdCriterion(view, threshold));
}

function thresholdCriterion(view: MetricsView, t: Threshold): Criterion {
  const { name, allowed } = thresholdLabels(t);
  const judged = thresholdRows(view, t);
  if ('problem' in judged) return { name, actual: judged.problem, allowed, passed: false };
  return { name, actual: thresholdActual(judged.rows), allowed, passed: judged.rows.every((r) => r.ok) };
}

function thresholdLabels(t: Threshold): { name: string; allowed: string } {
  return { name: `Metric ${t.scope ? `${t.scope}:` : ''}${t.metric}`, allowed: `${SYMBOL[t.comparator]} ${formatMetric(t.limit)}` };
}

/** One metric path a threshold judged: its value (undefined when not a finite number) and the point verdict. */
export interface ThresholdRow {
  path: string;
  value: number | undefined;
  text: string;
  ok: boolean;
}

/**
 * The paths a threshold judges, each with its point verdict; or the problem that fails it as a whole (ambiguous,
 * nested too deep, missing). noise/ judges the same rows by their intervals.
 */
export function thresholdRows(view: MetricsView, t: Threshold): { rows: ThresholdRow[] } | { problem: string } {
  const paths = resolveMetric(view.all, t.metric, t.scope);
  const untrusted = untrustedMetrics(view, paths);
  if (untrusted) return { problem: untrusted };
  if (paths.length === 0) {
    const known = [...view.all];
    const list =
      known.length === 0 ? 'the run has no metrics' : `metrics present: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
    return { problem: `missing (${list})` };
  }
  // A model reporting something other than a finite number fails: it is not skipped.
  const rows = paths.map((path): ThresholdRow => {
    const value = view.values.get(path);
    if (value === undefined) return { path, value, text: `${view.invalid.get(path) ?? 'no value'} (not a finite number)`, ok: false };
    return { path, value, text: formatMetric(value), ok: compare(value, t.comparator, t.limit) };
  });
  return { rows };
}

/** The Actual cell: the one value, or the failing paths first (at most 6). */
export function thresholdActual(values: ReadonlyArray<Pick<ThresholdRow, 'path' | 'text' | 'ok'>>): string {
  const failing = values.filter((v) => !v.ok);
  const shown = (failing.length > 0 ? failing : values).slice(0, 6);
  return values.length === 1
    ? values[0]!.text
    : shown.map((v) => `${v.path} ${v.text}`).join(', ') + (values.length > shown.length ? ', …' : '');
}

/** Why metrics cannot be trusted for a criterion: nesting too deep to evaluate, or a path reachable two ways. */
export function untrustedMetrics(view: MetricsView, paths: string[]): string | undefined {
  if (view.tooDeep.length > 0) {
    return `not evaluated: the metrics nest deeper than ${MAX_METRICS_DEPTH} levels (at ${view.tooDeep[0]}), and a value there could fail this`;
  }
  const ambiguous = paths.filter((path) => view.ambiguous.has(path));
  if (ambiguous.length === 0) return undefined;
  return `ambiguous: ${ambiguous.slice(0, 3).join(', ')}${ambiguous.length > 3 ? ', …' : ''} reported two ways (a key with dots beside a nested path, or an aggregate beside a flattened value)`;
}
