import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { isolateBidi } from '../../src/core/displayText';
import { openSchedulePanel } from '../../src/panels/schedule';
import { SelectionPanel } from '../../src/panels/selection/selectionPanel';
import { sourceFeedFor } from '../../src/panels/sourceFeed';
import type { RunningEmulator } from '../emulator';
import { activateExtension, emulator, eventually, signIn, signOutAll } from './support';

// A right-to-left override would reverse the rest of the tab's title ("Streams: Invoices" and what
// follows), so a source could pass for another; the name is isolated, its direction controls gone.
const DISGUISED = 'Invoices \u202Eexe.ppa';
const ARABIC = 'مبيعات Shop';
const PG = { host: 'db.example.com', port: '5432', user: 'etl', password: 'pw', database: 'shop', ssl: 'true', frequency_in_minutes: '60' };

describe('panel titles built from source names (issue 23: direction)', function () {
  this.timeout(90_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  const disposables: vscode.Disposable[] = [];

  async function create(displayName: string): Promise<number> {
    const res = await fetch(`${em.url}/v4/sources`, {
      method: 'POST', headers: { Authorization: `Bearer ${em.accounts[0]!.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'platform.postgres', display_name: displayName, properties: PG }),
    });
    const body = (await res.json()) as { id?: number };
    assert.ok(res.ok && typeof body.id === 'number', JSON.stringify(body));
    return body.id;
  }

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator();
    await signIn(em, 0, 'Titles');
  });

  after(async () => {
    for (const d of disposables) d.dispose();
    await signOutAll(api);
    await em?.close();
  });

  it('the selection panel\'s tab isolates the source name and drops its direction controls', async () => {
    const s = api.services;
    const deps = {
      extensionUri: s.context.extensionUri, requireClient: () => s.accounts.requireClient(), activeAccountId: () => s.accounts.active?.id,
      log: s.log, redactor: s.redactor, feed: sourceFeedFor(s),
    };
    for (const name of [DISGUISED, ARABIC]) {
      const panel = SelectionPanel.create(deps, await create(name));
      disposables.push(panel);
      const want = `Streams: \u2068${name.replace('\u202E', '')}\u2069`;
      assert.equal(isolateBidi(name), want.slice('Streams: '.length), 'what isolateBidi gives');
      await eventually(() => panel.panel.title === want || undefined, `the selection tab is "${want}", not "${panel.panel.title}"`);
      assert.ok(!panel.panel.title.includes('\u202E'));
      // Once the webview's first load names it again, the name stays isolated.
      const init = await panel.channel.receive({ type: 'request', id: 1, method: 'selection/init', params: {} }) as { ok: boolean; error?: string };
      assert.ok(init.ok, init.error);
      assert.equal(panel.panel.title, want);
    }
  });

  it('the schedule panel\'s tab isolates the source name and drops its direction controls', async () => {
    const sourceId = await create('Billing \u202Eexe.ppa'); // names are unique per account
    const panel = openSchedulePanel(api.services, sourceId);
    disposables.push(panel);
    const load = await panel.channel.receive({ type: 'request', id: 1, method: 'schedule/load', params: {} }) as { ok: boolean; error?: string };
    assert.ok(load.ok, load.error);
    assert.equal(panel.panel.title, 'Schedule: \u2068Billing exe.ppa\u2069');
  });
});
