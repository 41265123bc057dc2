/** The source files' memory shared by the windows: one window's agreement, report and created id are the other's. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computePlan } from '../../../src/core/sourceFile/plan';
import type { Source } from '../../../src/api/types';
import type { SourceFile } from '../../../src/core/sourceFile/model';
import { driftStamp, FileMemory, fingerprintHash, hashKeys } from '../../../src/files/fileMemory';

describe('files: memory shared by windows', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-files-memory-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('what one window writes the other reads, per account and file; undefined clears an entry', () => {
    const a = new FileMemory(dir);
    const b = new FileMemory(dir);
    const agreed = { 'properties.quota_limit': fingerprintHash('"30"') };
    a.update('acct-1', 'file:///w/a.stitch.jsonc', { agreed, created: 120643 });
    assert.deepEqual(b.get('acct-1', 'file:///w/a.stitch.jsonc'), { agreed, created: 120643 });
    assert.deepEqual(b.get('acct-2', 'file:///w/a.stitch.jsonc'), {}, 'another account has its own book');
    assert.deepEqual(b.get('acct-1', 'file:///w/b.stitch.jsonc'), {});
    b.update('acct-1', 'file:///w/a.stitch.jsonc', { created: undefined, reported: fingerprintHash('live view 2') });
    assert.deepEqual(a.get('acct-1', 'file:///w/a.stitch.jsonc'), { agreed, reported: fingerprintHash('live view 2') });
  });

  it('keeps hashes, not the views; a damaged book reads as empty and is rewritten', () => {
    const m = new FileMemory(dir);
    const view = 'x'.repeat(100_000);
    m.update('acct', 'u', { agreed: { selection: fingerprintHash(view) } });
    const [file] = fs.readdirSync(dir);
    assert.ok(fs.statSync(path.join(dir, file!)).size < 200, 'a small file whatever the view size');
    assert.notEqual(fingerprintHash(view), fingerprintHash(`${view}y`));
    fs.writeFileSync(path.join(dir, file!), '{not json');
    assert.deepEqual(m.get('acct', 'u'), {});
    m.update('acct', 'u', { created: 7 });
    assert.deepEqual(m.get('acct', 'u'), { created: 7 });
  });

  it('drift is a key whose live value moved since the agreement: a key declared since is not, and a drift has one stamp', () => {
    const live = (quota: string, name = 'Recurly'): Source => ({ id: 9, stitch_client_id: 1, type: 'platform.recurly', name: 'r', display_name: name, properties: { quota_limit: quota, page_size: '100', frequency_in_minutes: '60' }, report_card: { type: 'platform.recurly', steps: [] } } as unknown as Source);
    const file = (props: Record<string, string>): SourceFile => ({ type: 'platform.recurly', displayName: 'Recurly', id: 9, properties: props });
    const keys = (f: SourceFile, l: Source) => hashKeys(computePlan({ file: f, live: l, secretState: () => 'unchanged' }).liveKeys);
    const agreed = keys(file({ quota_limit: '30' }), live('30'));
    assert.equal(driftStamp(agreed, keys(file({ quota_limit: '30', page_size: '50' }), live('30'))), undefined, 'a key the file declares since is an edit, not drift');
    assert.equal(driftStamp(agreed, keys(file({ quota_limit: '31' }), live('30'))), undefined, 'the file moved, not Stitch');
    const moved = driftStamp(agreed, keys(file({ quota_limit: '30' }), live('99')));
    assert.ok(moved, 'Stitch moved a key the file and Stitch agreed on');
    assert.equal(driftStamp(agreed, keys(file({ quota_limit: '30', page_size: '50' }), live('99'))), moved, 'the same drift, the same stamp, whatever else the file says');
    assert.notEqual(driftStamp(agreed, keys(file({ quota_limit: '30' }), live('98'))), moved, 'another drift, another stamp');
    assert.ok(driftStamp(agreed, keys(file({ quota_limit: '30' }), live('30', 'Renamed'))), 'the name too');
    assert.equal(driftStamp(undefined, agreed), undefined, 'no agreement yet: nothing to drift from');
  });
});
