/** /v4/sources/{id}/streams: list, schema, and field selection through metadata (reference §4.7–§4.8). */
import { schemaText, type StreamSpec } from '../catalogue/streams';
import { isoSeconds } from '../clock';
import { bareString, json, keepsBody, MESSAGES, streamFieldsError, type Reply } from '../errors';
import { markConfigured, } from '../jobs';
import { isFullyConfigured, sourceCatalogue } from '../lifecycle';
import { isPlainObject, parseBody, type Ctx, type Router } from '../router';
import type { SourceRecord, StreamSelection } from '../state';
import { findSource } from './sources';

const WRITABLE = ['selected', 'replication-method', 'replication-key', 'view-key-properties'];
const METHODS = new Set(['FULL_TABLE', 'INCREMENTAL', 'LOG_BASED']);

function streamLevel(spec: StreamSpec, sel: StreamSelection | undefined, alwaysSelected: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec.meta, ...(sel?.stream ?? {}) };
  if (alwaysSelected) out.selected = sel?.stream.selected ?? null;
  return out;
}

/**
 * The last list answered per source, with what it was made from: the catalogue, the stream ids and
 * the selection (a metadata write replaces the selection object, so a new one means a new list).
 */
const lastList = new WeakMap<SourceRecord, { cat: object; base: number; selection: object; body: Record<string, unknown>[] }>();

function listStreams(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return bareString(`invalid source-id: ${ctx.params.source_id}`);
  if (source.streamIdBase === null) return json([]); // nothing discovered yet
  const cat = sourceCatalogue(ctx.world, source);
  const last = lastList.get(source);
  // A 10,000-stream list is built and serialised once per change, not on every read.
  if (last && last.cat === cat && last.base === source.streamIdBase && last.selection === source.selection) return json(last.body);
  const out = new Array<Record<string, unknown>>(cat.count);
  for (let i = 0; i < cat.count; i++) {
    const spec = cat.at(i);
    const sel = source.selection[spec.tap_stream_id];
    out[i] = {
      stream_id: source.streamIdBase + i,
      tap_stream_id: spec.tap_stream_id,
      stream_name: spec.stream_name,
      selected: sel?.stream.selected ?? null,
      metadata: streamLevel(spec, sel, true),
    };
  }
  keepsBody(out);
  lastList.set(source, { cat, base: source.streamIdBase, selection: source.selection, body: out });
  return json(out);
}

function getStream(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  const raw = ctx.params.stream_id!;
  if (!source || source.streamIdBase === null || !/^\d+$/.test(raw)) return bareString(`invalid stream-id: ${raw}`);
  const cat = sourceCatalogue(ctx.world, source);
  const index = Number(raw) - source.streamIdBase;
  if (index < 0 || index >= cat.count) return bareString(`invalid stream-id: ${raw}`);
  const spec = cat.at(index);
  const sel = source.selection[spec.tap_stream_id];
  const streamSelected = sel?.stream.selected === true;
  const metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[] = [
    { breadcrumb: [], metadata: streamLevel(spec, sel, false) },
  ];
  for (const f of spec.fields) {
    const m: Record<string, unknown> = { inclusion: f.inclusion };
    if (f.selectedByDefault !== undefined) m['selected-by-default'] = f.selectedByDefault;
    if (f.sqlDatatype) m['sql-datatype'] = f.sqlDatatype;
    Object.assign(m, f.extra ?? {});
    if (streamSelected) m.selected = sel!.fields[f.name] ?? null; // only shown inside a selected stream
    metadata.push({ breadcrumb: ['properties', f.name], metadata: m });
  }
  return json({ schema: schemaText(spec), metadata, 'non-discoverable-metadata-keys': WRITABLE });
}

interface Entry {
  id: string;
  spec: StreamSpec;
  items: { breadcrumb: unknown[]; metadata: Record<string, unknown> }[];
}

function clojureSet(keys: string[]): string {
  return `#{${keys.map((k) => JSON.stringify(k)).join(' ')}}`;
}

function validValue(key: string, value: unknown): boolean {
  switch (key) {
    case 'selected':
      return value === null || typeof value === 'boolean';
    case 'replication-method':
      return value === null || (typeof value === 'string' && METHODS.has(value));
    case 'replication-key':
      return value === null || typeof value === 'string';
    default:
      return value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  }
}

function updateMetadata(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return bareString(`invalid source-id: ${ctx.params.source_id}`);
  const body = parseBody(ctx);
  if (!body.ok || !isPlainObject(body.value) || !Array.isArray(body.value.streams)) return bareString(MESSAGES.streamsBody);
  const cat = source.streamIdBase === null ? undefined : sourceCatalogue(ctx.world, source);

  const entries: Entry[] = [];
  const unknown: string[] = [];
  for (const s of body.value.streams as unknown[]) {
    if (!isPlainObject(s) || !Array.isArray(s.metadata)) return bareString(MESSAGES.streamsBody);
    if (s.metadata.some((m) => !isPlainObject(m) || !Array.isArray(m.breadcrumb) || !isPlainObject(m.metadata))) return bareString(MESSAGES.streamsBody);
    if (typeof s.tap_stream_id !== 'string') {
      unknown.push('nil');
      continue;
    }
    const index = cat ? cat.indexOf(s.tap_stream_id) : -1;
    if (index < 0) unknown.push(s.tap_stream_id);
    else entries.push({ id: s.tap_stream_id, spec: cat!.at(index), items: s.metadata as Entry['items'] });
  }
  if (unknown.length > 0) return streamFieldsError(`invalid tap-stream-ids:  [${unknown.join(' ')}]`);

  const readOnly = new Set<string>();
  for (const e of entries) for (const item of e.items) for (const key of Object.keys(item.metadata)) if (!WRITABLE.includes(key)) readOnly.add(key);
  if (readOnly.size > 0) return streamFieldsError(`only non-discoverable metadata can be produced by the UI: ${clojureSet([...readOnly])}`);

  // Validate everything against a draft, then commit: a rejected request changes nothing.
  const draft: Record<string, StreamSelection> = structuredClone(source.selection);
  for (const e of entries) {
    const sel = (draft[e.id] ??= { stream: {}, fields: {} });
    const fieldNames = new Set(e.spec.fields.map((f) => f.name));
    for (const item of e.items) {
      for (const [key, value] of Object.entries(item.metadata)) {
        if (!validValue(key, value)) return streamFieldsError(`invalid value for ${key} in ${e.id}: ${JSON.stringify(value)}`); // [I]
      }
      const crumb = item.breadcrumb;
      if (crumb.length === 0) {
        for (const [key, value] of Object.entries(item.metadata)) {
          if (value === null && key !== 'selected') delete sel.stream[key];
          else sel.stream[key] = value;
        }
      } else if (crumb.length === 2 && crumb[0] === 'properties' && typeof crumb[1] === 'string' && fieldNames.has(crumb[1])) {
        if ('selected' in item.metadata) sel.fields[crumb[1]] = item.metadata.selected as boolean | null;
      } else {
        return streamFieldsError(`invalid breadcrumb for ${e.id}: ${JSON.stringify(crumb)}`); // [I]
      }
    }
    for (const f of e.spec.fields) {
      if (f.inclusion === 'unsupported' && sel.fields[f.name] === true) return streamFieldsError('Unsupported fields cannot be selected by default');
    }
    const anyFieldSelected = Object.values(sel.fields).some((v) => v === true);
    if (anyFieldSelected && sel.stream.selected !== true) {
      return streamFieldsError(`fields cannot be selected in a stream that is not selected: ${e.id}`); // [I]
    }
  }
  const wasConfigured = isFullyConfigured(ctx.world, source);
  source.selection = draft;
  source.updatedAt = isoSeconds(ctx.nowMs);
  if (!wasConfigured && isFullyConfigured(ctx.world, source)) markConfigured(source as SourceRecord, ctx.nowMs);
  ctx.world.dirty();
  return json({ status: 200 });
}

export function registerStreamRoutes(router: Router): void {
  router
    .add('GET', '/v4/sources/{source_id}/streams', listStreams)
    .add('PUT', '/v4/sources/{source_id}/streams/metadata', updateMetadata)
    .add('GET', '/v4/sources/{source_id}/streams/{stream_id}', getStream);
}
