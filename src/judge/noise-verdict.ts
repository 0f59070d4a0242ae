import type { NoiseSettings } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import { applyUncertain, supportsPoint, type Decision } from '../stats/index.ts';
import type { NoiseEntry } from './noise-entries.ts';

/** An entry with its decision after Holm-Bonferroni (undefined: no interval, the reported value decides). */
export interface DecidedEntry extends NoiseEntry {
  decision: Decision | undefined;
}

type Verdict = 'pass' | 'fail' | 'inconclusive';

/**
 * Within noise: with `report`, the point verdict is not what the interval says (a pass it does not support, a fail
 * it does not show); with `gate`, the interval straddles the limit. An entry without an interval never is.
 */
export function isWithinNoise(entry: DecidedEntry, mode: NoiseSettings['mode']): boolean {
  if (entry.decision === undefined) return false;
  return mode === 'report' ? !supportsPoint(entry.pointOk, entry.decision) : entry.decision === 'uncertain';
}

/** A path's verdict with `noise: gate`: its interval's decision (`uncertain` as the input says), else its point verdict. */
function pathVerdict(entry: DecidedEntry, uncertain: NoiseSettings['uncertain']): Verdict {
  if (entry.decision === undefined) return entry.pointOk ? 'pass' : 'fail';
  return applyUncertain(entry.decision, uncertain);
}

/**
 * Settles one metric criterion (issue 16, rule 6): attaches its statistics, and with `gate` replaces its verdict by
 * the intervals' (any path failing fails it; otherwise any inconclusive path makes it inconclusive). `structural`:
 * the criterion fails (or passes) for a reason no interval speaks to (a missing or ambiguous metric, a value that is
 * not a number): its point verdict stands, as with `noise: off`. Returns the verdict and whether it is within noise.
 */
export function settleCriterion(
  criterion: Criterion,
  entries: readonly DecidedEntry[],
  settings: NoiseSettings,
  structural: boolean,
): { verdict: Verdict; withinNoise: boolean } {
  for (const entry of entries) entry.statistics.uncertain = isWithinNoise(entry, settings.mode);
  criterion.statistics = entries.map((e) => e.statistics);
  const uncertain = (e: DecidedEntry) => e.statistics.uncertain;
  if (structural) {
    criterion.within_noise = false;
    return { verdict: criterion.passed ? 'pass' : 'fail', withinNoise: false };
  }
  if (settings.mode === 'report') {
    const failing = entries.filter((e) => !e.pointOk);
    const withinNoise = criterion.passed ? entries.some(uncertain) : failing.length > 0 && failing.every(uncertain);
    criterion.within_noise = withinNoise;
    return { verdict: criterion.passed ? 'pass' : 'fail', withinNoise };
  }
  const verdicts = entries.map((e) => pathVerdict(e, settings.uncertain));
  const verdict: Verdict = verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
  // A fail on evidence (an interval wholly beyond the limit, or a reported value) is not within noise.
  const failsOnEvidence = entries.some((e, i) => verdicts[i] === 'fail' && !uncertain(e));
  const withinNoise = verdict === 'pass' ? entries.some(uncertain) : verdict === 'fail' ? !failsOnEvidence : true;
  criterion.passed = verdict === 'pass';
  criterion.within_noise = withinNoise;
  if (verdict === 'inconclusive') criterion.inconclusive = true;
  return { verdict, withinNoise };
}

/** The reason line for a verdict `uncertain` decided: the criterion as the reason shows it, and what it counted as. */
export function uncertainFailure(criterion: Criterion, uncertain: NoiseSettings['uncertain']): string {
  const counted = uncertain === 'inconclusive' ? 'undecided (uncertain: inconclusive)' : 'counted as a failure (uncertain: fail)';
  return `${criterion.name}: ${criterion.actual}, allowed ${criterion.allowed}: within noise, ${counted}`;
}
