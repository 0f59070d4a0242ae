import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_CREATED_RUN, readCreateBody } from './create.ts';
import { handleSchedules, isSchedulePath } from './schedules.ts';
import { RUN_STATUSES, isTerminalStatus, renderRunNow, type FaultRule, type RouteName, type RunState, type Scenario } from './model.ts';
import { listSamples, samplesOf } from './samples.ts';
import { getSuite, suiteIdOfPath } from './suites.ts';

export const DEFAULT_EMULATOR_KEY = 'mka1_emulator_key';
const PREFIX = '/api/v1/llm/evals';

export interface RecordedRequest {
  method: string;
  path: string;
  route: RouteName | 'unknown';
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** ms since the emulator started. */
  at: number;
  /** What the emulator did: an HTTP status, or the fault it injected. */
  answer: string;
  /** The Retry-After header of an injected status, as sent. */
  retryAfter?: string;
  /** The client's port on the connection the request came in on (req.socket.remotePort). */
  remotePort: number | undefined;
  /** The request body parsed as JSON (the raw text when it is not JSON; undefined when empty). */
  body?: unknown;
}

export interface EmulatorOptions {
  scenario: Scenario;
  apiKey?: string;
  port?: number;
  /** ms clock; inject a virtual one to simulate hours in milliseconds. */
  now?: () => number;
  /** Real-world unix time (ms) that emulator time 0 maps to. */
  epochMs?: number;
  /** Serve HTTPS with this key and certificate (chain) instead of plain HTTP: `url` is then https://127.0.0.1:PORT. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface Emulator {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Emulator time in ms since start. */
  elapsed(): number;
  /** The run as the API would return it now (undefined if not visible). */
  peekRun(id: string): Record<string, unknown> | undefined;
  /** Ids of the runs started with POST /runs, in order. */
  createdRunIds(): string[];
  /** The scenario's runs as served: id, suite, metadata and when each appears (for the CLI's start-up listing). */
  runs: ReadonlyArray<{ id: string; suiteId: string; metadata: Record<string, string>; appearAfterMs: number }>;
  close(): Promise<void>;
}

/**
 * An in-process MKA1 evals API on 127.0.0.1: list, get and cancel runs with the real shapes,
 * validation, pagination and auth, plus scripted faults.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const apiKey = options.apiKey ?? DEFAULT_EMULATOR_KEY;
  const clock = options.now ?? (() => performance.now());
  const scenario = options.scenario;
  let start = clock();
  let epochMs = options.epochMs ?? Date.now();
  // With clockStartsAtFirstRequest, time stands at 0 until the first request arrives.
  let clockStopped = scenario.clockStartsAtFirstRequest === true;
  const elapsed = () => (clockStopped ? 0 : clock() - start);
  const requests: RecordedRequest[] = [];
  const faultHits = new Map<FaultRule, number>();
  const sockets = new Set<Socket>();

  const states: RunState[] = scenario.runs.map((spec, seq) => {
    const appearAt = spec.appearAfterMs ?? 0;
    const suiteId = spec.suiteId ?? 'eval_suite_demo';
    return {
      spec,
      id: spec.id ?? `eval_run_${createHash('md5').update(`${suiteId}/${seq}`).digest('hex')}`,
      suiteId,
      seq,
      appearAt,
      createdAt: createdAtOf(spec, appearAt),
      cancelRequestedAt: undefined,
      reruns: [],
    };
  });
  function createdAtOf(spec: RunState['spec'], appearAt: number): number {
    return spec.createdAt ?? Math.floor((epochMs + appearAt) / 1000) - (spec.ageSeconds ?? 0);
  }
  // Newest first, as the API lists; among equal created_at, the later-declared run first.
  const newestFirst = (a: RunState, b: RunState) => b.createdAt - a.createdAt || b.seq - a.seq;
  const ordered = [...states].sort(newestFirst);

  /** Moves time 0, and the real time it maps to, to now: the timelines start with the first request. */
  function startClock(): void {
    if (!clockStopped) return;
    clockStopped = false;
    const shift = clock() - start;
    start += shift;
    epochMs += shift;
    for (const state of states) state.createdAt = createdAtOf(state.spec, state.appearAt);
    ordered.sort(newestFirst);
  }
  const byId = new Map(states.map((s) => [s.id, s]));
  const createdIds: string[] = [];

  const visible = (state: RunState, req: IncomingMessage) =>
    elapsed() >= state.appearAt && (state.spec.onBehalfOf === undefined || state.spec.onBehalfOf === req.headers['x-on-behalf-of']);
  const listed = (state: RunState, req: IncomingMessage) =>
    visible(state, req) && elapsed() >= state.appearAt + (state.spec.listAfterMs ?? 0);

  const listener: RequestListener = (req, res) => {
    startClock();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      route: route?.name ?? 'unknown',
      query: Object.fromEntries(url.searchParams),
      headers: {
        authorization: req.headers.authorization,
        'x-on-behalf-of': header(req, 'x-on-behalf-of'),
        'user-agent': header(req, 'user-agent'),
        'if-none-match': header(req, 'if-none-match'),
      },
      at: elapsed(),
      answer: '',
      remotePort: req.socket.remotePort,
    };
    requests.push(record);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      record.body = text ? parseOrText(text) : undefined;
      void handle(req, res, url, route, record, text).catch((error: unknown) => {
        record.answer = '500';
        if (!res.headersSent) json(res, 500, { error: { message: `emulator bug: ${String(error)}` } });
      });
    });
  };
  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    route: { name: RouteName; runId?: string; suiteId?: string } | undefined,
    record: RecordedRequest,
    text: string,
  ) {
    const fault = route ? takeFault(route.name) : undefined;
    // afterCommit: the write happens as usual, and only then is the answer replaced by the fault.
    if (fault?.afterCommit && req.headers.authorization === `Bearer ${apiKey}`) commit(route, text);
    if (fault && (await injectFault(fault, req, res, record, route?.name))) return;

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      record.answer = '401';
      return json(res, 401, { error: { type: 'unauthorized', message: 'Missing or invalid API key' } });
    }
    if (!route) {
      record.answer = '404';
      return json(res, 404, { error: { type: 'not_found', message: `No route for ${req.method} ${url.pathname}` } });
    }
    if (route.name === 'schedule-get' || route.name === 'schedule-list') {
      return handleSchedules(req, res, url, record, { schedules: scenario.schedules ?? [], runs: states, elapsed, epochMs, visible });
    }
    if (route.name === 'suite-get') {
      const context = { suites: scenario.suites ?? [], runs: states, schedules: scenario.schedules ?? [], epochMs };
      return answer(res, record, getSuite(route.suiteId as string, context, req));
    }
    if (route.name === 'list') return listRuns(req, res, url, record, fault);
    if (route.name === 'create') return answer(res, record, createRun(text));
    const state = route.runId ? byId.get(route.runId) : undefined;
    if (!state || !visible(state, req)) {
      record.answer = '404';
      return json(res, 404, { error: { type: 'not_found', message: `Eval run ${route.runId} not found` } });
    }
    if (route.name === 'rerun') return answer(res, record, rerunFailed(state));
    if (route.name === 'samples')
      return answer(res, record, listSamples(samplesOf(state, renderRunNow(state, elapsed(), epochMs)), url.searchParams));
    if (route.name === 'cancel') {
      const current = renderRunNow(state, elapsed(), epochMs);
      if (!isTerminalStatus(current.status) && state.cancelRequestedAt === undefined) state.cancelRequestedAt = elapsed();
      record.answer = '200';
      return json(res, 200, mutate(renderRunNow(state, elapsed(), epochMs), fault));
    }
    state.reads = (state.reads ?? 0) + 1;
    const run = mutate({ ...renderRunNow(state, elapsed(), epochMs), ...state.spec.getView }, fault);
    const body = fault?.kind === 'deep-json' ? deepRunJson(run, fault.depth ?? 100_000) : rawJson(JSON.stringify(run));
    if (scenario.etags !== false) {
      const etag = `W/"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        record.answer = '304';
        res.writeHead(304);
        return res.end();
      }
    }
    record.answer = '200';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  }

  function listRuns(req: IncomingMessage, res: ServerResponse, url: URL, record: RecordedRequest, fault: FaultRule | undefined) {
    const repeatCursor = fault?.kind === 'repeat-cursor';
    const limitText = url.searchParams.get('limit') ?? '20';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
      record.answer = '400';
      return json(res, 400, { error: { type: 'invalid_request', message: `limit must be an integer from 1 to 100, got "${limitText}"` } });
    }
    const status = url.searchParams.get('status');
    if (status !== null && !(RUN_STATUSES as readonly string[]).includes(status)) {
      record.answer = '400';
      return json(res, 400, { error: { type: 'invalid_request', message: `status must be one of ${RUN_STATUSES.join(', ')}` } });
    }
    const ignored = new Set(scenario.ignoreFilters ?? []);
    const suiteId = ignored.has('suite_id') ? null : url.searchParams.get('suite_id');
    const now = elapsed();
    let rows = ordered
      .filter((s) => listed(s, req) && (suiteId === null || s.suiteId === suiteId))
      .map((s) => ({ state: s, run: undefined as Record<string, unknown> | undefined }));
    if (status !== null && !ignored.has('status')) {
      // Filtered on the run as listed: a stale listing filters on its stale status.
      rows = rows.filter((row) => {
        row.run = { ...renderRunNow(row.state, now, epochMs), ...row.state.spec.listView };
        return row.run.status === status;
      });
    }
    const after = url.searchParams.get('after');
    let startIndex = 0;
    if (after !== null && !repeatCursor) {
      const index = rows.findIndex((row) => row.state.id === after);
      if (index < 0) {
        record.answer = '400';
        return json(res, 400, { error: { type: 'invalid_request', message: `after: no run "${after}" in this listing` } });
      }
      startIndex = index + 1;
    }
    const page = rows.slice(startIndex, startIndex + limit);
    const data = page.flatMap((row) => {
      const listed = row.run ?? { ...renderRunNow(row.state, now, epochMs), ...row.state.spec.listView };
      return [listed, ...(row.state.spec.listCopies ?? []).map((copy) => ({ ...listed, ...copy }))].map((run) => mutate(run, fault));
    });
    record.answer = '200';
    json(res, 200, {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: repeatCursor ? true : startIndex + limit < rows.length,
    });
  }

  /** POST /runs: a valid body starts a run at once, on the scenario's next `creates` timeline. */
  function createRun(text: string): { status: number; body: unknown } {
    const read = readCreateBody(text);
    if (!read.ok) return read.answer;
    const creates = scenario.creates ?? [DEFAULT_CREATED_RUN];
    const template = creates[Math.min(createdIds.length, creates.length - 1)] ?? DEFAULT_CREATED_RUN;
    const seq = states.length;
    const appearAt = elapsed();
    const spec = { ...template, ...read.spec, extra: { ...template.extra, ...read.spec.extra } };
    const id = `eval_run_${createHash('md5').update(`created/${read.suiteId}/${seq}`).digest('hex')}`;
    const createdAt = Math.floor((epochMs + appearAt) / 1000);
    const state: RunState = { spec, id, suiteId: read.suiteId, seq, appearAt, createdAt, cancelRequestedAt: undefined, reruns: [] };
    states.push(state);
    ordered.unshift(state);
    byId.set(id, state);
    createdIds.push(id);
    return { status: 200, body: { ...renderRunNow(state, elapsed(), epochMs), ...spec.createView } };
  }

  /** POST /runs/{id}/rerun-failed: only a completed run; it goes back to in_progress while the failed samples run. */
  function rerunFailed(state: RunState): { status: number; body: unknown } {
    const current = renderRunNow(state, elapsed(), epochMs);
    if (current.status !== 'completed') {
      const message = `Eval run ${state.id} is ${String(current.status)}; only a completed run can rerun its failed samples`;
      return { status: 409, body: { error: { type: 'conflict', message } } };
    }
    const failedBefore = (current.request_counts as { failed: number }).failed;
    state.reruns.push({ at: elapsed(), failedBefore });
    return { status: 200, body: renderRunNow(state, elapsed(), epochMs) };
  }

  function commit(route: { name: RouteName; runId?: string } | undefined, text: string) {
    if (route?.name === 'create') createRun(text);
    const state = route?.runId ? byId.get(route.runId) : undefined;
    if (route?.name === 'rerun' && state) rerunFailed(state);
  }

  function answer(res: ServerResponse, record: RecordedRequest, result: { status: number; body: unknown }) {
    record.answer = String(result.status);
    json(res, result.status, result.body);
  }

  function takeFault(route: RouteName): FaultRule | undefined {
    const now = elapsed();
    for (const rule of scenario.faults ?? []) {
      if (rule.route !== 'any' && rule.route !== route) continue;
      if ((rule.fromMs !== undefined && now < rule.fromMs) || (rule.untilMs !== undefined && now >= rule.untilMs)) continue;
      const hits = (faultHits.get(rule) ?? 0) + 1;
      faultHits.set(rule, hits);
      const skip = rule.skip ?? 0;
      if (hits <= skip) continue;
      if (rule.times !== undefined && hits > skip + rule.times) continue;
      return rule;
    }
    return undefined;
  }

  /** Returns true when the fault answered (or withheld) the response itself. */
  async function injectFault(fault: FaultRule, req: IncomingMessage, res: ServerResponse, record: RecordedRequest, route?: RouteName) {
    record.answer = `fault:${fault.kind}`;
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = {};
        const retryAfter = fault.retryAfterDateMs === undefined ? fault.retryAfter : httpDateAfter(fault.retryAfterDateMs);
        if (retryAfter) headers['retry-after'] = record.retryAfter = retryAfter;
        if (fault.location) headers.location = fault.location;
        if (fault.body !== undefined) {
          res.writeHead(fault.status ?? 503, { 'content-type': 'application/json', ...headers });
          res.end(fault.body);
          return true;
        }
        json(res, fault.status ?? 503, { error: { type: 'injected', message: `injected HTTP ${fault.status ?? 503}` } }, headers);
        return true;
      }
      case 'echo-key': {
        const echoed = { error: { message: `rejected request with header "authorization: ${req.headers.authorization ?? ''}"` } };
        if (!fault.wrapAt) {
          json(res, fault.status ?? 400, echoed);
          return true;
        }
        res.writeHead(fault.status ?? 400, { 'content-type': 'application/json' });
        res.end(wrapLines(JSON.stringify(echoed), fault.wrapAt, fault.wrapWith ?? '\n'));
        return true;
      }
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang':
        return true; // never answers; the socket is destroyed on close()
      case 'hang-body':
      case 'reset-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"object":"list","data":[{"id":"eval_run_');
        if (fault.kind === 'reset-body') setTimeout(() => req.socket.destroy(), 20);
        return true;
      case 'bad-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fault.body ?? '<html><body>502 Bad Gateway</body></html>');
        return true;
      case 'oversized-body':
        await streamOversized(res, fault.bytes ?? 17 * 1024 * 1024);
        return true;
      case 'huge-page':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          hugePage(fault.items ?? 100_000, new URL(req.url ?? '/', 'http://emulator').searchParams.get('suite_id') ?? 'eval_suite_bulk'),
        );
        return true;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        record.answer = '';
        return false;
      case 'deep-json':
      case 'missing-fields':
      case 'unknown-status':
      case 'repeat-cursor':
        record.answer = '';
        return route === undefined; // answered normally, then altered by mutate()/listRuns
    }
  }

  /** The HTTP-date `ms` from now in real time (epochMs is time 0), rounded up to a whole second. */
  function httpDateAfter(ms: number): string {
    return new Date(Math.ceil((epochMs + elapsed() + ms) / 1000) * 1000).toUTCString();
  }

  function mutate(run: Record<string, unknown>, fault: FaultRule | undefined) {
    if (fault?.kind === 'missing-fields') {
      const { request_counts: _counts, status: _status, ...rest } = run;
      return rest;
    }
    if (fault?.kind === 'unknown-status') return { ...run, status: 'paused' };
    return run;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    apiKey,
    requests,
    elapsed,
    runs: ordered.map((s) => ({ id: s.id, suiteId: s.suiteId, metadata: s.spec.metadata ?? {}, appearAfterMs: s.appearAt })),
    peekRun: (id) => {
      const state = byId.get(id);
      return state && elapsed() >= state.appearAt ? renderRunNow(state, elapsed(), epochMs) : undefined;
    },
    createdRunIds: () => [...createdIds],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Streams a valid JSON list of `bytes` bytes (padding in a string field), with backpressure; stops when the client goes. */
async function streamOversized(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  const head = '{"object":"list","data":[],"has_more":false,"padding":"';
  const tail = '"}';
  // A Buffer, encoded once: a string would be encoded again for every write, in the event loop other tests share.
  const chunk = Buffer.alloc(64 * 1024, 'x');
  res.write(head);
  let sent = head.length + tail.length;
  while (sent < bytes && !res.destroyed) {
    const size = Math.min(chunk.length, bytes - sent);
    sent += size;
    if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
  if (!res.destroyed) res.end(tail);
}

/** The run as JSON with `metrics` nested so that the whole object is `depth` levels deep. */
function deepRunJson(run: Record<string, unknown>, depth: number): string {
  const levels = Math.max(0, depth - 1);
  const deep = `${'{"m":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return JSON.stringify({ ...run, metrics: '__DEEP__' }).replace('"__DEEP__"', levels > 0 ? deep : '1');
}

const hugePages = new Map<string, Buffer>();

/**
 * One listing page of `items` small, valid runs of `suiteId` that match no test's metadata; built and encoded once
 * per size and suite (encoding 16 MB for every poll held up the event loop that other tests' emulators share).
 */
function hugePage(items: number, suiteId: string): Buffer {
  const cacheKey = `${items}/${suiteId}`;
  const cached = hugePages.get(cacheKey);
  if (cached) return cached;
  const rows = Array.from(
    { length: items },
    (_, i) =>
      `{"id":"bulk${i}","suite_id":${JSON.stringify(suiteId)},"status":"completed","request_counts":{"total":1,"completed":1,"failed":0},"created_at":${1_700_000_000 - i}}`,
  );
  const page = Buffer.from(`{"object":"list","data":[${rows.join(',')}],"first_id":"bulk0","last_id":"bulk${items - 1}","has_more":false}`);
  hugePages.set(cacheKey, page);
  return page;
}

function routeOf(method: string, path: string): { name: RouteName; runId?: string; suiteId?: string } | undefined {
  const suiteId = suiteIdOfPath(path);
  if (suiteId !== undefined) return method === 'GET' ? { name: 'suite-get', suiteId } : undefined;
  if (isSchedulePath(path)) {
    if (method !== 'GET') return undefined;
    return { name: path.replace(/\/$/, '').endsWith('/schedules') ? 'schedule-list' : 'schedule-get' };
  }
  if (!path.startsWith(`${PREFIX}/runs`)) return undefined;
  const rest = path.slice(`${PREFIX}/runs`.length);
  if (rest === '' || rest === '/') return method === 'GET' ? { name: 'list' } : method === 'POST' ? { name: 'create' } : undefined;
  const action = /^\/([^/]+)\/(cancel|rerun-failed|samples)$/.exec(rest);
  if (action) {
    const runId = decodeURIComponent(action[1] as string);
    if (action[2] === 'samples') return method === 'GET' ? { name: 'samples', runId } : undefined;
    if (method === 'POST') return { name: action[2] === 'cancel' ? 'cancel' : 'rerun', runId };
    return undefined;
  }
  const get = /^\/([^/]+)$/.exec(rest);
  if (get && method === 'GET') return { name: 'get', runId: decodeURIComponent(get[1] as string) };
  return undefined;
}

/** `text` with `separator` between every `width` characters. */
function wrapLines(text: string, width: number, separator: string): string {
  return (text.match(new RegExp(`[^]{1,${width}}`, 'g')) ?? []).join(separator);
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(rawJson(JSON.stringify(body)));
}

/** Marks a string value to be sent as raw JSON text, for values JSON.stringify cannot write (e.g. `1e999`). */
export const RAW_JSON = 'RAW_JSON:';

function rawJson(text: string): string {
  return text.includes(RAW_JSON) ? text.replace(/"RAW_JSON:((?:[^"\\]|\\.)*)"/g, (_, raw: string) => JSON.parse(`"${raw}"`)) : text;
}
