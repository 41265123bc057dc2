import * as assert from 'node:assert/strict';
import { bigCatalogue, catalogue } from '../unit/selection/fixtures';
import { assertNoSeriousViolations } from './axe';
import { closeHarnessBrowser, type WebviewHarness } from './harness';
import { open, pickWithArrows, type FakeHost } from './selectionHost';
import { applyTheme } from './uiTheme';

/** The audit in VS Code's Dark Modern and Light Modern colours (without a theme, contrast is not checked against anything real). */
async function audit(view: WebviewHarness, state: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await applyTheme(view.page, theme);
    // The toolkit re-reads the theme when the body's class changes (a mutation observer), then renders.
    await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await assertNoSeriousViolations(view.page, `${state} (${theme})`);
  }
}

const streamRow = (view: WebviewHarness, name: string) => view.page.locator('.sel-stream', { has: view.page.locator('.sel-name', { hasText: new RegExp(`^${name}$`) }) });
const summary = (view: WebviewHarness) => view.page.locator('.sel-summary').textContent();

// axe-core (test/webview/axe.ts) in every state of the panel: no serious or critical violation.
describe('selection webview: accessibility audit in every state', function () {
  this.timeout(90_000);
  let view: WebviewHarness;
  let host: FakeHost;
  afterEach(async () => { host?.stop(); await view?.close(); });
  after(async () => { await closeHarnessBrowser(); });

  it('loading, then an empty catalogue', async () => {
    let release!: () => void;
    ({ view, host } = await open([], undefined, { ready: '.sel-empty:not([hidden])', held: { 'selection/init': new Promise<void>((r) => { release = r; }) } }));
    assert.equal(await view.page.locator('.sel-empty').textContent(), 'Loading streams…');
    await audit(view, 'loading');
    release();
    await view.page.waitForFunction(() => document.querySelector('.sel-empty')?.textContent?.startsWith('Stitch has no streams'));
    await audit(view, 'an empty catalogue');
  });

  it('100 streams and 10,000 streams', async () => {
    ({ view, host } = await open(bigCatalogue(100, 20)));
    await audit(view, '100 streams');
    host.stop();
    await view.close();
    ({ view, host } = await open(bigCatalogue(10_000, 20)));
    assert.match((await view.page.locator('.sel-counts').textContent())!, /10,000 of 10,000/);
    await audit(view, '10,000 streams');
  });

  it('a stream expanded with its fields, staged changes, an inline error (INCREMENTAL without a key), a failed apply', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').focus();
    await view.page.keyboard.press('ArrowRight');
    await view.page.waitForSelector('.sel-field');
    await audit(view, 'a stream expanded with fields');
    await view.page.locator('.sel-field', { has: view.page.locator('.sel-name', { hasText: /^note$/ }) }).focus();
    await view.page.keyboard.press('Space');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent?.startsWith('Staged:'));
    await audit(view, 'staged changes');
    // customers: selected, then INCREMENTAL without a key.
    await view.page.keyboard.press('Home');
    await view.page.keyboard.press('ArrowLeft'); // collapse orders
    await streamRow(view, 'customers').focus();
    await view.page.keyboard.press('Space');
    await view.page.keyboard.press('ArrowRight');
    await view.page.waitForSelector('.sel-issue.error');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('Enter');
    await pickWithArrows(view, 'method', 'INCREMENTAL');
    await view.page.waitForFunction(() => document.querySelector('.sel-issue.error')?.textContent?.includes('replication key'));
    assert.equal(await view.page.locator('[data-action="key"]').getAttribute('aria-invalid'), 'true');
    await audit(view, 'an inline error (INCREMENTAL without a key)');
    // Fix it, then let the server refuse the PUT.
    await view.page.keyboard.press('Escape');
    await view.page.locator('[data-action="key"]').focus();
    await pickWithArrows(view, 'key', 'id');
    await view.page.waitForFunction(() => !document.querySelector('.sel-issue.error'));
    host.api.failPut = () => new Error('Stitch answered 500: try again later.');
    await view.page.locator('[data-action="apply"]').focus();
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('.sel-banner.error');
    assert.match((await view.page.locator('.sel-banner').textContent())!, /500/);
    assert.match((await summary(view))!, /^Staged:/, 'the staged edits stay');
    await audit(view, 'apply failed');
  });

  it('the rules box with a preview, flags and an error', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.focus('#sel-rules');
    await view.page.keyboard.type('orders.*\nnosuch\n[bad');
    await view.page.waitForFunction(() => (document.querySelector('#sel-rules-flags')?.children.length ?? 0) >= 2);
    await audit(view, 'rules box with flags and an error');
    for (let i = 0; i < '\nnosuch\n[bad'.length; i++) await view.page.keyboard.press('Backspace');
    await view.page.waitForFunction(() => document.querySelector('.sel-stream .sel-rule-tag') !== null);
    await audit(view, 'rules box with a preview');
  });
});
