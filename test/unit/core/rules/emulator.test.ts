// Rules applied for real: the preview's metadata PUTs go to the emulator over HTTP, and the
// selection the emulator then serves matches the preview, stream by stream and field by field.
import assert from 'node:assert/strict';
import type { Properties, StitchClient } from '../../../../src/api';
import { planRules, previewRules, type RulePreview } from '../../../../src/core/rules';
import { isFieldReplicated, parseStreamSchema, splitMetadataBody, type StreamListItem, type StreamModel } from '../../../../src/core/selection';
import { eventually, startHarness, type Harness } from '../../api/emulator-harness';

const START = '2024-01-01T00:00:00Z';

const SOURCES: Record<string, Properties> = {
  'platform.postgres': { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop' },
  'platform.google-analytics': { start_date: START, report_definitions: [{ name: 'Traffic', id: 'r1' }], refresh_token: 'rt', view_id: '123' },
  'platform.salesforce': { api_type: 'BULK', select_fields_by_default: 'true', start_date: START, refresh_token: 'rt' },
  'platform.recurly': { start_date: START, api_key: 'secret-key', subdomain: 'acme', quota_limit: '80', frequency_in_minutes: '30' },
};

/** Two rule lists per type, the second applied on top of the first (so some things are undone). */
const RULES: Record<string, [string[], string[]]> = {
  'platform.postgres': [
    ['shop-public-* method=FULL_TABLE', 'shop-public-*.*', '!*.email', 'shop-public-customer_view view-keys=id', 'shop-public-products.tags'],
    ['shop-public-orders method=INCREMENTAL key=updated_at', 'shop-public-orders.*', '!shop-public-orders.status', 'shop-heroku-orders method=FULL_TABLE'],
  ],
  'platform.google-analytics': [['traffic.*'], ['traffic', 'traffic.ga:30dayUsers', '!traffic.ga:users']],
  'platform.salesforce': [['*.*', '!Lead', '!*.Industry'], ['Account', 'Contact.Email', '!Account.Name']],
  'platform.recurly': [['*', '!*.created_at'], ['accounts.*', 'invoices.*', '!invoices.line_items']],
};

async function discovered(h: Harness, client: StitchClient, type: string): Promise<number> {
  const source = await client.createSource({ type, display_name: `Rules ${type}`, properties: SOURCES[type]! });
  await h.advance(60);
  await eventually(() => client.getLastConnectionCheck(source.id), (c) => c.status !== 'running', 'the connection check to finish');
  return source.id;
}

/** The catalogue as the selection panel reads it: the list, then every stream's schema. */
async function catalogue(client: StitchClient, sourceId: number): Promise<StreamModel[]> {
  const list = await client.listStreams(sourceId);
  return Promise.all(list.map(async (item) => parseStreamSchema(item.tap_stream_id, await client.getStreamSchema(sourceId, item.stream_id), item as StreamListItem)));
}

function assertServerMatches(server: readonly StreamModel[], p: RulePreview): void {
  for (const s of p.streams) {
    const model = server.find((m) => m.tapStreamId === s.id)!;
    const selected = model.selected === true;
    assert.equal(selected, s.outcome === 'selected', `${s.id} selected`);
    if (!selected) continue;
    if (s.method) assert.equal(model.replicationMethod, s.method.value, `${s.id} method`);
    if (s.key) assert.equal(model.replicationKey, s.key.value, `${s.id} key`);
    if (s.viewKeys) assert.deepEqual(model.viewKeyProperties, s.viewKeys.value, `${s.id} view keys`);
    for (const f of s.fields()) {
      const field = model.fields!.find((x) => x.name === f.name)!;
      assert.equal(isFieldReplicated(field, field.selected, true), f.replicated, `${s.id}.${f.name}: preview says ${f.outcome}`);
    }
  }
}

describe('core/rules against the emulator (real HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  before(async () => { h = await startHarness(); client = h.client().client; });
  after(async () => { await h?.emu.close(); });

  for (const type of Object.keys(SOURCES)) {
    it(`${type}: applying the rules' metadata PUTs makes the emulator's selection match the preview, twice over`, async () => {
      const sourceId = await discovered(h, client, type);
      for (const rules of RULES[type]!) {
        const before = await catalogue(client, sourceId);
        const preview = previewRules(before, rules);
        assert.deepEqual(preview.errors, []);
        assert.deepEqual(preview.rules.filter((r) => r.flag === 'matches-nothing'), [], 'every rule of the test matches something');
        const plan = planRules(before, preview);
        assert.deepEqual(plan.refused, []);
        assert.deepEqual(plan.issues.filter((i) => i.severity === 'error'), [], JSON.stringify(plan.issues));
        assert.ok(plan.body.streams.length > 0);
        await h.clearRequests();
        const batches = splitMetadataBody(plan.body, 4);
        for (const batch of batches) await client.updateStreamMetadata(sourceId, batch);
        assert.equal((await h.requestsTo('PUT', `/v4/sources/${sourceId}/streams/metadata`)).length, batches.length);
        const after = await catalogue(client, sourceId);
        assertServerMatches(after, preview);
        assert.deepEqual(planRules(after, previewRules(after, rules)).body, { streams: [] }, 'nothing left to send');
      }
      const source = await client.getSource(sourceId);
      assert.equal((source.report_card as { current_step_type?: string }).current_step_type, 'fully_configured');
    });
  }
});
