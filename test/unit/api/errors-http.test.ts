/**
 * Error normalisation end to end: real API errors from the emulator (401, 404, InvalidProperties,
 * InvalidId, bare strings, invalid_fields) and fault-injected ones (HTML, malformed, truncated,
 * empty), plus the runtime shape checks on well-formed JSON of the wrong shape.
 */
import assert from 'node:assert/strict';
import { StitchApiError, StitchClient } from '../../../src/api';
import { startHarness, type Harness } from './emulator-harness';

const START = '2024-01-01T00:00:00Z';

function kindOf(kind: string) {
  return (e: unknown) => {
    assert.ok(e instanceof StitchApiError, `expected a StitchApiError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return true;
  };
}

describe('api errors over HTTP (emulator)', function () {
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

  describe('real API errors', () => {
    it('401 for a wrong token: unauthorized, and the token is in neither message nor details', async () => {
      const secret = 'at_wrong_0123456789abcdef';
      const client = new StitchClient({ baseUrl: h.url, getToken: async () => secret, retry: false });
      await assert.rejects(client.listSources(), (e: unknown) => {
        kindOf('unauthorized')(e);
        const err = e as StitchApiError;
        assert.equal(err.status, 401);
        assert.ok(!err.message.includes(secret));
        assert.ok(!JSON.stringify(err.details ?? null).includes(secret));
        return true;
      });
    });

    it('no stored token: unauthorized before any request is sent', async () => {
      const client = new StitchClient({ baseUrl: h.url, getToken: async () => undefined });
      await assert.rejects(client.listSources(), (e: unknown) => kindOf('unauthorized')(e) && (e as StitchApiError).code === 'NoToken');
      assert.equal((await h.requestsTo('GET', '/v4/sources')).length, 0);
    });

    it('404 for an unknown source', async () => {
      const { client } = h.client();
      await assert.rejects(client.getSource(999_999), (e: unknown) => kindOf('not_found')(e) && (e as StitchApiError).status === 404);
    });

    it('400 InvalidProperties names the bad properties', async () => {
      const { client } = h.client();
      await assert.rejects(
        client.createSource({ type: 'platform.github', display_name: 'Bad', properties: { access_token: 't_token', repository: 'a/b', start_date: 'yesterday' } }),
        (e: unknown) => {
          kindOf('invalid_properties')(e);
          const err = e as StitchApiError;
          assert.equal(err.status, 400);
          assert.equal(err.code, 'InvalidProperties');
          assert.deepEqual(err.badProperties, ['start_date']);
          assert.match(err.message, /properties do not match schema: start_date/);
          return true;
        },
      );
    });

    it('400 InvalidId on PUT is not_found with the API code', async () => {
      const { client } = h.client();
      await assert.rejects(client.updateSource(999_999, { display_name: 'x' }), (e: unknown) => {
        kindOf('not_found')(e);
        assert.equal((e as StitchApiError).status, 400);
        assert.equal((e as StitchApiError).code, 'InvalidId');
        return true;
      });
    });

    it('400 AccessDenied for a plan-gated type is forbidden', async () => {
      const { client } = h.client();
      await assert.rejects(
        client.createSource({ type: 'platform.oracle', display_name: 'Oracle' }),
        (e: unknown) => kindOf('forbidden')(e) && (e as StitchApiError).code === 'AccessDenied',
      );
    });

    it('a bare JSON string body (unknown stream id)', async () => {
      const { client } = h.client();
      const s = await client.createSource({ type: 'platform.github', display_name: 'S', properties: { access_token: 't_token', repository: 'a/b', start_date: START } });
      await assert.rejects(client.getStreamSchema(s.id, 1), (e: unknown) => {
        kindOf('bad_request')(e);
        assert.match((e as StitchApiError).message, /^invalid stream-id: 1/);
        return true;
      });
    });

    it('{"invalid_fields": ...} for an unknown tap_stream_id', async () => {
      const { client } = h.client();
      const s = await client.createSource({ type: 'platform.github', display_name: 'S', properties: { access_token: 't_token', repository: 'a/b', start_date: START } });
      await h.advance(60);
      await assert.rejects(
        client.updateStreamMetadata(s.id, { streams: [{ tap_stream_id: 'nope', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] }),
        (e: unknown) => {
          kindOf('bad_request')(e);
          assert.equal((e as StitchApiError).code, 'InvalidFields');
          assert.match((e as StitchApiError).message, /invalid tap-stream-ids/);
          return true;
        },
      );
    });

    it('{"error":{type:"invalid_source"}} when syncing a deleted source', async () => {
      const { client } = h.client();
      const s = await client.createSource({ type: 'platform.github', display_name: 'S', properties: { access_token: 't_token', repository: 'a/b', start_date: START } });
      await client.deleteSource(s.id);
      await assert.rejects(client.startSync(s.id), (e: unknown) => {
        kindOf('bad_request')(e);
        assert.equal((e as StitchApiError).type, 'invalid_source');
        assert.match((e as StitchApiError).message, /Integration is deleted/);
        return true;
      });
    });
  });

  describe('injected faults', () => {
    it('an HTML error page (502) becomes a server error with the page title', async () => {
      await h.fault({ path: '^/v4/sources$', kind: 'html', status: 502 });
      const { client } = h.client({ retry: false });
      await assert.rejects(client.listSources(), (e: unknown) => {
        kindOf('server')(e);
        assert.equal((e as StitchApiError).status, 502);
        assert.match((e as StitchApiError).message, /HTML error page/);
        assert.doesNotMatch((e as StitchApiError).message, /<html|<body/i);
        return true;
      });
    });

    it('a 2xx with malformed JSON is malformed_response', async () => {
      await h.fault({ path: '^/v4/sources$', kind: 'malformed' });
      const { client } = h.client({ retry: false });
      await assert.rejects(client.listSources(), kindOf('malformed_response'));
    });

    it('a truncated 2xx body (connection closed mid-body) is malformed_response "Truncated"', async () => {
      await h.fault({ path: '^/v4/sources$', kind: 'truncated' });
      const { client, events } = h.client({ retry: false });
      await assert.rejects(client.listSources(), (e: unknown) => {
        kindOf('malformed_response')(e);
        const err = e as StitchApiError;
        assert.equal(err.status, 200);
        assert.equal(err.code, 'Truncated');
        assert.match(err.message, /cut off .*\(GET \/v4\/sources\)/);
        return true;
      });
      assert.deepEqual(events.map((e) => [e.status, e.errorKind]), [[200, 'malformed_response']]);
    });

    it('a truncated GET is retried and then succeeds', async () => {
      await h.fault({ method: 'GET', path: '^/v4/sources$', kind: 'truncated', times: 1 });
      const { client } = h.client();
      assert.deepEqual(await client.listSources(), []);
      assert.equal((await h.requestsTo('GET', '/v4/sources')).length, 2);
    });

    it('a truncated error body is still classified by its status', async () => {
      await h.fault({ path: '^/v4/sources/999999$', kind: 'truncated' });
      const { client } = h.client({ retry: false });
      await assert.rejects(client.getSource(999_999), (e: unknown) => kindOf('not_found')(e) && (e as StitchApiError).status === 404);
    });

    it('a 500 status fault becomes a server error with a readable message', async () => {
      await h.fault({ path: '^/v4/sources$', kind: 'status', status: 500 });
      const { client } = h.client({ retry: false });
      await assert.rejects(client.listSources(), (e: unknown) => {
        kindOf('server')(e);
        assert.equal((e as StitchApiError).status, 500);
        assert.ok((e as StitchApiError).message.length > 10);
        return true;
      });
    });
  });

  describe('runtime shape checks (well-formed JSON, wrong shape)', () => {
    /** A fetch that answers from the emulator but swaps the body, to model an API that changed shape. */
    function rewriting(body: string): typeof fetch {
      return async (input, init) => {
        const res = await fetch(input, init);
        await res.arrayBuffer();
        return new Response(body, { status: res.status, headers: { 'content-type': 'application/json' } });
      };
    }

    it('a list that is not an array', async () => {
      const { client } = h.client({ fetch: rewriting('{"sources":[]}') });
      await assert.rejects(client.listSources(), (e: unknown) => {
        kindOf('malformed_response')(e);
        assert.match((e as StitchApiError).message, /sources is not an array \(GET \/v4\/sources\)/);
        return true;
      });
    });

    it('a source without a numeric id', async () => {
      const { client } = h.client({ fetch: rewriting('[{"id":"12","type":"platform.github"}]') });
      await assert.rejects(client.listSources(), (e: unknown) => kindOf('malformed_response')(e) && /sources\[0\]\.id/.test((e as Error).message));
    });

    it('an empty 2xx body where data is expected', async () => {
      const { client } = h.client({ fetch: rewriting('') });
      await assert.rejects(client.getSourceType('platform.github'), kindOf('malformed_response'));
    });
  });
});
