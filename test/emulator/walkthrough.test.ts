/** The Stitch guide's walkthrough, end to end over HTTP, plus the lifecycle rules around it. */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, configuredRecurly, RECURLY_PROPS, start } from './test-helpers';

describe('emulator: Stitch guide walkthrough (platform.recurly)', () => {
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start()));
  after(() => emu.close());

  it('report card -> create -> discovery -> field selection -> fully_configured -> sync -> already_running', async () => {
    const card = await api.get('/v4/source-types/platform.recurly');
    assert.equal(card.status, 200);
    assert.equal(card.body.current_step, 1);
    assert.equal(card.body.current_step_type, 'form');
    assert.deepEqual(card.body.steps.map((s: any) => s.type), ['form', 'discover_schema', 'field_selection', 'fully_configured']);
    assert.deepEqual(card.body.steps[0].properties.map((p: any) => p.name), [
      'anchor_time', 'cron_expression', 'frequency_in_minutes', 'image_version', 'start_date', 'api_key', 'subdomain', 'quota_limit',
    ]);
    assert.deepEqual(card.body.details, {
      pricing_tier: 'standard', pipeline_state: 'released', default_start_date: '-1 year', default_scheduling_interval: 60,
      protocol: 'platform.recurly', access: true, image_version: '1.latest',
    });

    const created = await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'Recurly', properties: RECURLY_PROPS });
    assert.equal(created.status, 200);
    const src = created.body;
    assert.equal(src.name, 'recurly');
    assert.equal(src.schedule, null);
    assert.equal(src.stitch_client_id, emu.accounts[0]!.clientId);
    assert.equal(src.properties.api_key, undefined, 'credentials are never returned');
    assert.equal(src.properties.image_version, '1.latest');
    assert.equal(src.report_card.current_step_type, 'discover_schema');
    assert.equal(src.report_card.current_step, 2);
    const apiKey = src.report_card.steps[0].properties.find((p: any) => p.name === 'api_key');
    assert.equal(apiKey.provided, true);
    assert.match(src.check_job_name, new RegExp(`^${src.stitch_client_id}\\.${src.id}\\.check\\.[0-9a-f-]{36}$`));

    const running = await api.get(`/v4/sources/${src.id}/last-connection-check`);
    assert.equal(running.body.status, 'running');
    assert.equal(running.body.completion_time, null);
    assert.equal(running.body.name, src.check_job_name);
    assert.deepEqual((await api.get(`/v4/sources/${src.id}/streams`)).body, [], 'no streams before discovery');

    await api.advance(3);
    const check = await api.get(`/v4/sources/${src.id}/last-connection-check`);
    assert.equal(check.body.status, 'succeeded');
    assert.equal(check.body.discovery_exit_status, 0);
    assert.equal(check.body.error, false);
    const afterCheck = (await api.get(`/v4/sources/${src.id}`)).body;
    assert.equal(afterCheck.report_card.current_step_type, 'field_selection');
    assert.equal(afterCheck.report_card.current_step, 3);

    const streams = (await api.get(`/v4/sources/${src.id}/streams`)).body;
    assert.ok(streams.length >= 5);
    const accounts = streams.find((s: any) => s.tap_stream_id === 'accounts');
    assert.equal(accounts.selected, null);
    assert.equal(accounts.metadata['forced-replication-method'], 'INCREMENTAL');
    const schema = (await api.get(`/v4/sources/${src.id}/streams/${accounts.stream_id}`)).body;
    assert.equal(typeof schema.schema, 'string', 'schema is a JSON string');
    assert.equal(JSON.parse(schema.schema).type, 'object');
    assert.deepEqual(schema['non-discoverable-metadata-keys'], ['selected', 'replication-method', 'replication-key', 'view-key-properties']);

    const put = await api.put(`/v4/sources/${src.id}/streams/metadata`, {
      streams: [{ tap_stream_id: 'accounts', metadata: [
        { breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } },
        { breadcrumb: ['properties', 'email'], metadata: { selected: true } },
      ] }],
    });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { status: 200 });
    const configured = (await api.get(`/v4/sources/${src.id}`)).body;
    assert.equal(configured.report_card.current_step_type, 'fully_configured');
    assert.equal(configured.report_card.current_step, 4);
    assert.equal(configured.schedule.type, 'interval');
    assert.equal(configured.schedule.unit, 'minute');
    assert.equal(configured.schedule.interval, 30);
    assert.ok(Date.parse(configured.schedule.next_fire_time) > Date.parse((await api.control('GET', '/clock')).now) - 1000);

    const sync = await api.post(`/v4/sources/${src.id}/sync`);
    assert.equal(sync.status, 200);
    assert.match(sync.body.job_name, new RegExp(`^${src.stitch_client_id}\\.${src.id}\\.sync\\.`));
    const again = await api.post(`/v4/sources/${src.id}/sync`, {});
    assert.equal(again.status, 200, 'a second start is HTTP 200');
    assert.deepEqual(again.body, {
      error: { type: 'already_running', message: `Did not create job for client-id: ${src.stitch_client_id}; connection-id: ${src.id} because one already exists` },
    });
  });
});

describe('emulator: source lifecycle', () => {
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start()));
  after(() => emu.close());
  beforeEach(() => api.control('POST', '/reset').then(() => api.control('POST', '/clock', { speed: 0 })));

  it('stays at form without required properties, then checks once they arrive through PUT', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'Half done', properties: { subdomain: 'x' } })).body;
    assert.equal(created.report_card.current_step_type, 'form');
    assert.equal(created.check_job_name, null);
    const provided = Object.fromEntries(created.report_card.steps[0].properties.map((p: any) => [p.name, p.provided]));
    assert.equal(provided.subdomain, true);
    assert.equal(provided.api_key, false);
    assert.equal(provided.anchor_time, true, 'Stitch sets an anchor at creation');
    const updated = (await api.put(`/v4/sources/${created.id}`, { properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', quota_limit: 5 } })).body;
    assert.equal(updated.report_card.current_step_type, 'discover_schema');
    assert.ok(updated.check_job_name);
    assert.equal(updated.properties.subdomain, 'x', 'PUT merges properties');
    assert.equal(updated.properties.quota_limit, 5);
  });

  it('an api_key containing "invalid" fails the check; a fixed key re-runs it', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.recurly', display_name: 'Bad key', properties: { ...RECURLY_PROPS, api_key: 'an-invalid-key' } })).body;
    await api.advance(3);
    const failed = (await api.get(`/v4/sources/${created.id}/last-connection-check`)).body;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, true);
    assert.equal(failed.discovery_exit_status, 1);
    assert.equal(failed.check_exit_status, null);
    assert.match(failed.discovery_error_message, /401 Client Error: Unauthorized/);
    assert.equal((await api.get(`/v4/sources/${created.id}`)).body.report_card.current_step_type, 'discover_schema');
    const fixed = (await api.put(`/v4/sources/${created.id}`, { properties: { api_key: 'good' } })).body;
    assert.notEqual(fixed.check_job_name, created.check_job_name);
    assert.equal((await api.get(`/v4/sources/${created.id}/last-connection-check`)).body.status, 'running');
    await api.advance(3);
    assert.equal((await api.get(`/v4/sources/${created.id}`)).body.report_card.current_step_type, 'field_selection');
  });

  it('a database password containing "invalid" reports a Postgres authentication failure', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'PG', properties: {
      host: '10.0.0.5', port: 5432, user: 'etl', password: 'invalid', database: 'shop',
    } })).body;
    await api.advance(3);
    const failed = (await api.get(`/v4/sources/${created.id}/last-connection-check`)).body;
    assert.equal(failed.discovery_error_message, 'FATAL:  password authentication failed for user "etl"');
  });

  it('a database catalogue: <db>-<schema>-<table>, views, sql-datatype, row-count', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'PG ok', properties: {
      host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop', ssh: 'true', ssh_host: '2001:db8::1', ssl: 'true',
    } })).body;
    await api.advance(3);
    const streams = (await api.get(`/v4/sources/${created.id}/streams`)).body;
    assert.ok(streams.every((s: any) => /^shop-[a-z]+-[a-z_]+$/.test(s.tap_stream_id)));
    const orders = streams.filter((s: any) => s.stream_name === 'orders');
    assert.equal(orders.length, 2, 'the same table name in two schemas');
    const view = streams.find((s: any) => s.metadata['is-view'] === true);
    assert.deepEqual(view.metadata['table-key-properties'], []);
    const schema = (await api.get(`/v4/sources/${created.id}/streams/${view.stream_id}`)).body;
    assert.ok(JSON.parse(schema.schema).definitions.sdc_recursive_string_array);
    assert.ok(schema.metadata.some((m: any) => m.metadata['sql-datatype']));
    // A view selected without view-key-properties is accepted, then fails at extraction.
    await api.put(`/v4/sources/${created.id}/streams/metadata`, { streams: [{ tap_stream_id: view.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'FULL_TABLE' } }] }] });
    await api.post(`/v4/sources/${created.id}/sync`);
    await api.advance(3);
    const ex = (await api.get(`/v4/${api.clientId}/extractions`)).body.data.find((e: any) => e.source_id === created.id);
    assert.equal(ex.tap_exit_status, 1);
    assert.match(ex.tap_description, /view-key-properties/);
    await api.put(`/v4/sources/${created.id}/streams/metadata`, { streams: [{ tap_stream_id: view.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { 'view-key-properties': ['id'] } }] }] });
    await api.post(`/v4/sources/${created.id}/sync`);
    await api.advance(3);
    const ok = (await api.get(`/v4/${api.clientId}/extractions`)).body.data.find((e: any) => e.source_id === created.id);
    assert.equal(ok.tap_exit_status, 0);
  });

  it('OAuth type: form -> oauth; a refresh token completes it with Stitch-default app credentials', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.hubspot', display_name: 'HubSpot', properties: { start_date: '2024-01-01T00:00:00Z' } })).body;
    assert.equal(created.report_card.current_step_type, 'oauth');
    assert.equal(created.report_card.current_step, 2);
    const authorised = (await api.put(`/v4/sources/${created.id}`, { properties: { refresh_token: 'rt' } })).body;
    assert.equal(authorised.report_card.current_step_type, 'discover_schema');
    assert.ok(authorised.report_card.steps[1].properties.every((p: any) => p.provided));
    assert.equal(authorised.properties.refresh_token, undefined);
    assert.equal(authorised.properties.client_secret, undefined);
  });

  it('array property (report_definitions) is validated against its json_schema', async () => {
    const bad = await api.post('/v4/sources', { type: 'platform.google-analytics', display_name: 'GA', properties: { report_definitions: [{ name: 'x' }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.data.bad_properties, ['report_definitions']);
    const good = await api.post('/v4/sources', { type: 'platform.google-analytics', display_name: 'GA', properties: {
      start_date: '2024-01-01T00:00:00Z', report_definitions: [{ name: 'Traffic', id: 'r1' }], refresh_token: 'rt', view_id: '123',
    } });
    assert.equal(good.status, 200);
    assert.deepEqual(good.body.properties.report_definitions, [{ name: 'Traffic', id: 'r1' }]);
    await api.advance(3);
    const streams = (await api.get(`/v4/sources/${good.body.id}/streams`)).body;
    assert.deepEqual(streams.map((s: any) => s.tap_stream_id), ['traffic']);
    const schema = (await api.get(`/v4/sources/${good.body.id}/streams/${streams[0].stream_id}`)).body;
    const field = schema.metadata.find((m: any) => m.breadcrumb[1] === 'ga:30dayUsers').metadata;
    assert.equal(field.behavior, 'METRIC');
    assert.deepEqual(field.fieldExclusions, [['properties', 'ga:country']]);
    assert.ok(Array.isArray(schema.metadata.find((m: any) => m.breadcrumb.length === 0).metadata['tap_google_analytics.all_cubes']));
  });

  it('Salesforce metadata: forced-replication-method as an object, unsupported fields', async () => {
    const created = (await api.post('/v4/sources', { type: 'platform.salesforce', display_name: 'SFDC', properties: {
      api_type: 'BULK', select_fields_by_default: 'true', start_date: '2024-01-01T00:00:00Z', refresh_token: 'rt',
    } })).body;
    await api.advance(3);
    const streams = (await api.get(`/v4/sources/${created.id}/streams`)).body;
    const forced = streams.find((s: any) => typeof s.metadata['forced-replication-method'] === 'object');
    assert.deepEqual(Object.keys(forced.metadata['forced-replication-method']).sort(), ['reason', 'replication-method']);
    const account = streams.find((s: any) => s.tap_stream_id === 'Account');
    const schema = (await api.get(`/v4/sources/${created.id}/streams/${account.stream_id}`)).body;
    const unsupported = schema.metadata.find((m: any) => m.metadata.inclusion === 'unsupported');
    assert.ok(unsupported.metadata['unsupported-description']);
    assert.ok(schema.metadata.some((m: any) => m.metadata.inclusion === 'automatic'));
    assert.ok(schema.metadata.some((m: any) => m.metadata['selected-by-default'] === true));
  });

  it('form -> fully_configured types (webhook, import_api) are configured at once and never synced', async () => {
    const hook = (await api.post('/v4/sources', { type: 'webhook.incoming-webhook', display_name: 'Hooks' })).body;
    assert.equal(hook.report_card.current_step_type, 'fully_configured');
    assert.equal(hook.report_card.current_step, 2);
    const iapi = (await api.post('/v4/sources', { type: 'import_api', display_name: 'Import API' })).body;
    assert.equal(iapi.name, 'import_api');
    assert.equal(iapi.report_card.current_step_type, 'fully_configured');
    const sync = await api.post(`/v4/sources/${iapi.id}/sync`);
    assert.equal(sync.status, 400);
    assert.equal(sync.body.error.type, 'generic');
    const t1 = (await api.post(`/v4/sources/${iapi.id}/tokens`)).body;
    const t2 = (await api.post(`/v4/sources/${iapi.id}/tokens`)).body;
    assert.ok(t2.id > t1.id && typeof t1.access_token === 'string');
    assert.equal((await api.post(`/v4/sources/${iapi.id}/tokens`)).status, 400, 'at most 2 active tokens');
    assert.deepEqual((await api.get(`/v4/sources/${iapi.id}/tokens`)).body, [t1.id, t2.id]);
    const revoked = await api.del(`/v4/sources/${iapi.id}/tokens/${t1.id}`);
    assert.equal(revoked.body.id, iapi.id);
    assert.deepEqual((await api.get(`/v4/sources/${iapi.id}/tokens`)).body, [t2.id]);
  });

  it('names derive from display_name and stay unique, deleted sources included', async () => {
    const a = (await api.post('/v4/sources', { type: 'import_api', display_name: 'Stitch Shopify (EU).v2' })).body;
    assert.equal(a.name, 'stitch_shopify_euv2');
    const b = (await api.post('/v4/sources', { type: 'import_api', display_name: 'My-Source' })).body;
    assert.equal(b.name, 'my_source');
    await api.del(`/v4/sources/${b.id}`);
    const again = await api.post('/v4/sources', { type: 'import_api', display_name: 'MY SOURCE' });
    assert.equal(again.status, 400);
    assert.deepEqual(again.body, { error: 'InvalidName', data: { message: 'non-unique name after deriving it from display_name (MY SOURCE -> my_source)' } });
    const renamed = (await api.put(`/v4/sources/${a.id}`, { display_name: 'Renamed' })).body;
    assert.equal(renamed.name, 'stitch_shopify_euv2', 'name never changes');
    assert.equal(renamed.display_name, 'Renamed');
  });

  it('pause, unpause and delete: schedule null while paused, deleted stays listed', async () => {
    const src = await configuredRecurly(api);
    assert.ok(src.schedule);
    const paused = (await api.put(`/v4/sources/${src.id}`, { paused_at: '2030-01-01T00:00:00Z' })).body;
    assert.equal(paused.paused_at, '2030-01-01T00:00:00Z');
    assert.equal(paused.schedule, null);
    assert.equal((await api.post(`/v4/sources/${src.id}/sync`)).body.job_name !== undefined, true, 'manual sync works while paused');
    const unpaused = (await api.put(`/v4/sources/${src.id}`, { paused_at: null })).body;
    assert.equal(unpaused.paused_at, null);
    assert.ok(unpaused.schedule);
    const deleted = (await api.del(`/v4/sources/${src.id}`)).body;
    assert.ok(deleted.deleted_at);
    assert.equal(deleted.deleted_at, deleted.updated_at);
    assert.equal(deleted.schedule, null);
    assert.ok((await api.get('/v4/sources')).body.some((s: any) => s.id === src.id && s.deleted_at));
    assert.deepEqual((await api.post(`/v4/sources/${src.id}/sync`)).body, { error: { type: 'invalid_source', message: 'Integration is deleted.' } });
  });
});
