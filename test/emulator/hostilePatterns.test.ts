/** --catalog with cards whose patterns backtrack (issue 23): the emulator checks them in linear time. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKTRACKING_PATTERNS, hostileCatalogue, LONG_BAD_VALUE, LONG_GOOD_VALUE, UNREADABLE_PATTERNS } from '../support/hostileCatalogue';
import type { RunningEmulator } from './index';
import { Client, start } from './test-helpers';
import { valueMatchesSchema } from './validate';

// No timing assertion: JavaScript's engine needs minutes for ^(a+)+$ on 30 characters and far
// longer than any test timeout on these 10,000, so each check answering at all is the proof.
describe('emulator: report-card patterns on a linear-time engine', function () {
  let dir: string;
  let emu: RunningEmulator;
  let api: Client;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-emu-hostile-'));
    const file = path.join(dir, 'source-types.json');
    fs.writeFileSync(file, JSON.stringify(hostileCatalogue()));
    ({ emu, api } = await start({ catalogFile: file }));
  });
  after(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('judges backtracking patterns on 10,000 characters: the bad value refused, the good one kept', () => {
    for (const pattern of BACKTRACKING_PATTERNS.slice(0, 3)) {
      assert.equal(valueMatchesSchema({ type: 'string', pattern }, LONG_BAD_VALUE), false, pattern);
      assert.equal(valueMatchesSchema({ type: 'string', pattern }, LONG_GOOD_VALUE), true, pattern);
    }
    assert.equal(valueMatchesSchema({ type: 'string', pattern: '^(x+x+)+y$' }, `${'x'.repeat(9_999)}!`), false);
    assert.equal(valueMatchesSchema({ type: 'string', pattern: '^(x+x+)+y$' }, `${'x'.repeat(9_999)}y`), true);
  });

  it('still applies ordinary patterns as JavaScript does, and lets through what it can\'t run', () => {
    assert.equal(valueMatchesSchema({ type: 'string', pattern: '^\\d{3}-\\d{4}$' }, '555-1234'), true);
    assert.equal(valueMatchesSchema({ type: 'string', pattern: '^\\d{3}-\\d{4}$' }, '555-12345'), false);
    assert.equal(valueMatchesSchema({ type: 'string', pattern: 'b' }, 'abc'), true, 'unanchored, as JSON Schema says');
    for (const pattern of UNREADABLE_PATTERNS) assert.equal(valueMatchesSchema({ type: 'string', pattern }, 'xy'), true, pattern);
  });

  it('over HTTP: creating a source with a 10,000-character value under ^(a+)+$ answers, refusing the bad value', async () => {
    const bad = await api.post('/v4/sources', { type: 'hostile.backtracking', display_name: 'Hostile bad', properties: { nested_plus: LONG_BAD_VALUE } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body).slice(0, 300));
    assert.match(JSON.stringify(bad.body), /nested_plus/);
    const good = await api.post('/v4/sources', { type: 'hostile.backtracking', display_name: 'Hostile good', properties: { nested_plus: LONG_GOOD_VALUE, words: `${'word '.repeat(1_999)}word` } });
    assert.equal(good.status, 200, JSON.stringify(good.body).slice(0, 300));
    assert.equal(good.body.properties?.nested_plus, LONG_GOOD_VALUE);
  });
});
