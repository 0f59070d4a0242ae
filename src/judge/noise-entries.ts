import type { Threshold } from '../core/config.ts';
import type { Criterion, MetricStatistics } from '../core/criterion.ts';
import {
  decideRegression,
  decideThreshold,
  differenceInterval,
  smallestDetectable,
  valueInterval,
  type Interval,
  type Judgement,
} from '../stats/index.ts';
import type { RegressionRow } from './baseline.ts';
import { locatePath, pathValues, type PathValues } from './noise-paths.ts';
import type { RunSamples } from './noise-samples.ts';
import type { ThresholdRow } from './thresholds.ts';

/** One metric path of one criterion, judged by its point value and, when the samples allow, by its interval. */
export interface NoiseEntry {
  kind: 'threshold' | 'regression';
  criterion: Criterion;
  path: string;
  /** Today's verdict on this path: the reported value against the limit. */
  pointOk: boolean;
  statistics: MetricStatistics;
  /** With samples: the interval's decision and the one-sided p-value of the evidence for failing (for Holm). */
  judgement: Judgement | undefined;
  /** The samples carry no score for this metric: one note lists every such path. */
  unscored?: true;
  /** Regressions with samples: what the detectability note needs. */
  detect?: { allowed: number; mde: number; n: number; paired: boolean };
}

function reportedStatistics(path: string, estimate: number, confidence: number, note: string): MetricStatistics {
  return {
    path,
    basis: 'reported',
    estimate,
    low: null,
    high: null,
    confidence,
    n: null,
    method: 'reported',
    uncertain: false,
    mde: null,
    note,
  };
}

function samplesStatistics(path: string, interval: Interval, notes: string[], mde: number | null): MetricStatistics {
  const { estimate, low, high, confidence, n, method } = interval;
  // "400 pairs" is `n` already.
  const note = [...notes, ...interval.notes.filter((text) => !/^\d+ pairs$/.test(text))].join('; ') || null;
  return { path, basis: 'samples', estimate, low, high, confidence, n, method, uncertain: false, mde, note };
}

/** Why a rounded report keeps the point verdict when the limit is within its rounding (never greener than the report). */
const WITHIN_ROUNDING =
  'the samples only round to the reported value and the limit lies within that rounding: judged on the reported value';

const excludedNote = (excluded: number): string[] =>
  excluded > 0 ? [`${excluded} sample${excluded === 1 ? '' : 's'} without a numeric score left out`] : [];

/** A threshold path (issue 16, rule 3): the interval of its value, decided against the limit. */
export function thresholdEntry(
  criterion: Criterion,
  row: ThresholdRow & { value: number },
  t: Threshold,
  samples: RunSamples,
  confidence: number,
): NoiseEntry {
  const base = { kind: 'threshold' as const, criterion, path: row.path, pointOk: row.ok };
  const reported = (note: string, unscored?: true): NoiseEntry => ({
    ...base,
    statistics: reportedStatistics(row.path, row.value, confidence, note),
    judgement: undefined,
    ...(unscored ? { unscored } : {}),
  });
  const values = samplesOfPath(samples, row.path, row.value);
  if (!values.ok) return reported(values.reason, values.unscored);
  // A limit inside the rounding of the reported value: the samples could pass what the reported value fails.
  if (Math.abs(t.limit - row.value) <= values.rounding) return reported(WITHIN_ROUNDING);
  const interval = valueInterval(values.observations, { aggregation: values.aggregation, confidence });
  if (!interval.ok) return reported(`no interval: ${interval.reason}`);
  const judgement = decideThreshold(interval.interval, t.comparator, t.limit);
  return { ...base, statistics: samplesStatistics(row.path, interval.interval, excludedNote(values.excluded), null), judgement };
}

/** The values of a path in one run, or why there are none to trust. */
export function samplesOfPath(samples: RunSamples, path: string, reported: number): PathValues {
  if (!samples.ok) return { ok: false, reason: samples.reason };
  const at = locatePath(path, samples.models, samples.index);
  if ('reason' in at) return { ok: false, reason: at.reason };
  return pathValues(samples.index, at, reported);
}

/**
 * A regression path (rule 4): the interval of run minus baseline (paired by item, or Welch when fewer than 80% of
 * the run's samples pair), decided against the allowed worsening; with the smallest detectable regression (rule 5).
 */
export function regressionEntry(
  criterion: Criterion,
  row: RegressionRow,
  now: PathValues,
  before: PathValues,
  confidence: number,
): NoiseEntry {
  const { c } = row;
  const base = { kind: 'regression' as const, criterion, path: c.path, pointOk: row.ok };
  const reported = (note: string, unscored?: true): NoiseEntry => ({
    ...base,
    statistics: reportedStatistics(c.path, (c.current as number) - (c.baseline as number), confidence, note),
    judgement: undefined,
    ...(unscored ? { unscored } : {}),
  });
  if (!now.ok) return reported(`in this run, ${now.reason}`, now.unscored);
  if (!before.ok) return reported(`in the baseline, ${before.reason}`, before.unscored);
  if (now.aggregation !== before.aggregation) {
    return reported(`this run reports a ${now.aggregation} mean and the baseline a ${before.aggregation} one: they do not compare`);
  }
  const rounding = now.rounding + before.rounding;
  const reportedDelta = (c.current as number) - (c.baseline as number);
  if (rounding > 0 && Math.abs(reportedDelta - (c.lowerIsBetter ? row.limit : -row.limit)) <= rounding) {
    return reported(WITHIN_ROUNDING);
  }
  const delta = differenceInterval(now.observations, before.observations, { aggregation: now.aggregation, confidence });
  if (!delta.ok) return reported(`no interval: ${delta.reason}`);
  const interval = delta.interval;
  const judgement = decideRegression(interval, row.limit, c.lowerIsBetter);
  const mde = smallestDetectable(interval.se, confidence);
  const notes = [...excludedNote(now.excluded)];
  return {
    ...base,
    statistics: samplesStatistics(c.path, interval, notes, mde),
    judgement,
    detect: { allowed: row.limit, mde, n: interval.n, paired: interval.method.startsWith('paired') },
  };
}
