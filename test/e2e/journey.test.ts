// The product's acceptance test: the Stitch guide's flow, done in the real workbench by clicking
// and typing as a user does. Each step leaves a screenshot in artifacts/screenshots/.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { chooseFromContextMenu, clickRowAction, findWebviewFrame, openWorkbench, runCommand, signInThroughUi, toast, treeRow, viewPane, type Workbench } from './workbench';

describe('e2e journey: the Stitch guide, by hand', function () {
  this.timeout(240_000);
  let em: RunningEmulator;
  let workbench: Workbench;
  let form: Frame;
  const displayName = 'Recurly Journey';

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 20, requireDestination: true });
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url } });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-journey-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('1. a fresh user signs in from the welcome view and the trees fill', async () => {
    await signInThroughUi(workbench.page, em.accounts[0].token);
    await treeRow(workbench.page, 'Source Types', 'Recurly').waitFor({ timeout: 20_000 });
  });

  it('1b. the empty account starts with its destination: Create Destination from the welcome view, a Postgres form, the check passes', async () => {
    const { page } = workbench;
    const pane = viewPane(page, 'Destinations');
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await pane.locator('.welcome-view-content .monaco-button', { hasText: 'Create Destination' }).first().click();
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('PostgreSQL');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'PostgreSQL' }).first().click();
    const destination = await findWebviewFrame(page, '#f-host', 30_000);
    await destination.fill('#f-display_name input', 'Warehouse');
    await destination.locator('#f-host').pressSequentially('warehouse.example.com', { delay: 10 });
    await destination.locator('#f-port').pressSequentially('5432');
    await destination.locator('#f-username').pressSequentially('stitch');
    await destination.locator('#f-database').pressSequentially('analytics');
    await destination.locator('#f-password').pressSequentially('journey-warehouse-pw', { delay: 10 });
    // A toolkit checkbox shows its new state on its next render: Playwright's check() reads it too soon.
    await destination.locator('#f-ssl').click();
    await destination.locator('#f-ssl[aria-checked="true"]').waitFor();
    await workbench.screenshotThemes('journey-destination');
    await destination.click('#sf-submit');
    await destination.locator('[data-stage="configured"]').waitFor({ timeout: 60_000 });
    await treeRow(page, 'Destinations', 'Warehouse').waitFor({ timeout: 20_000 });
    await workbench.screenshot('journey-destination-checked');
    // Close it, so the next form found is the source's.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: 'Warehouse' }).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('2a. creates a platform.recurly source by typing its form; the check passes', async () => {
    const { page } = workbench;
    await treeRow(page, 'Source Types', /^Recurly/).click();
    form = await findWebviewFrame(page, 'form.sf-form', 30_000);
    await form.fill('#f-display_name input', displayName);
    await form.locator('#f-subdomain').pressSequentially('acme', { delay: 20 });
    await form.locator('#f-api_key').pressSequentially('journey-secret-key', { delay: 10 });
    await form.fill('#f-start_date', '2024-01-01');
    await form.locator('#f-quota_limit').pressSequentially('50');
    await workbench.screenshotThemes('journey-form');
    await form.click('#sf-submit');
    await form.locator('[data-check-status="succeeded"]').waitFor({ timeout: 60_000 });
    await workbench.screenshot('journey-check-passed');
  });

  it('2b. selects streams and fields, and applies', async () => {
    const { page } = workbench;
    await form.locator('.sf-select-streams').first().click();
    const selection = await findWebviewFrame(page, '.sel-stream', 30_000);
    const firstStream = selection.locator('.sel-stream').first();
    await firstStream.locator('[data-action="toggle-stream"]').click();
    await selection.locator('.sel-summary', { hasText: /added/ }).waitFor();
    await workbench.screenshotThemes('journey-selection');
    await selection.click('[data-action="apply"]');
    await selection.locator('.sel-banner.success').waitFor({ timeout: 30_000 });
    assert.match(await selection.locator('.sel-banner').innerText(), /fully configured/);
  });

  it('2c. sets a schedule from the source\'s context menu, with a preview of the next runs', async () => {
    const { page } = workbench;
    await treeRow(page, 'Sources', displayName).waitFor({ timeout: 20_000 });
    await chooseFromContextMenu(page, 'Sources', displayName, 'Edit Schedule');
    // Bring its tab to the front, as a user would if another panel had taken focus meanwhile.
    const tab = page.locator('.tabs-container .tab', { hasText: 'Schedule:' }).first();
    await tab.waitFor({ timeout: 20_000 });
    await tab.click();
    const schedule = await findWebviewFrame(page, 'body[data-view="schedule"] [data-action="save"]', 30_000);
    await schedule.locator('[data-field="frequency"]').click();
    await schedule.locator('[data-field="frequency"] [role="option"][value="30"]').click();
    await schedule.locator('[data-utc]').first().waitFor();
    assert.equal(await schedule.locator('[data-utc]').count(), 5, 'five next runs are previewed');
    await workbench.screenshotThemes('journey-schedule');
    await schedule.click('[data-action="save"]');
    await schedule.locator('[data-part="saved"][data-agreement="agrees"]').waitFor({ timeout: 30_000 });
  });

  it('2d. Sync Now from the tree; Sync Now again attaches to the running job', async () => {
    const { page } = workbench;
    await page.locator('.part.sidebar').hover();
    const row = treeRow(page, 'Sources', displayName);
    await row.waitFor();
    await clickRowAction(page, 'Sources', displayName, 'Sync Now');
    await page.locator('.notifications-toasts, .notifications-center', { hasText: /Syncing|sync/i }).first().waitFor({ timeout: 20_000 });
    await workbench.screenshotThemes('journey-running');
    // While the job runs, the row offers Stop Sync instead: a user asks again from the palette.
    await treeRow(page, 'Sources', displayName).locator('.codicon-sync.codicon-modifier-spin, .codicon-sync~spin, .codicon-loading').first()
      .waitFor({ timeout: 20_000 }).catch(() => undefined);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.fill('>Stitch: Sync Now');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Stitch: Sync Now/ }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: displayName }).first().click();
    await toast(page, 'already running: following it').waitFor({ timeout: 20_000 });
  });

  it('2e. the job finishes and the user opens its logs', async () => {
    const { page } = workbench;
    const done = toast(page, /succeeded/i);
    await done.waitFor({ timeout: 90_000 });
    await done.locator('.monaco-button', { hasText: 'View Logs' }).click();
    await page.locator('.editor-instance .view-lines', { hasText: /tap|target/i }).first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('journey-logs');
  });
});
