import * as assert from 'node:assert/strict';
import { catalogue, FakeApi } from '../unit/selection/fixtures';
import { FakeHost, pickWithArrows } from './selectionHost';
import { closeUiBrowser, openPanelPage, type PanelPage } from './uiPage';

// The selection view under the panels' real CSP (no 'unsafe-inline' for styles) through its
// interactive states, and with a translated bundle: its strings come from the host's l10n.
describe('selection webview: strict CSP and the l10n bundle', function () {
  this.timeout(60_000);
  let view: PanelPage;
  let host: FakeHost;
  afterEach(async () => { host?.stop(); await view?.close(); });
  after(async () => { await closeUiBrowser(); });

  it('expanding, selecting, a dropdown opened and chosen from, a preview and a banner raise no CSP violation', async () => {
    view = await openPanelPage('selection');
    host = new FakeHost(view, new FakeApi(catalogue()));
    await view.page.waitForSelector('.sel-stream');
    await view.page.locator('.sel-stream', { has: view.page.locator('.sel-name', { hasText: /^customers$/ }) }).focus();
    await view.page.keyboard.press('Space');
    await view.page.keyboard.press('ArrowRight');
    await view.page.waitForSelector('.sel-issue.error');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('Enter');
    // Open the list (Enter), move, choose (Enter): the toolkit's listbox shows and hides.
    await view.page.keyboard.press('Enter');
    await view.page.waitForFunction(() => document.activeElement?.getAttribute('aria-expanded') === 'true');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('Enter');
    await view.page.waitForFunction(() => !document.querySelector('.sel-issue.error')?.textContent?.includes('Choose a replication method'));
    await pickWithArrows(view, 'method', 'FULL_TABLE');
    await view.page.focus('#sel-rules');
    await view.page.keyboard.type('customers\n!refunds');
    await view.page.waitForFunction(() => document.querySelector('.sel-stream .sel-rule-tag') !== null);
    await view.page.waitForFunction(() => document.querySelector('[data-action="apply"]')?.shadowRoot?.querySelector('button')?.disabled === false);
    await view.page.focus('[data-action="apply"]');
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('.sel-banner.success');
    await view.page.waitForTimeout(300); // the toolkit's queued renders
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.errors, []);
  });

  it('every string comes through t from the host\'s bundle', async () => {
    const l10n = {
      'Apply': 'Anwenden', 'Filter streams by name or id': 'Streams nach Name oder ID filtern', 'Select all': 'Alle auswählen',
      'No staged changes': 'Keine vorgemerkten Änderungen', '{0} of {1} streams shown': '{0} von {1} Streams angezeigt', 'Rules': 'Regeln',
    };
    view = await openPanelPage('selection', { l10n });
    host = new FakeHost(view, new FakeApi(catalogue()));
    await view.page.waitForSelector('.sel-stream');
    assert.equal((await view.page.locator('[data-action="apply"]').textContent())!.trim(), 'Anwenden');
    assert.equal((await view.page.locator('[data-action="select-all"]').textContent())!.trim(), 'Alle auswählen');
    assert.equal(await view.page.locator('.sel-filter').getAttribute('placeholder'), 'Streams nach Name oder ID filtern');
    assert.equal(await view.page.locator('.sel-summary').textContent(), 'Keine vorgemerkten Änderungen');
    assert.match((await view.page.locator('.sel-counts').textContent())!, /^4 von 4 Streams angezeigt/);
    assert.equal(await view.page.locator('label[for="sel-rules"]').textContent(), 'Regeln');
  });
});
