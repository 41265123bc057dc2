/** Notes between windows: two "windows" (owners) on one folder, as two VS Code windows share global storage. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceNotices } from '../../../src/state/notices';

describe('state/SourceNotices (two windows, one folder)', () => {
  let dir: string;
  let now = 1_000;
  let a: SourceNotices;
  let b: SourceNotices;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-notices-'));
    a = new SourceNotices(dir, 'window-a', () => now);
    b = new SourceNotices(dir, 'window-b', () => now);
  });
  afterEach(() => {
    a.dispose();
    b.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a window hears what the other changed, once, and never its own notes', () => {
    const none = { ids: [], signedOut: false };
    assert.deepEqual(b.take('acct'), none, 'the first take only sets the mark');
    now += 10;
    a.post('acct', [7]);
    now += 10;
    a.post('acct', [8, 7]);
    assert.deepEqual(b.take('acct').ids.sort(), [7, 8]);
    assert.deepEqual(b.take('acct'), none, 'heard once');
    assert.deepEqual(a.take('acct'), none, 'a window does not hear itself');
    assert.deepEqual(b.take('other-account'), none, 'notes are per account');
    now += 10;
    a.post('acct', [], { signedOut: true });
    assert.deepEqual(b.take('acct'), { ids: [], signedOut: true }, 'a sign-out is heard');
  });

  it('the watch fires when another window posts', async () => {
    const heard = new Promise<void>((resolve) => b.watch(resolve));
    a.post('acct', [3]);
    await heard;
  });

  it('an unreadable file is no note', () => {
    b.take('acct');
    fs.writeFileSync(path.join(dir, 'sources-acct.json'), '{not json');
    assert.deepEqual(b.take('acct'), { ids: [], signedOut: false });
  });
});
