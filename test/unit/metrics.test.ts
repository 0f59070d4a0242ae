import { describe, expect, it } from 'vitest';
import { flattenMetrics, formatMetric, lowerIsBetter, readMetrics, resolveMetric } from '../../src/core/metrics.ts';

const entries = (value: unknown) => Object.fromEntries(flattenMetrics(value));
const resolve = (value: unknown, name: string, scope?: string) => resolveMetric(flattenMetrics(value), name, scope).sort();

describe('flattenMetrics', () => {
  it('keeps a flat object as is', () => {
    expect(entries({ accuracy: 0.91, f1: 0.88, latency_p95_ms: 840 })).toEqual({ accuracy: 0.91, f1: 0.88, latency_p95_ms: 840 });
  });

  it('joins metrics nested by model with dots', () => {
    expect(entries({ 'gpt-x': { accuracy: 0.91 }, 'gpt-y': { accuracy: 0.86, f1: 0.8 } })).toEqual({
      'gpt-x.accuracy': 0.91,
      'gpt-y.accuracy': 0.86,
      'gpt-y.f1': 0.8,
    });
  });

  it('joins metrics nested by model and task', () => {
    expect(entries({ 'gpt-x': { qa: { accuracy: 0.9 }, summarize: { rouge_l: 0.41 } }, 'gpt-y': { qa: { accuracy: 0.8 } } })).toEqual({
      'gpt-x.qa.accuracy': 0.9,
      'gpt-x.summarize.rouge_l': 0.41,
      'gpt-y.qa.accuracy': 0.8,
    });
  });

  it('keeps every field of an aggregate ({mean, stderr}) under the metric', () => {
    expect(entries({ accuracy: { mean: 0.9, stderr: 0.01, n: 200 } })).toEqual({
      'accuracy.mean': 0.9,
      'accuracy.stderr': 0.01,
      'accuracy.n': 200,
    });
  });

  it('labels rows of a list by their model and task, unwrapping a `metrics` object', () => {
    const rows = [
      { model: 'gpt-x', task_id: 'qa', metrics: { accuracy: 0.9, f1: 0.85 } },
      { model: 'gpt-x', task_id: 'math', metrics: { accuracy: 0.7 } },
      { model: 'gpt-y', task_id: 'qa', metrics: { accuracy: 0.8 } },
    ];
    expect(entries(rows)).toEqual({
      'gpt-x.qa.accuracy': 0.9,
      'gpt-x.qa.f1': 0.85,
      'gpt-x.math.accuracy': 0.7,
      'gpt-y.qa.accuracy': 0.8,
    });
  });

  it('labels rows that carry their numbers beside the labels, and {name, value} rows', () => {
    expect(entries({ per_model: [{ model: 'gpt-x', accuracy: 0.9, n: 10 }] })).toEqual({
      'per_model.gpt-x.accuracy': 0.9,
      'per_model.gpt-x.n': 10,
    });
    expect(
      entries([
        { name: 'accuracy', value: 0.9 },
        { name: 'latency_ms', value: 120 },
      ]),
    ).toEqual({
      'accuracy.value': 0.9,
      'latency_ms.value': 120,
    });
    // A row that also has other fields keeps its `metrics` container in the path.
    expect(entries([{ model: 'gpt-x', n: 5, metrics: { accuracy: 0.9 } }])).toEqual({ 'gpt-x.n': 5, 'gpt-x.metrics.accuracy': 0.9 });
  });

  it('keeps rows of the same model on different datasets apart, labelled by the dataset', () => {
    // Labelled by the model alone, the 0.95 row would overwrite the failing 0.5 one.
    const rows = [
      { model: 'gpt-x', dataset: 'qa', accuracy: 0.5 },
      { model: 'gpt-x', dataset: 'math', accuracy: 0.95 },
    ];
    expect(entries(rows)).toEqual({ 'gpt-x.qa.accuracy': 0.5, 'gpt-x.math.accuracy': 0.95 });
    expect(entries({ per_dataset: rows, split: 'test' })).toEqual({
      'per_dataset.gpt-x.qa.accuracy': 0.5,
      'per_dataset.gpt-x.math.accuracy': 0.95,
    });
  });

  it('keeps rows with identical labels, adding their index, and leaves a unique label alone', () => {
    const rows = [
      { model: 'gpt-x', accuracy: 0.5 },
      { model: 'gpt-x', accuracy: 0.95 },
      { model: 'gpt-y', accuracy: 0.8 },
    ];
    expect(entries(rows)).toEqual({ 'gpt-x.0.accuracy': 0.5, 'gpt-x.1.accuracy': 0.95, 'gpt-y.accuracy': 0.8 });
    expect(resolve(rows, 'accuracy', 'gpt-x')).toEqual(['gpt-x.0.accuracy', 'gpt-x.1.accuracy']);
  });

  it('never reads a metric sent as text as a number: it is recorded as invalid, to fail any criterion on it', () => {
    const rows = [
      { model: 'gpt-x', dataset: 'qa', accuracy: '0.91', n: 200 },
      { model: 'gpt-x', dataset: 'math', accuracy: '-0.5' },
    ];
    expect(entries(rows)).toEqual({ 'gpt-x.qa.n': 200 });
    const view = readMetrics(rows);
    expect([...view.invalid]).toEqual([
      ['gpt-x.qa.accuracy', 'a string'],
      ['gpt-x.math.accuracy', 'a string'],
    ]);
  });

  it('labels unlabelled list items by index', () => {
    expect(entries({ scores: [0.1, 0.2], rows: [{ accuracy: 0.5 }] })).toEqual({
      'scores.0': 0.1,
      'scores.1': 0.2,
      'rows.0.accuracy': 0.5,
    });
  });

  it('keeps no string as a value, numeric or not', () => {
    expect(entries({ accuracy: '0.91', count: ' 12 ', tiny: '1e-3', label: 'good', blank: '', pct: '91%', real: 0.5 })).toEqual({
      real: 0.5,
    });
  });

  it('ignores null, booleans, non-finite numbers and values without a name', () => {
    for (const value of [null, undefined, 0.9, '0.9', true, [], {}]) expect(flattenMetrics(value).size).toBe(0);
    expect(entries({ a: null, b: true, c: Number.NaN, d: Number.POSITIVE_INFINITY, e: 1 })).toEqual({ e: 1 });
  });
});

describe('resolveMetric', () => {
  const nested = { 'gpt-x': { qa: { accuracy: 0.9 }, math: { accuracy: 0.7 } }, 'gpt-y': { qa: { accuracy: 0.8 } }, accuracy: 0.85 };

  it('matches whole trailing segments at any depth', () => {
    expect(resolve(nested, 'accuracy')).toEqual(['accuracy', 'gpt-x.math.accuracy', 'gpt-x.qa.accuracy', 'gpt-y.qa.accuracy']);
    expect(resolve(nested, 'qa.accuracy')).toEqual(['gpt-x.qa.accuracy', 'gpt-y.qa.accuracy']);
    expect(resolve(nested, 'gpt-x.math.accuracy')).toEqual(['gpt-x.math.accuracy']);
  });

  it('never matches part of a segment', () => {
    const metrics = { balanced_accuracy: 0.7, accuracy_at_5: 0.9, 'gpt-x': { topaccuracy: 0.1 } };
    expect(resolve(metrics, 'accuracy')).toEqual([]);
    expect(resolve(metrics, 'balanced_accuracy')).toEqual(['balanced_accuracy']);
  });

  it('limits matches to a scope segment (a model or a task), never the metric itself', () => {
    expect(resolve(nested, 'accuracy', 'gpt-x')).toEqual(['gpt-x.math.accuracy', 'gpt-x.qa.accuracy']);
    expect(resolve(nested, 'accuracy', 'qa')).toEqual(['gpt-x.qa.accuracy', 'gpt-y.qa.accuracy']);
    expect(resolve(nested, 'accuracy', 'gpt')).toEqual([]);
    expect(resolve(nested, 'accuracy', 'accuracy')).toEqual([]);
    expect(resolve(nested, 'accuracy', 'gpt-z')).toEqual([]);
  });

  it('finds a metric scoped to a model whose name contains a dot (gpt-4.1)', () => {
    // Model names such as gpt-4.1 or llama-3.1-8b are common; the scope is the model, not its pieces.
    const metrics = { 'gpt-4.1': { accuracy: 0.9 }, 'gpt-4o': { accuracy: 0.8 } };
    expect(resolve(metrics, 'accuracy', 'gpt-4.1')).toEqual(['gpt-4.1.accuracy']);
  });

  it('falls back to the value leaf of an aggregate (`accuracy` finds `accuracy.mean`)', () => {
    expect(resolve({ 'gpt-x': { accuracy: { mean: 0.9, stderr: 0.01 } } }, 'accuracy')).toEqual(['gpt-x.accuracy.mean']);
    expect(resolve({ accuracy: { value: 0.9 } }, 'accuracy')).toEqual(['accuracy.value']);
    expect(resolve({ accuracy: { score: 0.9 } }, 'accuracy')).toEqual(['accuracy.score']);
    expect(resolve({ accuracy: { avg: 0.9 } }, 'accuracy')).toEqual(['accuracy.avg']);
    expect(resolve([{ name: 'accuracy', value: 0.9 }], 'accuracy')).toEqual(['accuracy.value']);
    // A named leaf is still addressable on its own.
    expect(resolve({ accuracy: { mean: 0.9, stderr: 0.01 } }, 'accuracy.stderr')).toEqual(['accuracy.stderr']);
    expect(resolve({ accuracy: { mean: 0.9, stderr: 0.01 } }, 'accuracy.mean')).toEqual(['accuracy.mean']);
  });

  it('counts an aggregate once: its stderr, counts and other leaves are not the metric', () => {
    expect(resolve({ accuracy: { mean: 0.9, stderr: 0.01, n: 100, median: 0.95 } }, 'accuracy')).toEqual(['accuracy.mean']);
  });

  it('prefers the plain path when both `accuracy` and `accuracy.mean` exist', () => {
    expect(resolve({ accuracy: 0.9, 'accuracy.mean': 0.8 }, 'accuracy')).toEqual(['accuracy']);
    expect(resolve({ 'gpt-x': { accuracy: 0.9, 'accuracy.mean': 0.8 } }, 'accuracy', 'gpt-x')).toEqual(['gpt-x.accuracy']);
  });

  it('applies the scope to aggregates too', () => {
    const metrics = { 'gpt-x': { accuracy: { mean: 0.9 } }, 'gpt-y': { accuracy: { mean: 0.7 } } };
    expect(resolve(metrics, 'accuracy', 'gpt-y')).toEqual(['gpt-y.accuracy.mean']);
  });

  it('finds nothing in an empty map', () => {
    expect(resolveMetric(new Map(), 'accuracy')).toEqual([]);
  });
});

describe('formatMetric', () => {
  it('keeps enough digits to compare and drops noise', () => {
    expect(formatMetric(0.91)).toBe('0.91');
    expect(formatMetric(0.913456)).toBe('0.9135');
    expect(formatMetric(0.91 - 0.88)).toBe('0.03');
    expect(formatMetric(12.34567)).toBe('12.346');
    expect(formatMetric(1234.5678)).toBe('1234.57');
    expect(formatMetric(840)).toBe('840');
    expect(formatMetric(-0.25)).toBe('-0.25');
  });
});

describe('lowerIsBetter', () => {
  it('says latency, loss, errors, cost and similar are lower-is-better', () => {
    for (const name of [
      'latency_p95_ms',
      'gpt-x.latency',
      'loss',
      'error_rate',
      'cost_usd',
      'wer',
      'cer',
      'perplexity',
      'toxicity',
      'hallucination_rate',
    ]) {
      expect(lowerIsBetter(name), name).toBe(true);
    }
  });

  it('says scores are higher-is-better', () => {
    for (const name of ['accuracy', 'gpt-x.qa.f1', 'rouge_l', 'bleu', 'exact_match', 'pass_at_1']) {
      expect(lowerIsBetter(name), name).toBe(false);
    }
  });

  it('does not match a word inside another word (answer_relevancy has "wer", sentiment_accuracy has "time")', () => {
    expect(lowerIsBetter('answer_relevancy')).toBe(false);
    expect(lowerIsBetter('answer_correctness')).toBe(false);
    expect(lowerIsBetter('sentiment_accuracy')).toBe(false);
  });

  it('judges the metric by its own name, never by the model or task it sits under', () => {
    for (const name of ['gpt-x.toxicity.accuracy', 'ms_marco.accuracy', 'time_qa.f1', 'error_analysis.exact_match', 'accuracy.mean']) {
      expect(lowerIsBetter(name), name).toBe(false);
    }
    for (const name of ['qa.latency.mean', 'latency.stderr', 'gpt-x.toxicity']) expect(lowerIsBetter(name), name).toBe(true);
  });

  it('takes rates per unit as higher-is-better', () => {
    for (const name of ['tokens_per_second', 'gpt-x.throughput_tokens', 'qps']) expect(lowerIsBetter(name), name).toBe(false);
  });
});

describe('flattenMetrics row labels', () => {
  it('uses naming fields as labels, numbers as text included, and ignores free text', () => {
    // A numeric task id names the row; it is not a metric. A note is neither label nor metric.
    expect(Object.fromEntries(flattenMetrics([{ model: 'gpt-x', task_id: '42', accuracy: 0.9, note: 'flaky run' }]))).toEqual({
      'gpt-x.42.accuracy': 0.9,
    });
    expect(Object.fromEntries(flattenMetrics([{ model: 'gpt-x', dataset: '2024', accuracy: 0.9 }]))).toEqual({
      'gpt-x.2024.accuracy': 0.9,
    });
  });
});
