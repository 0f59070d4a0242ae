import type { RunSpec, Scenario } from './model.ts';
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
  ...scheduleScenarios(DEMO_SUITE),
};
