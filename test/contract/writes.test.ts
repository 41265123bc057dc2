/**
 * Writes only with --allow-writes and the right account id typed again; everything created is deleted,
 * even when a step fails, and what could not be deleted is reported.
 */
import assert from 'node:assert/strict';
import { emulatorPerSuite, type Emu } from './helpers';
import { PROBE_SOURCE_ID } from './readonly';

interface SourceView {
  id: number;
  display_name: string;
  deleted_at: string | null;
  paused_at: string | null;
}

describe('contract suite: writes', function () {
  this.timeout(30_000);
  const emulator = emulatorPerSuite();
  let emu: Emu;
  beforeEach(() => { emu = emulator(); });

  const writes = async () => (await emu.requests()).filter((r) => r.method !== 'GET');
  const sources = () => emu.api<SourceView[]>('GET', '/v4/sources');

  it('a wrong account id refuses every write', async () => {
    const result = await emu.run({ allowWrites: true, confirmAccount: String(emu.clientId + 1) });
    assert.equal(result.report.verdict, 'writes refused');
    assert.equal(result.exitCode, 2);
    assert.match(result.report.findings.find((f) => f.kind === 'writes_refused')!.detail, /not the account of this token: nothing was written/);
    assert.deepEqual(await writes(), []);
  });

  it('confirmed: creates one throw-away source, sees its check fail, renames, pauses and deletes it', async () => {
    const before = await sources();
    const result = await emu.run({ allowWrites: true, confirmAccount: ` ${emu.clientId} ` });
    const { report } = result;
    assert.equal(report.verdict, 'pass', JSON.stringify(report.findings, null, 1));
    for (const step of ['error: update unknown source', 'create throw-away source', 'watch the check fail', 'rename', 'pause', 'delete']) {
      assert.equal(report.steps.find((s) => s.name === step)?.outcome, 'ok', step);
    }
    assert.equal(report.steps.find((s) => s.name === 'already_running')?.outcome, 'skipped');
    const created = report.cleanup!.created.map((c) => c.id);
    assert.equal(created.length, 1);
    assert.deepEqual(report.cleanup!.deleted, created);
    assert.deepEqual(report.cleanup!.leftBehind, []);
    // The emulator's own view: one new source, deleted, paused, renamed; its check failed.
    const after = await sources();
    assert.equal(after.length, before.length + 1);
    const gone = after.find((s) => s.id === created[0])!;
    assert.ok(gone.deleted_at && gone.paused_at);
    assert.match(gone.display_name, /^Contract test \d{14} delete me renamed$/);
    const check = await emu.api<{ status: string }>('GET', `/v4/sources/${created[0]}/last-connection-check`);
    assert.equal(check.status, 'failed');
    // Every write touched only the throw-away source, or the made-up id of the error probe.
    const w = await writes();
    assert.deepEqual(w.map((r) => `${r.method} ${r.path}`), [
      `PUT /v4/sources/${PROBE_SOURCE_ID}`, 'POST /v4/sources', `PUT /v4/sources/${created[0]}`, `PUT /v4/sources/${created[0]}`, `DELETE /v4/sources/${created[0]}`,
    ]);
    assert.equal(report.figures.writeRequests, w.length);
  });

  it('a failing step still ends with the source deleted', async () => {
    await emu.control('POST', '/faults', { method: 'PUT', path: '^/v4/sources/\\d{6}$', kind: 'status', status: 500 });
    const result = await emu.run({ allowWrites: true, confirmAccount: String(emu.clientId) });
    assert.equal(result.report.verdict, 'breaks');
    assert.deepEqual(result.report.findings.filter((f) => f.severity === 'break').map((f) => f.step), ['rename', 'pause']);
    const id = result.report.cleanup!.created[0]!.id;
    assert.deepEqual(result.report.cleanup!.deleted, [id]);
    assert.ok((await sources()).find((s) => s.id === id)!.deleted_at);
  });

  it('what cannot be deleted is reported as left behind', async () => {
    await emu.control('POST', '/faults', { method: 'DELETE', path: '^/v4/sources/\\d+$', kind: 'status', status: 503 });
    const result = await emu.run({ allowWrites: true, confirmAccount: String(emu.clientId) });
    const id = result.report.cleanup!.created[0]!.id;
    assert.deepEqual(result.report.cleanup!.leftBehind.map((l) => l.id), [id]);
    assert.match(result.report.cleanup!.leftBehind[0]!.why, /HTTP 503/);
    const left = result.report.findings.find((f) => f.kind === 'left_behind');
    assert.equal(left?.severity, 'break');
    assert.match(left!.detail, new RegExp(`could not delete: source ${id} `));
    assert.equal(result.exitCode, 1);
    assert.equal((await sources()).find((s) => s.id === id)!.deleted_at, null, 'the emulator really kept it');
  });
});
