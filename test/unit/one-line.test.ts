import { describe, expect, it } from 'vitest';
import { redactorFor } from '../../src/safety/redact.ts';
import { oneLine } from '../../src/safety/one-line.ts';

const SECRET = 'mka1_live_0123456789abcdef';
const redact = redactorFor([SECRET]);

describe('oneLine: redact, then flatten, then cut', () => {
  it('redacts a secret that straddles the cut: the cut never leaves a recognisable piece of it', () => {
    const text = `${'a'.repeat(90)}${SECRET} and more`;
    const shown = oneLine(text, { redact, flatten: 'all-whitespace', maxChars: 100 });
    expect(shown).toBe(`${'a'.repeat(90)}*** and mo…`);
    expect(shown).not.toContain(SECRET.slice(0, 10));
    // Cut first and redact after, the secret's first 10 characters would have stayed.
    const cutFirst = redact(`${text.slice(0, 100)}…`);
    expect(cutFirst).toContain(SECRET.slice(0, 10));
  });

  it('redacts before flattening: a secret is matched as the raw text holds it', () => {
    const spaced = 'key  with\ttwo  gaps';
    const shown = oneLine(`token ${spaced} end`, { redact: redactorFor([spaced]), flatten: 'all-whitespace', maxChars: 100 });
    expect(shown).toBe('token *** end');
    // Flattened first, the secret would no longer be found.
    expect(redactorFor([spaced])(`token ${spaced} end`.replace(/\s+/g, ' '))).toContain('key with two gaps');
  });

  it('cuts the flattened text, so collapsed whitespace does not use up the length', () => {
    expect(oneLine('a\n\n\n\nb', { flatten: 'all-whitespace', maxChars: 3 })).toBe('a b');
    expect(oneLine('a\n\n\n\nb', { flatten: 'none', maxChars: 3 })).toBe('a\n\n…');
  });

  it('all-whitespace: every run of whitespace becomes one space', () => {
    expect(oneLine('one\r\ntwo\t\tthree   four\u2028five', { flatten: 'all-whitespace', maxChars: 100 })).toBe('one two three four five');
  });

  it('line-breaks: only runs of \\r and \\n become one space; tabs and repeated spaces stay', () => {
    expect(oneLine('one\r\n\ntwo\t\tthree   four', { flatten: 'line-breaks', maxChars: 100 })).toBe('one two\t\tthree   four');
  });

  it('controls: control characters and line separators become one space; ordinary spaces stay', () => {
    expect(oneLine('one\u0000\u001btwo\u0085three\u2029four  five\u007f', { flatten: 'controls', maxChars: 100 })).toBe(
      'one two three four  five ',
    );
  });

  it('none: the text keeps its line breaks (for a sink that quotes it)', () => {
    expect(oneLine('one\ntwo', { flatten: 'none', maxChars: 100 })).toBe('one\ntwo');
  });

  it('trims only when asked, after flattening and before the cut', () => {
    expect(oneLine('\n  padded \t', { flatten: 'all-whitespace', maxChars: 100 })).toBe(' padded ');
    expect(oneLine('\n  padded \t', { flatten: 'all-whitespace', trim: true, maxChars: 100 })).toBe('padded');
    expect(oneLine('   abcdef', { flatten: 'all-whitespace', trim: true, maxChars: 6 })).toBe('abcdef');
  });

  it('keeps text of exactly maxChars, and cuts longer text with the ellipsis', () => {
    expect(oneLine('abcde', { flatten: 'none', maxChars: 5 })).toBe('abcde');
    expect(oneLine('abcdef', { flatten: 'none', maxChars: 5 })).toBe('abcde…');
    expect(oneLine('abcdef', { flatten: 'none', maxChars: 5, ellipsis: ' [cut]' })).toBe('abcde [cut]');
    expect(oneLine('abcdef', { flatten: 'none', maxChars: 5, ellipsis: '' })).toBe('abcde');
  });

  it('leaves text alone without a redactor', () => {
    expect(oneLine(SECRET, { flatten: 'all-whitespace', maxChars: 100 })).toBe(SECRET);
  });
});
