/** How the noise statistics (issue 16) are written wherever they are shown: the criteria, the tables, the notes. */

/**
 * `0.800 [0.761, 0.839]`: an estimate and its interval, with enough decimals to show the interval's width (at
 * least three for values below 10). `signed` writes changes: `−0.018 [−0.045, +0.010]`.
 */
export function formatInterval(estimate: number, low: number, high: number, options: { signed?: boolean } = {}): string {
  const decimals = decimalsFor(low, high);
  const show = (value: number) => formatFixed(value, decimals, options.signed ?? false);
  return `${show(estimate)} [${show(low)}, ${show(high)}]`;
}

/** Just the bounds, `[−0.045, +0.010]`, as a change (signed). */
export function formatBounds(low: number, high: number): string {
  const decimals = decimalsFor(low, high);
  return `[${formatFixed(low, decimals, true)}, ${formatFixed(high, decimals, true)}]`;
}

function decimalsFor(low: number, high: number): number {
  const width = Math.abs(high - low);
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  const floor = magnitude < 10 ? 3 : 0;
  if (!(width > 0) || !Number.isFinite(width)) return floor;
  return Math.min(6, Math.max(floor, Math.ceil(-Math.log10(width)) + 1));
}

function formatFixed(value: number, decimals: number, signed: boolean): string {
  const text = Math.abs(value).toFixed(decimals);
  // A value that rounds to zero has no sign: `-0.000` would read as a loss.
  if (Number(text) === 0) return text;
  return value < 0 ? `−${text}` : signed ? `+${text}` : text;
}

/** `95%`, `99.9%`: a confidence as people say it. */
export function formatConfidence(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))}%`;
}

/** `12,345`: a count for a sentence. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
