import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { StitchClient } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { registerCommandTables } from '../../src/commands/table';
import { selectionCommands } from '../../src/panels/selection/index';
import { SelectionPanel } from '../../src/panels/selection/selectionPanel';
import type { SelectionDeps } from '../../src/panels/selection/selectionPanel';
import { sourceFeedFor } from '../../src/panels/sourceFeed';
import { planRules, previewRules } from '../../src/core/rules';
import { parseStreamSchema, type StreamListItem } from '../../src/core/selection';
import type {
  RulePreviewMessage, RulesApplyResult, SelectionApplyResult, SelectionEditResult, SelectionLoadFieldsResult, SelectionState,
} from '../../src/protocol/selection';
import { decodeRulePreview } from '../../webview/selection/rulesPreviewData';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';

const PG = { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop', ssl: 'true', frequency_in_minutes: '60' };

describe('selection panel against the emulator', function () {
  this.timeout(90_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panel: SelectionPanel;
  let sourceId: number;
  const sent: Array<{ method: string; path: string; body: unknown }> = [];
  const fired: Array<number | undefined> = [];
  const disposables: vscode.Disposable[] = [];
  let nextId = 1;
  let client: StitchClient;
  let deps: SelectionDeps;

  async function call<T>(method: string, params: unknown = {}): Promise<{ ok: boolean; result?: T; error?: string }> {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method, params });
    assert.ok(response);
    return response as { ok: boolean; result?: T; error?: string };
  }
  async function ok<T>(method: string, params: unknown = {}): Promise<T> {
    const r = await call<T>(method, params);
    assert.ok(r.ok, r.error);
    return r.result as T;
  }
   
  async function stitch(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${em.url}${path}`, { method, headers: { Authorization: `Bearer ${em.accounts[0]!.token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return res.json();
  }

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Selection');
    const created = await stitch('POST', '/v4/sources', { type: 'platform.postgres', display_name: 'Shop DB', properties: PG });
    sourceId = created.id;
    await control(em, 'POST', 'clock', { advanceSeconds: 3 });
    const source = await stitch('GET', `/v4/sources/${sourceId}`);
    assert.equal(source.report_card.current_step_type, 'field_selection');
    const token = em.accounts[0]!.token;
    client = new StitchClient({
      baseUrl: em.url, getToken: async () => token, retry: false,
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const text = request.method === 'GET' ? '' : await request.clone().text();
        sent.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(request);
      },
    });
    const services = api.services;
    deps = {
      extensionUri: services.context.extensionUri, requireClient: () => client, activeAccountId: () => services.accounts.active?.id,
      log: services.log, redactor: services.redactor, feed: sourceFeedFor(services),
    };
    disposables.push(services.state.sources.onDidChange((c) => fired.push(...c.ids)));
    panel = SelectionPanel.create(deps, sourceId);
    disposables.push(panel);
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    await em?.close();
  });

  it('stitch.selectStreams opens one panel per source (number or {sourceId})', async () => {
    if (!(await vscode.commands.getCommands(true)).includes('stitch.selectStreams')) disposables.push(...registerCommandTables([selectionCommands(api.services)]));
    assert.equal(await vscode.commands.executeCommand('stitch.selectStreams', sourceId), sourceId);
    assert.equal(await vscode.commands.executeCommand('stitch.selectStreams', { sourceId }), sourceId);
    const hook = await vscode.commands.executeCommand<{ panels: Map<number, SelectionPanel> }>('stitch.selection.testHook');
    assert.equal(hook.panels.size, 1);
    const opened = hook.panels.get(sourceId)!;
    await eventually(() => opened.panel.title.includes('Shop DB') || undefined, 'the panel title names the source');
    opened.dispose();
    assert.equal(hook.panels.size, 0);
  });

  it('dist/panels.js, loaded as the host loads it, provides the panel', async () => {
    // The command above opened a panel through the extension (dist/extension.js), which loads the
    // panels' bundle beside it on first use.
    const file = path.join(api.services.context.extensionUri.fsPath, 'dist', 'panels.js');
    assert.ok(require.cache[file], 'opening a panel did not load dist/panels.js');
    const loaded = require(file) as typeof import('../../src/panels/implementations');
    const other = loaded.SelectionPanel.create(deps, sourceId);
    disposables.push(other);
    const response = await other.channel.receive({ type: 'request', id: nextId++, method: 'selection/init', params: {} }) as { ok: boolean; result?: SelectionState; error?: string };
    assert.ok(response.ok, response.error);
    assert.equal(response.result!.source.step, 'field_selection');
    assert.ok(response.result!.streams.some((s) => s.id === 'shop-public-customer_view'));
    other.dispose();
  });

  it('loads streams, then fields only for the stream that is expanded', async () => {
    await control(em, 'DELETE', 'requests');
    const state = await ok<SelectionState>('selection/init', {});
    assert.equal(state.source.step, 'field_selection');
    const view = state.streams.find((s) => s.id === 'shop-public-customer_view')!;
    assert.equal(view.isView, true);
    assert.equal(view.location, 'shop.public');
    assert.deepEqual(Object.keys(state.fields), []);
    const loaded = await ok<SelectionLoadFieldsResult>('selection/loadFields', { stream: 'shop-public-customer_view' });
    assert.deepEqual(loaded.fields.map((f) => [f.name, f.type]), [['id', 'integer'], ['email', 'character varying'], ['updated_at', 'timestamp with time zone']]);
    const fieldLoads = (await requests(em)).filter((r) => /\/streams\/\d+$/.test(r.path));
    assert.deepEqual(fieldLoads.map((r) => r.path), [`/v4/sources/${sourceId}/streams/${view.streamId}`]);
  });

  it('INCREMENTAL without a key is an inline error that blocks Apply with no request sent', async () => {
    await ok<SelectionLoadFieldsResult>('selection/loadFields', { stream: 'shop-public-customers' });
    const r = await ok<SelectionEditResult>('selection/edit', { ops: [{ op: 'stream', stream: 'shop-public-customers', selected: true }, { op: 'method', stream: 'shop-public-customers', method: 'INCREMENTAL' }] });
    assert.match(r.streams[0]!.issues.map((i) => i.message).join(' '), /needs a replication key/);
    assert.equal(r.summary.canApply, false);
    sent.length = 0;
    const applied = await call('selection/apply');
    assert.equal(applied.ok, false);
    assert.match(applied.error!, /replication key/);
    assert.deepEqual(sent, [], 'nothing reached the server');
  });

  it('a 500 on apply keeps the staged edits', async () => {
    await ok<SelectionEditResult>('selection/edit', { ops: [
      { op: 'key', stream: 'shop-public-customers', key: 'updated_at' },
      { op: 'stream', stream: 'shop-public-customer_view', selected: true },
      { op: 'method', stream: 'shop-public-customer_view', method: 'FULL_TABLE' },
      { op: 'viewKey', stream: 'shop-public-customer_view', field: 'id', on: true },
      { op: 'field', stream: 'shop-public-customer_view', field: 'email', selected: true },
    ] });
    const before = (await ok<SelectionState>('selection/init', {})).staged;
    await control(em, 'POST', 'faults', { path: '/streams/metadata$', method: 'PUT', kind: 'status', status: 500, times: 1 });
    const failed = await call('selection/apply');
    assert.equal(failed.ok, false);
    assert.match(failed.error!, /500/);
    const after = await ok<SelectionState>('selection/init', {});
    assert.deepEqual(after.staged, before);
    assert.equal(after.summary.text, '2 streams, 1 field added');
    assert.equal((await stitch('GET', `/v4/sources/${sourceId}`)).report_card.current_step_type, 'field_selection');
  });

  it('applies the minimal PUT body; the source becomes fully_configured with a schedule', async () => {
    sent.length = 0;
    fired.length = 0;
    const result = await ok<SelectionApplyResult>('selection/apply');
    assert.equal(result.becameConfigured, true);
    assert.equal(result.appliedText, '2 streams, 1 field added');
    const puts = sent.filter((s) => s.method === 'PUT');
    assert.deepEqual(puts.map((p) => p.body), [{ streams: [
      { tap_stream_id: 'shop-public-customers', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at' } }] },
      { tap_stream_id: 'shop-public-customer_view', metadata: [
        { breadcrumb: [], metadata: { selected: true, 'replication-method': 'FULL_TABLE', 'view-key-properties': ['id'] } },
        { breadcrumb: ['properties', 'email'], metadata: { selected: true } },
      ] },
    ] }]);
    const source = await stitch('GET', `/v4/sources/${sourceId}`);
    assert.equal(source.report_card.current_step_type, 'fully_configured');
    assert.ok(source.schedule, 'a schedule once fully configured');
    assert.deepEqual(fired, [sourceId]);
    assert.equal(result.state.summary.hasChanges, false);
    const streams = await stitch('GET', `/v4/sources/${sourceId}/streams`);
     
    assert.equal(streams.find((s: any) => s.tap_stream_id === 'shop-public-customer_view').metadata['view-key-properties'][0], 'id');
  });

  it('refuses 1,000 hostile messages without acting on them', async () => {
    const before = panel.channel.rejectedCount;
    sent.length = 0;
    const hostile: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const k = i % 10;
      hostile.push(
        k === 0 ? null
        : k === 1 ? { type: 'request', id: i, method: 'selection/edit', params: { ops: [{ op: 'stream', stream: 7, selected: true }] } }
        : k === 2 ? { type: 'request', id: i, method: 'selection/apply', params: { force: true } }
        : k === 3 ? { type: 'request', id: i, method: 'selection/init', params: { staged: { streams: [{ tap_stream_id: 'x', metadata: [{ breadcrumb: [], metadata: { inclusion: 'automatic' } }] }] } } }
        : k === 4 ? { type: 'request', id: i, method: 'eval', params: {} }
        : k === 5 ? { type: 'request', id: i, method: 'selection/loadFields', params: { stream: 'x'.repeat(5000) } }
        : k === 6 ? { type: 'request', id: i, method: 'selection/edit', params: JSON.parse('{"__proto__":{"polluted":true},"ops":[]}') }
        : k === 7 ? { type: 'request', id: 'x', method: 'selection/edit', params: {} }
        : k === 8 ? { type: 'request', id: i, method: 'selection/nextStep', params: { action: 'deleteSource' } }
        : { type: 'request', id: i, method: 'selection/edit', params: { ops: [{ op: 'method', stream: 'shop-public-customers', method: 'DROP' }] } },
      );
    }
    for (const m of hostile) {
      const r = await panel.channel.receive(m);
      assert.ok(r === undefined || r.ok === false);
    }
    assert.equal(panel.channel.rejectedCount - before, 1000);
    assert.deepEqual(sent, []);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((await ok<SelectionState>('selection/init', {})).summary.hasChanges, false);
  });

  it('rules applied through the panel reach the emulator as the expected minimal metadata PUTs', async () => {
    const rules = 'shop-public-orders method=FULL_TABLE\nshop-public-orders.*\n!shop-public-orders.status\nshop-public-customers\n!shop-public-customer_view';
    // What core plans from the whole catalogue as the server has it now: the panel must send exactly this.
    const list = await client.listStreams(sourceId);
    const server = await Promise.all(list.map(async (i) => parseStreamSchema(i.tap_stream_id, await client.getStreamSchema(sourceId, i.stream_id), i as StreamListItem)));
    const expected = planRules(server, previewRules(server, rules));
    assert.deepEqual(expected.refused, []);

    const message = await ok<RulePreviewMessage>('selection/previewRules', { text: rules, fieldsFor: ['shop-public-orders'] });
    // Decoded as the webview does, against the rows it holds (the compact message carries no ids).
    const rows = await ok<SelectionState>('selection/init', {});
    const ordersRows = await ok<SelectionLoadFieldsResult>('selection/loadFields', { stream: 'shop-public-orders' });
    const preview = decodeRulePreview(message, rows.streams, new Map([['shop-public-orders', ordersRows.fields]]));
    assert.equal(preview.streams.length, message.streams.filter((c) => c >= 0).length, 'every decided stream decoded');
    assert.deepEqual(preview.errors, []);
    // Postgres columns are selected-by-default: Stitch replicates "status" anyway, and the preview says so.
    assert.deepEqual(preview.rules.filter((r) => r.flag).map((r) => [r.index, r.flag]), [[2, 'never-wins']]);
    assert.ok(preview.conflicts.some((c) => /^shop-public-orders\.status: .*selected-by-default/.test(c)), preview.conflicts.join('\n'));
    assert.deepEqual(preview.needsFields, [], 'the host loaded the fields the rules concern');
    assert.deepEqual(preview.streams.find((s) => s[0] === 'shop-public-customer_view'), ['shop-public-customer_view', 4, 0]);
    assert.deepEqual(preview.fields['shop-public-orders']!.find((f) => f[0] === 'total'), ['total', 1, 1]);
    const staged = await ok<RulesApplyResult>('selection/applyRules', { text: rules });
    assert.deepEqual(staged.refused, []);
    assert.equal(staged.state.summary.canApply, true, JSON.stringify(staged.state.streams.flatMap((s) => s.issues)));

    sent.length = 0;
    await ok<SelectionApplyResult>('selection/apply');
    const puts = sent.filter((s) => s.method === 'PUT' && s.path.endsWith('/streams/metadata'));
    assert.equal(puts.length, 1);
    const byId = (b: { streams: Array<{ tap_stream_id: string }> }) => [...b.streams].sort((a, b2) => a.tap_stream_id.localeCompare(b2.tap_stream_id));
    assert.deepEqual(byId(puts[0]!.body as typeof expected.body), byId(expected.body));
    // The view is deselected after its selected field (the emulator refuses it otherwise).
    const view = (puts[0]!.body as typeof expected.body).streams.find((s) => s.tap_stream_id === 'shop-public-customer_view')!;
    assert.deepEqual(view.metadata, [{ breadcrumb: ['properties', 'email'], metadata: { selected: false } }, { breadcrumb: [], metadata: { selected: false } }]);
    const orders = (puts[0]!.body as typeof expected.body).streams.find((s) => s.tap_stream_id === 'shop-public-orders')!;
    assert.deepEqual(orders.metadata[0], { breadcrumb: [], metadata: { selected: true, 'replication-method': 'FULL_TABLE' } });
    assert.ok(!orders.metadata.some((m) => m.breadcrumb[1] === 'status'));
    // The server now matches the rules: staging them again changes nothing.
    const again = await ok<RulesApplyResult>('selection/applyRules', { text: rules });
    assert.equal(again.state.summary.hasChanges, false);
    const streams = await stitch('GET', `/v4/sources/${sourceId}/streams`);
    const selected = (streams as Array<{ tap_stream_id: string; selected: boolean | null }>).filter((s) => s.selected === true).map((s) => s.tap_stream_id).sort();
    assert.deepEqual(selected, ['shop-public-customers', 'shop-public-orders']);
  });

  it('refuses malformed rule requests', async () => {
    const before = panel.channel.rejectedCount;
    for (const params of [{ text: 7 }, { text: 'x'.repeat(100_001) }, { text: '*', extra: 1 }, { text: '*', fieldsFor: 'orders' }, {}]) {
      assert.equal((await call('selection/previewRules', params)).ok, false);
    }
    assert.equal((await call('selection/applyRules', { text: '*', fieldsFor: [] })).ok, false);
    assert.equal(panel.channel.rejectedCount - before, 6);
  });
});
