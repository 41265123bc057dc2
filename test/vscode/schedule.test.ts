import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StitchClient, type Source } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { openSchedulePanel, SchedulePanel } from '../../src/panels/schedule';
import { SCHEDULE_VIEW_TYPE, type ScheduleDraft, type ScheduleLoadResult, type SchedulePreviewResult, type ScheduleSaveResult } from '../../src/protocol/schedule';
import type { Services } from '../../src/services';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, signIn, signOutAll } from './support';

interface SentBody { method: string; path: string; body: unknown }

describe('schedule panel against the emulator', function () {
  this.timeout(60_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let services: Services;
  let client: StitchClient;
  let sourceId: number;
  let panel: SchedulePanel;
  const sent: SentBody[] = [];
  const fired: Array<number | undefined> = [];
  const disposables: vscode.Disposable[] = [];
  let nextId = 1;

  async function request<T>(method: string, params?: unknown): Promise<T> {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method, params });
    assert.ok(response?.ok, response?.error);
    return response.result as T;
  }
  const puts = () => sent.filter((s) => s.method === 'PUT');

  async function previewAndSave(draft: ScheduleDraft): Promise<{ preview: SchedulePreviewResult; result: ScheduleSaveResult }> {
    const preview = await request<SchedulePreviewResult>('schedule/preview', { draft });
    assert.ok(preview.ok, preview.ok ? '' : preview.message);
    const result = await request<ScheduleSaveResult>('schedule/save', { sourceId, draft, previewRuns: preview.runs });
    return { preview, result };
  }

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator();
    await signIn(em, 0, 'Schedule');
    const { ids } = (await control(em, 'POST', 'seed/sources', { count: 1 })) as { ids: number[] };
    sourceId = ids[0]!;
    const token = em.accounts[0]!.token;
    // A client that records each request body, to prove exactly what was sent.
    client = new StitchClient({
      baseUrl: em.url, getToken: async () => token,
      fetch: async (input, init) => {
        const req = input instanceof Request ? input : new Request(input, init);
        const text = req.method === 'GET' ? '' : await req.clone().text();
        sent.push({ method: req.method, path: new URL(req.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(req);
      },
    });
    const accounts = Object.assign(Object.create(api.services.accounts) as typeof api.services.accounts, { requireClient: () => client, getClient: () => client });
    services = { ...api.services, accounts };
    disposables.push(api.services.sourceEvents.onDidChangeSource((id) => fired.push(id)));
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    SchedulePanel.get(sourceId)?.dispose();
    await control(em, 'POST', 'settings', { cronAllowed: true });
    await signOutAll(api);
    await em.close();
  });

  it('opens for a configured source and loads its schedule, allowed intervals and default', async () => {
    panel = openSchedulePanel(services, sourceId);
    assert.equal(panel.panel.viewType, SCHEDULE_VIEW_TYPE);
    assert.equal(openSchedulePanel(services, sourceId), panel, 'opening again reveals the same panel');
    const load = await request<ScheduleLoadResult>('schedule/load', {});
    assert.equal(load.sourceId, sourceId);
    assert.match(panel.panel.title, /^Schedule: Bulk GitHub/);
    assert.deepEqual(load.setup.frequencies.map((f) => f.value), ['1', '30', '60', '360', '720', '1440']);
    assert.equal(load.setup.frequencies.find((f) => f.value === '360')?.label, 'Every 6 hours');
    assert.ok(load.setup.frequencies.some((f) => f.value === load.setup.defaultFrequency));
    assert.equal(load.current.type, 'interval');
    assert.ok(load.current.nextFireTime);
  });

  it('saves an interval: PUTs only the schedule properties, reads next_fire_time back and agrees', async () => {
    sent.length = 0;
    fired.length = 0;
    const { preview, result } = await previewAndSave({ mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' });
    assert.ok(preview.ok && preview.runs.length === 5);
    assert.deepEqual(puts(), [{ method: 'PUT', path: `/v4/sources/${sourceId}`, body: { properties: { frequency_in_minutes: '360', anchor_time: null, cron_expression: null } } }]);
    // Issue 15: the store accepts the source the PUT returned; next_fire_time is read from it, with no GET after.
    assert.ok(!sent.some((s) => s.method === 'GET' && s.path === `/v4/sources/${sourceId}`), 'no GET after the PUT');
    assert.ok(result.ok);
    assert.equal(result.saved.type, 'interval');
    assert.equal(result.saved.agreement, 'agrees', result.saved.message);
    const source = await client.getSource(sourceId);
    assert.equal(result.saved.nextFireTime, source.schedule?.next_fire_time);
    assert.deepEqual(fired, [sourceId]);
  });

  it('saves an anchored interval whose next run is anchor + k * interval', async () => {
    sent.length = 0;
    const { preview, result } = await previewAndSave({ mode: 'anchored', frequency: '360', anchorTime: '2024-01-01T03:30:00.000Z', cronExpression: '' });
    assert.ok(preview.ok && preview.runs.every((r) => ['03:30', '09:30', '15:30', '21:30'].includes(r.slice(11, 16))));
    assert.deepEqual(puts()[0]?.body, { properties: { frequency_in_minutes: '360', anchor_time: '2024-01-01T03:30:00.000Z', cron_expression: null } });
    assert.ok(result.ok && preview.ok);
    assert.equal(result.saved.agreement, 'agrees', result.saved.message);
    assert.equal(result.saved.nextFireTime, preview.runs[0]!.replace('.000Z', 'Z'));
  });

  it('saves a cron expression: the schedule becomes type cron and agrees with the preview', async () => {
    sent.length = 0;
    const { preview, result } = await previewAndSave({ mode: 'cron', frequency: '360', anchorTime: '', cronExpression: '0 30 2 ? * MON-FRI' });
    assert.equal(preview.ok && preview.description, 'At 02:30 UTC, Monday through Friday');
    assert.deepEqual(puts()[0]?.body, { properties: { cron_expression: '0 30 2 ? * MON-FRI' } });
    assert.ok(result.ok);
    assert.equal(result.saved.type, 'cron');
    assert.equal(result.saved.agreement, 'agrees', result.saved.message);
    const source: Source = await client.getSource(sourceId);
    assert.deepEqual(source.schedule && { type: source.schedule.type, cron: source.schedule.type === 'cron' ? source.schedule.cron_expression : '' },
      { type: 'cron', cron: '0 30 2 ? * MON-FRI' });
    assert.equal(result.current.summary, 'Cron: 0 30 2 ? * MON-FRI');
  });

  it('switching back to interval clears the cron expression', async () => {
    const { result } = await previewAndSave({ mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '0 30 2 ? * MON-FRI' });
    assert.ok(result.ok);
    assert.equal(result.saved.type, 'interval');
    const source = await client.getSource(sourceId);
    assert.equal(source.properties.cron_expression ?? null, null);
  });

  it('a cron AccessDenied (plan without cron) reads as a plan limitation and changes nothing', async () => {
    await control(em, 'POST', 'settings', { cronAllowed: false });
    try {
      const before = await client.getSource(sourceId);
      const draft: ScheduleDraft = { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * *' };
      const { result } = await previewAndSave(draft);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.kind, 'plan');
      assert.match(result.message, /^Cron schedules need a Stitch plan that allows them/);
      assert.equal(result.field, 'cron_expression');
      const after = await client.getSource(sourceId);
      assert.deepEqual(after.schedule?.type, before.schedule?.type);
      // The webview keeps its draft; the same save works once the plan allows cron.
      await control(em, 'POST', 'settings', { cronAllowed: true });
      const retry = await request<ScheduleSaveResult>('schedule/save', { sourceId, draft, previewRuns: [] });
      assert.ok(retry.ok && retry.saved.type === 'cron');
    } finally {
      await control(em, 'POST', 'settings', { cronAllowed: true });
    }
  });

  it('an invalid cron is stopped before any request, with the field named', async () => {
    sent.length = 0;
    const preview = await request<SchedulePreviewResult>('schedule/preview', { draft: { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 1 * MON' } });
    assert.ok(!preview.ok && preview.field === 'cron_expression' && /cannot both be specified/.test(preview.message));
    const saved = await request<ScheduleSaveResult>('schedule/save', { sourceId, draft: { mode: 'interval', frequency: '45', anchorTime: '', cronExpression: '' } });
    assert.ok(!saved.ok && saved.kind === 'invalid' && saved.field === 'frequency_in_minutes');
    assert.deepEqual(puts(), []);
  });

  it('refuses hostile messages without calling the API', async () => {
    sent.length = 0;
    const rejectedBefore = panel.channel.rejectedCount;
    const hostile: unknown[] = [
      { type: 'request', id: nextId++, method: 'schedule/save', params: { sourceId: sourceId + 1, draft: { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '' } } },
      { type: 'request', id: nextId++, method: 'schedule/save', params: { sourceId, draft: { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '', extra: 'x' } } },
      { type: 'request', id: nextId++, method: 'schedule/save', params: JSON.parse(`{"sourceId":${sourceId},"draft":{"mode":"cron","frequency":"60","anchorTime":"","cronExpression":"* * * ? * *"},"__proto__":{"polluted":true}}`) },
      { type: 'request', id: nextId++, method: 'schedule/save', params: { sourceId, draft: { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: 'x'.repeat(100_000) } } },
      { type: 'request', id: nextId++, method: 'schedule/preview', params: { draft: 'interval' } },
      { type: 'request', id: nextId++, method: 'schedule/load', params: { sourceId: 1 } },
      { type: 'request', id: nextId++, method: 'schedule/delete', params: {} },
      { type: 'request', id: 'x', method: 'schedule/load' },
      'schedule/save',
      null,
    ];
    for (const message of hostile) {
      const response = await panel.channel.receive(message);
      if (response) assert.equal(response.ok, false);
    }
    assert.equal(panel.channel.rejectedCount - rejectedBefore, hostile.length);
    assert.deepEqual(sent, []);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('Stitch: Edit Schedule opens the panel from a tree-style argument (when the extension registers it)', async function () {
    if (!(await vscode.commands.getCommands(true)).includes('stitch.editSchedule')) this.skip();
    await vscode.commands.executeCommand('stitch.editSchedule', { sourceId });
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(SCHEDULE_VIEW_TYPE));
    assert.ok(tab, 'a schedule webview tab is open');
    await vscode.window.tabGroups.close(tab);
  });
});
