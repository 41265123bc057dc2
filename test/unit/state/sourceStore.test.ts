/** The source store against the emulator over real HTTP: what it asks, what it shares, what it keeps. */
import assert from 'node:assert/strict';
import type { Source, StitchClient } from '../../../src/api';
import { SourceStore, type SourceChange } from '../../../src/state/sourceStore';
import { startHarness, type Harness } from '../api/emulator-harness';

describe('state/SourceStore (emulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: StitchClient;
  let source: Source;
  let store: SourceStore;
  let changes: SourceChange[];

  const gets = async (id: number) => (await h.requestsTo('GET', `/v4/sources/${id}`)).length;

  before(async () => {
    h = await startHarness();
    client = h.client({ retry: { limit: 0 } }).client;
  });
  after(async () => { await h?.emu.close(); });
  beforeEach(async () => {
    await h.reset();
    await h.clearFaults();
    source = await client.createSource({ type: 'platform.hubspot', display_name: 'Store Test' });
    await h.clearRequests();
    store = new SourceStore(() => client);
    changes = [];
    store.onDidChange((c) => changes.push(c));
  });
  afterEach(() => store.dispose());

  it('concurrent gets of one source share one request', async () => {
    const answers = await Promise.all([store.get(source.id), store.get(source.id), store.get(source.id, { maxAgeMs: 60_000 }), store.get(source.id)]);
    assert.equal(await gets(source.id), 1, 'one GET /v4/sources/{id} for four callers');
    for (const a of answers) assert.equal(a.display_name, 'Store Test');
    assert.equal(store.peek(source.id)?.id, source.id);
    // A young copy answers without asking; maxAgeMs 0 asks again.
    await store.get(source.id, { maxAgeMs: 60_000 });
    assert.equal(await gets(source.id), 1);
    await store.get(source.id);
    assert.equal(await gets(source.id), 2);
  });

  it('accept updates watchers without a request; a delete takes the source out of the list', async () => {
    await store.loadList();
    const watch = store.watch(source.id);
    await h.clearRequests();
    changes.length = 0;
    const paused = await client.pauseSource(source.id);
    await h.clearRequests();
    store.accept(paused);
    assert.deepEqual(changes.map((c) => c.ids), [[source.id]], 'watchers told once');
    assert.ok(store.peek(source.id)?.paused_at, 'peek shows the paused source');
    // The same answer again changes nothing and fires nothing (set-if-changed).
    store.accept(paused);
    assert.equal(changes.length, 1);
    assert.equal((await h.requests()).filter((r) => !r.path.startsWith('/__emulator')).length, 0, 'no request');
    store.accept(await client.deleteSource(source.id));
    assert.equal(store.list()?.some((s) => s.id === source.id), false, 'deleted sources leave the list');
    assert.ok(store.list({ includeDeleted: true })?.some((s) => s.id === source.id), 'and stay known as deleted');
    assert.equal(changes.at(-1)?.list, true, 'the list changed');
    watch.dispose();
    assert.deepEqual(store.watched(), []);
  });

  it('refreshWatched asks only for watched sources', async () => {
    const other = await client.createSource({ type: 'platform.hubspot', display_name: 'Not Watched' });
    await store.loadList();
    const watch = store.watch(source.id);
    await h.clearRequests();
    await store.refreshWatched();
    assert.equal(await gets(source.id), 1);
    assert.equal(await gets(other.id), 0);
    watch.dispose();
    await store.refreshWatched();
    assert.equal(await gets(source.id), 1, 'no longer watched: not asked');
  });

  it('loadList seeds every entry, so gets within maxAgeMs ask nothing', async () => {
    await client.createSource({ type: 'platform.hubspot', display_name: 'Second' });
    await h.clearRequests();
    const [a, b] = await Promise.all([store.loadList(), store.loadList()]);
    assert.equal(a, b, 'one list request shared');
    assert.equal((await h.requestsTo('GET', '/v4/sources')).length, 1);
    for (const s of a) assert.equal((await store.get(s.id, { maxAgeMs: 60_000 })).id, s.id);
    assert.equal((await h.requestsTo('GET', /^\/v4\/sources\/\d+$/)).length, 0);
    assert.equal(store.list()?.length, a.filter((s) => !s.deleted_at).length);
  });

  it('an account switch drops everything, including answers still on their way', async () => {
    await store.loadList();
    const watch = store.watch(source.id);
    await h.fault({ method: 'GET', path: `/v4/sources/${source.id}`, kind: 'latency', latencyMs: 300, times: 1 });
    const late = store.get(source.id);
    store.reset();
    assert.equal(store.peek(source.id), undefined);
    assert.equal(store.list(), undefined, 'the list is unknown again');
    assert.deepEqual(store.watched(), [], 'watches belonged to the old account');
    assert.equal(changes.at(-1)?.reset, true);
    await late;
    assert.equal(store.peek(source.id), undefined, 'an answer for the old account is not stored');
    watch.dispose();
    assert.deepEqual(store.watched(), []);
  });

  it('a failed refresh keeps the last good value and reports the error', async () => {
    const good = await store.get(source.id);
    store.watch(source.id);
    await h.fault({ method: 'GET', path: `/v4/sources/${source.id}`, kind: 'status', status: 500, times: 5 });
    changes.length = 0;
    await assert.rejects(store.get(source.id), (e: unknown) => (e as { kind?: string }).kind === 'server');
    assert.deepEqual(store.peek(source.id), good, 'the last good value stays');
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]!.ids, [source.id]);
    assert.ok(changes[0]!.error, 'the change carries the error');
    assert.ok(store.errorOf(source.id));
    await store.refreshWatched(); // the poll's refresh fails quietly, reported the same way
    assert.ok(changes.at(-1)?.error);
    await h.clearFaults();
    await store.get(source.id);
    assert.equal(store.errorOf(source.id), undefined, 'a good answer clears the error');
  });

  it('a source gone from the API (404) is dropped', async () => {
    await store.get(source.id);
    await h.fault({ method: 'GET', path: `/v4/sources/${source.id}`, kind: 'status', status: 404, times: 1 });
    await assert.rejects(store.get(source.id));
    assert.equal(store.peek(source.id), undefined);
  });
});
