import type { RunSpec } from './model.ts';
import type { Answer } from './samples.ts';

/** A run started with POST /runs when the scenario says nothing: completes in about 2 s, 40 requests, none failed. */
export const DEFAULT_CREATED_RUN: RunSpec = { queuedMs: 300, inProgressMs: 1500, finalizingMs: 200, total: 40 };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isConcurrency = (value: unknown) =>
  value === undefined || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 25);
const optionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';

const invalid = (message: string): Answer => ({ status: 400, body: { error: { type: 'invalid_request', message } } });

/** Checks a POST /runs body as the API documents it; returns the fields the new run takes from it, or a 400. */
export function readCreateBody(raw: string): { ok: true; spec: RunSpec; suiteId: string } | { ok: false; answer: Answer } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, answer: invalid('body must be a JSON object') };
  }
  if (!isObject(body)) return { ok: false, answer: invalid('body must be a JSON object') };
  if (typeof body.suite_id !== 'string' || !body.suite_id) return { ok: false, answer: invalid('suite_id is required') };
  const models = body.models;
  if (!Array.isArray(models) || models.length < 1 || models.length > 20 || !models.every((m) => typeof m === 'string' && m)) {
    return { ok: false, answer: invalid('models must be an array of 1 to 20 model ids') };
  }
  if (body.metadata !== undefined && !(isObject(body.metadata) && Object.values(body.metadata).every((v) => typeof v === 'string'))) {
    return { ok: false, answer: invalid('metadata must be an object of strings') };
  }
  if (!optionalString(body.judge_model) || !optionalString(body.embedding_model)) {
    return { ok: false, answer: invalid('judge_model and embedding_model must be strings') };
  }
  if (!isConcurrency(body.generation_concurrency) || !isConcurrency(body.grader_concurrency)) {
    return { ok: false, answer: invalid('generation_concurrency and grader_concurrency must be integers from 1 to 25') };
  }
  if (body.generation !== undefined && !isObject(body.generation)) return { ok: false, answer: invalid('generation must be an object') };
  const spec: RunSpec = {
    metadata: (body.metadata as Record<string, string> | undefined) ?? {},
    models: models as string[],
    ...(body.judge_model !== undefined ? { judgeModel: body.judge_model as string | null } : {}),
    extra: {
      ...(body.embedding_model !== undefined ? { embedding_model: body.embedding_model } : {}),
      ...(body.generation !== undefined ? { generation: body.generation } : {}),
    },
  };
  return { ok: true, spec, suiteId: body.suite_id };
}
