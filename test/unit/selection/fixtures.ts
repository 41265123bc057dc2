// Catalogue shapes from reference §5.7/§5.8 (names invented), and an in-memory SelectionApi.
import type { Source, Stream, StreamMetadataUpdate, StreamSchema } from '../../../src/api/types';
import type { SelectionApi } from '../../../src/panels/selection/session';

export interface FakeStream { list: Stream; schema: StreamSchema }

const md = (breadcrumb: string[], metadata: Record<string, unknown>) => ({ breadcrumb, metadata });

export function catalogue(): FakeStream[] {
  const orders: FakeStream = {
    list: { stream_id: 11, tap_stream_id: 'orders', stream_name: 'orders', selected: null, metadata: { 'forced-replication-method': 'INCREMENTAL', 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at'] } },
    schema: {
      schema: JSON.stringify({ type: 'object', properties: {
        id: { type: ['null', 'integer'] }, updated_at: { type: ['null', 'string'], format: 'date-time' }, total: { type: ['null', 'number'] },
        note: { type: ['null', 'string'] }, legacy: { type: ['null', 'string'] }, clicks: { type: ['null', 'integer'] }, bid_type: { type: ['null', 'string'] },
      } }),
      metadata: [
        md(['properties', 'note'], { inclusion: 'available' }),
        md([], { 'forced-replication-method': 'INCREMENTAL', 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at'] }),
        md(['properties', 'id'], { inclusion: 'automatic' }),
        md(['properties', 'updated_at'], { inclusion: 'automatic' }),
        md(['properties', 'total'], { inclusion: 'available', 'selected-by-default': true }),
        md(['properties', 'legacy'], { inclusion: 'unsupported', 'unsupported-description': 'the bulk API does not return it' }),
        md(['properties', 'clicks'], { inclusion: 'available', fieldExclusions: [['properties', 'bid_type']] }),
        md(['properties', 'bid_type'], { inclusion: 'available' }),
      ],
      'non-discoverable-metadata-keys': ['selected', 'replication-method', 'replication-key', 'view-key-properties'],
    },
  };
  const view: FakeStream = {
    list: { stream_id: 12, tap_stream_id: 'shop-public-customer_view', stream_name: 'customer_view', selected: null, metadata: { 'is-view': true, 'database-name': 'shop', 'schema-name': 'public', 'row-count': 125, 'table-key-properties': [] } },
    schema: {
      schema: '{"type":"object","properties":{"id":{"type":["null","integer"]},"email":{"type":["null","string"]},"updated_at":{"type":["null","string"],"format":"date-time"}}}',
      metadata: [
        md([], { 'is-view': true, 'database-name': 'shop', 'schema-name': 'public', 'row-count': 125, 'table-key-properties': [] }),
        md(['properties', 'id'], { inclusion: 'available', 'sql-datatype': 'integer', 'selected-by-default': true }),
        md(['properties', 'email'], { inclusion: 'available', 'sql-datatype': 'character varying', 'selected-by-default': true }),
        md(['properties', 'updated_at'], { inclusion: 'available', 'sql-datatype': 'timestamp with time zone', 'selected-by-default': true }),
      ],
    },
  };
  const table: FakeStream = {
    list: { stream_id: 13, tap_stream_id: 'shop-public-customers', stream_name: 'customers', selected: null, metadata: { 'is-view': false, 'database-name': 'shop', 'schema-name': 'public', 'row-count': 1204, 'table-key-properties': ['id'] } },
    schema: {
      schema: '{"type":"object","properties":{"id":{"type":["null","integer"]},"name":{"type":["null","string"]},"updated_at":{"type":["null","string"],"format":"date-time"}}}',
      metadata: [
        md([], { 'is-view': false, 'database-name': 'shop', 'schema-name': 'public', 'row-count': 1204, 'table-key-properties': ['id'] }),
        md(['properties', 'id'], { inclusion: 'automatic', 'sql-datatype': 'integer' }),
        md(['properties', 'name'], { inclusion: 'available', 'sql-datatype': 'text', 'selected-by-default': true }),
        md(['properties', 'updated_at'], { inclusion: 'available', 'sql-datatype': 'timestamp with time zone', 'selected-by-default': true }),
      ],
    },
  };
  const refunds: FakeStream = {
    list: { stream_id: 14, tap_stream_id: 'refunds', stream_name: 'refunds', selected: true, metadata: { selected: true, 'forced-replication-method': { 'replication-method': 'FULL_TABLE', reason: 'No replication keys found from the API' }, 'table-key-properties': ['id'] } },
    schema: {
      schema: '{"type":"object","properties":{"id":{"type":"string"},"amount":{"type":"number"}}}',
      metadata: [
        md([], { selected: true, 'forced-replication-method': { 'replication-method': 'FULL_TABLE', reason: 'No replication keys found from the API' }, 'table-key-properties': ['id'] }),
        md(['properties', 'id'], { inclusion: 'automatic', selected: null }),
        md(['properties', 'amount'], { inclusion: 'available', selected: true }),
      ],
    },
  };
  return [orders, view, table, refunds];
}

/** Synthetic catalogue: n streams × f fields, like the emulator's --streams/--fields. */
export function bigCatalogue(n: number, f: number): FakeStream[] {
  const out: FakeStream[] = [];
  for (let i = 0; i < n; i++) {
    const props: Record<string, unknown> = { id: { type: 'integer' }, updated_at: { type: 'string', format: 'date-time' } };
    const metadata = [md([], { 'forced-replication-method': 'INCREMENTAL', 'valid-replication-keys': ['updated_at'], 'table-key-properties': ['id'] }), md(['properties', 'id'], { inclusion: 'automatic' }), md(['properties', 'updated_at'], { inclusion: 'automatic' })];
    for (let j = 2; j < f; j++) { props[`field_${j}`] = { type: 'string' }; metadata.push(md(['properties', `field_${j}`], { inclusion: 'available', 'selected-by-default': j % 2 === 0 })); }
    out.push({
      list: { stream_id: 1000 + i, tap_stream_id: `stream_${String(i).padStart(5, '0')}`, stream_name: `stream_${i}`, selected: null, metadata: { 'forced-replication-method': 'INCREMENTAL', 'valid-replication-keys': ['updated_at'], 'table-key-properties': ['id'] } },
      schema: { schema: JSON.stringify({ type: 'object', properties: props }), metadata },
    });
  }
  return out;
}

/** An in-memory SelectionApi that records calls and can be told to fail. */
export class FakeApi implements SelectionApi {
  calls: string[] = [];
  puts: StreamMetadataUpdate[] = [];
  failPut: ((n: number) => Error | undefined) | undefined;
  step = 'field_selection';
  constructor(readonly streams: FakeStream[]) {}
  async getSource(sourceId: number): Promise<Source> {
    this.calls.push(`GET source ${sourceId}`);
    return { id: sourceId, display_name: 'Shop', name: 'shop', type: 'platform.test', report_card: { current_step_type: this.step } } as unknown as Source;
  }
  async listStreams(): Promise<Stream[]> {
    this.calls.push('GET streams');
    return this.streams.map((s) => structuredClone(s.list));
  }
  async getStreamSchema(_sourceId: number, streamId: number): Promise<StreamSchema> {
    this.calls.push(`GET stream ${streamId}`);
    const found = this.streams.find((s) => s.list.stream_id === streamId);
    if (!found) throw new Error(`invalid stream-id: ${streamId}`);
    return structuredClone(found.schema);
  }
  async updateStreamMetadata(_sourceId: number, body: StreamMetadataUpdate): Promise<{ status: number }> {
    const n = this.puts.length;
    this.calls.push('PUT metadata');
    const error = this.failPut?.(n);
    if (error) throw error;
    this.puts.push(structuredClone(body));
    // Apply to the catalogue so a reload sees the new server state.
    for (const s of body.streams) {
      const target = this.streams.find((x) => x.list.tap_stream_id === s.tap_stream_id)!;
      for (const m of s.metadata) {
        if (m.breadcrumb.length === 0) {
          Object.assign(target.list.metadata, m.metadata);
          if (typeof m.metadata.selected === 'boolean') target.list.selected = m.metadata.selected;
          Object.assign(target.schema.metadata.find((x) => x.breadcrumb.length === 0)!.metadata, m.metadata);
        } else {
          const entry = target.schema.metadata.find((x) => x.breadcrumb[1] === m.breadcrumb[1]);
          if (entry) Object.assign(entry.metadata, m.metadata);
        }
      }
    }
    this.step = 'fully_configured';
    return { status: 200 };
  }
}
