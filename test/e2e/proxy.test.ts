import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarios } from '../emulator/scenarios.ts';
import { baseInputs, leaksOf, runAction, withEmulator } from './harness.ts';

/** A minimal forward proxy on loopback: CONNECT tunnels and absolute-form requests, each recorded. */
async function startProxy() {
  const seen: string[] = [];
  /** Local ports of the proxy's own connections to the upstream server: whatever reached it through the proxy came from one of these. */
  const upstreamPorts = new Set<number>();
  const noteUpstream = (socket: Socket) => {
    if (socket.localPort !== undefined) upstreamPorts.add(socket.localPort);
    else socket.once('connect', () => socket.localPort !== undefined && upstreamPorts.add(socket.localPort));
  };
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
    upstream.on('socket', noteUpstream);
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      noteUpstream(upstream);
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
    upstreamPorts,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Not concurrent: the cases share the `proxy` slot that afterEach closes.
describe('proxy support (EnvHttpProxyAgent)', { concurrent: false }, () => {
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
      // Every request the emulator saw arrived on one of the proxy's upstream connections, none directly.
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(via.upstreamPorts.size).toBeGreaterThan(0);
      const ports = emulator.requests.map((r) => r.remotePort);
      expect(ports.every((port) => port !== undefined && via.upstreamPorts.has(port))).toBe(true);
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
      expect(via.upstreamPorts.size).toBe(0);
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(emulator.requests.every((r) => r.remotePort !== undefined)).toBe(true);
    });
  });
});
