/** Shared by the contract suite's tests: a demo emulator over real HTTP and its control plane. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index';
import { runContract, type ContractOptions, type ContractResult } from './suite';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number | null;
  host: 'api' | 'logs';
}

export class Emu {
  private constructor(readonly emu: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<Emu> {
    const e = new Emu(await startEmulator({ quiet: true, demo: true, jobSeconds: 1, scheduler: false, ...options }));
    await e.control('POST', '/clock', { speed: 20 }); // a 1 s check ends in 50 ms of real time
    return e;
  }

  get token(): string {
    return this.emu.accounts[0]!.token;
  }
  get clientId(): number {
    return this.emu.accounts[0]!.clientId;
  }

  async control<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.emu.url}/__emulator${p}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async api<T = unknown>(method: string, p: string): Promise<T> {
    const res = await fetch(`${this.emu.url}${p}`, { method, headers: { Authorization: `Bearer ${this.token}` } });
    return (await res.json()) as T;
  }

  requests(): Promise<LoggedRequest[]> {
    return this.control<LoggedRequest[]>('GET', '/requests');
  }

  run(options: Partial<ContractOptions> = {}): Promise<ContractResult> {
    return runContract({ baseUrl: this.emu.url, token: this.token, pollMs: 20, checkTimeoutMs: 10_000, ...options });
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-contract-'));
}

/**
 * One emulator for a describe block, reset with a fast clock before each test: the setup the suite's
 * read-only and write tests share. Call inside `describe`; read the emulator through the getter.
 */
export function emulatorPerSuite(): () => Emu {
  let emu: Emu | undefined;
  before(async () => (emu = await Emu.start()));
  after(() => emu?.close());
  beforeEach(async () => {
    await emu!.control('POST', '/reset');
    await emu!.control('POST', '/clock', { speed: 20 });
  });
  return () => emu!;
}
