import * as assert from 'node:assert/strict';
import type { ConnectionCheck } from '../../../src/api/types';
import { CheckPoller } from '../../../src/panels/sourceForm/checkPoller';

const check = (status: string, name = 'job-1'): ConnectionCheck => ({
  name, mode: 'check', status, start_time: null, completion_time: null, error: status === 'failed', check_exit_status: null,
  discovery_exit_status: null, discovery_error_message: status === 'failed' ? 'nope' : null, tap_exit_status: null, tap_error_message: null,
  target_exit_status: null, target_error_message: null,
});

/** A fake clock: sleeping advances it, so tests run instantly and deadlines are exact. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; }, slept };
}

describe('sourceForm CheckPoller', () => {
  it('polls with back-off until the check ends, reporting each update', async () => {
    const time = fakeTime();
    const answers = [undefined, check('running'), check('running'), check('succeeded')];
    const updates: string[] = [];
    const outcome = await new CheckPoller({ fetch: async () => answers.shift(), onUpdate: (c) => updates.push(c.status), delays: [10, 20, 40], ...time }).run();
    assert.equal(outcome.kind, 'finished');
    assert.deepEqual(updates, ['running', 'running', 'succeeded']);
    assert.deepEqual(time.slept, [10, 20, 40]);
  });

  it('after a save that started the check, the first look waits the first delay (a look at once could only say running)', async () => {
    const time = fakeTime();
    const looked: number[] = [];
    const answers = [check('running'), check('succeeded')];
    const outcome = await new CheckPoller({ fetch: async () => { looked.push(time.now()); return answers.shift(); }, waitFirst: true, delays: [10, 20, 40], ...time }).run();
    assert.equal(outcome.kind, 'finished');
    assert.deepEqual(looked, [10, 30], 'looks after 10 ms, then 20 ms more: the back-off is the same, shifted by one wait');
  });

  it('ignores an older check until the expected job appears', async () => {
    const time = fakeTime();
    const answers = [check('failed', 'old'), check('running', 'new'), check('failed', 'new')];
    const outcome = await new CheckPoller({ fetch: async () => answers.shift(), expectJobName: 'new', delays: [1], ...time }).run();
    assert.equal(outcome.kind, 'finished');
    assert.equal(outcome.kind === 'finished' && outcome.check.name, 'new');
  });

  it('always ends: deadline, repeated errors, non-transient errors, cancellation', async () => {
    let time = fakeTime();
    assert.equal((await new CheckPoller({ fetch: async () => check('running'), delays: [1000], deadlineMs: 5000, ...time }).run()).kind, 'timedOut');
    time = fakeTime();
    const failing = await new CheckPoller({ fetch: async () => { throw new Error('down'); }, delays: [1], maxErrors: 3, ...time }).run();
    assert.equal(failing.kind, 'failed');
    time = fakeTime();
    let calls = 0;
    const fatal = await new CheckPoller({ fetch: async () => { calls++; throw new Error('401'); }, isTransient: () => false, ...time }).run();
    assert.equal(fatal.kind, 'failed');
    assert.equal(calls, 1);
    const poller = new CheckPoller({ fetch: async () => check('running'), delays: [60_000] });
    const running = poller.run();
    setTimeout(() => poller.cancel(), 5);
    assert.equal((await running).kind, 'cancelled');
  });

  it('recovers from a transient error', async () => {
    const time = fakeTime();
    const answers: Array<() => ConnectionCheck> = [() => { throw new Error('blip'); }, () => check('succeeded')];
    const outcome = await new CheckPoller({ fetch: async () => answers.shift()!(), delays: [1], ...time }).run();
    assert.equal(outcome.kind, 'finished');
  });
});
