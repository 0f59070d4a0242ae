import { createHash } from 'node:crypto';
import type { RunState } from './model.ts';
import { scoresFor, slotOf } from './scores.ts';

/** Sample statuses the samples endpoint accepts as a filter (the docs list both sets). */
export const SAMPLE_STATUSES = ['queued', 'running', 'completed', 'failed', 'generating', 'ready_to_score', 'scoring'] as const;

export type Answer = { status: number; body: unknown };

const invalid = (message: string): Answer => ({ status: 400, body: { error: { type: 'invalid_request', message } } });

/**
 * The run's samples, generated from its current request_counts: the first `failed` sample indexes
 * failed, the next `completed` completed, the rest are still queued. Models and tasks cycle; a run with
 * `scores` lays its samples out per model and item instead (scores.ts) and serves its drawn scores.
 */
export function samplesOf(state: RunState, run: Record<string, unknown>): Record<string, unknown>[] {
  // Built once per state of the run: paging through 10,000 samples must not rebuild them for every page.
  const key = JSON.stringify([run.request_counts, run.models, run.created_at, run.started_at, run.completed_at]);
  const cached = built.get(state);
  if (cached?.key === key) return cached.samples;
  const samples = buildSamples(state, run);
  built.set(state, { key, samples });
  return samples;
}

const built = new WeakMap<RunState, { key: string; samples: Record<string, unknown>[] }>();

function buildSamples(state: RunState, run: Record<string, unknown>): Record<string, unknown>[] {
  const counts = run.request_counts as { total: number; completed: number; failed: number };
  const models = (run.models as string[] | undefined)?.length ? (run.models as string[]) : ['auto'];
  const tasks = state.spec.tasks?.length ? state.spec.tasks : ['qa'];
  return Array.from({ length: counts.total }, (_, index) => {
    const status = index < counts.failed ? 'failed' : index < counts.failed + counts.completed ? 'completed' : 'queued';
    const finished = status !== 'queued';
    const slot = state.spec.scores ? slotOf({ ...state.spec, models }, index) : undefined;
    const scores = status !== 'completed' ? {} : slot && state.spec.scores ? scoresFor(state.spec.scores, slot) : { exact_match: 1 };
    const sample: Record<string, unknown> = {
      id: `eval_sample_${createHash('md5').update(`${state.id}/${index}`).digest('hex')}`,
      object: 'eval.sample',
      run_id: state.id,
      task_id: slot?.taskId ?? tasks[index % tasks.length],
      model: slot?.model ?? models[index % models.length],
      sample_index: slot?.sampleIndex ?? index,
      status,
      dataset_row: { question: `What is ${index} + ${index}?`, answer: String(index * 2) },
      prompt: `Answer with a number only. What is ${index} + ${index}?`,
      target: String(index * 2),
      response_id: finished && status === 'completed' ? `resp_${index}` : null,
      output_text: status === 'completed' ? String(index * 2) : null,
      extracted_output: status === 'completed' ? String(index * 2) : null,
      scores,
      judge: null,
      error: status === 'failed' ? { code: 'provider_timeout', message: 'The model provider did not answer within 60s' } : null,
      created_at: run.created_at,
      started_at: finished ? run.started_at : null,
      completed_at: finished ? (run.completed_at ?? run.started_at) : null,
    };
    return { ...sample, ...state.spec.sampleOverrides?.[index] };
  });
}

/** GET /runs/{id}/samples: `limit` 1..500 (default 100), `after` (a sample id), `status`, `task_id`, `model`. */
export function listSamples(samples: Record<string, unknown>[], query: URLSearchParams): Answer {
  const limitText = query.get('limit') ?? '100';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 500) {
    return invalid(`limit must be an integer from 1 to 500, got "${limitText}"`);
  }
  const status = query.get('status');
  if (status !== null && !(SAMPLE_STATUSES as readonly string[]).includes(status)) {
    return invalid(`status must be one of ${SAMPLE_STATUSES.join(', ')}`);
  }
  const filters: Array<[string, string | null]> = [
    ['status', status],
    ['task_id', query.get('task_id')],
    ['model', query.get('model')],
  ];
  const rows = samples.filter((sample) => filters.every(([field, value]) => value === null || sample[field] === value));
  const after = query.get('after');
  let start = 0;
  if (after !== null) {
    const index = rows.findIndex((sample) => sample.id === after);
    if (index < 0) return invalid(`after: no sample "${after}" in this listing`);
    start = index + 1;
  }
  const data = rows.slice(start, start + limit);
  const body = {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < rows.length,
  };
  return { status: 200, body };
}
