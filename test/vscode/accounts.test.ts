import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import type { RunningEmulator } from '../emulator';
import { activateExtension, emulator, requests, signIn, signOutAll } from './support';

/** Every file under a folder, recursively (the extension's log and storage folders). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('accounts: sign in, tokens in SecretStorage, switching, 401', () => {
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  // A unique token per run, so a scan can only find it where this suite put it.
  const tokens = [`tok-a-${Date.now()}-${Math.random().toString(36).slice(2)}`, `tok-b-${Date.now()}-${Math.random().toString(36).slice(2)}`];

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ tokens, demo: true });
  });
  after(async () => {
    await signOutAll(api);
    await em.close();
  });

  it('refuses a wrong token, says why, and stores nothing', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('stitch.signIn', { name: 'Wrong', baseUrl: em.url, token: 'not-a-real-token' })),
      /refused this token \(401\)/);
    assert.equal(api.services.accounts.active, undefined);
    assert.equal(api.services.accounts.listProfiles().length, 0);
  });

  it('refuses an unreachable URL with a clear message', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('stitch.signIn', { name: 'Nowhere', baseUrl: 'http://127.0.0.1:9', token: tokens[0] })),
      /Could not reach http:\/\/127\.0\.0\.1:9/);
    assert.equal(api.services.accounts.listProfiles().length, 0);
  });

  it('signs in: the token is checked against the API, then kept in SecretStorage only', async () => {
    await signIn(em, 0, 'Account A');
    const active = api.services.accounts.active;
    assert.ok(active);
    assert.equal(active.name, 'Account A');
    assert.equal(active.baseUrl, em.url);
    assert.equal(active.stitchClientId, em.accounts[0].clientId, 'stitch_client_id learned from the sources');
    assert.equal(await api.services.context.secrets.get(`stitch.token.${active.id}`), tokens[0]);
    const seen = await requests(em);
    assert.ok(seen.some((r) => r.path === '/v4/sources' && r.status === 200 && r.authorization));
  });

  it('keeps a second account and switches between them; each sees its own sources', async () => {
    await signIn(em, 1, 'Account B');
    assert.equal(api.services.accounts.listProfiles().length, 2);
    const b = await api.services.accounts.requireClient().listSources();
    const a = api.services.accounts.listProfiles().find((p) => p.name === 'Account A');
    assert.ok(a);
    await api.services.accounts.switchTo(a.id);
    assert.equal(api.services.accounts.active?.name, 'Account A');
    const aSources = await api.services.accounts.requireClient().listSources();
    assert.ok(aSources.length > 0, 'the demo account has sources');
    assert.equal(b.length, 0, 'the second account starts empty');
    assert.ok(aSources.every((s) => s.stitch_client_id === em.accounts[0].clientId));
  });

  it('a 401 during use becomes an error node that says the token was refused', async () => {
    await fetch(`${em.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '^/v4/sources$', kind: 'status', status: 401, times: 1 }) });
    api.trees.sources.refresh();
    const nodes = await api.trees.sources.getChildren();
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0].contextValue, 'error');
    assert.match(String(nodes[0].label), /refused the API token \(401\)/);
    // Retry (the node's command) recovers once the fault is spent.
    await vscode.commands.executeCommand(nodes[0].command?.command ?? '');
    const again = await api.trees.sources.getChildren();
    assert.ok(again.length > 0 && again.every((n) => n.contextValue !== 'error'));
  });

  it('never writes a token to globalState, settings or the log', async () => {
    // Make some traffic that is logged, then look everywhere the extension writes.
    api.trees.sources.refresh();
    await api.trees.sources.getChildren();
    api.services.log.info(`a message that happens to contain ${tokens[0]} must be redacted`);
    const places: string[] = [];
    const state = api.services.context.globalState;
    places.push(JSON.stringify(state.keys().map((k) => [k, state.get(k)])));
    places.push(JSON.stringify(api.services.context.workspaceState.keys().map((k) => [k, api.services.context.workspaceState.get(k)])));
    places.push(JSON.stringify(vscode.workspace.getConfiguration('stitch')));
    const logFiles = filesUnder(path.dirname(api.services.context.logUri.fsPath));
    const stitchLogs = logFiles.filter((f) => /Stitch/i.test(path.basename(f)));
    assert.ok(stitchLogs.length > 0, `no Stitch log file found among ${logFiles.length} log files`);
    // The log channel writes asynchronously: wait until our redacted line has landed.
    const deadline = Date.now() + 5000;
    let logText = '';
    while (Date.now() < deadline) {
      logText = stitchLogs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      if (logText.includes('must be redacted')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(logText, /GET \/v4\/sources → 200/);
    assert.match(logText, /contain ••• must be redacted/);
    places.push(logText);
    for (const token of tokens) {
      const hits = places.filter((text) => text.includes(token)).length;
      assert.equal(hits, 0, `token found in ${hits} place(s)`);
    }
  });

  it('signs out: the token is deleted from SecretStorage', async () => {
    const active = api.services.accounts.active;
    assert.ok(active);
    await api.services.accounts.signOut(active.id);
    assert.equal(await api.services.context.secrets.get(`stitch.token.${active.id}`), undefined);
    assert.ok(!api.services.accounts.listProfiles().some((p) => p.id === active.id));
  });
});
