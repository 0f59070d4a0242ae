import type { Threshold } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import type { EvalRun } from '../core/run.ts';
import type { RegressionTarget } from './baseline.ts';

/** The metric criteria of a gate, each with the spec it was built from: what the noise statistics judge. */
export interface NoiseTargets {
  thresholds: Array<{ threshold: Threshold; criterion: Criterion }>;
  regressions: Array<{ target: RegressionTarget; criterion: Criterion }>;
  /** The baseline run the regressions compare with, when one was found. */
  baseline: EvalRun | undefined;
}
