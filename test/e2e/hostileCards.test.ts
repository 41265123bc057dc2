import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startEmulator } from '../emulator';
import { makeTempDir } from '../support/codeServer';
import { hostileCatalogue } from '../support/hostileCatalogue';
import { runCommand, signInThroughUi, treeRow, workbenchPerSuite } from './workbench';

/** Finds the webview frame holding `selector` whose input `selector` is present, polling with a deadline. */
async function frameWith(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector}`);
    await page.waitForTimeout(200);
  }
}

async function type(frame: Frame, id: string, value: string): Promise<void> {
  // A toolkit text field: its <input> is in its shadow root.
  await frame.locator(`[id="${id}"] input`).fill(value);
}

describe('e2e: hostile report cards in the real workbench, across a window reload', function () {
  this.timeout(240_000);
  let dir: string;
  const suite = workbenchPerSuite(async () => {
    dir = makeTempDir('stitch-e2e-hostile-');
    fs.writeFileSync(path.join(dir, 'source-types.json'), JSON.stringify(hostileCatalogue()));
    return startEmulator({ port: 0, quiet: true, catalogFile: path.join(dir, 'source-types.json'), scheduler: false });
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens unusual types from their rows, keeps typed drafts (__proto__ included) over Reload Window', async () => {
    const { page } = suite.workbench;
    await signInThroughUi(page, suite.em.accounts[0]!.token);
    // A type whose id holds unicode, HTML, quotes and a right-to-left override.
    await treeRow(page, 'Source Types', /Hostile Ünïcødé/).click();
    const unicode = await frameWith(page, '[id="f-名前"]');
    await type(unicode, 'f-名前', 'kept 名前');
    // JavaScript's own names.
    await treeRow(page, 'Source Types', 'Hostile Js Names').click();
    const names = await frameWith(page, '[id="f-__proto__"]');
    await type(names, 'f-__proto__', '7');
    await type(names, 'f-constructor', 'typed constructor');
    await page.waitForTimeout(1_000); // the webview saves its draft on input; give the workbench time to store it
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    // The active panel (JS names) comes back with its draft.
    const restored = await frameWith(page, '[id="f-__proto__"]', 60_000);
    await restored.waitForFunction(() => (document.getElementById('f-__proto__') as HTMLInputElement | null)?.value === '7', undefined, { timeout: 20_000 });
    assert.equal(await restored.locator('[id="f-constructor"] input').inputValue(), 'typed constructor');
    // The other one, once its tab is shown again.
    await page.locator('.tabs-container .tab', { hasText: /Ünïcødé/ }).first().click();
    const unicodeBack = await frameWith(page, '[id="f-名前"]', 60_000);
    await unicodeBack.waitForFunction(() => (document.getElementById('f-名前') as HTMLInputElement | null)?.value === 'kept 名前', undefined, { timeout: 20_000 });
    // Titles isolate the type's name: its right-to-left override can't reverse " Source" after it.
    const title = await page.locator('.tabs-container .tab', { hasText: /Ünïcødé/ }).first().innerText();
    assert.ok(!title.includes('\u202E') && /Source/.test(title), JSON.stringify(title));
    assert.deepEqual(suite.workbench.consoleErrors.filter((e) => /stitch|webview/i.test(e)), []);
  });
});
