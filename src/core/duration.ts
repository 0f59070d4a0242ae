const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: Unit[] = ['d', 'h', 'm', 's', 'ms'];

/**
 * Parses `500ms`, `15s`, `30m`, `1.5h`, `3d`, a bare number of seconds, or a combination from the
 * largest unit down as people write ages (`1d12h`, `1h 30m`, which formatDuration prints). Returns
 * undefined when malformed.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*/iy;
  let total = 0;
  let lastRank = -1;
  let at = 0;
  while (at < trimmed.length) {
    part.lastIndex = at;
    const match = part.exec(trimmed);
    if (!match) return undefined;
    const unit = (match[2] as string).toLowerCase() as Unit;
    // Each unit once, largest first: `30m1h` is more likely a typo than a duration.
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += Number(match[1]) * UNIT_MS[unit];
    at = part.lastIndex;
  }
  return at === 0 ? undefined : Math.round(total);
}

/** Human form for logs and the summary: `850ms`, `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a';
  if (ms < 999.5) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(seconds)}s`;
}

/** How long ago, in words, for reasons people read: `3 days`, `1 day 2 hours`, `5 hours 3 minutes`, `40 seconds`. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const both = (a: number, aUnit: string, b: number, bUnit: string) =>
    b > 0 ? `${plural(a, aUnit)} ${plural(b, bUnit)}` : plural(a, aUnit);
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return both(minutes, 'minute', seconds % 60, 'second');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return both(hours, 'hour', minutes % 60, 'minute');
  return both(Math.floor(hours / 24), 'day', hours % 24, 'hour');
}
