// Pieces the bench driver needs: the agent's control channel, a counting proxy in front of the
// emulator (request bodies' sizes, which the emulator's counters don't record), a minimal "hello"
// extension written on the fly, and statistics.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

// ---- statistics --------------------------------------------------------------------------------

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

// ---- the agent's control channel ---------------------------------------------------------------

interface Pending { id: number; op: string; args?: unknown; resolve(v: unknown): void; reject(e: Error): void }

/** Loopback HTTP: the agent long-polls GET /next and posts POST /result. One agent at a time. */
export class AgentChannel {
  private server!: http.Server;
  private queue: Pending[] = [];
  private inFlight = new Map<number, Pending>();
  private waiting: http.ServerResponse | undefined;
  private nextId = 1;
  url = '';
  /** Resolves when an agent asks for work (a window's extension host is up). */
  private connected: (() => void) | undefined;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/next') {
        this.waiting = res;
        this.connected?.();
        this.connected = undefined;
        this.pump();
        return;
      }
      if (req.method === 'POST' && req.url === '/result') {
        let body = '';
        req.on('data', (c) => { body += String(c); });
        req.on('end', () => {
          res.end('{}');
          const msg = JSON.parse(body) as { id: number; ok: boolean; result?: unknown; error?: string };
          const p = this.inFlight.get(msg.id);
          if (!p) return;
          this.inFlight.delete(msg.id);
          if (msg.ok) p.resolve(msg.result); else p.reject(new Error(`agent ${p.op}: ${msg.error}`));
        });
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  waitForAgent(timeoutMs: number): Promise<void> {
    if (this.waiting) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no agent connected within ${timeoutMs} ms`)), timeoutMs);
      this.connected = () => { clearTimeout(timer); resolve(); };
    });
  }

  call<T = unknown>(op: string, args?: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, args, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Ends the agent's run() (the window then reports its exit code). */
  finish(): void {
    this.queue.push({ id: 0, op: 'done', resolve: () => undefined, reject: () => undefined });
    this.pump();
  }

  private pump(): void {
    if (!this.waiting || this.queue.length === 0) return;
    const p = this.queue.shift()!;
    const res = this.waiting;
    this.waiting = undefined;
    if (p.op !== 'done') this.inFlight.set(p.id, p);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: p.id, op: p.op, args: p.args }));
  }

  close(): Promise<void> {
    this.waiting?.end(JSON.stringify({ id: 0, op: 'done' }));
    return new Promise((r) => this.server.close(() => r()));
  }
}

// ---- counting proxy ------------------------------------------------------------------------------

export interface ProxiedRequest { method: string; path: string; requestBytes: number; status: number }

/** Forwards everything to `target` and records each request's method, path and body size. */
export class CountingProxy {
  private server!: http.Server;
  log: ProxiedRequest[] = [];
  url = '';
  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const entry: ProxiedRequest = { method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0]!, requestBytes: body.length, status: 0 };
        this.log.push(entry);
        const upstream = http.request({
          host: target.hostname, port: target.port, method: req.method, path: req.url,
          headers: { ...req.headers, host: target.host },
        }, (up) => {
          entry.status = up.statusCode ?? 0;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.on('error', () => { res.destroy(); });
        upstream.end(body);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections?.();
    return new Promise((r) => this.server.close(() => r()));
  }
}

// ---- the minimal "hello" extension ----------------------------------------------------------------

export const HELLO_ID = 'stitch-bench.hello';
export const STITCH_ID = 'stitch-connect-vscode.stitch-connect';

/** The smallest useful extension: one command that shows a message. Written fresh each run. */
export function writeHelloExtension(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'hello', publisher: 'stitch-bench', version: '0.0.1', engines: { vscode: '^1.100.0' },
    main: './extension.js', activationEvents: [],
    contributes: { commands: [{ command: 'stitchBenchHello.sayHello', title: 'Say Hello', category: 'Bench' }] },
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), [
    "const vscode = require('vscode');",
    'exports.activate = (context) => {',
    "  context.subscriptions.push(vscode.commands.registerCommand('stitchBenchHello.sayHello', () => vscode.window.showInformationMessage('Hello')));",
    '};',
    'exports.deactivate = () => {};',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'README.md'), 'A minimal extension: the baseline for activation time.\n');
  return dir;
}

/**
 * An empty extension that only hosts the bench agent in the activation windows: the workbench runs
 * extensionTestsPath only beside an extensionDevelopmentPath, and neither measured extension may be
 * that one (code-server loads a single development extension, and both must be loaded alike).
 */
export function writeProbeExtension(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'probe', publisher: 'stitch-bench', version: '0.0.1', engines: { vscode: '^1.100.0' }, activationEvents: [],
  }, null, 2));
  return dir;
}

/** Packages a folder into a .vsix with @vscode/vsce, so it can be installed like ours. */
export function packageVsix(dir: string, repoRoot: string): string {
  const out = path.join(dir, '..', `${path.basename(dir)}.vsix`);
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '--out', out], { cwd: dir, stdio: 'pipe' });
  return out;
}

// ---- sizes inside the .vsix ------------------------------------------------------------------------

/** Uncompressed size of each entry of a zip (.vsix), from its central directory. */
export function zipEntrySizes(file: string): Map<string, number> {
  const data = fs.readFileSync(file);
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const sizes = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const nameLength = data.readUInt16LE(offset + 28);
    sizes.set(data.toString('utf8', offset + 46, offset + 46 + nameLength), data.readUInt32LE(offset + 24));
    offset += 46 + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32);
  }
  return sizes;
}
