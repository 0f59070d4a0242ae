import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../../src/api/models.ts';
import { estimateRemaining, planNextPoll, sampleOf, type ProgressSample } from '../../src/wait/pacing.ts';

const PACE = { minIntervalMs: 15_000, maxIntervalMs: 120_000 };

function s(at: number, status: ProgressSample['status'], processed: number, total = 100): ProgressSample {
  return { at, status, processed, total };
}

describe('sampleOf', () => {
  it('counts completed and failed requests as processed', () => {
    const run = {
      id: 'r',
      suite_id: 'x',
      status: 'in_progress',
      models: [],
      request_counts: { total: 50, completed: 7, failed: 3 },
      metrics: null,
      error: null,
      metadata: {},
      created_at: 1,
    } satisfies EvalRun;
    expect(sampleOf(run, 1234)).toEqual({ at: 1234, status: 'in_progress', processed: 10, total: 50 });
  });
});

describe('estimateRemaining', () => {
  it('extrapolates the rate since the first in-progress sample', () => {
    // 10 requests in 60 s; 90 left -> 540 s.
    expect(estimateRemaining([s(0, 'in_progress', 0), s(60_000, 'in_progress', 10)])).toBe(540_000);
  });

  it('ignores queued samples before the run started', () => {
    const samples = [s(0, 'queued', 0), s(100_000, 'queued', 0), s(130_000, 'in_progress', 20), s(190_000, 'in_progress', 50)];
    // From the first in-progress sample: 30 in 60 s; 50 left -> 100 s.
    expect(estimateRemaining(samples)).toBe(100_000);
  });

  it('is zero when everything is processed but the status has not moved on', () => {
    expect(estimateRemaining([s(0, 'in_progress', 10), s(1_000, 'in_progress', 100)])).toBe(0);
  });

  it.each([
    ['no samples', []],
    ['one sample', [s(0, 'in_progress', 5)]],
    ['no progress', [s(0, 'in_progress', 5), s(60_000, 'in_progress', 5)]],
    ['no in-progress sample', [s(0, 'queued', 0), s(60_000, 'queued', 0)]],
    ['latest is finalizing', [s(0, 'in_progress', 0), s(60_000, 'finalizing', 100)]],
    ['total unknown', [s(0, 'in_progress', 0, 0), s(60_000, 'in_progress', 0, 0)]],
    ['no time elapsed', [s(5, 'in_progress', 0), s(5, 'in_progress', 10)]],
  ] as const)('gives no estimate with %s', (_, samples) => {
    expect(estimateRemaining(samples)).toBeUndefined();
  });
});

describe('planNextPoll', () => {
  it('polls at the minimum interval with no samples', () => {
    expect(planNextPoll([], PACE)).toEqual({ delayMs: 15_000, etaMs: undefined });
  });

  it.each(['finalizing', 'cancelling'] as const)('polls at the minimum interval while %s', (status) => {
    const samples = [s(0, 'in_progress', 0), s(60_000, 'in_progress', 10), s(600_000, status, 100)];
    expect(planNextPoll(samples, PACE)).toEqual({ delayMs: 15_000, etaMs: undefined });
  });

  it('sleeps 40% of the estimated remaining time', () => {
    // ETA 100 s -> 40 s.
    const samples = [s(0, 'in_progress', 0), s(100_000, 'in_progress', 50)];
    expect(planNextPoll(samples, PACE)).toEqual({ delayMs: 40_000, etaMs: 100_000 });
  });

  it('caps the ETA-based delay at the maximum', () => {
    // ETA 540 s -> 216 s, capped to 120 s.
    const samples = [s(0, 'in_progress', 0), s(60_000, 'in_progress', 10)];
    expect(planNextPoll(samples, PACE)).toEqual({ delayMs: 120_000, etaMs: 540_000 });
    expect(planNextPoll(samples, { minIntervalMs: 15_000, maxIntervalMs: 300_000 }).delayMs).toBe(216_000);
  });

  it('raises the ETA-based delay to the minimum near the finish', () => {
    // ETA 10 s -> 4 s, raised to 15 s.
    const samples = [s(0, 'in_progress', 0), s(90_000, 'in_progress', 90)];
    expect(planNextPoll(samples, PACE)).toEqual({ delayMs: 15_000, etaMs: 10_000 });
  });

  it('backs off while queued: a quarter of the time waited, within [min, max]', () => {
    expect(planNextPoll([s(0, 'queued', 0)], PACE).delayMs).toBe(15_000);
    expect(planNextPoll([s(0, 'queued', 0), s(100_000, 'queued', 0)], PACE)).toEqual({ delayMs: 25_000, etaMs: undefined });
    expect(planNextPoll([s(0, 'queued', 0), s(2_000_000, 'queued', 0)], PACE).delayMs).toBe(120_000);
  });

  it('backs off while in progress without measurable progress', () => {
    const samples = [s(0, 'queued', 0), s(200_000, 'in_progress', 0), s(240_000, 'in_progress', 0)];
    expect(planNextPoll(samples, PACE)).toEqual({ delayMs: 60_000, etaMs: undefined });
  });

  it('never leaves [min, max] whatever the samples', () => {
    const statuses = ['queued', 'in_progress'] as const;
    for (let seed = 1; seed < 200; seed++) {
      let x = seed;
      const next = () => ((x = (x * 48271) % 2147483647), x / 2147483647);
      const samples: ProgressSample[] = [];
      let at = 0;
      let processed = 0;
      for (let i = 0; i < 1 + Math.floor(next() * 6); i++) {
        at += Math.floor(next() * 600_000);
        processed = Math.min(1000, processed + Math.floor(next() * 200));
        samples.push(s(at, statuses[Math.floor(next() * 2)] as 'queued' | 'in_progress', processed, 1000));
      }
      const { delayMs } = planNextPoll(samples, PACE);
      expect(delayMs).toBeGreaterThanOrEqual(15_000);
      expect(delayMs).toBeLessThanOrEqual(120_000);
      expect(Number.isInteger(delayMs)).toBe(true);
    }
  });
});
