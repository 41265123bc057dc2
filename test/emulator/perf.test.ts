/** A 10,000-stream x 20-field catalogue stays responsive (generated lazily, cached). No timing is asserted
 * tightly (benchmarks live in test/bench); the bounds here only catch an accidental O(n^2). */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, start } from './test-helpers';

describe('emulator: large catalogues', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start({ streams: 10_000, fields: 20 })));
  after(() => emu.close());

  it('lists 10,000 streams, reads a schema and selects streams without stalling', async () => {
    const src = (await api.post('/v4/sources', { type: 'platform.github', display_name: 'Big', properties: { access_token: 't', repository: 'a/b', start_date: '2024-01-01T00:00:00Z' } })).body;
    await api.advance(3);
    let t0 = Date.now();
    const list = (await api.get(`/v4/sources/${src.id}/streams`)).body;
    const listMs = Date.now() - t0;
    assert.equal(list.length, 10_000);
    assert.equal(new Set(list.map((s: any) => s.tap_stream_id)).size, 10_000, 'tap_stream_ids are unique');
    assert.ok(listMs < 3000, `list took ${listMs} ms`);
    t0 = Date.now();
    const schema = (await api.get(`/v4/sources/${src.id}/streams/${list[9999].stream_id}`)).body;
    assert.equal(Object.keys(JSON.parse(schema.schema).properties).length, 20);
    const ids = list.slice(0, 500).map((s: any) => s.tap_stream_id);
    const put = await api.put(`/v4/sources/${src.id}/streams/metadata`, { streams: ids.map((id: string) => ({ tap_stream_id: id, metadata: [{ breadcrumb: [], metadata: { selected: true } }] })) });
    assert.equal(put.status, 200);
    const source = (await api.get(`/v4/sources/${src.id}`)).body;
    assert.equal(source.report_card.current_step_type, 'fully_configured');
    assert.ok(Date.now() - t0 < 3000, `schema + selection + get took ${Date.now() - t0} ms`);
  });

  it('a per-source control call resizes one catalogue', async () => {
    const src = (await api.post('/v4/sources', { type: 'platform.github', display_name: 'Small', properties: { access_token: 't', repository: 'a/b', start_date: '2024-01-01T00:00:00Z' } })).body;
    await api.control('POST', `/sources/${src.id}/catalogue`, { streams: 3, fields: 4 });
    await api.advance(3);
    const list = (await api.get(`/v4/sources/${src.id}/streams`)).body;
    assert.equal(list.length, 3);
  });
});
