/** The text forms of the criteria specs (`thresholds`, `max-regression`), parsed into core/config.ts's types. */
import type { Comparator, RegressionRule, Threshold } from '../core/config.ts';

const LINE = /^(?:([^:\s]+):)?\s*([A-Za-z0-9_.\-/]+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;

export type ThresholdParse = { ok: true; thresholds: Threshold[] } | { ok: false; badLines: string[] };

export function parseThresholds(raw: string): ThresholdParse {
  const thresholds: Threshold[] = [];
  const badLines: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const text = line.replace(/#.*$/, '').trim();
    if (!text) continue;
    const match = LINE.exec(text);
    if (!match) {
      badLines.push(text);
      continue;
    }
    thresholds.push({
      source: text,
      scope: match[1],
      metric: match[2] as string,
      comparator: match[3] as Comparator,
      limit: Number(match[4]),
    });
  }
  return badLines.length > 0 ? { ok: false, badLines } : { ok: true, thresholds };
}

export type RegressionParse = { ok: true; rules: RegressionRule[] } | { ok: false; badEntries: string[] };

export function parseMaxRegression(raw: string): RegressionParse {
  const rules: RegressionRule[] = [];
  const badEntries: string[] = [];
  for (const entry of raw.split(/[\r\n,]+/)) {
    const text = entry.trim();
    if (!text) continue;
    const match = /^(\*|[A-Za-z0-9_.\-/:]+?)\s*:\s*(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
    if (!match) {
      badEntries.push(text);
      continue;
    }
    rules.push({ metric: match[1] as string, kind: match[3] ? 'percent' : 'absolute', value: Number(match[2]) });
  }
  return badEntries.length > 0 ? { ok: false, badEntries } : { ok: true, rules };
}
