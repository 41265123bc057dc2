import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StitchClient } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import { registerCommandTables } from '../../src/commands/table';
import { SourceFormPanels, sourceFormDeps, sourceFormPanel, type SourceFormPanel } from '../../src/panels/sourceForm/index';
import type { SourceFormDeps } from '../../src/panels/sourceForm/sourceFormPanel';
import { SOURCE_FORM_VIEW_TYPE, type SubmitResult } from '../../src/protocol/sourceForm';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';

interface SentBody { method: string; path: string; body: unknown }

const RECURLY = { start_date: '2024-01-01T00:00:00Z', subdomain: 'acme', quota_limit: '50', frequency_in_minutes: '60' };

describe('sourceForm panel against the emulator', function () {
  this.timeout(60_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panels: SourceFormPanels;
  let deps: SourceFormDeps;
  const sent: SentBody[] = [];
  const fired: Array<number | undefined> = [];
  const disposables: vscode.Disposable[] = [];
  let nextId = 1;
  /** Rewrites the next POST body, to play a server that disagrees with our validation. */
  let tamper: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;

  async function submit(panel: SourceFormPanel, displayName: string, values: Record<string, unknown>): Promise<SubmitResult> {
    const response = await panel.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/submit', params: { displayName, values } });
    assert.ok(response?.ok, response?.error);
    return response.result as SubmitResult;
  }

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Source form');
    const token = em.accounts[0]!.token;
    // A client that records each request body, to prove what was (not) sent.
    const client = new StitchClient({
      baseUrl: em.url, getToken: async () => token,
      fetch: async (input, init) => {
        let request = input instanceof Request ? input : new Request(input, init);
        if (tamper && request.method === 'POST') {
          const body = tamper(JSON.parse(await request.clone().text()) as Record<string, unknown>);
          tamper = undefined;
          request = new Request(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(body) });
        }
        const text = request.method === 'GET' ? '' : await request.clone().text();
        sent.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
        return fetch(request);
      },
    });
    deps = { ...sourceFormDeps(api.services), requireClient: () => client, checkDelays: [100, 200, 300, 500], oauthDelays: [200] };
    panels = new SourceFormPanels(deps);
    disposables.push(panels, api.services.state.sources.onDidChange((c) => fired.push(...c.ids)));
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    await signOutAll(api);
    await em.close();
  });

  let goodSourceId = 0;

  it('creates platform.recurly from the panel; the check passes and the panel shows field selection', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    assert.equal(panel.lastState?.stage, 'form');
    assert.equal(panel.lastState?.mode, 'create');
    assert.equal(panel.lastState?.displayName, 'Recurly', 'a display name is suggested');
    const result = await submit(panel, 'Recurly', { ...RECURLY, api_key: 'good-key' });
    assert.deepEqual(result, { ok: true });
    const post = sent.find((s) => s.method === 'POST' && s.path === '/v4/sources')!;
    assert.deepEqual(post.body, { type: 'platform.recurly', display_name: 'Recurly', properties: { ...RECURLY, api_key: 'good-key' } });
    goodSourceId = panel.sourceId!;
    assert.ok(goodSourceId > 0);
    assert.ok(fired.includes(goodSourceId), 'the store accepted the new source');
    assert.deepEqual(panel.key, { kind: 'source', sourceId: goodSourceId });
    assert.equal(panels.find({ kind: 'source', sourceId: goodSourceId }), panel, 're-keyed to the source');
    assert.equal(panels.find({ kind: 'new', sourceType: 'platform.recurly' }), undefined);
    const outcome = await panel.watching;
    assert.equal(outcome?.kind, 'finished');
    assert.equal(panel.currentStage, 'fieldSelection');
    assert.equal(panel.lastState?.check?.status, 'succeeded');
    assert.equal(panel.lastState?.steps.find((s) => s.state === 'current')?.type, 'field_selection');
    assert.equal(panel.lastState?.canSelectStreams, true);
    assert.equal(panel.panel.title, 'Recurly');
    assert.equal(JSON.stringify(panel.lastState).includes('good-key'), false, 'the credential is never echoed to the webview');
  });

  it('after a create, the Sources tree shows the running check from the form\'s answer and hears its end from the form\'s poll: no check read of its own', async () => {
    const tree = api.trees.sources;
    await tree.getChildren();
    await control(em, 'DELETE', 'requests');
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    assert.deepEqual(await submit(panel, 'Recurly Tree Check', { ...RECURLY, subdomain: 'treecheck', api_key: 'good-key' }), { ok: true });
    const id = panel.sourceId!;
    const nodeOf = async () => (await tree.getChildren()).find((n) => (n as { sourceId?: number }).sourceId === id) as vscode.TreeItem | undefined;
    assert.equal(((await nodeOf())?.iconPath as vscode.ThemeIcon | undefined)?.id, 'loading~spin', 'the row shows the check running');
    assert.equal((await panel.watching)?.kind, 'finished');
    assert.notEqual(((await nodeOf())?.iconPath as vscode.ThemeIcon | undefined)?.id, 'loading~spin', 'the row heard the end');
    // The tree's follower would look 5 s after the create: the check it knew has ended, so it reads nothing.
    await new Promise((r) => setTimeout(r, 5_500));
    const log = await requests(em);
    const post = log.find((r) => r.method === 'POST' && r.path === '/v4/sources')!;
    const reads = log.filter((r) => r.path === `/v4/sources/${id}/last-connection-check`).map((r) => Date.parse(r.at) - Date.parse(post.at));
    assert.ok(reads.length > 0, 'the form polled');
    assert.ok(reads[0]! >= 80, `the first look waits the first delay (100 ms here): ${reads.join(', ')} ms after the create`);
    for (let i = 1; i < reads.length; i++) assert.ok(reads[i]! - reads[i - 1]! >= 80, `no two readers at once: ${reads.join(', ')} ms after the create`);
    assert.ok(reads[reads.length - 1]! < 5_000, `no read after the form saw the end: ${reads.join(', ')} ms`);
    panel.dispose();
  });

  it('a duplicate display name is caught before submit, and nothing is posted', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    assert.equal(panel.lastState?.displayName, 'Recurly 2', 'the suggestion avoids the taken schema name');
    const posts = sent.filter((s) => s.method === 'POST').length;
    const result = await submit(panel, 'Recurly', { ...RECURLY, api_key: 'good-key' });
    assert.equal(result.ok, false);
    assert.match(result.displayNameError ?? '', /already uses/);
    assert.equal(sent.filter((s) => s.method === 'POST').length, posts);
    panel.dispose();
  });

  it('a bad API key fails the check with the emulator’s message, keeps the typed values, then a retyped key passes', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    const typed = { ...RECURLY, subdomain: 'acme-bad', quota_limit: '75' };
    assert.deepEqual(await submit(panel, 'Recurly Bad', { ...typed, api_key: 'an-invalid-key' }), { ok: true });
    await panel.watching;
    assert.equal(panel.currentStage, 'checkFailed');
    assert.match(panel.lastState?.check?.message ?? '', /401 Client Error: Unauthorized for url: https:\/\/acme-bad\.recurly\.com/);
    assert.equal(panel.lastState?.values.subdomain, 'acme-bad');
    assert.equal(panel.lastState?.values.quota_limit, '75');
    assert.equal('api_key' in (panel.lastState?.values ?? {}), false, 'the credential must be retyped');
    assert.equal(panel.lastState?.banner?.kind, 'error');
    // Retry without retyping anything: nothing is sent, and the panel says to retype the key.
    const puts = sent.filter((s) => s.method === 'PUT').length;
    // What the webview sends: the saved values (baseline) with the user's edits on top.
    const shown = { ...panel.lastState!.values, ...typed };
    const nothing = await submit(panel, 'Recurly Bad', { ...shown, api_key: '' });
    assert.equal(nothing.ok, false);
    assert.match(nothing.banner?.text ?? '', /retype the credentials/);
    assert.equal(sent.filter((s) => s.method === 'PUT').length, puts);
    // Retype the key: the PUT carries only the key, a new check runs and passes.
    assert.deepEqual(await submit(panel, 'Recurly Bad', { ...shown, api_key: 'good-key' }), { ok: true });
    const put = sent.filter((s) => s.method === 'PUT').pop()!;
    assert.deepEqual(put.body, { properties: { api_key: 'good-key' } });
    await panel.watching;
    assert.equal(panel.currentStage, 'fieldSelection');
  });

  it('an edit that leaves the key blank does not send the key', async () => {
    const panel = panels.open({ kind: 'source', sourceId: goodSourceId });
    await panel.loading;
    await panel.watching;
    assert.equal(panel.lastState?.mode, 'edit');
    assert.equal(panel.lastState?.steps[0]?.properties.find((p) => p.name === 'api_key')?.placeholder, 'Saved; leave empty to keep');
    assert.deepEqual(await submit(panel, 'Recurly', { ...panel.lastState!.values, subdomain: 'acme2', api_key: '' }), { ok: true });
    const put = sent.filter((s) => s.method === 'PUT').pop()!;
    assert.equal(put.path, `/v4/sources/${goodSourceId}`);
    assert.deepEqual(put.body, { properties: { subdomain: 'acme2' } });
    await panel.watching;
    assert.equal(panel.currentStage, 'fieldSelection');
  });

  it('server InvalidProperties are mapped onto fields, and the typed values stay', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.recurly' });
    await panel.loading;
    tamper = (body) => ({ ...body, properties: { ...(body.properties as object), quota_limit: 'lots' } });
    const result = await submit(panel, 'Recurly Three', { ...RECURLY, api_key: 'k3y-good' });
    assert.equal(result.ok, false);
    assert.match(result.errors?.quota_limit ?? '', /Stitch rejected/);
    assert.equal(panel.lastState?.fieldErrors?.quota_limit, result.errors?.quota_limit);
    assert.equal(panel.lastState?.banner?.kind, 'error');
    assert.equal(panel.lastState?.busy, false, 'the spinner ends');
    assert.deepEqual(panel.key, { kind: 'new', sourceType: 'platform.recurly' }, 'still a new source');
    panel.dispose();
  });

  it('OAuth: shows the step, and resumes once Stitch reports the source authorized', async () => {
    const panel = panels.open({ kind: 'new', sourceType: 'platform.hubspot' });
    await panel.loading;
    const result = await submit(panel, 'HubSpot', { ...panel.lastState!.values, start_date: '2024-01-01T00:00:00Z' });
    assert.deepEqual(result, { ok: true });
    assert.equal(panel.currentStage, 'oauth');
    assert.ok(panel.lastState?.formStepTypes.includes('oauth'), 'the OAuth properties are offered as a form');
    assert.equal(panel.lastState?.steps.find((s) => s.state === 'current')?.type, 'oauth');
    // The user authorizes in Stitch's web app; here the emulator is told directly, as Stitch would be.
    const response = await fetch(`${em.url}/v4/sources/${panel.sourceId}`, {
      method: 'PUT', headers: { authorization: `Bearer ${em.accounts[0]!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { refresh_token: 'rt-from-web-app' } }),
    });
    assert.equal(response.status, 200);
    await eventually(() => panel.currentStage !== 'oauth', 'the panel to notice the authorization', 15_000);
    await panel.watching;
    assert.equal(panel.currentStage, 'fieldSelection');
    panel.dispose();
  });

  it('one panel per source: a second open reveals the same panel', async () => {
    const count = panels.count;
    const a = panels.open({ kind: 'source', sourceId: goodSourceId });
    const b = panels.open({ kind: 'source', sourceId: goodSourceId });
    assert.equal(a, b);
    assert.equal(panels.count, count);
  });

  it('restores panels with the serializer, refusing unreadable state', async () => {
    const fresh = vscode.window.createWebviewPanel(SOURCE_FORM_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, {});
    await panels.serializer.deserializeWebviewPanel(fresh, { key: { kind: 'new', sourceType: 'platform.hubspot' }, values: { x: 'y' } });
    const restored = panels.find({ kind: 'new', sourceType: 'platform.hubspot' });
    assert.ok(restored);
    await restored.loading;
    assert.equal(restored.lastState?.sourceType, 'platform.hubspot');
    restored.dispose();
    const junk = vscode.window.createWebviewPanel(SOURCE_FORM_VIEW_TYPE, 'junk', vscode.ViewColumn.Active, {});
    let disposed = false;
    junk.onDidDispose(() => { disposed = true; });
    await panels.serializer.deserializeWebviewPanel(junk, { key: { kind: 'source', sourceId: '1; drop' } });
    assert.equal(disposed, true);
  });

  it('registers the commands and a serializer for the panel type', async () => {
    const integrated = (await vscode.commands.getCommands(true)).includes('stitch.createSource');
    if (!integrated) { const own = sourceFormPanel(api.services, deps); disposables.push(...own.disposables, ...registerCommandTables([own.commands])); }
    assert.throws(() => vscode.window.registerWebviewPanelSerializer(SOURCE_FORM_VIEW_TYPE, { deserializeWebviewPanel: async () => undefined }), /already registered/);
    const opened = await vscode.commands.executeCommand<SourceFormPanel>('stitch.createSource', { sourceType: 'platform.recurly' });
    assert.deepEqual(opened?.key, { kind: 'new', sourceType: 'platform.recurly' });
    const again = await vscode.commands.executeCommand<SourceFormPanel>('stitch.createSource', 'platform.recurly');
    assert.equal(again, opened);
    const edit = await vscode.commands.executeCommand<SourceFormPanel>('stitch.editSource', { sourceId: goodSourceId, label: 'tree node' });
    assert.deepEqual(edit?.key, { kind: 'source', sourceId: goodSourceId });
    opened?.dispose();
    edit?.dispose();
  });

  it('refuses 1,000 hostile messages without throwing or acting', async () => {
    const panel = panels.open({ kind: 'source', sourceId: goodSourceId });
    await panel.loading;
    const before = sent.filter((s) => s.method !== 'GET').length;
    const rejectedBefore = panel.channel.rejectedCount;
    const huge = 'x'.repeat(2_100_000);
    const proto = JSON.parse('{"__proto__": {"polluted": 1}}') as unknown;
    const methods = ['sourceForm/submit', 'sourceForm/validate', 'constructor', '__proto__', 'toString', 'eval', 'hasOwnProperty'];
    const noParams = ['sourceForm/refresh', 'sourceForm/checkAgain', 'sourceForm/openInStitch', 'sourceForm/selectStreams', 'sourceForm/showLogs'];
    const paramsPool: unknown[] = [
      undefined, null, 0, -1, 'x', [], [1, 2], true, proto, { __proto__: { a: 1 } }, { constructor: { prototype: {} } },
      { displayName: 5, values: {} }, { displayName: 'x', values: proto }, { displayName: 'x', values: { a: { b: 1 } } },
      { seq: 'a', displayName: 'x', values: {} }, { displayName: huge, values: {} }, { displayName: 'x', values: { subdomain: ['a', { b: { c: 1 } }] } },
      { x: 1 },
    ];
    const messages: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const kind = i % 7;
      if (kind === 0) messages.push(paramsPool[i % paramsPool.length]);
      else if (kind === 1) messages.push({ type: 'request', id: 'nope', method: 'sourceForm/submit', params: {} });
      else if (kind === 2) messages.push({ type: 'request', id: 10_000 + i, method: methods[i % methods.length], params: paramsPool[i % paramsPool.length] });
      else if (kind === 3) messages.push({ type: 'ready', protocol: 999 });
      else if (kind === 4) messages.push({ type: 'event', name: 'sourceForm/state', payload: {} });
      else if (kind === 5) messages.push({ type: 'request', id: 10_000 + i, method: noParams[i % noParams.length], params: { sneaky: true } });
      else messages.push({ type: 'request', id: 10_000 + i, method: 'sourceForm/submit', params: paramsPool[i % paramsPool.length] });
    }
    let answeredOk = 0;
    for (const message of messages) {
      const response = await panel.channel.receive(message);
      if (response?.ok && (response.result as SubmitResult | undefined)?.ok) answeredOk++;
    }
    assert.equal(answeredOk, 0, 'no hostile submit succeeded');
    assert.equal(sent.filter((s) => s.method !== 'GET').length, before, 'nothing was written to Stitch');
    assert.ok(panel.channel.rejectedCount - rejectedBefore > 300, `refused ${panel.channel.rejectedCount - rejectedBefore}`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // The panel still works afterwards.
    const ok = await panel.channel.receive({ type: 'request', id: 99_999, method: 'sourceForm/validate', params: { seq: 1, displayName: 'Recurly', values: RECURLY } });
    assert.equal(ok?.ok, true);
  });
});
