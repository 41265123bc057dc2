/**
 * The two HTTP listeners: the API (Stitch's routes plus /__emulator/) and the log host (a second
 * origin, like S3, that the extraction-logs 302 points to). Handlers return Reply values, so
 * faults such as truncation can be applied to any response after the fact.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isoMillis } from './clock';
import type { ControlDeps, RequestEntry } from './control';
import { controlRouter } from './control';
import { json, keptBytes, notFound, unauthorized, type Reply } from './errors';
import { htmlErrorPage, type FaultTable } from './faults';
import { logText, tick } from './jobs';
import { Router, type Ctx } from './router';
import { registerDestinationRoutes } from './routes/destinations';
import { registerHookRoutes } from './routes/hooks';
import { registerJobRoutes } from './routes/jobs';
import { registerSourceRoutes } from './routes/sources';
import { registerStreamRoutes } from './routes/streams';
import { account, type World } from './world';

export function apiRouter(): Router {
  const router = new Router();
  registerSourceRoutes(router);
  registerStreamRoutes(router);
  registerJobRoutes(router);
  registerDestinationRoutes(router);
  registerHookRoutes(router);
  return router;
}

export interface ServerDeps extends ControlDeps {
  faults: FaultTable;
  tokens: Map<string, number>;
  persist(): void;
  warn(message: string): void;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function encode(reply: Reply): { bytes: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.raw) {
    const bytes = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(String(reply.body ?? ''), 'utf8');
    return { bytes, headers };
  }
  headers['Content-Type'] ??= 'application/json;charset=utf-8';
  return { bytes: keptBytes(reply.body) ?? Buffer.from(JSON.stringify(reply.body ?? null), 'utf8'), headers };
}

function send(res: ServerResponse, reply: Reply, truncate = false): void {
  const { bytes, headers } = encode(reply);
  res.writeHead(reply.status, { ...headers, 'Content-Length': String(bytes.length) });
  if (!truncate || bytes.length < 2) {
    res.end(bytes);
    return;
  }
  // Promise the whole body, deliver half, then drop the connection.
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

const JOBS_GROUP = /^\/v4\/\d+\/(extractions|loads)(\/|$)/;

export class EmulatorServer {
  readonly api: http.Server;
  readonly logs: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private readonly router = apiRouter();
  private readonly control: Router;
  private readonly jobsBudget = new Map<number, number[]>();

  constructor(private readonly world: World, private readonly deps: ServerDeps) {
    this.control = controlRouter(deps);
    this.api = http.createServer((req, res) => void this.handle(req, res, 'api'));
    this.logs = http.createServer((req, res) => void this.handle(req, res, 'logs'));
    for (const server of [this.api, this.logs]) {
      server.on('connection', (socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse, host: 'api' | 'logs'): Promise<void> {
    try {
      await this.dispatch(req, res, host);
    } catch (error) {
      if (!res.headersSent) send(res, json({ error: { type: 'internal', message: (error as Error).message } }, 500));
      else res.destroy();
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, host: 'api' | 'logs'): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const bodyText = await readBody(req);
    const world = this.world;

    if (host === 'api' && url.pathname.startsWith('/__emulator/')) {
      tick(world, world.clock.now());
      const match = this.control.match(method, url.pathname);
      const ctx = { world, req, url, params: match?.params ?? {}, bodyText } as unknown as Ctx;
      send(res, match ? await match.handler(ctx) : notFound(url.pathname));
      this.deps.persist();
      return;
    }

    const match = host === 'api' ? this.router.match(method, url.pathname) : undefined;
    const template = host === 'logs' ? 'GET {logs}/{job_name}' : `${method} ${match?.template ?? '(unmatched)'}`;
    this.deps.counters.set(template, (this.deps.counters.get(template) ?? 0) + 1);
    const entry: RequestEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: null,
      authorization: req.headers.authorization !== undefined,
      host,
      at: isoMillis(world.clock.now()),
    };
    this.deps.requests.push(entry);
    const reply = (r: Reply, truncate = false) => {
      entry.status = r.status;
      send(res, r, truncate);
    };

    const fault = this.deps.faults.take(method, url.pathname);
    let truncate = false;
    if (fault) {
      switch (fault.kind) {
        case 'latency':
          await delay(fault.latencyMs ?? 1000);
          break;
        case 'reset':
          req.socket.destroy();
          return;
        case 'timeout':
          this.held.add(res); // answered never; destroyed on close()
          res.on('close', () => this.held.delete(res));
          return;
        case 'status': {
          const status = fault.status ?? 500;
          return reply(json({ error: { type: 'emulator_fault', message: `Injected HTTP ${status}` } }, status));
        }
        case 'html': {
          const status = fault.status ?? 502;
          return reply({ status, raw: true, body: htmlErrorPage(status), headers: { 'Content-Type': 'text/html' } });
        }
        case 'malformed':
          return reply({ status: fault.status ?? 200, raw: true, body: '{"data": [{"id": 1, "name": "trunc', headers: { 'Content-Type': 'application/json' } });
        case 'rate_limit':
          return reply({
            ...json({ error: { type: 'rate_limited', message: 'Too many requests; retry later.' } }, 429),
            headers: { 'Retry-After': String(fault.retryAfter ?? 60) },
          });
        case 'truncated':
          truncate = true;
          break;
      }
    }

    const nowMs = world.clock.now();
    tick(world, nowMs);
    if (host === 'logs') {
      reply(this.serveLog(req, url, nowMs), truncate);
      this.deps.persist();
      return;
    }

    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const clientId = token === undefined ? undefined : this.deps.tokens.get(token);
    if (clientId === undefined) return reply(unauthorized(), truncate);
    if (!match) return reply(this.deps.deviations.apply(template, notFound(url.pathname)), truncate);
    if (JOBS_GROUP.test(url.pathname)) this.countJobsBudget(clientId, nowMs);

    const ctx: Ctx = { world, req, url, params: match.params, bodyText, acc: account(world, clientId), clientId, nowMs };
    const result = this.deps.deviations.apply(template, await match.handler(ctx));
    this.deps.persist();
    reply(result, truncate);
  }

  /** Reference §7.6: 30 requests per 10 minutes per client across extractions, logs and loads. Warn only. */
  private countJobsBudget(clientId: number, nowMs: number): void {
    const window = (this.jobsBudget.get(clientId) ?? []).filter((t) => nowMs - t < 600_000);
    window.push(nowMs);
    this.jobsBudget.set(clientId, window);
    if (window.length === 31) this.deps.warn(`client ${clientId} exceeded 30 jobs-endpoint requests in 10 minutes (Stitch asks clients to stay under this)`);
  }

  /** The presigned-URL host: plain text, no Authorization header allowed (S3 rejects two auth mechanisms). */
  private serveLog(req: IncomingMessage, url: URL, nowMs: number): Reply {
    const xml = (status: number, code: string, message: string): Reply => ({
      status,
      raw: true,
      headers: { 'Content-Type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    });
    if (req.method !== 'GET') return xml(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (req.headers.authorization) {
      return xml(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
    }
    const link = this.world.logLinks.get(url.searchParams.get('x-amz-security-token') ?? '');
    const jobName = decodeURIComponent(url.pathname.slice(1));
    if (!link || link.jobName !== jobName) return xml(403, 'AccessDenied', 'Access Denied');
    if (nowMs > link.expiresMs) return xml(403, 'AccessDenied', 'Request has expired');
    const acc = account(this.world, link.clientId);
    const job = acc.jobs.find((j) => j.jobName === jobName);
    if (!job) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
    return { status: 200, raw: true, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: logText(this.world, acc, job, nowMs) };
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    const closing = [this.api, this.logs].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closing);
  }
}
