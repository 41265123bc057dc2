import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StitchClient, type Source } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { checkAgreement } from '../../src/panels/schedule';
import { SourceFormPanels, sourceFormDeps, type SourceFormPanel } from '../../src/panels/sourceForm/index';
import type { ScheduleDraft, SchedulePreviewResult } from '../../src/protocol/schedule';
import type { SubmitResult } from '../../src/protocol/sourceForm';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, signIn, signOutAll } from './support';

interface SentBody { method: string; path: string; body: unknown }

/** What the form sends with the editor embedded: its values without the schedule fields. */
const RECURLY = { start_date: '2024-01-01T00:00:00Z', subdomain: 'acme', quota_limit: '50' };

describe('sourceForm panel with the embedded schedule editor, against the emulator', function () {
  this.timeout(60_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panels: SourceFormPanels;
  let token: string;
  const sent: SentBody[] = [];
  const disposables: vscode.Disposable[] = [];
  let nextId = 1;

  async function request<T>(panel: SourceFormPanel, method: string, params: unknown): Promise<T> {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method, params });
    assert.ok(response?.ok, response?.error);
    return response.result as T;
  }
  async function stitch<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${em.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    assert.equal(r.status, 200, `${method} ${path}`);
    return (await r.json()) as T;
  }
  const posts = () => sent.filter((s) => s.method === 'POST' && s.path === '/v4/sources');

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Source form schedule');
    token = em.accounts[0]!.token;
    const client = new StitchClient({
      baseUrl: em.url, getToken: async () => token,
      fetch: async (input, init) => {
        const req = input instanceof Request ? input : new Request(input, init);
        const text = req.method === 'GET' ? '' : await req.clone().text();
        sent.push({ method: req.method, path: new URL(req.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(req);
      },
    });
    panels = new SourceFormPanels({ ...sourceFormDeps(api.services), requireClient: () => client, checkDelays: [100, 200, 300, 500], oauthDelays: [200] });
    disposables.push(panels);
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    await control(em, 'POST', 'settings', { cronAllowed: true });
    await signOutAll(api);
    await em.close();
  });

  let sourceId = 0;
  const anchored: ScheduleDraft = { mode: 'anchored', frequency: '360', anchorTime: '2024-01-01T03:30:00.000Z', cronExpression: '' };

  it('creates recurly with an anchored interval: the POST carries frequency_in_minutes and anchor_time, and Stitch’s schedule agrees with the preview once configured', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    const setup = panel.lastState?.schedule;
    assert.ok(setup, 'the form state carries the schedule editor’s setup');
    assert.deepEqual(setup.frequencies.map((f) => f.value), ['1', '30', '60', '360', '720', '1440']);
    assert.equal(setup.defaultFrequency, '60');
    assert.deepEqual(setup.initial, { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '' });
    // The embedded editor's only request, answered on the form's channel.
    const preview = await request<SchedulePreviewResult>(panel, 'schedule/preview', { draft: anchored });
    assert.ok(preview.ok, preview.ok ? '' : preview.message);
    assert.equal(preview.runs.length, 5);
    for (const run of preview.runs) assert.match(run, /T(03|09|15|21):30:00\.000Z$/, run);
    const refused = await request<SchedulePreviewResult>(panel, 'schedule/preview', { draft: { ...anchored, frequency: '5' } });
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? '' : refused.field, 'frequency_in_minutes', 'only the type’s intervals');
    // A hostile preview is refused, not answered.
    const rejected = panel.channel.rejectedCount;
    const bad = await panel.channel.receive({ type: 'request', id: nextId++, method: 'schedule/preview', params: { draft: { ...anchored, extra: 1 } } });
    assert.equal(bad?.ok, false);
    assert.equal(panel.channel.rejectedCount, rejected + 1);

    const sentAt = new Date();
    const result = await request<SubmitResult>(panel, 'sourceForm/submit', { displayName: 'Recurly Anchored', values: { ...RECURLY, api_key: 'good-key' }, schedule: anchored });
    assert.deepEqual(result, { ok: true });
    const post = posts().pop()!;
    assert.deepEqual(post.body, {
      type: 'platform.recurly', display_name: 'Recurly Anchored',
      properties: { ...RECURLY, api_key: 'good-key', frequency_in_minutes: '360', anchor_time: '2024-01-01T03:30:00.000Z' },
    });
    sourceId = panel.sourceId!;
    assert.ok(sourceId > 0);
    // The new baseline: the editor is reset to the saved schedule.
    assert.equal(panel.lastState?.resetDraft, true);
    assert.deepEqual(panel.lastState?.schedule?.initial, anchored);
    assert.equal(JSON.stringify(panel.lastState).includes('good-key'), false);
    await panel.watching;
    assert.equal(panel.currentStage, 'fieldSelection');
    // Stitch reports a schedule only once fully configured: select one stream.
    const streams = await stitch<Array<{ tap_stream_id: string }>>('GET', `/v4/sources/${sourceId}/streams`);
    await stitch('PUT', `/v4/sources/${sourceId}/streams/metadata`, { streams: [{ tap_stream_id: streams[0]!.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] });
    const source = await stitch<Source>('GET', `/v4/sources/${sourceId}`);
    assert.equal(source.report_card?.current_step_type, 'fully_configured');
    assert.equal(source.schedule?.type, 'interval');
    assert.equal(Number(source.schedule?.interval), 360);
    assert.match(source.schedule?.next_fire_time ?? '', /T(03|09|15|21):30:00Z$/);
    const fresh = await request<SchedulePreviewResult>(panel, 'schedule/preview', { draft: anchored });
    assert.ok(fresh.ok);
    const agreement = checkAgreement({ draft: anchored, previewRuns: fresh.runs, schedule: source.schedule, sentAt, receivedAt: new Date() });
    assert.equal(agreement.agreement, 'agrees', agreement.message);
    panel.dispose();
  });

  it('an edit sends only the schedule fields that change: back to a plain interval clears anchor_time', async () => {
    const panel = panels.open({ kind: 'source', sourceId });
    await panel.loading;
    await panel.watching;
    assert.deepEqual(panel.lastState?.schedule?.initial, anchored, 'the editor starts from the saved schedule');
    const values = Object.fromEntries(Object.entries(panel.lastState!.values).filter(([k]) => !['frequency_in_minutes', 'anchor_time', 'cron_expression'].includes(k)));
    const unchanged = await request<SubmitResult>(panel, 'sourceForm/submit', { displayName: 'Recurly Anchored', values: { ...values, api_key: '' }, schedule: anchored });
    assert.equal(unchanged.ok, false, JSON.stringify(sent.filter((x) => x.method === 'PUT').pop()));
    assert.equal(unchanged.banner?.kind, 'info', 'nothing to save');
    const interval: ScheduleDraft = { ...anchored, mode: 'interval' };
    assert.deepEqual(await request<SubmitResult>(panel, 'sourceForm/submit', { displayName: 'Recurly Anchored', values: { ...values, api_key: '' }, schedule: interval }), { ok: true });
    const put = sent.filter((s) => s.method === 'PUT' && s.path === `/v4/sources/${sourceId}`).pop()!;
    assert.deepEqual(put.body, { properties: { anchor_time: null } });
    const source = await stitch<Source>('GET', `/v4/sources/${sourceId}`);
    assert.equal(source.properties.anchor_time ?? null, null);
    assert.equal(source.properties.frequency_in_minutes, '360');
    assert.deepEqual(panel.lastState?.schedule?.initial, { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' });
    panel.dispose();
  });

  it('cron without the plan: the POST is refused with the plan message on the schedule, the typed values and key are kept, nothing is created', async () => {
    await control(em, 'POST', 'settings', { cronAllowed: false });
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    const cron: ScheduleDraft = { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * MON-FRI' };
    const preview = await request<SchedulePreviewResult>(panel, 'schedule/preview', { draft: cron });
    assert.ok(preview.ok && preview.runs.length === 5, 'the editor previews cron before saving');
    const before = (await stitch<Source[]>('GET', '/v4/sources')).length;
    const result = await request<SubmitResult>(panel, 'sourceForm/submit', { displayName: 'Recurly Cron', values: { ...RECURLY, api_key: 'good-key' }, schedule: cron });
    assert.equal(result.ok, false);
    assert.equal(result.scheduleError?.kind, 'plan');
    assert.equal(result.scheduleError?.field, 'cron_expression');
    assert.match(result.scheduleError?.message ?? '', /^Cron schedules need a Stitch plan that allows them/);
    assert.equal(result.banner?.kind, 'error');
    assert.match(result.banner?.text ?? '', /Couldn't create the source: Cron schedules need a Stitch plan that allows them/);
    const post = posts().pop()!;
    assert.deepEqual((post.body as { properties: Record<string, unknown> }).properties.cron_expression, '0 0 12 ? * MON-FRI');
    // The webview keeps everything typed: no new baseline, the same key, the spinner ended.
    assert.equal(panel.lastState?.resetDraft, undefined);
    assert.deepEqual(panel.key, { kind: 'new', sourceType: 'platform.recurly' });
    assert.equal(panel.lastState?.busy, false);
    assert.equal(panel.lastState?.banner?.text, result.banner?.text);
    assert.equal((await stitch<Source[]>('GET', '/v4/sources')).length, before, 'no source created');
    // Choosing an interval instead goes through, with the same typed values.
    assert.deepEqual(await request<SubmitResult>(panel, 'sourceForm/submit', { displayName: 'Recurly Cron', values: { ...RECURLY, api_key: 'good-key' }, schedule: { ...cron, mode: 'interval' } }), { ok: true });
    assert.deepEqual((posts().pop()!.body as { properties: Record<string, unknown> }).properties, { ...RECURLY, api_key: 'good-key', frequency_in_minutes: '60' });
    await eventually(() => panel.sourceId, 'the created source');
    panel.dispose();
  });

  it('refuses a schedule draft that is not what the editor sends', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    const rejected = panel.channel.rejectedCount;
    const count = posts().length;
    for (const schedule of [{ mode: 'weekly' }, { ...anchored, cronExpression: 'x'.repeat(300) }, { ...anchored, __proto__: { a: 1 } }, 'cron', [anchored]]) {
      const response = await panel.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/submit', params: { displayName: 'Hostile', values: RECURLY, schedule } });
      assert.equal(response?.ok, false, JSON.stringify(schedule));
    }
    assert.equal(panel.channel.rejectedCount - rejected, 5);
    assert.equal(posts().length, count, 'nothing posted');
    panel.dispose();
  });
});
