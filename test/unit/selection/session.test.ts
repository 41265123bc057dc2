import assert from 'node:assert/strict';
import { sourceIdOf } from '../../../src/core/sourceId';
import { isEditParams, isInitParams, isSelectionOp, isStagedSelection } from '../../../src/core/selectionView';
import { SelectionBlockedError, SelectionSession } from '../../../src/panels/selection/session';
import { bigCatalogue, catalogue, FakeApi } from './fixtures';

function session(api = new FakeApi(catalogue()), batch?: number): { api: FakeApi; s: SelectionSession } {
  return { api, s: new SelectionSession(() => api, 7, batch) };
}

describe('selection session (host model behind the panel)', () => {
  it('loads the list with one request and fields only for the stream that is expanded', async () => {
    const { api, s } = session();
    const state = await s.load();
    assert.deepEqual(api.calls.sort(), ['GET source 7', 'GET streams']);
    assert.equal(state.streams.length, 4);
    assert.deepEqual(Object.keys(state.fields), []);
    const view = state.streams.find((r) => r.id === 'shop-public-customer_view')!;
    assert.equal(view.location, 'shop.public');
    assert.equal(view.rowCount, 125);
    assert.equal(view.isView, true);
    assert.equal(view.fieldsLoaded, false);
    const loaded = await s.loadFields('orders');
    assert.deepEqual(api.calls.filter((c) => c.startsWith('GET stream ')), ['GET stream 11']);
    assert.equal(loaded.fields.length, 7);
    // Concurrent expands of the same stream make one request.
    await Promise.all([s.loadFields('shop-public-customers'), s.loadFields('shop-public-customers')]);
    assert.equal(api.calls.filter((c) => c === 'GET stream 13').length, 1);
  });

  it('field rows carry the inclusion rules: automatic locked with reason, unsupported, default, exclusions', async () => {
    const { s } = session();
    await s.load();
    const { fields } = await s.loadFields('orders');
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    assert.equal(by.id!.locked, true);
    assert.equal(by.id!.replicated, true);
    assert.match(by.id!.reason!, /primary key/);
    assert.match(by.updated_at!.reason!, /replication key/);
    assert.equal(by.legacy!.locked, true);
    assert.equal(by.legacy!.replicated, false);
    assert.match(by.legacy!.reason!, /bulk API does not return it/);
    assert.equal(by.total!.replicated, true, 'selected-by-default is honoured');
    assert.equal(by.total!.reasonKind, 'default');
    assert.equal(by.note!.replicated, false);
    assert.equal(by.note!.locked, false);
    assert.equal(by.integer, undefined);
    assert.equal(by.id!.type, 'integer');
    assert.equal(by.updated_at!.type, 'date-time');
    // Selecting "clicks" disables "bid_type", with the reason.
    const r = s.edit([{ op: 'field', stream: 'orders', field: 'clicks', selected: true }]);
    const bid = r.fields.orders!.find((f) => f.name === 'bid_type')!;
    assert.equal(bid.locked, true);
    assert.equal(bid.reasonKind, 'excluded');
    assert.match(bid.reason!, /"clicks"/);
    const refused = s.edit([{ op: 'field', stream: 'orders', field: 'bid_type', selected: true }]);
    assert.equal(refused.refused.length, 1);
    // Selecting a field selected the stream; the forced method's sole valid key was staged explicitly.
    const row = refused.streams[0]!;
    assert.equal(row.selected, true);
    assert.equal(row.method, 'INCREMENTAL');
    assert.deepEqual(row.forcedMethod, { method: 'INCREMENTAL' });
    assert.deepEqual(row.methodOptions, []);
    assert.equal(row.key, 'updated_at');
  });

  it('forced method as an object is locked and explained; changing it is refused', async () => {
    const { s } = session();
    const state = await s.load();
    const refunds = state.streams.find((r) => r.id === 'refunds')!;
    assert.deepEqual(refunds.forcedMethod, { method: 'FULL_TABLE', reason: 'No replication keys found from the API' });
    const r = s.edit([{ op: 'method', stream: 'refunds', method: 'INCREMENTAL' }]);
    assert.match(r.refused[0]!, /always uses FULL_TABLE: No replication keys found/);
    assert.equal(r.summary.hasChanges, false);
  });

  it('INCREMENTAL without a key and a view without key columns are inline errors; Apply sends nothing', async () => {
    const { api, s } = session();
    await s.load();
    await s.loadFields('shop-public-customers');
    let r = s.edit([{ op: 'stream', stream: 'shop-public-customers', selected: true }]);
    assert.match(r.streams[0]!.issues[0]!.message, /Choose a replication method/);
    r = s.edit([{ op: 'method', stream: 'shop-public-customers', method: 'INCREMENTAL' }]);
    assert.deepEqual(r.streams[0]!.keyOptions, ['id', 'updated_at'], 'suitable fields when the source lists no valid keys');
    assert.match(r.streams[0]!.issues[0]!.message, /needs a replication key/);
    assert.equal(r.summary.canApply, false);
    assert.equal(r.summary.errorCount, 1);
    assert.deepEqual(r.summary.errorStreams, ['shop-public-customers']);
    await assert.rejects(s.apply(), SelectionBlockedError);
    assert.equal(api.calls.filter((c) => c.startsWith('PUT')).length, 0);
    r = s.edit([{ op: 'key', stream: 'shop-public-customers', key: 'updated_at' }]);
    assert.equal(r.summary.canApply, true);
    r = s.edit([{ op: 'stream', stream: 'shop-public-customer_view', selected: true }, { op: 'method', stream: 'shop-public-customer_view', method: 'FULL_TABLE' }]);
    const view = r.streams.find((x) => x.id === 'shop-public-customer_view')!;
    assert.ok(view.issues.some((i) => i.target === 'view-key-properties'));
    assert.equal(r.summary.canApply, false);
    await s.loadFields('shop-public-customer_view');
    r = s.edit([{ op: 'viewKey', stream: 'shop-public-customer_view', field: 'id', on: true }]);
    assert.deepEqual(r.streams[0]!.viewKeys, ['id']);
    assert.equal(r.fields['shop-public-customer_view']!.find((f) => f.name === 'id')!.viewKey, true);
    assert.equal(r.summary.canApply, true);
  });

  it('applies the minimal diff, commits, reports the summary and the step change', async () => {
    const { api, s } = session();
    await s.load();
    await s.loadFields('orders');
    s.edit([{ op: 'field', stream: 'orders', field: 'note', selected: true }, { op: 'stream', stream: 'refunds', selected: false }]);
    const st = s.state();
    assert.equal(st.summary.text, '1 stream, 1 field added; 1 stream removed');
    const outcome = await s.apply();
    assert.equal(outcome.becameConfigured, true);
    assert.equal(outcome.appliedText, '1 stream, 1 field added; 1 stream removed');
    assert.deepEqual(api.puts, [{ streams: [
      { tap_stream_id: 'orders', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } }, { breadcrumb: ['properties', 'note'], metadata: { selected: true } }] },
      // refunds' "amount" is selected on the server: deselected first (its schema is read for it), or Stitch refuses.
      { tap_stream_id: 'refunds', metadata: [{ breadcrumb: ['properties', 'amount'], metadata: { selected: false } }, { breadcrumb: [], metadata: { selected: false } }] },
    ] }]);
    assert.ok(api.calls.includes('GET stream 14'));
    assert.equal(s.state().summary.hasChanges, false);
  });

  it('a failed apply keeps every staged edit', async () => {
    const { api, s } = session();
    await s.load();
    s.edit([{ op: 'stream', stream: 'orders', selected: true }]);
    api.failPut = () => new Error('Stitch had a server error (500).');
    await assert.rejects(s.apply(), /500/);
    assert.equal(s.state().summary.text, '1 stream added');
    assert.equal(s.staged().streams.length, 1);
  });

  it('batches a very large change; after a partial failure only the unapplied part stays staged', async () => {
    const api = new FakeApi(bigCatalogue(50, 4));
    const s = new SelectionSession(() => api, 7, 10);
    await s.load();
    const ids = s.state().streams.map((r) => r.id);
    s.edit([{ op: 'streams', streams: ids, selected: true }]);
    api.failPut = (n) => (n === 2 ? new Error('boom') : undefined);
    await assert.rejects(s.apply(), /boom/);
    assert.equal(api.puts.length, 2);
    assert.ok(api.puts.every((b) => b.streams.reduce((n, x) => n + x.metadata.length, 0) <= 10));
    const rest = s.state().summary;
    assert.equal(rest.text, '30 streams added', 'the 20 applied streams are no longer staged');
    api.failPut = undefined;
    await s.apply();
    assert.equal(api.puts.length, 5);
    assert.equal(s.state().summary.hasChanges, false);
  });

  it('staged edits survive a reload: load(staged) replays them, loading fields they need', async () => {
    const { s } = session();
    await s.load();
    await s.loadFields('orders');
    s.edit([{ op: 'field', stream: 'orders', field: 'clicks', selected: true }, { op: 'stream', stream: 'refunds', selected: false }]);
    const staged = s.staged();
    assert.ok(isStagedSelection(staged));
    const fresh = session();
    const state = await fresh.s.load(JSON.parse(JSON.stringify(staged)));
    assert.equal(state.summary.text, '1 stream, 1 field added; 1 stream removed');
    assert.ok(state.fields.orders, 'fields needed by the staged edits were loaded');
    assert.deepEqual(fresh.s.staged(), staged);
  });

  it('selects and deselects 10,000 streams × 20 fields quickly', async function () {
    this.timeout(20_000);
    const api = new FakeApi(bigCatalogue(10_000, 20));
    const s = new SelectionSession(() => api, 7);
    const started = Date.now();
    const state = await s.load();
    assert.equal(state.streams.length, 10_000);
    const ids = state.streams.map((r) => r.id);
    const r = s.edit([{ op: 'streams', streams: ids, selected: true }]);
    assert.equal(r.summary.text, '10000 streams added');
    assert.equal(r.streams.length, 10_000);
    assert.equal(api.calls.filter((c) => c.startsWith('GET stream ')).length, 0, 'no per-stream request storm');
    const t1 = Date.now();
    s.edit([{ op: 'streams', streams: ids, selected: false }]);
    assert.equal(s.state().summary.hasChanges, false, 'deselecting again leaves nothing staged (not even the auto key)');
    assert.deepEqual(s.staged(), { streams: [] });
    console.log(`      10k: load+select ${t1 - started} ms, deselect+state ${Date.now() - t1} ms`);
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
  });
});

describe('selection guards', () => {
  it('accept the webview\'s real messages', () => {
    assert.ok(isEditParams({ ops: [{ op: 'stream', stream: 'a', selected: true }, { op: 'method', stream: 'a', method: 'LOG_BASED' }, { op: 'viewKey', stream: 'v', field: 'id', on: false }] }));
    assert.ok(isInitParams({}));
    assert.ok(isInitParams(undefined));
    assert.ok(isInitParams({ staged: { streams: [{ tap_stream_id: 'a', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-key': 'k' } }, { breadcrumb: ['properties', 'x'], metadata: { selected: false } }] }] } }));
    assert.equal(sourceIdOf(5), 5);
    assert.equal(sourceIdOf({ sourceId: 9, label: 'x' }), 9);
  });

  const hostile: unknown[] = [
    null, 1, 'x', [], {}, { ops: [] }, { ops: 'x' }, { ops: [{}] }, { ops: [{ op: 'nope', stream: 'a' }] },
    { ops: [{ op: 'stream', stream: 1, selected: true }] }, { ops: [{ op: 'stream', stream: 'a', selected: 'yes' }] },
    { ops: [{ op: 'stream', stream: 'a', selected: true, extra: 1 }] }, { ops: [{ op: 'method', stream: 'a', method: 'EVERYTHING' }] },
    { ops: [{ op: 'key', stream: 'a', key: '' }] }, { ops: [{ op: 'field', stream: 'x'.repeat(5000), field: 'f', selected: true }] },
    { ops: [{ op: 'streams', streams: [1, 2], selected: true }] }, { ops: new Array(501).fill({ op: 'stream', stream: 'a', selected: true }) },
    { ops: [{ op: 'stream', stream: 'a', selected: true }], more: 1 },
  ];
  it('refuse malformed edit params', () => {
    for (const h of hostile) assert.equal(isEditParams(h), false, JSON.stringify(h)?.slice(0, 80));
  });

  it('refuse staged edits carrying read-only keys or wrong shapes', () => {
    const bad: unknown[] = [
      { streams: [{ tap_stream_id: 'a', metadata: [{ breadcrumb: [], metadata: { inclusion: 'automatic' } }] }] },
      { streams: [{ tap_stream_id: 'a', metadata: [{ breadcrumb: ['properties', 'x'], metadata: { selected: true, 'sql-datatype': 'int' } }] }] },
      { streams: [{ tap_stream_id: 'a', metadata: [{ breadcrumb: ['x'], metadata: { selected: true } }] }] },
      { streams: [{ metadata: [] }] },
      { streams: 'all' },
      { streams: [{ tap_stream_id: 'a', metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'MAGIC' } }] }] },
    ];
    for (const b of bad) assert.equal(isStagedSelection(b), false, JSON.stringify(b));
    assert.equal(isInitParams({ staged: bad[0] }), false);
    assert.equal(isSelectionOp({ op: 'stream', stream: 'a', selected: true, __proto__: { x: 1 } }), true, 'the channel strips prototype keys first');
    assert.equal(sourceIdOf(-1), undefined);
    assert.equal(sourceIdOf({ sourceId: '3' }), undefined);
    assert.equal(sourceIdOf(1.5), undefined);
  });
});
