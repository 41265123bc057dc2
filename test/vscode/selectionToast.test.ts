import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { selectionDeps } from '../../src/panels/selection/index';
import { SelectionPanel } from '../../src/panels/selection/selectionPanel';
import type { SelectionApplyResult, SelectionEditResult, SelectionState } from '../../src/protocol/selection';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, signIn, signOutAll } from './support';

const PG = { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop', ssl: 'true', frequency_in_minutes: '60' };

// Apply's outcome is said once: in the panel's banner when the panel is visible, in a toast when it is not.
describe('selection panel: one announcement per Apply', function () {
  this.timeout(90_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let panel: SelectionPanel;
  let nextId = 1;
  const said: string[] = [];
  const win = vscode.window as { showInformationMessage: unknown };
  const original = vscode.window.showInformationMessage;

  async function ok<T>(method: string, params: unknown = {}): Promise<T> {
    const r = await panel.channel.receive({ type: 'request', id: nextId++, method, params }) as { ok: boolean; result?: T; error?: string };
    assert.ok(r.ok, r.error);
    return r.result as T;
  }
  const stage = (stream: string) => ok<SelectionEditResult>('selection/edit', { ops: [
    { op: 'stream', stream, selected: true }, { op: 'method', stream, method: 'FULL_TABLE' },
  ] });

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ jobSeconds: 1 });
    await signIn(em, 0, 'Toast');
    const res = await fetch(`${em.url}/v4/sources`, {
      method: 'POST', headers: { Authorization: `Bearer ${em.accounts[0]!.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'platform.postgres', display_name: 'Toast DB', properties: PG }),
    });
    const sourceId = ((await res.json()) as { id: number }).id;
    await control(em, 'POST', 'clock', { advanceSeconds: 3 });
    panel = SelectionPanel.create(selectionDeps(api.services), sourceId);
    win.showInformationMessage = ((m: string) => { said.push(m); return Promise.resolve(undefined); }) as typeof vscode.window.showInformationMessage;
    await ok<SelectionState>('selection/init', {});
  });

  after(async () => {
    win.showInformationMessage = original;
    panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await em?.close();
  });

  it('a visible panel: the banner only, no toast', async () => {
    await eventually(() => panel.panel.visible || undefined, 'the panel to be visible');
    await stage('shop-public-customers');
    said.length = 0;
    const result = await ok<SelectionApplyResult>('selection/apply');
    assert.equal(result.becameConfigured, true, 'the webview builds its banner from this result');
    assert.equal(result.appliedText, '1 stream added');
    // Give a stray toast the time to be asked for (it is fired without being awaited).
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(said, []);
  });

  it('a hidden panel: a toast says it instead', async () => {
    await stage('shop-public-orders');
    // Another editor in the same group hides the panel.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'covering the panel' }), { viewColumn: panel.panel.viewColumn, preview: false });
    await eventually(() => !panel.panel.visible || undefined, 'the panel to be hidden');
    said.length = 0;
    const result = await ok<SelectionApplyResult>('selection/apply');
    assert.equal(result.appliedText, '1 stream added');
    const toast = await eventually(() => said.find((m) => m.includes('Toast DB')), 'the toast');
    assert.match(toast, /Selection saved for "Toast DB": 1 stream added\./);
    assert.equal(said.length, 1);
  });
});
