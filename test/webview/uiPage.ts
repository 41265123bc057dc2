// A page for the component layer's tests: test/webview/uiFixture.ts bundled by esbuild (in memory)
// and served under the panels' CSP *without* style-src 'unsafe-inline', with the panels' stylesheet.
// Every securitypolicyviolation the page raises is recorded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchChromium } from '../support/codeServer';
import { repoRoot } from '../support/paths';

/** The policy src/panels/webviewHtml.ts sets, with the test origin as cspSource (and a fixed style nonce). */
export const STYLE_NONCE = 'uiTestStyleNonce';
export const STRICT_CSP = `default-src 'none'; script-src http://webview.test; style-src http://webview.test 'nonce-${STYLE_NONCE}'; img-src http://webview.test data:; font-src http://webview.test`;

let bundle: string | undefined;
let browser: Browser | undefined;

async function fixtureBundle(): Promise<string> {
  if (bundle) return bundle;
  const out = await esbuild.build({
    entryPoints: [path.join(__dirname, 'uiFixture.ts')], bundle: true, write: false, format: 'iife',
    platform: 'browser', target: 'chrome120', absWorkingDir: repoRoot, logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  return bundle;
}

export interface UiPage {
  page: Page;
  /** Page errors and console errors. */
  errors: string[];
  /** CSP violations: "directive blocked-uri sample". */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** What differs between the two pages: the script served, what runs before it, the <body>. */
export interface StrictPageSpec {
  /** Served at http://webview.test/<scriptName>. */
  scriptName: string;
  script: string | Buffer;
  initScripts: readonly string[];
  title: string;
  lang?: string;
  /** The <body>'s attributes (besides data-l10n) and content, before the script tag. */
  bodyAttributes: string;
  bodyContent: string;
  l10n?: Record<string, string>;
}

/**
 * A page under the panels' strict CSP (no style 'unsafe-inline', a style nonce in <meta
 * property="csp-nonce">) with the panels' stylesheet and codicons; page errors, console errors and
 * CSP violations are recorded.
 */
export async function openStrictPage(spec: StrictPageSpec): Promise<UiPage> {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  // tsx compiles the tests' page.evaluate callbacks with esbuild's keepNames, which calls __name.
  await page.addInitScript('window.__name = (f) => f;');
  for (const init of spec.initScripts) await page.addInitScript(init);
  await page.addInitScript(`window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`);
  const l10n = JSON.stringify(spec.l10n ?? {}).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  await page.route('http://webview.test/**', async (route) => {
    const url = route.request().url().replace(/[?#].*$/, '');
    if (url.endsWith(`/${spec.scriptName}`)) return route.fulfill({ contentType: 'text/javascript', body: spec.script });
    if (url.endsWith('/webview.css')) return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(path.join(repoRoot, 'media', 'webview.css')) });
    if (url.endsWith('/codicon.css')) return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(path.join(repoRoot, 'node_modules', '@vscode', 'codicons', 'dist', 'codicon.css')) });
    if (url.endsWith('/codicon.ttf')) return route.fulfill({ contentType: 'font/ttf', body: fs.readFileSync(path.join(repoRoot, 'node_modules', '@vscode', 'codicons', 'dist', 'codicon.ttf')) });
    return route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': STRICT_CSP },
      body: `<!doctype html><html lang="${spec.lang ?? 'en'}"><head><meta charset="utf-8"><meta property="csp-nonce" content="${STYLE_NONCE}"><title>${spec.title}</title>` +
        '<link rel="stylesheet" href="http://webview.test/webview.css"><link rel="stylesheet" href="http://webview.test/codicon.css"></head>' +
        `<body ${spec.bodyAttributes}data-l10n="${l10n}">${spec.bodyContent}<script src="http://webview.test/${spec.scriptName}"></script></body></html>`,
    });
  });
  await page.goto('http://webview.test/index.html');
  return {
    page,
    errors,
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    close: () => page.close(),
  };
}

export async function openUiPage(options: { l10n?: Record<string, string>; lang?: string } = {}): Promise<UiPage> {
  const ui = await openStrictPage({
    scriptName: 'ui.js', script: await fixtureBundle(), initScripts: [], title: 'ui', bodyAttributes: '', bodyContent: '<main id="root"></main>',
    ...(options.l10n ? { l10n: options.l10n } : {}), ...(options.lang ? { lang: options.lang } : {}),
  });
  await ui.page.waitForFunction(() => 'ui' in window);
  return ui;
}

const FAKE_API = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });`;

export interface PanelPage extends UiPage {
  posted(): Promise<Array<Record<string, unknown>>>;
  send(message: unknown): Promise<void>;
}

/**
 * A panel from the built dist/webview.js, in a page shaped like src/panels/webviewHtml.ts's: the
 * same CSP (no 'unsafe-inline' for styles, a style nonce in <meta property="csp-nonce">), the panels'
 * stylesheet and codicons, <body data-view data-l10n>, and a fake acquireVsCodeApi.
 */
export async function openPanelPage(view: string, options: { state?: unknown; l10n?: Record<string, string> } = {}): Promise<PanelPage> {
  const bundlePath = path.join(repoRoot, 'dist', 'webview.js');
  if (!fs.existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run npm run build`);
  const panel = await openStrictPage({
    scriptName: 'webview.js', script: fs.readFileSync(bundlePath), title: view,
    initScripts: [`${FAKE_API}; window.__state = JSON.parse(${JSON.stringify(JSON.stringify(options.state ?? null))}) ?? undefined;`],
    bodyAttributes: `data-view="${view}" `, bodyContent: '<div id="root" aria-live="polite"><p class="loading">Loading…</p></div>',
    ...(options.l10n ? { l10n: options.l10n } : {}),
  });
  const { page } = panel;
  return {
    ...panel,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted),
    send: (message) => page.evaluate((m) => { window.postMessage(m, '*'); }, message),
  };
}

export async function closeUiBrowser(): Promise<void> {
  if (browser) await closeBrowser(browser);
  browser = undefined;
}

export interface AxNode { role: string; name: string; description: string; invalid: boolean; focused: boolean; checked?: string; value?: string }

/** Chromium's accessibility tree (what a screen reader gets), flattened, after pending renders. */
export async function accessibleNodes(page: Page): Promise<AxNode[]> {
  // The toolkit renders attribute changes on the next frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree') as unknown as { nodes: Array<Record<string, any>> };
    return nodes.filter((n) => !n.ignored).map((n) => {
      const prop = (name: string): unknown => (n.properties as Array<{ name: string; value: { value: unknown } }> | undefined)?.find((p) => p.name === name)?.value.value;
      return {
        role: String(n.role?.value ?? ''), name: String(n.name?.value ?? ''), description: String(n.description?.value ?? ''),
        invalid: prop('invalid') === 'true', focused: prop('focused') === true,
        ...(prop('checked') !== undefined ? { checked: String(prop('checked')) } : {}),
        ...(n.value?.value !== undefined ? { value: String(n.value.value) } : {}),
      };
    });
  } finally {
    await cdp.detach();
  }
}

/** The one node with this role and name; fails listing what there is otherwise. */
export async function accessibleNode(page: Page, role: string, name: string): Promise<AxNode> {
  const nodes = await accessibleNodes(page);
  const found = nodes.filter((n) => n.role === role && n.name === name);
  if (found.length !== 1) throw new Error(`${found.length} ${role} nodes named "${name}"; named nodes: ${nodes.filter((n) => n.name).map((n) => `${n.role} "${n.name}"`).join(', ')}`);
  return found[0]!;
}
