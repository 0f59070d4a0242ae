/** Hostile answers are read within a byte limit, whichever API they come from (MKA1 or GitHub). */
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
