/**
 * `npm run bench -- noise`: how often the gate fails a pull request that changed nothing, with the point
 * comparison (`noise: off`) and with intervals (`noise: gate`, uncertain = pass, confidence 0.95), and how often
 * `noise: gate` catches a true drop of 0.08. Deterministic: a seeded generator, the same numbers on every run.
 *
 * Each simulated pull request: a dataset of 400 items per metric whose chance of a correct answer varies by item
 * (Beta(4, 1), mean 0.8); the baseline and the run each answer every item once, independently, as two runs of one
 * model do. Metrics are independent of one another (the worst case for chance failures across metrics).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { EvalsClient } from '../src/api/client.ts';
import { readCompletedScores, type ScoredSample } from '../src/api/sample-scores.ts';
import type { Scenario } from '../test/emulator/model.ts';
import { NOISE_RUN } from '../test/emulator/noise-scenarios.ts';
import { scenarios } from '../test/emulator/scenarios.ts';
import { startEmulator } from '../test/emulator/server.ts';
import {
  decideRegression,
  extractValues,
  macroAverage,
  reproduce,
  valueInterval,
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

const KEY = 'bench-key';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

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

// Reading samples and the cost of noise at start-up (issue 16) ----------------------------------------------------

export interface SampleReadBench {
  repeats: number;
  samples: number;
  requests: number;
  medianMs: number;
  maxMs: number;
  /** Median time to judge the two metrics of the read samples (values, reproduction, stratified intervals). */
  judgeMs: number;
}

/**
 * Reads the 9,962 completed samples of the emulator's `noise-large` run (10,000 samples, 38 failed) the way the gate
 * does (status=completed, limit=500, after while has_more), over real loopback HTTP, `repeats` times after a warm-up;
 * then judges accuracy and f1 on them. The emulator serves from the same process, so times include its JSON work.
 */
export async function benchSampleRead(repeats = 5): Promise<SampleReadBench> {
  let virtual = 0;
  const emulator = await startEmulator({ scenario: scenarios['noise-large'] as Scenario, apiKey: KEY, now: () => virtual });
  virtual = 60_000; // every run completed
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const client = () =>
    new EvalsClient({
      baseUrl: emulator.url,
      apiKey: KEY,
      userAgent: 'bench',
      dispatcher,
      requestTimeoutMs: 30_000,
      deadline: Date.now() + 600_000,
      clock: { now: () => Date.now() },
      sleep: async () => {},
    });
  const wanted = new Set(['accuracy', 'f1']);
  const read = async () => {
    const c = client();
    const started = performance.now();
    const listing = await readCompletedScores(c, { id: NOISE_RUN, completed: 9962 }, wanted);
    if (listing.kind !== 'read') throw new Error('noise-large was not read');
    return { ms: performance.now() - started, requests: c.stats.requests, listing };
  };
  try {
    await read(); // warm-up: the emulator builds its samples once
    const times: number[] = [];
    const judgeTimes: number[] = [];
    let last = await read();
    for (let i = 0; i < repeats; i++) {
      last = await read();
      times.push(last.ms);
      judgeTimes.push(judgeLarge(last.listing.samples));
    }
    return {
      repeats,
      samples: last.listing.samples.length,
      requests: last.requests,
      medianMs: median(times),
      maxMs: Math.max(...times),
      judgeMs: median(judgeTimes),
    };
  } finally {
    await dispatcher.close();
    await emulator.close();
  }
}

function judgeLarge(samples: ScoredSample[]): number {
  const started = performance.now();
  for (const metric of ['accuracy', 'f1']) {
    const { observations } = extractValues(
      samples.map((s) => ({ model: s.model, taskId: s.taskId, sampleIndex: s.sampleIndex, value: s.scores[metric] })),
    );
    const check = reproduce(observations, observations.length > 0 ? (macroAverage(observations) ?? 0) : 0);
    const outcome = valueInterval(observations, { aggregation: check.aggregation ?? 'macro', confidence: 0.95 });
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  return performance.now() - started;
}

export interface NoiseStartupBench {
  repeats: number;
  /** Median wall time of `node dist/index.js` gating a finished run of 400 scored samples with one threshold. */
  offMs: number;
  reportMs: number;
  /** Bundle files each loads (a load hook records them). */
  offFiles: string[];
  reportFiles: string[];
  bytes: Record<string, number>;
}

/**
 * The start-up cost of noise: the same finished run gated with `noise: off` and `noise: report`, interleaved, by the
 * bundle as the runner spawns it. With `off` the statistics' chunks are never loaded; with `report` they are, and one
 * page of samples is read.
 */
export async function benchNoiseStartup(repeats = 15): Promise<NoiseStartupBench> {
  const finished = scenarios.noise as Scenario;
  const scenario: Scenario = {
    runs: finished.runs.map((spec) => ({ ...spec, queuedMs: 0, inProgressMs: 0, finalizingMs: 0, ageSeconds: 60 })),
  };
  const emulator = await startEmulator({ scenario, apiKey: KEY });
  const dir = mkdtempSync(join(tmpdir(), 'gate-noise-start-'));
  const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const hook =
    'data:text/javascript,import{registerHooks}from"node:module";const seen=[];' +
    'registerHooks({load(u,c,n){seen.push(u);return n(u,c)}});process.on("exit",()=>process.stderr.write("LOADED "+JSON.stringify(seen)+"\\n"))';
  // Asynchronous: the emulator answers from this process, so a synchronous spawn would wait on itself.
  const run = async (noise: string, withHook = false) => {
    const env = {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: join(dir, 'out'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      'INPUT_API-KEY': KEY,
      'INPUT_API-URL': emulator.url,
      'INPUT_RUN-ID': NOISE_RUN,
      INPUT_THRESHOLDS: 'accuracy >= 0.7',
      INPUT_NOISE: noise,
      INPUT_TIMEOUT: '60s',
    };
    writeFileSync(env.GITHUB_OUTPUT, '');
    writeFileSync(env.GITHUB_STEP_SUMMARY, '');
    const started = performance.now();
    const child = spawn(process.execPath, [...(withHook ? ['--import', hook] : []), bundle], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`the gate did not pass with noise: ${noise}: ${stdout.slice(-500)}`);
    const files = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? '[]') as string[];
    return { ms, files: files.filter((u) => u.startsWith('file:')).map((u) => basename(new URL(u).pathname)) };
  };
  try {
    await run('off');
    await run('report'); // warm the file cache
    const off: number[] = [];
    const report: number[] = [];
    for (let i = 0; i < repeats; i++) {
      off.push((await run('off')).ms);
      report.push((await run('report')).ms);
    }
    const offFiles = (await run('off', true)).files;
    const reportFiles = (await run('report', true)).files;
    const bytes = Object.fromEntries([...new Set([...offFiles, ...reportFiles])].map((f) => [f, statSync(join(dirname(bundle), f)).size]));
    return { repeats, offMs: median(off), reportMs: median(report), offFiles, reportFiles, bytes };
  } finally {
    await emulator.close();
  }
}

/** The paragraphs of section (f) on reading samples and start-up. */
export function samplesSection(read: SampleReadBench, start: NoiseStartupBench): string[] {
  const kb = (files: string[]) => `${(files.reduce((sum, f) => sum + (start.bytes[f] ?? 0), 0) / 1e6).toFixed(2)} MB`;
  const extra = start.reportFiles.filter((f) => !start.offFiles.includes(f));
  return [
    `### Reading samples and the cost at start-up`,
    ``,
    `Reading the ${read.samples.toLocaleString('en-US')} completed samples of a 10,000-sample run (\`noise-large\`, real loopback HTTP, the emulator in the same process): ` +
      `**${read.requests} requests** (ceil(9,962 / 500)), **${read.medianMs.toFixed(0)} ms** (median of ${read.repeats}; max ${read.maxMs.toFixed(0)} ms); ` +
      `judging two metrics on them (values, reproduction, stratified intervals): ${read.judgeMs.toFixed(1)} ms.`,
    ``,
    `A finished run of 400 scored samples gated by the bundle with one threshold, ${start.repeats} times each, interleaved: ` +
      `\`noise: off\` **${start.offMs.toFixed(0)} ms**, \`noise: report\` **${start.reportMs.toFixed(0)} ms** (median wall time of the process; ` +
      `the difference is the statistics' chunks, one page of samples and the intervals). ` +
      `\`noise: off\` loads ${start.offFiles.length} bundle files (${kb(start.offFiles)}); \`noise: report\` loads ${extra.length} more ` +
      `(${extra.join(', ')}: ${kb(extra)}, the statistics and @stdlib's distributions), only once a metric criterion is judged.`,
    ``,
  ];
}
