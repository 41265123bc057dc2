/**
 * The connection-check store against the emulator over real HTTP: one read for every reader, the
 * setup form's poll and the Sources tree's follower sharing it, an account change, a reader that stops
 * waiting.
 */
import assert from 'node:assert/strict';
import type { Source, StitchClient } from '../../../src/api';
import { CheckPoller, lastCheckOf } from '../../../src/panels/sourceForm/checkPoller';
import { ConnectionCheckStore, type CheckChange } from '../../../src/state/checkStore';
import { ConnectionChecks } from '../../../src/tree/connectionChecks';
import { createCheckingSource, frozenHarnessPerSuite, type Harness } from '../api/emulator-harness';

const CHECK_PATH = /^\/v4\/sources\/\d+\/last-connection-check$/;

describe('state/ConnectionCheckStore (emulator)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  let source: Source;
  let store: ConnectionCheckStore;
  let changes: CheckChange[];
  const reads = async () => (await h.requestsTo('GET', CHECK_PATH)).length;

  const suite = frozenHarnessPerSuite();
  beforeEach(async () => {
    h = suite.harness();
    client = suite.client();
    // The clock is frozen: the check the create starts runs until a test moves time on.
    source = await createCheckingSource(client, 'Check Store Test');
    await h.clearRequests();
    store = new ConnectionCheckStore(() => client);
    changes = [];
    store.onDidChange((c) => changes.push(c));
  });
  afterEach(() => store.dispose());

  it('readers at once share one request; a young answer is reused only when the reader allows it', async () => {
    const answers = await Promise.all([store.read(source.id), store.read(source.id), store.read(source.id, { maxAgeMs: 60_000 })]);
    assert.equal(await reads(), 1, 'one GET …/last-connection-check for three readers');
    for (const a of answers) assert.equal(a?.status, 'running');
    assert.deepEqual(changes.map((c) => [c.sourceId, c.check?.status]), [[source.id, 'running']], 'every subscriber hears the answer once');
    await store.read(source.id, { maxAgeMs: 60_000 });
    assert.equal(await reads(), 1, 'an answer younger than maxAgeMs is reused');
    await store.read(source.id);
    assert.equal(await reads(), 2, 'maxAgeMs 0 asks again');
  });

  it('a source with no check yet reads as null (Stitch answers 404), and other errors reach the reader without a change', async () => {
    const noCheck = await client.createSource({ type: 'platform.hubspot', display_name: 'No Check Yet' });
    assert.equal(await store.read(noCheck.id), null);
    assert.equal(store.peek(noCheck.id), null);
    await h.fault({ method: 'GET', path: CHECK_PATH.source, kind: 'status', status: 500, times: 1 });
    changes.length = 0;
    await assert.rejects(store.read(source.id), (e: Error & { kind?: string }) => e.kind === 'server');
    assert.deepEqual(changes, [], 'a failed read tells no one');
  });

  it('a reader that stops waiting gets an abort; the others still get the answer', async () => {
    await h.fault({ method: 'GET', path: CHECK_PATH.source, kind: 'latency', latencyMs: 800, times: 1 });
    const controller = new AbortController();
    const abandoned = store.read(source.id, { signal: controller.signal });
    const patient = store.read(source.id);
    controller.abort();
    await assert.rejects(abandoned, (e: Error & { kind?: string }) => e.kind === 'aborted');
    assert.equal((await patient)?.status, 'running');
    assert.equal(await reads(), 1);
  });

  it('a read that began before a write started a new check is older news: its caller gets it, the store keeps the new check, later readers ask again', async () => {
    await h.fault({ method: 'GET', path: CHECK_PATH.source, kind: 'latency', latencyMs: 800, times: 1 });
    const late = store.read(source.id);
    await new Promise((r) => setTimeout(r, 100)); // the slow read is out
    store.started(source.id, 'a-newer-check-job');
    const fresh = store.read(source.id); // not the slow read's answer: a new request
    assert.equal((await late)?.name, source.check_job_name, 'the slow read\'s own caller gets what it asked');
    await fresh;
    assert.equal(await reads(), 2);
    assert.equal(changes.filter((c) => c.check?.name === source.check_job_name).length, 1, 'only the new read was told');
  });

  it('an account change while a read is out drops its answer', async () => {
    await h.fault({ method: 'GET', path: CHECK_PATH.source, kind: 'latency', latencyMs: 800, times: 1 });
    const late = store.read(source.id);
    store.reset();
    await late;
    assert.equal(store.peek(source.id), undefined, 'the previous account’s answer is not kept');
    assert.deepEqual(changes, [], 'and not told');
  });

  it('a write that names a new check job makes it known as running, unread; the tree reads only when the source names another job', async () => {
    const tree = new ConnectionChecks(store, { ended: () => undefined });
    try {
      const created = await client.getSource(source.id);
      await h.clearRequests();
      store.started(created.id, created.check_job_name!);
      assert.equal(store.peek(created.id)?.status, 'running');
      await tree.loadOne(created);
      assert.equal(tree.get(created.id)?.status, 'running');
      assert.equal(await reads(), 0, 'the tree knew the running check from the write');
      // A save starts another check while this one runs: the source names a new job, and the tree asks.
      const saved = await client.updateSource(created.id, { properties: { api_key: 'another-good-key' } });
      assert.notEqual(saved.check_job_name, created.check_job_name);
      assert.equal(saved.report_card?.current_step_type, 'discover_schema');
      await tree.loadOne(saved);
      assert.equal(await reads(), 1, 'a new job is read');
      // That check ends and is read once; an ended check is final, so another change of the source reads nothing.
      await h.advance(5);
      assert.equal((await store.read(created.id))?.status, 'succeeded');
      assert.equal(tree.get(created.id)?.status, 'succeeded', 'the tree heard the read');
      await tree.loadOne(saved);
      assert.equal(await reads(), 2);
    } finally {
      tree.dispose();
    }
  });

  it('the setup form’s poll and the Sources tree’s follower read one check through the store: no read of the tree’s own, the end told once', async () => {
    const ended: number[] = [];
    const tree = new ConnectionChecks(store, { ended: (id) => ended.push(id) });
    const poller = new CheckPoller({ fetch: lastCheckOf(store, source.id), delays: [300] });
    try {
      // As after a create: the form starts polling and the tree loads the changed source at the same moment.
      const outcome = poller.run();
      const treeSource = await client.getSource(source.id);
      await h.clearRequests();
      await tree.loadOne(treeSource);
      assert.equal(tree.get(source.id)?.status, 'running');
      await h.advance(5);
      const finished = await outcome;
      assert.equal(finished.kind, 'finished');
      assert.deepEqual(ended, [source.id], 'the tree heard the end from the form’s poll');
      assert.notEqual(tree.get(source.id)?.status, 'running');
      const before = await reads();
      // The tree's first look would come 5 s after its load: the check has ended, so it reads nothing.
      await new Promise((r) => setTimeout(r, 5_500));
      assert.equal(await reads(), before, 'the follower made no read of its own');
      assert.deepEqual(ended, [source.id], 'the end is told once');
    } finally {
      poller.cancel();
      tree.dispose();
    }
  });
});
