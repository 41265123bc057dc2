// Acceptance tests for when things go wrong, and for the source's life after setup, in the real
// workbench: a bad API key fails the check with Stitch's message and is fixed without retyping the
// rest; then pause, resume, and delete with its typed confirmation.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { chooseFromContextMenu, findWebviewFrame, openWorkbench, signInThroughUi, treeRow, type Workbench } from './workbench';

describe('e2e journey: repair a failed check, then pause, resume and delete', function () {
  this.timeout(240_000);
  let em: RunningEmulator;
  let workbench: Workbench;
  let form: Frame;
  const displayName = 'Recurly Repair';

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 4 });
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url } });
    await signInThroughUi(workbench.page, em.accounts[0].token);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-repair-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('3a. a bad API key fails the check with Stitch\'s message', async () => {
    const { page } = workbench;
    await treeRow(page, 'Source Types', /^Recurly/).click();
    form = await findWebviewFrame(page, 'form.sf-form', 30_000);
    await form.fill('#f-display_name input', displayName);
    await form.locator('#f-subdomain').pressSequentially('acme-two');
    await form.locator('#f-api_key').pressSequentially('an-invalid-key');
    await form.fill('#f-start_date', '2024-02-01');
    await form.locator('#f-quota_limit').pressSequentially('40');
    await form.click('#sf-submit');
    await form.locator('[data-check-status="failed"]').waitFor({ timeout: 60_000 });
    const message = await form.locator('#check-message').innerText();
    assert.match(message, /401|unauthori[sz]ed|api key/i, `Stitch's message is shown: ${message}`);
    assert.ok(!message.includes('an-invalid-key'), 'the key itself is never echoed');
    await workbench.screenshot('journey-check-failed');
  });

  it('3b. the user fixes the key and retries; nothing else had to be retyped', async () => {
    assert.equal(await form.inputValue('#f-display_name input'), displayName);
    assert.equal(await form.inputValue('#f-subdomain input'), 'acme-two');
    assert.equal(await form.inputValue('#f-quota_limit input'), '40');
    assert.equal(await form.inputValue('#f-start_date'), '2024-02-01');
    assert.equal(await form.inputValue('#f-api_key'), '', 'credentials are never kept, so the key field is empty');
    await form.locator('#f-api_key').pressSequentially('a-good-key');
    await form.click('#sf-submit');
    await form.locator('[data-check-status="succeeded"]').waitFor({ timeout: 60_000 });
  });

  it('4a. pauses and resumes the source from its context menu', async () => {
    const { page } = workbench;
    await chooseFromContextMenu(page, 'Sources', displayName, 'Pause Source');
    await treeRow(page, 'Sources', displayName).filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
    await workbench.screenshot('journey-paused');
    await chooseFromContextMenu(page, 'Sources', displayName, 'Resume Source');
    await page.waitForFunction((name) => Array.from(document.querySelectorAll('.pane .monaco-list-row'))
      .some((r) => r.textContent?.includes(name) && !r.textContent.includes('paused')), displayName, { timeout: 20_000 });
  });

  it('4b. delete asks for the source\'s name, refuses anything else, then deletes', async () => {
    const { page } = workbench;
    await chooseFromContextMenu(page, 'Sources', displayName, 'Delete Source');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.pressSequentially('wrong');
    await page.locator('.quick-input-widget', { hasText: /exactly to delete/ }).waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await treeRow(page, 'Sources', displayName).count(), 1, 'a wrong name deletes nothing');
    await input.fill('');
    await input.pressSequentially('recurly_repair');
    await workbench.screenshot('journey-delete-confirm');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: `Deleted "${displayName}"` }).waitFor({ timeout: 20_000 });
    await page.waitForFunction((name) => !Array.from(document.querySelectorAll('.pane .monaco-list-row')).some((r) => r.textContent?.includes(name)),
      displayName, { timeout: 20_000 });
  });
});
