import type { NoiseSettings } from '../core/config.ts';
import { formatMetric } from '../core/metrics.ts';
import { formatConfidence, formatCount } from '../core/noise-format.ts';
import { belowDetectable, DEFAULT_POWER, samplesNeeded, type HolmOutput } from '../stats/index.ts';
import type { NoiseEntry } from './noise-entries.ts';
import type { RunSamples } from './noise-samples.ts';

/** Notes beyond this many are counted, not listed: the summary stays readable over many metrics and models. */
const MAX_NOTES = 20;
/** Paths named in one note before the rest are counted. */
const MAX_LISTED = 8;

/**
 * The sentences the summary shows under the error bars, made here from numbers and metric paths (the renderer
 * escapes them): why a run's samples or a path's were not used, and where a regression rule asks for less than the
 * samples can detect. Deduplicated, in the order of the criteria.
 */
export function noiseNotes(reads: readonly RunSamples[], entries: readonly NoiseEntry[], settings: NoiseSettings): string[] {
  const notes: string[] = [];
  const failedReads = reads.filter((r) => !r.ok).map((r) => r.reason);
  for (const read of reads) {
    if (!read.ok) notes.push(`${capitalize(read.reason)}: ${roleText(read.read.role)} metrics are judged on their reported values.`);
    else if (read.read.note) notes.push(`Run ${read.runId}: ${read.read.note}.`);
  }
  const unscored = [...new Set(entries.filter((e) => e.unscored).map((e) => e.path))];
  if (unscored.length > 0) {
    const listed =
      unscored.slice(0, MAX_LISTED).join(', ') + (unscored.length > MAX_LISTED ? `, and ${unscored.length - MAX_LISTED} more` : '');
    notes.push(
      `No completed sample has a numeric score for ${listed}: judged on the reported values ` +
        '(the samples’ scores name other metrics; with noise: off they are not read).',
    );
  }
  for (const entry of entries) {
    const note = entry.statistics.note;
    if (entry.statistics.basis === 'reported' && note && !entry.unscored && !failedReads.some((reason) => note.includes(reason))) {
      notes.push(`${entry.path} (${entry.criterion.name}): judged on its reported value, because ${withoutPeriod(note)}.`);
    }
  }
  notes.push(...detectabilityNotes(entries, settings.confidence));
  const unique = [...new Set(notes)];
  return unique.length <= MAX_NOTES
    ? unique
    : [...unique.slice(0, MAX_NOTES), `… and ${unique.length - MAX_NOTES} more notes in result-json.`];
}

/**
 * Rule 5: regression paths whose rule allows less worsening than the samples can reliably detect, one note per
 * criterion: the smallest detectable regression of each, and how many samples would bring it down to the allowance.
 */
function detectabilityNotes(entries: readonly NoiseEntry[], confidence: number): string[] {
  const byCriterion = new Map<NoiseEntry['criterion'], NoiseEntry[]>();
  for (const entry of entries) {
    if (!entry.detect || !belowDetectable(entry.detect.allowed, entry.detect.mde)) continue;
    byCriterion.set(entry.criterion, [...(byCriterion.get(entry.criterion) ?? []), entry]);
  }
  return [...byCriterion].map(([criterion, below]) => {
    const items = below.slice(0, MAX_LISTED).map((e) => `${e.path} ${detectability(e.detect!)}`);
    const more = below.length > MAX_LISTED ? `, and ${below.length - MAX_LISTED} more` : '';
    const zero = below.some((e) => e.detect!.allowed <= 0) ? ' No number of samples can detect a worsening of 0: allow a margin.' : '';
    return (
      `${criterion.name}: with these samples the gate cannot reliably detect a regression as small as the worsening allowed ` +
      `(smallest detectable regression at ${formatConfidence(confidence)} confidence and ${Math.round(DEFAULT_POWER * 100)}% power): ` +
      `${items.join('; ')}${more}.${zero}`
    );
  });
}

/** `allowed 0.02, detectable 0.0777, about 6,040 pairs needed (400 now)`. */
function detectability(detect: NonNullable<NoiseEntry['detect']>): string {
  const needed = samplesNeeded(detect.n, detect.mde, detect.allowed);
  const unit = detect.paired ? 'pairs' : 'samples per run';
  const more = needed === null ? '' : `, about ${formatCount(needed)} ${unit} needed (${formatCount(detect.n)} now)`;
  return `allowed ${formatMetric(detect.allowed)}, detectable ${formatMetric(detect.mde)}${more}`;
}

/** Where Holm-Bonferroni (rule 6) turned a fail on one interval into "within noise", and by how much. */
export function holmNotes(
  changed: ReadonlyArray<{ entry: NoiseEntry; holm: HolmOutput }>,
  tested: number,
  settings: NoiseSettings,
): string[] {
  if (changed.length === 0) return [];
  const counts = { pass: 'a pass', fail: 'a failure', inconclusive: 'undecided' }[settings.uncertain];
  const then =
    settings.mode === 'gate' ? `within noise and counts as ${counts} (uncertain: ${settings.uncertain})` : 'its failure is within noise';
  return changed.map(
    ({ entry, holm }) =>
      `Correction for multiple comparisons (Holm-Bonferroni over ${tested} interval-judged metrics) changed a decision: ` +
      `${entry.path} (${entry.criterion.name}) fails on its own interval (one-sided p = ${formatP(holm.pValue)}) but not after ` +
      `the correction (it needed p ≤ ${formatP(holm.level)}): ${then}.`,
  );
}

function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

function roleText(role: 'run' | 'baseline'): string {
  return role === 'run' ? 'this run’s' : 'the baseline’s';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withoutPeriod(text: string): string {
  return text.replace(/\.$/, '');
}
