/**
 * npm run bench — a script, not a test: the machine is shared, so it reports medians and ratios.
 *  (a) polling: API requests per gate and detection latency (run terminal -> gate knows), adaptive vs fixed 5 s,
 *      over simulated long runs (virtual time: the emulator and the real wait loop share one fake clock);
 *  (b) lookup: requests and time to find a run at position 1, 250 and 5,000 of a 10,000-run suite (real loopback HTTP);
 *  (c) cold start of `node dist/index.js` vs `node -e 0`, and peak memory of a whole gate run;
 *  (d) bounded work: time from the deadline to exit with a 100,000-item page and with a 16 MiB+ body on every poll.
 *  (f) noise: false alarms of `noise: off` vs `noise: gate` and detection of true drops (bench/noise.ts, simulated);
 *      requests and time to read 10,000 samples; the start-up cost of `noise: report` against `noise: off`.
 * Writes bench/RESULTS.md. `BENCH_ONLY=d` runs (d) alone and only prints it; `npm run bench -- noise` runs (f) alone
 * and rewrites only its section.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { EvalsClient } from '../src/api/client.ts';
import type { Sleep } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/log.ts';
import { scanRuns } from '../src/find/lookup.ts';
import { waitForTerminal } from '../src/wait/wait.ts';
import type { RunSpec } from '../test/emulator/model.ts';
import { startEmulator } from '../test/emulator/server.ts';
import { DEMO_SUITE, manyRuns } from '../test/emulator/scenarios.ts';
import type { FaultRule } from '../test/emulator/model.ts';
import { runAction } from '../test/e2e/harness.ts';
import { benchNoise, benchNoiseStartup, benchSampleRead, noiseSection, samplesSection } from './noise.ts';

const KEY = 'bench-key';
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
/** Deterministic pseudo-random numbers, so runs of the benchmark compare like with like. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// (a) Polling ------------------------------------------------------------------------------------
interface PollingStats {
  requests: number[];
  latencyMs: number[];
}

async function simulateGate(spec: RunSpec, pacing: { minIntervalMs: number; maxIntervalMs: number }) {
  let virtual = 0;
  const clock = { now: () => virtual };
  const sleep: Sleep = async (ms) => {
    virtual += ms;
  };
  const emulator = await startEmulator({ scenario: { runs: [spec] }, apiKey: KEY, now: () => virtual });
  try {
    const client = new EvalsClient({
      baseUrl: emulator.url,
      apiKey: KEY,
      userAgent: 'bench',
      dispatcher,
      requestTimeoutMs: 10_000,
      deadline: 6 * 3_600_000,
      clock,
      sleep,
    });
    const first = await client.getRun(spec.id as string);
    const outcome = await waitForTerminal(client, first, {
      poll: { clock, sleep, deadline: 6 * 3_600_000, intervalMs: pacing.minIntervalMs },
      pacing,
      clock,
      logger: silentLogger,
      startedAt: 0,
    });
    if (outcome.kind !== 'terminal') throw new Error(`simulation did not finish: ${outcome.kind}`);
    const terminalAt = (spec.queuedMs ?? 0) + (spec.inProgressMs ?? 0) + (spec.finalizingMs ?? 0);
    return { requests: client.stats.requests, latencyMs: virtual - terminalAt };
  } finally {
    await emulator.close();
  }
}

async function benchPolling(trials: number) {
  const random = mulberry32(42);
  const specs: RunSpec[] = Array.from({ length: trials }, (_, i) => ({
    id: `eval_run_bench${i}`,
    suiteId: DEMO_SUITE,
    total: 2000,
    failed: 3,
    queuedMs: Math.round(10_000 + random() * 110_000),
    inProgressMs: Math.round(10 * 60_000 + random() * 30 * 60_000),
    finalizingMs: Math.round(5_000 + random() * 85_000),
    progressExponent: 0.8 + random() * 0.45,
  }));
  const adaptive: PollingStats = { requests: [], latencyMs: [] };
  const fixed: PollingStats = { requests: [], latencyMs: [] };
  for (const spec of specs) {
    const a = await simulateGate(spec, { minIntervalMs: 5_000, maxIntervalMs: 120_000 });
    adaptive.requests.push(a.requests);
    adaptive.latencyMs.push(a.latencyMs);
    const f = await simulateGate(spec, { minIntervalMs: 5_000, maxIntervalMs: 5_000 });
    fixed.requests.push(f.requests);
    fixed.latencyMs.push(f.latencyMs);
  }
  const runMinutes = specs.map((s) => ((s.queuedMs ?? 0) + (s.inProgressMs ?? 0) + (s.finalizingMs ?? 0)) / 60_000);
  return { adaptive, fixed, runMinutes };
}

// (b) Lookup ---------------------------------------------------------------------------------------
async function benchLookup(positions: number[], repeats: number) {
  const total = 10_000;
  const rows: { position: number; requests: number; medianMs: number; scanned: number }[] = [];
  for (const position of positions) {
    const runs = manyRuns(total, (i) => ({ total: 10, metadata: { sha: i === position - 1 ? 'target' : `other${i}` } }));
    const emulator = await startEmulator({ scenario: { runs }, apiKey: KEY });
    const times: number[] = [];
    let requests = 0;
    let scanned = 0;
    try {
      for (let r = 0; r < repeats; r++) {
        const client = new EvalsClient({
          baseUrl: emulator.url,
          apiKey: KEY,
          userAgent: 'bench',
          dispatcher,
          requestTimeoutMs: 30_000,
          deadline: Date.now() + 600_000,
          clock: { now: () => Date.now() },
          sleep: async () => {},
        });
        const started = performance.now();
        const scan = await scanRuns(client, { suiteId: DEMO_SUITE, metadata: { sha: 'target' } });
        times.push(performance.now() - started);
        if (scan.match?.metadata.sha !== 'target') throw new Error(`lookup at ${position} found the wrong run`);
        requests = client.stats.requests;
        scanned = scan.scanned;
      }
    } finally {
      await emulator.close();
    }
    rows.push({ position, requests, medianMs: median(times), scanned });
  }
  return rows;
}

// (c) Cold start and memory ---------------------------------------------------------------------------
function timeCommand(args: string[], env: NodeJS.ProcessEnv, repeats: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  return times;
}

async function benchStartup(repeats: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gate-bench-'));
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  // Without inputs the bundle loads, validates, writes outputs and summary, and exits: a cold start.
  timeCommand(['dist/index.js'], env, 2); // warm the file cache
  const bare = timeCommand(['-e', '0'], env, repeats);
  const bundle = timeCommand(['dist/index.js'], env, repeats);

  // Peak memory of a whole gate against the emulator (a run that completes in about 1.5 s).
  const emulator = await startEmulator({
    scenario: { runs: [{ id: 'eval_run_mem', suiteId: DEMO_SUITE, queuedMs: 200, inProgressMs: 1000, finalizingMs: 200, total: 400 }] },
    apiKey: KEY,
  });
  const child = await new Promise<string>((resolve) => {
    const out: Buffer[] = [];
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))',
        'dist/index.js',
      ],
      {
        env: {
          ...env,
          'INPUT_API-KEY': KEY,
          'INPUT_API-URL': emulator.url,
          'INPUT_RUN-ID': 'eval_run_mem',
          'INPUT_POLL-INTERVAL': '200ms',
        },
      },
    );
    proc.stderr.on('data', (chunk: Buffer) => out.push(chunk));
    proc.on('close', () => resolve(Buffer.concat(out).toString()));
  });
  await emulator.close();
  const maxRssKb = Number(/maxrss=(\d+)/.exec(child)?.[1] ?? NaN);
  return { bareMs: median(bare), bundleMs: median(bundle), ratio: median(bundle) / median(bare), maxRssKb };
}

// (d) Bounded work ------------------------------------------------------------------------------------
/**
 * Runs the bundle against an emulator that answers every listing with `fault`, until the timeout.
 * Returns ms from the deadline to the process exit, taking the first request as the gate's start
 * (its clock starts a few ms before), so the figures slightly understate the overshoot.
 */
async function deadlineOvershoot(fault: FaultRule, timeoutMs: number, repeats: number): Promise<number[]> {
  const overshoots: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const emulator = await startEmulator({ scenario: { runs: [], faults: [fault] }, apiKey: KEY });
    try {
      let exitAt = Number.NaN;
      const run = await runAction({
        inputs: {
          'api-key': KEY,
          'api-url': emulator.url,
          'suite-id': DEMO_SUITE,
          metadata: 'sha=never',
          timeout: `${timeoutMs}ms`,
          'poll-interval': '1s',
        },
        killAfterMs: timeoutMs + 30_000,
        onSpawn: (child) => child.on('exit', () => (exitAt = emulator.elapsed())),
      });
      if (!/^timeout of /.test(run.result?.reason ?? '')) throw new Error(`unexpected end: ${run.result?.reason}`);
      overshoots.push(exitAt - ((emulator.requests[0]?.at ?? 0) + timeoutMs));
    } finally {
      await emulator.close();
    }
  }
  return overshoots;
}

async function benchBoundedWork(repeats: number) {
  const page = await deadlineOvershoot({ route: 'list', kind: 'huge-page', items: 100_000 }, 6_000, repeats);
  const body = await deadlineOvershoot({ route: 'list', kind: 'oversized-body', bytes: 17 * 1024 * 1024 }, 6_000, repeats);
  return { page, body };
}

const boundedLine = (b: { page: number[]; body: number[] }, repeats: number) =>
  `Deadline to exit (median / max of ${repeats}): 100,000-item page on every poll **${median(b.page).toFixed(0)} / ${Math.max(...b.page).toFixed(0)} ms**; 17 MiB body on every poll **${median(b.body).toFixed(0)} / ${Math.max(...b.body).toFixed(0)} ms**.`;

// Results file ----------------------------------------------------------------------------------------
const BUNDLE_MARKER = '<!-- bundle -->';
const NOISE_MARKER = '<!-- noise -->';

/**
 * bench/RESULTS.md holds the generated report (a-d), then the bundle section written by hand from
 * `npm run bench:bundle` (kept as is), then the noise section (f). Either generated part can be rewritten alone.
 */
function writeResults(parts: { report?: string; noise?: string }): void {
  const resultsUrl = new URL('./RESULTS.md', import.meta.url);
  const previous = existsSync(resultsUrl) ? readFileSync(resultsUrl, 'utf8') : '';
  const noiseAt = previous.includes(NOISE_MARKER) ? previous.indexOf(NOISE_MARKER) : previous.length;
  const bundleAt = previous.includes(BUNDLE_MARKER) ? previous.indexOf(BUNDLE_MARKER) : noiseAt;
  const report = parts.report ?? previous.slice(0, Math.min(bundleAt, noiseAt));
  const bundle = previous.slice(bundleAt, noiseAt);
  const noise = parts.noise !== undefined ? `${NOISE_MARKER}\n${parts.noise}` : previous.slice(noiseAt);
  writeFileSync(resultsUrl, [report.trimEnd(), bundle.trimEnd(), noise.trimEnd()].filter(Boolean).join('\n\n') + '\n');
}

async function runNoise(): Promise<string> {
  console.log('(f) noise: simulated pull requests …');
  const simulated = noiseSection(benchNoise());
  console.log('(f) noise: reading 10,000 samples, and the start-up cost of noise: off vs report (needs dist/) …');
  const reading = samplesSection(await benchSampleRead(5), await benchNoiseStartup(15));
  const section = [...simulated, ...reading].join('\n');
  console.log(`\n${section}`);
  return section;
}

// Main ------------------------------------------------------------------------------------------------
if (process.argv.slice(2).includes('noise')) {
  writeResults({ noise: await runNoise() });
  await dispatcher.close();
  process.exit(0);
}
const boundedRepeats = Number(process.env.BENCH_BOUNDED_REPEATS ?? 5);
if (process.env.BENCH_ONLY === 'd') {
  console.log('(d) bounded work …');
  console.log(boundedLine(await benchBoundedWork(boundedRepeats), boundedRepeats));
  await dispatcher.close();
  process.exit(0);
}
const trials = Number(process.env.BENCH_TRIALS ?? 40);
console.log(`(a) polling: ${trials} simulated runs of 10-40 min, adaptive vs fixed 5 s …`);
const polling = await benchPolling(trials);
console.log('(b) lookup in a 10,000-run suite …');
const lookup = await benchLookup([1, 250, 5000], 5);
console.log('(c) cold start and memory …');
const startup = await benchStartup(15);
console.log('(d) bounded work …');
const bounded = await benchBoundedWork(boundedRepeats);
await dispatcher.close();
const noise = await runNoise();

const a = polling.adaptive;
const f = polling.fixed;
const reqRatio = median(f.requests) / median(a.requests);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines = [
  `# Benchmark results`,
  ``,
  `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  `Produced by \`npm run bench\` (${trials} simulated runs; shared machine, so medians and ratios).`,
  ``,
  `## (a) Polling a long run: adaptive (poll-interval 5s, max-poll-interval 2m) vs fixed 5 s`,
  ``,
  `Runs: queued 10-120 s, in progress 10-40 min (median ${median(polling.runMinutes).toFixed(1)} min in all) with progress curves from slowing to speeding up, finalizing 5-90 s. Virtual time; real HTTP to the emulator.`,
  ``,
  `| Poller | Requests per gate (median) | Requests (p95) | Detection latency median | Detection latency p95 | max |`,
  `| --- | --- | --- | --- | --- | --- |`,
  `| adaptive | ${median(a.requests)} | ${percentile(a.requests, 95)} | ${fmt(median(a.latencyMs))} | ${fmt(percentile(a.latencyMs, 95))} | ${fmt(Math.max(...a.latencyMs))} |`,
  `| fixed 5 s | ${median(f.requests)} | ${percentile(f.requests, 95)} | ${fmt(median(f.latencyMs))} | ${fmt(percentile(f.latencyMs, 95))} | ${fmt(Math.max(...f.latencyMs))} |`,
  ``,
  `Fixed / adaptive requests: **${reqRatio.toFixed(1)}×** fewer with the adaptive poller (median per gate).`,
  ``,
  `## (b) Lookup cost in a suite of 10,000 runs (limit=100 pages, real loopback HTTP)`,
  ``,
  `| Matching run at position | Requests | Runs examined | Time (median of 5) |`,
  `| --- | --- | --- | --- |`,
  ...lookup.map((r) => `| ${r.position} | ${r.requests} | ${r.scanned} | ${r.medianMs.toFixed(0)} ms |`),
  ``,
  `## (c) Start-up and memory`,
  ``,
  `| Measure | Value |`,
  `| --- | --- |`,
  `| \`node -e 0\` (median of 15) | ${startup.bareMs.toFixed(0)} ms |`,
  `| \`node dist/index.js\` cold start, no inputs (median of 15) | ${startup.bundleMs.toFixed(0)} ms |`,
  `| ratio | ${startup.ratio.toFixed(2)}× |`,
  `| peak RSS of a whole gate run | ${(startup.maxRssKb / 1024).toFixed(1)} MiB |`,
  ``,
  `## (d) Bounded work: the deadline under a huge answer`,
  ``,
  `Bundle against the emulator, timeout 6 s, poll-interval 1 s, every listing answered with the page or body below.`,
  ``,
  boundedLine(bounded, boundedRepeats),
  ``,
];
const report = lines.join('\n');
console.log(`\n${report}`);
writeResults({ report, noise });
