/**
 * `mode`, `detach-after` and `status-context` (issue 17), and what each mode refuses. `detach` needs a pull request
 * event (its head commit gets the status); `reconcile` needs `suite-id` and no input that finds or starts a run.
 */
import type { DetachMode, GateConfig, ReconcileMode, RunCreation, RunTarget, StatusTarget } from '../core/config.ts';
import { parseDuration } from '../core/duration.ts';
import { ID_FORM, isValidId } from '../core/ids.ts';
import { defaultStatusContext } from '../github/gate-status.ts';
import { detachTarget } from '../github/pull-request-event.ts';
import type { GitHubEnvironment } from './github-environment.ts';
import type { InputScope } from './scope.ts';

export type ModeChoice = 'wait' | 'detach' | 'reconcile';

const MODES: ModeChoice[] = ['wait', 'detach', 'reconcile'];
/** Printable text on one line: GitHub shows the context as the check's name. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTEXT_FORM = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]{1,100}$/;
const detachAfterForm = (timeout: string) =>
  `a duration shorter than \`timeout\` (${timeout}), e.g. \`0\`, \`30s\`, \`2m\`: how long to wait for the run before leaving its verdict to the reconcile`;

/** `mode` itself; a bad value is reported and `wait` assumed for the other checks. */
export function parseModeChoice({ text, problem }: InputScope): ModeChoice {
  const raw = text('mode') || 'wait';
  const choice = MODES.find((m) => m === raw.toLowerCase());
  if (!choice) problem('mode', raw, '`wait` (hold the job until the verdict), `detach` or `reconcile`');
  return choice ?? 'wait';
}

/**
 * The run target of a reconcile: the suite whose statuses it completes. It finds no run and starts none, so the
 * inputs that would are refused rather than ignored.
 */
export function parseReconcileTarget(scope: InputScope): RunTarget {
  const { text, problem } = scope;
  const suiteId = text('suite-id');
  if (!suiteId) problem('suite-id', '', 'the suite whose pending statuses `mode: reconcile` completes (eval_suite_…)');
  else if (!isValidId(suiteId)) problem('suite-id', suiteId, `${ID_FORM} (e.g. eval_suite_…)`);
  const why = 'nothing with `mode: reconcile`: it reads the run named by each pending status, and never finds or starts one';
  for (const name of ['run-id', 'metadata', 'schedule-id', 'max-age', 'models', 'judge-model', 'embedding-model', 'run-options']) {
    if (text(name)) problem(name, text(name), why);
  }
  const createRun = text('create-run');
  if (createRun && createRun.toLowerCase() !== 'never') problem('create-run', createRun, `\`never\` (or empty): ${why}`);
  const cancelOn = text('cancel-run-on');
  if (cancelOn && cancelOn.toLowerCase() !== 'never') {
    problem('cancel-run-on', cancelOn, '`never` with `mode: reconcile`: it never waits for a run, so nothing times out while watching');
  }
  return { kind: 'lookup', suiteId, metadata: {} };
}

/** A reconcile starts nothing. */
export function noRunCreation(context: Record<string, string>): RunCreation {
  return { mode: 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context };
}

type Settings = Pick<GateConfig, 'target' | 'timeoutMs' | 'comment'>;

/** The settings of `detach` or `reconcile`; undefined in `wait` mode, where the mode's inputs must be left alone. */
export function parseModeSettings(
  scope: InputScope,
  choice: ModeChoice,
  environment: GitHubEnvironment,
  settings: Settings,
): DetachMode | ReconcileMode | undefined {
  const { text, problem } = scope;
  if (choice === 'wait') {
    const detachAfter = text('detach-after');
    if (detachAfter && detachAfter !== '0') problem('detach-after', detachAfter, 'nothing unless `mode` is `detach`');
    if (text('status-context')) problem('status-context', text('status-context'), 'nothing unless `mode` is `detach` or `reconcile`');
    return undefined;
  }
  // Without a token, `comment: true` says so already.
  if (!settings.comment.token && !settings.comment.enabled) {
    problem(
      'github-token',
      '',
      `a token that can write commit statuses (default \`\${{ github.token }}\`, with \`permissions: statuses: write\`) when \`mode\` is \`${choice}\``,
    );
  }
  const status = statusTarget(scope, choice, environment, settings.target);
  return choice === 'detach' ? detachSettings(scope, environment, settings, status) : reconcileSettings(scope, settings, status);
}

function detachSettings(scope: InputScope, environment: GitHubEnvironment, settings: Settings, status: StatusTarget): DetachMode {
  const { text, problem } = scope;
  const event = detachTarget(environment.eventName, environment.payload);
  if (!event.ok) {
    // detachEventProblem words the event problem as an input error of `mode` already ("mode: expected …").
    const expected = event.problem.replace(/^mode: expected /, '');
    problem(
      'mode',
      'detach',
      expected === event.problem ? `a pull request event whose payload names the head commit: ${expected}` : expected,
    );
  }
  if (settings.target.kind === 'schedule') {
    problem(
      'schedule-id',
      text('schedule-id'),
      'nothing with `mode: detach`: a schedule runs on its own clock, not for a pull request; use `mode: wait`, or `suite-id` with `metadata`',
    );
  }
  const raw = text('detach-after') || '0';
  const ms = parseDuration(raw);
  let detachAfterMs = 0;
  if (ms === undefined || ms < 0 || ms >= settings.timeoutMs) problem('detach-after', raw, detachAfterForm(text('timeout') || '30m'));
  else detachAfterMs = ms;
  const pullRequest = event.ok
    ? { number: event.number, headSha: event.headSha, fromFork: event.fromFork }
    : { number: 0, headSha: '', fromFork: false };
  return { kind: 'detach', detachAfterMs, pullRequest, status };
}

function reconcileSettings({ text, problem }: InputScope, settings: Settings, status: StatusTarget): ReconcileMode {
  const detachAfter = text('detach-after');
  if (detachAfter && detachAfter !== '0') problem('detach-after', detachAfter, 'nothing unless `mode` is `detach`');
  const suiteId = settings.target.kind === 'schedule' ? '' : (settings.target.suiteId ?? '');
  return { kind: 'reconcile', suiteId, timeoutText: text('timeout') || '30m', status };
}

/** The status's context and where it is written; the runner's repository is required (it is the only place allowed). */
function statusTarget({ text, problem }: InputScope, choice: ModeChoice, environment: GitHubEnvironment, target: RunTarget): StatusTarget {
  const given = text('status-context');
  const suiteId = target.suiteId;
  let context = given;
  if (!given) {
    if (suiteId && isValidId(suiteId)) context = defaultStatusContext(suiteId);
    else if (choice === 'detach') {
      problem('status-context', '', 'the commit status context (the same as the reconcile workflow’s) when `suite-id` is not set');
    }
  } else if (!CONTEXT_FORM.test(given)) {
    problem('status-context', given, 'one line of up to 100 printable characters, the same in the pull request workflow and the reconcile');
  }
  const repository = environment.repository;
  if (!repository) {
    problem('mode', choice, `a runner that sets GITHUB_REPOSITORY to owner/name: \`${choice}\` writes commit statuses to that repository`);
  }
  return { context, apiUrl: environment.apiUrl, owner: repository?.owner ?? '', repo: repository?.repo ?? '', runUrl: environment.runUrl };
}
