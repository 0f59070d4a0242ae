/**
 * Per-sample `scores` for runs that declare them, and the run `metrics` those scores reproduce (issue 16).
 * Deterministic: every draw is a hash of a seed and the sample's coordinates, so the same spec always serves the
 * same samples, page after page and run after run.
 *
 * The model behind it: a dataset of items whose difficulty varies (per item, per metric); a run draws each sample's
 * score from its item's difficulty plus the run's `shift`. Two runs on one dataset (`datasetSeed`) differ only by
 * their `seed`, so they pair item by item and differ by sampling noise alone unless `shift` says otherwise.
 */

/** How one metric's per-sample values are drawn. */
export interface MetricScores {
  /** 0/1 values (exact match, served as numbers) or values in [0, 1] with 4 decimals (a graded score). */
  kind: 'binary' | 'continuous';
  /** Mean item score of the dataset, in (0, 1): items are Beta(a, 1) around it, so they vary. */
  mean: number;
  /** Added to every item's score in this run: a true change (negative = worse). Default 0. */
  shift?: number;
  /** Serve 0/1 values as true/false (the gate counts them as 1/0). Binary only. */
  booleans?: boolean;
}

export interface ScoreSpec {
  /** Seeds the dataset: per-item difficulty. Runs on the same dataset share it, so their samples pair. */
  datasetSeed: number;
  /** Seeds this run's draws: two runs of one model on one dataset differ only by it. */
  seed: number;
  metrics: Record<string, MetricScores>;
  /** How the run's `metrics` aggregate the samples: over all of a model's samples (default) or the mean of per-task means. */
  aggregation?: 'pooled' | 'macro';
  /** Also report each task's mean under its model (`<model>.<task>.<metric>`). Default false. */
  perTask?: boolean;
  /** Samples per item (same model, task and sample_index). Default 1. */
  repeats?: number;
  /** Round the reported metrics to this many decimals. Default: full precision. */
  decimals?: number;
}

/** The parts of a run spec the scores depend on (structural, so this file needs nothing from model.ts). */
export interface ScoredRun {
  total?: number;
  failed?: number;
  models?: string[];
  tasks?: string[];
  scores?: ScoreSpec;
  sampleOverrides?: Record<number, Record<string, unknown>>;
}

/** Where sample `index` of a scored run sits: models take turns, each model answers items in order, tasks cycle over items. */
export interface SampleSlot {
  model: string;
  taskId: string;
  sampleIndex: number;
  /** Which repeat of its item this sample is (0 when items are sampled once). */
  repeat: number;
}

export function slotOf(run: ScoredRun, index: number): SampleSlot {
  const models = run.models?.length ? run.models : ['auto'];
  const tasks = run.tasks?.length ? run.tasks : ['qa'];
  const repeats = run.scores?.repeats ?? 1;
  const perModel = Math.floor(index / models.length);
  const item = Math.floor(perModel / repeats);
  return {
    model: models[index % models.length] as string,
    taskId: tasks[item % tasks.length] as string,
    sampleIndex: Math.floor(item / tasks.length),
    repeat: perModel % repeats,
  };
}

/** The `scores` object of a completed sample. */
export function scoresFor(spec: ScoreSpec, slot: SampleSlot): Record<string, unknown> {
  const scores: Record<string, unknown> = {};
  for (const [metric, m] of Object.entries(spec.metrics)) {
    const a = m.mean / (1 - m.mean);
    const item = unit(spec.datasetSeed, metric, slot.model, slot.taskId, slot.sampleIndex) ** (1 / a);
    const level = Math.min(1, Math.max(0, item + (m.shift ?? 0)));
    const draw = unit(spec.seed, metric, slot.model, slot.taskId, slot.sampleIndex, slot.repeat);
    if (m.kind === 'binary') {
      const correct = draw < level;
      scores[metric] = m.booleans ? correct : correct ? 1 : 0;
    } else {
      scores[metric] = Math.round(Math.min(1, Math.max(0, level + (draw - 0.5) * 0.3)) * 10_000) / 10_000;
    }
  }
  return scores;
}

const metricsCache = new WeakMap<ScoredRun, Record<string, unknown>>();

/**
 * The run's `metrics` once completed, computed from the scores its completed samples serve (overrides included),
 * counted as the gate counts them: numbers, true/false as 1/0, anything else left out. Nested by model:
 * `{ "<model>": { "<metric>": value, "<task>": { "<metric>": value } } }` (tasks only with `perTask`).
 */
export function scoredMetrics(run: ScoredRun): Record<string, unknown> | null {
  const spec = run.scores;
  if (!spec) return null;
  const cached = metricsCache.get(run);
  if (cached) return cached;
  // model → task → metric → values, in sample order.
  const values = new Map<string, Map<string, Map<string, number[]>>>();
  const total = run.total ?? 100;
  for (let index = Math.min(run.failed ?? 0, total); index < total; index++) {
    const slot = slotOf(run, index);
    const override = run.sampleOverrides?.[index];
    const scores = (override && 'scores' in override ? override.scores : scoresFor(spec, slot)) as Record<string, unknown> | null;
    for (const metric of Object.keys(spec.metrics)) {
      const value = countedValue(scores?.[metric]);
      if (value === undefined) continue;
      const tasks = values.get(slot.model) ?? new Map<string, Map<string, number[]>>();
      values.set(slot.model, tasks);
      const metrics = tasks.get(slot.taskId) ?? new Map<string, number[]>();
      tasks.set(slot.taskId, metrics);
      const list = metrics.get(metric);
      if (list) list.push(value);
      else metrics.set(metric, [value]);
    }
  }
  const metrics: Record<string, unknown> = {};
  for (const [model, tasks] of values) metrics[model] = modelMetrics(spec, tasks);
  metricsCache.set(run, metrics);
  return metrics;
}

function modelMetrics(spec: ScoreSpec, tasks: Map<string, Map<string, number[]>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const round = (value: number) => (spec.decimals === undefined ? value : Number(value.toFixed(spec.decimals)));
  for (const metric of Object.keys(spec.metrics)) {
    const perTask = [...tasks.entries()].filter(([, m]) => m.has(metric)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (perTask.length === 0) continue;
    const all = perTask.flatMap(([, m]) => m.get(metric) as number[]);
    const taskMeans = perTask.map(([, m]) => average(m.get(metric) as number[]));
    out[metric] = round(spec.aggregation === 'macro' ? average(taskMeans) : average(all));
    if (!spec.perTask) continue;
    perTask.forEach(([task], i) => {
      const entry = (out[task] ?? {}) as Record<string, unknown>;
      entry[metric] = round(taskMeans[i] as number);
      out[task] = entry;
    });
  }
  return out;
}

function countedValue(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function average(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** A uniform number in [0, 1) from a hash of the parts (FNV-1a, then the murmur3 finalizer to spread the bits). */
export function unit(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
