/**
 * The shape of a `*.stitch.jsonc` file: one source, declared. Pure (no `vscode`): parsing the
 * already-decoded JSON value into a checked model, with every problem named by its JSON path.
 *
 * Only what the file declares is managed: properties it lists, the schedule when present, and the
 * stream selection when `streams` is present (then it is the whole selection: listed streams are
 * selected, every other stream is not), or `select` rules (then their result is the whole selection).
 */

import { parseQuartz } from '../quartz';
import { parseRules } from '../rules/parse';
import type { FieldsSpec } from './fieldsPlan';

export const FILE_KIND = 'source';
export const SCHEMA_SCHEME = 'stitch-schema';

export interface SecretRef { readonly $secret: string }
export interface EnvRef { readonly $env: string }
export type CredentialRef = SecretRef | EnvRef;

export type FileValue = string | number | boolean | null | unknown[] | Record<string, unknown>;

export type FileSchedule =
  | { readonly cron: string }
  | { readonly everyMinutes: number; readonly anchor?: string };

export interface FileStream {
  readonly replicationMethod?: string;
  readonly replicationKey?: string;
  /** Which fields replicate (see fieldsPlan.ts); absent: the stream's fields are left alone. */
  readonly fields?: FieldsSpec;
}

export interface SourceFile {
  readonly type: string;
  readonly displayName: string;
  readonly account?: number;
  readonly id?: number;
  readonly properties: Readonly<Record<string, FileValue | CredentialRef>>;
  readonly schedule?: FileSchedule;
  /** Selected streams by tap_stream_id; absent: the selection is not managed by this file. */
  readonly streams?: Readonly<Record<string, FileStream>>;
  /** Selection rules (the Rules box's language), one per entry; absent: not managed by rules. */
  readonly select?: readonly string[];
}

export interface FileProblem {
  /** JSON path of the offending value, e.g. ["properties", "api_key"]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Where inside the string at `path` (decoded characters), for a rule's own mistakes. */
  readonly span?: { readonly start: number; readonly length: number };
}

export type ParseResult = { ok: true; file: SourceFile; problems: FileProblem[] } | { ok: false; problems: FileProblem[] };

const TOP_KEYS = new Set(['$schema', 'kind', 'type', 'displayName', 'account', 'id', 'properties', 'schedule', 'streams', 'select']);

export function isSecretRef(v: unknown): v is SecretRef {
  return isObject(v) && typeof v.$secret === 'string' && Object.keys(v).length === 1;
}
export function isEnvRef(v: unknown): v is EnvRef {
  return isObject(v) && typeof v.$env === 'string' && Object.keys(v).length === 1;
}
export function isCredentialRef(v: unknown): v is CredentialRef {
  return isSecretRef(v) || isEnvRef(v);
}

export function schemaUri(type: string): string {
  return `${SCHEMA_SCHEME}:/source-types/${type}.json`;
}

/** Checks a decoded file. Errors stop planning; warnings (unknown keys) do not. */
export function parseSourceFile(value: unknown): ParseResult {
  const problems: FileProblem[] = [];
  const err = (path: (string | number)[], message: string) => problems.push({ path, message, severity: 'error' });
  if (!isObject(value)) return { ok: false, problems: [{ path: [], message: 'A source file is a JSON object.', severity: 'error' }] };
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) problems.push({ path: [key], message: `Unknown key "${key}".`, severity: 'warning' });
  }
  if (value.kind !== FILE_KIND) err(['kind'], `"kind" must be "${FILE_KIND}".`);
  if (typeof value.type !== 'string' || !value.type) err(['type'], '"type" must name a source type, e.g. "platform.recurly".');
  if (typeof value.displayName !== 'string' || !value.displayName.trim()) err(['displayName'], '"displayName" must be a non-empty string.');
  for (const key of ['account', 'id'] as const) {
    if (value[key] !== undefined && !(Number.isInteger(value[key]) && (value[key] as number) > 0)) err([key], `"${key}" must be a positive integer.`);
  }
  const properties: Record<string, FileValue | CredentialRef> = {};
  if (value.properties !== undefined && !isObject(value.properties)) err(['properties'], '"properties" must be an object.');
  else if (isObject(value.properties)) {
    for (const [name, v] of Object.entries(value.properties)) {
      if (isObject(v) && ('$secret' in v || '$env' in v) && !isCredentialRef(v)) {
        err(['properties', name], 'A secret reference is {"$secret": "name"} or {"$env": "VARIABLE"}, nothing else.');
      } else if (isCredentialRef(v) && !(('$secret' in v ? v.$secret : v.$env) as string).trim()) {
        err(['properties', name], 'A secret reference needs a name.');
      } else properties[name] = v as FileValue;
    }
  }
  const schedule = parseSchedule(value.schedule, err);
  const streams = parseStreams(value.streams, err);
  const select = parseSelect(value.select, problems);
  // One way to say the selection: two would leave the reader guessing which one wins.
  if (select && streams) err(['select'], '"select" and "streams" can\'t be used together: keep one of them.');
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  const file: SourceFile = {
    type: value.type as string,
    displayName: value.displayName as string,
    ...(value.account !== undefined ? { account: value.account as number } : {}),
    ...(value.id !== undefined ? { id: value.id as number } : {}),
    properties,
    ...(schedule ? { schedule } : {}),
    ...(streams ? { streams } : {}),
    ...(select ? { select } : {}),
  };
  return { ok: true, file, problems };
}

function parseSchedule(v: unknown, err: (p: (string | number)[], m: string) => void): FileSchedule | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void err(['schedule'], '"schedule" is {"cron": "…"} or {"everyMinutes": N, "anchor"?: "ISO time"}.');
  if ('cron' in v) {
    if (typeof v.cron !== 'string' || !v.cron.trim() || Object.keys(v).length !== 1) return void err(['schedule', 'cron'], '"cron" must be a Quartz cron expression, alone.');
    // The same Quartz rules the schedule editor and the emulator use.
    const cron = parseQuartz(v.cron);
    if (!cron.ok) return void err(['schedule', 'cron'], `Not a Quartz cron expression: ${cron.message}`);
    return { cron: v.cron.trim() };
  }
  if (!Number.isInteger(v.everyMinutes) || (v.everyMinutes as number) <= 0) return void err(['schedule', 'everyMinutes'], '"everyMinutes" must be a positive integer.');
  if (v.anchor !== undefined && (typeof v.anchor !== 'string' || Number.isNaN(Date.parse(v.anchor)))) return void err(['schedule', 'anchor'], '"anchor" must be an ISO 8601 time.');
  for (const k of Object.keys(v)) if (k !== 'everyMinutes' && k !== 'anchor') return void err(['schedule', k], `Unknown schedule key "${k}".`);
  return v.anchor === undefined ? { everyMinutes: v.everyMinutes as number } : { everyMinutes: v.everyMinutes as number, anchor: v.anchor as string };
}

function parseStreams(v: unknown, err: (p: (string | number)[], m: string) => void): Record<string, FileStream> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void err(['streams'], '"streams" maps a tap_stream_id to {} or {"replicationMethod", "replicationKey"}.');
  const out: Record<string, FileStream> = {};
  for (const [id, s] of Object.entries(v)) {
    if (!isObject(s)) { err(['streams', id], 'A stream is an object, {} for the defaults.'); continue; }
    const entry: { replicationMethod?: string; replicationKey?: string; fields?: FieldsSpec } = {};
    for (const [k, x] of Object.entries(s)) {
      if (k === 'replicationMethod' && (x === 'FULL_TABLE' || x === 'INCREMENTAL' || x === 'LOG_BASED')) entry.replicationMethod = x;
      else if (k === 'replicationKey' && typeof x === 'string' && x) entry.replicationKey = x;
      else if (k === 'fields' && parseFields(x)) entry.fields = parseFields(x);
      else err(['streams', id, k], k === 'replicationMethod' ? 'One of FULL_TABLE, INCREMENTAL, LOG_BASED.' : k === 'replicationKey' ? 'A field name.' : k === 'fields' ? FIELDS_HELP : `Unknown stream key "${k}".`);
    }
    out[id] = entry;
  }
  return out;
}

const FIELDS_HELP = '"fields" is "default", "all", a list of field names, or {"exclude": [field names]}.';

function parseFields(v: unknown): FieldsSpec | undefined {
  const names = (x: unknown): x is string[] => Array.isArray(x) && x.every((n) => typeof n === 'string' && n.length > 0);
  if (v === 'default' || v === 'all') return v;
  if (names(v)) return v;
  if (isObject(v) && Object.keys(v).length === 1 && names(v.exclude)) return { exclude: v.exclude };
  return undefined;
}

/** `select`: a list of rule strings; a rule's syntax error points inside its string. */
function parseSelect(v: unknown, problems: FileProblem[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((r) => typeof r !== 'string')) {
    problems.push({ path: ['select'], message: '"select" is a list of rule strings, e.g. ["public-*", "!*.ssn"].', severity: 'error' });
    return undefined;
  }
  for (const e of parseRules(v as string[]).errors) {
    problems.push({ path: ['select', e.line - 1], message: e.message, severity: 'error', span: { start: e.column - 1, length: Math.max(1, e.length) } });
  }
  return v as string[];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
