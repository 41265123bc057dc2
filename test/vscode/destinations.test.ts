import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StitchClient } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { DestinationFormPanels, type DestinationFormDeps } from '../../src/panels/destinationForm';
import type { DestinationFormPanel } from '../../src/panels/destinationForm';
import { sourceFeedFor } from '../../src/panels/sourceFeed';
import type { SubmitResult } from '../../src/protocol/sourceForm';
import type { DestinationStore } from '../../src/state/destinationStore';
import type { DestinationsTree } from '../../src/tree/destinationsTree';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';

interface SentBody { method: string; path: string; body: unknown }
interface Seam { store: DestinationStore; tree: DestinationsTree; sourcesMessage(): string | undefined }

const PASSWORD = 'pw-Dest-7f3a91c2';
const PG = { host: 'warehouse.example.com', port: '5432', username: 'stitch', database: 'dw', ssl: true, encryption_type: 'none' };

describe('destinations: view, panel, delete, limit, Sync Now gate and hooks (emulator)', function () {
  this.timeout(60_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panels: DestinationFormPanels;
  let seam: Seam;
  let sourceId = 0;
  let destinationId = 0;
  let nextId = 1;
  const sent: SentBody[] = [];
  const said: string[] = [];
  const logged: string[] = [];
  const opened: DestinationFormPanel[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { warn: win.showWarningMessage, info: win.showInformationMessage, input: win.showInputBox };
  let answers: { warn?: string; input?: string } = {};
  let inputOptions: vscode.InputBoxOptions | undefined;
  let restoreLog: (() => void) | undefined;

  const stitch = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${em.url}${path}`, { method, headers: { authorization: `Bearer ${em.accounts[0]!.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return text ? JSON.parse(text) as any : undefined;
  };
  const submit = async (panel: DestinationFormPanel, displayName: string, values: Record<string, unknown>) => {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/submit', params: { displayName, values } });
    assert.ok(response?.ok, response?.error);
    return response.result as SubmitResult;
  };
  const open = (key: Parameters<DestinationFormPanels['open']>[0]) => { const p = panels.open(key); opened.push(p); return p; };

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1, requireDestination: true, tokens: ['dest-token-a'] });
    await signIn(em, 0, 'Destinations');
    seam = (await vscode.commands.executeCommand('stitch.internal.destinations')) as Seam;
    const token = em.accounts[0]!.token;
    const client = new StitchClient({
      baseUrl: em.url, getToken: async () => token,
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const text = request.method === 'GET' ? '' : await request.clone().text();
        sent.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(request);
      },
    });
    const deps: DestinationFormDeps = {
      extensionUri: api.services.context.extensionUri, log: api.services.log, feed: sourceFeedFor(api.services),
      requireClient: () => client, store: seam.store, redactor: api.services.redactor, checkDelays: [100, 200, 300, 500],
    };
    panels = new DestinationFormPanels(deps);
    win.showWarningMessage = ((message: string, ...rest: unknown[]) => { said.push(message); void rest; return Promise.resolve(answers.warn); }) as typeof win.showWarningMessage;
    win.showInformationMessage = ((message: string) => { said.push(message); return Promise.resolve(undefined); }) as typeof win.showInformationMessage;
    win.showInputBox = ((options?: vscode.InputBoxOptions) => { inputOptions = options; return Promise.resolve(answers.input); }) as typeof win.showInputBox;
    const log = api.services.log;
    const before = { info: log.info, warn: log.warn, error: log.error };
    for (const level of ['info', 'warn', 'error'] as const) log[level] = (m: string) => { logged.push(m); before[level].call(log, m); };
    restoreLog = () => Object.assign(log, before);
    // A configured source, made through the API: it has nowhere to load yet.
    const src = await stitch('POST', '/v4/sources', { type: 'platform.recurly', display_name: 'Recurly', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'acme', quota_limit: '50', frequency_in_minutes: '60' } });
    await control(em, 'POST', 'clock', { advanceSeconds: 5 });
    await stitch('PUT', `/v4/sources/${src.id}/streams/metadata`, { streams: [{ tap_stream_id: 'accounts', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] });
    sourceId = src.id;
  });

  after(async () => {
    win.showWarningMessage = originals.warn;
    win.showInformationMessage = originals.info;
    win.showInputBox = originals.input;
    restoreLog?.();
    panels?.dispose();
    await signOutAll(api);
    await em?.close();
  });

  it('with no destination: the view is empty (welcome content), the Sources view says so once, Sync Now explains instead of starting a job', async () => {
    seam.tree.refresh();
    assert.deepEqual(await seam.tree.getChildren(), []);
    await eventually(() => seam.sourcesMessage(), 'the Sources view message');
    assert.match(seam.sourcesMessage()!, /No destination/);
    await control(em, 'DELETE', 'requests');
    const before = said.length;
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    assert.match(said.slice(before).join('\n'), /"Recurly" can’t sync yet: this account has no destination/);
    assert.deepEqual((await requests(em)).filter((r) => r.method === 'POST' && /\/sync$/.test(r.path)), [], 'no sync job was started');
  });

  it('creates a Postgres destination from its report card; the check passes and shows beside the form; the view shows it', async () => {
    const panel = open({ kind: 'new', destinationType: 'postgres' });
    await panel.loading;
    assert.equal(panel.lastState?.stage, 'form');
    assert.equal(panel.lastState?.displayName, 'PostgreSQL');
    assert.equal(panel.lastState?.values.encryption_type, 'none');
    assert.ok(panel.lastState?.steps[0]?.properties.some((p) => p.name === 'password' && p.credential));
    const result = await submit(panel, 'Warehouse', { ...PG, password: PASSWORD });
    assert.deepEqual(result, { ok: true });
    const post = sent.find((s) => s.method === 'POST' && s.path === '/v4/destinations')!;
    assert.deepEqual(post.body, { type: 'postgres', name: 'Warehouse', properties: { ...PG, password: PASSWORD } });
    destinationId = panel.destinationId!;
    assert.equal(panel.lastState?.stage, 'checking');
    await control(em, 'POST', 'clock', { advanceSeconds: 2 });
    await panel.watching;
    assert.equal(panel.lastState?.stage, 'configured');
    assert.equal(panel.lastState?.check?.status, 'succeeded');
    assert.equal(JSON.stringify(panel.lastState).includes(PASSWORD), false, 'the password is not in the state');
    const nodes = await seam.tree.getChildren();
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]!.label, 'Warehouse');
    assert.match(String(nodes[0]!.description), /PostgreSQL · connection check passed/);
    assert.equal(seam.sourcesMessage(), undefined, 'the Sources view no longer warns');
  });

  it('Sync Now starts a job once the destination works', async () => {
    await control(em, 'DELETE', 'requests');
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    const posts = (await requests(em)).filter((r) => r.method === 'POST' && r.path === `/v4/sources/${sourceId}/sync`);
    assert.deepEqual(posts.map((r) => r.status), [200]);
  });

  it('edits: the type is not offered, a blank password is left out (unchanged); a bad one fails the check with Stitch\'s message', async () => {
    const panel = open({ kind: 'destination', destinationId });
    await panel.loading;
    assert.equal(panel.lastState?.mode, 'edit');
    assert.equal(panel.lastState?.values.host, PG.host);
    assert.equal('password' in (panel.lastState?.values ?? {}), false);
    assert.equal(panel.lastState?.steps.flatMap((s) => s.properties).some((p) => p.name === 'type'), false, 'no type field');
    sent.length = 0;
    assert.deepEqual(await submit(panel, 'Warehouse', { ...PG, username: 'stitch_admin', password: '' }), { ok: true });
    assert.deepEqual(sent.filter((s) => s.method === 'PUT').map((s) => s.body), [{ properties: { username: 'stitch_admin' } }]);
    await control(em, 'POST', 'clock', { advanceSeconds: 2 });
    await panel.watching;
    assert.equal(panel.lastState?.stage, 'configured', 'the saved password still works');
    assert.deepEqual(await submit(panel, 'Warehouse', { ...PG, username: 'stitch_admin', password: 'invalid-password' }), { ok: true });
    await control(em, 'POST', 'clock', { advanceSeconds: 2 });
    await panel.watching;
    assert.equal(panel.lastState?.stage, 'checkFailed');
    assert.match(panel.lastState?.check?.message ?? '', /password authentication failed for user "stitch_admin"/);
    assert.match(panel.lastState?.banner?.text ?? '', /connection check failed/);
    const nodes = await seam.tree.getChildren();
    assert.match(String(nodes[0]!.description), /connection check failed/);
    // Fix it again for what follows.
    await submit(panel, 'Warehouse', { ...PG, username: 'stitch_admin', password: PASSWORD });
    await control(em, 'POST', 'clock', { advanceSeconds: 2 });
    await panel.watching;
    assert.equal(panel.lastState?.stage, 'configured');
  });

  it('a second destination on a single-destination plan reads plainly', async () => {
    const panel = open({ kind: 'new', destinationType: 's3' });
    await panel.loading;
    const result = await submit(panel, 'Lake', { output_file_format: 'csv', s3_bucket: 'lake', s3_key_format_string: '_stitch/[table]' });
    assert.equal(result.ok, false);
    assert.match(result.banner?.text ?? '', /you are at your destination limit.*delete the current one first/);
  });

  it('hooks: the URL is checked before sending, then added, disabled and removed', async () => {
    answers = { input: 'https://hooks.example.com/stitch-loaded' };
    await vscode.commands.executeCommand('stitch.addHook', { destinationId });
    assert.match(String(inputOptions?.validateInput?.('ftp://hooks.example.com')), /must start with https/);
    assert.equal(inputOptions?.validateInput?.('https://hooks.example.com/x'), undefined);
    let listed = await stitch('GET', '/notifications/public/v1/api/hooks');
    assert.deepEqual(listed.post_load.map((h: any) => [h.config.url, h.config.destination_id]), [['https://hooks.example.com/stitch-loaded', destinationId]]);
    const hookId = listed.post_load[0].id as number;
    const [node] = await seam.tree.getChildren();
    const groups = await seam.tree.getChildren(node);
    const hooksGroup = groups.find((g) => g.contextValue === 'destinationHooks')!;
    const hookNodes = await seam.tree.getChildren(hooksGroup);
    assert.equal(hookNodes[0]!.label, 'https://hooks.example.com/stitch-loaded');
    assert.equal(hookNodes[0]!.contextValue, 'hook enabled');
    await vscode.commands.executeCommand('stitch.disableHook', { hookId });
    listed = await stitch('GET', '/notifications/public/v1/api/hooks');
    assert.ok(listed.post_load[0].disabled_at);
    answers = { warn: 'Remove Hook' };
    assert.equal(await vscode.commands.executeCommand('stitch.removeHook', { hookId, url: 'https://hooks.example.com/stitch-loaded' }), true);
    assert.deepEqual((await stitch('GET', '/notifications/public/v1/api/hooks')).post_load, []);
  });

  it('delete asks for the typed name and says replication pauses; a wrong name deletes nothing', async () => {
    answers = { input: 'warehouse' };
    assert.equal(await vscode.commands.executeCommand('stitch.deleteDestination', { destinationId }), false);
    assert.equal((await stitch('GET', '/v4/destinations')).length, 1);
    assert.match(inputOptions?.prompt ?? '', /Replication pauses .* until a new destination passes its connection check/);
    assert.match(String(inputOptions?.validateInput?.('wrong')), /Type "Warehouse" exactly/);
    answers = { input: 'Warehouse' };
    assert.equal(await vscode.commands.executeCommand('stitch.deleteDestination', { destinationId }), true);
    assert.deepEqual(await stitch('GET', '/v4/destinations'), []);
    assert.deepEqual(await seam.tree.getChildren(), []);
    assert.match(seam.sourcesMessage() ?? '', /No destination/);
    assert.equal((await stitch('POST', `/v4/sources/${sourceId}/sync`)).error.type, 'generic', 'the emulator pauses replication too');
  });

  it('where the plan allows several destinations, a source is mapped to one and each lists the sources loading into it', async () => {
    await control(em, 'POST', 'settings', { maxDestinations: 2 });
    const pg = await stitch('POST', '/v4/destinations', { type: 'postgres', name: 'Warehouse', properties: { ...PG, password: PASSWORD } });
    const lake = await stitch('POST', '/v4/destinations', { type: 's3', name: 'Lake', properties: { output_file_format: 'csv', s3_bucket: 'lake', s3_key_format_string: 'k' } });
    seam.tree.refresh();
    const nodes = await seam.tree.getChildren();
    assert.deepEqual(nodes.map((n) => n.label), ['Lake', 'Warehouse']);
    // The Source object does not echo destination_id (reference §5.1); the mapping shows in the source_id filter.
    const updated = (await vscode.commands.executeCommand('stitch.chooseSourceDestination', { sourceId, destinationId: lake.id })) as { id?: number };
    assert.equal(updated?.id, sourceId);
    const group = (await seam.tree.getChildren(nodes[0])).find((g) => g.contextValue === 'destinationSources')!;
    assert.deepEqual((await seam.tree.getChildren(group)).map((n) => n.label), ['Recurly']);
    const other = (await seam.tree.getChildren(nodes[1])).find((g) => g.contextValue === 'destinationSources')!;
    assert.match(String((await seam.tree.getChildren(other))[0]!.label), /No source is mapped/);
    assert.deepEqual((await stitch('GET', `/v4/destinations?source_id=${sourceId}`)).map((d: any) => d.id), [lake.id]);
    void pg;
  });

  it('secret audit after the journey: the password appears nowhere but in the requests that sent it', async () => {
    await new Promise((r) => setTimeout(r, 500));
    const places: { place: string; text: string }[] = [
      { place: 'log output', text: logged.join('\n') },
      { place: 'notifications', text: said.join('\n') },
      { place: 'settings', text: JSON.stringify(vscode.workspace.getConfiguration('stitch')) },
      { place: 'globalState', text: JSON.stringify(api.services.context.globalState.keys().map((k) => [k, api.services.context.globalState.get(k)])) },
      { place: 'workspaceState', text: JSON.stringify(api.services.context.workspaceState.keys().map((k) => [k, api.services.context.workspaceState.get(k)])) },
      ...opened.map((p, i) => ({ place: `panel ${i} state and HTML`, text: JSON.stringify(p.lastState) + p.panel.webview.html })),
      { place: 'store', text: JSON.stringify(seam.store.peek()) },
      { place: 'emulator answers', text: JSON.stringify(await stitch('GET', '/v4/destinations')) },
    ];
    const found = places.filter((p) => p.text.includes(PASSWORD)).map((p) => p.place);
    assert.deepEqual(found, [], `0 occurrences expected, found in: ${found.join(', ')}`);
    assert.ok(sent.some((s) => (JSON.stringify(s.body) ?? '').includes(PASSWORD)), 'the audit can see the secret where it was sent');
  });
});
