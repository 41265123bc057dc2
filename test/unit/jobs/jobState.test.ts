import * as assert from 'node:assert/strict';
import { decideStart, deriveJob, endText, followStep, phaseResult, progressText, runningSources, type ExtractionRecord } from '../../../src/jobs/jobState';
import { InFlight, mergeHistory } from '../../../src/jobs/dedupe';

function ex(partial: Partial<ExtractionRecord> = {}): ExtractionRecord {
  return {
    job_name: '116078.1.sync.a', source_id: 1, start_time: '2024-05-01T10:00:00Z', completion_time: null,
    discovery_exit_status: null, discovery_description: null, tap_exit_status: null, tap_description: null,
    target_exit_status: null, target_description: null, ...partial,
  };
}
const done = { completion_time: '2024-05-01T10:02:05Z' };

describe('jobs: state derivation from extractions', () => {
  it('running: the phase is the first without an exit status', () => {
    assert.deepEqual([deriveJob(ex()).outcome, deriveJob(ex()).phase, deriveJob(ex()).phaseUncertain], ['running', 'discovery', true]);
    const tap = deriveJob(ex({ discovery_exit_status: 0 }));
    assert.equal(tap.phase, 'tap');
    assert.equal(tap.phaseUncertain, false);
    assert.match(progressText(tap), /tap, extracting/);
    assert.equal(deriveJob(ex({ discovery_exit_status: 0, tap_exit_status: 0 })).phase, 'target');
    assert.equal(progressText(deriveJob(ex())), 'Running', 'no apology: only what is known');
  });

  it('succeeded, failed with phase and description, terminated (143, description, or all null)', () => {
    assert.equal(deriveJob(ex({ ...done, discovery_exit_status: 0, tap_exit_status: 0, target_exit_status: 0 })).outcome, 'succeeded');
    const tapFail = deriveJob(ex({ ...done, discovery_exit_status: 0, tap_exit_status: 1, tap_description: 'HTTP 401', target_exit_status: 0 }));
    assert.deepEqual([tapFail.outcome, tapFail.phase, tapFail.description], ['failed', 'tap', 'HTTP 401']);
    assert.equal(endText(tapFail, 'Recurly'), 'The sync of "Recurly" failed in the tap phase after 2 min 5 s: HTTP 401');
    assert.equal(deriveJob(ex({ ...done, discovery_exit_status: 2, discovery_description: 'bad creds' })).phase, 'discovery');
    assert.equal(deriveJob(ex({ ...done, discovery_exit_status: 0, tap_exit_status: 143 })).outcome, 'terminated');
    const docsTerminated = deriveJob(ex({ ...done, discovery_description: 'Terminated', tap_description: 'Terminated', target_description: 'Terminated' }));
    assert.equal(docsTerminated.outcome, 'terminated');
    assert.equal(endText(docsTerminated, 'X'), 'The sync of "X" was stopped (terminated) after 2 min 5 s.');
    assert.equal(deriveJob(ex({ ...done })).outcome, 'terminated');
    assert.equal(endText(deriveJob(ex({ ...done, discovery_exit_status: 0, tap_exit_status: 0, target_exit_status: 0 })), 'X'), 'The sync of "X" succeeded after 2 min 5 s.');
    const unreported = deriveJob(ex({ ...done, discovery_exit_status: 0 }));
    assert.deepEqual([unreported.outcome, unreported.phase], ['failed', 'tap']);
  });

  it('phase results for the history', () => {
    const e = ex({ ...done, discovery_exit_status: 0, tap_exit_status: 1, tap_description: 'boom', target_exit_status: null });
    assert.deepEqual(['discovery', 'tap', 'target'].map((p) => phaseResult(e, p as 'tap')), ['ok', 'exit 1: boom', 'not reported']);
    assert.equal(phaseResult(ex(), 'tap'), 'running or pending');
    assert.equal(phaseResult(ex({ ...done, tap_description: 'Terminated' }), 'tap'), 'Terminated');
  });

  it('follows a known job by name, and notices when a newer job replaced it unseen', () => {
    const since = Date.parse('2024-05-01T10:00:00Z');
    assert.equal(followStep({ sourceId: 1, jobName: 'j1', since }, []).kind, 'waiting');
    assert.equal(followStep({ sourceId: 1, jobName: 'j1', since }, [ex({ job_name: 'j1' })]).kind, 'running');
    assert.equal(followStep({ sourceId: 1, jobName: 'j1', since }, [ex({ job_name: 'j1', ...done, discovery_exit_status: 0, tap_exit_status: 0, target_exit_status: 0 })]).kind, 'ended');
    // The list still shows yesterday's job: wait.
    assert.equal(followStep({ sourceId: 1, jobName: 'j1', since }, [ex({ job_name: 'old', start_time: '2024-04-30T10:00:00Z', ...done })]).kind, 'waiting');
    assert.equal(followStep({ sourceId: 1, jobName: 'j1', since }, [ex({ job_name: 'j2', start_time: '2024-05-01T10:05:00Z' })]).kind, 'superseded');
  });

  it('after an attach (name unknown): a running record is ours; a completed one counts only if it finished after we attached', () => {
    const since = Date.parse('2024-05-01T10:01:00Z');
    const running = followStep({ sourceId: 1, since }, [ex({ job_name: 'j9' })]);
    assert.equal(running.kind, 'running');
    assert.equal(running.kind === 'running' && running.view.jobName, 'j9');
    assert.equal(followStep({ sourceId: 1, since }, [ex({ ...done, discovery_exit_status: 0, tap_exit_status: 0, target_exit_status: 0 })]).kind, 'ended');
    assert.equal(followStep({ sourceId: 1, since: Date.parse('2024-05-02T00:00:00Z') }, [ex({ ...done })]).kind, 'waiting');
    assert.equal(followStep({ sourceId: 2, since }, [ex()]).kind, 'waiting');
  });

  it('attach logic: already_running (HTTP 200 error body) attaches; anything else fails', () => {
    assert.deepEqual(decideStart({ jobName: 'j' }), { kind: 'started', jobName: 'j' });
    assert.equal(decideStart({ error: { kind: 'already_running' } }).kind, 'attach');
    assert.equal(decideStart({ error: { type: 'already_running' } }).kind, 'attach');
    assert.equal(decideStart({ error: { kind: 'server' } }).kind, 'failed');
    assert.equal(decideStart({ error: new Error('x') }).kind, 'failed');
  });

  it('lists the running sources of a page', () => {
    assert.deepEqual([...runningSources([ex(), ex({ source_id: 2, ...done })])], [1]);
  });
});

describe('jobs: de-duplication of starts and history merging', () => {
  it('a second start while the first is in flight joins it: one task run', async () => {
    const gate = new InFlight<string>();
    let calls = 0;
    let release!: () => void;
    const task = () => { calls++; return new Promise<string>((r) => { release = () => r('job-1'); }); };
    const a = gate.run('1', task);
    const b = gate.run('1', task);
    const c = gate.run('2', async () => 'other');
    assert.equal(a.joined, false);
    assert.equal(b.joined, true);
    assert.equal(c.joined, false);
    release();
    assert.deepEqual(await Promise.all([a.result, b.result, c.result]), ['job-1', 'job-1', 'other']);
    assert.equal(calls, 1);
    assert.equal(gate.has('1'), false);
    const d = gate.run('1', async () => 'job-2');
    assert.equal(d.joined, false, 'after it settles, a new start runs');
    assert.equal(await d.result, 'job-2');
  });

  it('a failed start frees the key', async () => {
    const gate = new InFlight<string>();
    await assert.rejects(gate.run('1', async () => { throw new Error('500'); }).result);
    assert.equal(gate.has('1'), false);
  });

  it('history keeps the newest N per source, newer copies replacing older ones', () => {
    const a1 = ex({ job_name: 'a1', start_time: '2024-05-01T01:00:00Z' });
    const a2 = ex({ job_name: 'a2', start_time: '2024-05-01T02:00:00Z' });
    const a2done = { ...a2, ...done };
    const b1 = ex({ job_name: 'b1', source_id: 2 });
    const merged = mergeHistory([a1, a2], [a2done, b1], 10);
    assert.deepEqual(merged.map((e) => e.job_name), ['a2', 'a1', 'b1']);
    assert.equal(merged[0]!.completion_time, done.completion_time);
    assert.deepEqual(mergeHistory(merged, [], 1).map((e) => e.job_name), ['a2', 'b1']);
  });
});
