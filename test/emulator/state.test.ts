/** --state: persisted atomically, survives a restart, and a demo account that looks alive. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from './index';
import { saveStateFile, loadStateFile, emptyState } from './state';
import { Client, configuredRecurly } from './test-helpers';

describe('emulator: state file and demo', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-emu-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('state survives a restart: sources, selection, extractions, ids; credentials are not written', async () => {
    const file = path.join(dir, 'state.json');
    const first = await startEmulator({ quiet: true, stateFile: file, jobSeconds: 1 });
    const api = new Client(first);
    await api.control('POST', '/clock', { speed: 0 });
    const src = await configuredRecurly(api);
    const { job_name } = (await api.post(`/v4/sources/${src.id}/sync`)).body;
    await api.advance(2);
    await first.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('secret-key'), 'credential values never reach the state file');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp files left behind');

    const second = await startEmulator({ quiet: true, stateFile: file });
    const again = new Client(second);
    try {
      const back = (await again.get(`/v4/sources/${src.id}`)).body;
      assert.equal(back.name, 'recurly');
      assert.equal(back.report_card.current_step_type, 'fully_configured');
      assert.equal(back.report_card.steps[0].properties.find((p: any) => p.name === 'api_key').provided, true);
      const ex = (await again.get(`/v4/${again.clientId}/extractions`)).body.data[0];
      assert.equal(ex.job_name, job_name);
      assert.equal(ex.tap_exit_status, 0);
      const next = (await again.post('/v4/sources', { type: 'import_api', display_name: 'Import API' })).body;
      assert.ok(next.id > src.id, 'ids continue');
      assert.equal((await again.post('/v4/sources', { type: 'import_api', display_name: 'Recurly' })).body.error, 'InvalidName');
    } finally {
      await second.close();
    }
  });

  it('writes atomically (temp + rename) and refuses a corrupt file instead of dropping it', async () => {
    const file = path.join(dir, 'atomic.json');
    const state = emptyState([1], { cronAllowed: true, maxDestinations: 1, scheduler: true, enforceAccess: true });
    saveStateFile(file, state);
    const inode = fs.statSync(file).ino;
    saveStateFile(file, { ...state, savedAtMs: 5 });
    assert.notEqual(fs.statSync(file).ino, inode, 'replaced by rename, not rewritten in place');
    assert.equal(loadStateFile(file)!.savedAtMs, 5);
    fs.writeFileSync(file, '{"version":1,"accou');
    await assert.rejects(startEmulator({ quiet: true, stateFile: file }), /JSON/);
    assert.equal(loadStateFile(path.join(dir, 'missing.json')), undefined);
  });

  it('demo: configured source with history, one at form, one failed check, one paused', async () => {
    const emu = await startEmulator({ quiet: true, demo: true });
    const api = new Client(emu);
    try {
      const sources = (await api.get('/v4/sources')).body as any[];
      const steps = sources.map((s) => s.report_card.current_step_type);
      assert.ok(steps.includes('form'));
      assert.ok(sources.some((s) => s.paused_at && s.report_card.current_step_type === 'fully_configured'));
      const active = sources.find((s) => !s.paused_at && s.report_card.current_step_type === 'fully_configured');
      assert.ok(active.schedule);
      const failing = sources.find((s) => s.report_card.current_step_type === 'discover_schema');
      assert.equal((await api.get(`/v4/sources/${failing.id}/last-connection-check`)).body.status, 'failed');
      const ex = (await api.get(`/v4/${api.clientId}/extractions`)).body.data.find((e: any) => e.source_id === active.id);
      assert.equal(ex.tap_exit_status, 1);
      const loads = (await api.get(`/v4/${api.clientId}/loads`)).body.data;
      assert.ok(loads.some((l: any) => l.source_name === active.name));
      const redirect = await api.get(`/v4/${api.clientId}/extractions/${ex.job_name}`);
      assert.match(await (await fetch(redirect.headers.get('location')!)).text(), /CRITICAL Response returned http error code 401/);
      assert.equal((await api.get('/v4/destinations')).body.length, 1);
    } finally {
      await emu.close();
    }
  });
});
