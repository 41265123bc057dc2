import * as assert from 'node:assert/strict';
import { catalogue } from '../unit/selection/fixtures';
import { closeHarnessBrowser, type WebviewHarness } from './harness';
import { open, pickWithArrows, type FakeHost } from './selectionHost';
import { applyTheme } from './uiTheme';

/** What has the focus: a control's data-action, the filter, or a tree row by its name. */
const focused = (view: WebviewHarness) => view.page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return 'body';
  if (el.classList.contains('sel-filter')) return 'filter';
  if (el.getAttribute('role') === 'treeitem') return `row:${el.querySelector('.sel-name')?.textContent ?? el.getAttribute('aria-label')}`;
  return el.dataset.action ?? (el.id || el.tagName.toLowerCase());
});
const summary = (view: WebviewHarness) => view.page.locator('.sel-summary').textContent();
const press = (view: WebviewHarness, key: string) => view.page.keyboard.press(key);
async function pressUntil(view: WebviewHarness, key: string, want: string, max = 20): Promise<void> {
  for (let i = 0; i < max && (await focused(view)) !== want; i++) await press(view, key);
  assert.equal(await focused(view), want);
}

// The whole panel with key presses only: no click() anywhere in this file.
describe('selection webview: keyboard only', function () {
  this.timeout(60_000);
  let view: WebviewHarness;
  let host: FakeHost;
  afterEach(async () => { host?.stop(); await view?.close(); });
  after(async () => { await closeHarnessBrowser(); });

  it('opens with the focus on the filter; Tab walks the controls in visual order with one stop in the tree', async () => {
    ({ view, host } = await open(catalogue()));
    assert.equal(await focused(view), 'filter');
    const stops: Array<{ what: string; top: number; left: number }> = [];
    for (let i = 0; i < 12; i++) {
      const what = await focused(view);
      if (stops.some((s) => s.what === what) || what === 'body') break;
      const box = await view.page.evaluate(() => { const r = document.activeElement!.getBoundingClientRect(); return { top: Math.round(r.top), left: Math.round(r.left) }; });
      stops.push({ what, ...box });
      await press(view, 'Tab');
    }
    // Disabled buttons (Apply Rules, Discard, Apply with nothing staged) are not stops.
    assert.deepEqual(stops.map((s) => s.what), ['filter', 'sel-selected-only', 'select-all', 'select-none', 'collapse', 'refresh', 'sel-rules', 'row:orders']);
    for (let i = 1; i < stops.length; i++) {
      const [a, b] = [stops[i - 1]!, stops[i]!];
      assert.ok(b.top > a.top + 4 || (Math.abs(b.top - a.top) <= 4 && b.left > a.left), `${b.what} comes after ${a.what} on screen`);
    }
    assert.equal(await view.page.locator('.sel-viewport [tabindex="0"]').count(), 1, 'one Tab stop in the tree');
  });

  it('arrows, Home/End, Right/Left, Space and Enter drive the tree; the focused row is its selected item, with a visible ring', async () => {
    ({ view, host } = await open(catalogue()));
    await applyTheme(view.page, 'dark'); // the ring's colour is the theme's
    await press(view, 'ArrowDown');
    assert.equal(await focused(view), 'row:orders');
    const ring = await view.page.evaluate(() => { const s = getComputedStyle(document.activeElement!); return `${s.outlineStyle} ${s.outlineWidth}`; });
    assert.match(ring, /^solid [1-9]/, `the focused row has a ring (${ring})`);
    assert.equal(await view.page.locator('[role="treeitem"][aria-selected="true"]').count(), 1);
    await press(view, 'End');
    assert.equal(await focused(view), 'row:refunds');
    await press(view, 'Home');
    assert.equal(await focused(view), 'row:orders');
    await press(view, 'ArrowRight');
    await view.page.waitForSelector('.sel-field');
    assert.equal(await view.page.locator('.sel-stream[aria-expanded="true"]').count(), 1);
    await press(view, 'ArrowDown');
    assert.equal(await focused(view), 'row:Replication: orders', 'the settings row is a tree item');
    await pressUntil(view, 'ArrowDown', 'row:note');
    await press(view, 'Space');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream, 1 field added');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-checked')), 'true');
    await press(view, 'Enter'); // on a field, Enter toggles too (the stream it selected stays selected)
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream added');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-checked')), 'false');
    await press(view, 'ArrowLeft');
    assert.equal(await focused(view), 'row:orders', 'Left from a field goes to its stream');
    await press(view, 'ArrowLeft');
    await view.page.waitForFunction(() => !document.querySelector('.sel-field'));
    assert.equal(await view.page.locator('.sel-stream[aria-expanded="true"]').count(), 0);
    assert.equal(await focused(view), 'row:orders');
    assert.deepEqual(view.errors, []);
  });

  it('a problem in the footer: Show (Enter) opens its stream and puts the focus on the invalid dropdown', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.keyboard.type('customers');
    await view.page.waitForFunction(() => document.querySelector('.sel-counts')?.textContent?.startsWith('1 of 4'));
    await press(view, 'ArrowDown');
    await press(view, 'Space');
    await view.page.waitForFunction(() => /1 problem/.test(document.querySelector('.sel-problems')?.textContent ?? ''));
    await pressUntil(view, 'Tab', 'show-problem');
    await press(view, 'Enter');
    await view.page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'method');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
    assert.equal(await view.page.locator('.sel-stream[aria-expanded="true"] .sel-name').textContent(), 'customers');
  });

  it('Enter goes into a settings row, arrows choose, Escape comes back; Escape clears the filter; Enter on Apply applies', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.keyboard.type('customers');
    await view.page.waitForFunction(() => document.querySelector('.sel-counts')?.textContent?.startsWith('1 of 4'));
    await press(view, 'ArrowDown');
    assert.equal(await focused(view), 'row:customers');
    await press(view, 'Space');
    await press(view, 'ArrowRight');
    await view.page.waitForSelector('.sel-issue.error');
    await press(view, 'ArrowDown');
    await press(view, 'Enter');
    assert.equal(await focused(view), 'method');
    await pickWithArrows(view, 'method', 'INCREMENTAL');
    await view.page.waitForFunction(() => document.querySelector('.sel-issue.error')?.textContent?.includes('replication key'));
    await press(view, 'Escape');
    assert.equal(await focused(view), 'row:Replication: customers');
    await pressUntil(view, 'Tab', 'key', 3);
    await pickWithArrows(view, 'key', 'updated_at');
    await view.page.waitForFunction(() => !document.querySelector('.sel-issue.error'));
    assert.equal(await summary(view), 'Staged: 1 stream added');
    // Back to the filter (Shift+Tab), and Escape clears it.
    await pressUntil(view, 'Shift+Tab', 'filter');
    await press(view, 'Escape');
    await view.page.waitForFunction(() => document.querySelector('.sel-counts')?.textContent?.startsWith('4 of 4'));
    assert.equal(await view.page.inputValue('.sel-filter input'), '');
    await pressUntil(view, 'Tab', 'apply');
    await press(view, 'Enter');
    await view.page.waitForSelector('.sel-banner.success');
    assert.match((await view.page.locator('.sel-banner').textContent())!, /Saved: 1 stream added\./);
    assert.equal(host.api.puts.length, 1);
    assert.deepEqual(view.errors, []);
  });
});
