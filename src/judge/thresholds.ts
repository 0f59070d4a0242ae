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
  const name = `Metric ${t.scope ? `${t.scope}:` : ''}${t.metric}`;
  const allowed = `${SYMBOL[t.comparator]} ${formatMetric(t.limit)}`;
  const paths = resolveMetric(view.all, t.metric, t.scope);
  const untrusted = untrustedMetrics(view, paths);
  if (untrusted) return { name, actual: untrusted, allowed, passed: false };
  if (paths.length === 0) {
    const known = [...view.all];
    const list =
      known.length === 0 ? 'the run has no metrics' : `metrics present: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
    return { name, actual: `missing (${list})`, allowed, passed: false };
  }
  // A model reporting something other than a finite number fails: it is not skipped.
  const values = paths.map((path) => {
    const value = view.values.get(path);
    if (value === undefined) return { path, text: `${view.invalid.get(path) ?? 'no value'} (not a finite number)`, ok: false };
    return { path, text: formatMetric(value), ok: compare(value, t.comparator, t.limit) };
  });
  const failing = values.filter((v) => !v.ok);
  const shown = (failing.length > 0 ? failing : values).slice(0, 6);
  const actual =
    values.length === 1
      ? values[0]!.text
      : shown.map((v) => `${v.path} ${v.text}`).join(', ') + (values.length > shown.length ? ', …' : '');
  return { name, actual, allowed, passed: failing.length === 0 };
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
