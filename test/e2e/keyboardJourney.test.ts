// Issue 16: the Stitch guide's journey in the real workbench with the keyboard only. No click, no
// hover: key presses, the command palette, and typing. Controls are found by role and accessible
// name, so the test holds when the panels move onto toolkit web components. Each outcome is checked
// twice: in what the emulator received and holds, and in what the panel shows.
import * as assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import {
  arrowToRow, describeFocus, findWebviewFrameBy, focusWebview, isFocused, openWorkbench, pickByKeys, runCommandByKeys, tabTo, toast, viewPane, type Workbench,
} from './workbench';

const TOKEN = 'keyboard-journey-token';
const DISPLAY_NAME = 'Recurly Keys';
const CRON = '0 30 6 ? * MON-FRI';

interface SourceBody { id: number; display_name: string; schedule?: { type?: string; cron_expression?: string } | null; report_card?: { current_step_type?: string } }
interface RequestEntry { method: string; path: string; status: number | null; authorization: boolean }

describe('e2e keyboard journey: the Stitch guide with key presses only', function () {
  this.timeout(240_000);
  let em: RunningEmulator;
  let workbench: Workbench;
  let sourceId: number;
  /** Where the keyboard had to leave the panel (the palette's focus command) to reach it. */
  const paletteFocusNeeded: string[] = [];
  /** Tab presses each control took, reported at the end: 0 on a panel's first control means it opened focused there. */
  const presses: Record<string, number> = {};
  const reach = async (what: string, frame: Frame, target: Locator, options?: Parameters<typeof tabTo>[3]): Promise<void> => {
    presses[what] = await tabTo(workbench.page, frame, target, options);
  };

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${em.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const requests = async (): Promise<RequestEntry[]> => (await fetch(`${em.url}/__emulator/requests`)).json() as Promise<RequestEntry[]>;

  async function focusPanel(page: Page, frame: Frame, panel: string): Promise<void> {
    if (await focusWebview(page, frame)) paletteFocusNeeded.push(panel);
  }

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 3, tokens: [TOKEN] });
    // The account has its warehouse already (the destination journey is journey.test's 1b): a
    // source syncs only once a destination has passed its check.
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const destination = await fetch(`${em.url}/v4/destinations`, {
      method: 'POST', headers,
      body: JSON.stringify({ type: 'postgres', name: 'Warehouse', properties: { host: 'warehouse.example.com', port: '5432', username: 'stitch', database: 'analytics', password: 'keys-pw', ssl: true } }),
    });
    assert.equal(destination.status, 200, await destination.clone().text());
    await fetch(`${em.url}/__emulator/clock`, { method: 'POST', headers, body: JSON.stringify({ advanceSeconds: 5 }) });
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url } });
  });
  // Each step starts where the previous one left the workbench: after a failure the rest can't run.
  let broken = false;
  beforeEach(function () { if (broken) this.skip(); });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') broken = true;
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-keys-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    console.log(`      Tab presses to reach each control: ${JSON.stringify(presses)}`);
    if (paletteFocusNeeded.length > 0) console.log(`      panels that needed "Focus Active Editor Group" to take the keyboard: ${paletteFocusNeeded.join(', ')}`);
    await workbench?.close();
    await em?.close();
  });

  it('1. signs in from the palette: three input boxes answered with Enter and the token', async () => {
    const { page } = workbench;
    await page.locator('.part.activitybar .action-item a[aria-label^="Stitch"]').first().waitFor({ timeout: 60_000 });
    await runCommandByKeys(page, 'Stitch: Sign In');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await page.keyboard.press('Enter'); // account name: the default
    await page.locator('.quick-input-widget', { hasText: '(2/3)' }).waitFor();
    await page.keyboard.press('Enter'); // base URL: the setting
    await page.locator('.quick-input-widget', { hasText: '(3/3)' }).waitFor();
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await toast(page, 'Signed in to Stitch').waitFor({ timeout: 20_000 });
    const log = await requests();
    // Signing in checks the token against the account's sources.
    assert.ok(log.some((r) => r.method === 'GET' && r.path === '/v4/sources' && r.status === 200 && r.authorization), JSON.stringify(log.map((r) => `${r.method} ${r.path} ${r.status}`)));
  });

  it('2. opens the Source Types view from the palette, arrows to Recurly, and Enter opens its form', async () => {
    const { page } = workbench;
    await runCommandByKeys(page, 'Stitch: Focus on Source Types View');
    await viewPane(page, 'Source Types').locator('.monaco-list-row', { hasText: /^Recurly/ }).first().waitFor({ timeout: 20_000 });
    await arrowToRow(page, 'Source Types', /^Recurly/);
    await page.keyboard.press('Enter');
    const form = await findWebviewFrameBy(page, (f) => f.getByLabel(/Display name/), 30_000);
    await form.getByLabel(/^Subdomain/).first().waitFor();
    await focusPanel(page, form, 'setup form');
  });

  it('3. fills the form with Tab and typing, Enter creates it, and the connection check passes', async () => {
    const { page } = workbench;
    const form = await findWebviewFrameBy(page, (f) => f.getByLabel(/Display name/));
    const type = async (label: RegExp, text: string) => {
      await reach(`form ${label.source}`, form, form.getByLabel(label).first());
      await page.keyboard.type(text, { delay: 5 });
    };
    await type(/Display name/, DISPLAY_NAME);
    await type(/^API key/, 'keyboard-secret-key');
    await type(/^Subdomain/, 'acme');
    await type(/^API quota share/, '50');
    await workbench.screenshot('keys-form-filled');
    // Enter in a text field submits the form, as in any form.
    await page.keyboard.press('Enter');
    await form.getByText('Connection check passed.').first().waitFor({ timeout: 60_000 });

    const sources = await api<SourceBody[]>('/v4/sources');
    const created = sources.find((s) => s.display_name === DISPLAY_NAME);
    assert.ok(created, `the source was created: ${JSON.stringify(sources.map((s) => s.display_name))}`);
    sourceId = created.id;
    const check = await api<{ status: string }>(`/v4/sources/${sourceId}/last-connection-check`);
    assert.equal(check.status, 'succeeded');
    const log = await requests();
    assert.ok(log.some((r) => r.method === 'POST' && r.path === '/v4/sources' && r.status === 200), 'one POST /v4/sources answered 200');
  });

  it('4. reaches Select Streams, selects two streams with Space in the tree, and applies with the keyboard', async () => {
    const { page } = workbench;
    const form = await findWebviewFrameBy(page, (f) => f.getByLabel(/Display name/));
    const select = form.getByRole('button', { name: /Select Streams/ }).first();
    // The status card sits above the form: from the fields it is reached backwards.
    await reach('form Select Streams (Shift+Tab)', form, select, { key: 'Shift+Tab', max: 40 });
    await page.keyboard.press('Enter');

    const selection = await findWebviewFrameBy(page, (f) => f.getByRole('treeitem').filter({ hasText: 'adjustments' }), 30_000);
    await focusPanel(page, selection, 'stream selection');
    const tree = selection.getByRole('tree');
    // Tab into the panel's filter, then Down enters the tree at its first stream.
    await reach('selection filter', selection, selection.getByRole('searchbox').or(selection.getByLabel(/Filter streams/)).first());
    await page.keyboard.press('ArrowDown');
    const accounts = tree.getByRole('treeitem').filter({ hasText: 'accounts' }).first();
    assert.ok(await isFocused(accounts), `Down from the filter focuses the first stream; focus is on ${await describeFocus(selection)}`);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    const adjustments = tree.getByRole('treeitem').filter({ hasText: 'adjustments' }).first();
    assert.ok(await isFocused(adjustments), `Down moves to the second stream; focus is on ${await describeFocus(selection)}`);
    await page.keyboard.press('Space');
    await selection.getByRole('treeitem', { checked: true }).nth(1).waitFor({ timeout: 20_000 });
    assert.equal(await selection.getByRole('treeitem', { checked: true }).count(), 2, 'two streams are checked in the tree');
    await selection.getByText(/Staged:.*added/).first().waitFor({ timeout: 20_000 });

    const apply = selection.getByRole('button', { name: 'Apply', exact: true });
    await reach('selection Apply', selection, apply);
    await page.keyboard.press('Enter');
    await selection.getByText(/fully configured/).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('keys-selection-applied');

    const streams = await api<Array<{ stream_name: string; selected?: boolean; metadata?: unknown }>>(`/v4/sources/${sourceId}/streams`);
    const chosen = streams.filter((s) => s.selected === true).map((s) => s.stream_name).sort();
    assert.deepEqual(chosen, ['accounts', 'adjustments'], 'Stitch holds exactly the two streams selected');
    const source = await api<SourceBody>(`/v4/sources/${sourceId}`);
    assert.equal(source.report_card?.current_step_type, 'fully_configured');
  });

  it('5. from the banner, Edit Schedule; arrows choose cron, typing sets it, and the keyboard saves it', async () => {
    const { page } = workbench;
    const selection = await findWebviewFrameBy(page, (f) => f.getByRole('tree'));
    // The success banner's actions sit above the tree: reached backwards from Apply.
    await reach('selection Edit Schedule (Shift+Tab)', selection, selection.getByRole('button', { name: 'Edit Schedule' }), { key: 'Shift+Tab', max: 40 });
    await page.keyboard.press('Enter');

    const schedule = await findWebviewFrameBy(page, (f) => f.getByRole('button', { name: /Save Schedule/ }), 30_000);
    await focusPanel(page, schedule, 'schedule editor');
    const cron = schedule.getByRole('radio', { name: /Cron expression/ });
    // Tab reaches the checked mode; the arrow keys move the choice within the radio group.
    await reach('schedule mode', schedule, schedule.getByRole('radio', { checked: true }));
    // The toolkit shows a new choice (aria-checked) on its next render: after each arrow, wait for the
    // checked radio to change before deciding to press again, or a third press wraps round to Interval.
    const checkedName = async () => (await schedule.getByRole('radio', { checked: true }).first().textContent())?.trim() ?? '';
    for (let i = 0; i < 3 && !(await cron.isChecked()); i++) {
      const before = await checkedName();
      await page.keyboard.press('ArrowDown');
      const deadline = Date.now() + 5_000;
      while ((await checkedName()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(await cron.isChecked(), `the arrows chose the cron mode; focus is on ${await describeFocus(schedule)}`);
    await reach('schedule cron', schedule, schedule.getByLabel(/Quartz cron expression/));
    await page.keyboard.type(CRON, { delay: 5 });
    // The preview names five runs (a table today, a data grid on the toolkit); Save is enabled once it came back valid.
    const runs = schedule.getByRole('table').or(schedule.getByRole('grid')).first().getByRole('row').filter({ hasText: /\d{4}-\d{2}-\d{2}/ });
    await runs.nth(4).waitFor({ timeout: 20_000 });
    assert.equal(await runs.count(), 5, 'five next runs');
    for (const row of await runs.all()) assert.match(await row.innerText(), /(Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2} 06:30/, 'each run is a weekday at 06:30 UTC');
    const save = schedule.getByRole('button', { name: /Save Schedule/ });
    const deadline = Date.now() + 20_000;
    while (!(await save.isEnabled())) {
      if (Date.now() > deadline) throw new Error('Save Schedule never became enabled');
      await page.waitForTimeout(100);
    }
    await reach('schedule Save', schedule, save);
    await page.keyboard.press('Enter');
    await schedule.getByText('Stitch agrees with the preview').first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('keys-schedule-saved');

    const source = await api<SourceBody>(`/v4/sources/${sourceId}`);
    assert.equal(source.schedule?.type, 'cron', JSON.stringify(source.schedule));
    assert.equal(source.schedule?.cron_expression, CRON);
    const log = await requests();
    assert.ok(log.some((r) => r.method === 'PUT' && r.path === `/v4/sources/${sourceId}` && r.status === 200), 'the schedule went out in a PUT answered 200');
  });

  it('6. Sync Now from the palette: the source picked by typing, the job runs and succeeds', async () => {
    const { page } = workbench;
    await runCommandByKeys(page, 'Stitch: Sync Now');
    await pickByKeys(page, DISPLAY_NAME);
    await page.locator('.notifications-toasts, .notifications-center', { hasText: `Syncing "${DISPLAY_NAME}"` }).first().waitFor({ timeout: 20_000 });
    const syncs = (await requests()).filter((r) => r.method === 'POST' && r.path === `/v4/sources/${sourceId}/sync`);
    assert.equal(syncs.length, 1, `one sync request: ${JSON.stringify(syncs)}`);
    assert.equal(syncs[0].status, 200);
    await toast(page, /succeeded/i).waitFor({ timeout: 90_000 });
    const extractions = await api<{ data?: Array<{ source_id: number; tap_exit_status: number | null }> }>(`/v4/${em.accounts[0].clientId}/extractions`);
    const mine = (extractions.data ?? []).filter((e) => e.source_id === sourceId);
    assert.ok(mine.length > 0 && mine.every((e) => e.tap_exit_status === 0), `the extraction finished cleanly: ${JSON.stringify(mine)}`);
    await workbench.screenshot('keys-sync-succeeded');
  });
});
