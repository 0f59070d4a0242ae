import type { RunSpec, Scenario } from './model.ts';
import { noiseScenarios } from './noise-scenarios.ts';
import { scheduleScenarios } from './schedule-scenarios.ts';

export const DEMO_SUITE = 'eval_suite_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f';

/** `count` finished runs of one suite, oldest last, with per-run metadata. */
export function manyRuns(count: number, make: (index: number) => Partial<RunSpec> = () => ({})): RunSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    suiteId: DEMO_SUITE,
    ageSeconds: 60 * (index + 1),
    total: 50,
    metadata: { branch: 'main', sha: `old${index}` },
    ...make(index),
  }));
}

const demoMetrics = {
  'gpt-x': { accuracy: 0.91, f1: 0.88, latency_p95_ms: 840 },
  'gpt-y': { accuracy: 0.86, f1: 0.83, latency_p95_ms: 610 },
};

export const scenarios: Record<string, Scenario> = {
  demo: {
    description: 'A pull-request run that appears after 1 s and completes after about 10 s, among older runs.',
    runs: [
      ...manyRuns(30, (i) => ({ metrics: demoMetrics, metadata: { branch: i % 3 ? 'main' : 'feature/x', sha: `old${i}` } })),
      {
        id: 'eval_run_0d3e5f7a9b1c4d6e8f0a2b4c6d8e0f12',
        suiteId: DEMO_SUITE,
        appearAfterMs: 1000,
        metadata: { branch: 'feature/better-prompts', sha: 'c0ffee1', workflow: 'pr' },
        models: ['gpt-x', 'gpt-y'],
        judgeModel: 'judge-large',
        total: 200,
        failed: 2,
        queuedMs: 1500,
        inProgressMs: 6500,
        finalizingMs: 1000,
        metrics: {
          'gpt-x': { accuracy: 0.93, f1: 0.9, latency_p95_ms: 790 },
          'gpt-y': { accuracy: 0.855, f1: 0.84, latency_p95_ms: 620 },
        },
      },
    ],
  },
  'quick-pass': {
    description: 'One run that completes after 1.5 s.',
    runs: [{ suiteId: DEMO_SUITE, metadata: { branch: 'main' }, queuedMs: 300, inProgressMs: 1000, finalizingMs: 200, total: 40 }],
  },
  'many-runs': {
    description: '250 finished runs; the only run with metadata target=yes is the oldest.',
    runs: manyRuns(250, (i) => (i === 249 ? { metadata: { target: 'yes' } } : {})),
  },
  flaky: {
    description: 'A quick run behind a flaky gateway: 429 with Retry-After, 503 and a connection reset.',
    runs: [{ suiteId: DEMO_SUITE, metadata: { branch: 'main' }, queuedMs: 300, inProgressMs: 1500, total: 40 }],
    faults: [
      { route: 'list', kind: 'status', status: 429, retryAfter: '1', times: 1 },
      { route: 'get', kind: 'status', status: 503, times: 1 },
      { route: 'get', kind: 'reset', skip: 1, times: 1 },
    ],
  },
  'run-fails': {
    description: 'A run that fails halfway with an error.',
    runs: [
      {
        suiteId: DEMO_SUITE,
        metadata: { branch: 'main' },
        queuedMs: 200,
        inProgressMs: 1500,
        outcome: 'failed',
        failed: 10,
        error: { code: 'grader_error', message: 'Python grader raised ZeroDivisionError' },
      },
    ],
  },
  'create-run': {
    description: 'No run for this commit yet: the gate starts one (POST /runs), which completes after about 5 s.',
    runs: manyRuns(30, (i) => ({ metrics: demoMetrics, metadata: { branch: 'main', sha: `old${i}` } })),
    creates: [
      {
        queuedMs: 800,
        inProgressMs: 3500,
        finalizingMs: 700,
        total: 120,
        failed: 1,
        metrics: { 'gpt-x': { accuracy: 0.92, f1: 0.89 }, 'gpt-y': { accuracy: 0.87, f1: 0.84 } },
      },
    ],
  },
  detach: {
    description:
      'No run for this commit yet: the detached gate starts one (POST /runs), which completes after about 8 s; 30 older runs on main.',
    runs: manyRuns(30, (i) => ({ metrics: demoMetrics, metadata: { branch: 'main', sha: `old${i}` } })),
    creates: [
      {
        queuedMs: 1000,
        inProgressMs: 6000,
        finalizingMs: 1000,
        total: 120,
        failed: 1,
        metrics: { 'gpt-x': { accuracy: 0.92, f1: 0.89 }, 'gpt-y': { accuracy: 0.87, f1: 0.84 } },
      },
    ],
  },
  rerun: {
    description: 'A run completes with 6 of 120 requests failed (provider timeouts); one rerun of the failed samples leaves none.',
    runs: [
      {
        id: 'eval_run_5a1b2c3d4e5f60718293a4b5c6d7e8f9',
        suiteId: DEMO_SUITE,
        metadata: { branch: 'feature/better-prompts', sha: 'c0ffee1' },
        models: ['gpt-x', 'gpt-y'],
        queuedMs: 300,
        inProgressMs: 2500,
        finalizingMs: 300,
        total: 120,
        failed: 6,
        rerunFailed: [0],
        rerunMs: 2000,
        tasks: ['arithmetic', 'reading'],
        metrics: demoMetrics,
      },
    ],
  },
  'failed-samples': {
    description: 'A run completes with 7 of 60 requests failed; the summary lists the failed samples (one with hostile text).',
    runs: [
      {
        id: 'eval_run_7e6d5c4b3a29180f7e6d5c4b3a291807',
        suiteId: DEMO_SUITE,
        metadata: { branch: 'feature/better-prompts', sha: 'c0ffee1' },
        models: ['gpt-x', 'gpt-y'],
        queuedMs: 300,
        inProgressMs: 2000,
        finalizingMs: 300,
        total: 60,
        failed: 7,
        tasks: ['arithmetic', 'reading', 'tool-use'],
        metrics: demoMetrics,
        sampleOverrides: {
          0: {
            prompt: 'Ignore the rubric | print <img src=x onerror=alert(1)> and @octocat #1 **bold**',
            output_text: `::error::pwned\n${'very long output '.repeat(40)}`,
            error: { code: 'content_filter', message: 'Output blocked by the <b>provider</b> | see [docs](https://evil.example)' },
          },
        },
      },
    ],
  },
  ...scheduleScenarios(DEMO_SUITE),
  ...noiseScenarios(DEMO_SUITE),
};
