// Sources as files (issue 19) in a real VS Code against the emulator: export → edit → plan (diff
// editor) → apply round trip, VS Code's own JSON diagnostics from the stitch-schema: schema, drift
// after a change made through the API, and a secret audit of workspace, user data and logs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { StitchClient, type Source } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import type { FileState } from '../../src/files/documents';
import type { RunningEmulator } from '../emulator';
import { activateExtension, emulator, eventually, signIn, signOutAll } from './support';

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

describe('source files: export, plan, apply, drift (emulator)', function () {
  this.timeout(120_000);
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const originalKey = `orig-${suffix}-KEY`;
  const newKey = `new-${suffix}-KEY`;
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let client: StitchClient;
  let source: Source;
  let fileUri: vscode.Uri;
  const said: string[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { info: win.showInformationMessage, warn: win.showWarningMessage, save: win.showSaveDialog, input: win.showInputBox };
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Files');
    const token = em.accounts[0]!.token;
    client = new StitchClient({ baseUrl: em.url, getToken: async () => token, jobsBudget: false });
    source = await client.createSource({ type: 'platform.recurly', display_name: 'Files Trip', properties: { subdomain: 'acme', quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: originalKey } });
    await eventually(async () => (await client.listStreams(source.id)).length > 0 || undefined, 'discovery');
    await client.updateStreamMetadata(source.id, { streams: [{ tap_stream_id: 'accounts', metadata: [{ breadcrumb: [], metadata: { selected: true } }, { breadcrumb: ['properties', 'email'], metadata: { selected: true } }] }] });
    await client.updateSource(source.id, { properties: { frequency_in_minutes: '60' } });
    win.showInformationMessage = ((m: string) => { said.push(m); return Promise.resolve(undefined); }) as typeof win.showInformationMessage;
    win.showWarningMessage = ((m: string, ...rest: unknown[]) => { said.push(m); return Promise.resolve(rest.find((r) => r === 'Apply')); }) as typeof win.showWarningMessage;
    fileUri = vscode.Uri.joinPath(folder(), 'files-trip.stitch.jsonc');
    win.showSaveDialog = (() => Promise.resolve(fileUri)) as typeof win.showSaveDialog;
  });

  after(async () => {
    Object.assign(win, { showInformationMessage: originals.info, showWarningMessage: originals.warn, showSaveDialog: originals.save, showInputBox: originals.input });
    // VS Code keeps the document and plans it again at the next sign-in, against that emulator's source with the same id.
    const doc = await vscode.workspace.openTextDocument(fileUri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fileUri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{}\n');
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll(api);
    await em?.close();
  });

  const plan = async () => (await vscode.commands.executeCommand<FileState>('stitch.files.plan', fileUri))!;
  const replaceText = async (from: string | RegExp, to: string) => {
    const doc = await vscode.workspace.openTextDocument(fileUri);
    const m = typeof from === 'string' ? { index: doc.getText().indexOf(from), 0: from } : from.exec(doc.getText());
    assert.ok(m && m.index >= 0, `${String(from)} is in the file`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fileUri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
  };

  it('export → edit the schedule → plan in the diff editor → apply → in sync', async () => {
    await vscode.commands.executeCommand('stitch.files.export', { sourceId: source.id });
    const text = fs.readFileSync(fileUri.fsPath, 'utf8');
    assert.match(text, /"api_key": \{\s*"\$secret": "files_trip\/api_key"\s*\}/);
    assert.ok(!text.includes(originalKey) && !text.includes('image_version') && !text.includes('next_fire_time'));
    assert.ok(said.some((m) => m.includes('files_trip/api_key')), 'Set Secret is offered');

    // An unset secret: nothing can be applied.
    const unset = await plan();
    assert.equal(unset.planned?.plan.status, 'blocked');

    win.showInputBox = ((o?: vscode.InputBoxOptions) => Promise.resolve(o?.password ? newKey : undefined)) as typeof win.showInputBox;
    assert.equal(await vscode.commands.executeCommand('stitch.files.setSecret', 'files_trip/api_key'), true);

    const stored = await api.services.context.secrets.get(`stitch.fileSecret.${api.services.accounts.active!.id}.files_trip/api_key`);
    assert.equal(stored === newKey, true, 'kept in SecretStorage under the account');
    assert.match(fs.readFileSync(fileUri.fsPath, 'utf8'), /"everyMinutes": 60/);
    await replaceText(/"schedule": \{[^}]*\}/, '"schedule": { "cron": "0 0 6 ? * MON-FRI" }');
    const planned = await plan();
    assert.deepEqual(planned.planned?.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${source.id} {api_key (secret, changed), cron_expression}`], JSON.stringify(planned.planned?.plan.problems ?? planned.error));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'the diff editor is open');
    const diff = tab.input as vscode.TabInputTextDiff;
    assert.equal(diff.modified.scheme, 'stitch-plan');
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(diff.original), vscode.workspace.openTextDocument(diff.modified)]);
    const changed = right.getText().split('\n').filter((l, i) => l !== left.getText().split('\n')[i]);
    assert.deepEqual(changed.map((l) => l.trim()), ['"api_key": "<secret: will be sent (changed)>",', '"cron": "0 0 6 ? * MON-FRI"'], 'exactly the secret state and the schedule differ');

    await vscode.commands.executeCommand('stitch.files.apply', fileUri);
    const live = await client.getSource(source.id);
    assert.equal(live.properties.cron_expression, '0 0 6 ? * MON-FRI');
    const after = await plan();
    assert.equal(after.planned?.plan.status, 'in-sync', after.planned?.plan.fileView);
  });

  it("VS Code's JSON features report a wrong pattern and a missing required property from the stitch-schema: schema", async () => {
    const uri = vscode.Uri.joinPath(folder(), 'bad.stitch.jsonc');
    fs.writeFileSync(uri.fsPath, JSON.stringify({
      $schema: 'stitch-schema:/source-types/platform.recurly.json', kind: 'source', type: 'platform.recurly', displayName: 'Bad',
      properties: { quota_limit: '30', start_date: '2024-01-01', api_key: { $secret: 'bad/api_key' } },
    }, null, 2));
    await vscode.window.showTextDocument(uri);
    const diags = await eventually(() => {
      const json = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'Stitch');
      return json.some((d) => /pattern/i.test(d.message)) && json.some((d) => /subdomain/.test(d.message)) ? json : undefined;
    }, 'JSON diagnostics', 30_000);
    assert.ok(diags.length >= 2);
  });

  it('drift after a change through the API: a diagnostic on the key with Take Live Value, which makes the plan empty', async () => {
    await client.updateSource(source.id, { properties: { quota_limit: '99' } });
    await vscode.commands.executeCommand('stitch.files.showDrift', fileUri);
    const doc = await vscode.workspace.openTextDocument(fileUri);
    const drift = await eventually(() => vscode.languages.getDiagnostics(fileUri).find((d) => d.code === 'drift'), 'a drift diagnostic');
    assert.equal(doc.getText(drift.range), '"quota_limit"');
    assert.match(drift.message, /live value "99"/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', fileUri, drift.range);
    const take = actions.find((a) => a.title === 'Take Live Value');
    assert.ok(take?.edit && actions.some((a) => a.title.startsWith('Keep File Value')));
    await vscode.workspace.applyEdit(take.edit);
    await doc.save();
    assert.match(doc.getText(), /"quota_limit": "99"/);
    assert.equal((await plan()).planned?.plan.status, 'in-sync');
  });

  it('a source deleted in Stitch is reported as such', async () => {
    await client.deleteSource(source.id);
    assert.equal((await plan()).planned?.plan.status, 'deleted');
    assert.ok(vscode.languages.getDiagnostics(fileUri).some((d) => /deleted in Stitch/.test(d.message)));
  });

  it('secret audit: the values are nowhere in the workspace, user data or logs', async () => {
    const userData = path.resolve(api.services.context.globalStorageUri.fsPath, '..', '..', '..');
    const files = [...filesUnder(folder().fsPath), ...filesUnder(userData), ...filesUnder(path.dirname(api.services.context.logUri.fsPath))];
    assert.ok(files.length > 0);
    const hits = files.filter((f) => { try { const t = fs.readFileSync(f, 'latin1'); return t.includes(newKey) || t.includes(originalKey); } catch { return false; } });
    assert.deepEqual(hits, [], 'no file holds a secret value');
    assert.ok(said.every((m) => !m.includes(newKey)));
  });
});
