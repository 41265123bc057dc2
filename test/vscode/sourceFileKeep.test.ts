// Source files (issue 19) in a real VS Code against the emulator: Keep File Value sends only its
// key; an apply that fails after the create leaves the file untouched and the next plan adopts the
// created source; drift shown in one window is not shown again by another (shared memory).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { StitchClient } from '../../src/api';
import { parseFileText } from '../../src/core/sourceFile/text';
import type { StitchExtensionApi } from '../../src/extension';
import type { FileState } from '../../src/files/documents';
import { FileEngine } from '../../src/files/engine';
import { driftStamp, FileMemory, hashKeys } from '../../src/files/fileMemory';
import { SourceStore } from '../../src/state/sourceStore';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll, removeSourceFiles } from './support';

describe('source files: keep one key, a failure part-way, drift across windows (emulator)', function () {
  this.timeout(180_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let client: StitchClient;
  const said: string[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { info: win.showInformationMessage, warn: win.showWarningMessage, error: win.showErrorMessage };
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const written: vscode.Uri[] = [];

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Keep');
    const token = em.accounts[0]!.token;
    client = new StitchClient({ baseUrl: em.url, getToken: async () => token, jobsBudget: false });
    await api.services.context.secrets.store(`stitch.fileSecret.${api.services.accounts.active!.id}.keep/api_key`, 'keep-key-value');
    win.showInformationMessage = ((m: string) => { said.push(m); return Promise.resolve(undefined); }) as typeof win.showInformationMessage;
    win.showErrorMessage = ((m: string) => { said.push(m); return Promise.resolve(undefined); }) as typeof win.showErrorMessage;
    win.showWarningMessage = ((m: string, ...rest: unknown[]) => { said.push(m); return Promise.resolve(rest.find((r) => r === 'Apply')); }) as typeof win.showWarningMessage;
  });

  after(async () => {
    Object.assign(win, { showInformationMessage: originals.info, showWarningMessage: originals.warn, showErrorMessage: originals.error });
    await control(em, 'DELETE', 'faults');
    await removeSourceFiles(written);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll(api);
    await em?.close();
  });

  async function writeFile(name: string, displayName: string, id?: number): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder(), name);
    fs.writeFileSync(uri.fsPath, `{
  // kept by hand
  "kind": "source",
  "type": "platform.recurly",
  "displayName": "${displayName}",${id ? `\n  "id": ${id},` : ''}
  "properties": { "subdomain": "acme", "quota_limit": "30", "start_date": "2024-01-01T00:00:00Z", "api_key": { "$secret": "keep/api_key" } },
  "streams": { "accounts": {} }
}
`);
    written.push(uri);
    await vscode.window.showTextDocument(uri);
    return uri;
  }
  /** An edit and a save: the save starts a background check, as a user's save does. */
  async function touchAndSave(doc: vscode.TextDocument): Promise<void> {
    const at = doc.getText().indexOf('// kept by hand') + '// kept by hand'.length;
    const edit = new vscode.WorkspaceEdit();
    if (doc.getText()[at] === ' ') edit.delete(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 1)));
    else edit.insert(doc.uri, doc.positionAt(at), ' ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
  }
  const plan = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<FileState>('stitch.files.plan', uri))!;

  async function createdInSync(name: string, displayName: string): Promise<{ uri: vscode.Uri; id: number }> {
    const uri = await writeFile(name, displayName);
    await vscode.commands.executeCommand('stitch.files.apply', uri);
    const id = (parseFileText(fs.readFileSync(uri.fsPath, 'utf8')).result as { file?: { id?: number } }).file?.id;
    assert.ok(id, `the apply wrote the id: ${said.slice(-2).join(' | ')}`);
    assert.equal((await plan(uri)).planned?.plan.status, 'in-sync');
    return { uri, id };
  }

  it('Keep File Value on one drifted key sends that key alone; the other difference stays', async () => {
    const { uri, id } = await createdInSync('keep-one.stitch.jsonc', 'Keep One');
    await client.updateSource(id, { display_name: 'Renamed in Stitch', properties: { quota_limit: '99' } });
    await vscode.commands.executeCommand('stitch.files.showDrift', uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const drift = await eventually(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'drift' && doc.getText(d.range) === '"quota_limit"'), 'drift on quota_limit');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, drift.range);
    const keeps = actions.filter((a) => a.title.startsWith('Keep File Value'));
    assert.equal(keeps.length, 1, 'one Keep File Value: the quota_limit drift\'s');
    const keep = keeps[0]!;
    assert.ok(keep.command);
    assert.deepEqual(keep.command.arguments?.[1], ['properties', 'quota_limit']);
    await control(em, 'DELETE', 'requests');
    await vscode.commands.executeCommand(keep.command.command, ...(keep.command.arguments ?? []));
    const writes = (await requests(em)).filter((r) => r.method !== 'GET' && !r.path.startsWith('/__emulator'));
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [`PUT /v4/sources/${id}`], 'one write');
    const live = await client.getSource(id);
    assert.equal(live.properties.quota_limit, '30', 'the file value is back');
    assert.equal(live.display_name, 'Renamed in Stitch', 'the other difference was not sent');
    assert.ok(said.some((m) => m.startsWith('Keep the file\'s properties.quota_limit')), 'the confirmation names the key');
    const after = await plan(uri);
    assert.deepEqual(after.planned?.plan.differences, [['displayName']]);
  });

  it('a failure after the create leaves the file untouched; the next plan adopts the source and shows only what is left', async () => {
    const uri = await writeFile('part-way.stitch.jsonc', 'Part Way');
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    await control(em, 'POST', 'faults', { method: 'PUT', path: '/streams/metadata$', kind: 'status', status: 500, times: 1 });
    said.length = 0;
    await vscode.commands.executeCommand('stitch.files.apply', uri);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), before, 'the file is untouched');
    const failure = said.find((m) => m.includes('failed'));
    assert.ok(failure, said.join(' | '));
    assert.match(failure, /Done before it: POST \/v4\/sources/);
    const created = (await client.listSources()).find((s) => s.display_name === 'Part Way');
    assert.ok(created, 'the create happened');
    assert.match(failure, new RegExp(`created \\(id ${created.id}\\)`));

    const left = await plan(uri);
    assert.equal(left.adoptedId, created.id);
    assert.deepEqual(left.planned?.plan.calls.map((c) => c.summary), [`PUT /v4/sources/${created.id}/streams/metadata: +1 stream`], 'only what is left: no second create');
    assert.ok(left.planned?.plan.problems.some((p) => p.message.includes(`Created by the last apply, id ${created.id}`)));
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.message.includes(`id ${created.id}`)), 'said in the file too');

    await vscode.commands.executeCommand('stitch.files.apply', uri);
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(text, new RegExp(`"id": ${created.id}`), 'the id is written once the apply succeeds');
    assert.match(text, /\/\/ kept by hand/, 'comments kept');
    assert.equal((await client.listSources()).filter((s) => s.display_name === 'Part Way').length, 1, 'one source, not two');
    const done = await plan(uri);
    assert.equal(done.planned?.plan.status, 'in-sync');
    assert.equal(done.adoptedId, undefined);
  });

  it('drift already shown by another window is not shown again here; a new drift is, once', async () => {
    const { uri, id } = await createdInSync('drift-once.stitch.jsonc', 'Drift Once');
    await client.updateSource(id, { properties: { quota_limit: '77' } });
    // The other window: it planned this file against the same live source and showed the drift.
    const token = em.accounts[0]!.token;
    const other = new StitchClient({ baseUrl: em.url, getToken: async () => token, jobsBudget: false });
    const store = new SourceStore(() => other);
    const engine = new FileEngine({ api: other as never, store, account: em.accounts[0]!.clientId, resolveSecret: async () => 'keep-key-value', hashes: { get: () => undefined, set: () => undefined } });
    const parsed = parseFileText(fs.readFileSync(uri.fsPath, 'utf8')).result;
    assert.ok(parsed.ok);
    const theirs = await engine.plan(parsed.file);
    store.dispose();
    assert.equal(theirs.plan.status, 'changes');
    const memory = new FileMemory(path.join(api.services.context.globalStorageUri.fsPath, 'files'));
    const account = api.services.accounts.active!.id;
    assert.ok(memory.get(account, uri.toString()).agreed, 'this window recorded the agreement where the other can read it');
    const theirStamp = driftStamp(memory.get(account, uri.toString()).agreed, hashKeys(theirs.plan.liveKeys));
    assert.ok(theirStamp, 'the other window sees the drift');
    memory.update(account, uri.toString(), { reported: theirStamp });

    said.length = 0;
    const doc = await vscode.workspace.openTextDocument(uri);
    await touchAndSave(doc);
    const lensTitle = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '').join(' · ');
    await eventually(async () => (/drift: 1 change/.test(await lensTitle()) ? true : undefined), 'the lens says drift');
    assert.deepEqual(said.filter((m) => m.includes('changed in Stitch')), [], 'not shown again');

    await client.updateSource(id, { properties: { quota_limit: '78' } });
    await touchAndSave(doc);
    await eventually(() => (said.some((m) => m.includes('changed in Stitch')) ? true : undefined), 'the new drift is shown');
    await touchAndSave(doc);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(said.filter((m) => m.includes('changed in Stitch')).length, 1, 'once');
    assert.notEqual(memory.get(account, uri.toString()).reported, theirStamp, 'the other windows learn of the new one');
  });
});
