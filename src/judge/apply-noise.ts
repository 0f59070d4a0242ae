import type { EvalRun } from '../core/run.ts';
import type { GateSession } from '../session/session.ts';
import type { NoiseTargets } from './noise-targets.ts';

export type { NoiseTargets } from './noise-targets.ts';

/**
 * Error bars on the metric criteria (issue 16), when `noise` is not `off` and there is a metric criterion to put
 * them on. The statistics load here, on demand (their own chunk of the bundle): a gate without them pays nothing.
 */
export async function applyNoise(session: GateSession, run: EvalRun, targets: NoiseTargets): Promise<void> {
  const settings = session.config.noise;
  if (!settings || settings.mode === 'off') return;
  if (targets.thresholds.length === 0 && targets.regressions.length === 0) return;
  const { judgeNoise } = await import('./noise.ts');
  session.result.noise = await judgeNoise(session, run, targets, settings);
}
