/**
 * The documented field lists agree with the docs themselves: every example response of the reference
 * and the 228 real report cards show no difference. And the comparison folds list items by place.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir, haveFixtures, SKIP_FIXTURES } from '../emulator/test-helpers';
import * as F from './fields';

const EXAMPLES: [string, F.Spec | 'array', F.Spec?][] = [
  ['sources/retrieve-a-source.md', F.source], ['sources/create-a-source.md', F.source], ['sources/pause-a-source.md', F.source],
  ['sources/unpause-a-source.md', F.source], ['sources/update-a-source.md', F.source], ['sources/delete-a-source.md', F.source],
  ['sources/sources-object.md', F.source],
  ['connection-checks/connection-check-object-v4.md', F.connectionCheck],
  ['streams/retrieve-a-streams-schema-v4.md', F.streamSchema], ['stream-schemas/stream-schema-object.md', F.streamSchema],
  ['streams/streams-object-v4.md', F.stream],
  ['destinations/v4/list-destinations-v4.md', 'array', F.destination], ['destinations/v4/destination-object-v4.md', F.destination],
  ['destination-types/list-destination-types.md', 'array', F.reportCard], ['destination-types/get-a-destination-type.md', F.reportCard],
  ['source-types/get-a-source-type.md', F.reportCard],
];

describe('contract suite: the documented fields', () => {
  it('every example response of the reference shows no difference', function () {
    if (!haveFixtures) {
      console.log(`      skipped: ${SKIP_FIXTURES}`);
      return this.skip();
    }
    const examples = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'connect-api-examples.json'), 'utf8')) as Record<string, { examples?: { type?: string; code?: string }[] }>;
    let compared = 0;
    for (const [key, spec, item] of EXAMPLES) {
      for (const ex of examples[key]?.examples ?? []) {
        if (!ex.code || /request|error/i.test(ex.type ?? '')) continue;
        const diff = F.diffFields(JSON.parse(ex.code), spec, item, 'example');
        assert.deepEqual(diff.map((d) => `${d.kind} ${d.at}: ${d.detail}`), [], `${key} ${ex.type ?? ''}`);
        compared += 1;
      }
    }
    assert.ok(compared >= 18, `compared ${compared} examples`);
  });

  it('the 228 real report cards show no difference', function () {
    if (!haveFixtures) {
      console.log(`      skipped: ${SKIP_FIXTURES}`);
      return this.skip();
    }
    const cards = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'source-types.json'), 'utf8')) as unknown[];
    assert.equal(cards.length, 228);
    assert.deepEqual(F.diffFields(cards, 'array', F.reportCard, 'source_types'), []);
  });

  it('differences are folded by place, with a count and one concrete example', () => {
    const items = [
      { stream_id: 1, tap_stream_id: 'a', stream_name: 'a', selected: null, metadata: {} },
      { stream_id: '2', tap_stream_id: 'b', stream_name: 'b', selected: true, metadata: {}, extra: 1 },
      { stream_id: '3', stream_name: 'c', selected: false, metadata: {}, extra: 2 },
    ];
    const diff = F.diffFields(items, 'array', F.stream, 'streams');
    assert.deepEqual(diff, [
      { kind: 'other_type', at: 'streams[].stream_id', detail: 'expected number, got string ("2")', count: 2, example: 'streams[1].stream_id' },
      { kind: 'unknown_field', at: 'streams[].extra', detail: 'undocumented field "extra" (number)', count: 2, example: 'streams[1].extra' },
      { kind: 'missing_field', at: 'streams[].tap_stream_id', detail: 'documented field "tap_stream_id" is absent', count: 1, example: 'streams[2].tap_stream_id' },
    ]);
    assert.deepEqual(F.diffFields({}, 'array', F.stream, 'streams').map((d) => d.detail), ['expected array, got object']);
  });
});
