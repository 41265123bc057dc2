// A preview staged through the selection panel's editor: the exact minimal metadata body.
import assert from 'node:assert/strict';
import { planRules, previewRules, stagePreview } from '../../../../src/core/rules';
import { SelectionEditor, streamFromListItem, type StreamModel } from '../../../../src/core/selection';
import { ruleCatalogue } from './fixtures';

const select = (streams: StreamModel[], edits: (e: SelectionEditor) => void): StreamModel[] => {
  const e = new SelectionEditor(streams);
  edits(e);
  e.commit();
  return e.allStreamIds().map((id) => e.stream(id)!);
};

describe('core/rules: staging a preview as the panel\'s minimal diff', () => {
  const catalogue = ruleCatalogue();

  it('sends only what changes, the stream entry first', () => {
    const plan = planRules(catalogue, previewRules(catalogue, ['orders.note', 'customers method=INCREMENTAL key=updated_at']));
    assert.deepEqual(plan.body, {
      streams: [
        { tap_stream_id: 'orders', metadata: [
          // One valid replication key: the editor fills it in, as it does for a click.
          { breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } },
          { breadcrumb: ['properties', 'note'], metadata: { selected: true } },
        ] },
        { tap_stream_id: 'customers', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at' } }] },
      ],
    });
    assert.deepEqual(plan.issues, []);
    assert.equal(plan.summary, '2 streams, 1 field added; replication changed for 2 streams');
  });

  it('deselects what the rules no longer cover, and nothing else', () => {
    const server = select(catalogue, (e) => {
      e.setStreamSelected('customers', true);
      e.setReplicationMethod('customers', 'FULL_TABLE');
      e.setFieldSelected('customers', 'email', true);
      e.setFieldSelected('customers', 'password', true);
      e.setStreamSelected('order_items', true);
    });
    const plan = planRules(server, previewRules(server, ['customers.*', '!customers.password']));
    const customers = plan.body.streams.find((s) => s.tap_stream_id === 'customers')!;
    assert.deepEqual(customers.metadata.map((m) => [m.breadcrumb[1], m.metadata.selected]).sort(), [
      ['created_at', true], ['email_pii', true], ['name', true], ['password', false], ['updated_at', true],
    ]);
    assert.ok(!customers.metadata.some((m) => m.breadcrumb.length === 0), 'the stream is already selected: no stream entry');
    assert.deepEqual(plan.body.streams.find((s) => s.tap_stream_id === 'order_items')!.metadata, [{ breadcrumb: [], metadata: { selected: false } }]);
    assert.equal(plan.body.streams.length, 2);
  });

  it('deselecting a stream also deselects its selected fields, before the stream entry', () => {
    const server = select(catalogue, (e) => {
      e.setFieldSelected('customers', 'email', true);
      e.setFieldSelected('customers', 'password', true);
    });
    const plan = planRules(server, previewRules(server, ['orders']));
    assert.deepEqual(plan.body.streams.find((s) => s.tap_stream_id === 'customers'), { tap_stream_id: 'customers', metadata: [
      { breadcrumb: ['properties', 'email'], metadata: { selected: false } },
      { breadcrumb: ['properties', 'password'], metadata: { selected: false } },
      { breadcrumb: [], metadata: { selected: false } },
    ] });
  });

  it('swaps a fieldExclusions partner without being blocked', () => {
    const server = select(catalogue, (e) => { e.setFieldSelected('orders', 'clicks', true); });
    const plan = planRules(server, previewRules(server, ['orders.bid_type']));
    assert.deepEqual(plan.body.streams, [{ tap_stream_id: 'orders', metadata: [
      { breadcrumb: ['properties', 'clicks'], metadata: { selected: false } },
      { breadcrumb: ['properties', 'bid_type'], metadata: { selected: true } },
    ] }]);
    assert.deepEqual(plan.refused, []);
  });

  it('reports what blocks Apply in the editor\'s words (a database stream with no method, a view with no keys)', () => {
    const plan = planRules(catalogue, previewRules(catalogue, ['shop-public-*']));
    assert.deepEqual(plan.issues.map((i) => [i.tapStreamId, i.target]).sort(), [
      ['shop-public-user_view', 'fields'], ['shop-public-user_view', 'replication-method'], ['shop-public-user_view', 'view-key-properties'], ['shop-public-users', 'replication-method'],
    ]);
    const fixed = planRules(catalogue, previewRules(catalogue, ['shop-public-* method=FULL_TABLE', 'shop-public-user_view view-keys=id', 'shop-public-user_view.*']));
    assert.deepEqual(fixed.issues, []);
  });

  it('stages nothing while the rules have errors, and says so', () => {
    const editor = new SelectionEditor(catalogue);
    const out = stagePreview(editor, previewRules(catalogue, ['orders', 'a.b.c']));
    assert.equal(editor.hasChanges, false);
    assert.deepEqual(out.refused, ['The rules have an error: fix it first.']);
  });

  it('asks for fields first when field rules concern streams whose fields are not loaded', () => {
    const listed = [streamFromListItem({ stream_id: 1, tap_stream_id: 'orders', selected: null, metadata: {} }), streamFromListItem({ stream_id: 2, tap_stream_id: 'refunds', selected: null, metadata: {} })];
    const p = previewRules(listed, ['*', '!orders.secret']);
    assert.deepEqual(p.streams.map((s) => [s.id, s.outcome, s.needsFields]), [['orders', 'selected', true], ['refunds', 'selected', false]]);
    const editor = new SelectionEditor(listed);
    assert.deepEqual(stagePreview(editor, p), { refused: [], needsFields: ['orders'] });
    assert.equal(editor.hasChanges, false);
    // Stream rules alone need no fields.
    assert.deepEqual(planRules(listed, previewRules(listed, ['refunds'])).body.streams, [{ tap_stream_id: 'refunds', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }]);
  });
});
