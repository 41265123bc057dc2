/**
 * A live source as a file: sorted keys, no server-only fields, credentials as secret references.
 * `clone` drops `id`, `account` and every secret reference's link to this source (a template).
 */
import type { Source, Stream } from '../../api/types';
import type { ReportCard } from '../reportCard';
import { isListedStreamSelected, type StreamModel } from '../selectionModel';
import { canonicalJson, cardProperties, coerce, fileProperties } from './card';
import { FILE_KIND, schemaUri, type FileStream } from './model';
import { fieldsSpecOf, type FieldsSpec } from './fieldsPlan';
import { liveSchedule } from './plan';

export interface ExportOptions {
  /** A template for a new source: no id, no account. */
  clone?: boolean;
  /** The type's card when the source's own one is missing. */
  card?: ReportCard;
  /** The selected streams' fields (their schemas read): a stream whose choice goes beyond Stitch's own picks gets `fields`. */
  fields?: ReadonlyMap<string, StreamModel>;
}

/** The secret name a credential gets on export, e.g. "recurly-prod/api_key". */
export function secretNameFor(source: Pick<Source, 'name' | 'display_name'>, property: string): string {
  const base = (source.name || source.display_name).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'source';
  return `${base}/${property}`;
}

export interface ExportResult {
  readonly text: string;
  /** Secret names the file references (the user is offered Set Secret for each). */
  readonly secrets: readonly string[];
}

export function exportSource(source: Source, streams: readonly Stream[] | undefined, options: ExportOptions = {}): ExportResult {
  const card = source.report_card ?? options.card;
  const props = cardProperties(card);
  const properties: Record<string, unknown> = {};
  const secrets: string[] = [];
  const allowed = props.size ? new Set(fileProperties(props).map((p) => p.name)) : undefined;
  for (const [name, value] of Object.entries(source.properties)) {
    if (allowed && !allowed.has(name)) continue;
    if (!allowed && ['image_version', 'frequency_in_minutes', 'anchor_time', 'cron_expression'].includes(name)) continue;
    if (props.get(name)?.is_credential) continue; // never returned; added below as references
    if (value === null) continue;
    properties[name] = coerce(value, props.get(name));
  }
  for (const p of props.values()) {
    if (!p.is_credential || !allowed?.has(p.name)) continue;
    if (!(p.provided || p.is_required)) continue;
    const name = secretNameFor(source, p.name);
    properties[p.name] = { $secret: name };
    secrets.push(name);
  }
  const file: Record<string, unknown> = {
    $schema: schemaUri(source.type),
    kind: FILE_KIND,
    type: source.type,
    displayName: source.display_name,
    properties,
  };
  if (!options.clone) {
    file.account = source.stitch_client_id;
    file.id = source.id;
  }
  const sched = liveSchedule(source, undefined);
  if (typeof sched.cron === 'string' || typeof sched.everyMinutes === 'number') file.schedule = sched;
  if (streams && streams.length) {
    const selected: Record<string, FileStream> = {};
    for (const s of streams) {
      if (!isListedStreamSelected(s)) continue;
      const entry: { replicationMethod?: string; replicationKey?: string; fields?: FieldsSpec } = {};
      const method = s.metadata['replication-method'];
      if (typeof method === 'string' && s.metadata['forced-replication-method'] === undefined) entry.replicationMethod = method;
      const key = s.metadata['replication-key'];
      if (typeof key === 'string' && key) entry.replicationKey = key;
      const model = options.fields?.get(s.tap_stream_id);
      const fields = model && fieldsSpecOf(model);
      if (fields) entry.fields = fields;
      selected[s.tap_stream_id] = entry;
    }
    file.streams = selected;
  }
  // `$schema` first for readers, the rest sorted so exports are stable.
  const { $schema, ...rest } = file;
  const sorted = JSON.parse(canonicalJson(rest)) as Record<string, unknown>;
  return { text: JSON.stringify({ $schema, ...sorted }, null, 2) + '\n', secrets: options.clone ? [] : secrets };
}

/** A new file from a type's card: required properties as placeholders, credentials as references to set. */
export function newSourceFileText(card: ReportCard, displayName: string): ExportResult {
  const props = cardProperties(card);
  const properties: Record<string, unknown> = {};
  const secrets: string[] = [];
  const base = secretNameFor({ name: '', display_name: displayName }, '').replace(/\/$/, '');
  for (const p of fileProperties(props)) {
    if (!p.is_required || p.property_type === 'system_provided_by_default') continue;
    if (p.is_credential) {
      properties[p.name] = { $secret: `${base}/${p.name}` };
      secrets.push(`${base}/${p.name}`);
    } else properties[p.name] = `<${p.name}>`;
  }
  const interval = card.details?.default_scheduling_interval;
  const file = {
    $schema: schemaUri(card.type),
    displayName,
    kind: FILE_KIND,
    properties: JSON.parse(canonicalJson(properties)) as unknown,
    ...(interval ? { schedule: { everyMinutes: interval } } : {}),
    type: card.type,
  };
  return { text: JSON.stringify(file, null, 2) + '\n', secrets };
}
