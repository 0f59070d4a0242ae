import type { ScheduleTarget } from '../core/config.ts';
import { parseDuration } from '../core/duration.ts';
import { idInput } from './id-input.ts';
import type { InputScope } from './scope.ts';

const MAX_AGE_LIMIT_MS = 366 * 86_400_000;

/**
 * `schedule-id` and `max-age`: the schedule chooses the run, so it excludes `run-id` and a metadata
 * lookup. Undefined when no schedule is given (then `max-age` alone is a mistake worth saying).
 */
export function parseScheduleTarget(scope: InputScope): ScheduleTarget | undefined {
  const { text, problem } = scope;
  const scheduleId = text('schedule-id');
  const maxAgeText = text('max-age');
  if (!scheduleId) {
    if (maxAgeText) problem('max-age', maxAgeText, 'nothing without `schedule-id`: it limits how long ago the schedule last ran');
    return undefined;
  }
  idInput(scope, 'schedule-id', 'schedule', 'a schedule id');
  const runId = text('run-id');
  if (runId) problem('run-id', runId, 'nothing when `schedule-id` is set (the schedule chooses the run): give one or the other');
  const metadata = text('metadata');
  if (metadata) problem('metadata', metadata, 'nothing when `schedule-id` is set (the schedule chooses the run, not a metadata lookup)');
  const suiteId = idInput(scope, 'suite-id', 'suite', 'a suite id');
  let maxAge: ScheduleTarget['maxAge'];
  if (maxAgeText) {
    const ms = parseDuration(maxAgeText);
    if (ms === undefined || ms < 1000 || ms > MAX_AGE_LIMIT_MS) {
      problem(
        'max-age',
        maxAgeText,
        'a duration from 1s to 366d: a number with unit s, m, h or d (e.g. 26h, 3d), units combined largest first (1d12h), or a bare number of seconds',
      );
    } else maxAge = { ms, text: maxAgeText };
  }
  return { kind: 'schedule', scheduleId, suiteId: suiteId || undefined, maxAge };
}
