/** The source form's "Load into" against the emulator: offered with two or more destinations, sent on create and (when changed) on edit, a forged id refused. */
import * as assert from 'node:assert/strict';
import { StitchClient } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { SourceFormPanels, sourceFormDeps, type SourceFormPanel } from '../../src/panels/sourceForm/index';
import type { SubmitResult } from '../../src/protocol/sourceForm';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, signIn, signOutAll } from './support';

interface SentBody { method: string; path: string; body: unknown }

const RECURLY = { start_date: '2024-01-01T00:00:00Z', subdomain: 'acme', quota_limit: '50', frequency_in_minutes: '60' };
const PG = { host: 'warehouse.example.com', port: '5432', username: 'stitch', database: 'dw', password: 'pw', ssl: false };
const S3 = { output_file_format: 'csv', s3_bucket: 'b', s3_key_format_string: 'k' };

describe('sourceForm: the destination to load into (emulator)', function () {
  this.timeout(60_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panels: SourceFormPanels;
  let client: StitchClient;
  const sent: SentBody[] = [];
  const opened: SourceFormPanel[] = [];
  let nextId = 1;

  const receive = (panel: SourceFormPanel, params: Record<string, unknown>) =>
    panel.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/submit', params });
  async function submit(panel: SourceFormPanel, params: Record<string, unknown>): Promise<SubmitResult> {
    const response = await receive(panel, params);
    assert.ok(response?.ok, response?.error);
    return response.result as SubmitResult;
  }
  async function open(key: Parameters<SourceFormPanels['open']>[0]): Promise<SourceFormPanel> {
    const panel = panels.open(key);
    opened.push(panel);
    await panel.loading;
    return panel;
  }
  const loadsInto = async (sourceId: number) => (await client.listDestinations({ source_id: sourceId })).map((d) => d.id);
  const sourceWrites = () => sent.filter((s) => s.method !== 'GET' && s.path.startsWith('/v4/sources'));

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Load into');
    const token = em.accounts[0]!.token;
    client = new StitchClient({
      baseUrl: em.url, getToken: async () => token,
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const text = request.method === 'GET' ? '' : await request.clone().text();
        sent.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(request);
      },
    });
    // The destinations come from the extension's own DestinationStore, as in the product.
    assert.ok(api.services.destinationStore, 'the destinations feature exposes its store');
    panels = new SourceFormPanels({ ...sourceFormDeps(api.services), requireClient: () => client, checkDelays: [100, 200, 300, 500] });
  });

  afterEach(() => { for (const p of opened.splice(0)) p.panel.dispose(); });

  after(async () => {
    panels?.dispose();
    await signOutAll(api);
    await em.close();
  });

  let pg = 0;
  let s3 = 0;
  let sourceId = 0;

  it('with one destination the form offers no choice and the create sends no destination_id; a forged id is refused', async () => {
    pg = (await client.createDestination({ type: 'postgres', name: 'Warehouse', properties: PG })).id;
    api.services.destinationStore!.invalidate();
    const panel = await open({ kind: 'new', sourceType: 'platform.recurly' });
    assert.equal(panel.lastState?.destinations, undefined);
    const rejected = panel.channel.rejectedCount;
    const forged = await receive(panel, { displayName: 'Forged', values: { ...RECURLY, api_key: 'k' }, destinationId: pg });
    assert.equal(forged?.ok, false, 'a destination the form did not offer is refused');
    assert.equal(panel.channel.rejectedCount, rejected + 1);
    assert.deepEqual(sourceWrites(), [], 'nothing was sent');
    const result = await submit(panel, { displayName: 'Single', values: { ...RECURLY, api_key: 'k' } });
    assert.ok(result.ok, JSON.stringify(result));
    const post = sourceWrites().find((s) => s.method === 'POST')!;
    assert.equal('destination_id' in (post.body as object), false, JSON.stringify(post.body));
  });

  it('with two destinations the form lists them; the create loads into the chosen one', async () => {
    await control(em, 'POST', 'settings', { maxDestinations: 3 });
    s3 = (await client.createDestination({ type: 's3', name: 'Lake', properties: S3 })).id;
    api.services.destinationStore!.invalidate();
    sent.length = 0;
    const panel = await open({ kind: 'new', sourceType: 'platform.recurly' });
    const choice = panel.lastState?.destinations;
    const labels = new Map(choice?.options.map((o) => [o.id, o.label]));
    assert.deepEqual([...labels.keys()].sort(), [pg, s3].sort(), 'the order is the store’s');
    assert.equal(labels.get(pg), 'Warehouse (PostgreSQL)');
    assert.match(labels.get(s3) ?? '', /^Lake \(Amazon S3\)/);
    assert.equal(choice?.selected, undefined, 'a new source has no destination yet');
    const result = await submit(panel, { displayName: 'Mapped', values: { ...RECURLY, subdomain: 'mapped', api_key: 'k' }, destinationId: s3 });
    assert.ok(result.ok, JSON.stringify(result));
    const post = sourceWrites().find((s) => s.method === 'POST' && s.path === '/v4/sources')!;
    assert.equal((post.body as { destination_id?: number }).destination_id, s3);
    sourceId = panel.sourceId!;
    assert.deepEqual(await loadsInto(sourceId), [s3], 'the emulator maps the source to the chosen destination');
    assert.equal(panel.lastState?.destinations?.selected, s3, 'after the create the form shows where it loads');
  });

  it('on edit the current destination is selected; a change is a minimal PUT, no change sends nothing', async () => {
    sent.length = 0;
    const panel = await open({ kind: 'source', sourceId });
    const state = panel.lastState!;
    assert.equal(state.destinations?.selected, s3);
    const unchanged = await submit(panel, { displayName: state.displayName, values: state.values, destinationId: s3 });
    assert.equal(unchanged.ok, false);
    assert.match(unchanged.banner?.text ?? '', /Nothing to save/);
    assert.deepEqual(sourceWrites(), [], 'the same destination is not sent');
    const moved = await submit(panel, { displayName: state.displayName, values: state.values, destinationId: pg });
    assert.ok(moved.ok, JSON.stringify(moved));
    assert.deepEqual(sourceWrites().map((s) => [s.method, s.path, s.body]), [['PUT', `/v4/sources/${sourceId}`, { destination_id: pg }]]);
    assert.deepEqual(await loadsInto(sourceId), [pg]);
    assert.equal(panel.lastState?.destinations?.selected, pg);
    const rejected = panel.channel.rejectedCount;
    const forged = await receive(panel, { displayName: state.displayName, values: state.values, destinationId: 987_654 });
    assert.equal(forged?.ok, false);
    assert.equal(panel.channel.rejectedCount, rejected + 1);
    assert.equal(sourceWrites().length, 1, 'the forged id never reached Stitch');
  });
});
