/**
 * The jobs endpoints against the emulator: the log redirect without the token, the client-side
 * jobs budget (injected clock) and pagination over relative links.
 */
import assert from 'node:assert/strict';
import { JobsBudget, parseStreamSchema, StitchApiError, type Source, type StitchClient } from '../../../src/api';
import { FakeClock } from './fake-clock';
import { eventually, startHarness, type Harness } from './emulator-harness';

const START = '2024-01-01T00:00:00Z';

/** A fully configured GitHub source with every stream and field selected, synced once. */
async function syncedSource(h: Harness, client: StitchClient, name: string, streamLimit = 1): Promise<{ source: Source; jobName: string }> {
  const source = await client.createSource({
    type: 'platform.github',
    display_name: name,
    properties: { access_token: 'ghp_token_value', repository: 'a/b', start_date: START },
  });
  await h.advance(60);
  await eventually(() => client.getLastConnectionCheck(source.id), (c) => c.status === 'succeeded', 'the check to succeed');
  const streams = (await client.listStreams(source.id)).slice(0, streamLimit);
  const updates = [];
  for (const stream of streams) {
    const schema = parseStreamSchema(await client.getStreamSchema(source.id, stream.stream_id));
    updates.push({
      tap_stream_id: stream.tap_stream_id,
      metadata: [
        { breadcrumb: [], metadata: { selected: true } },
        ...Object.keys(schema.properties ?? {}).map((f) => ({ breadcrumb: ['properties', f], metadata: { selected: true } })),
      ],
    });
  }
  await client.updateStreamMetadata(source.id, { streams: updates });
  const { job_name } = await client.startSync(source.id);
  await h.advance(600);
  return { source, jobName: job_name };
}

describe('api jobs endpoints (emulator)', function () {
  this.timeout(30_000);
  let h: Harness;

  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.emu.close();
  });
  beforeEach(async () => {
    await h.reset();
    await h.clearFaults();
    await h.clearRequests();
  });

  describe('extraction logs redirect', () => {
    it('follows the 302 to the log host without the Authorization header and returns the text', async () => {
      const { client, events } = h.client();
      const { jobName } = await syncedSource(h, client, 'Logs');
      await h.clearRequests();
      events.length = 0;

      const text = await client.getExtractionLogs(h.clientId, jobName);
      assert.ok(text.length > 0);
      assert.match(text, /\n/, 'a multi-line text log');

      const seen = (await h.requests()).filter((r) => !r.path.startsWith('/__emulator'));
      const api = seen.filter((r) => r.host === 'api');
      const logs = seen.filter((r) => r.host === 'logs');
      assert.equal(api.length, 1);
      assert.equal(api[0]!.status, 302);
      assert.equal(api[0]!.authorization, true, 'the API call carries the token');
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.status, 200);
      assert.equal(logs[0]!.authorization, false, 'the log host never receives the token');

      assert.deepEqual(events.map((e) => [e.host, e.status]), [['api', 302], ['logs', 200]]);
      assert.ok(!JSON.stringify(events).includes('?'), 'no presigned query string reaches the logger');
    });
  });

  describe('jobs budget (injected clock)', () => {
    it('sends at most 30 jobs requests per 10 minutes across extractions, loads and logs, then refuses', async () => {
      const clock = new FakeClock();
      const budget = new JobsBudget({ clock, maxWaitMs: 0 });
      const { client } = h.client({ jobsBudget: budget });
      const { jobName } = await syncedSource(h, h.client().client, 'Budget');
      await h.clearRequests();

      for (let i = 0; i < 10; i++) {
        await client.listExtractions(h.clientId);
        await client.listLoads(h.clientId);
        await client.getExtractionLogs(h.clientId, jobName);
      }
      assert.deepEqual(client.jobsBudgetStatus(h.clientId), {
        limit: 30,
        windowMs: 600_000,
        used: 30,
        remaining: 0,
        resetAt: clock.now() + 600_000,
      });

      await assert.rejects(client.listLoads(h.clientId), (e: unknown) => {
        assert.ok(StitchApiError.is(e, 'budget_exhausted'));
        assert.equal(e.status, 0);
        assert.equal(e.retryAfterMs, 600_000);
        return true;
      });
      await assert.rejects(client.listExtractions(h.clientId), (e: unknown) => StitchApiError.is(e, 'budget_exhausted'));
      // Non-jobs endpoints are not budgeted.
      await client.listSources();

      const jobsRequests = (await h.requests()).filter((r) => r.host === 'api' && /\/(extractions|loads)/.test(r.path));
      assert.equal(jobsRequests.length, 30, 'the API never saw more than the budget');

      clock.advance(600_000);
      assert.equal(client.jobsBudgetStatus(h.clientId)?.remaining, 30);
      await client.listLoads(h.clientId);
    });

    it('queues a request until a slot frees when the wait is within maxWaitMs', async () => {
      const clock = new FakeClock();
      const budget = new JobsBudget({ clock, limit: 2, windowMs: 60_000, maxWaitMs: 60_000 });
      const { client } = h.client({ jobsBudget: budget });
      await client.listLoads(h.clientId);
      clock.advance(10_000);
      await client.listLoads(h.clientId);
      await client.listLoads(h.clientId); // waits 50 s of fake time
      assert.deepEqual(clock.sleeps, [50_000]);
      assert.equal((await h.requestsTo('GET', /\/loads$/)).length, 3);
    });

    it('each retry attempt of a jobs request is charged', async () => {
      const clock = new FakeClock();
      const budget = new JobsBudget({ clock, maxWaitMs: 0 });
      const { client } = h.client({ jobsBudget: budget });
      await h.fault({ method: 'GET', path: '/loads$', kind: 'status', status: 503, times: 1 });
      await client.listLoads(h.clientId);
      assert.equal(client.jobsBudgetStatus(h.clientId)?.used, 2);
    });

    it('clients sharing one JobsBudget share one window per account', async () => {
      const clock = new FakeClock();
      const budget = new JobsBudget({ clock, limit: 3, maxWaitMs: 0 });
      const a = h.client({ jobsBudget: budget }).client;
      const b = h.client({ jobsBudget: budget }).client;
      await a.listLoads(h.clientId);
      await b.listLoads(h.clientId);
      await a.listExtractions(h.clientId);
      await assert.rejects(b.listExtractions(h.clientId), (e: unknown) => StitchApiError.is(e, 'budget_exhausted'));
    });
  });

  describe('pagination', () => {
    it('iterates extraction and load pages through relative links, with a page cap', async () => {
      const { client } = h.client();
      // 250 configured sources, each with a finished extraction and loads (emulator seeding helper).
      await h.control('POST', '/__emulator/seed/sources', { count: 250 });

      const first = await client.listExtractions(h.clientId);
      assert.equal(first.total, 250);
      assert.equal(first.data.length, 100);
      assert.equal(first.page, 1);
      assert.equal(first.links.next, `/v4/${h.clientId}/extractions?page=2`);
      assert.equal(first.links.previous, undefined);

      await h.clearRequests();
      const all = await client.listAllExtractions(h.clientId);
      assert.equal(all.data.length, 250);
      assert.equal(all.pages, 3);
      assert.equal(all.complete, true);
      assert.equal(new Set(all.data.map((x) => x.source_id)).size, 250, 'no duplicates across pages');
      assert.deepEqual(
        (await h.requestsTo('GET', /\/extractions$/)).map((r) => r.query),
        [{}, { page: '2' }, { page: '3' }],
        'followed links.next: page 1, 2, 3',
      );

      const capped = await client.listAllExtractions(h.clientId, { maxPages: 2 });
      assert.equal(capped.pages, 2);
      assert.equal(capped.data.length, 200);
      assert.equal(capped.complete, false);

      const third = await client.listExtractions(h.clientId, { page: 3 });
      assert.equal(third.page, 3);
      assert.equal(third.data.length, 50);
      assert.equal(third.links.next, undefined);
      assert.equal(third.links.previous, `/v4/${h.clientId}/extractions?page=2`);

      const loads = await client.listAllLoads(h.clientId, { maxPages: 50 });
      assert.ok(loads.total > 100, 'loads span several pages');
      assert.equal(loads.data.length, loads.total);
      assert.equal(loads.pages, Math.ceil(loads.total / 100));
      const pages = [];
      for await (const page of client.iterateLoads(h.clientId, { startPage: 2, maxPages: 1 })) pages.push(page);
      assert.deepEqual(pages.map((p) => p.page), [2]);
    });

    it('a single page has empty links and the iterator stops after it', async () => {
      const { client } = h.client();
      await syncedSource(h, client, 'Single');
      const pages = [];
      for await (const page of client.iterateExtractions(h.clientId)) pages.push(page);
      assert.equal(pages.length, 1);
      assert.deepEqual(pages[0]!.links, {});
      assert.equal(pages[0]!.data.length, pages[0]!.total);
      assert.equal((await h.requestsTo('GET', /\/extractions$/)).length, 1);
    });
  });
});
