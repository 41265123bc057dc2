/** Jobs over simulated time: extractions, stop, injected failures, the logs 302, loads, pagination, schedules. */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, configuredRecurly, start } from './test-helpers';

describe('emulator: sync jobs, extractions, logs and loads', () => {
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start()));
  after(() => emu.close());
  beforeEach(() => api.control('POST', '/reset').then(() => api.control('POST', '/clock', { speed: 0 })));

  const extraction = async (sourceId: number) => (await api.get(`/v4/${api.clientId}/extractions`)).body.data.find((e: any) => e.source_id === sourceId);

  it('a sync shows null statuses while running, then exit 0 and a load per selected stream', async () => {
    const src = await configuredRecurly(api);
    const { job_name } = (await api.post(`/v4/sources/${src.id}/sync`)).body;
    const running = await extraction(src.id);
    assert.equal(running.job_name, job_name);
    assert.equal(running.source_type, 'tap-recurly');
    assert.equal(running.completion_time, null);
    assert.equal(running.discovery_exit_status, null);
    assert.equal(running.tap_exit_status, null);
    assert.equal(running.target_exit_status, null);
    await api.advance(3);
    const done = await extraction(src.id);
    assert.equal(done.discovery_exit_status, 0);
    assert.equal(done.tap_exit_status, 0);
    assert.equal(done.target_exit_status, 0);
    assert.ok(done.completion_time);
    const loads = (await api.get(`/v4/${api.clientId}/loads`)).body;
    assert.deepEqual(loads.data.map((l: any) => l.stream_name), ['accounts', 'invoices'], 'one load per selected stream, A-Z');
    assert.ok(loads.data.every((l: any) => l.source_name === 'recurly' && l.error_state === null && l.last_batch_loaded_at));
    assert.deepEqual(loads.links, {});
  });

  it('DELETE /sync ends the job as Terminated', async () => {
    const src = await configuredRecurly(api);
    await api.post(`/v4/sources/${src.id}/sync`);
    assert.deepEqual((await api.del(`/v4/sources/${src.id}/sync`)).body, { status: 200 });
    const ex = await extraction(src.id);
    assert.equal(ex.discovery_description, 'Terminated');
    assert.equal(ex.tap_description, 'Terminated');
    assert.equal(ex.target_description, 'Terminated');
    assert.equal(ex.tap_exit_status, null);
    assert.ok((await api.post(`/v4/sources/${src.id}/sync`)).body.job_name, 'a new sync may start after a stop');
  });

  it('injected failures: tap exit 1 with a description (current job), target failure sets load error_state (next job)', async () => {
    const src = await configuredRecurly(api);
    await api.post(`/v4/sources/${src.id}/sync`);
    assert.deepEqual(await api.control('POST', '/jobs/fail', { sourceId: src.id, phase: 'tap', exitStatus: 1, description: 'HTTP 401 from Recurly' }), { appliesTo: 'current' });
    await api.advance(3);
    const failed = await extraction(src.id);
    assert.equal(failed.tap_exit_status, 1);
    assert.equal(failed.tap_description, 'HTTP 401 from Recurly');
    assert.equal(failed.discovery_exit_status, 0);
    assert.equal(failed.target_exit_status, 0);

    assert.deepEqual(await api.control('POST', '/jobs/fail', { sourceId: src.id, phase: 'target', exitStatus: 2, description: 'warehouse down' }), { appliesTo: 'next' });
    await api.post(`/v4/sources/${src.id}/sync`);
    await api.advance(3);
    const target = await extraction(src.id);
    assert.equal(target.target_exit_status, 2);
    const load = (await api.get(`/v4/${api.clientId}/loads`)).body.data[0];
    assert.equal(load.last_batch_loaded_at, null);
    assert.equal(load.error_state.notification_data.error, 'LOADER_WAREHOUSE_ERROR');

    await api.control('POST', '/jobs/fail', { sourceId: src.id, phase: 'discovery' });
    await api.post(`/v4/sources/${src.id}/sync`);
    await api.advance(3);
    const disc = await extraction(src.id);
    assert.equal(disc.discovery_exit_status, 1);
    assert.equal(disc.tap_exit_status, null);
  });

  it('logs: 302 to a different origin serving plain text; token must not be forwarded; unknown job 404', async () => {
    const src = await configuredRecurly(api);
    const { job_name } = (await api.post(`/v4/sources/${src.id}/sync`)).body;
    await api.advance(3);
    const redirect = await api.get(`/v4/${api.clientId}/extractions/${job_name}`);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.text, '');
    assert.equal(redirect.headers.get('content-length'), '0');
    assert.equal(redirect.headers.get('access-control-max-age'), '604800');
    const location = redirect.headers.get('location')!;
    assert.ok(location.startsWith(emu.logHostUrl));
    assert.notEqual(new URL(location).origin, new URL(emu.url).origin);
    const log = await fetch(location);
    assert.equal(log.status, 200);
    assert.match(log.headers.get('content-type')!, /^text\/plain/);
    const text = await log.text();
    assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}Z /m);
    assert.match(text, /Discovery exited with status 0/);
    assert.match(text, /send-stream-record-count-impl accounts \d+/);
    assert.match(text, /send-stream-record-count-impl invoices \d+/);
    const withToken = await fetch(location, { headers: { Authorization: `Bearer ${api.token}` } });
    assert.equal(withToken.status, 400, 'the log host rejects a forwarded Authorization header');
    assert.equal((await fetch(`${emu.logHostUrl}/${job_name}`)).status, 403, 'unsigned link');
    await api.advance(16 * 60);
    assert.equal((await fetch(location)).status, 403, 'links expire');
    const missing = await api.get(`/v4/${api.clientId}/extractions/${api.clientId}.1.sync.nope`);
    assert.equal(missing.status, 404);
    const requests = await api.control<any[]>('GET', '/requests');
    const logHits = requests.filter((r) => r.host === 'logs');
    assert.ok(logHits.length >= 4);
    assert.ok(logHits.some((r) => r.authorization === false && r.status === 200));
  });

  it('extractions and loads paginate 100 a page with relative links', async () => {
    const { ids } = await api.control('POST', '/seed/sources', { count: 230 });
    assert.equal(ids.length, 230);
    const p1 = (await api.get(`/v4/${api.clientId}/extractions`)).body;
    assert.equal(p1.total, 230);
    assert.equal(p1.page, 1);
    assert.equal(p1.data.length, 100);
    assert.deepEqual(p1.links, { next: `/v4/${api.clientId}/extractions?page=2` });
    const p2 = (await api.get(p1.links.next)).body;
    assert.deepEqual(p2.links, { next: `/v4/${api.clientId}/extractions?page=3`, previous: `/v4/${api.clientId}/extractions?page=1` });
    const p3 = (await api.get(p2.links.next)).body;
    assert.equal(p3.data.length, 30);
    assert.deepEqual(p3.links, { previous: `/v4/${api.clientId}/extractions?page=2` });
    const all = [...p1.data, ...p2.data, ...p3.data].map((e: any) => e.source_id);
    assert.deepEqual(all, [...all].sort((a, b) => a - b), 'ordered by source_id');
    assert.equal(new Set(all).size, 230);
    const loads = (await api.get(`/v4/${api.clientId}/loads?page=2`)).body;
    assert.equal(loads.total, 460);
    assert.equal(loads.page, 2);
    assert.ok(loads.links.next && loads.links.previous);
  });

  it('cron next_fire_time follows Quartz 2.3.2: years after 2099, lenient names', async () => {
    const src = await configuredRecurly(api);
    const far = (await api.put(`/v4/sources/${src.id}`, { properties: { cron_expression: '0 0 0 1 1 ? 2100' } })).body;
    assert.deepEqual(far.schedule, { type: 'cron', cron_expression: '0 0 0 1 1 ? 2100', next_fire_time: '2100-01-01T00:00:00Z' });
    const named = (await api.put(`/v4/sources/${src.id}`, { properties: { cron_expression: '0 0 0 ? * MONDAY' } })).body;
    assert.equal(named.schedule.cron_expression, '0 0 0 ? * MONDAY');
    assert.equal(new Date(named.schedule.next_fire_time).getUTCDay(), 1);
  });

  it('schedules: interval, anchor and Quartz cron give the right next_fire_time; scheduled runs fire', async () => {
    const src = await configuredRecurly(api);
    const now = Date.parse((await api.control('GET', '/clock')).now);
    // Anchor scheduling: anchor + k * 360 minutes.
    const anchored = (await api.put(`/v4/sources/${src.id}`, { properties: { anchor_time: '2020-01-01T03:30:00.000Z', frequency_in_minutes: '360' } })).body;
    const next = Date.parse(anchored.schedule.next_fire_time);
    assert.equal((next - Date.parse('2020-01-01T03:30:00Z')) % (360 * 60_000), 0);
    assert.ok(next > now && next - now <= 360 * 60_000);
    assert.equal(anchored.schedule.interval, 360);
    // Cron beats frequency.
    const cron = (await api.put(`/v4/sources/${src.id}`, { properties: { cron_expression: '0 0 12 ? * MON-FRI *' } })).body;
    assert.equal(cron.schedule.type, 'cron');
    assert.equal(cron.schedule.cron_expression, '0 0 12 ? * MON-FRI *');
    const fire = new Date(cron.schedule.next_fire_time);
    assert.equal(fire.getUTCHours(), 12);
    assert.equal(fire.getUTCMinutes(), 0);
    assert.ok(fire.getUTCDay() >= 1 && fire.getUTCDay() <= 5);
    assert.ok(fire.getTime() > now && fire.getTime() - now <= 4 * 86_400_000);
    // Plain interval: no anchor.
    const plain = (await api.put(`/v4/sources/${src.id}`, { properties: { cron_expression: null, anchor_time: null, frequency_in_minutes: '30' } })).body;
    assert.equal(plain.schedule.type, 'interval');
    assert.ok(Math.abs(Date.parse(plain.schedule.next_fire_time) - now - 30 * 60_000) < 1000, 'now + 30 minutes (second precision)');
    // Time passes: the scheduler starts a run at the fire time.
    await api.advance(30 * 60 + 1);
    const ex = await extraction(src.id);
    assert.equal(ex.start_time, plain.schedule.next_fire_time);
  });
});
