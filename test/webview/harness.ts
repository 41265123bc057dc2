// Loads the built dist/webview.js into real headless Chromium, with a fake acquireVsCodeApi that
// records what the webview posts and lets a test post host messages to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchChromium } from '../support/codeServer';
import { repoRoot } from '../support/paths';

export const webviewBundle = path.join(repoRoot, 'dist', 'webview.js');

const FAKE_API = `
  window.__posted = [];
  window.__state = undefined;
  window.__acquired = 0;
  window.acquireVsCodeApi = () => {
    window.__acquired++;
    if (window.__acquired > 1) throw new Error('acquireVsCodeApi called twice');
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
    };
  };`;

export interface WebviewHarness {
  page: Page;
  posted(): Promise<Array<Record<string, unknown>>>;
  send(message: unknown): Promise<void>;
  errors: string[];
  close(): Promise<void>;
}

let browser: Browser | undefined;

export async function openWebview(options: { state?: unknown; bodyAttributes?: string } = {}): Promise<WebviewHarness> {
  if (!fs.existsSync(webviewBundle)) throw new Error(`${webviewBundle} is missing: run npm run build`);
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  // Restored as VS Code restores it (JSON.parse of the saved text): a `__proto__` key stays a key.
  await page.addInitScript(`${FAKE_API}; window.__state = JSON.parse(${JSON.stringify(JSON.stringify(options.state ?? null))}) ?? undefined;`);
  // The same CSP the host sets (no inline script, no eval); the bundle is added by route.
  await page.route('http://webview.test/**', async (route) => {
    const url = route.request().url();
    if (url.endsWith('/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(webviewBundle) });
    // The panels' own stylesheet, as the host links it: layout and visibility depend on it.
    if (url.endsWith('/webview.css')) return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(path.join(repoRoot, 'media', 'webview.css')) });
    return route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': "default-src 'none'; script-src http://webview.test; style-src http://webview.test 'unsafe-inline'; img-src http://webview.test data:; font-src http://webview.test" },
      body: `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="http://webview.test/webview.css"></head><body ${options.bodyAttributes ?? ''}><div id="root"></div><script src="http://webview.test/webview.js"></script></body></html>`,
    });
  });
  await page.goto('http://webview.test/index.html');
  return {
    page,
    errors,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted),
    send: (message) => page.evaluate((m) => { window.postMessage(m, '*'); }, message),
    close: () => page.close(),
  };
}

export async function closeHarnessBrowser(): Promise<void> {
  if (browser) await closeBrowser(browser);
  browser = undefined;
}
