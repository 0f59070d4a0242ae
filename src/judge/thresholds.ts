import { flattenMetrics, formatMetric, resolveMetric, type MetricMap } from './metrics.ts';
import type { Criterion } from './verdict.ts';

export type Comparator = '>=' | '>' | '<=' | '<' | '==';

/** One line of `thresholds`: `accuracy >= 0.85`, or scoped to a model or task: `gpt-x:accuracy >= 0.8`. */
export interface Threshold {
  source: string;
  scope: string | undefined;
  metric: string;
  comparator: Comparator;
  limit: number;
}

const LINE = /^(?:([^:\s]+):)?\s*([A-Za-z0-9_.\-/]+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;

export type ThresholdParse = { ok: true; thresholds: Threshold[] } | { ok: false; badLines: string[] };

export function parseThresholds(raw: string): ThresholdParse {
  const thresholds: Threshold[] = [];
  const badLines: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const text = line.replace(/#.*$/, '').trim();
    if (!text) continue;
    const match = LINE.exec(text);
    if (!match) {
      badLines.push(text);
      continue;
    }
    thresholds.push({
      source: text,
      scope: match[1],
      metric: match[2] as string,
      comparator: match[3] as Comparator,
      limit: Number(match[4]),
    });
  }
  return badLines.length > 0 ? { ok: false, badLines } : { ok: true, thresholds };
}

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
 * metrics are per model). A metric that does not exist fails, listing what exists.
 */
export function thresholdCriteria(metricsValue: unknown, thresholds: Threshold[]): Criterion[] {
  const metrics = flattenMetrics(metricsValue);
  return thresholds.map((threshold) => thresholdCriterion(metrics, threshold));
}

function thresholdCriterion(metrics: MetricMap, t: Threshold): Criterion {
  const name = `Metric ${t.scope ? `${t.scope}:` : ''}${t.metric}`;
  const allowed = `${SYMBOL[t.comparator]} ${formatMetric(t.limit)}`;
  const paths = resolveMetric(metrics, t.metric, t.scope);
  if (paths.length === 0) {
    const known = [...metrics.keys()];
    const list =
      known.length === 0 ? 'the run has no metrics' : `metrics present: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
    return { name, actual: `missing (${list})`, allowed, passed: false };
  }
  const values = paths.map((path) => ({
    path,
    value: metrics.get(path) as number,
    ok: compare(metrics.get(path) as number, t.comparator, t.limit),
  }));
  const failing = values.filter((v) => !v.ok);
  const shown = (failing.length > 0 ? failing : values).slice(0, 6);
  const actual =
    values.length === 1
      ? formatMetric(values[0]!.value)
      : shown.map((v) => `${v.path} ${formatMetric(v.value)}`).join(', ') + (values.length > shown.length ? ', …' : '');
  return { name, actual, allowed, passed: failing.length === 0 };
}
