/**
 * Retries against the emulator: GETs on 503, 429 + Retry-After, resets and timeouts are retried with
 * back-off; POST, PUT and DELETE never are. Counts come from the emulator's own request log.
 */
import assert from 'node:assert/strict';
import { StitchApiError } from '../../../src/api';
import { startHarness, type Harness } from './emulator-harness';

const START = '2024-01-01T00:00:00Z';

describe('api retries and timeouts (emulator)', function () {
  this.timeout(20_000);
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

  it('retries a GET on 503 with back-off and succeeds; every attempt is reported', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'status', status: 503, times: 2 });
    const { client, events } = h.client();
    const sources = await client.listSources();
    assert.deepEqual(sources, []);
    const seen = await h.requestsTo('GET', '/v4/sources');
    assert.deepEqual(seen.map((r) => r.status), [503, 503, 200]);
    assert.deepEqual(events.map((e) => [e.attempt, e.status]), [[1, 503], [2, 503], [3, 200]]);
    assert.ok(events[0]!.retryInMs! >= 2 && events[0]!.retryInMs! <= 5, 'first back-off within [base/2, base]');
    assert.ok(events[1]!.retryInMs! >= 5 && events[1]!.retryInMs! <= 10, 'second back-off doubles');
    assert.equal(events[2]!.retryInMs, undefined);
  });

  it('gives up after the retry limit with the last error and the attempt count', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'status', status: 503 });
    const { client } = h.client();
    await assert.rejects(client.listSources(), (e: unknown) => {
      assert.ok(StitchApiError.is(e, 'server'));
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 3);
      return true;
    });
    assert.equal((await h.requestsTo('GET', '/v4/sources')).length, 3);
  });

  it('honours Retry-After on 429 before retrying', async () => {
    await h.fault({ method: 'GET', path: '^/v4/source-types$', kind: 'rate_limit', retryAfter: 1, times: 1 });
    const { client, events } = h.client();
    const started = Date.now();
    const types = await client.listSourceTypes();
    assert.ok(types.length > 0);
    assert.ok(Date.now() - started >= 950, 'waited about the Retry-After second');
    assert.equal(events[0]!.status, 429);
    assert.equal(events[0]!.retryInMs, 1000);
    assert.deepEqual((await h.requestsTo('GET', '/v4/source-types')).map((r) => r.status), [429, 200]);
  });

  it('does not wait out a Retry-After longer than the cap: fails fast with retryAfterMs', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'rate_limit', retryAfter: 120 });
    const { client } = h.client();
    await assert.rejects(client.listSources(), (e: unknown) => {
      assert.ok(StitchApiError.is(e, 'rate_limited'));
      assert.equal(e.retryAfterMs, 120_000);
      return true;
    });
    assert.equal((await h.requestsTo('GET', '/v4/sources')).length, 1);
  });

  it('never retries POST, PUT or DELETE, even on 503', async () => {
    const { client } = h.client();
    const s = await client.createSource({ type: 'platform.github', display_name: 'S', properties: { access_token: 't_token', repository: 'a/b', start_date: START } });
    await h.clearRequests();
    await h.fault({ path: '^/v4/', kind: 'status', status: 503 });

    const attempts: [string, () => Promise<unknown>, string, RegExp][] = [
      ['POST source', () => client.createSource({ type: 'platform.github', display_name: 'T' }), 'POST', /^\/v4\/sources$/],
      ['PUT source', () => client.updateSource(s.id, { display_name: 'U' }), 'PUT', new RegExp(`^/v4/sources/${s.id}$`)],
      ['DELETE source', () => client.deleteSource(s.id), 'DELETE', new RegExp(`^/v4/sources/${s.id}$`)],
      ['POST sync', () => client.startSync(s.id), 'POST', /\/sync$/],
      ['DELETE sync', () => client.stopSync(s.id), 'DELETE', /\/sync$/],
      ['PUT metadata', () => client.updateStreamMetadata(s.id, { streams: [] }), 'PUT', /\/streams\/metadata$/],
      ['POST destination', () => client.createDestination({ type: 'postgres', properties: {} }), 'POST', /^\/v4\/destinations$/],
    ];
    for (const [label, run, method, path] of attempts) {
      await assert.rejects(run(), (e: unknown) => StitchApiError.is(e, 'server') && e.attempts === 1, label);
      assert.equal((await h.requestsTo(method, path)).length, 1, `${label} was sent once`);
    }
  });

  it('retries a GET after a connection reset', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'reset', times: 1 });
    const { client, events } = h.client();
    assert.deepEqual(await client.listSources(), []);
    assert.equal(events[0]!.status, 0);
    assert.equal(events[0]!.errorKind, 'network');
    assert.ok(events[0]!.retryInMs !== undefined);
    assert.equal(events.at(-1)!.status, 200);
  });

  it('does not retry a POST after a connection reset (it may have been applied)', async () => {
    await h.fault({ method: 'POST', path: '^/v4/sources$', kind: 'reset' });
    const { client, events } = h.client();
    await assert.rejects(
      client.createSource({ type: 'platform.github', display_name: 'R' }),
      (e: unknown) => StitchApiError.is(e, 'network') && e.status === 0,
    );
    assert.equal(events.length, 1);
  });

  it('times out a slow answer, retries the GET, and reports timeout', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'latency', latencyMs: 1_000 });
    const { client, events } = h.client({ timeoutMs: 100, retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 5 } });
    const started = Date.now();
    await assert.rejects(client.listSources(), (e: unknown) => {
      assert.ok(StitchApiError.is(e, 'timeout'));
      assert.equal(e.status, 0);
      assert.match(e.message, /within 100 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 900, 'did not wait for the slow server');
    assert.deepEqual(events.map((e) => [e.attempt, e.errorKind]), [[1, 'timeout'], [2, 'timeout']]);
  });

  it('a server that never answers ("timeout" fault) ends in a timeout error', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'timeout' });
    const { client } = h.client({ timeoutMs: 150, retry: false });
    await assert.rejects(client.listSources(), (e: unknown) => StitchApiError.is(e, 'timeout'));
  });

  it('a caller can cancel; a cancelled request is not retried', async () => {
    await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'latency', latencyMs: 1_000 });
    const { client, events } = h.client();
    const controller = new AbortController();
    const pending = client.listSources({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: unknown) => StitchApiError.is(e, 'aborted'));
    assert.equal(events.length, 1);
  });

  it('the logger hook sees method, path, status, duration, attempt: never the token or a body', async () => {
    const { client, events } = h.client();
    await client.createSource({ type: 'platform.github', display_name: 'Logged', properties: { access_token: 'ghp_secret_value', repository: 'a/b', start_date: START } });
    await client.listSources();
    const text = JSON.stringify(events);
    assert.ok(!text.includes(h.token));
    assert.ok(!text.includes('ghp_secret_value'));
    for (const e of events) {
      assert.deepEqual(Object.keys(e).sort(), ['attempt', 'durationMs', 'host', 'method', 'path', 'status']);
      assert.ok(e.durationMs >= 0);
    }
    assert.deepEqual(events.map((e) => `${e.method} ${e.path} ${e.status}`), ['POST /v4/sources 200', 'GET /v4/sources 200']);
  });
});
