// `select` rules in a source file (issue 20) in a real VS Code against the emulator: the plan and
// apply commands send the rules' minimal metadata PUT, a rule matching nothing is a warning on its
// string, and the new-streams notice applies the file's rules to the new streams only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { StitchClient, type Source } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import type { FileState } from '../../src/files/documents';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, labelOf, signIn, signOutAll, removeSourceFiles } from './support';

describe('source files: select rules and new streams (emulator)', function () {
  this.timeout(120_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let client: StitchClient;
  let source: Source;
  const said: string[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { info: win.showInformationMessage, warn: win.showWarningMessage };
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const written: vscode.Uri[] = [];

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Rules');
    const token = em.accounts[0]!.token;
    client = new StitchClient({ baseUrl: em.url, getToken: async () => token, jobsBudget: false });
    source = await client.createSource({ type: 'platform.recurly', display_name: 'Rules Trip', properties: { subdomain: 'acme', quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: 'k' } });
    await eventually(async () => (await client.listStreams(source.id)).length > 0 || undefined, 'discovery');
    win.showInformationMessage = ((m: string) => { said.push(m); return Promise.resolve(undefined); }) as typeof win.showInformationMessage;
    win.showWarningMessage = ((m: string, ...rest: unknown[]) => { said.push(m); return Promise.resolve(rest.find((r) => r === 'Apply')); }) as typeof win.showWarningMessage;
  });

  after(async () => {
    Object.assign(win, { showInformationMessage: originals.info, showWarningMessage: originals.warn });
    await vscode.workspace.getConfiguration('stitch').update('newStreams', undefined, vscode.ConfigurationTarget.Global);
    await removeSourceFiles(written);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll(api);
    await em?.close();
  });

  function writeFile(name: string, sourceId: number, displayName: string, select: string[]): vscode.Uri {
    const uri = vscode.Uri.joinPath(folder(), name);
    const text = `{
  // Selection as rules: the last matching rule wins.
  "kind": "source",
  "type": "platform.recurly",
  "displayName": ${JSON.stringify(displayName)},
  "account": ${em.accounts[0]!.clientId},
  "id": ${sourceId},
  "properties": {},
  "select": [
${select.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}
  ]
}
`;
    fs.writeFileSync(uri.fsPath, text);
    written.push(uri);
    return uri;
  }

  it('plan and apply send the rules as one minimal metadata PUT; a rule matching nothing is a warning on its string', async () => {
    const uri = writeFile('rules-trip.stitch.jsonc', source.id, 'Rules Trip', ['accounts', 'accounts.code', 'invoices', '!invoices.total', 'nosuch_*']);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const planned = (await vscode.commands.executeCommand<FileState>('stitch.files.plan', uri))!;
    const calls = planned.planned?.plan.calls ?? [];
    assert.deepEqual(calls.map((c) => c.summary), [`PUT /v4/sources/${source.id}/streams/metadata: +2 streams, +1 field`], JSON.stringify(planned.planned?.plan.problems ?? planned.error));
    // The selection editor's own minimal body: the stream entry first, with the key Stitch needs for INCREMENTAL.
    const stream = { breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } };
    assert.deepEqual(calls[0]!.body, { streams: [
      { tap_stream_id: 'accounts', metadata: [stream, { breadcrumb: ['properties', 'code'], metadata: { selected: true } }] },
      { tap_stream_id: 'invoices', metadata: [stream] },
    ] });

    const warning = await eventually(() => vscode.languages.getDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning && /matches no stream/.test(d.message)), 'the matches-nothing warning');
    assert.equal(doc.getText(warning.range), 'nosuch_*', 'on the rule inside its string');
    // `accounts` never decides: `accounts.code` selects the stream later (the last matching rule wins).
    const warned = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).map((d) => doc.getText(d.range)).sort();
    assert.deepEqual(warned, ['accounts', 'nosuch_*']);

    await control(em, 'DELETE', 'requests');
    await vscode.commands.executeCommand('stitch.files.apply', uri);
    const writes = ((await control(em, 'GET', 'requests')) as { method: string; path: string }[]).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [`PUT /v4/sources/${source.id}/streams/metadata`], 'one write');
    const streams = await client.listStreams(source.id);
    assert.deepEqual(streams.filter((s) => s.metadata.selected === true).map((s) => s.tap_stream_id).sort(), ['accounts', 'invoices']);
    const accounts = await client.getStreamSchema(source.id, streams.find((s) => s.tap_stream_id === 'accounts')!.stream_id);
    assert.equal(accounts.metadata.find((m) => m.breadcrumb[1] === 'code')?.metadata.selected, true);
    const again = (await vscode.commands.executeCommand<FileState>('stitch.files.plan', uri))!;
    assert.equal(again.planned?.plan.status, 'in-sync', JSON.stringify(again.planned?.plan.calls));
  });

  it('applyRules: after a structure sync adds streams, the file\'s rules select exactly the matching new streams', async () => {
    await vscode.workspace.getConfiguration('stitch').update('newStreams', 'applyRules', vscode.ConfigurationTarget.Global);
    const grown = await client.createSource({ type: 'platform.recurly', display_name: 'Growing', properties: { subdomain: 'grow', quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: 'k' } });
    await eventually(async () => (await client.listStreams(grown.id)).length > 0 || undefined, 'discovery');
    const rule = '*_*';
    const matches = (id: string) => id.includes('_');
    writeFile('growing.stitch.jsonc', grown.id, 'Growing', [rule, `${rule}.name`]);

    const readStreams = async (): Promise<void> => {
      api.trees.sources.refresh();
      const nodes = await api.trees.sources.getChildren();
      const node = nodes.find((n) => 'source' in n && n.source.id === grown.id);
      assert.ok(node, nodes.map(labelOf).join(' | '));
      const group = (await api.trees.sources.getChildren(node)).find((g) => labelOf(g) === 'Streams');
      assert.ok(group);
      await api.trees.sources.getChildren(group);
    };
    await control(em, 'POST', `sources/${grown.id}/catalogue`, { streams: 12, fields: 4 });
    await readStreams(); // the baseline
    const before = (await client.listStreams(grown.id)).map((s) => s.tap_stream_id);
    await control(em, 'POST', `sources/${grown.id}/catalogue`, { streams: 20, fields: 4 });
    const after = await client.listStreams(grown.id);
    const fresh = after.map((s) => s.tap_stream_id).filter((id) => !before.includes(id));
    const expected = fresh.filter(matches).sort();
    assert.ok(expected.length > 0 && before.some(matches), `the rule matches new streams and old ones: new ${fresh.join(',')}, old ${before.join(',')}`);
    said.length = 0;
    await readStreams();
    await eventually(() => said.find((m) => m.startsWith(`${fresh.length} new streams in Growing: applied the selection rules`)), `the notice (said: ${said.join(' | ')})`, 20_000);
    const selected = (await client.listStreams(grown.id)).filter((s) => s.metadata.selected === true);
    assert.deepEqual(selected.map((s) => s.tap_stream_id).sort(), expected, 'exactly the matching new streams; the old ones that match stay as they were');
    for (const s of selected) {
      const schema = await client.getStreamSchema(grown.id, s.stream_id);
      assert.equal(schema.metadata.find((m) => m.breadcrumb[1] === 'name')?.metadata.selected, true, `${s.tap_stream_id}.name`);
    }
  });
});
