// The panel's session against the emulator over real HTTP: what its Apply and its Rules box send.
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import type { StreamMetadataUpdate } from '../../../src/api/types';
import { SelectionSession, type SelectionApi } from '../../../src/panels/selection/session';
import { eventually, startHarness, type Harness } from '../api/emulator-harness';

const POSTGRES = { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop' };
const ORDERS = 'shop-public-orders';

async function discoveredPostgres(h: Harness, client: StitchClient): Promise<number> {
  const source = await client.createSource({ type: 'platform.postgres', display_name: 'Session rules', properties: POSTGRES });
  await h.advance(60);
  await eventually(() => client.getLastConnectionCheck(source.id), (c) => c.status !== 'running', 'the connection check to finish');
  return source.id;
}

/** The real client, remembering the metadata bodies it sent. */
function recording(client: StitchClient): { api: SelectionApi; sent: StreamMetadataUpdate[] } {
  const sent: StreamMetadataUpdate[] = [];
  return {
    sent,
    api: {
      getSource: (id) => client.getSource(id),
      listStreams: (id) => client.listStreams(id),
      getStreamSchema: (id, streamId) => client.getStreamSchema(id, streamId),
      updateStreamMetadata: (id, body) => { sent.push(body); return client.updateStreamMetadata(id, body); },
    },
  };
}

describe('selection session against the emulator (real HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  before(async () => { h = await startHarness(); client = h.client().client; });
  after(async () => { await h?.emu.close(); });

  it('deselecting a stream whose fields are selected on the server sends those field deselections first, and the emulator accepts it', async () => {
    const sourceId = await discoveredPostgres(h, client);
    const rec = recording(client);
    const first = new SelectionSession(() => rec.api, sourceId);
    await first.load();
    await first.loadFields(ORDERS);
    first.edit([{ op: 'stream', stream: ORDERS, selected: true }, { op: 'method', stream: ORDERS, method: 'FULL_TABLE' }, { op: 'allFields', stream: ORDERS, selected: true }]);
    await first.apply();
    const streamId = (await client.listStreams(sourceId)).find((s) => s.tap_stream_id === ORDERS)!.stream_id;
    const selectedFields = (await client.getStreamSchema(sourceId, streamId)).metadata
      .filter((m) => m.breadcrumb.length === 2 && m.metadata['selected'] === true).map((m) => m.breadcrumb[1]);
    assert.ok(selectedFields.length > 0, 'the first apply selected fields');

    // A fresh panel (fields not loaded) and the same one (fields known) both deselect cleanly.
    for (const fresh of [true, false]) {
      const s = fresh ? new SelectionSession(() => rec.api, sourceId) : first;
      if (fresh) await s.load();
      else { s.edit([{ op: 'stream', stream: ORDERS, selected: true }, { op: 'allFields', stream: ORDERS, selected: true }]); await s.apply(); }
      s.edit([{ op: 'stream', stream: ORDERS, selected: false }]);
      await h.clearRequests();
      rec.sent.length = 0;
      await s.apply();
      assert.equal((await h.requestsTo('PUT', `/v4/sources/${sourceId}/streams/metadata`)).filter((r) => r.status === 200).length, 1);
      assert.equal(rec.sent.length, 1);
      const entry = rec.sent[0]!.streams[0]!;
      assert.equal(entry.tap_stream_id, ORDERS);
      assert.deepEqual(entry.metadata.at(-1), { breadcrumb: [], metadata: { selected: false } }, 'the stream entry comes after its fields');
      assert.deepEqual(entry.metadata.slice(0, -1).map((m) => m.breadcrumb[1]).sort(), [...selectedFields].sort());
      assert.ok(entry.metadata.slice(0, -1).every((m) => m.metadata['selected'] === false));
      const after = (await client.getStreamSchema(sourceId, streamId)).metadata;
      assert.equal(after.find((m) => m.breadcrumb.length === 0)!.metadata['selected'], false);
      assert.ok(after.every((m) => m.metadata['selected'] !== true), 'no field left selected');
      assert.equal(s.hasChanges, false);
    }
  });
});
