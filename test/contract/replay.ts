/**
 * Serves a scrubbed capture back as a fetch, so the suite (and the extension's client inside it) can
 * walk a capture exactly as it walked the server: a capture attached to an issue becomes a fixture.
 * Answers are matched by method and path, in order; a path asked more often than captured (a poll)
 * gets its last answer again.
 */
import type { FetchLike } from '../../src/api';
import type { Capture, CapturedExchange } from './scrub';

export const REPLAY_BASE_URL = 'https://replay.example.invalid';

export interface Replay {
  fetch: FetchLike;
  /** Requests the capture had no answer for. */
  unmatched: string[];
  /** Captured exchanges never asked for. */
  unused(): CapturedExchange[];
}

const keyOf = (method: string, host: 'api' | 'logs', path: string) => `${method} ${host} ${path}`;

export function replay(capture: Capture): Replay {
  const queues = new Map<string, CapturedExchange[]>();
  const used = new Set<CapturedExchange>();
  for (const e of capture.exchanges) {
    const key = keyOf(e.method, e.host, e.path);
    queues.set(key, [...(queues.get(key) ?? []), e]);
  }
  const unmatched: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const onApi = url.startsWith(`${REPLAY_BASE_URL}/`);
    const key = keyOf(method, onApi ? 'api' : 'logs', onApi ? url.slice(REPLAY_BASE_URL.length) : url);
    const queue = queues.get(key);
    const next = queue?.find((e) => !used.has(e)) ?? queue?.at(-1);
    if (!next) {
      unmatched.push(key);
      return new Response(JSON.stringify({ error: { type: 'replay', message: `no captured answer for ${key}` } }), { status: 599, headers: { 'Content-Type': 'application/json' } });
    }
    used.add(next);
    const headers: Record<string, string> = {};
    if (next.contentType) headers['Content-Type'] = next.contentType;
    if (next.location) headers.Location = next.location;
    const body = next.bodyFormat === 'json' ? JSON.stringify(next.body) : String(next.body ?? '');
    return new Response(body === '' ? null : body, { status: next.status, headers });
  };
  return { fetch, unmatched, unused: () => capture.exchanges.filter((e) => !used.has(e)) };
}
