/** A stream's `fields` in a source file: Stitch's field rules (pure) and the round trip against the emulator. */
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import type { StreamSchemaResponse } from '../../../src/core/selection';
import { isListedStreamSelected, parseStreamSchema, type StreamModel } from '../../../src/core/selectionModel';
import { exportSource } from '../../../src/core/sourceFile/exportFile';
import { fieldsSpecOf, planFields, type FieldsSpec } from '../../../src/core/sourceFile/fieldsPlan';
import { fileJsonSchema } from '../../../src/core/sourceFile/jsonSchema';
import { parseSourceFile, type FileStream, type SourceFile } from '../../../src/core/sourceFile/model';
import { discoveryDone } from '../../../src/files/engine';
import { frozenHarnessPerSuite, type Harness } from '../api/emulator-harness';
import { apiRequests, testEngine, type TestEngine } from './support';

const stream: StreamModel = {
  tapStreamId: 'Account', name: 'Account', selected: true, isView: false, tableKeyProperties: ['Id'],
  fields: [
    { name: 'Id', type: 'string', inclusion: 'automatic', selected: undefined, selectedByDefault: false, excludes: [], lockReason: 'Always replicated: it is part of the primary key.' },
    { name: 'Name', type: 'string', inclusion: 'available', selected: null, selectedByDefault: true, excludes: [] },
    { name: 'Email', type: 'string', inclusion: 'available', selected: true, selectedByDefault: false, excludes: [] },
    { name: 'Phone', type: 'string', inclusion: 'available', selected: null, selectedByDefault: false, excludes: [] },
    { name: 'Address', type: 'string', inclusion: 'unsupported', selected: undefined, selectedByDefault: false, excludes: [], lockReason: 'Not supported: compound field' },
    { name: 'ga:country', type: 'string', inclusion: 'available', selected: null, selectedByDefault: false, excludes: ['ga:30dayUsers'] },
    { name: 'ga:30dayUsers', type: 'integer', inclusion: 'available', selected: null, selectedByDefault: false, excludes: ['ga:country'] },
  ],
};
const errors = (spec: FieldsSpec) => planFields(spec, stream, true).problems.filter((p) => p.severity === 'error').map((p) => p.message);

describe('files: fields (pure)', () => {
  it('"default" keeps automatic and selected-by-default fields and deselects the rest', () => {
    const out = planFields('default', stream, true);
    assert.deepEqual(out.desired, ['Id', 'Name']);
    assert.deepEqual(out.live, ['Email', 'Id', 'Name']);
    assert.deepEqual(out.changes, [{ name: 'Email', selected: false }]);
    assert.deepEqual(out.problems, []);
  });

  it('a list adds to what always replicates; an unsupported or unknown field is an error', () => {
    const out = planFields(['Email', 'Phone'], stream, true);
    assert.deepEqual(out.desired, ['Email', 'Id', 'Name', 'Phone']);
    assert.deepEqual(out.changes, [{ name: 'Phone', selected: true }], 'Email is already selected: not sent');
    assert.deepEqual(errors(['Address']), ['Address can\'t be replicated: Not supported: compound field.']);
    assert.deepEqual(errors(['Nope', 'Phone']), ['Not a field of Account: Nope.']);
  });

  it('"exclude" can\'t leave out automatic or selected-by-default fields', () => {
    const msgs = errors({ exclude: ['Id', 'Name', 'Phone'] });
    assert.equal(msgs.length, 3, msgs.join('\n'));
    assert.match(msgs[0]!, /^Id can't be excluded: Always replicated/);
    assert.match(msgs[1]!, /^Name can't be excluded: Stitch replicates a field selected by default/);
    assert.match(msgs[2]!, /fieldExclusions|field exclusions/, 'every other field, so the GA pair comes along');
  });

  it('a fieldExclusions pair is refused once, and "all" on a stream that is not selected yet sends every togglable field', () => {
    assert.deepEqual(errors(['ga:country', 'ga:30dayUsers']), ['ga:30dayUsers and ga:country can\'t be replicated together in Account (Stitch\'s field exclusions); leave one out.']);
    const out = planFields({ exclude: ['ga:30dayUsers'] }, stream, false);
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.live, [], 'nothing replicates in a stream that is not selected');
    assert.deepEqual(out.changes.map((c) => `${c.name}=${c.selected}`), ['Email=true', 'Phone=true', 'ga:country=true']);
  });

  it('an export says the live choice: nothing beyond Stitch\'s own picks, the chosen optional fields, or "all"; planned again, no change', () => {
    assert.deepEqual(fieldsSpecOf(stream), ['Email']);
    assert.deepEqual(planFields(['Email'], stream, true).changes, []);
    const every = { ...stream, fields: stream.fields!.map((f) => (f.inclusion === 'available' && !f.selectedByDefault ? { ...f, selected: true } : f)) };
    assert.equal(fieldsSpecOf(every), 'all');
    assert.deepEqual(planFields('all', every, true).changes, []);
    const none = { ...stream, fields: stream.fields!.map((f) => ({ ...f, selected: f.name === 'Name' ? true : null })) };
    assert.equal(fieldsSpecOf(none), undefined, 'a selected-by-default field replicates anyway: nothing to say');
  });

  it('the file accepts the four forms and names the key of a wrong one; the served schema describes them', () => {
    const base = { kind: 'source', type: 'platform.recurly', displayName: 'x', properties: {} };
    for (const fields of ['default', 'all', ['a'], { exclude: ['a'] }]) {
      const r = parseSourceFile({ ...base, streams: { s: { fields } } });
      assert.ok(r.ok, JSON.stringify(fields));
      assert.deepEqual(r.file.streams!.s!.fields, fields);
    }
    for (const fields of ['some', [''], { exclude: 'a' }, { exclude: ['a'], also: 1 }, [1]]) {
      const r = parseSourceFile({ ...base, streams: { s: { fields } } });
      assert.ok(!r.ok, JSON.stringify(fields));
      assert.deepEqual(r.problems.map((p) => p.path), [['streams', 's', 'fields']]);
    }
    const schema = fileJsonSchema({ type: 'platform.recurly', steps: [] } as never) as { properties: { streams: { additionalProperties: { properties: Record<string, { oneOf: unknown[] }> } } } };
    assert.equal(schema.properties.streams.additionalProperties.properties.fields!.oneOf.length, 3);
  });
});

describe('files: fields (emulator)', function () {
  this.timeout(60_000);
  let h: Harness;
  let client: StitchClient;
  let t: TestEngine;
  let id: number;
  const base = (): SourceFile => ({
    type: 'platform.recurly', displayName: 'Fields Test',
    properties: { subdomain: 'acme', quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: { $secret: 'f/api_key' } },
  });

  const suite = frozenHarnessPerSuite();
  beforeEach(async () => {
    h = suite.harness();
    client = suite.client();
    t = testEngine(h, client);
    t.secrets.set('f/api_key', 'k-1');
    const created = await t.engine.apply(base(), await t.engine.plan(base()));
    assert.ok(created.ok && created.createdId);
    id = created.createdId;
    for (let i = 0; i < 20 && !discoveryDone(await t.store.get(id)); i++) await h.advance(5);
  });
  afterEach(() => t.store.dispose());

  async function replicated(tapId: string): Promise<string[]> {
    const s = (await client.listStreams(id)).find((x) => x.tap_stream_id === tapId)!;
    const m = parseStreamSchema(tapId, (await client.getStreamSchema(id, s.stream_id)) as unknown as StreamSchemaResponse, s);
    return (m.fields ?? []).filter((f) => f.inclusion === 'automatic' || f.selected === true || f.selectedByDefault).map((f) => f.name).sort();
  }

  it('plans +N/−N fields per stream, sends only the fields that move, and a second plan is empty with 0 requests', async () => {
    let file: SourceFile = { ...base(), id, streams: { accounts: { fields: ['code', 'email'] }, invoices: { fields: { exclude: ['line_items'] } }, plans: {} } };
    const first = await t.engine.plan(file);
    assert.deepEqual(first.plan.problems, []);
    assert.deepEqual(first.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${id}/streams/metadata: +3 streams, +7 fields (fields: accounts +2; invoices +5)`]);
    assert.match(first.plan.fileView, /"accounts": \{\s+"fields": \[\s+"code",\s+"email",\s+"id",\s+"updated_at"\s+\]/);
    assert.ok((await t.engine.apply(file, first)).ok);
    assert.deepEqual(await replicated('accounts'), ['code', 'email', 'id', 'updated_at']);
    assert.deepEqual(await replicated('invoices'), ['account_id', 'created_at', 'id', 'number', 'state', 'total', 'updated_at']);

    const second = await t.engine.plan(file);
    assert.deepEqual(second.plan.calls, [], `${second.plan.fileView}\n${second.plan.liveView}`);
    assert.equal(second.plan.fileView, second.plan.liveView);
    await h.clearRequests();
    assert.deepEqual((await t.engine.apply(file, second)).steps, []);
    assert.equal((await apiRequests(h)).length, 0, 'a second apply makes 0 requests');

    // One field off, one on: the metadata PUT carries exactly those two, nothing about the streams.
    file = { ...file, streams: { ...file.streams, accounts: { fields: ['code', 'company'] } } };
    const third = await t.engine.plan(file);
    assert.deepEqual(third.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${id}/streams/metadata: +1 field, −1 field (fields: accounts +1 −1)`]);
    assert.match(third.plan.liveView, /"email"/);
    assert.deepEqual(third.plan.calls[0]!.body, { streams: [{ tap_stream_id: 'accounts', metadata: [
      { breadcrumb: ['properties', 'email'], metadata: { selected: false } },
      { breadcrumb: ['properties', 'company'], metadata: { selected: true } },
    ] }] });
    await h.clearRequests();
    assert.ok((await t.engine.apply(file, third)).ok);
    const writes = (await apiRequests(h)).filter((q) => q.method !== 'GET');
    assert.deepEqual(writes.map((q) => `${q.method} ${q.path}`), [`PUT /v4/sources/${id}/streams/metadata`]);
    assert.deepEqual(await replicated('accounts'), ['code', 'company', 'id', 'updated_at']);
    assert.deepEqual((await t.engine.plan(file)).plan.calls, []);

    // Back to Stitch's defaults: the chosen fields are deselected.
    file = { ...file, streams: { ...file.streams, accounts: { fields: 'default' } } };
    const fourth = await t.engine.plan(file);
    assert.deepEqual(fourth.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${id}/streams/metadata: −2 fields (fields: accounts −2)`]);
    assert.ok((await t.engine.apply(file, fourth)).ok);
    assert.deepEqual(await replicated('accounts'), ['id', 'updated_at']);
    assert.deepEqual((await t.engine.plan(file)).plan.calls, []);
  });

  it('Export writes each selected stream\'s field choice, and the exported file plans clean', async () => {
    const file: SourceFile = { ...base(), id, streams: { accounts: { fields: ['code', 'email'] }, invoices: { fields: 'all' }, plans: {} } };
    assert.ok((await t.engine.apply(file, await t.engine.plan(file))).ok);
    const streams = await client.listStreams(id);
    const fields = await t.engine.readFields(id, streams.filter(isListedStreamSelected));
    const exported = JSON.parse(exportSource(await client.getSource(id), streams, { fields }).text) as Record<string, unknown>;
    const declared = exported.streams as Record<string, FileStream>;
    assert.deepEqual(declared.accounts!.fields, ['code', 'email']);
    assert.equal(declared.invoices!.fields, 'all');
    assert.equal(declared.plans!.fields, undefined, 'Stitch\'s own picks only: nothing to manage');
    const parsed = parseSourceFile(exported);
    assert.ok(parsed.ok);
    // (Its credential is a reference this test never set: only the selection is compared.)
    const again = await t.engine.plan(parsed.file);
    assert.deepEqual(again.plan.calls.filter((c) => c.kind === 'selection'), [], `${again.plan.fileView}\n${again.plan.liveView}`);
  });

  it('an automatic field excluded blocks the plan at the stream\'s fields, and reads only the declared streams\' schemas', async () => {
    const file: SourceFile = { ...base(), id, streams: { accounts: { fields: { exclude: ['id'] } }, plans: {}, coupons: {} } };
    await h.clearRequests();
    const planned = await t.engine.plan(file);
    assert.equal(planned.plan.status, 'blocked');
    assert.deepEqual(planned.plan.calls, []);
    assert.deepEqual(planned.plan.problems.map((p) => [p.path, p.severity]), [[['streams', 'accounts', 'fields'], 'error']]);
    const schemaReads = (await apiRequests(h)).filter((q) => /\/streams\/\d+$/.test(q.path));
    assert.equal(schemaReads.length, 1, 'one schema read: the one stream that declares fields');
  });

  it('property: generated field choices on a configured source apply, plan again empty, second apply 0 requests', async () => {
    const names = ['accounts', 'adjustments', 'coupons', 'invoices', 'plans', 'subscriptions', 'transactions'];
    const pool = ['code', 'email', 'company', 'state', 'address', 'account_id', 'amount', 'currency', 'description', 'created_at', 'number', 'total', 'name', 'plan_id', 'status', 'invoice_id'];
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const allFields = new Map<string, string[]>();
    for (const s of await client.listStreams(id)) allFields.set(s.tap_stream_id, (await replicatedNames(s.tap_stream_id, s.stream_id)));
    for (let round = 0; round < 12; round++) {
      const streams: Record<string, FileStream> = {};
      for (const n of names) {
        if (r() < 0.3) continue;
        const own = pool.filter((f) => allFields.get(n)!.includes(f) && r() < 0.5);
        const x = r();
        streams[n] = x < 0.2 ? {} : x < 0.4 ? { fields: 'default' } : x < 0.55 ? { fields: 'all' } : x < 0.8 ? { fields: own.length ? own : 'default' } : { fields: { exclude: own } };
      }
      const file: SourceFile = { ...base(), id, streams };
      const planned = await t.engine.plan(file);
      assert.deepEqual(planned.plan.problems, [], `round ${round}`);
      const applied = await t.engine.apply(file, planned);
      assert.ok(applied.ok, `round ${round}: ${JSON.stringify(streams)} ${String(applied.steps.find((s) => !s.ok)?.error)}`);
      const again = await t.engine.plan(file);
      assert.deepEqual(again.plan.calls.map((c) => c.summary), [], `round ${round}: ${JSON.stringify(streams)}\n${again.plan.fileView}\n${again.plan.liveView}`);
      assert.equal(again.plan.fileView, again.plan.liveView);
      await h.clearRequests();
      await t.engine.apply(file, again);
      assert.equal((await apiRequests(h)).length, 0, `round ${round}: a second apply makes 0 requests`);
    }
  });

  async function replicatedNames(tapId: string, streamId: number): Promise<string[]> {
    const m = parseStreamSchema(tapId, (await client.getStreamSchema(id, streamId)) as unknown as StreamSchemaResponse);
    return (m.fields ?? []).map((f) => f.name);
  }
});
