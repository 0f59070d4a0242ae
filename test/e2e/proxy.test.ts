import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarios } from '../emulator/scenarios.ts';
import { startEmulator } from '../emulator/server.ts';
import { expectReport, requestsTo } from './expect-report.ts';
import { baseInputs, leaksOf, runAction, SECRET_KEY, withEmulator } from './harness.ts';

/** What the proxy does with a CONNECT, by its number (1 = the first): tunnel it, answer 503, or drop the connection. */
type ConnectAnswer = 'tunnel' | '503' | 'drop';

interface ProxyOptions {
  connect?: (n: number) => ConnectAnswer;
  /** Closes the first tunnel this long after it opened, so the client needs a new CONNECT mid-wait. */
  firstTunnelMs?: number;
}

/** A minimal forward proxy on loopback: CONNECT tunnels and absolute-form requests, each recorded. */
async function startProxy(options: ProxyOptions = {}) {
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
  let connects = 0;
  server.on('connect', (req, socket: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const n = ++connects;
    const answer = options.connect?.(n) ?? 'tunnel';
    if (answer === '503') return void socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n');
    if (answer === 'drop') return void socket.destroy();
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      noteUpstream(upstream);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
      if (n === 1 && options.firstTunnelMs !== undefined) {
        setTimeout(() => {
          upstream.destroy();
          socket.destroy();
        }, options.firstTunnelMs);
      }
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

// Not concurrent either: the cases share the `proxy` slot that afterEach closes.
describe('a proxy that refuses or drops one CONNECT mid-wait (the API over https, as in production)', { concurrent: false }, () => {
  const tlsPath = (name: string) => new URL(`../fixtures/loopback-tls/${name}`, import.meta.url);
  const tls = { key: readFileSync(tlsPath('key.pem'), 'utf8'), cert: readFileSync(tlsPath('cert.pem'), 'utf8') };
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it.each([['503'], ['drop']] as const)(
    'CONNECT answered %s once mid-wait: a missed attempt, and the gate passes the run',
    async (fault) => {
      // The first tunnel closes after 1 s; the next CONNECT is refused (or dropped) once; the one after gets through.
      proxy = await startProxy({ firstTunnelMs: 1_000, connect: (n) => (n === 2 ? fault : 'tunnel') });
      // The run's clock starts with the gate's first request, however long the spawn took: it is still running
      // when the first tunnel closes a second later.
      const emulator = await startEmulator({
        scenario: {
          clockStartsAtFirstRequest: true,
          runs: [{ id: 'eval_run_proxied', suiteId: 'eval_suite_tls', queuedMs: 0, inProgressMs: 3_000, total: 30 }],
        },
        apiKey: SECRET_KEY,
        tls,
      });
      try {
        const run = await runAction({
          inputs: baseInputs(emulator, { 'run-id': 'eval_run_proxied', 'poll-interval': '200ms', 'max-poll-interval': '200ms' }),
          env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: tlsPath('cert.pem').pathname },
        });
        expectReport(run, 'pass');
        expect(run.outputs['run-id']).toBe('eval_run_proxied');
        expect(run.outputs.status).toBe('completed');
        const host = new URL(emulator.url).host;
        // Three tunnels asked for: the first, the refused (or dropped) one, the one that carried the rest.
        expect(proxy.seen.slice(0, 3)).toEqual([`CONNECT ${host}`, `CONNECT ${host}`, `CONNECT ${host}`]);
        expect(run.result.api.retries).toBeGreaterThanOrEqual(1);
        expect(run.stdout).toMatch(fault === '503' ? /Proxy response \(503\) !== 200 when HTTP Tunneling/ : /UND_ERR_PRX_CONN/);
        // Polls before and after the refused tunnel: the wait went on through it.
        const gets = requestsTo(emulator, 'get');
        expect(gets.length).toBeGreaterThan(3);
        expect(gets.at(-1)!.at).toBeGreaterThanOrEqual(1_000);
        expect(gets.every((r) => r.remotePort !== undefined && proxy!.upstreamPorts.has(r.remotePort))).toBe(true);
      } finally {
        await emulator.close();
      }
    },
  );
});
