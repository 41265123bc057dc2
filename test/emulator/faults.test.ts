/** Fault injection (each mode), the request log, counters and reset. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { RunningEmulator } from './index';
import { Client, start } from './test-helpers';

/** A raw request that reports transport errors instead of throwing, so resets and truncation are observable. */
function raw(url: string, token: string, timeoutMs = 2000): Promise<{ status?: number; body: string; error?: string; headers?: http.IncomingHttpHeaders }> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      res.on('error', (e) => resolve({ status: res.statusCode!, body, error: e.message, headers: res.headers }));
      res.on('aborted', () => resolve({ status: res.statusCode!, body, error: 'aborted', headers: res.headers }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ body: '', error: e.message }));
  });
}

describe('emulator: fault injection and the control plane', () => {
  let emu: RunningEmulator;
  let api: Client;
  before(async () => ({ emu, api } = await start()));
  after(() => emu.close());
  beforeEach(() => api.control('POST', '/reset').then(() => api.control('POST', '/clock', { speed: 0 })));

  const fault = (spec: Record<string, unknown>) => api.control<{ id: string }>('POST', '/faults', spec);

  it('faults are off by default', async () => {
    assert.deepEqual(await api.control('GET', '/faults'), []);
    assert.equal((await api.get('/v4/sources')).status, 200);
  });

  it('status: the given code, limited by times', async () => {
    await fault({ method: 'GET', path: '^/v4/sources$', kind: 'status', status: 503, times: 2 });
    assert.equal((await api.get('/v4/sources')).status, 503);
    assert.equal((await api.post('/v4/sources', { type: 'import_api', display_name: 'I' })).status, 200, 'other methods unaffected');
    assert.equal((await api.get('/v4/sources')).status, 503);
    assert.equal((await api.get('/v4/sources')).status, 200, 'times exhausted');
  });

  it('html: a 502 nginx page', async () => {
    await fault({ path: '^/v4/source-types', kind: 'html' });
    const res = await api.get('/v4/source-types');
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    assert.match(res.text, /<title>502 Bad Gateway<\/title>/);
  });

  it('malformed: 200 with invalid JSON', async () => {
    await fault({ path: '^/v4/sources$', kind: 'malformed' });
    const res = await api.get('/v4/sources');
    assert.equal(res.status, 200);
    assert.throws(() => JSON.parse(res.text));
  });

  it('truncated: a valid response cut mid-body', async () => {
    await fault({ path: '^/v4/source-types$', kind: 'truncated', times: 1 });
    const res = await raw(`${emu.url}/v4/source-types`, api.token);
    assert.equal(res.status, 200);
    assert.ok(res.error, 'the body ends early');
    assert.ok(Number(res.headers!['content-length']) > res.body.length);
    assert.ok(res.body.length > 0);
  });

  it('latency: the answer comes late but intact', async () => {
    await fault({ path: '^/v4/sources$', kind: 'latency', latencyMs: 150 });
    const t0 = Date.now();
    const res = await api.get('/v4/sources');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 140);
  });

  it('reset: the socket is destroyed', async () => {
    await fault({ path: '^/v4/sources$', kind: 'reset' });
    const res = await raw(`${emu.url}/v4/sources`, api.token);
    assert.equal(res.status, undefined);
    assert.match(res.error!, /socket hang up|ECONNRESET/);
  });

  it('timeout: never answers (the client gives up)', async () => {
    await fault({ path: '^/v4/sources$', kind: 'timeout' });
    const res = await raw(`${emu.url}/v4/sources`, api.token, 200);
    assert.equal(res.error, 'client timeout');
  });

  it('rate_limit: 429 with Retry-After', async () => {
    await fault({ path: 'extractions', kind: 'rate_limit', retryAfter: 7 });
    const res = await api.get(`/v4/${api.clientId}/extractions`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
  });

  it('faults can be listed and removed one by one or all at once', async () => {
    const { id } = await fault({ path: '^/v4/sources$', kind: 'status', status: 500 });
    await fault({ path: '^/v4/destinations$', kind: 'status', status: 500 });
    assert.equal((await api.control<any[]>('GET', '/faults')).length, 2);
    await api.control('DELETE', `/faults/${id}`);
    assert.equal((await api.get('/v4/sources')).status, 200);
    assert.equal((await api.get('/v4/destinations')).status, 500);
    await api.control('DELETE', '/faults');
    assert.equal((await api.get('/v4/destinations')).status, 200);
  });

  it('request log and counters by route template; reset clears them, the clock and state', async () => {
    const created = (await api.post('/v4/sources', { type: 'import_api', display_name: 'I' })).body;
    await api.get(`/v4/sources/${created.id}`);
    await api.get(`/v4/sources/${created.id}?x=1`);
    await fetch(`${emu.url}/v4/sources`);
    const log = await api.control<any[]>('GET', '/requests');
    assert.deepEqual(log.map((r) => [r.method, r.path, r.status, r.authorization, r.host]), [
      ['POST', '/v4/sources', 200, true, 'api'],
      ['GET', `/v4/sources/${created.id}`, 200, true, 'api'],
      ['GET', `/v4/sources/${created.id}`, 200, true, 'api'],
      ['GET', '/v4/sources', 401, false, 'api'],
    ]);
    assert.deepEqual(log[2].query, { x: '1' });
    assert.ok(!Number.isNaN(Date.parse(log[0].at)));
    assert.deepEqual(await api.control('GET', '/counters'), { 'POST /v4/sources': 1, 'GET /v4/sources/{source_id}': 2, 'GET /v4/sources': 1 });
    const before = (await api.control('GET', '/clock')).now;
    await api.advance(3600);
    assert.equal(Date.parse((await api.control('GET', '/clock')).now) - Date.parse(before), 3600_000);
    await api.control('POST', '/reset');
    assert.deepEqual(await api.control('GET', '/requests'), []);
    assert.deepEqual(await api.control('GET', '/counters'), {});
    assert.deepEqual((await api.get('/v4/sources')).body, []);
    assert.ok(Date.parse((await api.control('GET', '/clock')).now) - Date.parse(before) < 60_000, 'clock back to its start');
    await api.control('DELETE', '/requests');
    assert.deepEqual(await api.control('GET', '/requests'), []);
  });
});
