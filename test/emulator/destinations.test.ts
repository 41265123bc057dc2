/**
 * Destinations as Stitch runs them (reference §4.12): the report cards, the connection check a
 * complete form starts, the plan's destination limit, replication paused while none works, and the
 * post-load hooks (§4.15) with their documented error bodies.
 */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, configuredRecurly, start } from './test-helpers';

const HOOKS = '/notifications/public/v1/api/hooks';
const PG = { host: 'db.example.com', port: '5432', username: 'stitch', database: 'd', password: 'pw', ssl: false };

describe('emulator: destinations', () => {
  let emu: RunningEmulator;
  let api: Client;

  beforeEach(async () => ({ emu, api } = await start({ requireDestination: true })));
  afterEach(() => emu?.close());

  it('serves report cards for Postgres, Redshift, Snowflake, BigQuery and S3, each with a credential property', async () => {
    const cards = (await api.get('/v4/destination-types')).body as any[];
    for (const type of ['postgres', 'redshift', 'snowflake', 'bigquery', 's3']) {
      const card = cards.find((c) => c.type === type);
      assert.ok(card, `${type} is listed`);
      assert.deepEqual(card.steps.map((s: any) => s.type), ['form', 'fully_configured']);
      assert.ok(card.steps[0].properties.some((p: any) => p.is_credential), `${type} has a credential`);
      assert.equal((await api.get(`/v4/destination-types/${type}`)).body.type, type);
    }
    assert.equal((await api.get('/v4/destination-types/nope')).status, 404);
  });

  it('a complete form starts a connection check; a credential containing "invalid" fails it with the driver\'s message', async () => {
    const ok = (await api.post('/v4/destinations', { type: 'postgres', name: 'Warehouse', properties: PG })).body;
    assert.ok(ok.check_job_name);
    assert.equal((await api.get(`/v4/destinations/${ok.id}/last-connection-check`)).body.status, 'running');
    await api.advance(5);
    assert.equal((await api.get(`/v4/destinations/${ok.id}/last-connection-check`)).body.status, 'succeeded');
    const bad = (await api.put(`/v4/destinations/${ok.id}`, { properties: { password: 'invalid-pw' } })).body;
    assert.notEqual(bad.check_job_name, ok.check_job_name);
    await api.advance(5);
    const failed = (await api.get(`/v4/destinations/${ok.id}/last-connection-check`)).body;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.discovery_error_message, 'FATAL:  password authentication failed for user "stitch"');
    assert.equal(JSON.stringify(bad).includes('invalid-pw'), false, 'the credential is never echoed');
  });

  it('one destination on the standard plan; several where the plan allows, each source mapped to one', async () => {
    await api.post('/v4/destinations', { type: 'postgres', properties: PG });
    assert.deepEqual((await api.post('/v4/destinations', { type: 's3', properties: { output_file_format: 'csv', s3_bucket: 'b', s3_key_format_string: 'k' } })).body, 'you are at your destination limit');
    await api.control('POST', '/settings', { maxDestinations: 3 });
    const s3 = (await api.post('/v4/destinations', { type: 's3', name: 'Lake', properties: { output_file_format: 'csv', s3_bucket: 'b', s3_key_format_string: 'k' } })).body;
    assert.equal(s3.report_card.current_step_type, 'fully_configured', 'the system-provided sentinel key is not asked of the user');
    const src = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'Mapped', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'a', frequency_in_minutes: '30' }, destination_id: s3.id })).body;
    assert.deepEqual((await api.get(`/v4/destinations?source_id=${src.id}`)).body.map((d: any) => d.id), [s3.id]);
  });

  it('replication pauses while no destination works: refused before one passes its check, and again after it is deleted', async () => {
    const src = await configuredRecurly(api);
    const none = await api.post(`/v4/sources/${src.id}/sync`);
    assert.equal(none.status, 400);
    assert.deepEqual(none.body, { error: { type: 'generic', message: `Could not create job for client-id: ${api.clientId}; connection-id: ${src.id}: no destination has passed its connection check` } });
    const d = (await api.post('/v4/destinations', { type: 'postgres', properties: PG })).body;
    assert.equal((await api.post(`/v4/sources/${src.id}/sync`)).status, 400, 'still checking');
    await api.advance(5);
    const started = await api.post(`/v4/sources/${src.id}/sync`);
    assert.equal(started.status, 200);
    assert.ok(started.body.job_name);
    await api.advance(60);
    await api.del(`/v4/destinations/${d.id}`);
    assert.equal((await api.post(`/v4/sources/${src.id}/sync`)).status, 400);
  });

  it('hooks: add, list, disable, enable, remove, with the documented bodies', async () => {
    const d = (await api.post('/v4/destinations', { type: 'postgres', properties: PG })).body;
    const created = await api.post(HOOKS, { type: 'post_load', destination_id: d.id, config: { url: 'https://hooks.example.com/catch/1' } });
    assert.equal(created.status, 200);
    assert.equal(created.body.destination_id, d.id, 'the create example puts destination_id at the top level');
    assert.deepEqual(Object.keys(created.body.config), ['url']);
    assert.equal(created.body.type, 'post_load');
    assert.equal(created.body.client_id, api.clientId);
    const listed = (await api.get(HOOKS)).body;
    assert.deepEqual(listed.post_load.map((h: any) => [h.id, h.config.destination_id, h.config.url]), [[created.body.id, d.id, 'https://hooks.example.com/catch/1']]);
    const off = (await api.put(`${HOOKS}/${created.body.id}`, { enable: false })).body;
    assert.ok(off.disabled_at);
    assert.equal((await api.put(`${HOOKS}/${created.body.id}`, { enable: true })).body.disabled_at, null);
    const removed = await api.del(`${HOOKS}/${created.body.id}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.text, 'null');
    assert.deepEqual((await api.get(HOOKS)).body, { post_load: [] });
  });

  it('hooks: error bodies for a bad body, a bad URL, a bad PUT, a bad id, the limit and a plan without hooks', async () => {
    const invalidBody = { data: { message: 'Invalid POST body' }, error: 'InvalidBody' };
    assert.deepEqual((await api.post(HOOKS, { type: 'post_load' })).body, invalidBody);
    assert.deepEqual((await api.post(HOOKS, { type: 'post_load', config: { url: 'not a url' } })).body, invalidBody);
    assert.deepEqual((await api.post(HOOKS, { type: 'post_load', config: { url: 'ftp://x.example.com/' } })).body, invalidBody);
    const h = (await api.post(HOOKS, { type: 'post_load', config: { url: 'https://x.example.com/1' } })).body;
    assert.deepEqual((await api.put(`${HOOKS}/${h.id}`, { enable: 'yes' })).body, { data: { message: "PUT body must only contain boolean 'enable' key" }, error: 'InvalidBody' });
    const missing = await api.put(`${HOOKS}/999999`, { enable: true });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { status: 'NOT FOUND' });
    assert.deepEqual((await api.del(`${HOOKS}/999999`)).body, { error: 'NotFound' });
    for (let i = 2; i <= 10; i++) assert.equal((await api.post(HOOKS, { type: 'post_load', config: { url: `https://x.example.com/${i}` } })).status, 200);
    const over = await api.post(HOOKS, { type: 'post_load', config: { url: 'https://x.example.com/11' } });
    assert.equal(over.status, 400);
    assert.deepEqual(over.body, { error: { message: 'You have exceeded the limit of 10 hooks.' } });
    await api.control('POST', '/settings', { hooksAllowed: false });
    assert.deepEqual((await api.get(HOOKS)).body, { error: { message: 'Client does not have access to hooks.' } });
  });
});
