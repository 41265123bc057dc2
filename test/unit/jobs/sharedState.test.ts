import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock, SharedState } from '../../../src/jobs/sharedState';

describe('jobs: state shared by windows (claims, poll ledger, snapshot)', () => {
  let dir: string;
  let now: number;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-jobs-')); now = 1_000_000; });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one window at a time holds a claim; it expires when a window dies; release frees it', () => {
    const a = new SharedState(dir, 'window-a', () => now);
    const b = new SharedState(dir, 'window-b', () => now);
    assert.equal(a.claim('follow-acct-7', 60_000), true);
    assert.equal(b.claim('follow-acct-7', 60_000), false, 'the second window does not show a second progress');
    assert.equal(a.claim('follow-acct-7', 60_000), true, 'renewal by the holder');
    assert.equal(b.holder('follow-acct-7'), 'window-a');
    now += 61_000;
    assert.equal(b.claim('follow-acct-7', 60_000), true, 'a crashed holder\'s claim expires');
    assert.equal(a.claim('follow-acct-7', 60_000), false);
    b.release('follow-acct-7');
    assert.equal(a.holder('follow-acct-7'), undefined);
    a.release('other');
  });

  it('the poll ledger is shared and pruned to the window', () => {
    const a = new SharedState(dir, 'a', () => now);
    const b = new SharedState(dir, 'b', () => now);
    a.recordPoll('acct', now - 700_000, 600_000);
    a.recordPoll('acct', now - 1000, 600_000);
    b.recordPoll('acct', now, 600_000);
    assert.deepEqual(a.recentPolls('acct', 600_000), [now - 1000, now]);
  });

  it('a snapshot written by one window is read by another', () => {
    const a = new SharedState(dir, 'a', () => now);
    const b = new SharedState(dir, 'b', () => now);
    assert.equal(b.readSnapshot('acct'), undefined);
    a.writeSnapshot('acct', [{ job_name: 'j' }]);
    assert.deepEqual(b.readSnapshot('acct'), { at: now, data: [{ job_name: 'j' }] });
  });

  it('the manual clock runs due timers in order as it advances', async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    clock.setTimer(() => seen.push(clock.now()), 200);
    const h = clock.setTimer(() => seen.push(-1), 100);
    clock.setTimer(() => { seen.push(clock.now()); clock.setTimer(() => seen.push(clock.now()), 50); }, 150);
    clock.clearTimer(h);
    await clock.advance(250);
    assert.deepEqual(seen, [150, 200, 200]);
    assert.equal(clock.now(), 250);
  });
});
