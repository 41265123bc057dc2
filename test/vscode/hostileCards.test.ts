import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { SourceFormPanels, sourceFormDeps, type SourceFormPanel } from '../../src/panels/sourceForm/index';
import { SOURCE_FORM_VIEW_TYPE, type SubmitResult } from '../../src/protocol/sourceForm';
import type { RunningEmulator } from '../emulator';
import { hostileCatalogue } from '../support/hostileCatalogue';
import { activateExtension, emulator, signIn, signOutAll } from './support';

/** The hostile catalogue (issue 23) through the real panel hosts, trees and commands. */
describe('hostile report cards through the real panels', function () {
  this.timeout(120_000);
  const cards = hostileCatalogue();
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let dir: string;
  let nextId = 1;
  const opened: SourceFormPanel[] = [];

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stitch-hostile-'));
    fs.writeFileSync(path.join(dir, 'source-types.json'), JSON.stringify(cards));
    em = await emulator({ catalogFile: path.join(dir, 'source-types.json') });
    await signIn(em, 0, 'Hostile cards');
  });

  after(async () => {
    for (const p of opened) p.dispose();
    await signOutAll(api);
    await em?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the form of every hostile type from its Source Types row (the command takes the tree\'s own argument)', async () => {
    api.trees.sourceTypes.refresh();
    const nodes = (await api.trees.sourceTypes.getChildren()) as Array<vscode.TreeItem & { sourceType?: string }>;
    for (const card of cards) {
      const node = nodes.find((n) => n.sourceType === card.type);
      assert.ok(node?.command, `a row with a command for ${card.type.slice(0, 40)}`);
      const panel = await vscode.commands.executeCommand<SourceFormPanel | undefined>(node.command.command, ...(node.command.arguments ?? []));
      assert.ok(panel, `the form of ${card.type.slice(0, 40)} opened, not the type picker`);
      opened.push(panel);
      await panel.loading;
      assert.equal(panel.currentStage, 'form', card.type.slice(0, 40));
      assert.equal(panel.lastState?.sourceType, card.type);
      const names = panel.lastState!.steps.flatMap((s) => s.properties).map((p) => p.name);
      assert.deepEqual(names.sort(), card.steps[0]!.properties.map((p) => p.name).sort());
    }
  });

  it('accepts what the webview builds from any card: __proto__ and 10,000-character names are validated and sent', async () => {
    const submit = async (panel: SourceFormPanel, displayName: string, values: Record<string, unknown>): Promise<SubmitResult> => {
      const response = await panel.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/submit', params: JSON.parse(JSON.stringify({ displayName, values })) as unknown });
      assert.ok(response?.ok, `not refused: ${response?.error ?? ''}`);
      return response.result as SubmitResult;
    };
    const refusedBefore = opened.reduce((n, p) => n + p.channel.rejectedCount, 0);
    // JS's own names: typed as JSON carries them (own keys), to a panel opened by the tree.
    const jsNames = opened.find((p) => p.lastState?.sourceType === 'hostile.js-names')!;
    const values = JSON.parse('{"__proto__":"7","constructor":"typed constructor","prototype":"typed prototype","toString":"9","":"unnamed"}') as Record<string, unknown>;
    const validated = await jsNames.channel.receive({ type: 'request', id: nextId++, method: 'sourceForm/validate', params: JSON.parse(JSON.stringify({ seq: 1, displayName: 'JS names', values })) as unknown });
    assert.ok(validated?.ok, validated?.error);
    assert.deepEqual((validated.result as { errors: Record<string, string> }).errors, {});
    const created = await submit(jsNames, 'JS names', values);
    assert.equal(created.ok, true, JSON.stringify(created.banner ?? created.errors));
    // The long card: a 10,000-character type id and property names.
    const long = opened.find((p) => (p.lastState?.sourceType.length ?? 0) > 9_000)!;
    const longName = long.lastState!.steps[0]!.properties.find((p) => p.name.length === 10_000)!.name;
    const longResult = await submit(long, 'Long names', { [longName]: 'a value' });
    assert.equal(longResult.ok, true, JSON.stringify(longResult.banner ?? longResult.errors));
    // Patterns it can't read don't block Create.
    const unreadable = opened.find((p) => p.lastState?.sourceType === 'hostile.unreadable-patterns')!;
    const unreadableResult = await submit(unreadable, 'Unreadable patterns', { pattern_0: 'anything' });
    assert.ok(!unreadableResult.errors || Object.keys(unreadableResult.errors).length === 0, JSON.stringify(unreadableResult.errors));
    assert.equal(opened.reduce((n, p) => n + p.channel.rejectedCount, 0), refusedBefore, 'nothing refused');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('restores a panel of any type id after a reload (the serializer reads its key)', async () => {
    const panels = new SourceFormPanels(sourceFormDeps(api.services));
    try {
      for (const card of cards) {
        const fresh = vscode.window.createWebviewPanel(SOURCE_FORM_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, {});
        let disposed = false;
        fresh.onDidDispose(() => { disposed = true; });
        // What VS Code hands back: the webview's saved state, JSON-parsed.
        const state = JSON.parse(JSON.stringify({ key: { kind: 'new', sourceType: card.type }, displayName: 'Draft', values: { anything: 'typed' } })) as unknown;
        await panels.serializer.deserializeWebviewPanel(fresh, state);
        assert.equal(disposed, false, `kept open: ${card.type.slice(0, 40)}`);
        const restored = panels.find({ kind: 'new', sourceType: card.type });
        assert.ok(restored, card.type.slice(0, 40));
        await restored.loading;
        assert.equal(restored.lastState?.sourceType, card.type);
        restored.dispose();
      }
    } finally {
      panels.dispose();
    }
  });
});
