/** The source files' memory shared by the windows: one window's agreement, report and created id are the other's. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileMemory, fingerprintHash } from '../../../src/files/fileMemory';

describe('files: memory shared by windows', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-files-memory-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('what one window writes the other reads, per account and file; undefined clears an entry', () => {
    const a = new FileMemory(dir);
    const b = new FileMemory(dir);
    const agreed = fingerprintHash('live view 1');
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
    m.update('acct', 'u', { agreed: fingerprintHash(view) });
    const [file] = fs.readdirSync(dir);
    assert.ok(fs.statSync(path.join(dir, file!)).size < 200, 'a small file whatever the view size');
    assert.notEqual(fingerprintHash(view), fingerprintHash(`${view}y`));
    fs.writeFileSync(path.join(dir, file!), '{not json');
    assert.deepEqual(m.get('acct', 'u'), {});
    m.update('acct', 'u', { created: 7 });
    assert.deepEqual(m.get('acct', 'u'), { created: 7 });
  });
});
