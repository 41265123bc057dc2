// The selection panel's Rules box in a real workbench (issue 20): rules typed with the keyboard,
// the preview tags each stream and field row with the rule that decided it, a rule that matches
// nothing is flagged. Driven by keyboard and accessible names (roles, labels, text), never the
// panel's CSS classes: its controls are being moved onto a toolkit. Takes the README screenshot
// media/screenshots/rules-preview.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startEmulator } from '../emulator';
import { repoRoot } from '../support/paths';
import { chooseFromContextMenu, runCommand, signInThroughUi, treeRow, workbenchPerSuite } from './workbench';

const RULES = ['*', '!coupons', 'accounts.*', '!accounts.email', 'invoices.discount'];

/** The webview frame whose Rules box (a textbox named "Rules") is on screen. */
async function rulesFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.getByRole('textbox', { name: 'Rules' }).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error('no webview shows a Rules box');
    await page.waitForTimeout(200);
  }
}

describe('e2e: selection rules previewed in the selection panel', function () {
  this.timeout(240_000);
  const suite = workbenchPerSuite(() => startEmulator({ port: 0, quiet: true, demo: true, scheduler: false, jobSeconds: 1 }));

  it('typing rules tags each row with its deciding rule and flags the rule that matches nothing', async () => {
    const { page } = suite.workbench;
    await signInThroughUi(page, suite.em.accounts[0].token);
    await treeRow(page, 'Sources', 'Recurly').waitFor({ timeout: 20_000 });
    await chooseFromContextMenu(page, 'Sources', 'Recurly', 'Select Streams and Fields');
    const frame = await rulesFrame(page);

    // Open "accounts" from the keyboard: its field rows get their deciding rule too.
    const accounts = frame.getByRole('treeitem', { name: /^accounts/ }).first();
    await accounts.waitFor({ timeout: 20_000 });
    await accounts.focus();
    await page.keyboard.press('ArrowRight');
    await frame.getByRole('treeitem', { name: /^email/ }).first().waitFor({ timeout: 20_000 });

    const box = frame.getByRole('textbox', { name: 'Rules' });
    await box.focus();
    for (const [i, rule] of RULES.entries()) {
      await page.keyboard.type(rule);
      if (i < RULES.length - 1) await page.keyboard.press('Enter');
    }
    assert.equal(await box.inputValue(), RULES.join('\n'));

    // Each row names the rule that decided it, as "rule N: text".
    const row = (name: RegExp) => frame.getByRole('treeitem', { name }).first();
    await row(/^email.*rule 4: !accounts\.email/).waitFor({ timeout: 20_000 });
    await row(/^coupons.*rule 2: !coupons/).waitFor();
    await row(/^accounts.*rule 3: accounts\.\*/).waitFor();
    await row(/^plans.*rule 1: \*/).waitFor();
    await row(/^company.*rule 3: accounts\.\*/).waitFor();
    // The rule that matches no field is flagged in words, and the totals say what the rules select.
    await frame.getByText(/"invoices\.discount"\) matches streams but none of their fields/).first().waitFor({ timeout: 10_000 });
    await frame.getByText(/The rules select 6 streams/).waitFor();
    assert.equal(await frame.getByRole('button', { name: 'Apply Rules' }).isEnabled(), true);

    // The sign-in toast would cover the rows in the picture.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    const shot = await suite.workbench.screenshot('rules-preview');
    const readme = path.join(repoRoot, 'media', 'screenshots', 'rules-preview.png');
    fs.copyFileSync(shot, readme);
    assert.ok(fs.statSync(readme).size > 10_000);
  });
});
