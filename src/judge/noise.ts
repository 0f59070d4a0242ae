/**
 * Error bars on every metric verdict (issue 16), loaded only when `noise` is not `off` and a metric criterion exists
 * (judge-run.ts imports it dynamically, so the statistics and their libraries stay out of every other gate's start).
 * Reads the samples, judges each metric path of each threshold and regression criterion by its interval, corrects
 * the failures for multiple comparisons, and settles each criterion: with `report` only its statistics and a
 * "within noise" mark are added; with `gate` the intervals decide. Anything odd leaves a path on its reported value.
 */
import type { NoiseSettings } from '../core/config.ts';
import type { Criterion } from '../core/criterion.ts';
import { formatBounds, formatInterval } from '../core/noise-format.ts';
import { readMetrics } from '../core/metrics.ts';
import type { NoiseReport } from '../core/result.ts';
import type { EvalRun } from '../core/run.ts';
import { holmAlpha, holmBonferroni } from '../stats/index.ts';
import type { GateSession } from '../session/session.ts';
import { regressionActual, regressionRows, type RegressionRow } from './baseline.ts';
import { regressionEntry, samplesOfPath, thresholdEntry, type NoiseEntry } from './noise-entries.ts';
import type { NoiseTargets } from './noise-targets.ts';
import { holmNotes, noiseNotes } from './noise-notes.ts';
import { readRunSamples, type RunSamples } from './noise-samples.ts';
import { settleCriterion, uncertainFailure, type DecidedEntry } from './noise-verdict.ts';
import { thresholdActual, thresholdRows, type ThresholdRow } from './thresholds.ts';
import { splitMetricPath } from '../core/metrics.ts';

/** One criterion being judged: its entries, the rows they came from, and whether a problem decides it anyway. */
interface Judged {
  criterion: Criterion;
  entries: NoiseEntry[];
  structural: boolean;
  /** Rebuilds the Actual cell once the entries are decided. */
  actual: (decided: ReadonlyMap<NoiseEntry, DecidedEntry>, mode: NoiseSettings['mode']) => string;
}

export async function judgeNoise(session: GateSession, run: EvalRun, targets: NoiseTargets, settings: NoiseSettings): Promise<NoiseReport> {
  const { confidence } = settings;
  const view = readMetrics(run.metrics);
  const thresholds = targets.thresholds.map(({ threshold, criterion }) => ({
    threshold,
    criterion,
    judged: thresholdRows(view, threshold),
  }));
  const regressions = targets.regressions.map(({ target, criterion }) => ({ criterion, judged: regressionRows(target) }));
  const thresholdPaths = thresholds.flatMap((t) => ('rows' in t.judged ? t.judged.rows.filter(hasValue).map((r) => r.path) : []));
  const regressionRowsAll = regressions.flatMap((r) => ('rows' in r.judged ? r.judged.rows : []));
  const reads: RunSamples[] = [];
  const runSamples = await samplesFor(session, run, 'run', [...thresholdPaths, ...regressionRowsAll.map((r) => r.c.path)], reads);

  const judged: Judged[] = thresholds.map(({ threshold, criterion, judged: rows }) => {
    const entries =
      'rows' in rows ? rows.rows.filter(hasValue).map((row) => thresholdEntry(criterion, row, threshold, runSamples, confidence)) : [];
    const structural = !('rows' in rows) || rows.rows.some((r) => !hasValue(r));
    return { criterion, entries, structural, actual: (decided, mode) => thresholdText(rows, entries, decided, mode) };
  });

  // The run's side of every regression path first: the baseline is read only when one of them can be used.
  const runSide = new Map(regressionRowsAll.map((row) => [row, samplesOfPath(runSamples, row.c.path, row.c.current as number)]));
  const usable = regressionRowsAll.filter((row) => runSide.get(row)?.ok);
  const baselineSamples =
    usable.length > 0 && targets.baseline
      ? await samplesFor(
          session,
          targets.baseline,
          'baseline',
          usable.map((r) => r.c.path),
          reads,
        )
      : undefined;
  for (const { criterion, judged: rows } of regressions) {
    const entries = 'rows' in rows ? rows.rows.map((row) => regressionFor(criterion, row, runSide, baselineSamples, confidence)) : [];
    judged.push({
      criterion,
      entries,
      structural: !('rows' in rows),
      actual: (decided, mode) => regressionText(rows, entries, decided, mode),
    });
  }
  return settle(judged, settings, reads);
}

function hasValue(row: ThresholdRow): row is ThresholdRow & { value: number } {
  return row.value !== undefined;
}

/** Reads a run's samples, keeping only the metric ids of `paths` (a path's last name, before a value leaf). */
async function samplesFor(
  session: GateSession,
  run: EvalRun,
  role: 'run' | 'baseline',
  paths: string[],
  reads: RunSamples[],
): Promise<RunSamples> {
  const metricIds = new Set(paths.map((path) => splitMetricPath(path).metric));
  const samples =
    paths.length === 0
      ? ({
          ok: false,
          runId: run.id,
          reason: 'no metric path to judge',
          read: { run_id: run.id, role, samples: null, requests: 0, note: null },
        } as const)
      : await readRunSamples(session, run, role, metricIds);
  if (paths.length > 0) reads.push(samples);
  return samples;
}

function regressionFor(
  criterion: Criterion,
  row: RegressionRow,
  runSide: ReadonlyMap<RegressionRow, ReturnType<typeof samplesOfPath>>,
  baseline: RunSamples | undefined,
  confidence: number,
): NoiseEntry {
  const now = runSide.get(row) ?? { ok: false as const, reason: 'not judged' };
  const before = !now.ok
    ? { ok: false as const, reason: 'not read (the run’s own samples could not be used)' }
    : baseline
      ? samplesOfPath(baseline, row.c.path, row.c.baseline as number)
      : { ok: false as const, reason: 'no baseline run' };
  return regressionEntry(criterion, row, now, before, confidence);
}

/** Holm-Bonferroni over every interval-judged entry, then each criterion settled, its Actual cell and reason rebuilt. */
function settle(judged: Judged[], settings: NoiseSettings, reads: RunSamples[]): NoiseReport {
  const all = judged.flatMap((j) => j.entries);
  const tested = all.filter((e) => e.judgement !== undefined);
  const holm = holmBonferroni(
    tested.map((e) => e.judgement!),
    holmAlpha(settings.confidence),
  );
  const decided = new Map<NoiseEntry, DecidedEntry>(all.map((e) => [e, { ...e, decision: e.judgement?.decision }]));
  tested.forEach((e, i) => ((decided.get(e) as DecidedEntry).decision = holm[i]!.decision));
  for (const j of judged) {
    const entries = j.entries.map((e) => decided.get(e) as DecidedEntry);
    const { verdict, withinNoise } = settleCriterion(j.criterion, entries, settings, j.structural);
    if (entries.some((e) => e.decision !== undefined)) j.criterion.actual = j.actual(decided, settings.mode);
    if (settings.mode === 'gate' && withinNoise && verdict !== 'pass')
      j.criterion.failure = uncertainFailure(j.criterion, settings.uncertain);
  }
  const changed = tested.map((e, i) => ({ entry: e, holm: holm[i]! })).filter((x) => x.holm.changed);
  return {
    mode: settings.mode === 'gate' ? 'gate' : 'report',
    confidence: settings.confidence,
    uncertain: settings.uncertain,
    samples: reads.map((r) => r.read),
    comparisons: tested.length,
    notes: [...noiseNotes(reads, all, settings), ...holmNotes(changed, tested.length, settings)],
    deltas: dedupeByPath(all.filter((e) => e.kind === 'regression' && e.statistics.basis === 'samples').map((e) => e.statistics)),
  };
}

function dedupeByPath<T extends { path: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.path) && seen.add(item.path));
}

/** Whether a path is listed as passing in the Actual cell (failing ones first): by its point verdict, or with `gate` by its interval. */
function shownOk(entry: DecidedEntry | undefined, pointOk: boolean, mode: NoiseSettings['mode']): boolean {
  return mode === 'gate' && entry?.decision !== undefined ? entry.decision === 'pass' : pointOk;
}

function thresholdText(
  rows: ReturnType<typeof thresholdRows>,
  entries: NoiseEntry[],
  decided: ReadonlyMap<NoiseEntry, DecidedEntry>,
  mode: NoiseSettings['mode'],
): string {
  if (!('rows' in rows)) return rows.problem;
  const byPath = new Map(entries.map((e) => [e.path, decided.get(e)]));
  return thresholdActual(
    rows.rows.map((row) => {
      const entry = byPath.get(row.path);
      const s = entry?.statistics;
      const text = s?.basis === 'samples' ? formatInterval(s.estimate, s.low as number, s.high as number) : row.text;
      return { path: row.path, text, ok: shownOk(entry, row.ok, mode) };
    }),
  );
}

function regressionText(
  rows: ReturnType<typeof regressionRows>,
  entries: NoiseEntry[],
  decided: ReadonlyMap<NoiseEntry, DecidedEntry>,
  mode: NoiseSettings['mode'],
): string {
  if (!('rows' in rows)) return rows.problem;
  const byPath = new Map(entries.map((e) => [e.path, decided.get(e)]));
  return regressionActual(
    rows.rows.map((row) => {
      const entry = byPath.get(row.c.path);
      const s = entry?.statistics;
      const extra = s?.basis === 'samples' ? ` ${formatBounds(s.low as number, s.high as number)}` : undefined;
      return { c: row.c, ok: shownOk(entry, row.ok, mode), extra };
    }),
  );
}
