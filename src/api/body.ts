/** Largest response body the gate reads: anything bigger is refused while it streams in. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Deepest JSON nesting the gate accepts; deeper answers are unusable (nothing the API documents nests so far). */
export const MAX_JSON_DEPTH = 64;

export { readBoundedBody, type BodyRead } from '../safety/bounded-body.ts';

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
