// The stores in the real extension host: what a write does to the Sources tree (one node redrawn,
// no request), and what an account switch does to the stores.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, requests, signIn, signOutAll } from './support';

describe('state: the stores behind the trees and commands', () => {
  let api: StitchExtensionApi;
  let em: RunningEmulator;

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ demo: true, tokens: ['state-a', 'state-b'] });
    await signIn(em, 0, 'State A');
  });
  after(async () => {
    await signOutAll(api);
    await em.close();
  });

  it('Pause redraws that source\'s node only, from the PUT\'s answer: no GET of the source or the list', async () => {
    const tree = api.trees.sources;
    tree.refresh();
    const nodes = await tree.getChildren();
    const target = nodes.find((n) => /\bconfigured\b/.test(n.contextValue ?? '') && /\bactive\b/.test(n.contextValue ?? '')) as vscode.TreeItem & { sourceId: number };
    assert.ok(target, 'a configured active source');
    const fired: unknown[] = [];
    const subscription = tree.onDidChangeTreeData((node) => fired.push(node));
    try {
      await control(em, 'DELETE', 'requests');
      await vscode.commands.executeCommand('stitch.pauseSource', { sourceId: target.sourceId });
      const log = (await requests(em)).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(log.filter((r) => r.startsWith('GET /v4/sources')), [], `the store took the PUT's answer: ${JSON.stringify(log)}`);
      assert.ok(log.includes(`PUT /v4/sources/${target.sourceId}`));
      // (The jobs poller may redraw another source whose job moved meanwhile: that is its node too.)
      const ids = fired.map((n) => (n as vscode.TreeItem | undefined)?.id ?? 'ROOT');
      assert.ok(fired.includes(target), `the paused source's node was redrawn: ${ids.join(', ')}`);
      assert.ok(!fired.includes(undefined), `never the whole tree: ${ids.join(', ')}`);
      assert.match(target.contextValue ?? '', /\bpaused\b/, 'the same node object now shows paused');
      assert.ok(api.services.state.sources.peek(target.sourceId)?.paused_at, 'the store holds the paused source');
    } finally {
      subscription.dispose();
      await vscode.commands.executeCommand('stitch.resumeSource', { sourceId: target.sourceId });
    }
  });

  it('an account switch drops the previous account\'s sources and jobs', async () => {
    const { sources, extractions } = api.services.state;
    await sources.loadList();
    const before = sources.known().map((s) => s.id);
    assert.ok(before.length > 0);
    await signIn(em, 1, 'State B');
    for (const id of before) assert.equal(sources.peek(id), undefined, `source ${id} of account A is gone`);
    assert.equal(sources.list(), undefined, 'the list is unknown until read for account B');
    assert.ok(extractions.history.every((e) => !before.includes(e.source_id)), 'no job of account A remains');
    const listB = await sources.loadList();
    assert.ok(listB.every((s) => !before.includes(s.id)));
  });
});
