/**
 * Test harness: a real emulator over loopback, its control plane, and a StitchClient wired to it with
 * small back-off settings so retry tests run in milliseconds.
 */
import { startEmulator } from '../../emulator/index';
import { StitchClient, type RequestEvent, type Source, type StitchClientOptions } from '../../../src/api';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface LoggedRequest {
  method: string;
  path: string;
  query?: unknown;
  status: number;
  authorization: boolean;
  host: 'api' | 'logs';
  at: string | number;
}

export interface FaultSpec {
  method?: string;
  path: string;
  kind: 'status' | 'html' | 'malformed' | 'truncated' | 'latency' | 'reset' | 'rate_limit' | 'timeout';
  status?: number;
  latencyMs?: number;
  retryAfter?: number;
  times?: number;
}

export class Harness {
  constructor(readonly emu: Emulator) {}

  get url(): string {
    return this.emu.url;
  }
  get token(): string {
    return this.emu.accounts[0]!.token;
  }
  get clientId(): number {
    return this.emu.accounts[0]!.clientId;
  }

  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.emu.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${path} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  reset(): Promise<unknown> {
    return this.control('POST', '/__emulator/reset');
  }
  fault(spec: FaultSpec): Promise<{ id: unknown }> {
    return this.control('POST', '/__emulator/faults', spec);
  }
  clearFaults(): Promise<unknown> {
    return this.control('DELETE', '/__emulator/faults');
  }
  requests(): Promise<LoggedRequest[]> {
    return this.control<LoggedRequest[]>('GET', '/__emulator/requests');
  }
  clearRequests(): Promise<unknown> {
    return this.control('DELETE', '/__emulator/requests');
  }
  advance(seconds: number): Promise<unknown> {
    return this.control('POST', '/__emulator/clock', { advanceSeconds: seconds });
  }
  /** Requests the API host saw for a path, oldest first (control-plane calls excluded). */
  async requestsTo(method: string, path: string | RegExp): Promise<LoggedRequest[]> {
    const all = await this.requests();
    return all.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)) && !r.path.startsWith('/__emulator'),
    );
  }

  /** A client plus the onRequest events it produced. */
  client(overrides: Partial<StitchClientOptions> = {}): { client: StitchClient; events: RequestEvent[] } {
    const events: RequestEvent[] = [];
    const token = this.token;
    const client = new StitchClient({
      baseUrl: this.emu.url,
      getToken: async () => token,
      timeoutMs: 5_000,
      retry: { limit: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 3_000 },
      onRequest: (e) => events.push(e),
      jobsBudget: false,
      ...overrides,
    });
    return { client, events };
  }
}

export async function startHarness(): Promise<Harness> {
  const emu = await startEmulator({ quiet: true, seed: 7, jobSeconds: 2 });
  return new Harness(emu);
}

/** Poll `probe` until `done` holds or the deadline passes; no fixed sleeps. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One emulator for a describe block and a client that doesn't retry; before each test the emulator is
 * reset, its faults cleared and its clock frozen (the tests move time themselves). Call inside
 * `describe`, before the block's own `beforeEach`, and read both through the getters.
 */
export function frozenHarnessPerSuite(): { harness: () => Harness; client: () => StitchClient } {
  let harness: Harness | undefined;
  let client: StitchClient | undefined;
  before(async () => {
    harness = await startHarness();
    client = harness.client({ retry: { limit: 0 } }).client;
  });
  after(async () => { await harness?.emu.close(); });
  beforeEach(async () => {
    await harness!.reset();
    await harness!.clearFaults();
    await harness!.control('POST', '/__emulator/clock', { speed: 0 });
  });
  return { harness: () => harness!, client: () => client! };
}

/** A Recurly source as the form creates it: the create starts its connection check, which runs until a test moves the (frozen) clock on. */
export function createCheckingSource(client: StitchClient, displayName: string): Promise<Source> {
  return client.createSource({
    type: 'platform.recurly', display_name: displayName,
    properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'good-key', subdomain: 'acme', quota_limit: '80', frequency_in_minutes: '60' },
  });
}
