/**
 * End-to-end (issue 14 §1): an `api-url` that answers with a redirect, and TLS failures that retrying cannot fix,
 * fail at once with a hint, whatever `on-inconclusive` says. The emulator serves HTTPS on 127.0.0.1 with the test
 * certificates of test/fixtures/tls (see make-certs.sh there); a refused connection stays inconclusive.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../emulator/model.ts';
import { DEMO_SUITE } from '../emulator/scenarios.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { POLICIES, dump, expectConfigFail, requestsOf } from './config-verdict.ts';
import { SECRET_KEY, baseInputs, leaksOf, runAction, withEmulator } from './harness.ts';

const RUN_ID = 'eval_run_7a11000000000000000000000000c0de';
const RUNS = '/api/v1/llm/evals/runs';
const TLS_DIR = new URL('../fixtures/tls/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, TLS_DIR), 'utf8');
const CA_FILE = fileURLToPath(new URL('ca.pem', TLS_DIR));

const scenario: Scenario = { runs: [{ id: RUN_ID, suiteId: DEMO_SUITE, metadata: { sha: 'c0ffee1' }, total: 10 }] };
const byRunId = { 'run-id': RUN_ID };

/** The emulator over HTTPS with `cert` (a PEM chain) for the test leaf key. */
async function withTlsEmulator<T>(cert: string, fn: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ scenario, apiKey: SECRET_KEY, tls: { key: fixture('leaf.key'), cert } });
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

describe('TLS failures that retrying cannot fix: fail at once, with a hint, and the key never leaves the handshake', () => {
  type Case = [name: string, certs: string, trustTestCa: boolean, code: string, hint: RegExp];
  const cases: Case[] = [
    ['a self-signed certificate', 'self-signed.pem', false, 'DEPTH_ZERO_SELF_SIGNED_CERT', /NODE_EXTRA_CA_CERTS/],
    ['a certificate from an unknown CA', 'localhost.pem', false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', /NODE_EXTRA_CA_CERTS/],
    ['an unknown CA sent in the chain', 'localhost.pem + ca.pem', false, 'SELF_SIGNED_CERT_IN_CHAIN', /NODE_EXTRA_CA_CERTS/],
    [
      'a certificate for another host',
      'other-host.pem',
      true,
      'ERR_TLS_CERT_ALTNAME_INVALID',
      /certificate is for another host: check the host name in `api-url`/,
    ],
    ['an expired certificate', 'expired.pem', true, 'CERT_HAS_EXPIRED', /outside its validity dates/],
  ];

  it.each(cases)('%s (%s): fails under every on-inconclusive', async (_name, certs, trustTestCa, code, hint) => {
    await withTlsEmulator(certs.split(' + ').map(fixture).join(''), async (emulator) => {
      for (const policy of POLICIES) {
        const run = await runAction({
          inputs: baseInputs(emulator, { ...byRunId, 'on-inconclusive': policy, timeout: '30s' }),
          env: trustTestCa ? { NODE_EXTRA_CA_CERTS: CA_FILE } : {},
        });
        expectConfigFail(run, new RegExp(`^GET ${RUNS}/${RUN_ID} failed: ${code} \\(`));
        expect(run.outputs.reason).toMatch(hint);
        // One attempt, no retry, no wait; and no request reached the server (the handshake failed first).
        expect(run.result.api).toEqual({ requests: 1, retries: 0, not_modified: 0 });
        expect(run.durationMs, dump(run)).toBeLessThan(10_000);
        expect(requestsOf(emulator)).toEqual([]);
      }
    });
  });

  it('the hint works: the same unknown-CA server passes once NODE_EXTRA_CA_CERTS names the test CA', async () => {
    await withTlsEmulator(fixture('localhost.pem'), async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, byRunId), env: { NODE_EXTRA_CA_CERTS: CA_FILE } });
      expect(run.code, dump(run)).toBe(0);
      expect(run.outputs.outcome).toBe('pass');
      expect(run.outputs['run-id']).toBe(RUN_ID);
      expect(requestsOf(emulator)).toContain('GET get 200');
      expect(leaksOf(run)).toEqual([]);
    });
  });

  it('plain http behind an https:// api-url (wrong version number): fails, asking whether it is plain http', async () => {
    await withEmulator(scenario, async (emulator) => {
      const httpsUrl = emulator.url.replace(/^http:/, 'https:');
      for (const policy of POLICIES) {
        const run = await runAction({
          inputs: baseInputs(emulator, { ...byRunId, 'api-url': httpsUrl, 'on-inconclusive': policy, timeout: '30s' }),
        });
        expectConfigFail(run, new RegExp(`^GET ${RUNS}/${RUN_ID} failed: ERR_SSL_WRONG_VERSION_NUMBER \\(`));
        expect(run.outputs.reason).toContain('The server did not answer in TLS: is it plain http behind an https:// `api-url`');
        expect(run.result.api).toEqual({ requests: 1, retries: 0, not_modified: 0 });
        expect(run.durationMs, dump(run)).toBeLessThan(10_000);
        // The TLS hello is no HTTP request: the plain server answered nothing the emulator could route.
        expect(requestsOf(emulator)).toEqual([]);
      }
    });
  });
});

describe('api-url answering a redirect: fail at once, saying where it points (without query or user info)', () => {
  it('301 on the listing: one request, the Location shown without secrets, and the api-url to use', async () => {
    const location = `https://gate:hunter2@api.moved.example${RUNS}?suite_id=x&tok3n_param=q9s8e7#fr4gment`;
    const redirecting: Scenario = { ...scenario, faults: [{ route: 'list', kind: 'status', status: 301, location }] };
    for (const policy of POLICIES) {
      await withEmulator(redirecting, async (emulator) => {
        const inputs = baseInputs(emulator, { 'suite-id': DEMO_SUITE, metadata: 'sha=c0ffee1', 'on-inconclusive': policy, timeout: '30s' });
        const run = await runAction({ inputs });
        expectConfigFail(
          run,
          new RegExp(
            `^GET ${RUNS} answered HTTP 301\\. \`api-url\` answers with a redirect to https://api\\.moved\\.example${RUNS}; ` +
              'the gate does not follow redirects \\(the key would go along\\): set `api-url` to https://api\\.moved\\.example$',
          ),
        );
        for (const secret of ['hunter2', 'q9s8e7', 'fr4gment', 'tok3n_param']) expect(leaksOf(run, secret)).toEqual([]);
        expect(requestsOf(emulator)).toEqual(['GET list fault:status']);
        expect(run.result.api).toEqual({ requests: 1, retries: 0, not_modified: 0 });
      });
    }
  });

  it.each([302, 307, 308])('%i on the run itself (run-id): the same failure', async (status) => {
    const redirecting: Scenario = {
      ...scenario,
      faults: [{ route: 'get', kind: 'status', status, location: `/new-base${RUNS}/${RUN_ID}` }],
    };
    await withEmulator(redirecting, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, { ...byRunId, 'on-inconclusive': 'pass' }) });
      const origin = emulator.url.replace(/[.]/g, '\\.');
      expectConfigFail(
        run,
        new RegExp(
          `^GET ${RUNS}/${RUN_ID} answered HTTP ${status}\\. .* redirect to ${origin}/new-base${RUNS}/${RUN_ID}; .*set \`api-url\` to ${origin}/new-base$`,
        ),
      );
      expect(requestsOf(emulator)).toEqual([`GET get fault:status`]);
    });
  });

  it('a hostile Location (the key, markup, another page) is redacted, encoded, and suggests no api-url', async () => {
    const location = `https://evil.example/${SECRET_KEY}/<b>login</b>?next=1`;
    const redirecting: Scenario = { ...scenario, faults: [{ route: 'get', kind: 'status', status: 302, location }] };
    await withEmulator(redirecting, async (emulator) => {
      const run = await runAction({ inputs: baseInputs(emulator, byRunId) });
      expectConfigFail(
        run,
        /answered HTTP 302\. `api-url` answers with a redirect to https:\/\/evil\.example\/\*\*\*\/%3Cb%3Elogin%3C\/b%3E; /,
      );
      expect(run.outputs.reason).toContain("set `api-url` to the API's own address");
      expect(run.outputs.reason).not.toContain('<b>');
      expect(run.summary).not.toContain('<b>');
    });
  });
});

describe('connection refused stays inconclusive (a server that is down may come back)', () => {
  it('an https api-url where nothing listens: inconclusive at the deadline; on-inconclusive: pass passes', async () => {
    const port = await freePort();
    const run = await runAction({
      inputs: { 'api-key': SECRET_KEY, 'api-url': `https://127.0.0.1:${port}`, ...byRunId, timeout: '2s', 'on-inconclusive': 'pass' },
    });
    expect(run.code, dump(run)).toBe(0);
    expect(run.outputs.outcome).toBe('inconclusive');
    expect(run.outputs.reason).toMatch(/^timeout of 2s reached .*ECONNREFUSED/);
    expect(leaksOf(run)).toEqual([]);
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
