import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionCheck, Source } from '../../src/api';
import type { StitchExtensionApi } from '../../src/extension';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, labelOf, requests, signIn, signOutAll } from './support';

describe('trees: Source Types and Sources against the emulator', () => {
  let api: StitchExtensionApi;
  let em: RunningEmulator;

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ demo: true });
    await signIn(em);
  });
  after(async () => {
    await signOutAll(api);
    await em.close();
  });

  it('lists source types with readable names, badges, and legacy entries hidden until asked', async () => {
    api.trees.sourceTypes.refresh();
    const nodes = await api.trees.sourceTypes.getChildren();
    const recurly = nodes.find((n) => 'sourceType' in n && n.sourceType === 'platform.recurly');
    assert.ok(recurly, 'Recurly is listed');
    assert.equal(labelOf(recurly), 'Recurly');
    assert.match(String((recurly.tooltip as vscode.MarkdownString).value), /platform\\\.recurly/);
    assert.match(recurly.contextValue ?? '', /\bcreatable\b/);
    assert.equal(recurly.command?.command, 'stitch.createSource');
    api.trees.sourceTypes.setFilter({ text: 'recur' });
    const filtered = await api.trees.sourceTypes.getChildren();
    assert.ok(filtered.length >= 1 && filtered.every((n) => /recur/i.test(labelOf(n)) || /recur/i.test(String(n.id))));
    api.trees.sourceTypes.setFilter({ text: 'no-such-type-anywhere' });
    const none = await api.trees.sourceTypes.getChildren();
    assert.equal(none.length, 1);
    assert.equal(none[0].command?.command, 'stitch.clearSourceTypeFilter');
    await vscode.commands.executeCommand('stitch.clearSourceTypeFilter');
    assert.equal((await api.trees.sourceTypes.getChildren()).length, nodes.length);
  });

  it('shows each demo source with its state: configured with history, at the form step, failed check, paused', async () => {
    await control(em, 'DELETE', 'requests');
    api.trees.sources.refresh();
    const first = await api.trees.sources.getChildren();
    assert.ok(first.length >= 4);
    // The refresh itself costs one request; the history arrives from the jobs poller, asked by the tree.
    const afterRefresh = (await requests(em)).filter((r) => r.host === 'api');
    assert.deepEqual(afterRefresh.slice(0, 1).map((r) => `${r.method} ${r.path}`), ['GET /v4/sources'], JSON.stringify(afterRefresh));
    const nodes = await eventually(async () => {
      const items = await api.trees.sources.getChildren();
      return items.some((n) => /ago/.test(String(n.description))) ? items : undefined;
    }, 'the history from the jobs poller');
    await eventually(async () => (await requests(em)).some((r) => /\/extractions$/.test(r.path)), 'the poller to read the extractions');
    assert.ok(nodes.length >= 4, `expected the demo sources, got ${nodes.length}`);
    const contexts = nodes.map((n) => n.contextValue ?? '');
    assert.ok(contexts.some((c) => /\bconfigured\b/.test(c) && /\bactive\b/.test(c)), contexts.join(' | '));
    assert.ok(contexts.some((c) => /\bstep-form\b/.test(c)), 'a source at the form step');
    assert.ok(contexts.some((c) => /\bpaused\b/.test(c)), 'a paused source');
    const descriptions = nodes.map((n) => String(n.description));
    assert.ok(descriptions.some((d) => /step 1 of \d+: needs connection settings/.test(d)), descriptions.join(' | '));
    assert.ok(descriptions.some((d) => /\bpaused\b/.test(d)));
    assert.ok(descriptions.some((d) => /(succeeded|failed) .*ago/.test(d)), 'the last extraction result is shown');
    for (const node of nodes) assert.ok(node.id?.startsWith('source:'), 'stable ids');
  });

  it('each demo row says what the emulator\'s API says of its source: failed check, never synced, paused, last result', async () => {
    api.trees.sources.refresh();
    const nodes = await eventually(async () => {
      const items = await api.trees.sources.getChildren();
      return items.some((n) => /ago/.test(String(n.description))) ? items : undefined;
    }, 'the history from the jobs poller');
    const headers = { authorization: `Bearer ${em.accounts[0].token}` };
    const page = (await (await fetch(`${em.url}/v4/${em.accounts[0].clientId}/extractions`, { headers })).json()) as { data: Array<{ source_id: number; completion_time: string | null }> };
    const seen = new Set<string>();
    for (const node of nodes) {
      const id = Number(String(node.id).replace('source:', ''));
      const source = (await (await fetch(`${em.url}/v4/sources/${id}`, { headers })).json()) as Source;
      const checkResponse = await fetch(`${em.url}/v4/sources/${id}/last-connection-check`, { headers });
      const check = checkResponse.status === 404 ? undefined : (await checkResponse.json()) as ConnectionCheck;
      const step = source.report_card?.current_step_type;
      const description = String(node.description);
      const tooltip = String(node.tooltip);
      const icon = (node.iconPath as vscode.ThemeIcon).id;
      const what = `${source.display_name}: ${description} [${icon}]`;
      assert.equal(labelOf(node), source.display_name);
      assert.equal(/checking/.test(description), step !== 'fully_configured' && check?.status === 'running', what);
      if (step === 'discover_schema' && check?.status === 'failed') {
        seen.add('failed check');
        assert.match(description, /^connection check failed · \d+ h ago$/, what);
        assert.equal(icon, 'error', what);
        assert.ok(tooltip.includes(check.discovery_error_message ?? '?'), `Stitch's message in the tooltip: ${tooltip}`);
        assert.match(node.contextValue ?? '', /\bcheck-failed\b/, 'the inline Fix action\'s token');
      }
      const synced = page.data.some((e) => e.source_id === id);
      if (step === 'fully_configured' && !synced && !source.paused_at) {
        seen.add('never synced');
        const next = new Date(source.schedule!.next_fire_time!).toISOString().slice(11, 16);
        assert.match(description, new RegExp(`^never synced · next run (\\w+ \\d+, )?${next} UTC$`), what);
        assert.match(node.contextValue ?? '', /\bnever-synced\b/);
      }
      if (source.paused_at) { seen.add('paused'); assert.match(description, /\bpaused\b/, what); }
      if (synced && step === 'fully_configured') { seen.add('synced'); assert.match(description, /(succeeded|failed|terminated) .*ago|syncing/, what); }
      if (step === 'form') { seen.add('form'); assert.match(description, /^step 1 of \d+: needs connection settings$/, what); }
    }
    assert.deepEqual([...seen].sort(), ['failed check', 'form', 'never synced', 'paused', 'synced']);
  });

  it('a source saved elsewhere in the discover step: its check is re-read from the store\'s change, and only its node fires', async () => {
    const nodes = await api.trees.sources.getChildren();
    const pg = nodes.find((n) => /\bcheck-failed\b/.test(n.contextValue ?? '')) as vscode.TreeItem & { sourceId: number };
    assert.ok(pg, 'the demo\'s failed-check source');
    const fired: unknown[] = [];
    const listening = api.trees.sources.onDidChangeTreeData((node) => fired.push(node));
    const { speed } = (await control(em, 'GET', 'clock')) as { speed: number };
    try {
      // Frozen clock: the new check stays running until we move time on.
      await control(em, 'POST', 'clock', { speed: 0 });
      const saved = await api.services.accounts.requireClient().updateSource(pg.sourceId, { properties: { password: 'fixed-password' } });
      assert.equal(saved.report_card?.current_step_type, 'discover_schema');
      api.services.state.sources.accept(saved);
      const checking = await eventually(() => (/checking connection/.test(String(pg.description)) ? pg : undefined), 'the row to read the running check');
      assert.equal((checking.iconPath as vscode.ThemeIcon).id, 'loading~spin');
      assert.doesNotMatch(checking.contextValue ?? '', /\bcheck-failed\b/);
      await control(em, 'POST', 'clock', { advanceSeconds: 3 });
      // The followed check ends (first look after 5 s), Stitch moves the step, and the row follows.
      await eventually(() => !/checking|check failed/.test(String(pg.description)), `the row after the check: ${String(pg.description)}`, 20_000);
      assert.ok(fired.includes(pg), 'the source\'s own node fired');
      assert.ok(!fired.includes(undefined), 'no redraw of the whole tree');
      assert.ok((await api.trees.sources.getChildren()).includes(pg), 'the same node object stays in the tree');
    } finally {
      listening.dispose();
      await control(em, 'POST', 'clock', { speed });
    }
  });

  it('expands a source into its setup checklist, streams and recent extractions', async () => {
    const nodes = await api.trees.sources.getChildren();
    const configured = nodes.find((n) => /\bconfigured\b/.test(n.contextValue ?? '') && /\bactive\b/.test(n.contextValue ?? ''));
    assert.ok(configured);
    const groups = await api.trees.sources.getChildren(configured);
    assert.deepEqual(groups.map(labelOf), ['Setup', 'Streams', 'Recent extractions']);
    const steps = await api.trees.sources.getChildren(groups[0]);
    assert.ok(steps.length >= 2 && steps.every((s) => s.contextValue === 'step done'));
    const streams = await api.trees.sources.getChildren(groups[1]);
    assert.ok(streams.length > 0 && streams.every((s) => s.contextValue === 'stream'), 'selected streams are listed');
    const extractions = await api.trees.sources.getChildren(groups[2]);
    assert.ok(extractions.length >= 1);
    assert.ok(extractions.every((e) => /^extraction (succeeded|failed|terminated|running)$/.test(e.contextValue ?? '')));
  });

  it('shows an error node with Retry on a 500, and recovers', async () => {
    await control(em, 'POST', 'faults', { method: 'GET', path: '^/v4/sources$', kind: 'status', status: 500 });
    api.trees.sources.refresh();
    const failed = await api.trees.sources.getChildren();
    assert.equal(failed.length, 1);
    assert.match(labelOf(failed[0]), /Couldn't load sources: Stitch had a server error \(500\)/);
    await control(em, 'DELETE', 'faults');
    await vscode.commands.executeCommand(failed[0].command?.command ?? '');
    const recovered = await api.trees.sources.getChildren();
    assert.ok(recovered.length >= 4);
  });

  it('pauses and resumes a source through the commands, and the emulator sees the PUTs', async () => {
    const nodes = await api.trees.sources.getChildren();
    const target = nodes.find((n) => /\bconfigured\b/.test(n.contextValue ?? '') && /\bactive\b/.test(n.contextValue ?? '')) as vscode.TreeItem & { sourceId: number };
    await control(em, 'DELETE', 'requests');
    await vscode.commands.executeCommand('stitch.pauseSource', target);
    let source = await api.services.accounts.requireClient().getSource(target.sourceId);
    assert.ok(source.paused_at, 'paused_at is set');
    await vscode.commands.executeCommand('stitch.resumeSource', { sourceId: target.sourceId });
    source = await api.services.accounts.requireClient().getSource(target.sourceId);
    assert.equal(source.paused_at, null);
    const puts = (await requests(em)).filter((r) => r.method === 'PUT' && r.path === `/v4/sources/${target.sourceId}`);
    assert.equal(puts.length, 2);
  });

  it('hides deleted sources unless asked, and shows them when toggled', async () => {
    const client = api.services.accounts.requireClient();
    const created = await client.createSource({ type: 'platform.recurly', display_name: `Doomed ${Date.now()}` });
    await client.deleteSource(created.id);
    api.trees.sources.refresh();
    const visible = await api.trees.sources.getChildren();
    assert.ok(!visible.some((n) => n.id === `source:${created.id}`));
    await vscode.commands.executeCommand('stitch.showDeletedSources');
    const all = await api.trees.sources.getChildren();
    const deleted = all.find((n) => n.id === `source:${created.id}`);
    assert.ok(deleted);
    assert.match(deleted.contextValue ?? '', /\bdeleted\b/);
    await vscode.commands.executeCommand('stitch.hideDeletedSources');
  });
});
