import { assertConfidence } from './distributions.ts';
import type { Decision } from './types.ts';

/** One interval-judged entry of a gate: its decision and the one-sided p-value of the evidence for failing. */
export interface HolmInput {
  decision: Decision;
  pValue: number;
}

export interface HolmOutput {
  /** The decision after the correction: a `fail` whose p-value Holm does not reject becomes `uncertain`. */
  decision: Decision;
  /** The decision before the correction. */
  before: Decision;
  pValue: number;
  /** Holm-adjusted p-value: max over the smaller-or-equal ones of min(1, (m - rank + 1) · p). */
  adjustedPValue: number;
  /** 1-based rank of the p-value (ties keep input order). */
  rank: number;
  /** The level this entry's p-value was held to: alpha / (m - rank + 1). */
  level: number;
  /** True when the correction changed the decision (a fail no longer supported across all entries). */
  changed: boolean;
}

/** The Holm level for a gate: one-sided tests at (1 - confidence)/2, the same tail each interval leaves out. */
export function holmAlpha(confidence: number): number {
  assertConfidence(confidence);
  return (1 - confidence) / 2;
}

/**
 * Holm-Bonferroni over every interval-judged entry of one gate (issue 16, rule 6), so a gate over 36 metric paths
 * does not fail by chance more often than one over a single metric (family-wise error ≤ alpha). P-values are
 * sorted ascending (ties in input order); p_(k) is rejected while p_(k) ≤ alpha / (m - k + 1), and every entry after
 * the first non-rejection is kept. Only failures are corrected: a `fail` stays a fail only when rejected; `pass`
 * and `uncertain` are never changed (the correction never makes a gate redder). Output in input order.
 */
export function holmBonferroni(entries: readonly HolmInput[], alpha: number): HolmOutput[] {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie strictly between 0 and 1, got ${alpha}`);
  for (const entry of entries) {
    if (!(entry.pValue >= 0 && entry.pValue <= 1)) throw new RangeError(`p-value must lie in [0, 1], got ${entry.pValue}`);
  }
  const m = entries.length;
  const order = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.pValue - b.entry.pValue || a.index - b.index);
  const outputs: HolmOutput[] = new Array<HolmOutput>(m);
  let rejecting = true;
  let runningMax = 0;
  order.forEach(({ entry, index }, position) => {
    const rank = position + 1;
    const level = alpha / (m - rank + 1);
    rejecting = rejecting && entry.pValue <= level;
    runningMax = Math.max(runningMax, Math.min(1, (m - rank + 1) * entry.pValue));
    const decision: Decision = entry.decision === 'fail' && !rejecting ? 'uncertain' : entry.decision;
    outputs[index] = {
      decision,
      before: entry.decision,
      pValue: entry.pValue,
      adjustedPValue: runningMax,
      rank,
      level,
      changed: decision !== entry.decision,
    };
  });
  return outputs;
}
