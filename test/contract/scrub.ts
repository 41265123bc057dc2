/**
 * Turns recorded exchanges into a capture a user can attach to an issue: the token, credential values,
 * every id, job name and name of the account's objects, property values, stream and field names,
 * emails, URLs and log text are replaced. Replacements are consistent (the same real id always gets
 * the same fake one), so the capture still replays: the suite can walk it exactly as it walked the
 * server. Source and destination type catalogues are Stitch's public data and are kept, minus URLs.
 */
import type { Exchange } from './recorder';

export const CAPTURE_FORMAT = 'stitch-contract-capture/1';

export interface CapturedExchange {
  seq: number;
  step: string;
  method: string;
  host: 'api' | 'logs';
  path: string;
  status: number;
  contentType: string | null;
  location?: string;
  bodyFormat: 'json' | 'text' | 'empty' | 'log';
  body: unknown;
}

/** What the run concluded, without details (they quote answers): a replay must conclude the same. */
export interface CaptureOutcome {
  verdict: string;
  findings: { severity: string; step: string; kind: string; at?: string }[];
}

export interface Capture {
  format: typeof CAPTURE_FORMAT;
  createdAt: string;
  mode: 'read-only' | 'writes';
  outcome: CaptureOutcome;
  exchanges: CapturedExchange[];
}

const ID_KEYS = new Set(['id', 'source_id', 'destination_id', 'stream_id', 'stitch_client_id']);
const JOB_KEYS = new Set(['job_name', 'check_job_name']);
/** Scheduling and version values say nothing about the account. */
const SAFE_PROPERTIES = new Set(['frequency_in_minutes', 'anchor_time', 'start_date', 'cron_expression', 'image_version', 'product']);
/** Stream metadata keys whose values are table or field names. */
const NAME_METADATA = new Set(['table-key-properties', 'valid-replication-keys', 'replication-key', 'view-key-properties', 'database-name', 'schema-name']);
/** Keys whose values are type names (platform.x, tap-x): never rewritten as account names. */
const TYPE_KEYS = new Set(['type', 'source_type', 'tap_name', 'protocol', 'path', 'step', 'contentType']);
const JOB = /^(\d+)\.(\d+)\.(sync|check)\.([0-9a-f-]+)$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_TEXT = /\bhttps?:\/\/[^\s"'<>)]+/g;
export const FAKE_HOST = 'example.invalid';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Scrubber {
  private readonly ids = new Map<number, number>();
  private readonly uuids = new Map<string, string>();
  private readonly names = new Map<string, string>();
  /** Property values replaced in objects; error messages may quote them (a user name, a host). */
  private readonly values = new Set<string>();
  private readonly keep: Set<number>;

  /** `secrets`: the token and every credential value the run sent. `keep`: the probes' made-up ids. */
  constructor(private readonly secrets: string[], keep: number[] = []) {
    this.keep = new Set(keep);
  }

  capture(exchanges: Exchange[], mode: Capture['mode'], outcome: CaptureOutcome): Capture {
    const structured = exchanges.map((e) => this.exchange(e));
    // Second pass: free text (error messages, descriptions) may quote ids and names seen anywhere.
    const out = structured.map((e) => this.text(e, '', !/^\/v4\/(source|destination)-types/.test(e.path)) as CapturedExchange);
    return { format: CAPTURE_FORMAT, createdAt: new Date().toISOString(), mode, outcome, exchanges: out };
  }

  private exchange(e: Exchange): CapturedExchange {
    const base = { seq: e.seq, step: e.step, method: e.method, host: e.host, status: e.status, contentType: e.contentType };
    const location = e.location ? { location: this.logUrl(e.location) } : {};
    if (e.host === 'logs') {
      const lines = e.bodyText.split('\n').filter(Boolean).length;
      return { ...base, path: this.logUrl(e.path), bodyFormat: 'log', body: `[extraction log text: ${lines} lines, not kept]` };
    }
    const path = this.path(e.path);
    if (e.bodyText.trim() === '') return { ...base, path, ...location, bodyFormat: 'empty', body: '' };
    try {
      return { ...base, path, ...location, bodyFormat: 'json', body: this.walk(JSON.parse(e.bodyText), '') };
    } catch {
      return { ...base, path, ...location, bodyFormat: 'text', body: e.bodyText };
    }
  }

  private id(n: number): number {
    if (this.keep.has(n)) return n;
    let fake = this.ids.get(n);
    if (fake === undefined) this.ids.set(n, (fake = 9_000_001 + this.ids.size));
    return fake;
  }

  private name(real: string, prefix: string): string {
    if (real === '') return real;
    let fake = this.names.get(real);
    if (fake === undefined) this.names.set(real, (fake = `${prefix}_${this.names.size + 1}`));
    return fake;
  }

  private job(real: string): string {
    const m = JOB.exec(real);
    if (!m) return this.name(real, 'job');
    let uuid = this.uuids.get(m[4]!);
    if (uuid === undefined) this.uuids.set(m[4]!, (uuid = `00000000-0000-1000-8000-${String(this.uuids.size + 1).padStart(12, '0')}`));
    return `${this.id(Number(m[1]))}.${this.id(Number(m[2]))}.${m[3]}.${uuid}`;
  }

  private path(p: string): string {
    const [pathname, query] = p.split('?', 2) as [string, string | undefined];
    const segments = pathname.split('/').map((seg) => {
      const s = decodeURIComponent(seg);
      if (/^\d+$/.test(s)) return String(this.id(Number(s)));
      if (JOB.test(s)) return encodeURIComponent(this.job(s));
      return seg;
    });
    return segments.join('/') + (query !== undefined ? `?${query}` : '');
  }

  /** The presigned log URL is itself a credential: only the (fake) job name survives. */
  private logUrl(url: string): string {
    let job = 'job';
    try {
      job = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? 'job');
    } catch { /* keep the placeholder */ }
    return `https://logs.${FAKE_HOST}/${encodeURIComponent(this.job(job))}`;
  }

  private walk(value: unknown, key: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v, key));
    if (!isRecord(value)) {
      const idKey = ID_KEYS.has(key) || key.endsWith('_id');
      if (idKey && typeof value === 'number' && Number.isInteger(value)) return this.id(value);
      if (idKey && typeof value === 'string' && /^\d+$/.test(value)) return String(this.id(Number(value)));
      if (JOB_KEYS.has(key) && typeof value === 'string') return this.job(value);
      return value;
    }
    const accountObject = 'stitch_client_id' in value && 'id' in value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (accountObject && k === 'properties' && isRecord(v)) out[k] = this.properties(v);
      else if (k === 'fieldExclusions' && Array.isArray(v)) out[k] = v.map((crumb) => (Array.isArray(crumb) ? crumb.map((c, i) => (i > 0 && typeof c === 'string' ? this.name(c, 'field') : c)) : crumb));
      else if (accountObject && (k === 'name' || k === 'display_name' || k === 'description') && typeof v === 'string') out[k] = this.name(v, k === 'name' ? 'source' : k);
      else if ((k === 'source_name' || k === 'stream_name' || k === 'tap_stream_id') && typeof v === 'string') out[k] = this.name(v, k === 'source_name' ? 'source' : 'stream');
      else if (k === 'name' && 'mode' in value && typeof v === 'string') out[k] = this.job(v);
      else if (k === 'schema' && typeof v === 'string') out[k] = this.schema(v);
      else if (k === 'breadcrumb' && Array.isArray(v)) out[k] = v.map((c, i) => (i > 0 && typeof c === 'string' ? this.name(c, 'field') : c));
      else if (NAME_METADATA.has(k)) out[k] = Array.isArray(v) ? v.map((c) => (typeof c === 'string' ? this.name(c, 'field') : c)) : typeof v === 'string' ? this.name(v, 'field') : v;
      else out[k] = this.walk(v, k);
    }
    return out;
  }

  private properties(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      if (typeof v === 'string' && v.length >= 6 && !SAFE_PROPERTIES.has(k)) this.values.add(v);
      out[k] = SAFE_PROPERTIES.has(k) || v === null || typeof v === 'boolean' ? v : typeof v === 'number' ? 0 : '[scrubbed]';
    }
    return out;
  }

  /** The stream schema is JSON inside a string: rename its fields the same way as the breadcrumbs. */
  private schema(text: string): string {
    const rename = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rename);
      if (!isRecord(node)) return node;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        out[k] = k === 'properties' && isRecord(v) ? Object.fromEntries(Object.entries(v).map(([f, s]) => [this.name(f, 'field'), rename(s)])) : rename(v);
      }
      return out;
    };
    try {
      return JSON.stringify(rename(JSON.parse(text)));
    } catch {
      return '[unparseable schema, not kept]';
    }
  }

  /** Every string, anywhere: secrets, emails, URLs, then ids and names quoted in free text. */
  private text(value: unknown, key: string, names: boolean): unknown {
    if (typeof value === 'string') return this.freeText(value, names && !TYPE_KEYS.has(key));
    if (Array.isArray(value)) return value.map((v) => this.text(v, key, names));
    // Type names and report cards are the public catalogue: names there are Stitch's, not the account's.
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.text(v, k, names && k !== 'report_card')]));
    return value;
  }

  private freeText(s: string, names: boolean): string {
    let out = s;
    for (const secret of this.secrets) if (secret.length >= 4) out = out.split(secret).join('[secret]');
    out = out.replace(EMAIL, `user@${FAKE_HOST}`).replace(URL_TEXT, (u) => (u.includes(FAKE_HOST) ? u : `https://${FAKE_HOST}/`));
    out = out.replace(/(?<![\d.])\d{5,}(?![\d])/g, (d) => (this.ids.has(Number(d)) ? String(this.ids.get(Number(d))) : d));
    if (!names) return out;
    for (const real of this.values) {
      if (out.includes(real)) out = out.replace(new RegExp(`(?<![A-Za-z0-9_])${escape(real)}(?![A-Za-z0-9_])`, 'g'), '[scrubbed]');
    }
    for (const [real, fake] of [...this.names].sort((a, b) => b[0].length - a[0].length)) {
      if (real.length < 4 || !out.includes(real)) continue;
      out = out.replace(new RegExp(`(?<![A-Za-z0-9_])${escape(real)}(?![A-Za-z0-9_])`, 'g'), fake);
    }
    return out;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
