/**
 * `npm run bench -- noise`: how often the gate fails a pull request that changed nothing, with the point
 * comparison (`noise: off`) and with intervals (`noise: gate`, uncertain = pass, confidence 0.95), and how often
 * `noise: gate` catches a true drop of 0.08. Deterministic: a seeded generator, the same numbers on every run.
 *
 * Each simulated pull request: a dataset of 400 items per metric whose chance of a correct answer varies by item
 * (Beta(4, 1), mean 0.8); the baseline and the run each answer every item once, independently, as two runs of one
 * model do. Metrics are independent of one another (the worst case for chance failures across metrics).
 */
import {
  decideRegression,
  differenceInterval,
  holmAlpha,
  holmBonferroni,
  smallestDetectable,
  type Decision,
  type Observation,
} from '../src/stats/index.ts';

export interface NoiseBenchOptions {
  pullRequests: number;
  items: number;
  confidence: number;
  drop: number;
  seed: number;
}

export const DEFAULT_NOISE_BENCH: NoiseBenchOptions = { pullRequests: 200, items: 400, confidence: 0.95, drop: 0.08, seed: 16 };

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface MetricDraw {
  run: Observation[];
  baseline: Observation[];
  runMean: number;
  baselineMean: number;
}

/** One metric of one pull request: items, then the baseline's and the run's 0/1 answers (the run shifted by `shift`). */
function drawMetric(random: () => number, items: number, shift: number): MetricDraw {
  const run: Observation[] = [];
  const baseline: Observation[] = [];
  let runSum = 0;
  let baselineSum = 0;
  for (let i = 0; i < items; i++) {
    const p = random() ** (1 / 4); // Beta(4, 1): mean 0.8, items from hard to easy
    const before = random() < p ? 1 : 0;
    const now = random() < Math.min(1, Math.max(0, p + shift)) ? 1 : 0;
    baseline.push({ model: 'm', taskId: 'qa', sampleIndex: i, value: before });
    run.push({ model: 'm', taskId: 'qa', sampleIndex: i, value: now });
    baselineSum += before;
    runSum += now;
  }
  return { run, baseline, runMean: runSum / items, baselineMean: baselineSum / items };
}

interface PullRequestVerdicts {
  /** `noise: off`, `max-regression: '*: 0'`: fails when any metric's reported value is lower than the baseline's. */
  point: boolean;
  /** `noise: gate` with Holm across the metrics (uncertain = pass). */
  gate: boolean;
  /** `noise: gate` without the multiple-comparison correction (to show what Holm is for). */
  gateUncorrected: boolean;
  mde: number[];
}

function judge(draws: MetricDraw[], confidence: number): PullRequestVerdicts {
  const judged = draws.map((d) => {
    const delta = differenceInterval(d.run, d.baseline, { aggregation: 'pooled', confidence });
    if (!delta.ok) throw new Error(`no interval: ${delta.reason}`);
    return { ...decideRegression(delta.interval, 0, false), mde: smallestDetectable(delta.interval.se, confidence) };
  });
  const corrected = holmBonferroni(judged, holmAlpha(confidence));
  const fails = (decisions: Decision[]) => decisions.includes('fail');
  return {
    point: draws.some((d) => d.baselineMean - d.runMean > 1e-12),
    gate: fails(corrected.map((c) => c.decision)),
    gateUncorrected: fails(judged.map((j) => j.decision)),
    mde: judged.map((j) => j.mde),
  };
}

export interface NoiseBenchRow {
  label: string;
  metrics: number;
  trueDrop: number;
  pullRequests: number;
  pointFails: number;
  gateFails: number;
  gateUncorrectedFails: number;
  medianMde: number;
}

/** 200 pull requests of `metrics` metrics; the first metric drops by `drop` (0: no true change). */
function simulate(label: string, metrics: number, drop: number, options: NoiseBenchOptions, seedOffset: number): NoiseBenchRow {
  const row: NoiseBenchRow = {
    label,
    metrics,
    trueDrop: drop,
    pullRequests: options.pullRequests,
    pointFails: 0,
    gateFails: 0,
    gateUncorrectedFails: 0,
    medianMde: 0,
  };
  const mdes: number[] = [];
  for (let pr = 0; pr < options.pullRequests; pr++) {
    const random = mulberry32(options.seed * 1_000_003 + seedOffset * 10_007 + pr);
    const draws = Array.from({ length: metrics }, (_, m) => drawMetric(random, options.items, m === 0 ? -drop : 0));
    const verdicts = judge(draws, options.confidence);
    row.pointFails += Number(verdicts.point);
    row.gateFails += Number(verdicts.gate);
    row.gateUncorrectedFails += Number(verdicts.gateUncorrected);
    mdes.push(verdicts.mde[0] as number);
  }
  mdes.sort((a, b) => a - b);
  row.medianMde = mdes[Math.floor(mdes.length / 2)] as number;
  return row;
}

export function benchNoise(options: NoiseBenchOptions = DEFAULT_NOISE_BENCH): NoiseBenchRow[] {
  return [
    simulate('no true change, 1 metric', 1, 0, options, 1),
    simulate('no true change, 12 metrics', 12, 0, options, 2),
    simulate(`true drop of ${options.drop} in 1 metric`, 1, options.drop, options, 3),
    simulate(`true drop of ${options.drop} in 1 of 12 metrics`, 12, options.drop, options, 4),
  ];
}

const share = (count: number, of: number) => `${count} / ${of} (${((100 * count) / of).toFixed(1)}%)`;

/** The section of bench/RESULTS.md. */
export function noiseSection(rows: NoiseBenchRow[], options: NoiseBenchOptions = DEFAULT_NOISE_BENCH): string[] {
  const [none1, none12, drop1, drop12] = rows as [NoiseBenchRow, NoiseBenchRow, NoiseBenchRow, NoiseBenchRow];
  return [
    `## (f) Noise: false alarms and detection (issue 16)`,
    ``,
    `\`npm run bench -- noise\`: ${options.pullRequests} simulated pull requests per row, each comparing a run with its baseline on ` +
      `${options.items} items per metric, paired by item; each item's chance of a correct answer drawn from Beta(4, 1) (mean 0.8), ` +
      `the run and the baseline answering every item independently. Metrics are independent of one another. ` +
      `\`max-regression: '*: 0'\`; \`noise: gate\` with confidence ${options.confidence}, \`uncertain: pass\`, Holm-Bonferroni ` +
      `across the metrics at (1 - confidence)/2. Seeded: the same numbers on every run.`,
    ``,
    `| Pull requests | Failed with \`noise: off\` (point) | Failed with \`noise: gate\` | \`noise: gate\` without Holm | Smallest detectable regression (median) |`,
    `| --- | --- | --- | --- | --- |`,
    ...rows.map(
      (r) =>
        `| ${r.label} | ${share(r.pointFails, r.pullRequests)} | ${share(r.gateFails, r.pullRequests)} | ${share(r.gateUncorrectedFails, r.pullRequests)} | ${r.medianMde.toFixed(4)} |`,
    ),
    ``,
    `False alarms with no true change: **${share(none1.pointFails, none1.pullRequests)}** with \`noise: off\` vs ` +
      `**${share(none1.gateFails, none1.pullRequests)}** with \`noise: gate\` (1 metric); ` +
      `**${share(none12.pointFails, none12.pullRequests)}** vs **${share(none12.gateFails, none12.pullRequests)}** (12 metrics). ` +
      `True drops of ${options.drop} caught by \`noise: gate\`: **${share(drop1.gateFails, drop1.pullRequests)}** (1 metric), ` +
      `**${share(drop12.gateFails, drop12.pullRequests)}** (the drop in 1 of 12 metrics, after Holm).`,
    ``,
    `For scale: each failing test is one-sided at (1 - confidence)/2 = ${((1 - options.confidence) / 2).toFixed(3)}, the ` +
      `false-alarm rate \`noise: gate\` aims at per gate; with ${options.pullRequests} pull requests a share near it is known ` +
      `to about ±${(100 * Math.sqrt((((1 - options.confidence) / 2) * (1 - (1 - options.confidence) / 2)) / options.pullRequests)).toFixed(1)} points ` +
      `(one binomial standard error). A true drop equal to the smallest detectable regression is caught about 80% of the time.`,
    ``,
  ];
}
