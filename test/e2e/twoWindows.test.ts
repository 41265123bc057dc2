// Two real windows: two workbench pages on one code-server, each with its own extension host, over
// the same user data (global state, secrets and global storage), which is what two desktop windows
// share. Everything is done by clicking, and what happened is read from the emulator's request log.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { workbenchUrl } from '../support/codeServer';
import { chooseFromContextMenu, clickActivity, clickRowAction, openWorkbench, runCommand, screenshotsDir, signInThroughUi, toast, treeRow, viewPane, type Workbench } from './workbench';

interface Logged { method: string; path: string }
async function requestLog(em: RunningEmulator): Promise<Logged[]> {
  return (await (await fetch(`${em.url}/__emulator/requests`)).json()) as Logged[];
}

/** The status bar entry of running jobs, if shown. */
function runningItem(page: Page) {
  return page.locator('.part.statusbar .statusbar-item', { hasText: /Stitch: \d+ running/ }).first();
}

describe('e2e: two windows on one account', function () {
  this.timeout(240_000);
  const JOB_SECONDS = 20;
  let em: RunningEmulator;
  let workbench: Workbench;
  let a: Page;
  let b: Page;

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, demo: true, scheduler: false, jobSeconds: JOB_SECONDS });
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url } });
    a = workbench.page;
    await signInThroughUi(a, em.accounts[0].token);
    await treeRow(a, 'Sources', 'Recurly').waitFor({ timeout: 30_000 });
    // The second window: another page of the same server in the same browser profile (same user
    // data), opened the way a user opens a second tab.
    const url = workbenchUrl(workbench.server, workbench.workspace);
    const opened = a.context().waitForEvent('page');
    await a.evaluate((target) => { window.open(target, '_blank'); }, url);
    b = await opened;
    await b.setViewportSize({ width: 1400, height: 900 });
    await b.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await clickActivity(b, 'Stitch');
    await treeRow(b, 'Sources', 'Recurly').waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const name = this.currentTest.title.slice(0, 30).replace(/\W+/g, '-');
    await workbench?.screenshot(`FAILED-two-windows-A-${name}`);
    await b?.screenshot({ path: path.join(screenshotsDir, `FAILED-two-windows-B-${name}.png`) }).catch(() => undefined);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('Sync Now in both windows at once starts one job (one POST) and both follow it to its end', async () => {
    await fetch(`${em.url}/__emulator/requests`, { method: 'DELETE' });
    for (const page of [a, b]) await page.locator('.part.sidebar').hover();
    await Promise.all([clickRowAction(a, 'Sources', 'Recurly', 'Sync Now'), clickRowAction(b, 'Sources', 'Recurly', 'Sync Now')]);
    // Both windows follow the job: each shows it on its status bar.
    await Promise.all([runningItem(a).waitFor({ timeout: 30_000 }), runningItem(b).waitFor({ timeout: 30_000 })]);
    const posts = (await requestLog(em)).filter((r) => r.method === 'POST' && /^\/v4\/sources\/\d+\/sync$/.test(r.path));
    assert.equal(posts.length, 1, `one POST across both windows: ${JSON.stringify(posts)}`);
    // The job ends: one window says how it went, and neither keeps a spinner.
    await Promise.race([toast(a, /succeeded|failed/i).waitFor({ timeout: 150_000 }), toast(b, /succeeded|failed/i).waitFor({ timeout: 150_000 })]);
    await Promise.all([runningItem(a).waitFor({ state: 'hidden', timeout: 60_000 }), runningItem(b).waitFor({ state: 'hidden', timeout: 60_000 })]);
    const after = (await requestLog(em)).filter((r) => r.method === 'POST' && /\/sync$/.test(r.path));
    assert.equal(after.length, 1, 'still one POST');
  });

  it('a source paused in one window shows paused in the other', async () => {
    await fetch(`${em.url}/__emulator/requests`, { method: 'DELETE' });
    await a.locator('.part.sidebar').hover();
    await chooseFromContextMenu(a, 'Sources', 'Recurly', 'Pause Source');
    await toast(a, /Paused "Recurly"/).waitFor({ timeout: 20_000 });
    // Window B hears of it from window A's note and re-reads that one source (no timer to wait for).
    await treeRow(b, 'Sources', 'Recurly').filter({ hasText: /paused/ }).waitFor({ timeout: 30_000 });
    const reads = (await requestLog(em)).filter((r) => r.method === 'GET' && /^\/v4\/sources\/\d+$/.test(r.path));
    assert.ok(reads.length <= 2, `window B re-read the one source it shows, not the list: ${JSON.stringify(reads)}`);
  });

  it('signing out in one window signs the other out', async () => {
    await runCommand(a, 'Stitch: Sign Out');
    const dialog = a.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.locator('.monaco-button', { hasText: 'Sign Out' }).first().click();
    const signInA = viewPane(a, 'Sources').locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).first();
    const signInB = viewPane(b, 'Sources').locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).first();
    await signInA.waitFor({ timeout: 20_000 });
    await signInB.waitFor({ timeout: 30_000 });
  });
});
