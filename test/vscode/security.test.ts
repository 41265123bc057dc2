// Secret hygiene audit (issue 12, point 1) and the panels' CSP (point 4, host side): a journey with
// a unique token and unique credential values, then a search of everything the extension could
// have written. The vscode tier runs in a fresh user-data folder (test/support/codeServer.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { openSchedulePanel, type SchedulePanel } from '../../src/panels/schedule';
import type { SelectionPanel } from '../../src/panels/selection';
import type { SourceFormPanel } from '../../src/panels/sourceForm';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, signIn, signOutAll } from './support';
import { writeSecurityFigures as writeFigures } from '../support/securityReport';


function filesUnder(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[] = [];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(full, out);
    else if (e.isFile()) out.push(full);
  }
  return out;
}

describe('security: secrets stay secret, panels have a strict CSP', function () {
  this.timeout(120_000);
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const token = `tok-${suffix}-SECRET`;
  const apiKey = `cred-${suffix}-APIKEY`;
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  const said: string[] = [];
  const logged: string[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { error: vscode.window.showErrorMessage, info: vscode.window.showInformationMessage, warn: vscode.window.showWarningMessage };
  let form: SourceFormPanel | undefined;
  let selection: SelectionPanel | undefined;
  let schedule: SchedulePanel | undefined;
  let restoreLog: (() => void) | undefined;

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ demo: true, jobSeconds: 1, tokens: [token] });
    await control(em, 'POST', 'clock', { speed: 0 });
    const record = (original: (...a: never[]) => Thenable<unknown>) => ((message: string, ...rest: unknown[]) => {
      said.push(message);
      void (original as (...a: unknown[]) => Thenable<unknown>)(message, ...rest);
      return Promise.resolve(undefined);
    });
    win.showErrorMessage = record(originals.error) as typeof vscode.window.showErrorMessage;
    win.showInformationMessage = record(originals.info) as typeof vscode.window.showInformationMessage;
    win.showWarningMessage = record(originals.warn) as typeof vscode.window.showWarningMessage;
    const log = api.services.log;
    const before = { info: log.info, warn: log.warn, error: log.error, debug: log.debug };
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      log[level] = (message: string) => { logged.push(message); before[level].call(log, message); };
    }
    restoreLog = () => Object.assign(log, before);
  });
  after(async () => {
    win.showErrorMessage = originals.error;
    win.showInformationMessage = originals.info;
    win.showWarningMessage = originals.warn;
    restoreLog?.();
    form?.dispose();
    selection?.dispose();
    schedule?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll(api);
    await em?.close();
  });

  it('the whole journey with a unique token and credential leaves them nowhere but the secret store', async () => {
    // Sign in, both trees, create a source with a credential through the form panel, watch the check.
    await signIn(em, 0, 'Audit');
    api.trees.sources.refresh();
    api.trees.sourceTypes.refresh();
    assert.ok((await api.trees.sources.getChildren()).length > 0);
    assert.ok((await api.trees.sourceTypes.getChildren()).length > 0);
    form = (await vscode.commands.executeCommand<SourceFormPanel>('stitch.createSource', 'platform.recurly'))!;
    await form.loading;
    const values = { ...form.lastState!.values, api_key: apiKey, subdomain: 'audit', quota_limit: '80' };
    const created = await form.channel.receive({ type: 'request', id: 1, method: 'sourceForm/submit', params: { displayName: `Audit ${suffix}`, values } });
    assert.ok(created?.ok && (created.result as { ok: boolean }).ok, JSON.stringify(created));
    await control(em, 'POST', 'clock', { advanceSeconds: 5 });
    await form.watching;
    const sourceId = form.sourceId!;
    // An edit that fails (the key is rejected by a 500) and one that passes, with the credential retyped.
    await control(em, 'POST', 'faults', { method: 'PUT', path: `^/v4/sources/${sourceId}$`, kind: 'status', status: 500, times: 1 });
    const again = { ...form.lastState!.values, api_key: apiKey };
    await form.channel.receive({ type: 'request', id: 2, method: 'sourceForm/submit', params: { displayName: `Audit ${suffix}`, values: again } });
    // Streams, a selection, a schedule, a sync, its log and the history.
    await vscode.commands.executeCommand('stitch.selectStreams', { sourceId });
    selection = (await vscode.commands.executeCommand<{ panels: Map<number, SelectionPanel> }>('stitch.selection.testHook')).panels.get(sourceId);
    const init = await selection!.channel.receive({ type: 'request', id: 3, method: 'selection/init', params: {} });
    const stream = (init?.result as { streams: { id: string }[] }).streams[0].id;
    await selection!.channel.receive({ type: 'request', id: 4, method: 'selection/edit', params: { ops: [{ op: 'stream', stream, selected: true }] } });
    const applied = await selection!.channel.receive({ type: 'request', id: 5, method: 'selection/apply', params: {} });
    assert.ok(applied?.ok, applied?.error);
    schedule = openSchedulePanel(api.services, sourceId);
    await schedule.channel.receive({ type: 'request', id: 6, method: 'schedule/load', params: {} });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    await control(em, 'POST', 'clock', { advanceSeconds: 30 });
    await vscode.commands.executeCommand('stitch.internal.jobs', { op: 'pollNow' });
    const extractions = await (await fetch(`${em.url}/v4/${em.accounts[0].clientId}/extractions`, { headers: { Authorization: `Bearer ${token}` } })).json() as { data: { source_id: number; job_name: string }[] };
    const jobName = extractions.data.find((e) => e.source_id === sourceId)?.job_name;
    assert.ok(jobName, 'the sync ran');
    await vscode.commands.executeCommand('stitch.viewExtractionLogs', { sourceId, jobName });
    await vscode.commands.executeCommand('stitch.showHistory', { sourceId });
    // A 401 and a network failure, so error texts exist too.
    await control(em, 'POST', 'faults', { method: 'GET', path: '^/v4/sources$', kind: 'status', status: 401, times: 1 });
    api.trees.sources.refresh();
    await api.trees.sources.getChildren();
    await control(em, 'POST', 'faults', { method: 'POST', path: `^/v4/sources/${sourceId}/sync$`, kind: 'reset', times: 1 });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    await eventually(() => said.length > 0 || undefined, 'a message');
    await new Promise((r) => setTimeout(r, 1500)); // let the log and state files flush

    // ---- the search ----
    const places: { place: string; text: string }[] = [];
    places.push({ place: 'log output (every line written)', text: logged.join('\n') });
    places.push({ place: 'notification and error texts', text: said.join('\n') });
    places.push({ place: 'settings (stitch.*)', text: JSON.stringify(vscode.workspace.getConfiguration('stitch')) });
    const { globalState, workspaceState } = api.services.context;
    places.push({ place: 'globalState', text: JSON.stringify(globalState.keys().map((k) => [k, globalState.get(k)])) });
    places.push({ place: 'workspaceState', text: JSON.stringify(workspaceState.keys().map((k) => [k, workspaceState.get(k)])) });
    for (const [name, panel] of [['source form', form], ['selection', selection], ['schedule', schedule]] as const) {
      places.push({ place: `${name} webview HTML`, text: panel!.panel.webview.html });
    }
    places.push({ place: 'source form state sent to the webview (what it saves)', text: JSON.stringify(form.lastState) });
    places.push({ place: 'selection state sent to the webview (what it saves)', text: JSON.stringify((await selection!.channel.receive({ type: 'request', id: 7, method: 'selection/init', params: {} }))?.result) });
    places.push({ place: 'schedule state sent to the webview', text: JSON.stringify((await schedule.channel.receive({ type: 'request', id: 8, method: 'schedule/load', params: {} }))?.result) });
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme.startsWith('stitch'))) places.push({ place: `document ${doc.uri.scheme}:`, text: doc.getText() });
    assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'stitch-logs'), 'a log document was opened');
    // Files: the user-data folder (…/User/globalStorage/<extension> is three levels below it) and the logs.
    const userData = path.resolve(api.services.context.globalStorageUri.fsPath, '..', '..', '..');
    assert.ok(fs.existsSync(path.join(userData, 'User')), userData);
    const logsDir = api.services.context.logUri.fsPath;
    const files = [...new Set([...filesUnder(userData), ...filesUnder(path.dirname(path.dirname(logsDir)))])];
    const skipped: string[] = [];
    for (const file of files) {
      const stat = fs.statSync(file);
      if (stat.size > 50_000_000) { skipped.push(file); continue; }
      places.push({ place: `file ${path.relative(userData, file)}`, text: fs.readFileSync(file).toString('latin1') });
    }
    const secrets = [token, apiKey];
    const found = places.flatMap(({ place, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${place} holds the ${s === token ? 'token' : 'credential'}`));
    writeFigures(api.services.context.extensionUri.fsPath, 'secretHygiene', {
      placesSearched: places.length, filesSearched: files.length - skipped.length, occurrencesFound: found.length, found,
      searchedFor: ['API token', 'credential value (api_key)'],
      places: places.map((p) => p.place).filter((p) => !p.startsWith('file ')),
    });
    assert.ok(places.length > 20, `searched ${places.length} places`);
    assert.deepEqual(found, []);
  });

  it('every panel\'s HTML has a strict CSP: no unsafe-eval, no inline script, nonce\'d scripts from dist/ only', () => {
    for (const [name, panel] of [['source form', form], ['selection', selection], ['schedule', schedule]] as const) {
      const html = panel!.panel.webview.html;
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      assert.ok(csp, `${name}: a CSP meta tag`);
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-eval/, name);
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
      assert.match(scriptSrc, /^'nonce-[A-Za-z0-9_-]{16,}'$/, `${name}: scripts only by nonce (${scriptSrc})`);
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length >= 1);
      for (const [, attrs, body] of scripts) {
        assert.equal(body.trim(), '', `${name}: no inline script`);
        assert.ok(attrs.includes(`nonce="${nonce}"`), `${name}: the script carries the nonce`);
        assert.match(/src="([^"]+)"/.exec(attrs)?.[1] ?? '', /\/dist\/webview\.js$/, `${name}: the script comes from dist/`);
      }
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${name}: no inline event handler`);
      const roots = (panel!.panel.webview.options.localResourceRoots ?? []).map((u) => path.basename(u.fsPath)).sort();
      assert.deepEqual(roots, ['dist', 'media'], `${name}: resources only from dist/ and media/`);
    }
  });
});
