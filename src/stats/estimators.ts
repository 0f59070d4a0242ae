import { allEqual, groupBy, itemKey, mean, sampleVariance } from './moments.ts';
import type { Observation } from './types.ts';

/**
 * A mean and the variance of that mean, with the degrees of freedom of its t reference. Intervals and tests for a
 * value and for a difference are all built from these, so one set of formulas serves every method.
 */
export interface MeanEstimate {
  estimate: number;
  /** Variance of the estimate (the squared standard error). */
  variance: number;
  df: number;
  /** Samples behind it. */
  n: number;
  /** Independent units: samples, or items when samples repeat an item. */
  units: number;
  /** Some item had several samples: the variance is cluster-robust. */
  clustered: boolean;
  /** No spread at all (every value equal in every group): variance 0. */
  zeroSpread: boolean;
}

export type EstimateOutcome = { ok: true; estimate: MeanEstimate } | { ok: false; n: number; reason: string };

/** Plain mean of independent values: variance s²/n, df n - 1. Needs two values. */
export function simpleMean(values: readonly number[]): EstimateOutcome {
  const n = values.length;
  if (n < 2) return { ok: false, n, reason: `${n} value${n === 1 ? '' : 's'}: an interval needs at least 2` };
  const zeroSpread = allEqual(values);
  // Constant values: their mean is the value itself, exactly (a float sum of n copies may miss it by an ulp).
  const estimate = zeroSpread ? (values[0] as number) : mean(values);
  const variance = zeroSpread ? 0 : sampleVariance(values) / n;
  return { ok: true, estimate: { estimate, variance, df: n - 1, n, units: n, clustered: false, zeroSpread } };
}

/**
 * Mean of samples clustered by item (same model, task and sample_index), with the cluster-robust variance
 * V = G/(G-1) · Σ_g (Σ_{i∈g} (y_i - ȳ))² / N² and df G - 1 (the CR1 small-sample factor, as Stata's and
 * statsmodels' `cov_type="cluster"` for a regression on a constant). With one sample per item it equals s²/N.
 */
export function clusterMean(observations: readonly Observation[]): EstimateOutcome {
  const clusters = [...groupBy(observations, itemKey).values()];
  const g = clusters.length;
  const n = observations.length;
  if (g < 2) return { ok: false, n, reason: `${g} item${g === 1 ? '' : 's'}: a cluster-robust interval needs at least 2` };
  const values = observations.map((o) => o.value);
  const zeroSpread = allEqual(values);
  const estimate = zeroSpread ? (values[0] as number) : mean(values);
  let sum = 0;
  for (const cluster of clusters) {
    let residual = 0;
    for (const o of cluster) residual += o.value - estimate;
    sum += residual ** 2;
  }
  const variance = zeroSpread ? 0 : ((g / (g - 1)) * sum) / n ** 2;
  return { ok: true, estimate: { estimate, variance, df: g - 1, n, units: g, clustered: true, zeroSpread } };
}

/** Whether some item has more than one sample. */
export function hasRepeats(observations: readonly Observation[]): boolean {
  const seen = new Set<string>();
  for (const o of observations) {
    const key = itemKey(o);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** The mean of one group of samples: cluster-robust when items repeat, plain otherwise. */
export function groupMean(observations: readonly Observation[]): EstimateOutcome {
  return hasRepeats(observations) ? clusterMean(observations) : simpleMean(observations.map((o) => o.value));
}

/**
 * Mean of the per-task means (a macro average) with its stratified variance Σ_t V_t / T², where V_t is the
 * variance of task t's mean (cluster-robust within the task when items repeat), and Welch-Satterthwaite df
 * (Σ V_t/T²)² / Σ ((V_t/T²)² / df_t). Every task needs two values (or two items). Tasks in name order.
 */
export function stratifiedMean(observations: readonly Observation[]): EstimateOutcome {
  const tasks = groupBy(observations, (o) => o.taskId);
  const parts: MeanEstimate[] = [];
  for (const task of [...tasks.keys()].sort()) {
    const part = groupMean(tasks.get(task) as Observation[]);
    if (!part.ok) return { ok: false, n: observations.length, reason: `task ${JSON.stringify(task)}: ${part.reason}` };
    parts.push(part.estimate);
  }
  if (parts.length === 0) return { ok: false, n: 0, reason: '0 values: an interval needs at least 2' };
  const t = parts.length;
  const estimate = mean(parts.map((p) => p.estimate));
  const weighted = parts.map((p) => p.variance / t ** 2);
  const combined = combine(
    weighted,
    parts.map((p) => p.df),
  );
  return {
    ok: true,
    estimate: {
      estimate,
      variance: combined.variance,
      df: combined.df,
      n: observations.length,
      units: parts.reduce((sum, p) => sum + p.units, 0),
      clustered: parts.some((p) => p.clustered),
      zeroSpread: parts.every((p) => p.zeroSpread),
    },
  };
}

/**
 * The variance of a sum of independent estimates and its Welch-Satterthwaite df. With no variance at all the df
 * does not matter (the interval has no width); the sum of the parts' df is returned so that it stays finite.
 */
export function combine(variances: readonly number[], dfs: readonly number[]): { variance: number; df: number } {
  const variance = variances.reduce((sum, v) => sum + v, 0);
  if (variance === 0) return { variance, df: dfs.reduce((sum, d) => sum + d, 0) };
  const denominator = variances.reduce((sum, v, i) => sum + v ** 2 / (dfs[i] as number), 0);
  const df = variance ** 2 / denominator;
  // Squares of very small or very large variances under- or overflow (0/0, ∞/∞): then the smallest part's df,
  // which Welch-Satterthwaite never goes below (the conservative choice: the widest interval).
  return { variance, df: Number.isFinite(df) && df > 0 ? df : Math.min(...dfs) };
}
