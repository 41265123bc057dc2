/** The jobs budget on its own, with an injected clock: sliding window, refusal, bounded queueing, FIFO. */
import assert from 'node:assert/strict';
import { JobsBudget, StitchApiError } from '../../../src/api';
import { FakeClock } from './fake-clock';

const WINDOW = 10 * 60_000;

describe('api/budget: JobsBudget', () => {
  it('allows 30 per 10 minutes per account, then refuses with budget_exhausted and a retry time', async () => {
    const clock = new FakeClock();
    const budget = new JobsBudget({ clock, maxWaitMs: 0 });
    for (let i = 0; i < 30; i++) {
      await budget.acquire('1');
      clock.advance(1000);
    }
    const status = budget.status('1');
    assert.equal(status.used, 30);
    assert.equal(status.remaining, 0);
    assert.equal(status.resetAt, Date.parse('2026-03-01T12:00:00Z') + WINDOW);
    await assert.rejects(budget.acquire('1'), (e: unknown) => {
      assert.ok(StitchApiError.is(e, 'budget_exhausted'));
      assert.equal(e.retryAfterMs, WINDOW - 30_000);
      assert.match(e.message, /30 requests .* per 10 minutes/);
      return true;
    });
    // Another account has its own window.
    assert.equal(budget.status('2').remaining, 30);
    await budget.acquire('2');
  });

  it('is a sliding window: each slot frees exactly windowMs after it was used', async () => {
    const clock = new FakeClock();
    const budget = new JobsBudget({ clock, limit: 3, maxWaitMs: 0 });
    await budget.acquire('a'); // t0
    clock.advance(60_000);
    await budget.acquire('a'); // t0+1m
    await budget.acquire('a'); // t0+1m
    assert.equal(budget.tryTake('a'), false);
    clock.advance(WINDOW - 60_000 - 1); // just before the first slot frees
    assert.equal(budget.status('a').remaining, 0);
    clock.advance(1);
    assert.equal(budget.status('a').remaining, 1);
    assert.equal(budget.tryTake('a'), true);
    assert.equal(budget.tryTake('a'), false);
  });

  it('queues for a bounded time: waits when a slot frees within maxWaitMs, refuses when not', async () => {
    const clock = new FakeClock();
    const budget = new JobsBudget({ clock, limit: 2, windowMs: 10_000, maxWaitMs: 5_000 });
    await budget.acquire('a');
    clock.advance(7_000);
    await budget.acquire('a');
    // The first slot frees in 3 s (< 5 s): this call waits 3 s, then goes.
    await budget.acquire('a');
    assert.deepEqual(clock.sleeps, [3_000]);
    // Now the next slot frees at t=17 s, 7 s away (> 5 s): refused without sleeping.
    await assert.rejects(budget.acquire('a'), (e: unknown) => StitchApiError.is(e, 'budget_exhausted') && e.retryAfterMs === 7_000);
    assert.deepEqual(clock.sleeps, [3_000]);
    // A per-call maxWaitMs can allow the longer wait.
    await budget.acquire('a', { maxWaitMs: 10_000 });
    assert.deepEqual(clock.sleeps, [3_000, 7_000]);
  });

  it('serves concurrent waiters in arrival order and never exceeds the limit', async () => {
    const clock = new FakeClock();
    const budget = new JobsBudget({ clock, limit: 2, windowMs: 1_000, maxWaitMs: 60_000 });
    const order: number[] = [];
    const takenAt: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        budget.acquire('a').then(() => {
          order.push(n);
          takenAt.push(clock.now());
        }),
      ),
    );
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
    // Any window of 1 s holds at most 2 takes.
    for (let i = 2; i < takenAt.length; i++) assert.ok(takenAt[i]! - takenAt[i - 2]! >= 1_000, `take ${i} too early`);
  });

  it('a cancelled waiter leaves the queue and is reported as aborted', async () => {
    const clock = new FakeClock();
    const budget = new JobsBudget({ clock, limit: 1, windowMs: 1_000, maxWaitMs: 60_000 });
    await budget.acquire('a');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(budget.acquire('a', { signal: controller.signal }), (e: unknown) => StitchApiError.is(e, 'aborted'));
  });
});
