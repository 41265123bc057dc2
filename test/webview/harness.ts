// Loads the built dist/webview.js into real headless Chromium, with a fake acquireVsCodeApi that
// records what the webview posts and lets a test post host messages to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/paths';
import { closeUiBrowser, openStrictPage } from './uiPage';

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

/**
 * A panel from the built bundle under the host's strict CSP (see uiPage.ts's openStrictPage: no inline
 * script, no inline style but the toolkit's nonced one), with the fake VS Code API above.
 */
export async function openWebview(options: { state?: unknown; bodyAttributes?: string } = {}): Promise<WebviewHarness> {
  if (!fs.existsSync(webviewBundle)) throw new Error(`${webviewBundle} is missing: run npm run build`);
  const view = await openStrictPage({
    scriptName: 'webview.js', script: fs.readFileSync(webviewBundle), title: 'webview',
    // Restored as VS Code restores it (JSON.parse of the saved text): a `__proto__` key stays a key.
    initScripts: [`${FAKE_API}; window.__state = JSON.parse(${JSON.stringify(JSON.stringify(options.state ?? null))}) ?? undefined;`],
    bodyAttributes: options.bodyAttributes ? `${options.bodyAttributes} ` : '', bodyContent: '<div id="root"></div>',
  });
  const { page } = view;
  return {
    page,
    errors: view.errors,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted),
    send: (message) => page.evaluate((m) => { window.postMessage(m, '*'); }, message),
    close: () => view.close(),
  };
}

/** The pages share uiPage.ts's browser. */
export async function closeHarnessBrowser(): Promise<void> {
  await closeUiBrowser();
}
