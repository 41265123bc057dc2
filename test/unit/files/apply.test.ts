/** Apply against the emulator: refusal when live moved, failure part-way, id written back, drift and deletion seen. */
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import { setInText } from '../../../src/core/sourceFile/text';
import { StalePlanError } from '../../../src/files/engine';
import { frozenHarnessPerSuite, type Harness } from '../api/emulator-harness';
import { apiRequests, fileOf, testEngine, type TestEngine } from './support';

const TEXT = `{
  // Recurly for the finance team
  "$schema": "stitch-schema:/source-types/platform.recurly.json",
  "kind": "source",
  "type": "platform.recurly",
  "displayName": "Apply Test",
  "properties": {
    "subdomain": "acme", // the site name
    "quota_limit": "30",
    "start_date": "2024-01-01T00:00:00Z",
    "api_key": { "$secret": "apply/api_key" }
  },
  "schedule": { "cron": "0 0 6 ? * MON-FRI" },
  "streams": { "accounts": {}, "invoices": {} }
}
`;

describe('files: apply (emulator)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  let t: TestEngine;

  const suite = frozenHarnessPerSuite();
  beforeEach(async () => {
    h = suite.harness();
    client = suite.client();
    t = testEngine(h, client);
    t.secrets.set('apply/api_key', 'k-1');
  });
  afterEach(() => t.store.dispose());

  it('writes the new id back without disturbing comments; the next plan is empty', async () => {
    const file = fileOf(TEXT);
    const result = await t.engine.apply(file, await t.engine.plan(file));
    assert.ok(result.ok && result.createdId);
    const text = setInText(setInText(TEXT, ['id'], result.createdId), ['account'], h.clientId);
    assert.ok(text.includes('// Recurly for the finance team') && text.includes('"subdomain": "acme", // the site name'), 'comments kept');
    assert.equal(text.split('\n').filter((l) => !TEXT.includes(l)).length, 2, 'only the two new lines differ');
    const again = await t.engine.plan(fileOf(text));
    assert.equal(again.plan.status, 'in-sync', again.plan.fileView + again.plan.liveView);
  });

  it('refuses when the live source changed since the plan, sending nothing', async () => {
    const created = await t.engine.apply(fileOf(TEXT), await t.engine.plan(fileOf(TEXT)));
    const file = fileOf(setInText(setInText(TEXT, ['id'], created.createdId), ['properties', 'subdomain'], 'acme2'));
    const planned = await t.engine.plan(file);
    assert.equal(planned.plan.calls.length, 1);
    await client.updateSource(created.createdId!, { properties: { quota_limit: '99' } }); // "from the web app"
    await h.clearRequests();
    await assert.rejects(t.engine.apply(file, planned), StalePlanError);
    assert.deepEqual((await apiRequests(h)).filter((r) => r.method !== 'GET'), [], 'no write');
    const fresh = await t.engine.plan(file);
    assert.deepEqual(fresh.plan.differences.map((d) => d.join('.')).sort(), ['properties.quota_limit', 'properties.subdomain'], 'drift shows on the changed key');
  });

  it('a failure part-way says which calls succeeded; the next plan shows only what is left', async () => {
    await h.fault({ method: 'PUT', path: 'streams/metadata$', kind: 'status', status: 500, times: 1 });
    const file = fileOf(TEXT);
    const result = await t.engine.apply(file, await t.engine.plan(file));
    assert.equal(result.ok, false);
    assert.deepEqual(result.steps.map((s) => `${s.ok ? 'ok' : 'failed'} ${s.call.kind}`), ['ok create', 'failed selection']);
    assert.ok(result.createdId, 'the created id is known, so the file can point at it');
    const rest = await t.engine.plan({ ...file, id: result.createdId });
    assert.deepEqual(rest.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${result.createdId}/streams/metadata: +2 streams`]);
    const finish = await t.engine.apply({ ...file, id: result.createdId }, rest);
    assert.ok(finish.ok);
    assert.equal((await t.engine.plan({ ...file, id: result.createdId })).plan.status, 'in-sync');
  });

  it('an unset secret is an error before any request; another account is refused by name; a deleted source is reported', async () => {
    t.secrets.clear();
    await h.clearRequests();
    const planned = await t.engine.plan(fileOf(TEXT));
    assert.equal(planned.plan.status, 'blocked');
    assert.deepEqual(planned.plan.calls, []);
    assert.deepEqual((await apiRequests(h)).filter((r) => r.method !== 'GET'), []);
    t.secrets.set('apply/api_key', 'k-1');
    const other = await t.engine.plan({ ...fileOf(TEXT), account: 1234 });
    assert.match(other.plan.problems.map((p) => p.message).join('\n'), /for account 1234; the signed-in account is \d+/);
    const created = await t.engine.apply(fileOf(TEXT), await t.engine.plan(fileOf(TEXT)));
    await client.deleteSource(created.createdId!);
    const gone = await t.engine.plan({ ...fileOf(TEXT), id: created.createdId });
    assert.equal(gone.plan.status, 'deleted');
  });
});
