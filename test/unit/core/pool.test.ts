import assert from 'node:assert/strict';
import { mapPool } from '../../../src/core/pool';

describe('core/mapPool', () => {
  it('answers in the items\' order with at most `limit` tasks running at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapPool([30, 5, 20, 1, 10, 2], 2, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return `${i}:${ms}`;
    });
    assert.deepEqual(out, ['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    assert.equal(most, 2);
    assert.deepEqual(await mapPool([], 4, async () => 1), []);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await assert.rejects(mapPool([1, 2, 3, 4], 1, async (n) => { started.push(n); if (n === 2) throw new Error('two'); return n; }), /two/);
    assert.deepEqual(started, [1, 2]);
  });
});
