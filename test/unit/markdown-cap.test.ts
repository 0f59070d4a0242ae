import { describe, expect, it } from 'vitest';
import { capSize, escapeCell, table } from '../../src/report/markdown.ts';

/** Whether Markdown is whole: every <details> closed, no fence open, every table line a complete row. */
function wholeness(markdown: string) {
  const lines = markdown.split('\n');
  return {
    details: (markdown.match(/<details[\s>]/g) ?? []).length - (markdown.match(/<\/details>/g) ?? []).length,
    fencesOpen: lines.filter((line) => line.startsWith('```')).length % 2,
    brokenRows: lines.filter((line) => line.startsWith('|') && !/^\|.*[^\\]\|$/.test(line)),
  };
}

const details = (title: string, body: string) => `<details><summary><strong>${title}</strong></summary>\n\n${body}\n\n</details>`;
const rows = (n: number, width: number) =>
  table(
    ['Task', 'Prompt'],
    Array.from({ length: n }, (_, i) => [String(i), escapeCell('<'.repeat(width), width)]),
  );

describe('capSize keeps Markdown whole', () => {
  const doc = [
    '## Verdict',
    table(['Field', 'Value'], [['Run', '`eval_run_1`']]),
    details('Failed samples (showing 100 of 100)', rows(100, 200)),
    '```mermaid\nxychart-beta\n  bar [0.1, 0.2]\n```',
    details('More', rows(50, 100)),
  ].join('\n\n');

  it.each([2_000, 5_000, 20_000, 40_000, 60_000, 80_000, 85_000, 90_000])(
    'cut to %i bytes: under the cap, every <details> closed, no row cut in half',
    (maxBytes) => {
      expect(Buffer.byteLength(doc)).toBeGreaterThan(maxBytes);
      const capped = capSize(doc, maxBytes);
      expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(maxBytes);
      expect(wholeness(capped)).toEqual({ details: 0, fencesOpen: 0, brokenRows: [] });
      expect(capped).toMatch(/_Summary truncated to stay under \d+ KiB; see the `result-json` output for everything\._\n$/);
      // What is kept is the document's beginning, line for line.
      const kept = capped.slice(0, capped.indexOf('\n\n_Summary truncated')).replace(/(\n\n<\/details>|\n```)+$/, '');
      expect(doc.startsWith(kept)).toBe(true);
    },
  );

  it('closes an open code fence before the details around it', () => {
    const fenced = details('Chart', `\`\`\`mermaid\n${'  bar [1]\n'.repeat(500)}\`\`\``);
    const capped = capSize(fenced, 1_000);
    expect(wholeness(capped)).toEqual({ details: 0, fencesOpen: 0, brokenRows: [] });
    expect(capped).toMatch(/\n```\n\n<\/details>\n\n_Summary truncated/);
  });

  it('closes nested sections, each once', () => {
    const nested = details('Outer', details('Inner', rows(300, 50)));
    const capped = capSize(nested, 3_000);
    expect(wholeness(capped).details).toBe(0);
    expect(capped.match(/<\/details>/g)).toHaveLength(2);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(3_000);
  });

  it('keeps a whole last line when the cut falls right at its end', () => {
    const note = '\n\n_Summary truncated to stay under 0 KiB; see the `result-json` output for everything._\n';
    const capped = capSize(`| a |\n| b |\n${'x'.repeat(400)}`, Buffer.byteLength('| a |\n| b |') + Buffer.byteLength(note));
    expect(capped).toBe(`| a |\n| b |${note}`);
  });
});

describe('escapeCell: GitHub autolinks in API text stay text', () => {
  it('breaks GH-123 (any case) with a zero-width space, as #123 already is', () => {
    const zw = '\u200b';
    expect(escapeCell('fixed in GH-123 and gh-7')).toBe(`fixed in GH${zw}-123 and gh${zw}-7`);
    expect(escapeCell('GH-123')).not.toMatch(/GH-\d/i);
    expect(escapeCell('see #45 and acme/app#7')).toBe(`see #${zw}45 and acme/app#${zw}7`);
    // Only the reference form: other words and ids stay as they are.
    expect(escapeCell('GHOST-1, XGH-12, GH-x, high-5')).toBe('GHOST-1, XGH-12, GH-x, high-5');
  });
});
