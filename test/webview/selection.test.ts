import * as assert from 'node:assert/strict';
import { bigCatalogue, catalogue } from '../unit/selection/fixtures';
import { closeHarnessBrowser, type WebviewHarness } from './harness';
import { open, type FakeHost } from './selectionHost';

const rowCount = (view: WebviewHarness) => view.page.locator('.sel-spacer > .sel-row').count();
const streamNames = (view: WebviewHarness) => view.page.locator('.sel-stream .sel-name').allTextContents();
const summary = (view: WebviewHarness) => view.page.locator('.sel-summary').textContent();
const streamRow = (view: WebviewHarness, name: string) => view.page.locator('.sel-stream', { has: view.page.locator('.sel-name', { hasText: new RegExp(`^${name}$`) }) });
const fieldRow = (view: WebviewHarness, name: string) => view.page.locator('.sel-field', { has: view.page.locator('.sel-name', { hasText: new RegExp(`^${name}$`) }) });
/** Picks a choice in a settings row's dropdown with the pointer (the keyboard way is tested on its own). */
async function choose(view: WebviewHarness, action: string, label: string): Promise<void> {
  await view.page.locator(`[data-action="${action}"]`).click();
  await view.page.locator(`[data-action="${action}"] [role="option"]`, { hasText: label }).click();
}

describe('selection webview', function () {
  this.timeout(60_000);
  let view: WebviewHarness;
  let host: FakeHost;
  afterEach(async () => { host?.stop(); await view?.close(); });
  after(async () => { await closeHarnessBrowser(); });

  it('renders the catalogue: names, ids, database location, view/table, row counts, forced methods', async () => {
    ({ view, host } = await open(catalogue()));
    assert.deepEqual(await streamNames(view), ['orders', 'customer_view', 'customers', 'refunds']);
    const cv = await streamRow(view, 'customer_view').textContent();
    assert.match(cv!, /shop\.public · shop-public-customer_view/);
    assert.match(cv!, /view/);
    assert.match(cv!, /125 rows/);
    assert.match((await streamRow(view, 'customers').textContent())!, /table/);
    assert.equal(await streamRow(view, 'refunds').getAttribute('aria-checked'), 'true');
    assert.equal(await streamRow(view, 'refunds').locator('.sel-method .codicon-lock').count(), 1);
    assert.equal(await summary(view), 'No staged changes');
    assert.equal(await view.page.locator('[data-action="apply"] button').isDisabled(), true);
    assert.deepEqual(view.errors, []);
    // No field requests until a stream is expanded.
    assert.deepEqual(host.requests.map((r) => r.method), ['selection/init']);
  });

  it('filters instantly by name or id, and "selected only"', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.fill('.sel-filter input', 'PUBLIC-CUST');
    assert.deepEqual(await streamNames(view), ['customer_view', 'customers']);
    await view.page.fill('.sel-filter input', 'ord');
    assert.deepEqual(await streamNames(view), ['orders']);
    await view.page.fill('.sel-filter input', 'zzz');
    assert.equal(await view.page.locator('.sel-empty').textContent(), 'No streams match the filter.');
    await view.page.fill('.sel-filter input', '');
    // A toolkit checkbox shows its new state on its next render: Playwright's check() reads it too soon.
    await view.page.click('#sel-selected-only');
    await view.page.waitForSelector('#sel-selected-only[aria-checked="true"]');
    assert.deepEqual(await streamNames(view), ['refunds']);
    assert.ok(!host.requests.some((r) => r.method !== 'selection/init'), 'filtering is local');
  });

  it('expanding loads that stream\'s fields only; locks, unsupported, defaults and exclusions are shown and enforced', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    assert.deepEqual(host.api.calls.filter((c) => c.startsWith('GET stream ')), ['GET stream 11']);
    const id = fieldRow(view, 'id');
    assert.equal(await id.locator('.sel-box').isDisabled(), true);
    assert.equal(await id.locator('.sel-box').isChecked(), true);
    assert.match((await id.locator('.sel-reason').textContent())!, /primary key/);
    assert.match((await fieldRow(view, 'legacy').locator('.sel-reason').textContent())!, /Not supported: the bulk API does not return it/);
    assert.equal(await fieldRow(view, 'legacy').locator('.sel-box').isChecked(), false);
    assert.equal(await fieldRow(view, 'total').locator('.sel-box').isChecked(), true, 'selected-by-default');
    assert.equal(await fieldRow(view, 'integer').count(), 0);
    // Selecting clicks disables bid_type with an explanation.
    await fieldRow(view, 'clicks').locator('.sel-box').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent?.startsWith('Staged:'));
    const bid = fieldRow(view, 'bid_type');
    await view.page.waitForFunction(() => [...document.querySelectorAll('.sel-field')].some((n) => n.textContent?.includes('bid_type') && n.classList.contains('is-locked')));
    assert.equal(await bid.locator('.sel-box').isDisabled(), true);
    assert.match((await bid.locator('.sel-reason').textContent())!, /together with "clicks"/);
    assert.equal(await summary(view), 'Staged: 1 stream, 1 field added');
    // Per-stream "No fields" respects locks: automatic fields stay on.
    await view.page.click('[data-action="no-fields"]');
    await view.page.waitForFunction(() => !document.querySelector('.sel-field.is-staged'));
    assert.equal(await fieldRow(view, 'id').locator('.sel-box').isChecked(), true);
    assert.equal(await fieldRow(view, 'clicks').locator('.sel-box').isChecked(), false);
    // "All fields" respects the exclusion: clicks on, bid_type stays off (or the other way round), unsupported off.
    await view.page.click('[data-action="all-fields"]');
    await view.page.waitForFunction(() => document.querySelectorAll('.sel-field.is-staged').length > 0);
    const on = await Promise.all(['clicks', 'bid_type', 'legacy', 'note'].map((n) => fieldRow(view, n).locator('.sel-box').isChecked()));
    assert.equal(on[0]! !== on[1]!, true, 'only one of two exclusive fields');
    assert.equal(on[2], false);
    assert.equal(on[3], true);
    assert.deepEqual(view.errors, []);
  });

  it('global select all/none act on the streams shown; summary text; Apply posts a request and shows the next steps', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.fill('.sel-filter input', 'o');
    await view.page.click('[data-action="select-all"]');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent !== 'No staged changes');
    const edit = host.requests.find((r) => r.method === 'selection/edit')!;
    assert.deepEqual(edit.params, { ops: [{ op: 'streams', streams: ['orders', 'shop-public-customer_view', 'shop-public-customers'], selected: true }] });
    assert.equal(await summary(view), 'Staged: 3 streams added');
    // Database streams need a method; the view needs key columns: inline errors, Apply blocked.
    assert.match((await view.page.locator('.sel-problems').textContent())!, /3 problem\(s\)/, 'two methods to choose, one view without key columns');
    assert.equal(await view.page.locator('[data-action="apply"] button').isDisabled(), true);
    await view.page.click('[data-action="select-none"]');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'No staged changes');
    await view.page.fill('.sel-filter input', '');
    await streamRow(view, 'orders').locator('.sel-box').click();
    await streamRow(view, 'refunds').locator('.sel-box').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream added; 1 stream removed');
    await view.page.click('[data-action="apply"]');
    await view.page.waitForSelector('.sel-banner.success');
    assert.match((await view.page.locator('.sel-banner').textContent())!, /Saved: 1 stream added; 1 stream removed\. The source is fully configured/);
    assert.deepEqual(host.api.puts, [{ streams: [
      { tap_stream_id: 'orders', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } }] },
      // refunds' "amount" is selected on the server: deselected first, or Stitch refuses the stream's deselection.
      { tap_stream_id: 'refunds', metadata: [{ breadcrumb: ['properties', 'amount'], metadata: { selected: false } }, { breadcrumb: [], metadata: { selected: false } }] },
    ] }]);
    assert.ok(host.requests.some((r) => r.method === 'selection/apply' && JSON.stringify(r.params) === '{}'));
    await view.page.locator('.sel-banner [data-action="banner-action"]', { hasText: 'Sync Now' }).click();
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ method?: string }> }).__posted.some((m) => m.method === 'selection/nextStep'));
    assert.equal(await summary(view), 'No staged changes');
  });

  it('an inline error names the missing key; choosing one clears it', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'customers').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    await streamRow(view, 'customers').locator('.sel-box').click();
    await view.page.waitForSelector('.sel-issue.error');
    assert.match((await view.page.locator('.sel-issue.error').textContent())!, /Choose a replication method/);
    await choose(view, 'method', 'Incremental');
    await view.page.waitForFunction(() => document.querySelector('.sel-issue.error')?.textContent?.includes('replication key'));
    assert.equal(await view.page.locator('[data-action="apply"] button').isDisabled(), true);
    assert.deepEqual(await view.page.locator('[data-action="key"] [role="option"]').allTextContents(), ['Choose a key…', 'id', 'updated_at']);
    await choose(view, 'key', 'updated_at');
    await view.page.waitForFunction(() => !document.querySelector('.sel-issue.error'));
    assert.equal(await view.page.locator('[data-action="apply"] button').isDisabled(), false);
    assert.equal(host.api.puts.length, 0);
  });

  it('staged edits, filter and expansion survive a reload through setState', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    await fieldRow(view, 'note').locator('.sel-box').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream, 1 field added');
    await view.page.fill('.sel-filter input', 'ord');
    await view.page.waitForTimeout(300);
    const saved = await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state) as Record<string, unknown>;
    assert.equal(saved.filter, 'ord');
    assert.deepEqual(saved.expanded, ['orders']);
    assert.equal(JSON.stringify(saved).includes('note'), true);
    host.stop();
    await view.close();
    // A new page (the webview after hide/reload, with a fresh host) gets the saved state back.
    ({ view, host } = await open(catalogue(), saved));
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream, 1 field added');
    assert.equal(await view.page.inputValue('.sel-filter input'), 'ord');
    await view.page.waitForSelector('.sel-field');
    assert.equal(await fieldRow(view, 'note').locator('.sel-box').isChecked(), true);
    const init = host.requests.find((r) => r.method === 'selection/init')!;
    assert.deepEqual((init.params as { staged: unknown }).staged, saved.staged);
  });

  it('10,000 streams render without 10,000 DOM rows, filter and scroll stay bounded', async () => {
    ({ view, host } = await open(bigCatalogue(10_000, 20)));
    assert.match((await view.page.locator('.sel-counts').textContent())!, /10,000 of 10,000 streams shown/);
    const initial = await rowCount(view);
    assert.ok(initial > 5 && initial < 100, `rendered ${initial} rows`);
    const started = Date.now();
    await view.page.fill('.sel-filter input', 'stream_99');
    assert.match((await view.page.locator('.sel-counts').textContent())!, /111 of 10,000 streams shown/);
    await view.page.fill('.sel-filter input', '');
    await view.page.evaluate(() => { document.querySelector('.sel-viewport')!.scrollTop = 150_000; });
    await view.page.waitForFunction(() => [...document.querySelectorAll('.sel-stream .sel-name')].some((n) => n.textContent === 'stream_5000'));
    const elapsed = Date.now() - started;
    assert.ok(await rowCount(view) < 100);
    await view.page.click('[data-action="select-all"]');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 10000 streams added', undefined, { timeout: 20_000 });
    assert.ok(await rowCount(view) < 100);
    assert.equal(host.api.calls.filter((c) => c.startsWith('GET stream ')).length, 0);
    assert.ok(elapsed < 5000, `filter + scroll took ${elapsed} ms`);
  });

  it('keyboard: arrows move, Space toggles, Right expands', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').focus();
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await view.page.evaluate(() => document.activeElement?.querySelector('.sel-name')?.textContent), 'customer_view');
    await view.page.keyboard.press('Space');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream added');
    await view.page.keyboard.press('ArrowRight');
    await view.page.waitForSelector('.sel-field');
    assert.equal(await streamRow(view, 'customer_view').getAttribute('aria-expanded'), 'true');
  });

  describe('Rules box', () => {
    const tagOf = (row: ReturnType<typeof streamRow>) => row.locator('.sel-rule-tag').textContent();
    const previews = () => host.requests.filter((r) => r.method === 'selection/previewRules');

    it('typing rules (key presses) updates the preview live: the deciding rule on each stream and field row', async () => {
      ({ view, host } = await open(catalogue()));
      await streamRow(view, 'orders').locator('[data-action="toggle-expand"]').click();
      await view.page.waitForSelector('.sel-field');
      await view.page.focus('#sel-rules');
      const rules = '*\n!refunds\norders.*\n!orders.note';
      await view.page.keyboard.type(rules);
      await view.page.waitForFunction(() => [...document.querySelectorAll('.sel-field .sel-rule-tag')].some((t) => t.textContent?.startsWith('rule 4')));
      assert.equal(await tagOf(streamRow(view, 'refunds')), 'rule 2: !refunds');
      assert.equal(await tagOf(streamRow(view, 'customers')), 'rule 1: *');
      assert.equal(await tagOf(streamRow(view, 'orders')), 'rule 3: orders.*', 'a stream is decided by the last rule that selects one of its fields');
      assert.equal(await tagOf(fieldRow(view, 'note')), 'rule 4: !orders.note');
      assert.equal(await tagOf(fieldRow(view, 'clicks')), 'rule 3: orders.*');
      assert.equal(await streamRow(view, 'refunds').locator('.sel-rule-tag.excludes').count(), 1);
      assert.match((await view.page.locator('.sel-rules-totals').textContent())!, /The rules select 3 streams/);
      // Debounced: fewer previews than key presses; the last one asked for the expanded stream's fields.
      assert.ok(previews().length < rules.length, `${previews().length} previews for ${rules.length} keys`);
      assert.deepEqual(previews().at(-1)!.params, { text: rules, fieldsFor: ['orders'] });
      // Deleting the last line (Backspace) retags the field it decided; nothing is staged by a preview.
      for (let i = 0; i < '\n!orders.note'.length; i++) await view.page.keyboard.press('Backspace');
      await view.page.waitForFunction(() => [...document.querySelectorAll('.sel-field')].some((n) => n.textContent?.includes('note') && n.querySelector('.sel-rule-tag')?.textContent === 'rule 3: orders.*'));
      assert.equal(await summary(view), 'No staged changes');
      assert.deepEqual(view.errors, []);
    });

    it('a newer keystroke\'s answer supersedes an older one that comes back later', async () => {
      ({ view, host } = await open(catalogue()));
      host.slowPreviews.set('!', 1500);
      await view.page.focus('#sel-rules');
      await view.page.keyboard.type('!');
      await view.page.waitForFunction(() => document.querySelector('.sel-rules-totals')?.textContent === 'Previewing…');
      await view.page.keyboard.type('refunds');
      await view.page.waitForFunction(() => document.querySelector('.sel-stream .sel-rule-tag') !== null);
      // The slow answer for "!" (a parse error) arrives now and must not replace the newer preview.
      await new Promise((resolve) => setTimeout(resolve, 1800));
      assert.equal(await tagOf(streamRow(view, 'refunds')), 'rule 1: !refunds');
      assert.equal(await view.page.locator('.sel-rules-flag', { hasText: 'Line 1' }).count(), 0);
      assert.ok(previews().some((r) => (r.params as { text: string }).text === '!'), 'the slow preview was asked');
    });

    it('flags rules that match nothing or never win, and errors with line and column, in an aria-live region', async () => {
      ({ view, host } = await open(catalogue()));
      await view.page.focus('#sel-rules');
      await view.page.keyboard.type('nosuch\norders\n[bad\n!orders');
      const flags = view.page.locator('#sel-rules-flags');
      await view.page.waitForFunction(() => (document.querySelector('#sel-rules-flags')?.children.length ?? 0) >= 3);
      assert.equal(await flags.getAttribute('aria-live'), 'polite');
      const text = (await flags.textContent())!;
      assert.match(text, /Line 3, column 1: This "\[" opens a character class/);
      assert.match(text, /Rule 1 \("nosuch"\) matches no stream/);
      assert.match(text, /Rule 2 \("orders"\) never decides anything: rule 4 \("!orders"\) comes later/);
      assert.equal(await view.page.locator('[data-action="apply-rules"] button').isDisabled(), true, 'rules with errors can\'t be staged');
      assert.equal(await view.page.locator('#sel-rules').getAttribute('aria-describedby'), 'sel-rules-flags');
    });

    it('Apply Rules stages the minimal diff; the footer\'s Apply sends it; the text survives a reload', async () => {
      ({ view, host } = await open(catalogue()));
      await view.page.focus('#sel-rules');
      await view.page.keyboard.type('orders.*\n!orders.note\n!refunds');
      await view.page.waitForFunction(() => document.querySelector('.sel-stream .sel-rule-tag') !== null);
      // The toolkit's button enables its inner button on the next frame: focus it once it can take focus.
      await view.page.waitForFunction(() => document.querySelector('[data-action="apply-rules"]')?.shadowRoot?.querySelector('button')?.disabled === false);
      await view.page.focus('[data-action="apply-rules"]');
      await view.page.keyboard.press('Enter');
      await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent?.startsWith('Staged:'));
      assert.match((await view.page.locator('.sel-banner').textContent())!, /The rules are staged/);
      assert.equal(await streamRow(view, 'refunds').getAttribute('aria-checked'), 'false');
      assert.equal(await streamRow(view, 'orders').getAttribute('aria-checked'), 'true');
      const saved = await view.page.evaluate(() => (window as unknown as { __state: { rules?: string } }).__state);
      assert.equal(saved.rules, 'orders.*\n!orders.note\n!refunds');
      await view.page.click('[data-action="apply"]');
      await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'No staged changes');
      assert.equal(host.api.puts.length, 1);
      const body = host.api.puts[0]!.streams;
      assert.deepEqual(body.map((s) => s.tap_stream_id).sort(), ['orders', 'refunds']);
      const orders = body.find((s) => s.tap_stream_id === 'orders')!.metadata;
      assert.deepEqual(orders[0], { breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } });
      assert.ok(!orders.some((m) => m.breadcrumb[1] === 'note'), 'note stays deselected: nothing to send');
      assert.deepEqual(body.find((s) => s.tap_stream_id === 'refunds')!.metadata.at(-1), { breadcrumb: [], metadata: { selected: false } });
      assert.deepEqual(view.errors, []);
      // A reloaded view gets its rules back and previews them again.
      host.stop();
      await view.close();
      ({ view, host } = await open(catalogue(), saved));
      assert.equal(await view.page.locator('#sel-rules').inputValue(), 'orders.*\n!orders.note\n!refunds');
      await view.page.waitForFunction(() => document.querySelector('.sel-stream .sel-rule-tag') !== null);
      assert.equal(await tagOf(streamRow(view, 'refunds')), 'rule 3: !refunds');
    });
  });
});
