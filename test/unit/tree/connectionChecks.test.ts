/** The Sources rows' connection checks against the emulator over real HTTP: shared reads, following, an account change. */
import assert from 'node:assert/strict';
import type { Source, StitchClient } from '../../../src/api';
import { ConnectionCheckStore } from '../../../src/state/checkStore';
import { ConnectionChecks } from '../../../src/tree/connectionChecks';
import { createCheckingSource, frozenHarnessPerSuite, type Harness } from '../api/emulator-harness';

const CHECK_PATH = /^\/v4\/sources\/\d+\/last-connection-check$/;

describe('tree/ConnectionChecks (emulator)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  let source: Source;
  let ended: number[];
  let checks: ConnectionChecks;

  const suite = frozenHarnessPerSuite();
  beforeEach(async () => {
    h = suite.harness();
    client = suite.client();
    // The suite's clock is frozen: the check the create starts stays running until the test moves time on.
    source = await createCheckingSource(client, 'Checks Test');
    source = await client.getSource(source.id);
    assert.equal(source.report_card?.current_step_type, 'discover_schema');
    await h.clearRequests();
    ended = [];
    checks = new ConnectionChecks(new ConnectionCheckStore(() => client), { ended: (id) => ended.push(id) });
  });
  afterEach(() => checks.dispose());

  it('a load and a change of the same source at once read its check once', async () => {
    await Promise.all([checks.load([source]), checks.loadOne(source), checks.loadOne(source)]);
    assert.equal((await h.requestsTo('GET', CHECK_PATH)).length, 1);
    assert.equal(checks.get(source.id)?.status, 'running');
  });

  it('follows a running check to its end; an account change while a read is out drops its answer and calls nothing', async () => {
    await checks.load([source]);
    assert.equal(checks.get(source.id)?.status, 'running');
    await h.advance(5);
    // The first look comes after 5 s: it sees the end and reports it.
    const deadline = Date.now() + 10_000;
    while (ended.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(ended, [source.id]);
    assert.notEqual(checks.get(source.id)?.status, 'running');

    // Again with a running check, but the account changes while the follow-up read is out.
    const again = new ConnectionChecks(new ConnectionCheckStore(() => client), { ended: (id) => ended.push(id) });
    try {
      await client.updateSource(source.id, { properties: { api_key: 'another-good-key' } });
      await again.load([source]);
      assert.equal(again.get(source.id)?.status, 'running');
      ended = [];
      await h.advance(5);
      await h.fault({ method: 'GET', path: CHECK_PATH.source, kind: 'latency', latencyMs: 1_500 });
      await h.clearRequests();
      const until = Date.now() + 10_000;
      while ((await h.requestsTo('GET', CHECK_PATH)).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      again.clear();
      await new Promise((r) => setTimeout(r, 2_000));
      assert.deepEqual(ended, [], 'nothing reported for an id of the previous account');
      assert.equal(again.get(source.id), undefined, 'the late answer is dropped');
    } finally {
      again.dispose();
    }
  });
});
