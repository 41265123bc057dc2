/**
 * Streams and fields as the selection works on them: the Singer metadata of the streams list and
 * of one stream's schema read into models (reference §5.7, §5.8, §7.8), and which fields replicate.
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

/** Whether a stream of the streams list is selected (Stitch says so at the top level, or in its metadata). */
export function isListedStreamSelected(s: Pick<StreamListItem, 'selected' | 'metadata'>): boolean {
  return s.metadata?.selected === true || s.selected === true;
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
