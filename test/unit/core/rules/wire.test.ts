import * as assert from 'node:assert/strict';
import type { RulePreview } from '../../../../src/core/rules';
import { SelectionSession } from '../../../../src/panels/selection/session';
import { fromRuleCode, orderKey, ruleCode } from '../../../../src/protocol/rulesWire';
import type { FieldRowView, RulePreviewMessage, RulePreviewView, SelectionState } from '../../../../src/protocol/selection';
import { decodeRulePreview } from '../../../../webview/selection/rulesPreviewData';
import { bigCatalogue, catalogue, FakeApi, type FakeStream } from '../../selection/fixtures';

/** What the rows must show, straight from the engine's preview: [id, rule, on] per decided row. */
function expected(preview: RulePreview, fieldsFor: readonly string[]): Pick<RulePreviewView, 'streams' | 'fields'> {
  const streams = preview.streams.filter((s) => s.rule >= 0).map((s): [string, number, 0 | 1] => [s.id, s.rule, s.outcome === 'selected' ? 1 : 0]);
  const fields: RulePreviewView['fields'] = {};
  for (const id of fieldsFor) {
    if (preview.stream(id)!.fieldCount === 0) continue; // fields not loaded: nothing to tag
    const rows = preview.stream(id)!.fields().filter((f) => f.rule >= 0).map((f): [string, number, 0 | 1] => [f.name, f.rule, f.replicated ? 1 : 0]);
    Object.defineProperty(fields, id, { value: rows, enumerable: true });
  }
  return { streams, fields };
}

async function session(streams: FakeStream[]): Promise<{ s: SelectionSession; state: SelectionState }> {
  const s = new SelectionSession(() => new FakeApi(streams), 7);
  await s.load();
  return { s, state: s.state() };
}

const enginePreview = (s: SelectionSession, text: string) => (s as unknown as { rulePreview(t: string): Promise<{ preview: RulePreview }> }).rulePreview(text).then((r) => r.preview);
const fieldMap = (state: SelectionState, ids: readonly string[]) => new Map<string, FieldRowView[]>(ids.map((id) => [id, state.fields[id]!]));
/** The message as postMessage delivers it. */
const wire = (m: RulePreviewMessage) => JSON.parse(JSON.stringify(m)) as RulePreviewMessage;

describe('rules: the Rules box preview message (compact, decoded by the webview)', () => {
  it('codes a row as rule × 2 + selected, -1 for no rule, and refuses malformed codes', () => {
    assert.deepEqual([ruleCode(-1, true), ruleCode(0, false), ruleCode(0, true), ruleCode(7, true)], [-1, 0, 1, 15]);
    assert.deepEqual(fromRuleCode(15), { rule: 7, selects: true });
    assert.deepEqual(fromRuleCode(4), { rule: 2, selects: false });
    for (const bad of [-1, 1.5, '3', null, Number.NaN]) assert.equal(fromRuleCode(bad), undefined, String(bad));
  });

  it('fingerprints the order of ids: a reorder, a moved boundary or another count gives another key', () => {
    const key = orderKey(['ab', 'c', 'd']);
    assert.equal(orderKey(['ab', 'c', 'd']), key);
    assert.notEqual(orderKey(['a', 'bc', 'd']), key);
    assert.notEqual(orderKey(['c', 'ab', 'd']), key);
    assert.notEqual(orderKey(['ab', 'c']), key);
    assert.notEqual(orderKey(['ab', 'c', 'd', '']), key);
  });

  it('decodes to exactly the rows the engine decided, on the small catalogue, for several rule lists', async () => {
    const { s, state } = await session(catalogue());
    const asked = ['orders', 'shop-public-customer_view'];
    for (const text of ['*', '*.*\n!orders.note', '!*\norders.clicks\norders.bid_type', 'shop-*\n!shop-public-customer_view', 'nothing', '*\n!refunds\norders.*\n!orders.note']) {
      const message = wire(await s.previewRules(text, asked));
      const state2 = s.state(); // fields the rules needed are loaded now, as the webview's would be after expanding
      const view = decodeRulePreview(message, state.streams, fieldMap(state2, asked));
      const want = expected(await enginePreview(s, text), asked);
      assert.deepEqual(view.streams, want.streams, text);
      assert.deepEqual({ ...view.fields }, { ...want.fields }, text);
      assert.equal(message.streams.length, state.streams.length, 'one code per stream');
    }
  });

  it('at 10,000 streams × 20 fields the message is a tenth of the tuples, and decodes to the same rows', async () => {
    const { s, state } = await session(bigCatalogue(10_000, 20));
    const asked = ['stream_00000', 'stream_09999'];
    const text = '*\n!stream_0*\nstream_00[0-4]*.field_1?';
    const message = await s.previewRules(text, asked);
    const view = decodeRulePreview(wire(message), state.streams, fieldMap(s.state(), asked));
    const want = expected(await enginePreview(s, text), asked);
    assert.deepEqual(view.streams, want.streams);
    assert.deepEqual({ ...view.fields }, { ...want.fields });
    const tuples = JSON.stringify({ ...message, streams: want.streams, fields: want.fields }).length;
    assert.ok(JSON.stringify(message).length * 5 < tuples, `${JSON.stringify(message).length} vs ${tuples} bytes`);
  });

  it('drops the codes rather than tag the wrong rows when the webview holds another stream list or field order', async () => {
    const { s, state } = await session(catalogue());
    const message = wire(await s.previewRules('*\n!refunds\norders.*', ['orders']));
    const fields = fieldMap(s.state(), ['orders']);
    assert.ok(decodeRulePreview(message, state.streams, fields).streams.length > 0);
    const reordered = [...state.streams].reverse();
    const other = decodeRulePreview(message, reordered, fields);
    assert.deepEqual(other.streams, [], 'same count, other order: no stream tags');
    assert.deepEqual(other.rules, message.rules, 'the flags and totals still show');
    assert.deepEqual(decodeRulePreview(message, state.streams.slice(1), fields).streams, []);
    const shuffled = new Map([['orders', [...fields.get('orders')!].reverse()]]);
    assert.deepEqual({ ...decodeRulePreview(message, state.streams, shuffled).fields }, {}, 'fields in another order: no field tags');
    assert.deepEqual({ ...decodeRulePreview(message, state.streams, new Map()).fields }, {}, 'fields not loaded in the webview: none');
  });

  it('a stream called __proto__ keeps its field tags through the message and the decoder', async () => {
    const odd = catalogue().map((f) => (f.list.tap_stream_id === 'orders' ? { ...f, list: { ...f.list, tap_stream_id: '__proto__' } } : f));
    const { s, state } = await session(odd);
    const message = wire(await s.previewRules('*\n__proto__.*\n!__proto__.note', ['__proto__']));
    assert.ok(Object.prototype.hasOwnProperty.call(message.fields, '__proto__'), 'an own key on the wire');
    const view = decodeRulePreview(message, state.streams, fieldMap(s.state(), ['__proto__']));
    const rows = Object.getOwnPropertyDescriptor(view.fields, '__proto__')?.value as RulePreviewView['fields'][string];
    assert.deepEqual(rows.find((r) => r[0] === 'note'), ['note', 2, 0]);
    assert.deepEqual(view.streams.find((r) => r[0] === '__proto__'), ['__proto__', 1, 1], 'decided by the rule that selects its fields');
  });
});
