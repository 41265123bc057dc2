/** Every documented error body (reference §4, §5.15), and 401 for missing, unknown and foreign tokens. */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, configuredRecurly, RECURLY_PROPS, start } from './test-helpers';

describe('emulator: error bodies', () => {
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start({ tokens: ['token-a', 'token-b'] })));
  after(() => emu.close());
  beforeEach(() => api.control('POST', '/reset').then(() => api.control('POST', '/clock', { speed: 0 })));

  const sourceErr = (code: string, message: string) => ({ error: code, data: { message } });

  describe('401', () => {
    it('missing or unknown token, and another account client_id on extractions, loads and logs', async () => {
      const none = await fetch(`${emu.url}/v4/sources`);
      assert.equal(none.status, 401);
      assert.equal((await new Client(emu, 'nope').get('/v4/sources')).status, 401);
      const other = emu.accounts[1]!.clientId;
      for (const p of [`/v4/${other}/extractions`, `/v4/${other}/loads`, `/v4/${other}/extractions/${other}.1.sync.x`]) {
        const res = await api.get(p);
        assert.equal(res.status, 401, p);
        assert.equal(res.body.error.type, 'unauthorized');
      }
      assert.equal((await api.get(`/v4/${api.clientId}/extractions`)).status, 200);
    });

    it('accounts are isolated: one account cannot see or touch the other account\'s sources', async () => {
      const b = new Client(emu, 'token-b');
      const src = (await b.post('/v4/sources', { type: 'import_api', display_name: 'Import API' })).body;
      assert.equal(src.stitch_client_id, emu.accounts[1]!.clientId);
      assert.equal((await api.get(`/v4/sources/${src.id}`)).status, 404);
      assert.deepEqual((await api.get('/v4/sources')).body, []);
      assert.deepEqual((await api.put(`/v4/sources/${src.id}`, { display_name: 'x' })).body, sourceErr('InvalidId', `source not found (${src.id})`));
    });
  });

  describe('sources (POST/PUT/DELETE)', () => {
    it('InvalidType, InvalidBody, AccessDenied', async () => {
      assert.deepEqual((await api.post('/v4/sources', { type: 'platform.nope', display_name: 'x' })).body, sourceErr('InvalidType', 'invalid source type (platform.nope)'));
      const bodyMsg = 'POST body may only include a non-empty type, a non-empty display_name and map of string properties';
      for (const body of [{ type: 'import_api' }, { type: 'import_api', display_name: '' }, { type: 'import_api', display_name: 'x', extra: 1 }, '{not json', [1]]) {
        const res = await api.post('/v4/sources', body);
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, sourceErr('InvalidBody', bodyMsg));
      }
      assert.deepEqual((await api.post('/v4/sources', { type: 'platform.oracle', display_name: 'Ora' })).body, sourceErr('AccessDenied', 'you do not have access to source type (platform.oracle)'));
    });

    it('InvalidName and InvalidDisplayName', async () => {
      await api.post('/v4/sources', { type: 'import_api', display_name: 'Shop' });
      assert.deepEqual((await api.post('/v4/sources', { type: 'import_api', display_name: 'Shop' })).body, sourceErr('InvalidName', 'non-unique name (Shop)'));
      assert.deepEqual((await api.post('/v4/sources', { type: 'import_api', display_name: 'SHOP!!!' })).body, sourceErr('InvalidName', 'non-unique name after deriving it from display_name (SHOP!!! -> shop)'));
      assert.deepEqual((await api.post('/v4/sources', { type: 'import_api', display_name: '####' })).body, sourceErr('InvalidDisplayName', 'invalid name after deriving it from display_name (#### -> )'));
      const rule = 'The name field must be under 50 characters, and can only contain lowercase letters, numbers, underscores, or dollar signs. It must begin with a letter or an underscore.';
      assert.deepEqual((await api.post('/v4/sources', { type: 'import_api', display_name: 'x'.repeat(50) })).body, sourceErr('InvalidName', rule));
      assert.deepEqual((await api.post('/v4/sources', { type: 'import_api', display_name: 'ok', name: 'Bad Name' })).body, sourceErr('InvalidName', rule));
    });

    it('InvalidProperties lists bad_properties and carries a report card (empty strings, patterns, unknown and read-only names)', async () => {
      const res = await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'R', properties: {
        start_date: '2024-01-01T10:00:00Z', subdomain: '', frequency_in_minutes: '45', image_version: '2', quota_limit: 'abc', bogus: 'x',
      } });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'InvalidProperties');
      assert.equal(res.body.data.message, 'properties do not match schema');
      assert.deepEqual([...res.body.data.bad_properties].sort(), ['bogus', 'frequency_in_minutes', 'image_version', 'quota_limit', 'start_date', 'subdomain']);
      assert.equal(res.body.data.report_card.type, 'platform.recurly');
      const pg = await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'P', properties: { host: 'not a host!', port: 'x1' } });
      assert.deepEqual([...pg.body.data.bad_properties].sort(), ['host', 'port']);
      assert.equal((await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'P2', properties: { host: '192.168.1.1', port: 5432 } })).status, 200);
    });

    it('cron: InvalidCronExpression (both day fields), AccessDenied without entitlement', async () => {
      const expr = '* * * * * *';
      assert.deepEqual(
        (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'C', properties: { cron_expression: expr } })).body,
        sourceErr('InvalidCronExpression', `cron_expression "${expr}" is invalid: Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.`),
      );
      const bad = await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'C', properties: { cron_expression: '0 0 25 ? * *' } });
      assert.equal(bad.body.error, 'InvalidCronExpression');
      await api.control('POST', '/settings', { cronAllowed: false });
      assert.deepEqual(
        (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'C', properties: { cron_expression: '0 0 12 ? * MON-FRI *' } })).body,
        sourceErr('AccessDenied', 'access to cron_expression based scheduling is not permitted'),
      );
    });

    it('cron: refuses what Quartz 2.3.2 refuses (step at the field size, reversed years, number-name range, a loop)', async () => {
      for (const refused of ['0 */60 * * * ?', '0 0 0 * * ? 2011-2009', '0 0 0 ? 1 4-FRI', '0 0 0 L-30W * ?']) {
        const res = await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'C', properties: { cron_expression: refused } });
        assert.equal(res.body.error, 'InvalidCronExpression', refused);
      }
    });

    it('PUT: InvalidBody (sic "many"), InvalidDisplayName, InvalidId; DELETE InvalidId', async () => {
      const src = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'R', properties: RECURLY_PROPS })).body;
      assert.deepEqual((await api.put(`/v4/sources/${src.id}`, { type: 'x' })).body, sourceErr('InvalidBody', 'PUT body many only include the keys: display_name, properties, and paused_at'));
      assert.deepEqual((await api.put(`/v4/sources/${src.id}`, { display_name: '!!!' })).body, sourceErr('InvalidDisplayName', 'invalid display_name (!!!)'));
      assert.deepEqual((await api.put('/v4/sources/999999', { display_name: 'x' })).body, sourceErr('InvalidId', 'source not found (999999)'));
      assert.deepEqual((await api.del('/v4/sources/999999')).body, sourceErr('InvalidId', 'source not found (999999)'));
      const bad = await api.put(`/v4/sources/${src.id}`, { properties: { quota_limit: '' } });
      assert.equal(bad.body.error, 'InvalidProperties');
      assert.equal((await api.get(`/v4/sources/${src.id}`)).body.properties.quota_limit, '80', 'a rejected PUT changes nothing');
      assert.equal((await api.get('/v4/sources/999999')).status, 404);
      assert.equal((await api.get(`/v4/sources/999999/last-connection-check`)).status, 404);
      const fresh = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'Fresh' })).body;
      assert.equal((await api.get(`/v4/sources/${fresh.id}/last-connection-check`)).status, 404);
    });
  });

  describe('streams', () => {
    it('invalid stream ids, tap-stream-ids, read-only keys, unsupported fields, bad body', async () => {
      const src = await configuredRecurly(api);
      assert.deepEqual((await api.get(`/v4/sources/${src.id}/streams/1`)).body, 'invalid stream-id: 1');
      assert.equal((await api.get(`/v4/sources/${src.id}/streams/1`)).status, 400);
      const put = (body: unknown) => api.put(`/v4/sources/${src.id}/streams/metadata`, body);
      assert.deepEqual((await put({ streams: [{ metadata: [] }] })).body, { invalid_fields: 'invalid tap-stream-ids:  [nil]' });
      assert.deepEqual((await put({ streams: [{ tap_stream_id: 'nope', metadata: [] }] })).body, { invalid_fields: 'invalid tap-stream-ids:  [nope]' });
      assert.deepEqual(
        (await put({ streams: [{ tap_stream_id: 'accounts', metadata: [{ breadcrumb: [], metadata: { inclusion: 'automatic' } }] }] })).body,
        { invalid_fields: 'only non-discoverable metadata can be produced by the UI: #{"inclusion"}' },
      );
      const streamsMsg = "body must contain a 'streams' property with a list of metadatas by tap_stream_id";
      assert.deepEqual((await put({})).body, streamsMsg);
      assert.deepEqual((await put({ streams: [{ tap_stream_id: 'accounts', metadata: [{ metadata: {} }] }] })).body, streamsMsg);
      assert.deepEqual((await put({ streams: [{ tap_stream_id: 'accounts' }] })).body, streamsMsg);

      const pg = (await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'PG', properties: { host: 'h.example.com', port: '1', user: 'u', password: 'p', database: 'd' } })).body;
      await api.advance(3);
      assert.deepEqual(
        (await api.put(`/v4/sources/${pg.id}/streams/metadata`, { streams: [{ tap_stream_id: 'd-public-products', metadata: [
          { breadcrumb: [], metadata: { selected: true } }, { breadcrumb: ['properties', 'tags'], metadata: { selected: true } },
        ] }] })).body,
        { invalid_fields: 'Unsupported fields cannot be selected by default' },
      );
    });
  });

  describe('replication jobs', () => {
    it('invalid_source for unknown and deleted sources; generic before fully_configured', async () => {
      assert.deepEqual((await api.post('/v4/sources/424242/sync')).body, { error: { type: 'invalid_source', message: `Unable to locate source(424242) for client (${api.clientId})` } });
      const src = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'R', properties: RECURLY_PROPS })).body;
      const early = await api.post(`/v4/sources/${src.id}/sync`);
      assert.equal(early.status, 400);
      assert.deepEqual(early.body, { error: { type: 'generic', message: `Could not create job for client-id: ${api.clientId}; connection-id: ${src.id}` } });
      await api.del(`/v4/sources/${src.id}`);
      const gone = await api.post(`/v4/sources/${src.id}/sync`);
      assert.equal(gone.status, 400);
      assert.deepEqual(gone.body, { error: { type: 'invalid_source', message: 'Integration is deleted.' } });
      assert.deepEqual((await api.del(`/v4/sources/${src.id}/sync`)).body, { status: 200 });
    });
  });

  describe('destinations', () => {
    it('bare-string errors: body, limit, type change, bad id, delete, query params', async () => {
      assert.deepEqual((await api.post('/v4/destinations', { type: 'postgres' })).body, 'POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources');
      const created = await api.post('/v4/destinations', { type: 'postgres', name: 'Staging', properties: { host: 'db.example.com', port: '5432', username: 'stitch', database: 'd', password: 'pw', ssl: false } });
      assert.equal(created.status, 200);
      assert.equal(created.body.properties.password, undefined);
      assert.equal(created.body.properties.ssl, 'false');
      assert.equal(created.body.report_card.current_step_type, 'fully_configured');
      assert.equal('tap_mutable' in created.body.report_card.steps[0].properties[0], false);
      const id = created.body.id;
      assert.deepEqual((await api.post('/v4/destinations', { type: 'postgres', properties: {} })).body, 'you are at your destination limit');
      assert.deepEqual((await api.put(`/v4/destinations/${id}`, { type: 'redshift', properties: {} })).body, 'this API endpoint does not support modifying destination type');
      assert.deepEqual((await api.put('/v4/destinations/1', { properties: {} })).body, 'invalid connection id');
      assert.deepEqual((await api.get('/v4/destinations?foo=1')).body, 'GET may only include the params: source_id and/or destination_id');
      const updated = (await api.put(`/v4/destinations/${id}`, { properties: { username: 'stitch_admin' } })).body;
      assert.equal(updated.properties.username, 'stitch_admin');
      assert.ok(updated.check_job_name);
      assert.equal((await api.get(`/v4/destinations/${id}/last-connection-check`)).body.status, 'running');
      assert.equal((await api.get(`/v4/destinations?destination_id=${id}`)).body.length, 1);
      assert.deepEqual((await api.del(`/v4/destinations/${id}`)).body, {});
      assert.deepEqual((await api.del(`/v4/destinations/${id}`)).body, `Unable to locate dest (${id}) for client (${api.clientId}) to delete`);
      assert.equal((await api.del('/v4/destinations/abc')).status, 404);
      assert.deepEqual((await api.get('/v4/destinations')).body, []);
      assert.equal((await api.get('/v4/destination-types')).body.length >= 4, true);
      assert.equal((await api.get('/v4/destination-types/postgres')).body.type, 'postgres');
    });
  });

  it('unknown routes and methods are 404, never 405', async () => {
    assert.equal((await api.get('/v4/nothing-here')).status, 404);
    assert.equal((await api.call('PATCH', '/v4/sources')).status, 404);
    assert.equal((await api.get('/v4/source-types/platform.nope')).status, 404);
  });
});
