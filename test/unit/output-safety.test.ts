import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonDepth, parseBoundedJson, readBoundedBody } from '../../src/api/body.ts';
import { escapeCell } from '../../src/report/markdown.ts';
import { neutralize } from '../../src/safety/neutralize.ts';
import { redactorFor, secretForms } from '../../src/safety/redact.ts';

describe('bidirectional-text controls', () => {
  // RLO, LRO, embeddings, isolates, marks: each could make `fail` read as `liaf` or hide text.
  const bidi = ['\u202e', '\u202d', '\u202a', '\u202b', '\u202c', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

  it('are replaced in log lines', () => {
    for (const control of bidi) expect(neutralize(`model ${control}x-tpg`)).toBe('model \uFFFDx-tpg');
  });

  it('are replaced in Markdown cells, like other control characters', () => {
    for (const control of [...bidi, '\u0007', '\u001b']) expect(escapeCell(`gpt${control}4`)).toBe('gpt\uFFFD4');
  });
});

describe('neutralize', () => {
  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
    ['NEL', '\u0085'],
    ['LS', '\u2028'],
    ['PS', '\u2029'],
  ])('turns %s into one visible mark, so the text stays one line', (_name, b) => {
    const out = neutralize(`a${b}::error::x${b}b`);
    expect(out).toBe('a⏎::error::x⏎b');
    expect(out.split(/\r\n|[\n\r\u0085\u2028\u2029]/)).toHaveLength(1);
  });

  it('breaks a leading `::` (after whitespace) and every `##[`', () => {
    expect(neutralize('::error::x')).toBe(':\u200b:error::x');
    expect(neutralize(' \t ::set-output name=a::b')).toBe(' \t :\u200b:set-output name=a::b');
    expect(neutralize('see ##[error]x and ##[group]y')).toBe('see #\u200b#[error]x and #\u200b#[group]y');
    expect(neutralize('\n::error::x').startsWith('⏎::')).toBe(true);
  });

  it('replaces other control characters, keeps tabs', () => {
    expect(neutralize('a\u0000b\u001bc\u007fd\u009be\tf')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf');
  });

  it("leaves the action's own messages unchanged", () => {
    for (const text of [
      'MKA1 eval gate fail: run eval_run_1: completed, 40/40 completed, 0 failed',
      'Received SIGTERM: stopping, and reporting what is known',
      'GET /api/v1/llm/evals/runs answered HTTP 503; retry 1 in 0.5s',
      'https://apigw.mka1.com/api/v1 key=value a::b',
    ]) {
      expect(neutralize(text)).toBe(text);
    }
  });
});

describe('secret redaction in every encoding', () => {
  const key = 'mka1_sk/Te+st"q\\x=a&b%c_0123456789';

  it.each([0, 1, 2])('masks the key base64-encoded at byte offset %i inside a longer blob', (offset) => {
    const blob = Buffer.concat([Buffer.alloc(offset, 0x41), Buffer.from(key), Buffer.from('tail')]).toString('base64');
    const redacted = redactorFor([key])(`x ${blob} y`);
    expect(redacted).toContain('***');
    // Characters 8 to 36 of the blob depend on the key's bytes alone: none of them may remain.
    for (let i = 8; i + 8 <= 36; i++) expect(redacted).not.toContain(blob.slice(i, i + 8));
  });

  it('masks the URL-encoded (either hex case, or form) and JSON-escaped key', () => {
    const redact = redactorFor([key]);
    const lowerHex = encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    const forms = [encodeURIComponent(key), lowerHex, JSON.stringify(key).slice(1, -1)];
    for (const form of forms) expect(redact(`<${form}>`), form).toBe('<***>');
    expect(redact(new URLSearchParams({ k: `a ${key}` }).toString())).not.toContain(encodeURIComponent(key).slice(0, 10));
  });

  it('lists the raw secret and its encodings, longest first, without short forms', () => {
    const forms = secretForms(key);
    expect(forms).toContain(key);
    expect(forms.every((form) => form.length >= 6)).toBe(true);
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms);
    expect(redactorFor(['abc'])('abc YWJj')).toBe('*** YWJj');
  });
});

describe('bounded bodies', () => {
  it('counts nesting without recursion, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[" ')).toBe(0);
    expect(jsonDepth(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)).toBe(1_000_000);
  });

  it('refuses JSON deeper than 64 levels before parsing, accepts 64', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseBoundedJson(nest(64)).ok).toBe(true);
    expect(parseBoundedJson(nest(65))).toEqual({ ok: false, problem: 'JSON nested deeper than 64 levels' });
    expect(parseBoundedJson('<html>')).toEqual({ ok: false, problem: 'body is not JSON' });
  });

  it('stops reading past the limit and destroys the stream', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024, 0x20));
      },
    });
    const read = await readBoundedBody(endless, 10 * 1024);
    expect(read).toEqual({ ok: false, bytes: 11 * 1024 });
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(100 * 1024);
  });

  it('returns the text of a body within the limit', async () => {
    await expect(readBoundedBody(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), 100)).resolves.toEqual({
      ok: true,
      text: '{"a":1}',
    });
  });
});
