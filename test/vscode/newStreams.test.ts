// The new-streams notice: a structure sync adds streams (the emulator's control plane grows the
// catalogue), the Sources view reads the list again, and the user is told how many are new.
// showInformationMessage is recorded by a thin wrapper; the real one still runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, labelOf, signIn, signOutAll } from './support';

describe('new streams after a structure sync', () => {
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  const shown: string[] = [];
  const original = vscode.window.showInformationMessage;

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ demo: true });
    await signIn(em);
    (vscode.window as { showInformationMessage: unknown }).showInformationMessage = ((message: string, ...rest: never[]) => {
      shown.push(message);
      return original(message, ...rest);
    }) as typeof vscode.window.showInformationMessage;
  });
  after(async () => {
    (vscode.window as { showInformationMessage: unknown }).showInformationMessage = original;
    await vscode.workspace.getConfiguration('stitch').update('newStreams', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await signOutAll(api);
    await em.close();
  });

  /** Refreshes the Sources view and expands a source's Streams (what a user does): the configured demo source unless told which. */
  async function readStreams(sourceId?: number): Promise<{ sourceId: number; name: string }> {
    api.trees.sources.refresh();
    const nodes = await api.trees.sources.getChildren();
    const source = nodes.find((n) => ('source' in n) && (sourceId === undefined ? /\bconfigured\b/.test(n.contextValue ?? '') : n.source.id === sourceId));
    assert.ok(source && 'source' in source, `the source is listed: ${nodes.map((n) => `${labelOf(n)} [${n.contextValue}]`).join(' | ')}`);
    const groups = await api.trees.sources.getChildren(source);
    const streams = groups.find((g) => labelOf(g) === 'Streams');
    assert.ok(streams, groups.map(labelOf).join(', '));
    await api.trees.sources.getChildren(streams);
    return { sourceId: source.source.id, name: source.source.display_name };
  }

  it('says "3 new streams in <source>" when the list grows, and nothing when it does not or when told to ignore', async () => {
    const first = await readStreams();
    await control(em, 'POST', `sources/${first.sourceId}/catalogue`, { streams: 5, fields: 4 });
    await readStreams(first.sourceId); // the list changed shape: this read is the new baseline for the next one
    shown.length = 0;
    await control(em, 'POST', `sources/${first.sourceId}/catalogue`, { streams: 8, fields: 4 });
    await readStreams(first.sourceId);
    await eventually(() => (shown.includes(`3 new streams in ${first.name}`) ? true : undefined), 'the notice');
    shown.length = 0;
    await readStreams(first.sourceId);
    assert.deepEqual(shown.filter((m) => /new stream/.test(m)), [], 'the same list again: no notice');

    await vscode.workspace.getConfiguration('stitch').update('newStreams', 'ignore', vscode.ConfigurationTarget.Global);
    await control(em, 'POST', `sources/${first.sourceId}/catalogue`, { streams: 10, fields: 4 });
    await readStreams(first.sourceId);
    assert.deepEqual(shown.filter((m) => /new stream/.test(m)), [], 'ignore: no notice');
  });
});
