/**
 * Post-load notification hooks (reference §4.15): Stitch posts to a URL after each load into a
 * destination. Their own route prefix and error shapes (§5.15 family 6), normalised by errors.ts.
 */
import type { CallOptions, StitchClient } from './client';
import { isRecord, StitchApiError } from './errors';
import { ShapeError } from './shape';

export const HOOKS_PATH = '/notifications/public/v1/api/hooks';

export interface Hook {
  id: number;
  client_id?: number;
  type: 'post_load' | string;
  version?: number;
  /** The create answer puts it here; listed hooks carry it in `config` [C-doc-bug]. */
  destination_id?: number | string | null;
  config: { url: string; destination_id?: number | string | null };
  created_at?: string;
  modified_at?: string;
  disabled_at: string | null;
}

function hook(v: unknown): Hook {
  if (!isRecord(v) || typeof v.id !== 'number' || !isRecord(v.config) || typeof v.config.url !== 'string') throw new ShapeError('hook is not a {id, config:{url}} object');
  return v as unknown as Hook;
}

/** The destination a hook belongs to, wherever the answer put it. */
export function hookDestinationId(h: Hook): number | undefined {
  const raw = h.config.destination_id ?? h.destination_id;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

/** What Stitch can post to: an absolute http(s) URL with a host, no credentials in it, at most 2048 characters. */
export function isHookUrl(value: string): { ok: true; url: string } | { ok: false; reason: string } {
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'Enter the URL Stitch should call after each load.' };
  if (text.length > 2048) return { ok: false, reason: 'The URL is longer than 2048 characters.' };
  let url: URL;
  try { url = new URL(text); } catch { return { ok: false, reason: 'This is not a URL: it should look like https://hooks.example.com/path.' }; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'The URL must start with https:// (or http://).' };
  if (!url.hostname) return { ok: false, reason: 'The URL has no host name.' };
  if (url.username || url.password) return { ok: false, reason: 'Put no user name or password in the URL: Stitch would send them in the clear to every load notification.' };
  return { ok: true, url: text };
}

export async function listHooks(client: StitchClient, opts: CallOptions = {}): Promise<Hook[]> {
  return client.request({
    ...opts, method: 'GET', path: HOOKS_PATH,
    check: (v) => {
      if (!isRecord(v) || !Array.isArray(v.post_load)) throw new ShapeError('the hook list is not {post_load: [...]}');
      return v.post_load.map(hook);
    },
  });
}

export function createHook(client: StitchClient, body: { url: string; destinationId?: number }, opts: CallOptions = {}): Promise<Hook> {
  const checked = isHookUrl(body.url);
  if (!checked.ok) return Promise.reject(new StitchApiError({ kind: 'bad_request', message: checked.reason }));
  return client.request({
    ...opts, method: 'POST', path: HOOKS_PATH, check: hook,
    json: { type: 'post_load', ...(body.destinationId !== undefined ? { destination_id: body.destinationId } : {}), config: { url: checked.url } },
  });
}

export function setHookEnabled(client: StitchClient, hookId: number, enable: boolean, opts: CallOptions = {}): Promise<Hook> {
  return client.request({ ...opts, method: 'PUT', path: `${HOOKS_PATH}/${hookPathId(hookId)}`, json: { enable }, check: hook });
}

/** The answer is a JSON `null`. */
export async function deleteHook(client: StitchClient, hookId: number, opts: CallOptions = {}): Promise<void> {
  await client.request({ ...opts, method: 'DELETE', path: `${HOOKS_PATH}/${hookPathId(hookId)}`, check: (v) => v, allowEmpty: true });
}

function hookPathId(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new StitchApiError({ kind: 'bad_request', message: `Invalid hook id: ${String(value)}` });
  return value;
}
