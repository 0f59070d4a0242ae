/** The demos `npm run demo -- --scenario NAME` can run: an emulator scenario and the inputs the action gets. */
import { DEMO_SUITE } from '../test/emulator/scenarios.ts';

export interface Demo {
  /** The emulator scenario (test/emulator/scenarios.ts). */
  scenario: string;
  /** One line for `--list`. */
  about: string;
  inputs: Record<string, string>;
  /** GitHub event payload (GITHUB_EVENT_PATH). */
  event?: unknown;
  /** `detach`: two steps, the pull request's (`mode: detach`) and the reconcile, with the fake GitHub (scripts/demo-detach.ts). */
  kind?: 'detach';
  /** The pull request step's own inputs, for `kind: detach` (`inputs` are the ones both steps share). */
  pullRequestInputs?: Record<string, string>;
}

const PULL_REQUEST = { pull_request: { number: 7 } };

export const DEMOS: Record<string, Demo> = {
  demo: {
    scenario: 'demo',
    about: "Today's gate: find the pull request's run by metadata, wait for it, pass on thresholds and a baseline.",
    inputs: {
      'suite-id': DEMO_SUITE,
      metadata: 'branch=feature/better-prompts\nsha=c0ffee1',
      'poll-interval': '1s',
      'max-failed-requests': '2%',
      thresholds: 'accuracy >= 0.85\nlatency_p95_ms <= 1000',
      'baseline-metadata': 'branch=main',
      'max-regression': 'accuracy: 0.02\n*: 5%',
      timeout: '2m',
    },
  },
  'create-run': {
    scenario: 'create-run',
    about: 'One step is enough: no run for this commit yet, so the gate starts it (create-run: if-missing) and passes it.',
    inputs: {
      'suite-id': DEMO_SUITE,
      metadata: 'sha=c0ffee1',
      'create-run': 'if-missing',
      models: 'gpt-x, gpt-y',
      'poll-interval': '1s',
      'max-failed-requests': '2%',
      thresholds: 'accuracy >= 0.85',
      timeout: '2m',
    },
    event: PULL_REQUEST,
  },
  detach: {
    scenario: 'detach',
    about: 'No runner waits: the pull request step starts the run and posts a pending commit status; the reconcile completes it.',
    kind: 'detach',
    inputs: {
      'suite-id': DEMO_SUITE,
      'max-failed-requests': '2%',
      thresholds: 'accuracy >= 0.85',
      'baseline-metadata': 'branch=main',
      'max-regression': 'accuracy: 0.02',
      timeout: '30m',
    },
    pullRequestInputs: { metadata: 'sha=7e57c0f', 'create-run': 'if-missing', models: 'gpt-x, gpt-y' },
  },
  rerun: {
    scenario: 'rerun',
    about: 'A run ends with 6 failed requests (flaky provider); one rerun of the failed samples turns the gate green.',
    inputs: {
      'suite-id': DEMO_SUITE,
      metadata: 'sha=c0ffee1',
      'rerun-failed': '2',
      'max-failed-requests': '0',
      'poll-interval': '1s',
      timeout: '2m',
    },
  },
  'failed-samples': {
    scenario: 'failed-samples',
    about: 'A run ends with 7 failed requests: the gate fails and the summary shows which samples failed, and why.',
    inputs: {
      'suite-id': DEMO_SUITE,
      metadata: 'sha=c0ffee1',
      'failed-samples': '5',
      'max-failed-requests': '0',
      'poll-interval': '1s',
      timeout: '2m',
    },
  },
  noise: {
    scenario: 'noise',
    about:
      "Error bars (issue 16): accuracy and f1 are a little below main's, which `max-regression: accuracy: 0` fails on point values; their intervals hold 0, so `noise: gate` passes, within noise.",
    inputs: {
      'suite-id': DEMO_SUITE,
      metadata: 'sha=c0ffee1',
      'baseline-metadata': 'branch=main',
      thresholds: 'accuracy >= 0.75',
      'max-regression': 'accuracy: 0\nf1: 0',
      noise: 'gate',
      'poll-interval': '1s',
      timeout: '2m',
    },
  },
};
