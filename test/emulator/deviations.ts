/**
 * Deliberate deviations from the documented API, switched on through the control plane. Why: the
 * contract suite (test/contract) must prove it notices when a server differs from what the extension
 * relies on, so the emulator can be told to differ in the ways a real server might. Off by default;
 * a reset turns them all off.
 */
import type { Reply } from './errors';

export const DEVIATIONS = {
  /** Streams list: `tap_stream_id` is sent as `tap-stream-id`. */
  renamedField: 'the streams list sends tap_stream_id as "tap-stream-id"',
  /** Sources list and one source: `id` is a string of digits. */
  numberAsString: 'sources are sent with "id" as a string',
  /** Every JSON 4xx of the API comes in a body shape no documented family uses. */
  errorBody: 'API errors come as {"errors":[{"detail"}]}',
  /** The extraction-logs 302 has no Location header. */
  logsNoLocation: 'the extraction-logs redirect has no Location',
} as const;

export type DeviationName = keyof typeof DEVIATIONS;
export const DEVIATION_NAMES = Object.keys(DEVIATIONS) as DeviationName[];

export class DeviationSwitches {
  private readonly on = new Set<DeviationName>();

  /** Merge `{name: boolean}`; returns the names that are not deviations (nothing changes then). */
  set(spec: Record<string, unknown>): string[] {
    const unknown = Object.keys(spec).filter((k) => !DEVIATION_NAMES.includes(k as DeviationName) || typeof spec[k] !== 'boolean');
    if (unknown.length > 0) return unknown;
    for (const [k, v] of Object.entries(spec)) {
      if (v === true) this.on.add(k as DeviationName);
      else this.on.delete(k as DeviationName);
    }
    return [];
  }

  state(): Record<DeviationName, boolean> {
    return Object.fromEntries(DEVIATION_NAMES.map((n) => [n, this.on.has(n)])) as Record<DeviationName, boolean>;
  }

  clear(): void {
    this.on.clear();
  }

  /** Rewrite an API reply for route `template` (e.g. "GET /v4/sources/{source_id}"). */
  apply(template: string, reply: Reply): Reply {
    if (this.on.size === 0) return reply;
    const body = reply.body;
    if (this.on.has('renamedField') && template === 'GET /v4/sources/{source_id}/streams' && reply.status === 200 && Array.isArray(body)) {
      return { ...reply, body: body.map((s: Record<string, unknown>) => renameKey(s, 'tap_stream_id', 'tap-stream-id')) };
    }
    if (this.on.has('numberAsString') && reply.status === 200 && (template === 'GET /v4/sources' || template === 'GET /v4/sources/{source_id}')) {
      const stringId = (s: Record<string, unknown>) => ({ ...s, id: String(s.id) });
      return { ...reply, body: Array.isArray(body) ? body.map(stringId) : stringId(body as Record<string, unknown>) };
    }
    if (this.on.has('errorBody') && !reply.raw && reply.status >= 400 && reply.status < 500) {
      return { ...reply, body: { errors: [{ detail: detailOf(body) }] } };
    }
    if (this.on.has('logsNoLocation') && reply.status === 302 && reply.headers?.Location) {
      const { Location: _dropped, ...headers } = reply.headers;
      return { ...reply, headers };
    }
    return reply;
  }
}

function renameKey(obj: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

function detailOf(body: unknown): string {
  if (typeof body === 'string') return body;
  const text = JSON.stringify(body ?? null);
  return /"message":"([^"]*)"/.exec(text)?.[1] ?? text;
}
