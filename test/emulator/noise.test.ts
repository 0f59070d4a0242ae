/**
 * Conformance of the noise scenarios (issue 16): the samples endpoint serves `scores` that reproduce each run's
 * `metrics` (pooled, per task and macro), pages of 500 with has_more/after, and each scenario shows the behaviour
 * it is named for when judged by src/stats.
 */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideRegression,
  differenceInterval,
  extractValues,
  reproduce,
  valueInterval,
  type Observation,
  type ScoreRecord,
} from '../../src/stats/index.ts';
import { NOISE_BASELINE, NOISE_RUN } from './noise-scenarios.ts';
import type { Scenario } from './model.ts';
import { scenarios } from './scenarios.ts';
import { startEmulator, type Emulator } from './server.ts';

const RUNS = '/api/v1/llm/evals/runs';
let emulator: Emulator | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await emulator?.close();
  await agent?.close();
  emulator = undefined;
  agent = undefined;
});

/** The scenario served at a virtual time when every run has completed. */
async function serve(name: string): Promise<Emulator> {
  let virtual = 0;
  emulator = await startEmulator({ scenario: scenarios[name] as Scenario, now: () => virtual, epochMs: 1_700_000_000_000 });
  virtual = 60_000;
  agent = new Agent();
  return emulator;
}

async function get(path: string): Promise<any> {
  const response = await request(`${emulator!.url}${path}`, {
    headers: { authorization: `Bearer ${emulator!.apiKey}` },
    dispatcher: agent,
  });
  expect(response.statusCode).toBe(200);
  return response.body.json();
}

/** Every completed sample of a run, as the gate reads them: limit=500, following `after` while `has_more`. */
async function completedSamples(runId: string): Promise<{ samples: any[]; pages: number }> {
  const samples: any[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const query = new URLSearchParams({ status: 'completed', limit: '500', ...(after ? { after } : {}) });
    const page = await get(`${RUNS}/${runId}/samples?${query}`);
    pages++;
    samples.push(...page.data);
    if (!page.has_more) return { samples, pages };
    expect(page.last_id).toBe(page.data.at(-1).id);
    after = page.last_id;
  }
}

/** The values of one metric of one model (and task), as issue 16 rule 1 reads them. */
function values(samples: any[], metric: string, filter: { model: string; task?: string }): Observation[] {
  const records: ScoreRecord[] = samples
    .filter((s) => s.status === 'completed' && s.model === filter.model && (filter.task === undefined || s.task_id === filter.task))
    .map((s) => ({ model: s.model, taskId: s.task_id, sampleIndex: s.sample_index, value: s.scores[metric] }));
  return extractValues(records).observations;
}

async function runAndBaseline(metric: string) {
  const run = await get(`${RUNS}/${NOISE_RUN}`);
  const baseline = await get(`${RUNS}/${NOISE_BASELINE}`);
  const now = values((await completedSamples(NOISE_RUN)).samples, metric, { model: 'gpt-x' });
  const before = values((await completedSamples(NOISE_BASELINE)).samples, metric, { model: 'gpt-x' });
  return { run, baseline, now, before, reported: run.metrics['gpt-x'][metric], baselineReported: baseline.metrics['gpt-x'][metric] };
}

describe('noise scenarios: samples whose scores reproduce the metrics', () => {
  it('noise: no true change, point "accuracy: 0" fails, the paired interval holds 0 (within noise)', async () => {
    await serve('noise');
    for (const metric of ['accuracy', 'f1']) {
      const { now, before, reported, baselineReported } = await runAndBaseline(metric);
      expect(now).toHaveLength(400);
      expect(reproduce(now, reported).aggregation).toBe('pooled');
      expect(reproduce(before, baselineReported).aggregation).toBe('pooled');
      expect(reported).toBeLessThan(baselineReported); // the point rule 'metric: 0' fails
      const delta = differenceInterval(now, before, { aggregation: 'pooled', confidence: 0.95 });
      expect(delta).toMatchObject({ ok: true, interval: { method: 'paired-t', pairs: 400 } });
      if (delta.ok) expect(decideRegression(delta.interval, 0, false).decision).toBe('uncertain');
    }
    const { now } = await runAndBaseline('accuracy');
    expect(valueInterval(now, { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({ ok: true, interval: { method: 'wilson' } });
  });

  it('noise-regression: a true 0.08 drop whose interval lies wholly below 0', async () => {
    await serve('noise-regression');
    const { now, before, reported, baselineReported } = await runAndBaseline('accuracy');
    expect(reproduce(now, reported).aggregation).toBe('pooled');
    expect(baselineReported - reported).toBeGreaterThan(0.05);
    const delta = differenceInterval(now, before, { aggregation: 'pooled', confidence: 0.95 });
    expect(delta.ok && decideRegression(delta.interval, 0.02, false).decision).toBe('fail');
  });

  it('noise-unreproducible: the samples do not reproduce the reported values', async () => {
    await serve('noise-unreproducible');
    for (const metric of ['accuracy', 'f1']) {
      const { now, reported } = await runAndBaseline(metric);
      expect(now).toHaveLength(400);
      expect(reproduce(now, reported)).toMatchObject({ aggregation: null, match: null });
    }
  });

  it('noise-unpaired: a baseline of 250 items pairs 62.5% of the run, so the interval is Welch', async () => {
    await serve('noise-unpaired');
    const { now, before, baselineReported } = await runAndBaseline('accuracy');
    expect(reproduce(before, baselineReported).aggregation).toBe('pooled');
    const delta = differenceInterval(now, before, { aggregation: 'pooled', confidence: 0.95 });
    expect(delta).toMatchObject({ ok: true, interval: { method: 'welch-unpaired', pairs: 250, pairedShare: 0.625, baselineSamples: 250 } });
  });

  it('noise-repeats: three samples per item, so cluster-robust intervals and pairs of items', async () => {
    await serve('noise-repeats');
    const { now, before, reported } = await runAndBaseline('accuracy');
    expect(now).toHaveLength(360);
    expect(new Set(now.map((o) => `${o.taskId}/${o.sampleIndex}`)).size).toBe(120);
    expect(reproduce(now, reported)).toMatchObject({ aggregation: 'pooled', match: 'exact' });
    expect(valueInterval(now, { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({ ok: true, interval: { method: 'cluster' } });
    expect(differenceInterval(now, before, { aggregation: 'pooled', confidence: 0.95 })).toMatchObject({
      ok: true,
      interval: { method: 'paired-t', pairs: 120 },
    });
  });

  it('noise-large: 9,962 completed samples in 20 pages of at most 500; macro and per-task metrics reproduce', async () => {
    await serve('noise-large');
    const run = await get(`${RUNS}/${NOISE_RUN}`);
    expect(run.request_counts).toEqual({ total: 10_000, completed: 9962, failed: 38 });
    const before = emulator!.requests.length;
    const { samples, pages } = await completedSamples(NOISE_RUN);
    expect(pages).toBe(Math.ceil(9962 / 500));
    expect(emulator!.requests.slice(before).every((r) => r.query.limit === '500' && r.query.status === 'completed')).toBe(true);
    expect(samples).toHaveLength(9962);
    expect(new Set(samples.map((s) => s.id)).size).toBe(9962);
    const scores = (metric: string) =>
      samples.map((s) => ({ model: s.model, taskId: s.task_id, sampleIndex: s.sample_index, value: s.scores[metric] }));
    expect(extractValues(scores('accuracy'))).toMatchObject({ excluded: 1, excludedBy: { null: 1 } });
    expect(extractValues(scores('f1'))).toMatchObject({ excluded: 1, excludedBy: { text: 1 } });
    for (const metric of ['accuracy', 'f1']) {
      const all = values(samples, metric, { model: 'gpt-x' });
      expect(all).toHaveLength(9961);
      expect(reproduce(all, run.metrics['gpt-x'][metric])).toMatchObject({ aggregation: 'macro', match: 'exact' });
      for (const task of ['qa', 'reading', 'math']) {
        const one = values(samples, metric, { model: 'gpt-x', task });
        expect(reproduce(one, run.metrics['gpt-x'][task][metric])).toMatchObject({ aggregation: 'pooled', match: 'exact' });
      }
    }
  });

  it('serves the same scores on every read (deterministic)', async () => {
    await serve('noise');
    const first = (await completedSamples(NOISE_RUN)).samples.map((s) => s.scores);
    const second = (await completedSamples(NOISE_RUN)).samples.map((s) => s.scores);
    expect(second).toEqual(first);
    expect(new Set(first.map((s) => s.accuracy))).toEqual(new Set([0, 1]));
  });
});
