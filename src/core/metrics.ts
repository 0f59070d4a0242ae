/**
 * The API does not fix the shape of `metrics`: it may be flat (`{accuracy: 0.9}`), nested by
 * model and task (`{"gpt-x": {"qa": {accuracy: 0.9}}}`), hold aggregates
 * (`{accuracy: {mean: 0.9, stderr: 0.01}}`) or lists of rows naming their model and task.
 * Everything is flattened to dotted paths of numbers, which thresholds and baselines address.
 */
export type MetricMap = Map<string, number>;

/** Everything the gate read from a run's metrics: values, and what it could not trust. */
export interface MetricsView {
  /** Finite numbers by dotted path. */
  values: MetricMap;
  /** Paths whose value is not a finite number (`null`, text, `1e999`), with what it was. */
  invalid: Map<string, string>;
  /**
   * Paths reachable two ways: a key holding dots beside a nested path that spells the same thing, or an
   * aggregate (`x.mean`) beside a flattened `x`. Which one is "the" value cannot be told, so none is trusted.
   */
  ambiguous: Set<string>;
  /** Where the nesting went deeper than MAX_METRICS_DEPTH: nothing below was evaluated. */
  tooDeep: string[];
  /** Every path with a value, finite or not. */
  all: Set<string>;
}

/**
 * Fields that name a row of a metrics list, in path order. Only these: a free-text field (a note,
 * a timestamp) in the path would make the same metric's path differ between a run and its baseline.
 */
const ROW_KEYS = ['model', 'task_id', 'task', 'name', 'metric', 'dataset', 'split', 'subset', 'category', 'language', 'benchmark'] as const;
/** Leaf names that stand for "the value" of an aggregate, so `accuracy` finds `accuracy.mean`. */
const VALUE_LEAVES = new Set(['value', 'mean', 'score', 'avg', 'average']);
/** The JSON nesting the API client accepts: anything it accepts is evaluated, nothing is cut off silently. */
export const MAX_METRICS_DEPTH = 64;

export function flattenMetrics(metrics: unknown): MetricMap {
  return readMetrics(metrics).values;
}

export function readMetrics(metrics: unknown): MetricsView {
  const view: MetricsView = { values: new Map(), invalid: new Map(), ambiguous: new Set(), tooDeep: [], all: new Set() };
  visit(metrics, [], view, 0);
  for (const path of view.all) {
    const cut = path.lastIndexOf('.');
    // `x` and `x.mean` can only both exist when one of them came from a key with dots.
    if (cut > 0 && VALUE_LEAVES.has(path.slice(cut + 1)) && view.all.has(path.slice(0, cut))) {
      view.ambiguous.add(path).add(path.slice(0, cut));
    }
  }
  return view;
}

function record(view: MetricsView, path: string[], value: number | undefined, what?: string): void {
  if (path.length === 0) return;
  const key = path.join('.');
  if (view.all.has(key)) view.ambiguous.add(key);
  else if (value !== undefined && Number.isFinite(value)) view.values.set(key, value);
  else view.invalid.set(key, what ?? String(value));
  view.all.add(key);
}

function visit(value: unknown, path: string[], view: MetricsView, depth: number): void {
  if (typeof value === 'number') return record(view, path, value, Number.isFinite(value) ? undefined : 'a number out of range');
  // JSON has numbers: a metric sent as text ("0.91") is not one, whatever it spells (issue 8, rule 6c).
  if (typeof value === 'string') return record(view, path, undefined, 'a string');
  if (value === null || typeof value !== 'object') return record(view, path, undefined, value === null ? 'null' : typeof value);
  if (depth >= MAX_METRICS_DEPTH) {
    view.tooDeep.push(path.join('.') || '(top)');
    return;
  }
  if (Array.isArray(value)) return visitRows(value, path, view, depth);
  for (const [key, child] of Object.entries(value)) visit(child, [...path, key], view, depth + 1);
}

function visitRows(value: unknown[], path: string[], view: MetricsView, depth: number): void {
  const labels = value.map(rowLabel);
  // Two rows with the same label (same model, different dataset) must not overwrite each other:
  // a lost row could hide a failing score. Such rows keep their index as well.
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label.join('.'), (seen.get(label.join('.')) ?? 0) + 1);
  value.forEach((item: unknown, index) => {
    const label = labels[index] as string[];
    const unique = label.length > 0 && seen.get(label.join('.')) === 1;
    const segments = label.length === 0 ? [String(index)] : unique ? label : [...label, String(index)];
    const rest = label.length > 0 ? withoutRowKeys(item as Record<string, unknown>) : item;
    visit(rest, [...path, ...segments], view, depth + 1);
  });
}

/** A row's label: its naming fields (model, task, dataset…) that hold text, numbers as text included. */
function rowLabel(item: unknown): string[] {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return [];
  const record = item as Record<string, unknown>;
  return ROW_KEYS.filter((key) => typeof record[key] === 'string').map((key) => record[key] as string);
}

/** The row without its naming fields; other fields stay (text there is read as a number, or reported as not one). */
function withoutRowKeys(record: Record<string, unknown>): Record<string, unknown> {
  // No prototype: a field named `__proto__` stays a field.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (!(ROW_KEYS as readonly string[]).includes(key) || typeof value !== 'string') copy[key] = value;
  }
  // Rows like {model, metrics: {...}} or {name: "accuracy", value: 0.9}: unwrap the obvious containers.
  if (Object.keys(copy).length === 1 && typeof copy.metrics === 'object') return copy.metrics as Record<string, unknown>;
  return copy;
}

/**
 * Paths that a metric name refers to, optionally within a scope (a model or task segment).
 * `accuracy` matches `accuracy`, `gpt-x.accuracy` and `gpt-x.qa.accuracy.mean`;
 * `qa.accuracy` matches only paths ending in those segments.
 */
export function resolveMetric(metrics: ReadonlyMap<string, unknown> | ReadonlySet<string>, name: string, scope?: string): string[] {
  const wanted = name.split('.');
  // Model names may hold dots (gpt-4.1), which flattening split: match the scope as a run of segments.
  const scopeSegments = scope?.split('.');
  const matches: string[] = [];
  for (const path of metrics.keys()) {
    let segments = path.split('.');
    if (scopeSegments && !containsRun(segments.slice(0, -1), scopeSegments)) continue;
    if (!endsWith(segments, wanted)) {
      const last = segments.at(-1) as string;
      if (!VALUE_LEAVES.has(last)) continue;
      segments = segments.slice(0, -1);
      if (!endsWith(segments, wanted)) continue;
      // Prefer the plain path when both `accuracy` and `accuracy.mean` exist.
      if (metrics.has(segments.join('.'))) continue;
    }
    matches.push(path);
  }
  return matches;
}

/**
 * A metric path split into what names the metric and what scopes it: `gpt-x.qa.accuracy` → scope `gpt-x.qa`,
 * metric `accuracy`; a value leaf is not the metric (`gpt-x.accuracy.mean` → `gpt-x`, `accuracy`).
 */
export function splitMetricPath(path: string): { scope: string; metric: string } {
  const segments = path.split('.');
  if (segments.length > 1 && VALUE_LEAVES.has(segments.at(-1) as string)) segments.pop();
  const metric = segments.pop() as string;
  return { scope: segments.join('.'), metric };
}

function containsRun(segments: string[], run: string[]): boolean {
  for (let start = 0; start + run.length <= segments.length; start++) {
    if (run.every((segment, i) => segments[start + i] === segment)) return true;
  }
  return false;
}

function endsWith(segments: string[], suffix: string[]): boolean {
  if (suffix.length > segments.length) return false;
  const offset = segments.length - suffix.length;
  return suffix.every((segment, i) => segments[offset + i] === segment);
}

const SUMMARY_STATISTIC_LEAVES = new Set([
  'stderr',
  'std',
  'stdev',
  'sd',
  'sem',
  'variance',
  'var',
  'ci',
  'ci_low',
  'ci_high',
  'ci_lower',
  'ci_upper',
  'n',
  'count',
  'samples',
  'num_samples',
  'support',
  'total',
]);

/**
 * Leaves that describe a measurement (its spread, its sample size) rather than being one:
 * a smaller stderr or a larger n is not a score getting worse or better.
 */
export function isSummaryStatistic(path: string): boolean {
  return SUMMARY_STATISTIC_LEAVES.has((path.split('.').at(-1) as string).toLowerCase());
}

/** `0.9134` -> `0.9134`, `1234.5678` -> `1234.57`: enough digits to compare, no noise. */
export function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return String(Number(value.toFixed(abs >= 100 ? 2 : abs >= 1 ? 3 : 4)));
}

const LOWER_IS_BETTER_WORDS = new Set([
  'latency',
  'loss',
  'error',
  'errors',
  'err',
  'cost',
  'time',
  'duration',
  'tokens',
  'wer',
  'cer',
  'perplexity',
  'toxicity',
  'refusal',
  'refusals',
  'hallucination',
  'hallucinations',
  'ttft',
  'ms',
]);

const HIGHER_IS_BETTER_WORDS = new Set(['per', 'throughput', 'tps', 'qps', 'rps', 'speed', 'speedup']);

/**
 * Lower-is-better metrics, guessed from the metric's own name when no threshold says otherwise:
 * its last segment (or the one before a value leaf such as `mean`), never a model or task name
 * (`toxicity.accuracy` is an accuracy). Whole words only: `answer_relevancy` holds "wer".
 * Rates per unit (`tokens_per_second`) are higher-is-better.
 */
export function lowerIsBetter(path: string): boolean {
  const segments = path.split('.');
  let name = segments.at(-1) as string;
  if ((VALUE_LEAVES.has(name) || isSummaryStatistic(path)) && segments.length > 1) name = segments.at(-2) as string;
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((word) => HIGHER_IS_BETTER_WORDS.has(word))) return false;
  return words.some((word) => LOWER_IS_BETTER_WORDS.has(word));
}

/** One metric of this run beside the baseline's: judge/ decides on it, report/ shows it. */
export interface MetricComparison {
  path: string;
  current: number | undefined;
  baseline: number | undefined;
  lowerIsBetter: boolean;
  /** Set when this path cannot be compared honestly: ambiguous, or not a finite number on one side. */
  problem?: string;
}

/** How much worse a metric got (positive) or better (negative). */
export function regressionOf(c: MetricComparison): number | undefined {
  if (c.current === undefined || c.baseline === undefined) return undefined;
  return c.lowerIsBetter ? c.current - c.baseline : c.baseline - c.current;
}

export function formatDelta(c: MetricComparison): string {
  if (c.current === undefined || c.baseline === undefined) return 'n/a';
  const delta = c.current - c.baseline;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const worse = regressionOf(c) as number;
  const arrow = worse > 0 ? ' ▼' : worse < 0 ? ' ▲' : '';
  return `${sign}${formatMetric(Math.abs(delta))}${arrow}`;
}
