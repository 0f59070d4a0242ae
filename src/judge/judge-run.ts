import { ApiError } from '../api/errors.ts';
import { outcomeOfApiError } from '../api/retry.ts';
import type { GateConfig } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import type { BaselineReport, GateResult } from '../core/result.ts';
import type { EvalRun } from '../core/run.ts';
import { finish, type GateSession } from '../session/session.ts';
import { applyNoise, type NoiseTargets } from './apply-noise.ts';
import { compareMetrics, directionFrom, findBaseline, regressionCriterion, regressionTargets } from './baseline.ts';
import { contradictions, evaluatedSomethingCriteria, untrustedReason } from './integrity.ts';
import { thresholdCriteria } from './thresholds.ts';
import { failedRequestsCriterion, judge, statusCriterion } from './verdict.ts';

/** Phase 3: judge the terminal run: status, failed requests, metric thresholds, and regressions against a baseline. */
export async function judgeRun(session: GateSession, run: EvalRun): Promise<GateResult> {
  const { config, result } = session;
  const thresholds = thresholdCriteria(run.metrics, config.thresholds);
  const criteria = [
    statusCriterion(run),
    ...evaluatedSomethingCriteria(run),
    failedRequestsCriterion(run, config.maxFailedRequests),
    ...thresholds,
  ];
  const compared = config.baseline.kind !== 'none' && run.status === 'completed' ? await compareWithBaseline(session, run) : undefined;
  result.baseline = compared?.report;
  result.criteria = [...criteria, ...(compared?.criteria ?? [])];
  // Error bars (issue 16): last, once the baseline is known, so reading samples can never delay what decides the rest.
  await applyNoise(session, run, {
    thresholds: config.thresholds.map((threshold, i) => ({ threshold, criterion: thresholds[i] as Criterion })),
    regressions: compared?.regressions ?? [],
    baseline: compared?.report.found ? compared.report.run : undefined,
  });
  const judgement = judge(result.criteria);
  const problems = contradictions(run);
  if (problems.length > 0) {
    // Never a pass; but a fail stays a fail, which `on-inconclusive: pass` could otherwise turn green.
    const why = untrustedReason(run, problems);
    const undecided = judgement.passed || judgement.inconclusive;
    return finish(session, undecided ? 'inconclusive' : 'fail', judgement.passed ? why : `${judgement.reason}; also, ${why}`);
  }
  const baselineMatters = config.maxRegression.length > 0 || config.requireBaseline;
  if (compared?.unavailable && baselineMatters && judgement.passed) {
    return finish(session, 'inconclusive', `the baseline could not be read, so regressions cannot be checked: ${compared.unavailable}`);
  }
  return finish(session, judgement.passed ? 'pass' : judgement.inconclusive ? 'inconclusive' : 'fail', judgement.reason);
}

interface BaselineComparison {
  report: BaselineReport;
  criteria: Criterion[];
  /** The regression criteria with the rule and metrics each judges (for the noise statistics). */
  regressions?: NoiseTargets['regressions'];
  /** Why the baseline could not be read, when that was an outage rather than a configuration error. */
  unavailable?: string;
}

async function compareWithBaseline({ client, config, deps }: GateSession, run: EvalRun): Promise<BaselineComparison> {
  let found: Awaited<ReturnType<typeof findBaseline>>;
  try {
    found = await findBaseline(client, config.baseline, run, deps.logger);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return unreadableBaseline(config, error);
  }
  if (!found.run && found.misconfigured) {
    // A baseline-run-id of another suite is a configuration error, like a run-id of another suite.
    const failure = `the baseline cannot be used (check \`baseline-run-id\`): ${found.note}`;
    const criteria = [{ name: 'Baseline', actual: found.note, allowed: 'a completed run of the same suite', passed: false, failure }];
    return { report: { found: false, note: found.note }, criteria };
  }
  if (!found.run) {
    const criteria: Criterion[] = config.requireBaseline
      ? [{ name: 'Baseline', actual: `none (${found.note})`, allowed: 'a completed baseline run (require-baseline)', passed: false }]
      : [];
    return { report: { found: false, note: found.note }, criteria };
  }
  const comparisons = compareMetrics(run.metrics, found.run.metrics, directionFrom(config.thresholds));
  const regressions = regressionTargets(comparisons, config.maxRegression).map((target) => ({
    target,
    criterion: regressionCriterion(target),
  }));
  return {
    report: { found: true, run: found.run, how: found.how, comparisons },
    criteria: regressions.map((r) => r.criterion),
    regressions,
  };
}

function unreadableBaseline(config: GateConfig, error: ApiError): BaselineComparison {
  const note = `baseline lookup failed: ${error.message}`;
  if (outcomeOfApiError(error) !== 'fail') return { report: { found: false, note }, criteria: [], unavailable: error.message };
  // A wrong baseline-run-id or a key that cannot read it is a configuration error, like a wrong run-id.
  const input = config.baseline.kind === 'run-id' ? 'baseline-run-id' : 'baseline-metadata';
  const failure = `the baseline could not be read (check \`${input}\`): ${error.message}`;
  return {
    report: { found: false, note },
    criteria: [{ name: 'Baseline', actual: `unreadable: ${error.message}`, allowed: 'a readable baseline run', passed: false, failure }],
  };
}
