/**
 * Stream and field selection: Singer metadata rules (reference §5.7, §5.8, §7.8), staged edits,
 * inline validation, and the minimal `PUT /v4/sources/{id}/streams/metadata` diff (§4.8).
 *
 * Sized for 10,000 streams × 20 fields: everything is keyed by Map, edits are stored sparsely, and
 * diff/summary/validation walk only the streams that have edits.
 */

export type ReplicationMethod = 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED';
export type Inclusion = 'automatic' | 'available' | 'unsupported';

export interface MetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

/** `GET /v4/sources/{id}/streams/{stream_id}`: note `schema` is a JSON string. */
export interface StreamSchemaResponse {
  schema: string | Record<string, unknown>;
  metadata: MetadataEntry[];
  'non-discoverable-metadata-keys'?: string[];
}

/** An item of `GET /v4/sources/{id}/streams`. */
export interface StreamListItem {
  stream_id?: number;
  tap_stream_id: string;
  stream_name?: string;
  selected?: boolean | null;
  metadata?: Record<string, unknown>;
}

export interface FieldModel {
  readonly name: string;
  /** `sql-datatype` when the source gives one, else the JSON-schema type ("integer", "date-time"…). */
  readonly type: string;
  readonly inclusion: Inclusion;
  /** As stored on the server: true, false, or null/undefined when never set. */
  readonly selected: boolean | null | undefined;
  readonly selectedByDefault: boolean;
  /** Why an automatic field can't be turned off, or why an unsupported one can't be turned on. */
  readonly lockReason?: string;
  /** Names of fields in the same stream this one can't be replicated with. */
  readonly excludes: readonly string[];
}

export interface ForcedMethod {
  readonly method: string;
  readonly reason?: string;
}

export interface StreamModel {
  readonly tapStreamId: string;
  readonly streamId?: number;
  readonly name: string;
  readonly selected: boolean | null;
  readonly isView: boolean;
  readonly databaseName?: string;
  readonly schemaName?: string;
  readonly rowCount?: number;
  readonly forcedMethod?: ForcedMethod;
  readonly replicationMethod?: string;
  readonly replicationKey?: string;
  readonly validReplicationKeys?: readonly string[];
  readonly tableKeyProperties: readonly string[];
  readonly viewKeyProperties?: readonly string[];
  /** Undefined until the stream's schema is loaded (fields load lazily, on expand). */
  readonly fields?: readonly FieldModel[];
}

const asStringArray = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined; // a mock once sent a bare string

const asBoolOrNull = (v: unknown): boolean | null | undefined => (v === true || v === false || v === null ? v : undefined);

/** `forced-replication-method` is a string, or for Salesforce `{replication-method, reason}`. */
export function parseForcedMethod(value: unknown): ForcedMethod | undefined {
  if (typeof value === 'string' && value) return { method: value };
  if (value && typeof value === 'object') {
    const method = (value as Record<string, unknown>)['replication-method'];
    const reason = (value as Record<string, unknown>)['reason'];
    if (typeof method === 'string') return typeof reason === 'string' ? { method, reason } : { method };
  }
  return undefined;
}

function streamLevel(tapStreamId: string, name: string, md: Record<string, unknown>, extra: { streamId?: number; selected?: boolean | null }): StreamModel {
  const forced = parseForcedMethod(md['forced-replication-method']);
  const selected = asBoolOrNull(extra.selected) ?? asBoolOrNull(md['selected']) ?? null;
  const valid = asStringArray(md['valid-replication-keys']);
  const view = asStringArray(md['view-key-properties']);
  return {
    tapStreamId,
    name,
    selected,
    isView: md['is-view'] === true,
    tableKeyProperties: asStringArray(md['table-key-properties']) ?? [],
    ...(extra.streamId !== undefined ? { streamId: extra.streamId } : {}),
    ...(typeof md['database-name'] === 'string' ? { databaseName: md['database-name'] } : {}),
    ...(typeof md['schema-name'] === 'string' ? { schemaName: md['schema-name'] } : {}),
    ...(typeof md['row-count'] === 'number' ? { rowCount: md['row-count'] } : {}),
    ...(forced ? { forcedMethod: forced } : {}),
    ...(typeof md['replication-method'] === 'string' ? { replicationMethod: md['replication-method'] } : {}),
    ...(typeof md['replication-key'] === 'string' ? { replicationKey: md['replication-key'] } : {}),
    ...(valid ? { validReplicationKeys: valid } : {}),
    ...(view ? { viewKeyProperties: view } : {}),
  };
}

/** A stream from the list endpoint, without fields. */
export function streamFromListItem(item: StreamListItem): StreamModel {
  const extra: { streamId?: number; selected?: boolean | null } = { selected: item.selected ?? null };
  if (item.stream_id !== undefined) extra.streamId = item.stream_id;
  return streamLevel(item.tap_stream_id, item.stream_name ?? item.tap_stream_id, item.metadata ?? {}, extra);
}

function jsonType(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const s = schema as Record<string, unknown>;
  if (typeof s['format'] === 'string') return s['format'];
  const t = s['type'];
  const types = (Array.isArray(t) ? t : typeof t === 'string' ? [t] : []).filter((x) => x !== 'null');
  if (types.length > 0) return types.join(' | ');
  if (s['$ref'] || s['anyOf'] || s['oneOf']) return 'mixed';
  return 'unknown';
}

function parseSchemaText(schema: StreamSchemaResponse['schema']): Record<string, unknown> {
  if (typeof schema !== 'string') return schema;
  try {
    const parsed: unknown = JSON.parse(schema);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * A stream with its fields from a Stream Schema response. `listItem` supplies the numeric id and
 * name, which the schema response lacks.
 */
export function parseStreamSchema(tapStreamId: string, response: StreamSchemaResponse, listItem?: StreamListItem): StreamModel {
  const schema = parseSchemaText(response.schema);
  const properties = (schema['properties'] && typeof schema['properties'] === 'object' ? schema['properties'] : {}) as Record<string, unknown>;
  let streamMd: Record<string, unknown> = {};
  const fieldMd = new Map<string, Record<string, unknown>>();
  for (const entry of response.metadata ?? []) {
    if (!entry || !Array.isArray(entry.breadcrumb)) continue;
    if (entry.breadcrumb.length === 0) streamMd = entry.metadata ?? {};
    else if (entry.breadcrumb.length === 2 && entry.breadcrumb[0] === 'properties') fieldMd.set(entry.breadcrumb[1]!, entry.metadata ?? {});
  }
  const base = streamLevel(tapStreamId, listItem?.stream_name ?? tapStreamId, streamMd, {
    ...(listItem?.stream_id !== undefined ? { streamId: listItem.stream_id } : {}),
    selected: asBoolOrNull(streamMd['selected']) ?? listItem?.selected ?? null,
  });
  const names = [...Object.keys(properties), ...[...fieldMd.keys()].filter((n) => !Object.prototype.hasOwnProperty.call(properties, n))];
  const keyFields = new Set(base.tableKeyProperties);
  const replicationKeys = new Set([...(base.validReplicationKeys ?? []), ...(base.replicationKey ? [base.replicationKey] : [])]);
  const fields = names.map((name): FieldModel => {
    const md = fieldMd.get(name) ?? {};
    const inclusion: Inclusion = md['inclusion'] === 'automatic' || md['inclusion'] === 'unsupported' ? md['inclusion'] : 'available';
    const excludes = Array.isArray(md['fieldExclusions'])
      ? (md['fieldExclusions'] as unknown[]).flatMap((b) => (Array.isArray(b) && b[0] === 'properties' && typeof b[1] === 'string' ? [b[1]] : []))
      : [];
    let lockReason: string | undefined;
    if (inclusion === 'automatic') {
      lockReason = keyFields.has(name)
        ? 'Always replicated: it is part of the primary key.'
        : replicationKeys.has(name)
          ? 'Always replicated: it is a replication key.'
          : 'Always replicated by this source.';
    } else if (inclusion === 'unsupported') {
      const why = md['unsupported-description'];
      lockReason = typeof why === 'string' && why ? `Not supported: ${why}` : 'This source cannot replicate this field.';
    }
    return {
      name,
      type: typeof md['sql-datatype'] === 'string' ? md['sql-datatype'] : jsonType(properties[name]),
      inclusion,
      selected: asBoolOrNull(md['selected']),
      selectedByDefault: md['selected-by-default'] === true,
      excludes,
      ...(lockReason ? { lockReason } : {}),
    };
  });
  return { ...base, fields };
}

/**
 * Whether a field is replicated (reference §7.8): automatic always, unsupported never, available
 * when selected, or when not explicitly deselected… precisely: selected true → yes; selected false
 * or null → only if selected-by-default. Nothing is replicated in an unselected stream.
 */
export function isFieldReplicated(
  field: Pick<FieldModel, 'inclusion' | 'selectedByDefault'>,
  selected: boolean | null | undefined,
  streamSelected = true,
): boolean {
  if (!streamSelected) return false;
  if (field.inclusion === 'automatic') return true;
  if (field.inclusion === 'unsupported') return false;
  return selected === true || field.selectedByDefault;
}

/** Fields suitable as a replication key when the stream gives no `valid-replication-keys`. */
export function replicationKeyCandidates(stream: StreamModel): string[] {
  if (stream.validReplicationKeys) return [...stream.validReplicationKeys];
  return (stream.fields ?? [])
    .filter((f) => f.inclusion !== 'unsupported' && /int|date|time|serial|number/i.test(f.type))
    .map((f) => f.name);
}

export interface SelectionIssue {
  readonly tapStreamId: string;
  readonly target: 'replication-method' | 'replication-key' | 'view-key-properties' | 'fields';
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export type EditResult = { ok: true } | { ok: false; message: string };

interface StreamEdit {
  selected?: boolean;
  method?: string;
  key?: string;
  viewKeys?: string[];
}

export interface MetadataUpdateBody {
  streams: Array<{ tap_stream_id: string; metadata: MetadataEntry[] }>;
}

export interface SelectionSummary {
  readonly streamsAdded: number;
  readonly streamsRemoved: number;
  readonly fieldsAdded: number;
  readonly fieldsRemoved: number;
  readonly settingsChanged: number;
  /** "3 streams, 41 fields added; 1 stream removed" or "No changes". */
  readonly text: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === b![i]);

/**
 * The server state plus staged edits. Nothing reaches the server until the caller sends `diff()`;
 * `discard()` reverts; after a successful apply, call `commit()` to make the edits the new state.
 */
export class SelectionEditor {
  private readonly streams = new Map<string, StreamModel>();
  private readonly fieldIndex = new Map<string, Map<string, FieldModel>>();
  private readonly exclusionIndex = new Map<string, Map<string, Set<string>>>();
  private readonly streamEdits = new Map<string, StreamEdit>();
  private readonly fieldEdits = new Map<string, Map<string, boolean>>();

  constructor(streams: Iterable<StreamModel>) {
    for (const s of streams) this.setServerStream(s);
  }

  /** Adds or replaces a stream's server state, e.g. when its fields finish loading. Edits are kept. */
  setServerStream(stream: StreamModel): void {
    this.streams.set(stream.tapStreamId, stream);
    if (!stream.fields) return;
    const byName = new Map(stream.fields.map((f) => [f.name, f]));
    this.fieldIndex.set(stream.tapStreamId, byName);
    // Exclusions are treated as mutual: if A excludes B, B can't be added while A is replicated either.
    const exclusions = new Map<string, Set<string>>();
    for (const f of stream.fields) {
      for (const other of f.excludes) {
        if (!byName.has(other)) continue;
        (exclusions.get(f.name) ?? exclusions.set(f.name, new Set()).get(f.name)!).add(other);
        (exclusions.get(other) ?? exclusions.set(other, new Set()).get(other)!).add(f.name);
      }
    }
    this.exclusionIndex.set(stream.tapStreamId, exclusions);
  }

  stream(tapStreamId: string): StreamModel | undefined {
    return this.streams.get(tapStreamId);
  }

  allStreamIds(): string[] {
    return [...this.streams.keys()];
  }

  get hasChanges(): boolean {
    return this.streamEdits.size > 0 || this.fieldEdits.size > 0;
  }

  // ----- effective (server + staged) state -----

  isStreamSelected(id: string): boolean {
    return (this.streamEdits.get(id)?.selected ?? this.streams.get(id)?.selected) === true;
  }

  /** The method in force: the forced one, else staged, else saved. */
  replicationMethod(id: string): string | undefined {
    const s = this.streams.get(id);
    return s?.forcedMethod?.method ?? this.streamEdits.get(id)?.method ?? s?.replicationMethod;
  }

  replicationKey(id: string): string | undefined {
    return this.streamEdits.get(id)?.key ?? this.streams.get(id)?.replicationKey;
  }

  viewKeyProperties(id: string): readonly string[] | undefined {
    return this.streamEdits.get(id)?.viewKeys ?? this.streams.get(id)?.viewKeyProperties;
  }

  fieldSelectedValue(id: string, field: string): boolean | null | undefined {
    return this.fieldEdits.get(id)?.get(field) ?? this.fieldIndex.get(id)?.get(field)?.selected;
  }

  isFieldReplicated(id: string, field: string): boolean {
    const f = this.fieldIndex.get(id)?.get(field);
    return !!f && isFieldReplicated(f, this.fieldSelectedValue(id, field), this.isStreamSelected(id));
  }

  /** Why a field can't be toggled right now (locked, unsupported, or excluded by a replicated field). */
  fieldBlockReason(id: string, field: string, wantSelected = true): string | undefined {
    const f = this.fieldIndex.get(id)?.get(field);
    if (!f) return `Unknown field "${field}".`;
    if (f.inclusion === 'automatic') return wantSelected ? undefined : f.lockReason;
    if (f.inclusion === 'unsupported') return wantSelected ? f.lockReason : undefined;
    // §7.8: an available field that is selected by default is replicated even when deselected.
    if (!wantSelected) return f.selectedByDefault ? 'Selected by default by this source: it is replicated even when deselected.' : undefined;
    for (const other of this.exclusionIndex.get(id)?.get(field) ?? []) {
      if (this.isFieldReplicated(id, other)) return `Can't be replicated together with "${other}"; deselect that field first.`;
    }
    return undefined;
  }

  // ----- edits -----

  private editStream(id: string, change: StreamEdit): void {
    const server = this.streams.get(id)!;
    const edit = { ...this.streamEdits.get(id), ...change };
    // Drop staged values that equal the server's, so "changed back" means "no change".
    if (edit.selected !== undefined && edit.selected === (server.selected === true)) delete edit.selected;
    if (edit.method !== undefined && edit.method === server.replicationMethod) delete edit.method;
    if (edit.key !== undefined && edit.key === server.replicationKey) delete edit.key;
    if (edit.viewKeys !== undefined && sameList(edit.viewKeys, server.viewKeyProperties)) delete edit.viewKeys;
    if (Object.keys(edit).length === 0) this.streamEdits.delete(id);
    else this.streamEdits.set(id, edit);
  }

  setStreamSelected(id: string, selected: boolean): EditResult {
    const server = this.streams.get(id);
    if (!server) return { ok: false, message: `Unknown stream "${id}".` };
    this.editStream(id, { selected });
    // A convenience the user would otherwise have to do by hand: with exactly one valid key, use it.
    if (selected && this.replicationMethod(id) === 'INCREMENTAL' && !this.replicationKey(id) && server.validReplicationKeys?.length === 1) {
      this.editStream(id, { key: server.validReplicationKeys[0]! });
    }
    return { ok: true };
  }

  setFieldSelected(id: string, field: string, selected: boolean): EditResult {
    if (!this.streams.has(id)) return { ok: false, message: `Unknown stream "${id}".` };
    const block = this.fieldBlockReason(id, field, selected);
    if (block) return { ok: false, message: block };
    const f = this.fieldIndex.get(id)!.get(field)!;
    if (f.inclusion === 'automatic') return { ok: true }; // always on; nothing to stage
    if (selected && !this.isStreamSelected(id)) this.setStreamSelected(id, true);
    const edits = this.fieldEdits.get(id) ?? new Map<string, boolean>();
    // Only an explicit value that differs from the server's is a change (null counts as "not selected").
    if (selected === (f.selected === true)) edits.delete(field);
    else edits.set(field, selected);
    if (edits.size === 0) this.fieldEdits.delete(id);
    else this.fieldEdits.set(id, edits);
    return { ok: true };
  }

  /** Selects or deselects every field of a stream that may be toggled, respecting locks and exclusions. */
  setAllFields(id: string, selected: boolean): void {
    const fields = this.streams.get(id)?.fields;
    if (!fields) return;
    if (selected && !this.isStreamSelected(id)) this.setStreamSelected(id, true);
    for (const f of fields) {
      if (f.inclusion !== 'available') continue;
      if (selected && this.isFieldReplicated(id, f.name)) {
        // Already replicated (e.g. by default): make it explicit only if it isn't.
        if (f.selected !== true && this.fieldSelectedValue(id, f.name) !== true) this.setFieldSelected(id, f.name, true);
        continue;
      }
      if (!selected || !this.fieldBlockReason(id, f.name, true)) this.setFieldSelected(id, f.name, selected);
    }
  }

  /** Selects or deselects many streams at once (e.g. every stream matching the filter). */
  setAllStreams(selected: boolean, ids: Iterable<string> = this.streams.keys()): void {
    for (const id of ids) this.setStreamSelected(id, selected);
  }

  setReplicationMethod(id: string, method: ReplicationMethod): EditResult {
    const s = this.streams.get(id);
    if (!s) return { ok: false, message: `Unknown stream "${id}".` };
    if (s.forcedMethod && s.forcedMethod.method !== method) {
      return { ok: false, message: `This stream always uses ${s.forcedMethod.method}${s.forcedMethod.reason ? `: ${s.forcedMethod.reason}` : '.'}` };
    }
    if (s.forcedMethod) return { ok: true };
    this.editStream(id, { method });
    return { ok: true };
  }

  setReplicationKey(id: string, key: string): EditResult {
    const s = this.streams.get(id);
    if (!s) return { ok: false, message: `Unknown stream "${id}".` };
    const candidates = replicationKeyCandidates(s);
    if (s.validReplicationKeys && !candidates.includes(key)) {
      return { ok: false, message: `"${key}" can't be the replication key; choose one of: ${candidates.join(', ')}.` };
    }
    this.editStream(id, { key });
    return { ok: true };
  }

  setViewKeyProperties(id: string, keys: string[]): EditResult {
    const s = this.streams.get(id);
    if (!s) return { ok: false, message: `Unknown stream "${id}".` };
    if (!s.isView) return { ok: false, message: 'Only views take view key properties.' };
    this.editStream(id, { viewKeys: [...keys] });
    return { ok: true };
  }

  discard(): void {
    this.streamEdits.clear();
    this.fieldEdits.clear();
  }

  /** After the server accepted `diff()`: fold the edits into the server state. */
  commit(): void {
    const touched = new Set([...this.streamEdits.keys(), ...this.fieldEdits.keys()]);
    for (const id of touched) {
      const s = this.streams.get(id)!;
      const edit = this.streamEdits.get(id) ?? {};
      const fieldEdits = this.fieldEdits.get(id);
      const fields = s.fields?.map((f) => (fieldEdits?.has(f.name) ? { ...f, selected: fieldEdits.get(f.name)! } : f));
      this.setServerStream({
        ...s,
        selected: edit.selected ?? s.selected,
        ...(edit.method !== undefined ? { replicationMethod: edit.method } : {}),
        ...(edit.key !== undefined ? { replicationKey: edit.key } : {}),
        ...(edit.viewKeys !== undefined ? { viewKeyProperties: edit.viewKeys } : {}),
        ...(fields ? { fields } : {}),
      });
    }
    this.discard();
  }

  // ----- validation -----

  /** Problems with one stream's effective choices; empty for unselected streams. */
  streamIssues(id: string): SelectionIssue[] {
    const s = this.streams.get(id);
    if (!s || !this.isStreamSelected(id)) return [];
    const issues: SelectionIssue[] = [];
    const add = (target: SelectionIssue['target'], message: string, severity: SelectionIssue['severity'] = 'error'): void => {
      issues.push({ tapStreamId: id, target, severity, message });
    };
    const method = this.replicationMethod(id);
    const isDatabase = s.databaseName !== undefined || s.schemaName !== undefined;
    if (!method && isDatabase) add('replication-method', 'Choose a replication method.');
    if (method === 'INCREMENTAL') {
      const key = this.replicationKey(id);
      const candidates = replicationKeyCandidates(s);
      if (!key) add('replication-key', candidates.length ? `Incremental replication needs a replication key: choose one of ${candidates.join(', ')}.` : 'Incremental replication needs a replication key.');
      else if (s.validReplicationKeys && !s.validReplicationKeys.includes(key)) add('replication-key', `"${key}" isn't a valid replication key; choose one of: ${s.validReplicationKeys.join(', ')}.`);
      else if (!s.validReplicationKeys && s.fields && !s.fields.some((f) => f.name === key)) add('replication-key', `"${key}" isn't a field of this stream.`);
    }
    if (s.isView && !(this.viewKeyProperties(id)?.length)) add('view-key-properties', 'A view needs key properties: choose the columns that identify a row.');
    if (s.fields && !s.fields.some((f) => this.isFieldReplicated(id, f.name))) add('fields', 'No fields are selected, so nothing will be replicated from this stream.', 'warning');
    return issues;
  }

  /** Issues of every stream with staged edits plus every selected stream passed in `alsoCheck`. */
  issues(alsoCheck: Iterable<string> = []): SelectionIssue[] {
    const ids = new Set([...this.streamEdits.keys(), ...this.fieldEdits.keys(), ...alsoCheck]);
    return [...ids].flatMap((id) => this.streamIssues(id));
  }

  /** True when nothing blocks Apply (warnings don't). */
  canApply(): boolean {
    return this.issues().every((i) => i.severity !== 'error');
  }

  // ----- diff and summary -----

  /**
   * The minimal metadata update: only changed breadcrumbs and keys, with the stream-level entry
   * whenever a stream becomes selected. Field changes of a stream being deselected are dropped
   * (fields only count inside selected streams).
   */
  diff(): MetadataUpdateBody {
    const streams: MetadataUpdateBody['streams'] = [];
    const ids = new Set([...this.streamEdits.keys(), ...this.fieldEdits.keys()]);
    for (const id of ids) {
      const s = this.streams.get(id)!;
      const edit = this.streamEdits.get(id) ?? {};
      const metadata: MetadataEntry[] = [];
      const streamMd: Record<string, unknown> = {};
      if (edit.selected !== undefined) streamMd['selected'] = edit.selected;
      if (edit.method !== undefined) streamMd['replication-method'] = edit.method;
      if (edit.key !== undefined) streamMd['replication-key'] = edit.key;
      if (edit.viewKeys !== undefined) streamMd['view-key-properties'] = edit.viewKeys;
      if (Object.keys(streamMd).length > 0) metadata.push({ breadcrumb: [], metadata: streamMd });
      if (this.isStreamSelected(id)) {
        for (const [field, selected] of this.fieldEdits.get(id) ?? []) {
          metadata.push({ breadcrumb: ['properties', field], metadata: { selected } });
        }
      }
      if (metadata.length > 0) streams.push({ tap_stream_id: s.tapStreamId, metadata });
    }
    return { streams };
  }

  summary(): SelectionSummary {
    let streamsAdded = 0;
    let streamsRemoved = 0;
    let fieldsAdded = 0;
    let fieldsRemoved = 0;
    let settingsChanged = 0;
    const ids = new Set([...this.streamEdits.keys(), ...this.fieldEdits.keys()]);
    for (const id of ids) {
      const s = this.streams.get(id)!;
      const wasSelected = s.selected === true;
      const nowSelected = this.isStreamSelected(id);
      if (!wasSelected && nowSelected) streamsAdded++;
      if (wasSelected && !nowSelected) streamsRemoved++;
      const edit = this.streamEdits.get(id);
      if (edit && (edit.method !== undefined || edit.key !== undefined || edit.viewKeys !== undefined)) settingsChanged++;
      if (!wasSelected || !nowSelected) continue; // whole-stream changes are counted as streams
      for (const field of this.fieldEdits.get(id)?.keys() ?? []) {
        const f = this.fieldIndex.get(id)!.get(field)!;
        const before = isFieldReplicated(f, f.selected, true);
        const after = this.isFieldReplicated(id, field);
        if (!before && after) fieldsAdded++;
        if (before && !after) fieldsRemoved++;
      }
    }
    // Fields added alongside a newly selected stream are part of that stream's addition.
    for (const id of ids) {
      const s = this.streams.get(id)!;
      if (s.selected === true || !this.isStreamSelected(id)) continue;
      for (const field of this.fieldEdits.get(id)?.keys() ?? []) if (this.isFieldReplicated(id, field)) fieldsAdded++;
    }
    const added = [streamsAdded && plural(streamsAdded, 'stream'), fieldsAdded && plural(fieldsAdded, 'field')].filter(Boolean);
    const removed = [streamsRemoved && plural(streamsRemoved, 'stream'), fieldsRemoved && plural(fieldsRemoved, 'field')].filter(Boolean);
    const parts = [
      added.length ? `${added.join(', ')} added` : '',
      removed.length ? `${removed.join(', ')} removed` : '',
      settingsChanged ? `replication changed for ${plural(settingsChanged, 'stream')}` : '',
    ].filter(Boolean);
    return { streamsAdded, streamsRemoved, fieldsAdded, fieldsRemoved, settingsChanged, text: parts.length ? parts.join('; ') : 'No changes' };
  }
}

/**
 * Splits a large update into requests of at most `maxEntries` metadata entries, in order, so a
 * stream's stream-level entry always travels in the same or an earlier request than its fields.
 */
export function splitMetadataBody(body: MetadataUpdateBody, maxEntries: number): MetadataUpdateBody[] {
  const batches: MetadataUpdateBody[] = [];
  let current: MetadataUpdateBody = { streams: [] };
  let size = 0;
  for (const stream of body.streams) {
    for (let i = 0; i < stream.metadata.length; ) {
      if (size >= maxEntries) {
        batches.push(current);
        current = { streams: [] };
        size = 0;
      }
      const take = stream.metadata.slice(i, i + (maxEntries - size));
      current.streams.push({ tap_stream_id: stream.tap_stream_id, metadata: take });
      size += take.length;
      i += take.length;
    }
  }
  if (current.streams.length > 0) batches.push(current);
  return batches;
}
