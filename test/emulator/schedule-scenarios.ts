import type { RunSpec, Scenario } from './model.ts';

export const NIGHTLY_SCHEDULE = 'eval_sched_6e1f0c3b9a8d4e2f8c7b6a5d4e3f2a1b';
export const NIGHTLY_RUN = 'eval_run_5c4b3a2918f7e6d5c4b3a2918f7e6d5c';
export const FIRST_RUN = 'eval_run_f1257a1e0000400080001f1257a1e000';
const HOUR = 3600;
const DAY = 24 * HOUR;

const metrics = { 'gpt-x': { accuracy: 0.91, f1: 0.88 } };

/** One finished run of the nightly schedule, `ageSeconds` old. */
function nightlyRun(suiteId: string, ageSeconds: number, extra: Partial<RunSpec> = {}): RunSpec {
  return {
    suiteId,
    scheduleId: NIGHTLY_SCHEDULE,
    ageSeconds,
    total: 60,
    models: ['gpt-x'],
    metrics,
    metadata: { trigger: 'schedule' },
    ...extra,
  };
}

/**
 * A nightly schedule in its healthy and broken states. In every one, a newer pull request run of the
 * same suite exists too: the gate must pick the schedule's run, not the suite's newest.
 */
export function scheduleScenarios(suiteId: string): Record<string, Scenario> {
  const prRun: RunSpec = {
    suiteId,
    ageSeconds: 600,
    total: 60,
    metadata: { branch: 'feature/x' },
    metrics: { 'gpt-x': { accuracy: 0.5 } },
  };
  const nightly = { id: NIGHTLY_SCHEDULE, name: 'Nightly MMLU', suiteId, cron: '30 3 * * *', timezone: 'Europe/Berlin' };
  const history = (latestAgeSeconds: number) => [
    nightlyRun(suiteId, latestAgeSeconds + 2 * DAY, { metadata: { trigger: 'schedule', night: '1' } }),
    nightlyRun(suiteId, latestAgeSeconds + DAY, { metadata: { trigger: 'schedule', night: '2' } }),
    nightlyRun(suiteId, latestAgeSeconds, { id: NIGHTLY_RUN }),
    prRun,
  ];
  return {
    'schedule-nightly': {
      description: 'A healthy nightly schedule whose last run finished 5 hours ago (accuracy 0.91).',
      schedules: [nightly],
      runs: history(5 * HOUR),
    },
    'schedule-stale': {
      description: 'A nightly schedule that stopped firing: its last run is 3 days old.',
      schedules: [nightly],
      runs: history(3 * DAY),
    },
    'schedule-disabled': {
      description: 'A nightly schedule that was switched off (enabled: false) after a run a day ago.',
      schedules: [{ ...nightly, enabled: false }],
      runs: history(DAY),
    },
    'schedule-never-run': {
      description: 'A new schedule that has never run; its first run is due in 6 hours.',
      schedules: [{ ...nightly, firstRunAfterMs: 6 * HOUR * 1000 }],
      runs: [prRun],
    },
    'schedule-first-run-soon': {
      description: 'A new 6-hourly schedule whose first run is due 4 s after start and completes about 1.5 s later.',
      schedules: [{ id: NIGHTLY_SCHEDULE, name: 'Every 6 hours', suiteId, intervalSeconds: 6 * HOUR, firstRunAfterMs: 4000 }],
      runs: [
        prRun,
        {
          id: FIRST_RUN,
          suiteId,
          scheduleId: NIGHTLY_SCHEDULE,
          appearAfterMs: 4000,
          queuedMs: 300,
          inProgressMs: 1000,
          finalizingMs: 200,
          total: 60,
          models: ['gpt-x'],
          metrics,
        },
      ],
    },
  };
}
