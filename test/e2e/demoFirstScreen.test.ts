// What `npm run demo` shows a newcomer first (issue 17): its own settings, our walkthrough on the
// first click on the Stitch icon, no workspace README and no VS Code walkthrough in front of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_README, demoSettings } from '../../scripts/demoSetup';
import { startEmulator, type RunningEmulator } from '../emulator';
import { clickActivity, openWorkbench, viewPane, type Workbench } from './workbench';

describe('e2e: the demo\'s first screen', () => {
  let em: RunningEmulator;
  let workbench: Workbench;

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, demo: true, scheduler: false });
    workbench = await openWorkbench({ settings: demoSettings(em.url) });
    fs.writeFileSync(path.join(workbench.workspace, 'README.md'), DEMO_README);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-demo-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('opens "Get started with Stitch" at the first click on the Stitch icon, and nothing else in front of it', async () => {
    const { page } = workbench;
    await page.waitForTimeout(2000); // whatever the startup editor setting opens, it has opened by now
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'README' }).count(), 0, 'no workspace README first');
    assert.equal(await page.locator('.gettingStartedContainer', { hasText: 'VS Code for the Web' }).count(), 0, 'no VS Code walkthrough first');
    await clickActivity(page, 'Stitch');
    await viewPane(page, 'Sources').locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).first().waitFor({ timeout: 20_000 });
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get started with Stitch' });
    await walkthrough.first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('demo-first-screen');
  });

  it('runs with the user default auto refresh: its profile leaves stitch.autoRefreshSeconds to the default (120 s)', async () => {
    const settings = JSON.parse(fs.readFileSync(path.join(workbench.server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(!('stitch.autoRefreshSeconds' in settings), JSON.stringify(settings));
  });
});
