import { jsonDepth, MAX_JSON_DEPTH } from '../api/body.ts';
import type { CreateRunMode, GateConfig, RunCreation, RunTarget } from '../core/config.ts';
import type { InputScope } from './scope.ts';

const MODES: CreateRunMode[] = ['never', 'if-missing', 'always'];
const CREATION_INPUTS = ['models', 'judge-model', 'embedding-model', 'run-options'];
/** Body fields the gate sets itself: `run-options` may not override them. */
const RESERVED_OPTIONS = ['suite_id', 'models', 'metadata'];
const MODEL_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_MODELS = 20;

/** `create-run` and the inputs that say what a started run is made of. */
export function parseRunCreation(scope: InputScope, target: RunTarget, context: Record<string, string>): RunCreation {
  const { text, problem } = scope;
  const raw = text('create-run') || 'never';
  const mode = MODES.find((m) => m === raw.toLowerCase());
  if (!mode) problem('create-run', raw, '`never`, `if-missing` (start a run when none matches `metadata`) or `always`');
  const creating = mode !== undefined && mode !== 'never';
  if (!creating) {
    // Set without create-run they would do nothing: say so rather than ignore them.
    for (const name of CREATION_INPUTS.filter((n) => mode === 'never' && text(n))) {
      problem(name, text(name), `no value unless \`create-run\` is \`if-missing\` or \`always\` (it only describes a run to start)`);
    }
    return { mode: mode ?? 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context };
  }
  checkTargetForCreation(scope, target);
  const judgeModel = oneLine(scope, 'judge-model');
  const embeddingModel = oneLine(scope, 'embedding-model');
  const options = parseRunOptions(scope, { judge_model: judgeModel, embedding_model: embeddingModel });
  return { mode, models: parseModels(scope), judgeModel, embeddingModel, options, context };
}

/** A run is started for a suite and tagged with `metadata`, so that a later lookup finds it. */
function checkTargetForCreation({ text, problem }: InputScope, target: RunTarget): void {
  if (target.kind === 'schedule') {
    problem(
      'schedule-id',
      text('schedule-id'),
      'no `schedule-id` with `create-run` (the schedule starts its own runs): set `suite-id` and `metadata` instead',
    );
  } else if (target.kind === 'run-id') {
    problem('run-id', text('run-id'), 'no `run-id` with `create-run` (a started run gets a new id): set `suite-id` and `metadata` instead');
  } else if (text('metadata') === '*') {
    problem(
      'metadata',
      '*',
      'key=value pairs with `create-run`: they tag the started run so that a re-run of the job finds it (`*` matches any run)',
    );
  }
}

function parseModels({ read, problem }: InputScope): string[] {
  const raw = read('models');
  const models = raw
    .split(/[\r\n,]+/)
    .map((m) => m.trim())
    .filter(Boolean);
  const expected = `1 to ${MAX_MODELS} model ids, one per line or comma-separated (e.g. \`gpt-x, gpt-y\`), when \`create-run\` is not \`never\``;
  if (models.length === 0 || models.length > MAX_MODELS) problem('models', raw.trim(), expected);
  for (const model of models.filter((m) => !MODEL_ID.test(m))) problem('models', model, 'model ids of printable characters without spaces');
  const duplicates = models.filter((m, i) => models.indexOf(m) !== i);
  if (duplicates.length > 0) problem('models', duplicates[0] as string, 'each model once');
  return models;
}

function oneLine({ text, problem }: InputScope, name: string): string | undefined {
  const value = text(name);
  if (value && !MODEL_ID.test(value)) problem(name, value, 'a model id of printable characters without spaces');
  return value || undefined;
}

function parseRunOptions({ text, problem }: InputScope, fromInputs: Record<string, string | undefined>): Record<string, unknown> {
  const raw = text('run-options');
  if (!raw) return {};
  const options = readOptionsObject(raw, problem);
  if (!options) return {};
  for (const key of RESERVED_OPTIONS.filter((k) => Object.hasOwn(options, k))) {
    problem('run-options', raw, `no "${key}" key: the gate sets it from \`${key === 'suite_id' ? 'suite-id' : key}\``);
  }
  for (const [key, value] of Object.entries(fromInputs)) {
    if (value !== undefined && Object.hasOwn(options, key)) {
      problem('run-options', raw, `no "${key}" key when \`${key.replace('_', '-')}\` is set too (one place for it)`);
    }
  }
  return options;
}

/**
 * `run-options` as the object the create request will carry, or undefined after reporting why it cannot be. The depth
 * is checked on the text, before parsing: JSON.parse takes any depth, but JSON.stringify overflows the stack on the
 * way out. A number beyond the double range (`1e999`) parses as Infinity and would be sent as `null`.
 */
function readOptionsObject(raw: string, problem: InputScope['problem']): Record<string, unknown> | undefined {
  if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    problem(
      'run-options',
      raw,
      `a JSON object nested at most ${MAX_JSON_DEPTH} levels deep (the gate's limit for any JSON it sends or reads)`,
    );
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problem(
      'run-options',
      raw,
      'a JSON object of further create fields, e.g. `{"generation": {"temperature": 0}, "grader_concurrency": 4}`',
    );
    return undefined;
  }
  const unsendable = unsendableNumber(parsed);
  if (unsendable !== undefined) {
    problem('run-options', raw, `JSON numbers within range: "${unsendable}" is too large to send (it would be sent as null)`);
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

/** The path of the first number JSON cannot carry (Infinity), if any. Recursive: the depth is bounded above. */
function unsendableNumber(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(top level)';
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unsendableNumber(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What the gate does after the run finished: rerun failed samples, show failed samples. */
export function parseFollowUp(scope: InputScope): Pick<GateConfig, 'rerunFailed' | 'failedSamples'> {
  return {
    rerunFailed: parseWholeNumber(scope, 'rerun-failed', '0', 5, 'how many times to rerun failed samples'),
    failedSamples: parseWholeNumber(scope, 'failed-samples', '10', 100, 'how many failed samples to show; 0 shows none'),
  };
}

function parseWholeNumber({ text, problem }: InputScope, name: string, fallback: string, max: number, what: string): number {
  const raw = text(name) || fallback;
  const value = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(value) || value > max) {
    problem(name, raw, `a whole number from 0 to ${max} (${what})`);
    return Number(fallback);
  }
  return value;
}
