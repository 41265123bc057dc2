// New streams after a structure sync: detection, the notice's words, the setting, and rules applied
// to the new streams only.
import assert from 'node:assert/strict';
import { decideNewStreams, newStreamIds, newStreamsMessage, parseNewStreamsPolicy, planRules, previewNewStreams } from '../../../../src/core/rules';
import { SelectionEditor } from '../../../../src/core/selection';
import { syntheticModels } from './fixtures';

const list = (...ids: string[]) => ids.map((tap_stream_id) => ({ tap_stream_id }));

describe('core/rules: new streams', () => {
  it('finds the streams the source did not have, in the new list\'s order', () => {
    assert.deepEqual(newStreamIds(list('a', 'b'), list('c', 'a', 'd', 'b')), ['c', 'd']);
    assert.deepEqual(newStreamIds(list('a', 'b'), list('b')), [], 'a stream that went away is not new');
    assert.deepEqual(newStreamIds(undefined, list('a')), [], 'the first read has nothing to compare with');
    assert.deepEqual(newStreamIds([], list('a')), ['a'], 'a source that had no streams gains one');
  });

  it('says how many, and where', () => {
    assert.equal(newStreamsMessage(3, 'Recurly (prod)'), '3 new streams in Recurly (prod)');
    assert.equal(newStreamsMessage(1, 'Shop'), '1 new stream in Shop');
    assert.equal(newStreamsMessage(2, 'Shop \u202Egnp.exe'), '2 new streams in \u2068Shop gnp.exe\u2069', 'a direction override can\'t reverse the notice');
  });

  it('follows the stitch.newStreams setting (ask by default)', () => {
    assert.equal(parseNewStreamsPolicy(undefined), 'ask');
    assert.equal(parseNewStreamsPolicy('bogus'), 'ask');
    assert.equal(parseNewStreamsPolicy('ignore'), 'ignore');
    assert.deepEqual(decideNewStreams('ask', ['x', 'y'], 'Shop', true), { kind: 'notify', message: '2 new streams in Shop', offerRules: true });
    assert.deepEqual(decideNewStreams('ask', ['x'], 'Shop', false), { kind: 'notify', message: '1 new stream in Shop', offerRules: false });
    assert.deepEqual(decideNewStreams('applyRules', ['x'], 'Shop', true), { kind: 'apply', message: '1 new stream in Shop', ids: ['x'] });
    assert.deepEqual(decideNewStreams('applyRules', ['x'], 'Shop', false), { kind: 'notify', message: '1 new stream in Shop', offerRules: false }, 'no rules: only tell');
    assert.deepEqual(decideNewStreams('ignore', ['x'], 'Shop', true), { kind: 'none' });
    assert.deepEqual(decideNewStreams('ask', [], 'Shop', true), { kind: 'none' });
  });

  it('applies the rules to exactly the new streams that match, leaving the others as the user left them', () => {
    // The emulator's synthetic catalogue grows by index: the first 40 streams stay the same.
    const before = syntheticModels(40, 8);
    const editor = new SelectionEditor(before);
    editor.setStreamSelected(before[0]!.tapStreamId, true); // a choice the rules would undo
    editor.commit();
    const server = [...editor.allStreamIds().map((id) => editor.stream(id)!), ...syntheticModels(60, 8).slice(40)];
    const ids = newStreamIds(before.map((s) => ({ tap_stream_id: s.tapStreamId })), server.map((s) => ({ tap_stream_id: s.tapStreamId })));
    assert.equal(ids.length, 20);
    const rules = ['!*', '[a-m]*.*', '!*.email'];
    const preview = previewNewStreams(server, ids, rules);
    assert.deepEqual(preview.streams.map((s) => s.id), ids);
    const plan = planRules(server, preview);
    const matching = ids.filter((id) => /^[a-m]/.test(id));
    assert.ok(matching.length > 0 && matching.length < ids.length, `some but not all new streams match: ${ids.join(', ')}`);
    assert.deepEqual(plan.body.streams.map((s) => s.tap_stream_id).sort(), [...matching].sort());
    assert.ok(plan.body.streams.every((s) => s.metadata[0]!.breadcrumb.length === 0 && s.metadata[0]!.metadata['selected'] === true));
    assert.ok(!plan.body.streams.some((s) => s.metadata.some((m) => m.breadcrumb[1] === 'email')), 'email stays unselected');
  });
});
