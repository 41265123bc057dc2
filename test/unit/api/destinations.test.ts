/** The client's destination, destination-type, check and hook calls, and their error bodies, against the emulator. */
import assert from 'node:assert/strict';
import { createHook, deleteHook, hookDestinationId, isHookUrl, listHooks, setHookEnabled, StitchApiError, type StitchClient } from '../../../src/api';
import { checks } from '../../../src/api/shape';
import { eventually, startHarness, type Harness } from './emulator-harness';

const PG = { host: 'db.example.com', port: '5432', database: 'dw', username: 'stitch', password: 'hunter22', ssl: false };
const settings = (h: Harness, s: Record<string, unknown>) => h.control('POST', '/__emulator/settings', s);
const rejectsWith = (kind: string, message: RegExp | string) => (e: unknown) => {
  assert.ok(StitchApiError.is(e), String(e));
  assert.equal(e.kind, kind);
  if (typeof message === 'string') assert.ok(e.message.startsWith(message), e.message); else assert.match(e.message, message);
  return true;
};

describe('api/client destinations and hooks (emulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: StitchClient;

  before(async () => {
    h = await startHarness();
    client = h.client().client;
  });
  after(async () => { await h?.emu.close(); });
  beforeEach(async () => {
    await h.reset();
    await settings(h, { maxDestinations: 1, hooksAllowed: true });
  });

  it('destination types: the five warehouses with their credential properties', async () => {
    const types = await client.listDestinationTypes();
    for (const type of ['postgres', 'redshift', 'snowflake', 'bigquery', 's3']) assert.ok(types.some((t) => t.type === type), type);
    const bq = await client.getDestinationType('bigquery');
    assert.deepEqual(bq.steps?.[0]?.properties.filter((p) => p.is_credential).map((p) => p.name), ['service_account_json']);
    await assert.rejects(client.getDestinationType('nope'), rejectsWith('not_found', 'invalid destination type (nope)'));
  });

  it('create starts a check that the client reads to the end; a filter by source and by id', async () => {
    const d = await client.createDestination({ type: 'postgres', name: 'Warehouse', properties: PG });
    assert.ok(d.check_job_name);
    assert.equal(JSON.stringify(d).includes('hunter22'), false);
    await h.advance(5);
    const check = await eventually(() => client.getDestinationLastConnectionCheck(d.id), (c) => c.status !== 'running', 'the check');
    assert.equal(check.status, 'succeeded');
    assert.deepEqual((await client.listDestinations({ destination_id: d.id })).map((x) => x.id), [d.id]);
    const src = await client.createSource({ type: 'platform.recurly', display_name: 'R', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'a', frequency_in_minutes: '30' } });
    assert.deepEqual((await client.listDestinations({ source_id: src.id })).map((x) => x.id), [d.id]);
  });

  it('bare-string errors become clear messages: limit, type change, bad id, delete twice, query params', async () => {
    const d = await client.createDestination({ type: 'postgres', properties: PG });
    await assert.rejects(client.createDestination({ type: 'postgres', properties: PG }), rejectsWith('bad_request', 'you are at your destination limit'));
    await assert.rejects(client.updateDestination(d.id, { type: 'redshift', properties: {} } as never), rejectsWith('bad_request', 'this API endpoint does not support modifying destination type'));
    await assert.rejects(client.updateDestination(1, { properties: {} }), rejectsWith('bad_request', 'invalid connection id'));
    await assert.rejects(client.createDestination({ type: 'postgres', properties: PG, extra: 1 } as never), rejectsWith('bad_request', 'POST body may only include a type'));
    await assert.rejects(client.request({ method: 'GET', path: '/v4/destinations?foo=1', check: checks.destinations }), rejectsWith('bad_request', 'GET may only include the params: source_id and/or destination_id'));
    await client.deleteDestination(d.id);
    await assert.rejects(client.deleteDestination(d.id), rejectsWith('bad_request', `Unable to locate dest (${d.id}) for client (${h.clientId}) to delete`));
    await assert.rejects(client.getDestinationLastConnectionCheck(d.id), rejectsWith('not_found', 'invalid connection id'));
  });

  it('several destinations where the plan allows', async () => {
    await settings(h, { maxDestinations: 2 });
    await client.createDestination({ type: 'postgres', properties: PG });
    await client.createDestination({ type: 's3', properties: { output_file_format: 'csv', s3_bucket: 'b', s3_key_format_string: 'k' } });
    assert.equal((await client.listDestinations()).length, 2);
  });

  it('hooks: add, list (with the destination), disable, enable, remove', async () => {
    const d = await client.createDestination({ type: 'postgres', properties: PG });
    const created = await createHook(client, { url: ' https://hooks.example.com/a ', destinationId: d.id });
    assert.equal(created.config.url, 'https://hooks.example.com/a');
    assert.equal(hookDestinationId(created), d.id);
    const listed = await listHooks(client);
    assert.deepEqual(listed.map((x) => [x.id, hookDestinationId(x)]), [[created.id, d.id]]);
    assert.ok((await setHookEnabled(client, created.id, false)).disabled_at);
    assert.equal((await setHookEnabled(client, created.id, true)).disabled_at, null);
    await deleteHook(client, created.id);
    assert.deepEqual(await listHooks(client), []);
  });

  it('hooks: a bad URL is refused before sending; the API\'s error bodies read plainly', async () => {
    await h.clearRequests();
    await assert.rejects(createHook(client, { url: 'ftp://x.example.com' }), rejectsWith('bad_request', 'The URL must start with https://'));
    await assert.rejects(createHook(client, { url: 'https://user:pw@x.example.com' }), rejectsWith('bad_request', 'Put no user name or password'));
    assert.deepEqual(await h.requestsTo('POST', '/notifications/public/v1/api/hooks'), [], 'nothing was sent');
    assert.equal(isHookUrl('hooks.example.com').ok, false);
    await assert.rejects(client.request({ method: 'POST', path: '/notifications/public/v1/api/hooks', json: { type: 'post_load' }, check: (v) => v }), rejectsWith('bad_request', 'Invalid POST body'));
    await assert.rejects(setHookEnabled(client, 999, true), rejectsWith('not_found', /NOT FOUND|HTTP 404/));
    await assert.rejects(deleteHook(client, 999), rejectsWith('not_found', /NotFound/));
    for (let i = 0; i < 10; i++) await createHook(client, { url: `https://x.example.com/${i}` });
    await assert.rejects(createHook(client, { url: 'https://x.example.com/11' }), rejectsWith('bad_request', 'You have exceeded the limit of 10 hooks.'));
    await settings(h, { hooksAllowed: false });
    await assert.rejects(listHooks(client), rejectsWith('bad_request', 'Client does not have access to hooks.'));
  });
});
