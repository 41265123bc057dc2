/** Deliberate deviations: off by default, switched per name through the control plane, cleared by reset. */
import assert from 'node:assert/strict';
import type { RunningEmulator } from './index';
import { Client, start } from './test-helpers';

describe('emulator: deliberate deviations', () => {
  let emu: RunningEmulator;
  let api: Client;
  let recurly: { id: number };
  let jobName: string;
  before(async () => {
    ({ emu, api } = await start({ demo: true }));
    recurly = (await api.get<{ id: number; type: string }[]>('/v4/sources')).body.find((s) => s.type === 'platform.recurly')!;
    jobName = (await api.get<{ data: { job_name: string }[] }>(`/v4/${api.clientId}/extractions`)).body.data[0]!.job_name;
  });
  after(() => emu.close());
  afterEach(() => api.control('DELETE', '/deviations'));

  it('all off by default; unknown names or non-boolean values are refused and change nothing', async () => {
    const off = { renamedField: false, numberAsString: false, errorBody: false, logsNoLocation: false };
    assert.deepEqual(await api.control('GET', '/deviations'), off);
    await assert.rejects(api.control('POST', '/deviations', { renamedField: true, typo: true }), /400 .*not understood: typo/);
    await assert.rejects(api.control('POST', '/deviations', { errorBody: 'yes' }), /400 .*not understood: errorBody/);
    assert.deepEqual(await api.control('GET', '/deviations'), off);
  });

  it('renamedField: the streams list sends tap-stream-id', async () => {
    await api.control('POST', '/deviations', { renamedField: true });
    const [first] = (await api.get<Record<string, unknown>[]>(`/v4/sources/${recurly.id}/streams`)).body;
    assert.ok(first && !('tap_stream_id' in first) && typeof first['tap-stream-id'] === 'string');
  });

  it('numberAsString: source ids are strings, in the list and alone', async () => {
    await api.control('POST', '/deviations', { numberAsString: true });
    assert.ok((await api.get<{ id: unknown }[]>('/v4/sources')).body.every((s) => typeof s.id === 'string'));
    assert.equal((await api.get<{ id: unknown }>(`/v4/sources/${recurly.id}`)).body.id, String(recurly.id));
  });

  it('errorBody: every 4xx comes as {"errors":[{"detail"}]} with the original message; 2xx untouched', async () => {
    await api.control('POST', '/deviations', { errorBody: true });
    const missing = await api.get('/v4/sources/999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { errors: [{ detail: 'source not found (999)' }] });
    const stream = await api.get(`/v4/sources/${recurly.id}/streams/1`);
    assert.deepEqual(stream.body, { errors: [{ detail: 'invalid stream-id: 1' }] });
    assert.equal((await api.get('/v4/sources')).status, 200);
  });

  it('logsNoLocation: the 302 has no Location; reset turns every deviation off', async () => {
    await api.control('POST', '/deviations', { logsNoLocation: true, errorBody: true });
    const res = await api.get(`/v4/${api.clientId}/extractions/${jobName}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), null);
    await api.control('POST', '/reset');
    assert.deepEqual(Object.values(await api.control('GET', '/deviations')), [false, false, false, false]);
    assert.match((await api.get(`/v4/${api.clientId}/extractions/${jobName}`)).headers.get('location') ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
  });
});
