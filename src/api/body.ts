/** Largest response body the gate reads: anything bigger is refused while it streams in. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Deepest JSON nesting the gate accepts; deeper answers are unusable (nothing the API documents nests so far). */
export const MAX_JSON_DEPTH = 64;

export type BodyRead = { ok: true; text: string } | { ok: false; bytes: number };

/**
 * Reads a response body up to `limit` bytes. Past the limit it stops reading and destroys the
 * stream, so a huge or endless body costs at most `limit` bytes of memory.
 */
export async function readBoundedBody(
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown },
  limit: number,
): Promise<BodyRead> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > limit) {
      body.destroy();
      return { ok: false, bytes };
    }
    chunks.push(chunk);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * The deepest nesting of objects and arrays in a JSON text, in one linear pass without recursion
 * (so it cannot overflow the stack, however deep the text). Brackets inside strings do not count.
 * Stops counting once `stopAbove` is passed.
 */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: string };

/** JSON.parse with the depth checked first: a too-deep answer never reaches code that recurses over it. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonParse {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, problem: `JSON nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
}
