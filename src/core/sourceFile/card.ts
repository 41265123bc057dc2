/** What the file logic needs of a report card: each property's descriptor, by name, and value coercion. */
import type { ReportCard, ReportCardProperty } from '../reportCard';
import { SCHEDULE_PROPERTY_NAMES } from '../reportCard';
import { isObject, type FileValue } from './model';

export type CardProperties = ReadonlyMap<string, ReportCardProperty>;

export function cardProperties(card: ReportCard | undefined): CardProperties {
  const out = new Map<string, ReportCardProperty>();
  for (const step of card?.steps ?? []) for (const p of step.properties ?? []) if (!out.has(p.name)) out.set(p.name, p);
  return out;
}

export function propertyTypeOf(p: ReportCardProperty): string {
  return p.property_type ?? (p.system_provided ? 'read_only' : 'user_provided');
}

/** Properties a file may declare: not read-only, not the schedule (the file's `schedule` says it). */
export function fileProperties(props: CardProperties): ReportCardProperty[] {
  return [...props.values()].filter((p) => propertyTypeOf(p) !== 'read_only' && !SCHEDULE_PROPERTY_NAMES.has(p.name));
}

function schemaType(p: ReportCardProperty | undefined): string | undefined {
  const s = p?.json_schema;
  if (!isObject(s)) return undefined;
  const t = s.type;
  return typeof t === 'string' ? t : Array.isArray(t) ? (t.find((x) => x !== 'null') as string | undefined) : undefined;
}

/**
 * A value as the card's json_schema types it, so "30" and 30 compare equal for a string property
 * and "true" and true for a boolean one. Values the coercion can't read stay as they are.
 */
export function coerce(value: unknown, p: ReportCardProperty | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (schemaType(p)) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'integer':
    case 'number': {
      if (typeof value !== 'string' || !value.trim()) return value;
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/** Equality after coercion; objects and arrays by their canonical JSON. */
export function sameValue(a: unknown, b: unknown, p: ReportCardProperty | undefined): boolean {
  return canonicalJson(coerce(a, p)) === canonicalJson(coerce(b, p));
}

/** JSON with object keys sorted at every level: the one stable text used for views and hashes. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
  return out;
}

export type { FileValue };
