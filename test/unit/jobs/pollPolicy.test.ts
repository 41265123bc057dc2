import * as assert from 'node:assert/strict';
import { baseInterval, earliestAllowed, FOLLOW_MS, IDLE_MS, KICK_MS, MAX_BACKOFF_MS, MIN_SPACING_MS, nextPollAt, POLLER_SHARE, snapshotIsFresh, STITCH_LIMIT, VISIBLE_MS, WINDOW_MS, type PollInput } from '../../../src/jobs/pollPolicy';

const T0 = 1_700_000_000_000;

/** Runs the policy over simulated time: returns the poll times. `state(now)` says what is followed/visible. */
function simulate(durationMs: number, state: (now: number) => Partial<PollInput>, fail: (n: number) => boolean = () => false): number[] {
  const polls: number[] = [];
  let now = T0;
  let failures = 0;
  let last: number | undefined;
  let kicked = false;
  while (now < T0 + durationMs) {
    const s = state(now);
    const input: PollInput = { now, followed: 0, visible: false, failures, recentPolls: polls, ...s, kicked: kicked || s.kicked };
    const at = nextPollAt(input, last);
    if (at >= T0 + durationMs) break;
    now = at;
    polls.push(now);
    last = now;
    kicked = false;
    failures = fail(polls.length) ? failures + 1 : 0;
  }
  return polls;
}

function maxInAnyWindow(polls: number[]): number {
  let max = 0;
  for (const start of polls) max = Math.max(max, polls.filter((t) => t >= start && t < start + WINDOW_MS).length);
  return max;
}

describe('jobs: poll interval policy against the jobs budget', () => {
  it('the poller share leaves room for logs and loads within Stitch\'s 30 per 10 minutes', () => {
    assert.ok(POLLER_SHARE <= STITCH_LIMIT - 6);
  });

  it('intervals: following 30 s, visible 2 min, idle 10 min, kick 5 s', () => {
    assert.equal(baseInterval({ followed: 1, visible: false, failures: 0 }), FOLLOW_MS);
    assert.equal(baseInterval({ followed: 0, visible: true, failures: 0 }), VISIBLE_MS);
    assert.equal(baseInterval({ followed: 0, visible: false, failures: 0 }), IDLE_MS);
    assert.equal(baseInterval({ followed: 1, visible: true, failures: 0, kicked: true }), KICK_MS);
  });

  it('first poll: at once when something shows job state, after a whole idle interval when nothing does', () => {
    const base: PollInput = { now: T0, followed: 0, visible: false, failures: 0, recentPolls: [] };
    assert.equal(nextPollAt(base, undefined), T0 + IDLE_MS, 'restoring an account at activation sends nothing');
    assert.equal(nextPollAt({ ...base, visible: true }, undefined), T0);
    assert.equal(nextPollAt({ ...base, followed: 1 }, undefined), T0);
  });

  it('backs off exponentially on failures up to 10 minutes, and honours a longer Retry-After', () => {
    const seq = [1, 2, 3, 4, 5, 6].map((failures) => baseInterval({ followed: 1, visible: true, failures }));
    assert.deepEqual(seq, [60_000, 120_000, 240_000, 480_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
    assert.equal(baseInterval({ followed: 1, visible: true, failures: 1, retryAfterMs: 900_000 }), 900_000);
    assert.equal(baseInterval({ followed: 0, visible: false, failures: 1 }), IDLE_MS, 'back-off never polls faster than idle');
  });

  it('following a job for an hour: at most the share in any 10-minute window', () => {
    const polls = simulate(60 * 60_000, () => ({ followed: 1, visible: true }));
    assert.ok(maxInAnyWindow(polls) <= POLLER_SHARE, `max ${maxInAnyWindow(polls)}`);
    assert.ok(polls.length >= 100, `keeps polling: ${polls.length}`);
  });

  it('kicks (a start or stop every few seconds, e.g. repeated clicks) never break the share or the spacing', () => {
    const polls = simulate(30 * 60_000, () => ({ followed: 2, visible: true, kicked: true }));
    assert.ok(maxInAnyWindow(polls) <= POLLER_SHARE, `max ${maxInAnyWindow(polls)}`);
    for (let i = 1; i < polls.length; i++) assert.ok(polls[i]! - polls[i - 1]! >= MIN_SPACING_MS);
  });

  it('slows down when nothing is followed or visible: 1 poll per 10 minutes', () => {
    assert.ok(maxInAnyWindow(simulate(60 * 60_000, () => ({ followed: 0, visible: false }))) <= 1);
    assert.ok(maxInAnyWindow(simulate(60 * 60_000, () => ({ followed: 0, visible: true }))) <= 5);
  });

  it('failing polls back off: far fewer requests than healthy following', () => {
    const polls = simulate(60 * 60_000, () => ({ followed: 1, visible: true }), () => true);
    assert.ok(polls.length <= 12, `${polls.length} polls in an hour of failures`);
  });

  it('steps aside when the client budget is nearly used (logs, loads, other callers)', () => {
    const now = T0;
    const resetAt = now + 4 * 60_000;
    assert.equal(earliestAllowed({ now, followed: 1, visible: true, failures: 0, recentPolls: [], clientRemaining: 3, clientResetAt: resetAt }), resetAt);
    assert.equal(earliestAllowed({ now, followed: 1, visible: true, failures: 0, recentPolls: [], clientRemaining: 10, clientResetAt: resetAt }), now);
  });

  it('counts every window\'s polls: a full shared ledger delays the next poll until the oldest leaves the window', () => {
    const ledger = Array.from({ length: POLLER_SHARE }, (_, i) => T0 - WINDOW_MS + 60_000 + i * 1000);
    assert.equal(earliestAllowed({ now: T0, followed: 1, visible: true, failures: 0, recentPolls: ledger }), ledger[0]! + WINDOW_MS);
  });

  it('a fresh snapshot from another window stands in for a poll', () => {
    assert.equal(snapshotIsFresh(T0 - 10_000, { now: T0, followed: 1, visible: true, failures: 0 }), true);
    assert.equal(snapshotIsFresh(T0 - 40_000, { now: T0, followed: 1, visible: true, failures: 0 }), false);
    assert.equal(snapshotIsFresh(T0 - 10_000, { now: T0, followed: 1, visible: true, failures: 0, kicked: true }), false);
    assert.equal(snapshotIsFresh(undefined, { now: T0, followed: 0, visible: false, failures: 0 }), false);
  });
});
