/**
 * Conformance with the documented examples (../shared/fixtures/stitch-docs/connect-api-examples.json):
 * for every documented response the emulator can produce, the same keys and value types, with ids,
 * timestamps and free-form maps (properties, metadata, json_schema) aside. The examples we do not
 * reproduce are listed in NOT_REPRODUCED (and in the README) with the reason.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningEmulator } from './index';
import { Client, configuredRecurly, fixturesDir, haveFixtures, SKIP_FIXTURES, start } from './test-helpers';

/** Keys whose values are open maps: only "both are objects (or arrays)" is checked. */
const FREE_FORM = new Set(['properties', 'metadata', 'json_schema', 'error_state', 'tap_google_analytics.all_cubes']);
/** Keys the emulator may add that a given example happens to leave out (documented elsewhere). */
// image_version and upgrade_available appear only in the live source-types capture (reference §5.5).
const EXTRA_OK = new Set(['check_job_name', 'details', 'upgrade_available', 'tap_mutable', 'image_version']);

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Collect shape differences between a documented value and ours. */
export function shapeDiff(doc: unknown, ours: unknown, at = '$', options: { subset?: boolean } = {}, out: string[] = []): string[] {
  if (doc === null || ours === null) return out; // nullable either way (ids and timestamps vary, states differ)
  if (kind(doc) !== kind(ours)) {
    out.push(`${at}: documented ${kind(doc)}, emulator ${kind(ours)}`);
    return out;
  }
  if (Array.isArray(doc) && Array.isArray(ours)) {
    if (doc.length > 0) ours.forEach((item, i) => shapeDiff(doc[0], item, `${at}[${i}]`, options, out));
    return out;
  }
  if (typeof doc === 'object' && typeof ours === 'object') {
    const d = doc as Record<string, unknown>;
    const o = ours as Record<string, unknown>;
    for (const key of Object.keys(d)) {
      if (!(key in o)) out.push(`${at}.${key}: missing`);
      else if (FREE_FORM.has(key) && kind(d[key]) !== 'array') {
        if (d[key] !== null && o[key] !== null && kind(d[key]) !== kind(o[key])) out.push(`${at}.${key}: documented ${kind(d[key])}, emulator ${kind(o[key])}`);
      } else shapeDiff(d[key], o[key], `${at}.${key}`, FREE_FORM.has(key) ? { subset: true } : options, out);
    }
    if (!options.subset) for (const key of Object.keys(o)) if (!(key in d) && !EXTRA_OK.has(key)) out.push(`${at}.${key}: not documented`);
  }
  return out;
}

export const NOT_REPRODUCED: Record<string, string> = {
  'accounts/account-object.md': 'partner account creation (v3) is outside the emulator (no partner credentials)',
  'accounts/create-an-account.md': 'partner account creation (v3) is outside the emulator',
  'sessions/create-a-session.md': 'ephemeral sessions belong to the deprecated Stitch.js',
  'sessions/sessions-object.md': 'ephemeral sessions belong to the deprecated Stitch.js',
  'destinations/v3/create-a-destination-v3.md': 'legacy v3 destinations are not emulated (v4 only)',
  'destinations/v3/destination-object-v3.md': 'legacy v3 destinations are not emulated (v4 only)',
  'destinations/v3/list-destinations-v3.md': 'legacy v3 destinations are not emulated (v4 only)',
  'destinations/v3/update-a-destination-v3.md': 'legacy v3 destinations are not emulated (v4 only)',
  'notifications/custom-emails/create-custom-email-recipient.md': 'notifications are not emulated',
  'notifications/custom-emails/custom-email-notification-object.md': 'notifications are not emulated',
  'notifications/custom-emails/delete-custom-email-recipient.md': 'notifications are not emulated',
  'notifications/custom-emails/disable-custom-notification-recipient.md': 'notifications are not emulated',
  'notifications/custom-emails/list-custom-notification-recipients.md': 'notifications are not emulated',
  'notifications/custom-emails/re-enable-custom-notification-recipient.md': 'notifications are not emulated',
  'notifications/notification-object.md#Custom email notification': 'custom notification emails are not emulated',
  'notifications/notification-object.md#Hook notification': 'the docs example is not valid JSON (a missing comma); hook-notification-object.md covers the shape',
  'notifications/post-load-hooks/create-hook-notification.md#Response': 'the docs example is not valid JSON (a missing comma); the create answer is asserted in destinations.test.ts',
  'sources/list-sources.md': 'the documented example is not valid JSON (a docs typo); list items are covered by sources-object.md',
  'extractions/get-logs-for-an-extraction-job.md': 'a raw HTTP transcript, not JSON; the 302 and its headers are asserted in jobs.test.ts',
  'metadata/field-level-metadata-object.md#Field exclusions': 'the docs example is an unrendered template; fieldExclusions is asserted in walkthrough.test.ts',
  'metadata/field-level-metadata-object.md#Unsupported field': 'the docs example is an unrendered template; unsupported fields are asserted in walkthrough.test.ts',
  'import-api-access-tokens/revoke-import-api-access-token.md': 'the docs example is an unrendered template; the response is a Source, covered by sources-object.md',
};

describe('emulator: conformance with the documented examples', function () {
  let emu: RunningEmulator;
  let api: Client;
  let examples: Record<string, { examples: { type?: string; code?: string }[] }>;
  const ours = new Map<string, unknown>();
  const subset = new Set<string>();

  before(async function () {
    if (!haveFixtures) {
      console.warn(`      skipped: ${SKIP_FIXTURES}`);
      this.skip();
    }
    examples = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'connect-api-examples.json'), 'utf8'));
    ({ emu, api } = await start());
    const put = (key: string, value: unknown, isSubset = false) => {
      ours.set(key, value);
      if (isSubset) subset.add(key);
    };

    // Sources and their lifecycle.
    const src = await configuredRecurly(api);
    const created = (await api.post('/v4/sources', { type: 'platform.shopify', display_name: 'Shopify', properties: { start_date: '2017-01-01T00:00:00Z', frequency_in_minutes: '30', shop: 'x' } })).body;
    put('sources/create-a-source.md#Response', created);
    put('sources/retrieve-a-source.md#Response', (await api.get(`/v4/sources/${src.id}`)).body);
    put('sources/sources-object.md', (await api.get(`/v4/sources/${src.id}`)).body);
    put('sources/update-a-source.md#Response', (await api.put(`/v4/sources/${created.id}`, { display_name: 'Shopify', properties: { frequency_in_minutes: '60' } })).body);
    put('sources/pause-a-source.md#Response', (await api.put(`/v4/sources/${created.id}`, { paused_at: '2019-06-01T00:00:00Z' })).body);
    put('sources/unpause-a-source.md#Response', (await api.put(`/v4/sources/${created.id}`, { paused_at: null })).body);
    put('sources/delete-a-source.md#Response', (await api.del(`/v4/sources/${created.id}`)).body);
    const check = (await api.get(`/v4/sources/${src.id}/last-connection-check`)).body;
    put('connection-checks/connection-check-object-v4.md', check);
    put('connection-steps/connection-step-object.md', src.report_card.steps[1]);
    put('schedule/schedule-object.md#Interval-based schedule', src.schedule);
    const cron = (await api.put(`/v4/sources/${src.id}`, { properties: { cron_expression: '0 0 12 ? * MON-FRI *' } })).body;
    put('schedule/schedule-object.md#Cron-based schedule', cron.schedule);

    // Source types and properties.
    const hubspot = (await api.get('/v4/source-types/platform.hubspot')).body;
    put('source-types/get-a-source-type.md#Response', hubspot);
    put('source-types/source-types-object.md', hubspot);
    put('report-cards/sources/source-report-card-object.md#SaaS source', hubspot);
    put('report-cards/sources/source-report-card-object.md#Database source', (await api.get('/v4/source-types/platform.postgres')).body);
    const recurlyCard = (await api.get('/v4/source-types/platform.recurly')).body;
    put('properties/properties-object.md#User-provided property', recurlyCard.steps[0].properties.find((p: any) => p.name === 'frequency_in_minutes'));
    put('properties/properties-object.md#Read-only property', recurlyCard.steps[0].properties.find((p: any) => p.name === 'image_version'));
    put('properties/properties-object.md#System provided by default property', hubspot.steps[1].properties.find((p: any) => p.name === 'client_id'));
    put('details/details-object.md#Source connection', { details: recurlyCard.details });

    // Streams: SaaS (shopify-like recurly), database (postgres), Google Analytics.
    const streams = (await api.get(`/v4/sources/${src.id}/streams`)).body;
    const selectedStream = streams.find((s: any) => s.selected === true);
    put('streams/streams-object-v4.md#SaaS source', selectedStream);
    put('metadata/stream-level-metadata-object.md#SaaS source', { metadata: selectedStream.metadata }, true);
    await api.put(`/v4/sources/${src.id}/streams/metadata`, { streams: [{ tap_stream_id: selectedStream.tap_stream_id, metadata: [{ breadcrumb: ['properties', 'email'], metadata: { selected: false } }] }] });
    const saasSchema = (await api.get(`/v4/sources/${src.id}/streams/${selectedStream.stream_id}`)).body;
    put('streams/retrieve-a-streams-schema-v4.md#Response', saasSchema);
    put('stream-schemas/stream-schema-object.md#SaaS source', saasSchema);
    put('metadata/metadata-object.md#SaaS source', { metadata: saasSchema.metadata });
    put('metadata/field-level-metadata-object.md#SaaS source', { metadata: saasSchema.metadata.find((m: any) => m.breadcrumb[1] === 'email').metadata }, true);

    const pg = (await api.post('/v4/sources', { type: 'platform.postgres', display_name: 'PG', properties: { host: 'db.example.com', port: '5432', user: 'u', password: 'p', database: 'demni2mf59dt10' } })).body;
    await api.advance(3);
    const pgStreams = (await api.get(`/v4/sources/${pg.id}/streams`)).body;
    const table = pgStreams.find((s: any) => s.metadata['is-view'] === false);
    const view = pgStreams.find((s: any) => s.metadata['is-view'] === true);
    put('streams/streams-object-v4.md#Database source (non view)', table);
    await api.put(`/v4/sources/${pg.id}/streams/metadata`, { streams: [
      { tap_stream_id: table.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'FULL_TABLE' } }] },
      { tap_stream_id: view.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at', 'view-key-properties': ['id'] } }] },
    ] });
    const pgAfter = (await api.get(`/v4/sources/${pg.id}/streams`)).body;
    const viewAfter = pgAfter.find((s: any) => s.tap_stream_id === view.tap_stream_id);
    put('streams/streams-object-v4.md#Database source (view)', viewAfter);
    put('metadata/stream-level-metadata-object.md#Database source (view)', { metadata: viewAfter.metadata }, true);
    put('metadata/stream-level-metadata-object.md#Database source (non-view)', { metadata: pgAfter.find((s: any) => s.tap_stream_id === table.tap_stream_id).metadata }, true);
    const dbSchema = (await api.get(`/v4/sources/${pg.id}/streams/${table.stream_id}`)).body;
    put('stream-schemas/stream-schema-object.md#Database source', dbSchema);
    put('metadata/metadata-object.md#Database source', { metadata: dbSchema.metadata });
    put('metadata/field-level-metadata-object.md#Database source', { metadata: dbSchema.metadata.find((m: any) => m.breadcrumb.length === 2).metadata }, true);

    const ga = (await api.post('/v4/sources', { type: 'platform.google-analytics', display_name: 'GA', properties: { start_date: '2024-01-01T00:00:00Z', refresh_token: 'r', view_id: '1' } })).body;
    await api.advance(3);
    const gaStream = (await api.get(`/v4/sources/${ga.id}/streams`)).body[0];
    put('metadata/stream-level-metadata-object.md#Google Analytics source', { metadata: gaStream.metadata }, true);
    const gaSchema = (await api.get(`/v4/sources/${ga.id}/streams/${gaStream.stream_id}`)).body;
    put('metadata/field-level-metadata-object.md#Google Analytics source', { metadata: gaSchema.metadata.find((m: any) => m.metadata.behavior === 'METRIC').metadata }, true);

    // Jobs, extractions, loads.
    const job = (await api.post(`/v4/sources/${src.id}/sync`)).body;
    put('replication-jobs/replication-job-object.md', job);
    await api.advance(3);
    const ok = (await api.get(`/v4/${api.clientId}/extractions`)).body.data[0];
    put('extractions/extraction-object.md#Successful extraction', ok);
    put('loads/load-object.md#Successful load', (await api.get(`/v4/${api.clientId}/loads`)).body.data[0]);
    await api.control('POST', '/jobs/fail', { sourceId: src.id, phase: 'target', exitStatus: 1, description: 'warehouse down' });
    await api.post(`/v4/sources/${src.id}/sync`);
    put('replication-jobs/stop-replication-job.md#Response', (await api.del(`/v4/sources/${pg.id}/sync`)).body);
    await api.advance(3);
    put('extractions/extraction-object.md#Unsuccessful extraction', (await api.get(`/v4/${api.clientId}/extractions`)).body.data[0]);
    put('loads/load-object.md#Unsuccessful load', (await api.get(`/v4/${api.clientId}/loads`)).body.data.find((l: any) => l.error_state));

    // Import API tokens.
    const iapi = (await api.post('/v4/sources', { type: 'import_api', display_name: 'Import API' })).body;
    const token = (await api.post(`/v4/sources/${iapi.id}/tokens`)).body;
    put('import-api-access-tokens/generate-import-api-access-token.md#Response', token);
    put('import-api-access-tokens/import-api-access-token.md', token);
    put('import-api-access-tokens/get-import-api-access-token-ids.md#Response', (await api.get(`/v4/sources/${iapi.id}/tokens`)).body);

    // Destinations and destination types.
    const types = (await api.get('/v4/destination-types')).body;
    put('destination-types/list-destination-types.md#Response', types);
    put('destination-types/get-a-destination-type.md#Response', (await api.get('/v4/destination-types/redshift')).body);
    put('destination-types/destination-types-object.md', (await api.get('/v4/destination-types/redshift')).body);
    put('report-cards/destinations/destination-report-card-object.md', (await api.get('/v4/destination-types/redshift')).body);
    put('details/details-object.md#Destination connection', { details: types[0].details });
    const dest = (await api.post('/v4/destinations', { type: 'postgres', name: 'Staging', description: 'Staging', properties: { host: 'h.example.com', port: '5432', username: 'stitch', database: 'd', password: 'p', ssl: false } })).body;
    put('destinations/v4/create-a-destination-v4.md#Response', dest);
    put('destinations/v4/destination-object-v4.md', dest);
    put('destinations/v4/list-destinations-v4.md#Response', (await api.get('/v4/destinations')).body);
    put('destinations/v4/update-a-destination-v4.md#Response', (await api.put(`/v4/destinations/${dest.id}`, { properties: { username: 'stitch_admin' } })).body);
    put('destinations/v4/delete-a-destination-v4.md#Response', (await api.del(`/v4/destinations/${dest.id}`)).body);

    // Post-load hooks (§4.15).
    const hooks = '/notifications/public/v1/api/hooks';
    const hook = (await api.post(hooks, { type: 'post_load', config: { url: 'https://hooks.example.com/catch/1' } })).body;
    put('notifications/post-load-hooks/hook-notification-object.md', hook);
    put('notifications/post-load-hooks/disable-hook-notification.md#Response', (await api.put(`${hooks}/${hook.id}`, { enable: false })).body);
    put('notifications/post-load-hooks/enable-hook-notification.md#Response', (await api.put(`${hooks}/${hook.id}`, { enable: true })).body);
    put('notifications/post-load-hooks/list-hook-notifications.md#Response', (await api.get(hooks)).body);
    put('notifications/post-load-hooks/delete-hook-notification.md#Response', (await api.del(`${hooks}/${hook.id}`)).body);
  });
  after(() => emu?.close());

  it('reproduces every documented JSON response it covers, with the same keys and value types', () => {
    let compared = 0;
    const unaccounted: string[] = [];
    const problems: string[] = [];
    for (const [file, entry] of Object.entries(examples)) {
      for (const ex of entry.examples) {
        if (ex.type === 'Request' || ex.type === 'Errors') continue;
        const key = ex.type && ex.type !== 'Response' ? `${file}#${ex.type}` : ex.type === 'Response' ? `${file}#Response` : file;
        let doc: unknown;
        try {
          doc = JSON.parse(ex.code ?? '');
        } catch {
          if (!NOT_REPRODUCED[key] && !NOT_REPRODUCED[file] && (ex.code ?? '').trim() !== '') unaccounted.push(`${key} (not JSON)`);
          continue;
        }
        if (NOT_REPRODUCED[key] || NOT_REPRODUCED[file]) continue;
        if (!ours.has(key)) {
          unaccounted.push(key);
          continue;
        }
        compared += 1;
        problems.push(...shapeDiff(doc, ours.get(key), key, { subset: subset.has(key) }));
      }
    }
    assert.deepEqual(unaccounted, [], 'every documented JSON example is either compared or listed in NOT_REPRODUCED');
    assert.deepEqual(problems, []);
    assert.ok(compared >= 50, `compared ${compared} examples`);
    console.log(`      (${compared} documented examples compared)`);
  });

  it('the shape comparison itself catches missing keys, wrong types and undocumented keys', () => {
    assert.deepEqual(shapeDiff({ a: 1, b: 'x' }, { a: '1' }), ['$.a: documented number, emulator string', '$.b: missing']);
    assert.deepEqual(shapeDiff({ a: 1 }, { a: 2, zzz: true }), ['$.zzz: not documented']);
    assert.deepEqual(shapeDiff({ properties: { x: 1 } }, { properties: { y: 'z' } }), []);
  });
});
