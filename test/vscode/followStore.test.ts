import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { SchedulePanel, scheduleDeps } from '../../src/panels/schedule/panel';
import { selectionDeps } from '../../src/panels/selection/index';
import { SelectionPanel } from '../../src/panels/selection/selectionPanel';
import { sourceFormDeps } from '../../src/panels/sourceForm/index';
import { SourceFormPanel } from '../../src/panels/sourceForm/sourceFormPanel';
import { AccountState, type SourceStore } from '../../src/state';
import { PROTOCOL_VERSION, type EventMessage, type HostToWebview, type SourceStatusView } from '../../src/protocol';
import type { ScheduleLoadResult, ScheduleSaveResult } from '../../src/protocol/schedule';
import type { SelectionEditResult, SelectionState } from '../../src/protocol/selection';
import type { SourceFormState, SubmitResult } from '../../src/protocol/sourceForm';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';

const PG = { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop', ssl: 'true', frequency_in_minutes: '60' };
/** The store's poll in this suite; "within one poll" allows one period plus the request itself. */
const POLL_MS = 400;
const ONE_POLL_MS = POLL_MS * 2 + 1500;

/**
 * A webview panel (each in its own column, so all three stay visible) whose posted messages the test can read: the panel under test gets it through its
 * constructor (dependency injection), so the product carries no test hook.
 */
function recordedPanel(viewType: string, title: string, viewColumn: vscode.ViewColumn): { panel: vscode.WebviewPanel; posted: HostToWebview[] } {
  const real = vscode.window.createWebviewPanel(viewType, title, { viewColumn, preserveFocus: true }, { enableScripts: true });
  const posted: HostToWebview[] = [];
  const forward = <T extends object>(target: T, overrides: Record<string | symbol, unknown>): T => new Proxy(target, {
    get: (t, p) => (p in overrides ? overrides[p] : (() => { const v: unknown = Reflect.get(t, p); return typeof v === 'function' ? v.bind(t) : v; })()),
    set: (t, p, v) => Reflect.set(t, p, v),
  });
  const webview = forward(real.webview, { postMessage: (m: HostToWebview) => { posted.push(m); return real.webview.postMessage(m); } });
  return { panel: forward(real, { webview }), posted };
}

const events = <T>(posted: HostToWebview[], name: string): T[] =>
  posted.filter((m): m is EventMessage => m.type === 'event' && m.name === name).map((m) => m.payload as T);

describe('open panels follow the source store', function () {
  this.timeout(90_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let sourceId = 0;
  let state: AccountState;
  let feed: SourceStore;
  let form: SourceFormPanel;
  let selection: SelectionPanel;
  let schedule: SchedulePanel;
  const posted: Record<'form' | 'selection' | 'schedule', HostToWebview[]> = { form: [], selection: [], schedule: [] };
  const disposables: vscode.Disposable[] = [];
  let nextId = 1;

  async function stitch(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${em.url}${path}`, { method, headers: { Authorization: `Bearer ${em.accounts[0]!.token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return res.json();
  }
  async function ask<T>(panel: { channel: { receive(m: unknown): Promise<{ ok: boolean; result?: unknown; error?: string } | undefined> } }, method: string, params: unknown = {}): Promise<T> {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method, params });
    assert.ok(response?.ok, response?.error);
    return response.result as T;
  }
  /** Waits at most one poll for every open panel to have been told `what`. */
  async function allWithinOnePoll(what: string, probe: (name: keyof typeof posted) => boolean): Promise<void> {
    for (const name of ['form', 'selection', 'schedule'] as const) {
      await eventually(() => probe(name) || undefined, `${name}: ${what}`, ONE_POLL_MS);
    }
  }
  const lastStatus = (name: keyof typeof posted): SourceStatusView | undefined => events<SourceStatusView>(posted[name], 'host/sourceStatus').at(-1);

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1, tokens: ['follow-store-a', 'follow-store-b'] });
    await signIn(em, 0, 'Follow the store');
    const created = await stitch('POST', '/v4/sources', { type: 'platform.postgres', display_name: 'Shop DB', properties: PG });
    sourceId = created.id;
    await control(em, 'POST', 'clock', { advanceSeconds: 3 });
    const { services } = api;
    // The panels' store (the account's stores, as the extension builds them), its watch poll fast so the suite waits seconds, not minutes.
    state = new AccountState(services.accounts, services.context, services.log, { owner: 'follow-store-suite', watchPollMs: () => POLL_MS });
    feed = state.sources;
    const f = recordedPanel('stitch.sourceForm', 'Form', vscode.ViewColumn.One);
    form = new SourceFormPanel({ ...sourceFormDeps(services), feed }, f.panel, { kind: 'source', sourceId });
    posted.form = f.posted;
    const s = recordedPanel('stitch.selection', 'Selection', vscode.ViewColumn.Two);
    selection = new SelectionPanel({ ...selectionDeps(services), feed }, s.panel, sourceId);
    posted.selection = s.posted;
    const c = recordedPanel('stitch.schedule', 'Schedule', vscode.ViewColumn.Three);
    schedule = new SchedulePanel({ ...scheduleDeps(services), feed }, c.panel, sourceId);
    posted.schedule = c.posted;
    disposables.push(form, selection, schedule, state); // panels first: they stop watching, then the store's poll stops
    for (const panel of [form, selection, schedule]) await panel.channel.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    await form.loading;
    assert.equal(form.lastState?.stage, 'fieldSelection');
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    await signOutAll(api);
    await em.close();
  });

  it('the three panels open on one source, with typed values: staged streams, a schedule draft, form edits', async () => {
    const init = await ask<SelectionState>(selection, 'selection/init');
    assert.equal(init.source.name, 'Shop DB');
    const edit = await ask<SelectionEditResult>(selection, 'selection/edit', { ops: [{ op: 'stream', stream: init.streams[0]!.id, selected: true }] });
    assert.equal(edit.summary.hasChanges, true, 'a staged stream: what the user typed in this panel');
    const loaded = await ask<ScheduleLoadResult>(schedule, 'schedule/load');
    assert.equal(loaded.sourceName, 'Shop DB');
    assert.equal(form.panel.title, 'Shop DB');
  });

  it('paused through the API by another client: each panel shows it within one poll', async () => {
    await stitch('PUT', `/v4/sources/${sourceId}`, { paused_at: new Date().toISOString() });
    await allWithinOnePoll('paused', (name) => lastStatus(name)?.paused === true);
    for (const name of ['form', 'selection', 'schedule'] as const) assert.match(lastStatus(name)!.text, /paused/);
  });

  it('renamed through the API: each panel shows the new name within one poll and keeps what was typed', async () => {
    const stateEvents = events<SourceFormState>(posted.form, 'sourceForm/state').length;
    await stitch('PUT', `/v4/sources/${sourceId}`, { display_name: 'Shop DB Renamed' });
    await allWithinOnePoll('the new name', (name) => lastStatus(name)?.name === 'Shop DB Renamed');
    await eventually(() => events<SelectionState>(posted.selection, 'selection/state').at(-1)?.source.name === 'Shop DB Renamed' || undefined, 'selection state renamed', ONE_POLL_MS);
    await eventually(() => events<ScheduleLoadResult>(posted.schedule, 'schedule/sourceChanged').at(-1)?.sourceName === 'Shop DB Renamed' || undefined, 'schedule renamed', ONE_POLL_MS);
    await eventually(() => form.lastState?.title === 'Shop DB Renamed' || undefined, 'form renamed', ONE_POLL_MS);
    assert.equal(form.panel.title, 'Shop DB Renamed');
    assert.equal(selection.panel.title, 'Streams: Shop DB Renamed');
    assert.equal(schedule.panel.title, 'Schedule: Shop DB Renamed');
    // Typed values stay: the staged selection is still there, and the form's pushes never reset the draft.
    const selectionState = events<SelectionState>(posted.selection, 'selection/state').at(-1)!;
    assert.equal(selectionState.summary.hasChanges, true);
    assert.equal(selectionState.staged.streams.length, 1);
    const formPushes = events<SourceFormState>(posted.form, 'sourceForm/state').slice(stateEvents);
    assert.ok(formPushes.length > 0, 'the form was told');
    assert.ok(formPushes.every((s) => !s.resetDraft), 'no push after an outside change resets what the user typed');
    assert.equal(form.lastState?.stage, 'fieldSelection');
  });

  it('the account stores reset (an account switch and back): the panels watch and read their source again, keeping what was typed', async () => {
    const before = (await requests(em)).length;
    const scheduleTold = events<ScheduleLoadResult>(posted.schedule, 'schedule/sourceChanged').length;
    feed.reset();
    assert.deepEqual(feed.watched(), [sourceId], 'every panel watches its source again');
    await eventually(async () => (await requests(em)).slice(before).some((r) => r.method === 'GET' && r.path === `/v4/sources/${sourceId}`) || undefined, 'the source read again', ONE_POLL_MS);
    await eventually(() => events<ScheduleLoadResult>(posted.schedule, 'schedule/sourceChanged').length > scheduleTold || undefined, 'the schedule panel reloaded', ONE_POLL_MS);
    await eventually(() => feed.peek(sourceId)?.display_name === 'Shop DB Renamed' || undefined, 'the store holds the source again', ONE_POLL_MS);
    for (const name of ['form', 'selection', 'schedule'] as const) assert.equal(lastStatus(name)?.deleted, false, `${name}: not taken for deleted`);
    assert.equal(events<SelectionState>(posted.selection, 'selection/state').at(-1)?.staged.streams.length, 1, 'the staged selection is kept');
    assert.equal(form.lastState?.stage, 'fieldSelection');
  });

  it('an account switch while the form\'s own read is out: the form reads again for the account it ends on, and the old read\'s answer is dropped', async () => {
    const { accounts } = api.services;
    const home = accounts.active!.id;
    // The read the switch to the other account starts is slow: the switch back comes while it is out.
    await control(em, 'POST', 'faults', { method: 'GET', path: `^/v4/sources/${sourceId}$`, kind: 'latency', latencyMs: 1_500, times: 1 });
    await signIn(em, 1, 'Follow the store, another account');
    await eventually(async () => (await requests(em)).some((r) => r.method === 'GET' && r.path === `/v4/sources/${sourceId}` && r.status === null) || undefined, 'the other account\'s read is out', 5_000);
    await accounts.switchTo(home);
    await form.loading;
    assert.equal(form.lastState?.banner, undefined, JSON.stringify(form.lastState?.banner));
    assert.equal(form.lastState?.stage, 'fieldSelection');
    // The other account's answer (Stitch knows no such source there) lands later and changes nothing.
    await new Promise((r) => setTimeout(r, 1_800));
    assert.equal(form.lastState?.banner, undefined, JSON.stringify(form.lastState?.banner));
    assert.equal(form.lastState?.stage, 'fieldSelection');
  });

  it('deleted through the API: each panel says so within one poll, and a save after it says the source is gone', async () => {
    await stitch('DELETE', `/v4/sources/${sourceId}`);
    await allWithinOnePoll('deleted', (name) => lastStatus(name)?.deleted === true);
    for (const name of ['form', 'selection', 'schedule'] as const) assert.match(lastStatus(name)!.text, /deleted/);
    const before = (await requests(em)).length;
    const submit = await ask<SubmitResult>(form, 'sourceForm/submit', { displayName: 'Shop DB Renamed', values: { ...PG, port: '5433' } });
    assert.equal(submit.ok, false);
    assert.match(submit.banner?.text ?? '', /deleted in Stitch/);
    const saved = await ask<ScheduleSaveResult>(schedule, 'schedule/save', {
      sourceId, draft: { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' }, previewRuns: [],
    });
    assert.equal(saved.ok, false);
    assert.match(saved.ok ? '' : saved.message, /deleted in Stitch/);
    const apply = await selection.channel.receive({ type: 'request', id: nextId++, method: 'selection/apply', params: {} });
    assert.equal(apply?.ok, false);
    assert.match(apply?.error ?? '', /deleted in Stitch/);
    const writes = (await requests(em)).slice(before).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes, [], 'nothing is written to a source the store knows is gone');
    assert.equal(events<SelectionState>(posted.selection, 'selection/state').at(-1)?.staged.streams.length, 1, 'the staged selection is kept');
  });
});
