import { describe, expect, it } from 'vitest';
import { parseThresholds } from '../../src/inputs/criteria.ts';
import { compare, thresholdCriteria, type Threshold } from '../../src/judge/thresholds.ts';

function parsed(raw: string): Threshold[] {
  const result = parseThresholds(raw);
  if (!result.ok) throw new Error(`expected to parse, bad lines: ${result.badLines.join(' / ')}`);
  return result.thresholds;
}

const perModel = {
  'gpt-x': { accuracy: 0.91, f1: 0.88, latency_p95_ms: 840 },
  'gpt-y': { accuracy: 0.86, f1: 0.83, latency_p95_ms: 610 },
};

describe('parseThresholds', () => {
  it('reads every operator', () => {
    const thresholds = parsed('a >= 1\nb > 2\nc <= 3\nd < 4\ne == 5');
    expect(thresholds.map((t) => [t.metric, t.comparator, t.limit])).toEqual([
      ['a', '>=', 1],
      ['b', '>', 2],
      ['c', '<=', 3],
      ['d', '<', 4],
      ['e', '==', 5],
    ]);
    expect(thresholds.every((t) => t.scope === undefined)).toBe(true);
  });

  it('accepts any spacing, decimals, negatives and exponents', () => {
    expect(parsed('accuracy>=0.85')[0]).toEqual({
      source: 'accuracy>=0.85',
      scope: undefined,
      metric: 'accuracy',
      comparator: '>=',
      limit: 0.85,
    });
    expect(parsed('   delta   >   -0.5   ')[0]).toMatchObject({ metric: 'delta', comparator: '>', limit: -0.5 });
    expect(parsed('loss < 1e-3')[0]).toMatchObject({ metric: 'loss', comparator: '<', limit: 0.001 });
  });

  it('reads dotted, dashed and slashed metric names', () => {
    expect(parsed('qa.accuracy.mean >= 0.8\nrouge-l >= 0.3\nmmlu/stem >= 0.5').map((t) => t.metric)).toEqual([
      'qa.accuracy.mean',
      'rouge-l',
      'mmlu/stem',
    ]);
  });

  it('reads a scope before a colon', () => {
    expect(parsed('gpt-x:accuracy >= 0.8')[0]).toEqual({
      source: 'gpt-x:accuracy >= 0.8',
      scope: 'gpt-x',
      metric: 'accuracy',
      comparator: '>=',
      limit: 0.8,
    });
    expect(parsed('qa: accuracy >= 0.8')[0]).toMatchObject({ scope: 'qa', metric: 'accuracy' });
    expect(parsed('gpt-4.1:accuracy >= 0.8')[0]).toMatchObject({ scope: 'gpt-4.1', metric: 'accuracy' });
  });

  it('skips blank lines and comments, whole-line or trailing, with CRLF line ends', () => {
    const thresholds = parsed('# quality bar\r\n\r\naccuracy >= 0.85   # agreed in review\r\n   \r\nlatency_p95_ms <= 1200\r\n');
    expect(thresholds.map((t) => t.source)).toEqual(['accuracy >= 0.85', 'latency_p95_ms <= 1200']);
    expect(parseThresholds('')).toEqual({ ok: true, thresholds: [] });
    expect(parseThresholds('# nothing yet\n')).toEqual({ ok: true, thresholds: [] });
  });

  it('reports every bad line, not just the first, and no thresholds', () => {
    const result = parseThresholds(
      'accuracy >= 0.85\naccuracy => 0.8\naccuracy >= 85%\naccuracy\n>= 0.5\naccuracy >= .8\nacc uracy >= 1\nf1 >= 0.7',
    );
    expect(result).toEqual({
      ok: false,
      badLines: ['accuracy => 0.8', 'accuracy >= 85%', 'accuracy', '>= 0.5', 'accuracy >= .8', 'acc uracy >= 1'],
    });
  });
});

describe('compare', () => {
  it('applies each operator at and around the limit', () => {
    const table: Array<[number, Parameters<typeof compare>[1], number, boolean]> = [
      [0.85, '>=', 0.85, true],
      [0.84, '>=', 0.85, false],
      [0.85, '>', 0.85, false],
      [0.86, '>', 0.85, true],
      [1200, '<=', 1200, true],
      [1201, '<=', 1200, false],
      [1200, '<', 1200, false],
      [1199, '<', 1200, true],
      [3, '==', 3, true],
      [3.0001, '==', 3, false],
    ];
    for (const [value, comparator, limit, expected] of table)
      expect(compare(value, comparator, limit), `${value} ${comparator} ${limit}`).toBe(expected);
  });
});

describe('thresholdCriteria', () => {
  it('passes a flat metric, showing the value and the limit', () => {
    expect(thresholdCriteria({ accuracy: 0.91 }, parsed('accuracy >= 0.85'))).toEqual([
      { name: 'Metric accuracy', actual: '0.91', allowed: '≥ 0.85', passed: true },
    ]);
  });

  it('fails a flat metric below the limit', () => {
    expect(thresholdCriteria({ accuracy: 0.8 }, parsed('accuracy >= 0.85'))).toEqual([
      { name: 'Metric accuracy', actual: '0.8', allowed: '≥ 0.85', passed: false },
    ]);
    expect(thresholdCriteria({ latency_p95_ms: 1300 }, parsed('latency_p95_ms <= 1200'))[0]).toMatchObject({
      actual: '1300',
      passed: false,
    });
  });

  it('needs every model to hold an unscoped threshold, and shows the ones that do not (… for the rest)', () => {
    const [failing] = thresholdCriteria(perModel, parsed('accuracy >= 0.9'));
    expect(failing).toEqual({ name: 'Metric accuracy', actual: 'gpt-y.accuracy 0.86, …', allowed: '≥ 0.9', passed: false });
    const [passing] = thresholdCriteria(perModel, parsed('accuracy >= 0.85'));
    expect(passing).toEqual({
      name: 'Metric accuracy',
      actual: 'gpt-x.accuracy 0.91, gpt-y.accuracy 0.86',
      allowed: '≥ 0.85',
      passed: true,
    });
  });

  it('checks only the scoped model or task', () => {
    const [x, y] = thresholdCriteria(perModel, parsed('gpt-x:accuracy >= 0.9\ngpt-y:accuracy >= 0.9'));
    expect(x).toEqual({ name: 'Metric gpt-x:accuracy', actual: '0.91', allowed: '≥ 0.9', passed: true });
    expect(y).toEqual({ name: 'Metric gpt-y:accuracy', actual: '0.86', allowed: '≥ 0.9', passed: false });
    const byTask = { 'gpt-x': { qa: { accuracy: 0.9 }, math: { accuracy: 0.5 } } };
    expect(thresholdCriteria(byTask, parsed('qa:accuracy >= 0.8'))[0]).toMatchObject({ actual: '0.9', passed: true });
    expect(thresholdCriteria(byTask, parsed('accuracy >= 0.8'))[0]).toMatchObject({ actual: 'gpt-x.math.accuracy 0.5, …', passed: false });
  });

  it('reads aggregates and rows; a metric sent as text fails its model', () => {
    expect(thresholdCriteria({ accuracy: { mean: 0.9, stderr: 0.2 } }, parsed('accuracy >= 0.85'))[0]).toMatchObject({
      actual: '0.9',
      passed: true,
    });
    const rows = [
      { model: 'gpt-x', task_id: 'qa', metrics: { accuracy: 0.9 } },
      { model: 'gpt-y', task_id: 'qa', metrics: { accuracy: 0.7 } },
    ];
    expect(thresholdCriteria(rows, parsed('accuracy >= 0.8'))[0]).toMatchObject({ actual: 'gpt-y.qa.accuracy 0.7, …', passed: false });
    expect(thresholdCriteria(rows, parsed('gpt-x:accuracy >= 0.8'))[0]).toMatchObject({ actual: '0.9', passed: true });
    const asText = [{ model: 'gpt-x', task_id: 'qa', metrics: { accuracy: '0.9' } }];
    expect(thresholdCriteria(asText, parsed('gpt-x:accuracy >= 0.8'))[0]).toMatchObject({ passed: false });
  });

  it('sees every row of a model that has several datasets: the failing row is not hidden', () => {
    const rows = [
      { model: 'gpt-x', dataset: 'qa', accuracy: 0.5 },
      { model: 'gpt-x', dataset: 'math', accuracy: 0.95 },
    ];
    expect(thresholdCriteria(rows, parsed('accuracy >= 0.85'))).toEqual([
      { name: 'Metric accuracy', actual: 'gpt-x.qa.accuracy 0.5, …', allowed: '≥ 0.85', passed: false },
    ]);
    expect(thresholdCriteria(rows, parsed('gpt-x:accuracy >= 0.85'))[0]).toMatchObject({ passed: false });
    expect(thresholdCriteria(rows, parsed('math:accuracy >= 0.85'))[0]).toMatchObject({ actual: '0.95', passed: true });
    // Rows with nothing but the model to tell them apart are all checked as well.
    const twice = [
      { model: 'gpt-x', accuracy: 0.95 },
      { model: 'gpt-x', accuracy: 0.5 },
    ];
    expect(thresholdCriteria(twice, parsed('accuracy >= 0.85'))[0]).toMatchObject({ actual: 'gpt-x.1.accuracy 0.5, …', passed: false });
  });

  it('fails a missing metric and lists the metrics the run has', () => {
    expect(thresholdCriteria(perModel, parsed('bleu >= 0.3'))).toEqual([
      {
        name: 'Metric bleu',
        actual: 'missing (metrics present: gpt-x.accuracy, gpt-x.f1, gpt-x.latency_p95_ms, gpt-y.accuracy, gpt-y.f1, gpt-y.latency_p95_ms)',
        allowed: '≥ 0.3',
        passed: false,
      },
    ]);
    // A scope that names no model is missing too.
    expect(thresholdCriteria(perModel, parsed('gpt-z:accuracy >= 0.3'))[0]).toMatchObject({ name: 'Metric gpt-z:accuracy', passed: false });
    expect(thresholdCriteria(perModel, parsed('gpt-z:accuracy >= 0.3'))[0]?.actual).toMatch(/^missing \(metrics present: gpt-x\.accuracy,/);
  });

  it('keeps the list of present metrics short', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${String(i).padStart(2, '0')}`, i]));
    const [criterion] = thresholdCriteria(many, parsed('bleu >= 0.3'));
    expect(criterion?.actual).toContain('m19, …)');
    expect(criterion?.actual).not.toContain('m20');
  });

  it('says so when the run has no metrics at all', () => {
    for (const metrics of [null, undefined, {}, []]) {
      expect(thresholdCriteria(metrics, parsed('accuracy >= 0.8'))).toEqual([
        { name: 'Metric accuracy', actual: 'missing (the run has no metrics)', allowed: '≥ 0.8', passed: false },
      ]);
    }
  });

  it('gives one criterion per threshold, in order', () => {
    const criteria = thresholdCriteria(perModel, parsed('accuracy >= 0.85\nlatency_p95_ms <= 800\nf1 > 0.8'));
    expect(criteria.map((c) => [c.name, c.passed])).toEqual([
      ['Metric accuracy', true],
      ['Metric latency_p95_ms', false],
      ['Metric f1', true],
    ]);
    expect(criteria[1]?.actual).toBe('gpt-x.latency_p95_ms 840, …');
    expect(thresholdCriteria(perModel, [])).toEqual([]);
  });
});
