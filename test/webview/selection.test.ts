import * as assert from 'node:assert/strict';
import { SelectionSession } from '../../src/panels/selection/session';
import { bigCatalogue, catalogue, FakeApi, type FakeStream } from '../unit/selection/fixtures';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

/** A host for the real bundle: answers its requests with the real session over an in-memory API. */
class FakeHost {
  readonly requests: Array<{ method: string; params: unknown }> = [];
  private seen = 0;
  private timer: ReturnType<typeof setInterval>;
  readonly session: SelectionSession;
  constructor(readonly view: WebviewHarness, readonly api: FakeApi) {
    this.session = new SelectionSession(() => api, 7);
    this.timer = setInterval(() => { void this.pump(); }, 15);
  }
  private busy = false;
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const posted = await this.view.posted().catch(() => []);
      for (const m of posted.slice(this.seen)) {
        this.seen++;
        if (m.type !== 'request') continue;
        const method = m.method as string;
        const params = m.params as Record<string, unknown> | undefined;
        this.requests.push({ method, params });
        let response: Record<string, unknown>;
        try {
          const result = await this.answer(method, params);
          response = { type: 'response', id: m.id, ok: true, result };
        } catch (error) {
          response = { type: 'response', id: m.id, ok: false, error: (error as Error).message };
        }
        await this.view.send(response);
      }
    } finally {
      this.busy = false;
    }
  }
  private async answer(method: string, params: Record<string, unknown> | undefined): Promise<unknown> {
    switch (method) {
      case 'selection/init': return this.session.loaded ? this.session.state() : this.session.load(params?.staged as never);
      case 'selection/loadFields': return this.session.loadFields(params!.stream as string);
      case 'selection/edit': return this.session.edit(params!.ops as never);
      case 'selection/discard': return this.session.discard();
      case 'selection/apply': {
        const outcome = await this.session.apply();
        return { state: this.session.state(), appliedText: outcome.appliedText, becameConfigured: outcome.becameConfigured, nextSteps: ['syncNow'] };
      }
      default: throw new Error(`unexpected ${method}`);
    }
  }
  stop(): void { clearInterval(this.timer); }
}

async function open(streams: FakeStream[], state?: unknown): Promise<{ view: WebviewHarness; host: FakeHost }> {
  const view = await openWebview({ bodyAttributes: 'data-view="selection"', ...(state ? { state } : {}) });
  await view.page.setViewportSize({ width: 1000, height: 700 });
  const host = new FakeHost(view, new FakeApi(streams));
  await view.page.waitForSelector('.sel-stream');
  return { view, host };
}

const rowCount = (view: WebviewHarness) => view.page.locator('.sel-spacer > .sel-row').count();
const streamNames = (view: WebviewHarness) => view.page.locator('.sel-stream .sel-name').allTextContents();
const summary = (view: WebviewHarness) => view.page.locator('.sel-summary').textContent();
const streamRow = (view: WebviewHarness, name: string) => view.page.locator('.sel-stream', { has: view.page.locator('.sel-name', { hasText: new RegExp(`^${name}$`) }) });
const fieldRow = (view: WebviewHarness, name: string) => view.page.locator('.sel-field', { has: view.page.locator('.sel-name', { hasText: new RegExp(`^${name}$`) }) });

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
    assert.equal(await view.page.locator('[data-action="apply"]').isDisabled(), true);
    assert.deepEqual(view.errors, []);
    // No field requests until a stream is expanded.
    assert.deepEqual(host.requests.map((r) => r.method), ['selection/init']);
  });

  it('filters instantly by name or id, and "selected only"', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.fill('.sel-filter', 'PUBLIC-CUST');
    assert.deepEqual(await streamNames(view), ['customer_view', 'customers']);
    await view.page.fill('.sel-filter', 'ord');
    assert.deepEqual(await streamNames(view), ['orders']);
    await view.page.fill('.sel-filter', 'zzz');
    assert.equal(await view.page.locator('.sel-empty').textContent(), 'No streams match the filter.');
    await view.page.fill('.sel-filter', '');
    await view.page.check('#sel-selected-only');
    assert.deepEqual(await streamNames(view), ['refunds']);
    assert.ok(!host.requests.some((r) => r.method !== 'selection/init'), 'filtering is local');
  });

  it('expanding loads that stream\'s fields only; locks, unsupported, defaults and exclusions are shown and enforced', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    assert.deepEqual(host.api.calls.filter((c) => c.startsWith('GET stream ')), ['GET stream 11']);
    const id = fieldRow(view, 'id');
    assert.equal(await id.locator('input').isDisabled(), true);
    assert.equal(await id.locator('input').isChecked(), true);
    assert.match((await id.locator('.sel-reason').textContent())!, /primary key/);
    assert.match((await fieldRow(view, 'legacy').locator('.sel-reason').textContent())!, /Not supported: the bulk API does not return it/);
    assert.equal(await fieldRow(view, 'legacy').locator('input').isChecked(), false);
    assert.equal(await fieldRow(view, 'total').locator('input').isChecked(), true, 'selected-by-default');
    assert.equal(await fieldRow(view, 'integer').count(), 0);
    // Selecting clicks disables bid_type with an explanation.
    await fieldRow(view, 'clicks').locator('input').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent?.startsWith('Staged:'));
    const bid = fieldRow(view, 'bid_type');
    await view.page.waitForFunction(() => [...document.querySelectorAll('.sel-field')].some((n) => n.textContent?.includes('bid_type') && n.classList.contains('is-locked')));
    assert.equal(await bid.locator('input').isDisabled(), true);
    assert.match((await bid.locator('.sel-reason').textContent())!, /together with "clicks"/);
    assert.equal(await summary(view), 'Staged: 1 stream, 1 field added');
    // Per-stream "No fields" respects locks: automatic fields stay on.
    await view.page.click('[data-action="no-fields"]');
    await view.page.waitForFunction(() => !document.querySelector('.sel-field.is-staged'));
    assert.equal(await fieldRow(view, 'id').locator('input').isChecked(), true);
    assert.equal(await fieldRow(view, 'clicks').locator('input').isChecked(), false);
    // "All fields" respects the exclusion: clicks on, bid_type stays off (or the other way round), unsupported off.
    await view.page.click('[data-action="all-fields"]');
    await view.page.waitForFunction(() => document.querySelectorAll('.sel-field.is-staged').length > 0);
    const on = await Promise.all(['clicks', 'bid_type', 'legacy', 'note'].map((n) => fieldRow(view, n).locator('input').isChecked()));
    assert.equal(on[0]! !== on[1]!, true, 'only one of two exclusive fields');
    assert.equal(on[2], false);
    assert.equal(on[3], true);
    assert.deepEqual(view.errors, []);
  });

  it('global select all/none act on the streams shown; summary text; Apply posts a request and shows the next steps', async () => {
    ({ view, host } = await open(catalogue()));
    await view.page.fill('.sel-filter', 'o');
    await view.page.click('[data-action="select-all"]');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent !== 'No staged changes');
    const edit = host.requests.find((r) => r.method === 'selection/edit')!;
    assert.deepEqual(edit.params, { ops: [{ op: 'streams', streams: ['orders', 'shop-public-customer_view', 'shop-public-customers'], selected: true }] });
    assert.equal(await summary(view), 'Staged: 3 streams added');
    // Database streams need a method; the view needs key columns: inline errors, Apply blocked.
    assert.match((await view.page.locator('.sel-problems').textContent())!, /3 problem\(s\)/, 'two methods to choose, one view without key columns');
    assert.equal(await view.page.locator('[data-action="apply"]').isDisabled(), true);
    await view.page.click('[data-action="select-none"]');
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'No staged changes');
    await view.page.fill('.sel-filter', '');
    await streamRow(view, 'orders').locator('input').click();
    await streamRow(view, 'refunds').locator('input').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream added; 1 stream removed');
    await view.page.click('[data-action="apply"]');
    await view.page.waitForSelector('.sel-banner.success');
    assert.match((await view.page.locator('.sel-banner').textContent())!, /Saved: 1 stream added; 1 stream removed\. The source is fully configured/);
    assert.deepEqual(host.api.puts, [{ streams: [
      { tap_stream_id: 'orders', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-key': 'updated_at' } }] },
      { tap_stream_id: 'refunds', metadata: [{ breadcrumb: [], metadata: { selected: false } }] },
    ] }]);
    assert.ok(host.requests.some((r) => r.method === 'selection/apply' && JSON.stringify(r.params) === '{}'));
    await view.page.locator('.sel-banner button', { hasText: 'Sync Now' }).click();
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ method?: string }> }).__posted.some((m) => m.method === 'selection/nextStep'));
    assert.equal(await summary(view), 'No staged changes');
  });

  it('an inline error names the missing key; choosing one clears it', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'customers').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    await streamRow(view, 'customers').locator('input').click();
    await view.page.waitForSelector('.sel-issue.error');
    assert.match((await view.page.locator('.sel-issue.error').textContent())!, /Choose a replication method/);
    await view.page.selectOption('select[data-action="method"]', 'INCREMENTAL');
    await view.page.waitForFunction(() => document.querySelector('.sel-issue.error')?.textContent?.includes('replication key'));
    assert.equal(await view.page.locator('[data-action="apply"]').isDisabled(), true);
    assert.deepEqual(await view.page.locator('select[data-action="key"] option').allTextContents(), ['Choose a key…', 'id', 'updated_at']);
    await view.page.selectOption('select[data-action="key"]', 'updated_at');
    await view.page.waitForFunction(() => !document.querySelector('.sel-issue.error'));
    assert.equal(await view.page.locator('[data-action="apply"]').isDisabled(), false);
    assert.equal(host.api.puts.length, 0);
  });

  it('staged edits, filter and expansion survive a reload through setState', async () => {
    ({ view, host } = await open(catalogue()));
    await streamRow(view, 'orders').locator('[data-action="toggle-expand"]').click();
    await view.page.waitForSelector('.sel-field');
    await fieldRow(view, 'note').locator('input').click();
    await view.page.waitForFunction(() => document.querySelector('.sel-summary')?.textContent === 'Staged: 1 stream, 1 field added');
    await view.page.fill('.sel-filter', 'ord');
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
    assert.equal(await view.page.inputValue('.sel-filter'), 'ord');
    await view.page.waitForSelector('.sel-field');
    assert.equal(await fieldRow(view, 'note').locator('input').isChecked(), true);
    const init = host.requests.find((r) => r.method === 'selection/init')!;
    assert.deepEqual((init.params as { staged: unknown }).staged, saved.staged);
  });

  it('10,000 streams render without 10,000 DOM rows, filter and scroll stay bounded', async () => {
    ({ view, host } = await open(bigCatalogue(10_000, 20)));
    assert.match((await view.page.locator('.sel-counts').textContent())!, /10,000 of 10,000 streams shown/);
    const initial = await rowCount(view);
    assert.ok(initial > 5 && initial < 100, `rendered ${initial} rows`);
    const started = Date.now();
    await view.page.fill('.sel-filter', 'stream_99');
    assert.match((await view.page.locator('.sel-counts').textContent())!, /111 of 10,000 streams shown/);
    await view.page.fill('.sel-filter', '');
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
});
