/** Shared helpers for the emulator's own tests: real fetch against an in-process emulator. */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'stitch-docs');
export const haveFixtures = fs.existsSync(path.join(fixturesDir, 'source-types.json'));
export const SKIP_FIXTURES = `fixtures not found at ${fixturesDir} (../shared is absent in a fresh clone)`;

export interface Res<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Client {
  constructor(readonly emu: RunningEmulator, readonly token: string = emu.accounts[0]!.token) {}

  get clientId(): number {
    return this.emu.accounts.find((a) => a.token === this.token)?.clientId ?? this.emu.accounts[0]!.clientId;
  }

  async call<T = any>(method: string, pathname: string, body?: unknown, init: RequestInit = {}): Promise<Res<T>> {
    const res = await fetch(`${this.emu.url}${pathname}`, {
      method,
      redirect: 'manual',
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json', ...((init.headers as Record<string, string>) ?? {}) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get = <T = any>(p: string) => this.call<T>('GET', p);
  post = <T = any>(p: string, b?: unknown) => this.call<T>('POST', p, b);
  put = <T = any>(p: string, b?: unknown) => this.call<T>('PUT', p, b);
  del = <T = any>(p: string) => this.call<T>('DELETE', p);

  async control<T = any>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.emu.url}/__emulator${p}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  advance(seconds: number): Promise<unknown> {
    return this.control('POST', '/clock', { advanceSeconds: seconds });
  }
}

/** Frozen time (speed 0) so nothing moves unless a test advances the clock. */
export async function start(options: EmulatorOptions = {}): Promise<{ emu: RunningEmulator; api: Client }> {
  const emu = await startEmulator({ quiet: true, jobSeconds: 3, ...options });
  const api = new Client(emu);
  await api.control('POST', '/clock', { speed: 0 });
  return { emu, api };
}

export const RECURLY_PROPS = {
  start_date: '2024-01-01T00:00:00Z',
  api_key: 'secret-key',
  subdomain: 'acme',
  quota_limit: '80',
  frequency_in_minutes: '30',
};

/** Create a recurly source and take it to fully_configured with two streams selected. */
export async function configuredRecurly(api: Client, displayName = 'Recurly'): Promise<any> {
  const created = await api.post('/v4/sources', { type: 'platform.recurly', display_name: displayName, properties: RECURLY_PROPS });
  if (created.status !== 200) throw new Error(`create failed: ${created.text}`);
  await api.advance(5);
  const metadata = await api.put(`/v4/sources/${created.body.id}/streams/metadata`, {
    streams: ['accounts', 'invoices'].map((id) => ({ tap_stream_id: id, metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } }] })),
  });
  if (metadata.status !== 200) throw new Error(`selection failed: ${metadata.text}`);
  return (await api.get(`/v4/sources/${created.body.id}`)).body;
}
