// Sources as files in a real workbench, as a user does it: Export Source to File from the tree,
// Set Secret in the password box, Apply once, change the schedule in the editor, Plan (the diff
// editor opens with exactly that change), Apply from the CodeLens, and the tree shows the new
// schedule. Takes the README screenshot of the plan.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator } from '../emulator';
import { chooseFromContextMenu, hoverRowUntil, signInThroughUi, toast, treeRow, workbenchPerSuite } from './workbench';

async function codeLens(page: Page, title: string): Promise<void> {
  const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: new RegExp(`^${title}$`) }).first();
  await lens.waitFor({ timeout: 20_000 });
  await lens.click();
}

async function confirmModal(page: Page, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).first().click();
}

describe('e2e: a source as a file (export, plan in the diff editor, apply)', function () {
  this.timeout(240_000);
  const secret = `e2e-${Date.now().toString(36)}-KEY`;
  const suite = workbenchPerSuite(() => startEmulator({ port: 0, quiet: true, demo: true, scheduler: false, jobSeconds: 1 }));

  it('exports from the tree, plans exactly the schedule change, applies it, and the tree shows it', async () => {
    const { page, workspace } = suite.workbench;
    await signInThroughUi(page, suite.em.accounts[0].token);
    await treeRow(page, 'Sources', 'Recurly').waitFor({ timeout: 20_000 });
    await chooseFromContextMenu(page, 'Sources', 'Recurly', 'Export Source to File');
    // The save dialog (code-server's simple dialog) proposes <workspace>/recurly.stitch.jsonc.
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    for (let i = 0; i < 100 && !/recurly\.stitch\.jsonc$/.test(await input.inputValue()); i++) await page.waitForTimeout(100);
    assert.match(await input.inputValue(), /recurly\.stitch\.jsonc$/);
    await page.keyboard.press('Enter');
    const file = path.join(workspace, 'recurly.stitch.jsonc');
    await page.locator('.tabs-container .tab', { hasText: 'recurly.stitch.jsonc' }).waitFor({ timeout: 20_000 });
    assert.ok(fs.existsSync(file));
    assert.match(fs.readFileSync(file, 'utf8'), /"\$secret": "recurly\/api_key"/);

    // Stitch never returns credentials: the export offers Set Secret, a password box.
    await toast(page, 'not set yet').locator('.monaco-button', { hasText: 'Set Secret…' }).click();
    await input.waitFor();
    assert.equal(await input.getAttribute('type'), 'password');
    await input.pressSequentially(secret);
    await page.keyboard.press('Enter');
    await toast(page, 'is set').waitFor({ timeout: 10_000 });

    // First apply: the secret is sent once (its hash kept), so the next plan is only the edit.
    await page.locator('.tabs-container .tab', { hasText: 'recurly.stitch.jsonc' }).click();
    await codeLens(page, 'Apply');
    await confirmModal(page, 'Apply');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'in sync' }).waitFor({ timeout: 30_000 });

    // Change the schedule in the editor: double-click the 60 of everyMinutes, type 30, save.
    // (The lens above line 1 can shift the lines while they render: retry until the edit shows.)
    const edited = page.locator('.monaco-editor .view-line', { hasText: /"everyMinutes":\s30/ });
    for (let i = 0; i < 3 && !(await edited.count()); i++) {
      const line = page.locator('.monaco-editor .view-line', { hasText: /"everyMinutes":\s60/ }).first();
      await line.locator('span span', { hasText: /^60$/ }).first().dblclick();
      await page.keyboard.type('30');
      await page.waitForTimeout(300);
    }
    await edited.first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Control+S');
    for (let i = 0; i < 100 && !/"everyMinutes": 30/.test(fs.readFileSync(file, 'utf8')); i++) await page.waitForTimeout(100);
    assert.match(fs.readFileSync(file, 'utf8'), /"everyMinutes": 30/);

    await codeLens(page, 'Plan');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 20_000 });
    await toast(page, /Apply will make 1 call\(s\): PUT \/v4\/sources\/\d+ \{frequency_in_minutes\}/).waitFor({ timeout: 20_000 });
    // Exactly one changed line on each side: the schedule.
    await page.waitForFunction(() => document.querySelectorAll('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').length > 0, undefined, { timeout: 10_000 });
    const inserted = await diff.locator('.editor.modified .view-line').evaluateAll((lines) => lines.map((l) => l.textContent ?? ''));
    assert.ok(inserted.some((l) => /"everyMinutes":\s30/.test(l)), inserted.join('\n'));
    await suite.workbench.screenshotThemes('files-plan');

    await page.locator('.tabs-container .tab', { hasText: /^recurly\.stitch\.jsonc/ }).first().click();
    await codeLens(page, 'Apply');
    await confirmModal(page, 'Apply');
    await toast(page, /Applied: PUT/).waitFor({ timeout: 30_000 });

    // The tree's tooltip shows the new schedule.
    const row = treeRow(page, 'Sources', 'Recurly');
    await hoverRowUntil(page, row, page.locator('.monaco-hover, .workbench-hover', { hasText: 'every 30 minutes' }).first());
  });
});
