/** --catalog with the real 228-entry capture: served unchanged, and every type with steps can be created. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningEmulator } from './index';
import { Client, fixturesDir, haveFixtures, SKIP_FIXTURES, start } from './test-helpers';

describe('emulator: --catalog with the real source-types capture', function () {
  const file = path.join(fixturesDir, 'source-types.json');
  let emu: RunningEmulator;
  let api: Client;
  let cards: any[];

  before(async function () {
    if (!haveFixtures) {
      console.warn(`      skipped: ${SKIP_FIXTURES}`);
      this.skip();
    }
    cards = JSON.parse(fs.readFileSync(file, 'utf8'));
    ({ emu, api } = await start({ catalogFile: file }));
  });
  after(() => emu?.close());

  it('GET /v4/source-types returns the file unchanged (228 entries)', async () => {
    const res = await api.get('/v4/source-types');
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 228);
    assert.deepEqual(res.body, cards);
    assert.deepEqual((await api.get('/v4/source-types/platform.hubspot')).body, cards.find((c) => c.type === 'platform.hubspot'));
  });

  it('creates a source for every type whose card has steps, with a consistent report card', async () => {
    const withSteps = cards.filter((c) => Array.isArray(c.steps));
    assert.equal(withSteps.length, 184);
    const denied = withSteps.filter((c) => c.details?.access === false);
    const first = await api.post('/v4/sources', { type: denied[0].type, display_name: 'denied' });
    assert.deepEqual(first.body, { error: 'AccessDenied', data: { message: `you do not have access to source type (${denied[0].type})` } });
    await api.control('POST', '/settings', { enforceAccess: false }); // a plan that includes everything

    for (const [i, card] of withSteps.entries()) {
      const res = await api.post('/v4/sources', { type: card.type, display_name: `Source ${i}` });
      assert.equal(res.status, 200, `${card.type}: ${res.text.slice(0, 300)}`);
      const rc = res.body.report_card;
      assert.deepEqual(rc.steps.map((s: any) => s.type), card.steps.map((s: any) => s.type), card.type);
      assert.deepEqual(rc.steps.map((s: any) => s.properties.map((p: any) => p.name)), card.steps.map((s: any) => s.properties.map((p: any) => p.name)));
      assert.equal(rc.steps[rc.current_step - 1].type, rc.current_step_type, `${card.type}: current_step and current_step_type agree`);
      // The first incomplete step has a required, unprovided, non-read-only property (or is a later step).
      const step = rc.steps[rc.current_step - 1];
      if (step.type === 'form' || step.type === 'oauth') {
        assert.ok(step.properties.some((p: any) => p.is_required && !p.provided && p.property_type !== 'read_only'), card.type);
      }
      for (const p of rc.steps.flatMap((s: any) => s.properties)) {
        if (p.property_type === 'read_only' && p.is_required) assert.equal(p.provided, true, `${card.type}.${p.name} filled by the system`);
      }
    }
    const sources = (await api.get('/v4/sources')).body;
    assert.equal(sources.length, 184);
  });

  it('types without an authored catalogue get a deterministic synthetic one', async () => {
    const card = cards.find((c) => c.type === 'platform.zendesk');
    const create = async (name: string) =>
      (await api.post('/v4/sources', { type: card.type, display_name: name, properties: { subdomain: 'acme', start_date: '2024-01-01T00:00:00Z', access_token: 'x' } })).body;
    const a = await create('Zendesk A');
    const b = await create('Zendesk B');
    await api.advance(3);
    const sa = (await api.get(`/v4/sources/${a.id}/streams`)).body;
    const sb = (await api.get(`/v4/sources/${b.id}/streams`)).body;
    assert.ok(sa.length >= 5);
    assert.deepEqual(sa.map((s: any) => s.tap_stream_id), sb.map((s: any) => s.tap_stream_id));
    const schema = (await api.get(`/v4/sources/${a.id}/streams/${sa[0].stream_id}`)).body;
    assert.equal(typeof schema.schema, 'string');
    assert.ok(schema.metadata.some((m: any) => m.metadata.inclusion === 'automatic'));
  });
});
