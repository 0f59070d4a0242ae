import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarios } from '../emulator/scenarios.ts';
import { baseInputs, leaksOf, runAction, withEmulator } from './harness.ts';

/** A minimal forward proxy on loopback: CONNECT tunnels and absolute-form requests, each recorded. */
async function startProxy() {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('proxy support (EnvHttpProxyAgent)', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('sends every MKA1 request through HTTP_PROXY', async () => {
    proxy = await startProxy();
    const via = proxy;
    await withEmulator(scenarios['quick-pass']!, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': 'eval_suite_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f', metadata: 'branch=main' }),
        env: { HTTP_PROXY: via.url, HTTPS_PROXY: via.url },
      });
      expect(run.code).toBe(0);
      expect(run.outputs.outcome).toBe('pass');
      const host = new URL(emulator.url).host;
      // One tunnel (or absolute-form request) per connection used; every emulator request came through it.
      expect(via.seen.length).toBeGreaterThan(0);
      expect(via.seen.every((line) => line.includes(host))).toBe(true);
      expect(emulator.requests.length).toBe(run.result.api.requests);
      expect(leaksOf(run)).toEqual([]);
    });
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    proxy = await startProxy();
    const via = proxy;
    await withEmulator(scenarios['quick-pass']!, async (emulator) => {
      const run = await runAction({
        inputs: baseInputs(emulator, { 'suite-id': 'eval_suite_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f', metadata: 'branch=main' }),
        env: { HTTP_PROXY: via.url, HTTPS_PROXY: via.url, NO_PROXY: '127.0.0.1' },
      });
      expect(run.code).toBe(0);
      expect(via.seen).toEqual([]);
      expect(emulator.requests.length).toBeGreaterThan(0);
    });
  });
});
