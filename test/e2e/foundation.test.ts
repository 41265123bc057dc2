import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { clickActivity, openWorkbench, runCommand, viewPane, type Workbench } from './workbench';

describe('e2e: the Stitch view in a real workbench', () => {
  let workbench: Workbench;
  before(async () => { workbench = await openWorkbench(); });
  after(async () => { await workbench?.close(); });

  it('opens from the activity bar and shows both views with their welcome', async () => {
    const { page } = workbench;
    await clickActivity(page, 'Stitch');
    const sourceTypes = viewPane(page, 'Source Types');
    const sources = viewPane(page, 'Sources');
    await sourceTypes.waitFor({ timeout: 30_000 });
    await sources.waitFor();
    await sources.locator('.welcome-view-content').waitFor({ timeout: 30_000 });
    assert.match(await sources.locator('.welcome-view-content').innerText(), /Sign in/i);
    assert.ok(await sources.locator('.welcome-view-content a.monaco-button, .welcome-view-content .monaco-button', { hasText: 'Sign In' }).count() > 0);
    const shot = await workbench.screenshot('foundation-welcome');
    assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is empty');
  });

  it('runs "Stitch: Show Logs" from the command palette and shows the Stitch log', async () => {
    const { page } = workbench;
    await runCommand(page, 'Stitch: Show Logs');
    // The Output view's channel picker names the channel that is showing.
    const panel = page.locator('.part.panel');
    await panel.waitFor();
    await page.locator('.part.panel select.monaco-select-box, .part.panel .monaco-select-box').first().waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.part.panel .monaco-select-box'))
      .some((el) => (el as HTMLSelectElement).value?.includes('Stitch') || el.getAttribute('title')?.includes('Stitch') || Boolean(el.textContent?.includes('Stitch'))), undefined, { timeout: 20_000 });
    await workbench.screenshot('foundation-show-logs');
  });
});
