/**
 * What the run a verdict rests on must be: recorded when the run is chosen (find/), and checked against every read
 * that a write or the verdict rests on. The API's answers are untrusted; a run that stops being the one chosen (another
 * suite, other metadata, not what this gate asked to start) is never judged.
 */
import { matchesMetadata, type EvalRun } from './run.ts';

/** Clocks differ a little: a run started by this gate may say it was created up to this much before the gate started. */
export const CREATED_AT_SKEW_MS = 5 * 60_000;

/** What this gate asked POST /runs for: the run it started must say the same. */
export interface RunRequest {
  models: string[];
  judgeModel: string | undefined;
  embeddingModel: string | undefined;
  /** `run-options`: checked where the run object reports the same field. */
  options: Record<string, unknown>;
  /** Unix ms: the run may not be older than this (the gate's own start, less the clock skew allowed). */
  notBeforeMs: number;
}

export interface RunIdentity {
  /** How the run was chosen, for a reason: `listed as a run of suite S matching k=v`, `given by run-id`, ... */
  chosen: string;
  /** The suite the run must belong to (undefined: none known to check). */
  suiteId: string | undefined;
  /** Every pair the run must carry. */
  metadata: Record<string, string>;
  /** Set for a run this gate started: what it was asked to be. */
  started?: RunRequest;
}

/** The run chosen, and what it must stay: what the find phase hands on. */
export interface ChosenRun {
  run: EvalRun;
  identity: RunIdentity;
}

/**
 * Where `run` is not the run `identity` describes, each as a phrase that completes "the run itself ...". Names only
 * what was asked (from the inputs) and ids, never the API's free text. Empty when it is the run.
 */
export function identityProblems(run: EvalRun, identity: RunIdentity): string[] {
  const problems: string[] = [];
  if (identity.suiteId !== undefined && run.suite_id !== identity.suiteId) {
    problems.push(run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite');
  }
  if (!matchesMetadata(run, identity.metadata)) {
    const differs = Object.keys(identity.metadata).filter((key) => !matchesMetadata(run, { [key]: identity.metadata[key] as string }));
    problems.push(`does not match that metadata (differs in ${differs.join(', ')})`);
  }
  if (identity.started) problems.push(...requestProblems(run, identity.started));
  return problems;
}

function requestProblems(run: EvalRun, asked: RunRequest): string[] {
  const problems: string[] = [];
  if (!sameModels(run.models, asked.models)) problems.push(`has other models than asked for (${asked.models.join(', ')})`);
  if (asked.judgeModel !== undefined && run.judge_model !== asked.judgeModel) {
    problems.push(`has another judge model than asked for (${asked.judgeModel})`);
  }
  if (asked.embeddingModel !== undefined && run.embedding_model !== asked.embeddingModel) {
    problems.push(`has another embedding model than asked for (${asked.embeddingModel})`);
  }
  for (const key of Object.keys(asked.options)) {
    const reported: unknown = Object.hasOwn(run, key) ? run[key] : undefined;
    if (!reportsAsAsked(reported, asked.options[key])) problems.push(`reports another "${key}" than run-options asked for`);
  }
  if (run.created_at * 1000 < asked.notBeforeMs) {
    const iso = (ms: number) => new Date(ms).toISOString();
    const began = iso(asked.notBeforeMs + CREATED_AT_SKEW_MS);
    problems.push(`was created at ${iso(run.created_at * 1000)}, before this gate started (${began}; 5 minutes of clock skew allowed)`);
  }
  return problems;
}

/** The same models, each once, in any order. */
function sameModels(reported: string[], asked: string[]): boolean {
  return reported.length === asked.length && new Set(reported).size === reported.length && asked.every((m) => reported.includes(m));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a field the run reports says what was asked. What it does not report cannot be checked (the API echoes
 * `generation.max_gen_toks` as `max_output_tokens`, and adds its defaults): only the parts reported are compared.
 */
function reportsAsAsked(reported: unknown, asked: unknown): boolean {
  if (reported === undefined || reported === null) return true;
  if (isPlainObject(asked)) {
    if (!isPlainObject(reported)) return false;
    return Object.keys(asked).every((key) => reportsAsAsked(Object.hasOwn(reported, key) ? reported[key] : undefined, asked[key]));
  }
  if (Array.isArray(asked)) {
    return Array.isArray(reported) && reported.length === asked.length && asked.every((item, i) => sameValue(reported[i], item));
  }
  return reported === asked;
}

/** Deep equality of JSON values (an array item is compared whole, not as a subset). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return a === b;
}
