import { splitMetricPath } from '../core/metrics.ts';
import { extractValues, reproduce, type Aggregation, type Observation, type ScoreRecord } from '../stats/index.ts';
import type { SampleIndex } from './noise-samples.ts';

/** Which samples a metric path is the aggregate of: one model, one task when the path names one, one metric id. */
export interface PathSamples {
  model: string;
  task: string | undefined;
  metric: string;
}

/** A path's per-sample values that reproduce its reported value, or why they cannot be used. */
export type PathValues =
  /** `rounding`: half a unit of the reported value's last decimal when the samples only round to it (0: exact). */
  | { ok: true; observations: Observation[]; aggregation: Aggregation; excluded: number; rounding: number }
  /** `unscored`: the samples carry no score for the metric at all (many suites score only some metrics per sample). */
  | { ok: false; reason: string; unscored?: true };

/**
 * The samples a metric path aggregates (issue 16, rule 1): `accuracy` for a run of one model, `gpt-x.accuracy`,
 * `gpt-x.qa.accuracy` (model names may hold dots, task ids too). A path that names no model of the run, or that
 * could be read two ways (a model `gpt-x` with a task `qa` beside a model `gpt-x.qa`), names no samples: never guessed.
 */
export function locatePath(path: string, models: readonly string[], index: SampleIndex): PathSamples | { reason: string } {
  const { scope, metric } = splitMetricPath(path);
  const readings: PathSamples[] = [];
  if (scope === '') {
    if (models.length !== 1) return { reason: `the path names no model and the run has ${models.length} models` };
    readings.push({ model: models[0] as string, task: undefined, metric });
  }
  for (const model of scope === '' ? [] : models) {
    if (scope === model) readings.push({ model, task: undefined, metric });
    else if (scope.startsWith(`${model}.`)) {
      const task = scope.slice(model.length + 1);
      if (index.get(model)?.has(task)) readings.push({ model, task, metric });
    }
  }
  // A run of one model may report per task without naming the model: `qa.accuracy`.
  if (readings.length === 0 && models.length === 1 && scope !== '' && index.get(models[0] as string)?.has(scope)) {
    readings.push({ model: models[0] as string, task: scope, metric });
  }
  if (readings.length === 1) return readings[0] as PathSamples;
  return readings.length === 0
    ? { reason: 'the path names no model (and task) of the run’s samples' }
    : { reason: 'the path could name more than one model or task of the run’s samples' };
}

/**
 * The values of a path's samples (numbers, true/false as 1/0; anything else left out and counted), used only when
 * they reproduce the reported value (rule 2): their pooled mean, or the mean of the per-task means, equals it to
 * the precision it was reported with. Otherwise the reported value decides.
 */
export function pathValues(index: SampleIndex, at: PathSamples, reported: number): PathValues {
  const tasks = index.get(at.model);
  const groups = !tasks ? [] : at.task === undefined ? [...tasks.values()] : [tasks.get(at.task) ?? []];
  const records: ScoreRecord[] = [];
  for (const group of groups) {
    for (const s of group) records.push({ model: s.model, taskId: s.taskId, sampleIndex: s.sampleIndex, value: s.scores[at.metric] });
  }
  const { observations, excluded } = extractValues(records);
  if (observations.length === 0) {
    return { ok: false, reason: `no completed sample of ${describe(at)} has a numeric score for ${at.metric}`, unscored: true };
  }
  const check = reproduce(observations, reported);
  if (check.aggregation === null) return { ok: false, reason: `the samples do not reproduce the reported value: ${check.reason}` };
  const rounding = check.match === 'rounded' ? 0.5 * 10 ** -check.decimals : 0;
  return { ok: true, observations, aggregation: check.aggregation, excluded, rounding };
}

function describe(at: PathSamples): string {
  return at.task === undefined ? `model ${at.model}` : `model ${at.model}, task ${at.task}`;
}
