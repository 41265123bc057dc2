// Drives the real VS Code workbench (code-server) in headless Chromium as a user would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { closeBrowser, launchChromium, makeTempDir, startCodeServer, workbenchUrl, type RunningCodeServer } from '../support/codeServer';
import { artifactsDir, repoRoot } from '../support/paths';
import type { RunningEmulator } from '../emulator';

export const screenshotsDir = path.join(artifactsDir, 'screenshots');

let cachedVsix: string | undefined;

/** Packages the extension once per run: the e2e tier tests what a user installs. */
export function packagedVsix(): string {
  if (cachedVsix) return cachedVsix;
  const output = execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  cachedVsix = output.trim().split('\n').pop() ?? '';
  if (!cachedVsix.endsWith('.vsix') || !fs.existsSync(cachedVsix)) throw new Error(`npm run package printed no VSIX: ${output}`);
  return cachedVsix;
}

export interface Workbench {
  page: Page;
  server: RunningCodeServer;
  workspace: string;
  consoleErrors: string[];
  screenshot(name: string): Promise<string>;
  /** The same view in the light theme and then the dark one: `<name>-light.png`, `<name>-dark.png`. */
  screenshotThemes(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openWorkbench(options: { settings?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<Workbench> {
  const workspace = makeTempDir('stitch-e2e-ws-');
  const server = await startCodeServer({ workspace, settings: options.settings, env: options.env, installVsix: [packagedVsix()] });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    const openedBrowser = browser;
    const screenshot = async (name: string) => {
      fs.mkdirSync(screenshotsDir, { recursive: true });
      const file = path.join(screenshotsDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    return {
      page, server, workspace, consoleErrors, screenshot,
      async screenshotThemes(name) {
        await screenshot(`${name}-light`);
        await toggleTheme(page);
        await screenshot(`${name}-dark`);
        await toggleTheme(page);
      },
      async close() {
        await closeBrowser(openedBrowser);
        await server.close();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (browser) await closeBrowser(browser);
    await server.close();
    throw error;
  }
}

/** Clicks an activity-bar entry by its accessible name, e.g. "Stitch". */
/**
 * One emulator and one workbench whose default API URL is that emulator, for a describe block (call
 * it inside `describe`); a failed test leaves a screenshot named after it. Read both through the
 * getters once the block's `before` has run.
 */
export function workbenchPerSuite(startEmulatorForSuite: () => Promise<RunningEmulator>): { readonly em: RunningEmulator; readonly workbench: Workbench } {
  let em: RunningEmulator | undefined;
  let workbench: Workbench | undefined;
  before(async () => {
    em = await startEmulatorForSuite();
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url } });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });
  return {
    get em() { if (!em) throw new Error('the suite\'s emulator is not started'); return em; },
    get workbench() { if (!workbench) throw new Error('the suite\'s workbench is not open'); return workbench; },
  };
}

export async function clickActivity(page: Page, name: string): Promise<void> {
  await page.locator(`.part.activitybar .action-item a[aria-label^="${name}"]`).first().click();
}

/** Opens the command palette with F1 and runs a command by typing its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await page.keyboard.press('Enter');
}

/** The pane of a view in the side bar, by its title. */
export function viewPane(page: Page, title: string) {
  return page.locator('.part.sidebar .pane', { has: page.locator(`.pane-header[aria-label^="${title}"]`) });
}

/** A webview's content frame that contains `selector`. */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector}`);
    await page.waitForTimeout(100);
  }
}

/** Signs in the way a user does: the welcome view's Sign In button, then the three input boxes. */
export async function signInThroughUi(page: Page, token: string): Promise<void> {
  await clickActivity(page, 'Stitch');
  const sources = viewPane(page, 'Sources');
  await sources.locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).first().click();
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await page.keyboard.press('Enter'); // account name: keep the default
  await page.locator('.quick-input-widget', { hasText: '(2/3)' }).waitFor();
  await page.keyboard.press('Enter'); // base URL: the stitch.defaultBaseUrl setting
  await page.locator('.quick-input-widget', { hasText: '(3/3)' }).waitFor();
  await input.pressSequentially(token);
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts', { hasText: 'Signed in to Stitch' }).waitFor({ timeout: 20_000 });
}

/** A tree row in a view pane, by text. */
export function treeRow(page: Page, view: string, text: string | RegExp) {
  return viewPane(page, view).locator('.monaco-list-row', { hasText: text }).first();
}

/** Clicks an inline action (the icons shown on hover) of a tree row. */
export async function clickRowAction(page: Page, view: string, rowText: string | RegExp, action: string): Promise<void> {
  const row = treeRow(page, view, rowText);
  await row.hover();
  await row.locator(`.action-label[aria-label^="${action}"]`).first().click();
}

/** A notification toast containing `text`. */
export function toast(page: Page, text: string | RegExp) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** Right-clicks a tree row and chooses a context-menu item, as a user does. */
export async function chooseFromContextMenu(page: Page, view: string, rowText: string | RegExp, item: string): Promise<void> {
  await treeRow(page, view, rowText).click({ button: 'right' });
  const entry = page.locator('.context-view .action-item', { hasText: item }).first();
  await entry.waitFor();
  await entry.hover();
  await entry.click();
  // A menu that is still animating can swallow the click: then the highlighted entry takes Enter.
  // Only once the menu has had time to close: an Enter while a clicked menu fades out runs the
  // command a second time without its tree node (a stray "Choose a source" picker over the panel).
  const menu = page.locator('.context-view .monaco-menu');
  const closed = await menu.waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false);
  if (!closed && await menu.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/**
 * Hovers a tree row until a hover matching `hover` shows. A tooltip shown once is kept while the
 * pointer rests, and a row can move under the pointer (a view message arriving above it, a redraw):
 * move away and hover again, as a user would, up to three times.
 */
export async function hoverRowUntil(page: Page, row: Locator, hover: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(700, 450);
    await row.hover();
    if (await hover.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
    if (attempt === 3) { await hover.waitFor({ timeout: 5_000 }); return; }
  }
}

/** Switches between the default light and dark themes, and waits for the workbench to repaint. */
async function toggleTheme(page: Page): Promise<void> {
  const wasDark = await page.locator('.monaco-workbench.vs-dark').count() > 0;
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await page.locator(wasDark ? '.monaco-workbench:not(.vs-dark)' : '.monaco-workbench.vs-dark').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400); // webviews restyle on the theme change message
}

// ---- Keyboard and accessibility helpers (issue 16). They find controls by role and accessible
// name (Playwright's getByRole/getByLabel pierce open shadow roots), never by our classes or tags,
// so they hold whether a panel is built from plain elements or from toolkit web components.

/** A webview content frame in which `find(frame)` matches something. */
export async function findWebviewFrameBy(page: Page, find: (frame: Frame) => Locator, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (await find(frame).count().catch(() => 0) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame matched within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/** Whether the element is the focused one, following focus into shadow roots (host or inner control). */
export function isFocused(target: Locator): Promise<boolean> {
  return target.first().evaluate((el) => {
    if (!document.hasFocus()) return false;
    let active: Element | null = document.activeElement;
    while (active) {
      if (active === el) return true;
      active = active.shadowRoot?.activeElement ?? null;
    }
    return false;
  }).catch(() => false);
}

/** The focused element of a frame, for failure messages: tag, role and the name a user would hear. */
export function describeFocus(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    if (!document.hasFocus()) return '(this frame does not have focus)';
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return '(nothing: the body)';
    const labelled = active.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const labels = (active as HTMLInputElement).labels ? [...((active as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join(' ') : '';
    const name = active.getAttribute('aria-label') ?? (labelled || labels || active.textContent || '');
    return `<${active.tagName.toLowerCase()} role=${active.getAttribute('role') ?? ''}> "${name.trim().replace(/\s+/g, ' ').slice(0, 80)}"`;
  }).catch((error: Error) => `(unreadable: ${error.message})`);
}

/**
 * Presses `key` (Tab or Shift+Tab) until `target` has focus, as a keyboard user moves through a
 * panel. Fails, naming what has focus instead, after `max` presses.
 */
export async function tabTo(page: Page, frame: Frame, target: Locator, options: { key?: 'Tab' | 'Shift+Tab'; max?: number } = {}): Promise<number> {
  const key = options.key ?? 'Tab';
  const max = options.max ?? 30;
  await target.first().waitFor({ timeout: 30_000 });
  for (let presses = 0; ; presses++) {
    if (await isFocused(target)) return presses;
    if (presses === max) throw new Error(`${max} presses of ${key} did not reach the control; focus is on ${await describeFocus(frame)}`);
    await page.keyboard.press(key);
  }
}

/** Runs a command from the palette with the keyboard only: F1, its title typed, Enter on the match. */
export async function runCommandByKeys(page: Page, title: string): Promise<void> {
  // Contributed commands join the palette once the extension host has registered them: a palette
  // opened before that says "No matching commands", so the user closes it and asks again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input:focus').waitFor();
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    if (await row.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
    if (attempt === 3) throw new Error(`the palette offers no command "${title}"`);
    await page.keyboard.press('Escape');
  }
  // A fuzzy match can rank another command first ("Browse Color Themes…" above "Color Theme").
  const focused = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title });
  for (let i = 0; !(await focused.count()); i++) {
    if (i === 10) throw new Error(`Down never reached the command "${title}"`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/** In an open quick pick, types `text` and takes the focused item once it matches `match`. */
export async function pickByKeys(page: Page, text: string, match: string | RegExp = text): Promise<void> {
  await page.locator('.quick-input-widget input.input:focus').waitFor();
  await page.keyboard.type(text);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: match }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Moves the focus in a side-bar tree with the arrow keys until the focused row matches `text`
 * (Home first, then Down, at most `max` rows). The tree must have keyboard focus already.
 */
export async function arrowToRow(page: Page, view: string, text: RegExp, max = 200): Promise<void> {
  const focused = viewPane(page, view).locator('.monaco-list-row.focused');
  await page.keyboard.press('Home');
  for (let i = 0; ; i++) {
    if (await focused.count() > 0 && text.test(await focused.first().getAttribute('aria-label') ?? await focused.first().innerText())) return;
    if (i === max) throw new Error(`no row of ${view} matching ${text} within ${max} presses of ArrowDown`);
    await page.keyboard.press('ArrowDown');
  }
}

/**
 * Puts keyboard focus into a webview that has just been shown. One that doesn't take focus by itself
 * gets it from the palette's "View: Focus Active Editor Group", which a keyboard user has. Returns
 * whether that was needed.
 */
export async function focusWebview(page: Page, frame: Frame): Promise<boolean> {
  const focused = () => frame.evaluate(() => document.hasFocus()).catch(() => false);
  const deadline = Date.now() + 3_000;
  while (!(await focused()) && Date.now() < deadline) await page.waitForTimeout(100);
  if (await focused()) return false;
  await runCommandByKeys(page, 'View: Focus Active Editor Group');
  const again = Date.now() + 10_000;
  while (!(await focused())) {
    if (Date.now() > again) throw new Error('the webview never took keyboard focus');
    await page.waitForTimeout(100);
  }
  return true;
}

/** Signs in with the keyboard: the palette's Stitch: Sign In, Enter twice, the token, Enter. */
export async function signInByKeys(page: Page, token: string): Promise<void> {
  await page.locator('.part.activitybar .action-item a[aria-label^="Stitch"]').first().waitFor({ timeout: 60_000 });
  await runCommandByKeys(page, 'Stitch: Sign In');
  await page.locator('.quick-input-widget input.input').waitFor();
  await page.keyboard.press('Enter'); // account name: the default
  await page.locator('.quick-input-widget', { hasText: '(2/3)' }).waitFor();
  await page.keyboard.press('Enter'); // base URL: the stitch.defaultBaseUrl setting
  await page.locator('.quick-input-widget', { hasText: '(3/3)' }).waitFor();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await toast(page, 'Signed in to Stitch').waitFor({ timeout: 20_000 });
}

/** The workbench's theme-kind class for each colour theme kind. */
const WORKBENCH_THEME_CLASS = { light: 'vs', dark: 'vs-dark', hcDark: 'hc-black', hcLight: 'hc-light' } as const;
export type ThemeKind = keyof typeof WORKBENCH_THEME_CLASS;

/**
 * Chooses a colour theme as a user does: Preferences: Color Theme, the theme's display name typed
 * (`label`, e.g. "Dark High Contrast"), the exact entry taken. Waits for the workbench to wear it and
 * for the choice to reach settings.json as `workbench.colorTheme: id` (e.g. "Default High Contrast").
 */
export async function chooseColorTheme(workbench: Workbench, theme: { id: string; label: string; kind: ThemeKind }): Promise<void> {
  const { page } = workbench;
  await runCommandByKeys(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input.input:focus').waitFor();
  await page.keyboard.type(theme.label);
  // "Dark High Contrast" may rank below a fuzzier match: move down to the exact name.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
  for (let i = 0; ; i++) {
    await focused.first().waitFor();
    if ((await focused.first().innerText()).trim() === theme.label) break;
    if (i === 10) throw new Error(`the theme picker offers no entry named exactly "${theme.label}"`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${WORKBENCH_THEME_CLASS[theme.kind]}`).waitFor({ timeout: 30_000 });
  const file = path.join(workbench.server.userDataDir, 'User', 'settings.json');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (settings['workbench.colorTheme'] === theme.id) return;
    if (Date.now() > deadline) throw new Error(`settings.json says workbench.colorTheme is ${String(settings['workbench.colorTheme'])}, not ${theme.id}`);
    await page.waitForTimeout(200);
  }
}
