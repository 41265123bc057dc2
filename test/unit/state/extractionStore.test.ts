/** The extraction store: what a page changes, what it fires, what an account switch drops. */
import assert from 'node:assert/strict';
import type { Extraction } from '../../../src/api';
import { ExtractionStore, type ExtractionChange } from '../../../src/state/extractionStore';

function job(sourceId: number, name: string, start: string, done: string | null): Extraction {
  return {
    job_name: name, stitch_client_id: 1, source_id: sourceId, start_time: start, completion_time: done,
    discovery_exit_status: done ? 0 : null, discovery_description: null, tap_exit_status: done ? 0 : null, tap_description: null,
    target_exit_status: done ? 0 : null, target_description: null,
  };
}

describe('state/ExtractionStore', () => {
  let store: ExtractionStore;
  let changes: ExtractionChange[];
  beforeEach(() => {
    store = new ExtractionStore(() => 1000);
    changes = [];
    store.onDidChange((c) => changes.push(c));
  });

  it('keeps the jobs seen per source, newest first, and fires only for the sources whose jobs changed', () => {
    store.applyPage([job(1, 'a1', '2024-01-01T00:00:00Z', '2024-01-01T00:05:00Z'), job(2, 'b1', '2024-01-01T00:00:00Z', null)]);
    assert.deepEqual(changes.map((c) => [...c.sourceIds].sort()), [[1, 2]]);
    assert.equal(store.polledAt, 1000);
    // The list shows only the latest job per source: the older one stays in the history.
    store.applyPage([job(1, 'a2', '2024-01-02T00:00:00Z', null), job(2, 'b1', '2024-01-01T00:00:00Z', null)]);
    assert.deepEqual(changes.at(-1)?.sourceIds, [1], 'source 2 did not change');
    assert.deepEqual(store.historyOf(1).map((e) => e.job_name), ['a2', 'a1']);
    assert.equal(store.latest(1)?.job_name, 'a2');
    store.applyPage([job(1, 'a2', '2024-01-02T00:00:00Z', null), job(2, 'b1', '2024-01-01T00:00:00Z', null)]);
    assert.equal(changes.length, 2, 'the same page again fires nothing');
  });

  it('reports running sources that flipped, and forgets everything on an account switch', () => {
    store.setRunning(new Set([1, 2]));
    assert.deepEqual([...changes[0]!.sourceIds].sort(), [1, 2]);
    store.setRunning(new Set([2]));
    assert.deepEqual(changes[1]!.sourceIds, [1]);
    assert.ok(store.isRunning(2) && !store.isRunning(1));
    store.applyPage([job(2, 'b1', '2024-01-01T00:00:00Z', null)]);
    const remembered = [job(9, 'z1', '2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z')];
    store.reset(remembered);
    assert.equal(changes.at(-1)?.reset, true);
    assert.equal(store.running.size, 0);
    assert.deepEqual(store.page, []);
    assert.equal(store.polledAt, 0);
    assert.deepEqual(store.history.map((e) => e.job_name), ['z1'], 'only what was remembered for the new account');
  });
});
