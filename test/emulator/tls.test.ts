/** The emulator over HTTPS (for the gate's TLS end-to-end tests): same routes and records, test certificates. */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './server.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8');

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('the emulator over HTTPS', () => {
  it('serves the API on https://127.0.0.1 with the given certificate, and records requests', async () => {
    emulator = await startEmulator({ scenario: { runs: [] }, tls: { key: fixture('leaf.key'), cert: fixture('localhost.pem') } });
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const agent = new Agent({ connect: { ca: fixture('ca.pem') } });
    try {
      const answer = await request(`${emulator.url}/api/v1/llm/evals/runs`, {
        headers: { authorization: `Bearer ${emulator.apiKey}` },
        dispatcher: agent,
      });
      expect(answer.statusCode).toBe(200);
      expect(await answer.body.json()).toMatchObject({ object: 'list', data: [] });
    } finally {
      await agent.close();
    }
    expect(emulator.requests.map((r) => `${r.route} ${r.answer}`)).toEqual(['list 200']);
  });

  it('records nothing when the client refuses the certificate: the request never leaves the handshake', async () => {
    emulator = await startEmulator({ scenario: { runs: [] }, tls: { key: fixture('leaf.key'), cert: fixture('localhost.pem') } });
    const agent = new Agent();
    try {
      await expect(
        request(`${emulator.url}/api/v1/llm/evals/runs`, { headers: { authorization: 'Bearer x' }, dispatcher: agent }),
      ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await agent.close();
    }
    expect(emulator.requests).toEqual([]);
  });
});
