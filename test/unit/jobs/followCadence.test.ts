import * as assert from 'node:assert/strict';
import { durationWords, expectedDuration, pastDurations, runningText } from '../../../src/core/jobTiming';
import { baseInterval, FAR_MS, FOLLOW_MS, followInterval, KICK_MS, POLLER_SHARE, TIGHT_MS, TIGHT_SHARE, WINDOW_MS } from '../../../src/jobs/pollPolicy';
import { followJobs, maxInAnyWindow, median, randomJobs } from '../../support/followSim';

const T0 = 1_700_000_000_000;
const S = 1000;
const MIN = 60 * S;

describe('jobs: following a job where its end is likely, within the jobs budget', () => {
  it('the issue\'s 20-second job: its result within 10 s (it was 28 s at a 30 s cadence), history or not', () => {
    const fresh = followJobs([{ durationMs: 20 * S }]);
    assert.ok(fresh.delays[0]! <= TIGHT_MS, `no history: ${fresh.delays[0]} ms`);
    const known = followJobs([{ durationMs: 20 * S, expectedMs: 20 * S }]);
    assert.ok(known.delays[0]! <= TIGHT_MS, `with history: ${known.delays[0]} ms`);
    const old = followJobs([{ durationMs: 20 * S }], false);
    assert.ok(old.delays[0]! > fresh.delays[0]!, `old ${old.delays[0]} ms vs new ${fresh.delays[0]} ms`);
  });

  it('a long job that ends when its history says: seen within 10 s, with the share never exceeded', () => {
    for (const minutes of [3, 6]) {
      const { delays, polls } = followJobs([{ durationMs: minutes * MIN + 7 * S, expectedMs: minutes * MIN }]);
      assert.ok(delays[0]! <= TIGHT_MS, `${minutes} min: ${delays[0]} ms`);
      assert.ok(maxInAnyWindow(polls) <= POLLER_SHARE, `${minutes} min: ${maxInAnyWindow(polls)} polls in a window`);
    }
  });

  it('200 single syncs of 10 s to 15 min (70 % with history, off by -20..+25 %): median halved, worst under a minute, share kept', () => {
    const jobs = randomJobs(200);
    const now = jobs.map((j) => followJobs([j]));
    const before = jobs.map((j) => followJobs([j], false));
    const delays = now.map((r) => r.delays[0]!);
    const old = before.map((r) => r.delays[0]!);
    assert.ok(median(delays) <= TIGHT_MS, `median ${median(delays)} ms`);
    assert.ok(median(delays) * 1.5 < median(old), `median ${median(delays)} ms now, ${median(old)} ms at a plain 30 s`);
    assert.ok(Math.max(...delays) < 60 * S, `worst ${Math.max(...delays)} ms`);
    for (const r of now) assert.ok(maxInAnyWindow(r.polls) <= POLLER_SHARE);
  });

  it('an hour of back-to-back syncs: never over the share in any 10 minutes, the spacing holds, no poll gap over 2 minutes', () => {
    const { polls, delays } = followJobs(randomJobs(60).slice(0, 40));
    assert.ok(maxInAnyWindow(polls) <= POLLER_SHARE, `${maxInAnyWindow(polls)} polls in a window`);
    for (let i = 1; i < polls.length; i++) {
      assert.ok(polls[i]! - polls[i - 1]! >= TIGHT_MS, 'the spacing holds');
      assert.ok(polls[i]! - polls[i - 1]! <= 2 * MIN, `gap ${polls[i]! - polls[i - 1]!} ms`);
    }
    assert.ok(Math.max(...delays) <= 2 * MIN);
  });

  it('tight following spends at most TIGHT_SHARE polls of a window; the last slots are paced', () => {
    const ledger = Array.from({ length: POLLER_SHARE }, (_, i) => T0 - 5 * MIN + i * 10 * S);
    const job = { followed: 1, visible: true, failures: 0, now: T0, jobs: [{ elapsedMs: 10 * S }] };
    assert.equal(baseInterval({ ...job, recentPolls: ledger.slice(0, 3) }), TIGHT_MS, 'room: tight in the first minute');
    assert.equal(baseInterval({ ...job, recentPolls: ledger.slice(0, TIGHT_SHARE) }), FOLLOW_MS, 'the tight share is spent');
    const paced = baseInterval({ ...job, recentPolls: ledger.slice(0, POLLER_SHARE - 1) });
    assert.equal(paced, ledger[0]! + WINDOW_MS - T0, 'the last slot waits for the oldest poll to leave the window, no blackout after it');
    assert.equal(followInterval({ elapsedMs: 5 * MIN, expectedMs: 20 * MIN }), FAR_MS, 'far from the predicted end');
    assert.equal(followInterval({ elapsedMs: 18 * MIN, expectedMs: 20 * MIN }), FOLLOW_MS, 'nearer the predicted end');
    assert.equal(followInterval({ elapsedMs: 19 * MIN + 50 * S, expectedMs: 20 * MIN }), TIGHT_MS, 'at the predicted end');
    assert.equal(followInterval({ elapsedMs: 20 * MIN + 90 * S, expectedMs: 20 * MIN }), 20 * S, 'overrunning: easing back');
    assert.ok(KICK_MS <= TIGHT_MS);
  });
});

describe('jobs: the progress line and earlier jobs\' durations', () => {
  const rec = (job: string, start: string, end: string | null, source = 1) => ({ job_name: job, source_id: source, start_time: start, completion_time: end });
  it('durations of the source\'s completed jobs, newest first, without the running one or other sources', () => {
    const history = [
      rec('a', '2026-11-26T10:00:00Z', '2026-11-26T10:00:20Z'), rec('b', '2026-11-26T11:00:00Z', '2026-11-26T11:00:30Z'),
      rec('c', '2026-11-26T12:00:00Z', null), rec('d', '2026-11-26T09:00:00Z', '2026-11-26T09:05:00Z', 2),
    ];
    assert.deepEqual(pastDurations(history, 1, 'c'), [30_000, 20_000]);
    assert.equal(expectedDuration([30_000, 20_000]), 25_000);
    assert.equal(expectedDuration([30_000, 20_000, 100_000]), 30_000);
    assert.equal(expectedDuration([]), undefined);
  });
  it('says what is known: "Running for 12 s (the last sync took 20 s)"', () => {
    assert.equal(runningText(12_000, 20_000), 'Running for 12 s (the last sync took 20 s)');
    assert.equal(runningText(125_000, undefined), 'Running for 2 min 5 s');
    assert.equal(runningText(40_000, 20_000, 'tap, extracting data from the source'), 'Running for 40 s: tap, extracting data from the source (the last sync took 20 s)');
    assert.equal(durationWords(3_780_000), '1 h 3 min');
    assert.doesNotMatch(runningText(0, undefined), /or later|reports phases/);
  });
});
