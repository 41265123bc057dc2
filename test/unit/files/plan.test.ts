/** The pure core of source files: parsing, normalised views, call lists, card changes, export, secret hashes. */
import assert from 'node:assert/strict';
import type { Source, Stream } from '../../../src/api/types';
import type { ReportCard } from '../../../src/core/reportCard';
import { exportSource, newSourceFileText } from '../../../src/core/sourceFile/exportFile';
import { fileJsonSchema } from '../../../src/core/sourceFile/jsonSchema';
import { parseSourceFile, type SourceFile } from '../../../src/core/sourceFile/model';
import { computePlan, type SecretState } from '../../../src/core/sourceFile/plan';
import { matches, recordFor } from '../../../src/core/sourceFile/secretHash';

const card: ReportCard = {
  type: 'platform.recurly',
  current_step_type: 'fully_configured',
  steps: [{
    type: 'form',
    properties: [
      { name: 'anchor_time', property_type: 'user_provided', json_schema: { type: 'string', format: 'date-time' } },
      { name: 'cron_expression', property_type: 'user_provided', json_schema: null },
      { name: 'frequency_in_minutes', property_type: 'user_provided', json_schema: { type: 'string', pattern: '^1$|^30$|^60$' } },
      { name: 'image_version', property_type: 'read_only', is_required: true, json_schema: null },
      { name: 'api_key', property_type: 'user_provided', is_required: true, is_credential: true, provided: true, json_schema: { type: 'string' } },
      { name: 'subdomain', property_type: 'user_provided', is_required: true, json_schema: { type: 'string' } },
      { name: 'quota_limit', property_type: 'user_provided', is_required: true, json_schema: { type: 'string' } },
      { name: 'region', property_type: 'user_provided_immutable', json_schema: { type: 'string' } },
      { name: 'page_size', property_type: 'user_provided', json_schema: { type: 'integer' } },
    ],
  }],
};

const live: Source = {
  id: 42, stitch_client_id: 116078, type: 'platform.recurly', name: 'recurly_prod', display_name: 'Recurly (prod)',
  properties: { subdomain: 'acme', quota_limit: '30', image_version: '1.latest', frequency_in_minutes: '60', anchor_time: '2024-01-01T00:00:00.000Z', cron_expression: null, region: 'us', page_size: '100' },
  schedule: { type: 'interval', unit: 'minute', interval: 60, next_fire_time: '2026-01-01T00:00:00Z' },
  created_at: '2024-01-01T00:00:00Z', updated_at: '2024-02-01T00:00:00Z', paused_at: null, system_paused_at: null, deleted_at: null,
  report_card: card as Source['report_card'],
};

const stream = (id: string, selected: boolean, meta: Record<string, unknown> = {}): Stream => ({ stream_id: id.length, tap_stream_id: id, stream_name: id, selected, metadata: { selected, ...meta } });
const streams = [stream('accounts', true), stream('invoices', true, { 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at' }), stream('plans', false)];

const file = (over: Partial<SourceFile> = {}): SourceFile => ({
  type: 'platform.recurly', displayName: 'Recurly (prod)', account: 116078, id: 42,
  properties: { subdomain: 'acme', quota_limit: 30, page_size: '100', api_key: { $secret: 'recurly/api_key' } },
  schedule: { everyMinutes: 60 },
  streams: { accounts: {}, invoices: { replicationKey: 'updated_at' } },
  ...over,
});
const unchanged = (): SecretState => 'unchanged';

describe('files: plan (pure)', () => {
  it('a file that matches the live source plans empty, with identical views and no server-only fields', () => {
    const plan = computePlan({ file: file(), live, streams, secretState: unchanged });
    assert.deepEqual(plan.calls, []);
    assert.equal(plan.status, 'in-sync');
    assert.equal(plan.fileView, plan.liveView);
    for (const noise of ['image_version', 'next_fire_time', '"updated_at":', '"created_at":', 'anchor']) assert.ok(!plan.liveView.includes(noise), noise);
    assert.ok(plan.liveView.includes('"quota_limit": "30"'), 'typed as the card says (string)');
    assert.ok(plan.liveView.includes('"page_size": 100'), 'typed as the card says (integer)');
  });

  it('lists the exact calls: changed properties, a changed secret by state, the selection counts, then the schedule', () => {
    const plan = computePlan({
      file: file({ properties: { subdomain: 'acme2', quota_limit: '30', api_key: { $secret: 'recurly/api_key' } }, schedule: { cron: '0 0 6 ? * MON-FRI' }, streams: { invoices: { replicationKey: 'updated_at' }, plans: {} } }),
      live, streams, secretState: () => 'changed',
    });
    assert.deepEqual(plan.calls.map((c) => c.summary), [
      'PUT /v4/sources/42 {subdomain, api_key (secret, changed)}',
      'PUT /v4/sources/42/streams/metadata: +1 stream, −1 stream',
      'PUT /v4/sources/42 {cron_expression}',
    ]);
    assert.deepEqual(plan.calls[0]!.body, { properties: { subdomain: 'acme2', api_key: { $secret: 'recurly/api_key' } } }, 'the secret stays a reference until apply');
    assert.deepEqual(plan.calls[1]!.body, { streams: [
      { tap_stream_id: 'plans', metadata: [{ breadcrumb: [], metadata: { selected: true } }] },
      { tap_stream_id: 'accounts', metadata: [{ breadcrumb: [], metadata: { selected: false } }] },
    ] });
    assert.ok(plan.fileView.includes('will be sent (changed)'));
    assert.deepEqual(plan.differences.map((d) => d.join('.')).sort(), ['properties.api_key', 'properties.subdomain', 'schedule', 'streams.accounts', 'streams.plans']);
  });

  it('restricted to one drifted key (Keep File Value), the plan makes only that key\'s call', () => {
    const f = file({ displayName: 'Renamed', properties: { subdomain: 'acme2', quota_limit: '31', api_key: { $secret: 'recurly/api_key' } }, schedule: { cron: '0 0 6 ? * MON-FRI' }, streams: { invoices: { replicationKey: 'updated_at' }, plans: {} } });
    const only = (path: string[]) => computePlan({ file: f, live, streams, secretState: () => 'changed', only: path });
    const full = computePlan({ file: f, live, streams, secretState: () => 'changed' });
    assert.deepEqual(only(['properties', 'quota_limit']).calls.map((c) => c.body), [{ properties: { quota_limit: '31' } }]);
    assert.deepEqual(only(['displayName']).calls.map((c) => c.body), [{ display_name: 'Renamed' }]);
    assert.deepEqual(only(['schedule']).calls.map((c) => c.summary), ['PUT /v4/sources/42 {cron_expression}']);
    assert.deepEqual(only(['streams', 'accounts']).calls.map((c) => c.body), [{ streams: [{ tap_stream_id: 'accounts', metadata: [{ breadcrumb: [], metadata: { selected: false } }] }] }]);
    assert.deepEqual(only(['streams', 'plans']).calls.map((c) => c.summary), ['PUT /v4/sources/42/streams/metadata: +1 stream']);
    assert.deepEqual(only(['properties', 'page_size']).calls, [], 'a key that does not differ: nothing');
    assert.equal(only(['properties', 'quota_limit']).liveFingerprint, full.liveFingerprint, 'apply checks the same live state');
    assert.deepEqual(only(['properties', 'quota_limit']).differences, full.differences, 'the views are the whole file still');
  });

  it('with no selection change the schedule rides along with the properties: one write', () => {
    const plan = computePlan({ file: file({ schedule: { everyMinutes: 30 } }), live, streams, secretState: unchanged });
    // cron_expression is already null live: only what differs is sent.
    assert.deepEqual(plan.calls.map((c) => c.summary), ['PUT /v4/sources/42 {frequency_in_minutes}']);
    assert.deepEqual(plan.calls[0]!.body, { properties: { frequency_in_minutes: '30' } });
  });

  it('a new source is one POST with every declared property and the schedule, then the selection', () => {
    const plan = computePlan({ file: file({ id: undefined }), card, secretState: () => 'changed' });
    assert.equal(plan.status, 'not-created');
    assert.deepEqual(plan.calls.map((c) => c.summary), [
      'POST /v4/sources {subdomain, quota_limit, page_size, api_key (secret, changed), frequency_in_minutes, cron_expression}',
      'PUT /v4/sources/{id}/streams/metadata: +2 streams',
    ]);
    assert.equal((plan.calls[0]!.body.properties as Record<string, unknown>).quota_limit, '30');
  });

  it('errors stop the plan: an unresolved secret, a credential as a value, a missing required property, another account', () => {
    const a = computePlan({ file: file(), live, streams, secretState: () => 'unresolved' });
    assert.equal(a.status, 'blocked');
    assert.deepEqual(a.calls, []);
    assert.match(a.problems[0]!.message, /secret "recurly\/api_key" is not set/);
    const b = computePlan({ file: file({ id: undefined, properties: { api_key: 'plain', quota_limit: '1' } }), card, secretState: unchanged });
    assert.ok(b.problems.some((p) => /credential/.test(p.message)));
    assert.ok(b.problems.some((p) => /"subdomain" is required/.test(p.message)));
    const c = computePlan({ file: file({ account: 999 }), live, streams, secretState: unchanged });
    assert.match(c.problems.map((p) => p.message).join(), /for account 999; the signed-in account is 116078/);
  });

  it('report card changes: an unknown property is a warning, an immutable change needs a new source, read-only is refused', () => {
    const plan = computePlan({ file: file({ properties: { ...file().properties, gone: 'x', region: 'eu' } }), live, streams, secretState: unchanged });
    const messages = plan.problems.map((p) => `${p.severity}: ${p.message}`);
    assert.ok(messages.includes('warning: "gone" is unknown to platform.recurly now; it is not sent.'));
    assert.ok(messages.some((m) => m.startsWith('warning: "region" can\'t change after creation: this needs a new source')));
    assert.ok(!JSON.stringify(plan.calls).includes('region'), 'an immutable property is never sent');
    const ro = computePlan({ file: file({ properties: { ...file().properties, image_version: '2' } }), live, streams, secretState: unchanged });
    assert.equal(ro.status, 'blocked');
  });

  it('a deleted source plans nothing and says so', () => {
    const plan = computePlan({ file: file(), live: undefined, deleted: true, secretState: unchanged });
    assert.equal(plan.status, 'deleted');
    assert.deepEqual(plan.calls, []);
  });

  it('a live change moves the fingerprint; a file change does not', () => {
    const base = computePlan({ file: file(), live, streams, secretState: unchanged });
    const fileEdit = computePlan({ file: file({ displayName: 'Other' }), live, streams, secretState: unchanged });
    assert.equal(base.liveFingerprint, fileEdit.liveFingerprint);
    const liveEdit = computePlan({ file: file(), live, streams: [...streams.slice(0, 2), stream('plans', true)], secretState: unchanged });
    assert.notEqual(base.liveFingerprint, liveEdit.liveFingerprint);
  });
});

describe('files: model, export, secret hashes', () => {
  it('parses a good file and names every bad value by path', () => {
    assert.ok(parseSourceFile({ kind: 'source', type: 't', displayName: 'n', properties: {} }).ok);
    const bad = parseSourceFile({ kind: 'src', type: '', displayName: 'n', id: -1, properties: { k: { $secret: 'a', extra: 1 } }, schedule: { everyMinutes: 0 }, streams: { s: { replicationMethod: 'X' } }, junk: 1 });
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.problems.map((p) => p.path.join('.')).sort(), ['id', 'junk', 'kind', 'properties.k', 'schedule.everyMinutes', 'streams.s.replicationMethod', 'type']);
  });

  it('checks a cron with the Quartz rules', () => {
    assert.ok(parseSourceFile({ kind: 'source', type: 't', displayName: 'n', properties: {}, schedule: { cron: '0 0 6 ? * MON-FRI' } }).ok);
    const bad = parseSourceFile({ kind: 'source', type: 't', displayName: 'n', properties: {}, schedule: { cron: '0 0 6 * * MON-FRI' } });
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.problems[0]!.path, ['schedule', 'cron']);
    assert.match(bad.problems[0]!.message, /^Not a Quartz cron expression: /);
  });

  it('exports sorted, without server-only fields, credentials as references; a clone has no id or account', () => {
    const out = exportSource(live, streams);
    const parsed = JSON.parse(out.text) as Record<string, unknown>;
    assert.equal(Object.keys(parsed)[0], '$schema');
    assert.deepEqual(Object.keys(parsed).slice(1), [...Object.keys(parsed).slice(1)].sort());
    assert.ok(!out.text.includes('image_version') && !out.text.includes('next_fire_time') && !out.text.includes('"updated_at":'));
    assert.deepEqual((parsed.properties as Record<string, unknown>).api_key, { $secret: 'recurly_prod/api_key' });
    assert.deepEqual(out.secrets, ['recurly_prod/api_key']);
    assert.deepEqual(parsed.streams, { accounts: {}, invoices: { replicationKey: 'updated_at', replicationMethod: 'INCREMENTAL' } });
    const reparsed = parseSourceFile(parsed);
    assert.ok(reparsed.ok);
    if (reparsed.ok) assert.deepEqual(computePlan({ file: reparsed.file, live, streams, secretState: unchanged }).calls, [], 'an export plans clean');
    const clone = JSON.parse(exportSource(live, streams, { clone: true }).text) as Record<string, unknown>;
    assert.equal('id' in clone || 'account' in clone, false);
  });

  it('a salted hash tells a changed value without keeping it', () => {
    const r = recordFor('s3cret');
    assert.ok(matches(r, 's3cret'));
    assert.ok(!matches(r, 's3cret2'));
    assert.ok(!JSON.stringify(r).includes('s3cret'));
    assert.notEqual(recordFor('s3cret').hash, r.hash, 'a new salt each time');
  });
});

describe('files: JSON schema from the report card', () => {
  it('names, required ones, patterns, credential properties as references only, no read-only or schedule properties', () => {
    const schema = fileJsonSchema({ ...card, steps: [{ type: 'form', properties: [...card.steps![0]!.properties!, { name: 'start_date', property_type: 'user_provided', is_required: true, json_schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$' } }] }] });
    const props = (schema.properties as Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>).properties!;
    assert.deepEqual(Object.keys(props.properties!).sort(), ['api_key', 'page_size', 'quota_limit', 'region', 'start_date', 'subdomain']);
    assert.deepEqual(props.required!.sort(), ['api_key', 'quota_limit', 'start_date', 'subdomain']);
    assert.equal(props.properties!.start_date!.pattern, '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$');
    assert.ok(Array.isArray(props.properties!.api_key!.oneOf), 'a credential takes a reference');
    assert.equal(props.properties!.api_key!.type, 'object');
    assert.match(String(props.properties!.region!.description), /after the source is created/);
    const everyMinutes = ((schema.properties as Record<string, { oneOf: { properties: Record<string, { enum?: number[] }> }[] }>).schedule.oneOf[1]!.properties.everyMinutes!);
    assert.deepEqual(everyMinutes.enum, [1, 30, 60]);
  });
});

describe('files: a new file from a card', () => {
  it('has the required properties as placeholders and credentials as references, and parses', () => {
    const out = newSourceFileText(card, 'Recurly EU');
    const parsed = JSON.parse(out.text) as { properties: Record<string, unknown> };
    assert.deepEqual(parsed.properties, { api_key: { $secret: 'recurly-eu/api_key' }, quota_limit: '<quota_limit>', subdomain: '<subdomain>' });
    assert.deepEqual(out.secrets, ['recurly-eu/api_key']);
    assert.ok(parseSourceFile(parsed).ok);
  });
});
