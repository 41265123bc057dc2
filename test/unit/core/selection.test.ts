import assert from 'node:assert/strict';
import {
  SelectionEditor,
  isFieldReplicated,
  parseForcedMethod,
  parseStreamSchema,
  splitMetadataBody,
  streamFromListItem,
  type StreamSchemaResponse,
} from '../../../src/core/selection';

// Shapes follow reference §5.7/§5.8; names are invented.
const ordersSchema: StreamSchemaResponse = {
  schema: JSON.stringify({
    type: 'object',
    properties: {
      id: { type: ['null', 'integer'] },
      updated_at: { type: ['null', 'string'], format: 'date-time' },
      total: { type: ['null', 'number'] },
      note: { type: ['null', 'string'] },
      legacy: { type: ['null', 'string'] },
      clicks: { type: ['null', 'integer'] },
      bid_type: { type: ['null', 'string'] },
    },
  }),
  metadata: [
    { breadcrumb: ['properties', 'note'], metadata: { inclusion: 'available', 'selected-by-default': false } },
    { breadcrumb: [], metadata: { 'forced-replication-method': 'INCREMENTAL', 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at'] } },
    { breadcrumb: ['properties', 'id'], metadata: { inclusion: 'automatic' } },
    { breadcrumb: ['properties', 'updated_at'], metadata: { inclusion: 'automatic' } },
    { breadcrumb: ['properties', 'total'], metadata: { inclusion: 'available', 'selected-by-default': true } },
    { breadcrumb: ['properties', 'legacy'], metadata: { inclusion: 'unsupported', 'unsupported-description': 'the bulk API does not return it' } },
    { breadcrumb: ['properties', 'clicks'], metadata: { inclusion: 'available', fieldExclusions: [['properties', 'bid_type']] } },
    { breadcrumb: ['properties', 'bid_type'], metadata: { inclusion: 'available' } },
  ],
  'non-discoverable-metadata-keys': ['selected', 'replication-method', 'replication-key', 'view-key-properties'],
};

const customerView: StreamSchemaResponse = {
  schema: '{"type":"object","properties":{"id":{"type":["null","integer"]},"updated_at":{"type":["null","string"],"format":"date-time"}}}',
  metadata: [
    { breadcrumb: [], metadata: { 'is-view': true, 'database-name': 'shop', 'schema-name': 'public', 'row-count': 12 } },
    { breadcrumb: ['properties', 'id'], metadata: { inclusion: 'available', 'sql-datatype': 'integer' } },
    { breadcrumb: ['properties', 'updated_at'], metadata: { inclusion: 'available', 'sql-datatype': 'timestamp with time zone' } },
  ],
};

function editor(): SelectionEditor {
  return new SelectionEditor([
    parseStreamSchema('orders', ordersSchema, { stream_id: 1, tap_stream_id: 'orders', stream_name: 'orders', selected: null }),
    parseStreamSchema('shop-public-customer_view', customerView, { stream_id: 2, tap_stream_id: 'shop-public-customer_view', stream_name: 'customer_view', selected: null }),
    streamFromListItem({ stream_id: 3, tap_stream_id: 'refunds', stream_name: 'refunds', selected: true, metadata: { selected: true, 'forced-replication-method': 'FULL_TABLE' } }),
  ]);
}

describe('core/selection', () => {
  describe('parsing', () => {
    it('builds the field model from the schema string and metadata in any order', () => {
      const s = parseStreamSchema('orders', ordersSchema);
      assert.deepEqual(s.forcedMethod, { method: 'INCREMENTAL' });
      assert.deepEqual(s.tableKeyProperties, ['id']);
      assert.deepEqual(s.validReplicationKeys, ['updated_at']);
      const byName = Object.fromEntries(s.fields!.map((f) => [f.name, f]));
      assert.equal(byName['id']!.lockReason, 'Always replicated: it is part of the primary key.');
      assert.equal(byName['updated_at']!.lockReason, 'Always replicated: it is a replication key.');
      assert.equal(byName['updated_at']!.type, 'date-time');
      assert.equal(byName['total']!.type, 'number');
      assert.equal(byName['legacy']!.lockReason, 'Not supported: the bulk API does not return it');
      assert.deepEqual(byName['clicks']!.excludes, ['bid_type']);
      const view = parseStreamSchema('v', customerView);
      assert.equal(view.isView, true);
      assert.equal(view.rowCount, 12);
      assert.equal(view.fields![1]!.type, 'timestamp with time zone');
    });

    it('reads forced methods as a string or a Salesforce-style object', () => {
      assert.deepEqual(parseForcedMethod('FULL_TABLE'), { method: 'FULL_TABLE' });
      assert.deepEqual(parseForcedMethod({ 'replication-method': 'FULL_TABLE', reason: 'No replication key' }), { method: 'FULL_TABLE', reason: 'No replication key' });
      assert.equal(parseForcedMethod(null), undefined);
    });

    it('tolerates a bad schema string and a bare-string valid-replication-keys', () => {
      const s = parseStreamSchema('x', { schema: '{not json', metadata: [{ breadcrumb: [], metadata: { 'valid-replication-keys': 'updated' } }] });
      assert.deepEqual(s.fields, []);
      assert.deepEqual(s.validReplicationKeys, ['updated']);
    });
  });

  describe('the §7.8 inclusion table', () => {
    const rows: Array<[string, boolean | null, boolean, boolean]> = [
      ['automatic', false, false, true],
      ['unsupported', true, true, false],
      ['available', true, false, true],
      ['available', false, true, true],
      ['available', false, false, false],
      ['available', null, true, true],
      ['available', null, false, false],
    ];
    for (const [inclusion, selected, byDefault, replicated] of rows) {
      it(`${inclusion}, selected ${String(selected)}, by default ${byDefault} → ${replicated ? 'replicated' : 'not replicated'}`, () => {
        assert.equal(isFieldReplicated({ inclusion: inclusion as never, selectedByDefault: byDefault }, selected), replicated);
      });
    }
    it('nothing is replicated in an unselected stream', () => {
      assert.equal(isFieldReplicated({ inclusion: 'automatic', selectedByDefault: true }, true, false), false);
    });
  });

  describe('staged edits, validation and diff', () => {
    it('first selection sends the stream entry, with the single valid key set for a forced INCREMENTAL stream', () => {
      const e = editor();
      assert.deepEqual(e.setFieldSelected('orders', 'note', true), { ok: true });
      assert.equal(e.isStreamSelected('orders'), true, 'selecting a field selects its stream');
      assert.deepEqual(e.issues(), []);
      assert.deepEqual(e.diff(), {
        streams: [
          {
            tap_stream_id: 'orders',
            metadata: [
              { breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } },
              { breadcrumb: ['properties', 'note'], metadata: { selected: true } },
            ],
          },
        ],
      });
      assert.equal(e.summary().text, '1 stream, 1 field added; replication changed for 1 stream');
    });

    it('respects locks, unsupported fields, selected-by-default and exclusions', () => {
      const e = editor();
      e.setStreamSelected('orders', true);
      assert.deepEqual(e.setFieldSelected('orders', 'id', false), { ok: false, message: 'Always replicated: it is part of the primary key.' });
      assert.equal(e.setFieldSelected('orders', 'legacy', true).ok, false);
      assert.match((e.setFieldSelected('orders', 'total', false) as { message: string }).message, /replicated even when deselected/);
      assert.equal(e.setFieldSelected('orders', 'clicks', true).ok, true);
      const blocked = e.setFieldSelected('orders', 'bid_type', true);
      assert.deepEqual(blocked, { ok: false, message: 'Can\'t be replicated together with "clicks"; deselect that field first.' });
      e.setFieldSelected('orders', 'clicks', false);
      assert.equal(e.setFieldSelected('orders', 'bid_type', true).ok, true);
    });

    it('select all fields skips locked, unsupported and excluded fields; select none keeps automatic ones', () => {
      const e = editor();
      e.setAllFields('orders', true);
      const replicated = ['id', 'updated_at', 'total', 'note', 'legacy', 'clicks', 'bid_type'].filter((f) => e.isFieldReplicated('orders', f));
      assert.deepEqual(replicated, ['id', 'updated_at', 'total', 'note', 'clicks']);
      e.setAllFields('orders', false);
      assert.deepEqual(['id', 'updated_at', 'total', 'note', 'clicks'].filter((f) => e.isFieldReplicated('orders', f)), ['id', 'updated_at', 'total']);
    });

    it('forced methods are locked with their reason', () => {
      const e = editor();
      assert.deepEqual(e.setReplicationMethod('refunds', 'INCREMENTAL'), { ok: false, message: 'This stream always uses FULL_TABLE.' });
      assert.deepEqual(e.setReplicationMethod('refunds', 'FULL_TABLE'), { ok: true });
      assert.equal(e.hasChanges, false);
    });

    it('a database view needs a method, an explicit key for INCREMENTAL, and view key properties', () => {
      const e = editor();
      const id = 'shop-public-customer_view';
      e.setStreamSelected(id, true);
      assert.deepEqual(e.issues().map((i) => i.target).sort(), ['fields', 'replication-method', 'view-key-properties']);
      e.setReplicationMethod(id, 'INCREMENTAL');
      assert.deepEqual(
        e.issues().filter((i) => i.target === 'replication-key').map((i) => i.message),
        ['Incremental replication needs a replication key: choose one of id, updated_at.'],
      );
      assert.equal(e.canApply(), false);
      assert.deepEqual(e.setReplicationKey(id, 'updated_at'), { ok: true });
      assert.deepEqual(e.setViewKeyProperties(id, ['id']), { ok: true });
      e.setFieldSelected(id, 'id', true);
      assert.deepEqual(e.issues(), []);
      assert.equal(e.canApply(), true);
      assert.deepEqual(e.diff().streams[0], {
        tap_stream_id: id,
        metadata: [
          { breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at', 'view-key-properties': ['id'] } },
          { breadcrumb: ['properties', 'id'], metadata: { selected: true } },
        ],
      });
    });

    it('rejects a replication key outside valid-replication-keys', () => {
      const e = editor();
      assert.deepEqual(e.setReplicationKey('orders', 'total'), { ok: false, message: '"total" can\'t be the replication key; choose one of: updated_at.' });
    });

    it('deselecting a stream sends only the stream entry; reverting an edit leaves no diff', () => {
      const e = editor();
      e.setStreamSelected('refunds', false);
      assert.deepEqual(e.diff(), { streams: [{ tap_stream_id: 'refunds', metadata: [{ breadcrumb: [], metadata: { selected: false } }] }] });
      assert.equal(e.summary().text, '1 stream removed');
      e.setStreamSelected('refunds', true);
      assert.deepEqual(e.diff(), { streams: [] });
      assert.equal(e.summary().text, 'No changes');
    });

    it('discard reverts and commit folds edits into the server state', () => {
      const e = editor();
      e.setFieldSelected('orders', 'note', true);
      e.discard();
      assert.equal(e.isStreamSelected('orders'), false);
      e.setFieldSelected('orders', 'note', true);
      e.commit();
      assert.equal(e.hasChanges, false);
      assert.equal(e.stream('orders')!.selected, true);
      assert.equal(e.stream('orders')!.replicationKey, 'updated_at');
      e.setFieldSelected('orders', 'note', false);
      assert.deepEqual(e.diff(), { streams: [{ tap_stream_id: 'orders', metadata: [{ breadcrumb: ['properties', 'note'], metadata: { selected: false } }] }] });
      assert.equal(e.summary().text, '1 field removed');
    });
  });

  describe('batching', () => {
    it('splits in order and never sends a field before its stream entry', () => {
      const body = {
        streams: [
          { tap_stream_id: 'a', metadata: [{ breadcrumb: [], metadata: { selected: true } }, { breadcrumb: ['properties', 'x'], metadata: { selected: true } }, { breadcrumb: ['properties', 'y'], metadata: { selected: true } }] },
          { tap_stream_id: 'b', metadata: [{ breadcrumb: [], metadata: { selected: false } }] },
        ],
      };
      const batches = splitMetadataBody(body, 2);
      assert.deepEqual(batches.map((b) => b.streams.map((s) => `${s.tap_stream_id}:${s.metadata.length}`)), [['a:2'], ['a:1', 'b:1']]);
      assert.deepEqual(batches[0]!.streams[0]!.metadata[0]!.breadcrumb, []);
    });
  });

  describe('scale: 10,000 streams × 20 fields', () => {
    it('builds, selects everything and produces a correct diff and summary', () => {
      const fieldsMeta = Array.from({ length: 20 }, (_, i) => ({
        breadcrumb: ['properties', `f${i}`],
        metadata: { inclusion: i === 0 ? 'automatic' : 'available' },
      }));
      const schema = JSON.stringify({ type: 'object', properties: Object.fromEntries(fieldsMeta.map((m) => [m.breadcrumb[1], { type: ['null', 'string'] }])) });
      const streams = Array.from({ length: 10_000 }, (_, i) =>
        parseStreamSchema(`db-public-t${i}`, {
          schema,
          metadata: [{ breadcrumb: [], metadata: { 'forced-replication-method': 'FULL_TABLE', 'database-name': 'db', 'table-key-properties': ['f0'] } }, ...fieldsMeta],
        }),
      );
      const e = new SelectionEditor(streams);
      assert.equal(e.allStreamIds().length, 10_000);
      e.setAllStreams(true);
      for (const id of e.allStreamIds()) e.setAllFields(id, true);
      assert.deepEqual(e.issues(), []);
      const body = e.diff();
      assert.equal(body.streams.length, 10_000);
      assert.equal(body.streams[9_999]!.metadata.length, 20, 'stream entry + 19 available fields');
      assert.equal(e.summary().text, '10000 streams, 190000 fields added');
      assert.equal(splitMetadataBody(body, 5_000).length, 40);
      e.setAllStreams(false, ['db-public-t5', 'db-public-t6']);
      assert.equal(e.summary().streamsAdded, 9_998);
    });
  });
});
