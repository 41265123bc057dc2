import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, getExtension } from './support';

interface PackageJson {
  activationEvents?: string[];
  contributes: {
    commands: { command: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
  };
}

describe('activation', () => {
  it('is not active before anything asks for it (no "*" activation)', () => {
    const manifest = getExtension().packageJSON as PackageJson;
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    assert.ok(!(manifest.activationEvents ?? []).includes('onStartupFinished'));
  });

  it('activates and registers every contributed command', async () => {
    await activateExtension();
    assert.equal(getExtension().isActive, true);
    const manifest = getExtension().packageJSON as PackageJson;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Stitch', command.command);
  });

  it('contributes the Stitch container with both views, and the views can be focused', async () => {
    const manifest = getExtension().packageJSON as PackageJson;
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'stitch'));
    assert.deepEqual(manifest.contributes.views.stitch.map((v) => v.id), ['stitch.sourceTypes', 'stitch.sources', 'stitch.destinations']);
    // The workbench generates a focus command for every registered view.
    await vscode.commands.executeCommand('stitch.sourceTypes.focus');
    await vscode.commands.executeCommand('stitch.sources.focus');
    await vscode.commands.executeCommand('stitch.destinations.focus');
  });
});
