// Reading and filling the setup form's controls, whichever element the component layer made them
// from: a toolkit field (its <input> lives in its shadow root) or a platform input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { closeBrowser, launchChromium } from '../support/codeServer';
import { repoRoot } from '../support/paths';
import { webviewBundle } from './harness';
import { STRICT_CSP, STYLE_NONCE } from './uiPage';
import { applyTheme, type ThemeName } from './uiTheme';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { destinationFormState } from '../../src/panels/destinationForm/logic';
import { formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import { FIXTURES_DIR, sourceTypes } from '../unit/core/fixtures';
import type { WebviewHarness } from './harness';

const byId = (id: string) => `[id="${id.replace(/"/g, '\\"')}"]`;

/** The control's value, as the form reads it (`.value` on the toolkit element or the input). */
export function valueOf(view: WebviewHarness, id: string): Promise<string> {
  return view.page.$eval(byId(id), (el) => String((el as HTMLInputElement).value ?? ''));
}

/** Fills a control as typing would (Playwright's fill on the real <input>). */
export async function fillField(view: WebviewHarness, id: string, value: string): Promise<void> {
  const native = await view.page.$eval(byId(id), (el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement);
  await view.page.fill(native ? byId(id) : `${byId(id)} input`, value);
}

/** The ids that describe a control: its aria-describedby, or its inner input's element references. */
export function describedBy(view: WebviewHarness, id: string): Promise<string[]> {
  return view.page.$eval(byId(id), (el) => {
    const inner = el.shadowRoot?.querySelector('input') as (HTMLInputElement & { ariaDescribedByElements?: Element[] | null }) | null | undefined;
    const refs = inner?.ariaDescribedByElements?.map((e) => e.id) ?? [];
    return [...(el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean), ...refs];
  });
}

/** Disabled as the form means it: a disabled control (a toolkit button matches :disabled as a form control). */
export function isDisabled(view: WebviewHarness, selector: string): Promise<boolean> {
  return view.page.$eval(selector, (el) => el.matches(':disabled'));
}

/** An error line shows (it has text and is displayed). */
export function errorShown(view: WebviewHarness, name: string): Promise<void> {
  return view.page.waitForFunction((n) => {
    const el = document.getElementById(`e-${n}`);
    return Boolean(el && (el.textContent ?? '') !== '' && getComputedStyle(el).display !== 'none');
  }, name).then(() => undefined);
}

/** The id of the focused control (the toolkit element, not its inner input). */
export function focusedId(view: WebviewHarness): Promise<string | undefined> {
  return view.page.evaluate(() => document.activeElement?.id);
}

// ---- The form under the panels' real policy (no style-src 'unsafe-inline'), optionally themed ----


export interface FormPage extends WebviewHarness {
  /** CSP violations the page raised ("directive blocked-uri sample"). */
  cspViolations(): Promise<string[]>;
}

let strictBrowser: Browser | undefined;

const FAKE_API = `
  window.__name = (f) => f;
  window.__posted = []; window.__state = undefined; window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });`;

/** The built bundle's form view under the panels' CSP, with the host's first state posted and rendered. */
export async function openStrictForm(state: SourceFormState, options: { theme?: ThemeName } = {}): Promise<FormPage> {
  strictBrowser ??= await launchChromium();
  const page = await strictBrowser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.addInitScript(FAKE_API);
  const file = (rel: string) => fs.readFileSync(path.join(repoRoot, rel));
  await page.route('http://webview.test/**', async (route) => {
    const url = route.request().url().replace(/[?#].*$/, '');
    if (url.endsWith('/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(webviewBundle) });
    if (url.endsWith('/webview.css')) return route.fulfill({ contentType: 'text/css', body: file('media/webview.css') });
    if (url.endsWith('/codicon.css')) return route.fulfill({ contentType: 'text/css', body: file('node_modules/@vscode/codicons/dist/codicon.css') });
    if (url.endsWith('/codicon.ttf')) return route.fulfill({ contentType: 'font/ttf', body: file('node_modules/@vscode/codicons/dist/codicon.ttf') });
    return route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': STRICT_CSP },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta property="csp-nonce" content="${STYLE_NONCE}"><title>form</title>` +
        '<link rel="stylesheet" href="http://webview.test/webview.css"><link rel="stylesheet" href="http://webview.test/codicon.css"></head>' +
        '<body data-view="sourceForm" data-l10n="{}"><div id="root" aria-live="polite"></div><script src="http://webview.test/webview.js"></script></body></html>',
    });
  });
  await page.goto('http://webview.test/index.html');
  if (options.theme) await applyTheme(page, options.theme);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  const send = (message: unknown) => page.evaluate((m) => { window.postMessage(m, '*'); }, message);
  await send({ type: 'event', name: 'sourceForm/state', payload: state });
  await page.waitForSelector('form.sf-form, #status');
  return {
    page, errors, send,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    close: () => page.close(),
  };
}

export async function closeStrictBrowser(): Promise<void> {
  if (strictBrowser) await closeBrowser(strictBrowser);
  strictBrowser = undefined;
}

type Posted = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

/** The latest request of a method the page posted (and matching `predicate`), waiting up to 5 s. */
export async function waitForRequest(view: WebviewHarness, method: string, predicate: (m: Posted) => boolean = () => true): Promise<Posted> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = ((await view.posted()) as Posted[]).filter((m) => m.type === 'request' && m.method === method).filter(predicate).pop();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${method} request`);
    await view.page.waitForTimeout(25);
  }
}

// ---- States the host would send, from the real cards in ../shared/fixtures/stitch-docs ----------


/** A new source's form state for a real card of source-types.json (undefined when the fixtures are absent). */
export function newSourceState(type: string, extra: Partial<SourceFormState> = {}): SourceFormState | undefined {
  const card = sourceTypes?.find((c) => c.type === type);
  if (!card) return undefined;
  const model = buildFormModel(card, { mode: 'create' });
  return {
    key: { kind: 'new', sourceType: card.type }, mode: 'create', sourceType: card.type, typeLabel: card.type, title: `New ${card.type} Source`, stage: 'form',
    steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true, formStepTypes: formStepTypes(model),
    values: initialValues(model, undefined), displayName: '', canSelectStreams: false, subject: 'source', ...extra,
  };
}

/** The documented Postgres destination card (the list-destination-types example). */
export function docsPostgresCard(): ReportCard | undefined {
  const file = path.join(FIXTURES_DIR, 'connect-api-examples.json');
  if (!fs.existsSync(file)) return undefined;
  const examples = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { examples: Array<{ type?: string; code?: string }> }>;
  const code = examples['destination-types/list-destination-types.md']?.examples.find((e) => e.type === 'Response')?.code;
  return (JSON.parse(code ?? '[]') as ReportCard[]).find((c) => c.type === 'postgres');
}

/** The state the destination panel sends for a new Postgres destination (its own host logic). */
export function newPostgresState(card: ReportCard): SourceFormState {
  return destinationFormState({
    key: { kind: 'new', destinationType: 'postgres' }, type: 'postgres', model: buildFormModel(card, { mode: 'create' }), destination: undefined,
    title: 'New PostgreSQL Destination', stage: 'form', busy: false, check: undefined, banner: undefined, fieldErrors: undefined, resetDraft: false,
  });
}
