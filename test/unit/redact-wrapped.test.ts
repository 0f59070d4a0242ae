import { describe, expect, it } from 'vitest';
import { redactorFor, secretForms } from '../../src/safety/redact.ts';

const KEY = 'mka1_sk_live_4f3e2d1c0b9a8f7e';
const redact = redactorFor([KEY]);

/** `text` with `sep` put after every `every` characters, as a gateway that wraps long lines does. */
const wrap = (text: string, every: number, sep: string) => (text.match(new RegExp(`[^]{1,${every}}`, 'g')) ?? []).join(sep);

describe('redaction of a secret an echoing gateway wrapped over lines', () => {
  it.each([
    ['a line break', '\n'],
    ['CRLF', '\r\n'],
    ['a space', ' '],
    ['a tab and spaces', '\t  '],
    ['a line break and indentation', '\n        '],
    ['a JSON-escaped line break', '\\n'],
    ['a JSON-escaped CRLF', '\\r\\n'],
    ['U+2028', '\u2028'],
  ])('masks the key split by %s', (_name, sep) => {
    for (const every of [1, 5, 13]) {
      const echoed = `rejected "authorization: Bearer ${wrap(KEY, every, sep)}" (invalid)`;
      const out = redact(echoed);
      expect(out).toBe('rejected "authorization: Bearer ***" (invalid)');
    }
  });

  it('masks every encoded form wrapped over lines too', () => {
    for (const form of secretForms(KEY)) {
      expect(redact(`x ${wrap(form, 7, '\n')} y`)).toBe('x *** y');
    }
  });

  it('masks a key split inside a JSON body sent as raw text', () => {
    const body = JSON.stringify({ error: { message: `header: ${KEY}` } });
    expect(redact(wrap(body, 16, '\n'))).not.toMatch(/4f3e|live_/);
    expect(redact(wrap(body, 16, '\n'))).toContain('***');
  });

  it('leaves text without the key as it was, wrapped or not, and does not eat the whitespace around a key', () => {
    expect(redact('mka1 sk live, nothing secret\n  here')).toBe('mka1 sk live, nothing secret\n  here');
    expect(redact(`a\n${KEY}\nb`)).toBe('a\n***\nb');
    expect(redact(`${KEY.slice(0, 10)}\n${KEY.slice(0, 10)}`)).toBe(`${KEY.slice(0, 10)}\n${KEY.slice(0, 10)}`);
  });

  it('stays fast on a large text full of near misses', () => {
    const text = `${'mka1_sk_ m k a 1 '.repeat(20_000)}${wrap(KEY, 3, '\n')}`;
    const started = performance.now();
    const out = redact(text);
    expect(out.endsWith('***')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
