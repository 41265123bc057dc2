// Issue 12, point 4, in the real webview: API values that hold markup (a source's display name and
// its connection-check error message) are shown as text in every panel and in the tree's tooltip,
// nothing of them executes, and the page's CSP is strict. The workbench is code-server in headless
// Chromium with the packaged extension, so these are the webviews a user gets.
//
// How the emulator is made to put our text into an error message: its documented check-failure
// convention (test/emulator/README.md, "Check failures on demand") — a Postgres source whose
// `password` contains "invalid" fails its check with `FATAL:  password authentication failed for
// user "<user>"`, echoing the `user` property verbatim. No emulator hook was needed.
import * as assert from 'node:assert/strict';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { repoRoot } from '../support/paths';
import { findWebviewFrame, hoverRowUntil, openWorkbench, runCommand, signInThroughUi, treeRow, type Workbench } from './workbench';
import { writeSecurityFigures as writeFigures } from '../support/securityReport';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '</script><script>window.__pwned=2</script>';
const HOSTILE = `${IMG}${SCRIPT}`;
const DISPLAY_NAME = `PG ${HOSTILE}`;
const SCHEMA_NAME = 'hostile_pg';


interface FrameFacts {
  url: string;
  pwned: unknown;
  onerrorElements: number;
  imgElements: number;
  hostileScripts: number;
  csp: string | null;
  scripts: { src: string; nonce: string; inline: boolean }[];
  text: string;
  values: string[];
  view: string | null;
}

/** What a frame's document holds, read from inside it. */
function facts(frame: Frame): Promise<FrameFacts> {
  return frame.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown };
    const fields = [...document.querySelectorAll('input, textarea')] as (HTMLInputElement | HTMLTextAreaElement)[];
    // The toolkit's text fields keep their value on the host element.
    const hosts = [...document.querySelectorAll('vscode-text-field, vscode-text-area')] as unknown as { value?: string }[];
    return {
      url: location.href,
      pwned: w.__pwned,
      onerrorElements: document.querySelectorAll('[onerror]').length,
      imgElements: document.querySelectorAll('img').length,
      hostileScripts: [...document.scripts].filter((s) => (s.textContent ?? '').includes('__pwned')).length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      scripts: [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce || s.getAttribute('nonce') || '', inline: !s.src })),
      text: document.body?.innerText ?? '',
      values: [...fields.map((f) => f.value), ...hosts.map((h) => String(h.value ?? ''))],
      view: document.body?.getAttribute('data-view') ?? null,
    };
  });
}

/** Every frame of the page (workbench, webview hosts, webview contents) that can be read. */
async function allFacts(page: Page): Promise<FrameFacts[]> {
  const out: FrameFacts[] = [];
  for (const frame of page.frames()) {
    try { out.push(await facts(frame)); } catch { /* a frame detached while we looked */ }
  }
  return out;
}

describe('e2e csp: hostile API text in the real webviews executes nothing', function () {
  this.timeout(300_000);
  let em: RunningEmulator;
  let workbench: Workbench;
  const cspMessages: string[] = [];
  let sourceId: number;
  let detectorWorked = false;
  /** Every frame's facts, read while each panel was visible: VS Code drops a hidden webview's document. */
  const snapshots: FrameFacts[] = [];
  const latestByView = new Map<string, FrameFacts>();
  const snapshot = async (page: Page) => {
    const all = await allFacts(page);
    snapshots.push(...all);
    for (const f of all) if (f.view) latestByView.set(f.view, f);
    return all;
  };

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 1 });
    const headers = { authorization: `Bearer ${em.accounts[0].token}`, 'content-type': 'application/json' };
    // The schema name is given: the display name would derive one of 50+ characters, which Stitch refuses.
    const created = await fetch(`${em.url}/v4/sources`, {
      method: 'POST', headers,
      body: JSON.stringify({ type: 'platform.postgres', display_name: DISPLAY_NAME, name: SCHEMA_NAME, properties: { host: 'db.example.com', port: '5432', database: 'shop', user: HOSTILE, password: 'invalid-password' } }),
    });
    assert.equal(created.status, 200, await created.clone().text());
    sourceId = ((await created.json()) as { id: number }).id;
    await fetch(`${em.url}/__emulator/clock`, { method: 'POST', headers, body: JSON.stringify({ advanceSeconds: 5 }) });
    const check = (await (await fetch(`${em.url}/v4/sources/${sourceId}/last-connection-check`, { headers })).json()) as { status: string; discovery_error_message: string };
    assert.equal(check.status, 'failed');
    assert.ok(check.discovery_error_message.includes(HOSTILE), `the check error holds the hostile text: ${check.discovery_error_message}`);

    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url, 'stitch.autoRefreshSeconds': 0 } });
    workbench.page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) cspMessages.push(message.text());
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-csp-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('the Sources tree shows the display name as text, and its tooltip too', async () => {
    const { page } = workbench;
    await signInThroughUi(page, em.accounts[0].token);
    const row = treeRow(page, 'Sources', 'PG <img');
    await row.waitFor({ timeout: 30_000 });
    assert.ok((await row.innerText()).includes(DISPLAY_NAME), await row.innerText());
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: SCHEMA_NAME }).first();
    // The Sources view's message ("No destination: …") can arrive after the rows and push them down.
    await hoverRowUntil(page, row, hover);
    const tip = await hover.innerText();
    assert.ok(tip.includes(`${DISPLAY_NAME} (platform.postgres)`), `the tooltip shows the name literally: ${tip}`);
    assert.equal(await hover.locator('img').count(), 0, 'no img element in the tooltip');
    await workbench.screenshot('csp-tooltip');
    await page.keyboard.press('Escape');
  });

  it('opens the setup form, the selection and the schedule panels of that source', async () => {
    const { page } = workbench;
    // The tree's click opens the panel that fits the step: the setup form, with the failed check.
    await treeRow(page, 'Sources', 'PG <img').click();
    const form = await findWebviewFrame(page, 'body[data-view="sourceForm"] [data-check-status="failed"]', 60_000);
    await form.locator('[data-check-status="failed"]').waitFor();
    await workbench.screenshot('csp-form');
    const formFacts = await facts(form);
    assert.ok(formFacts.text.includes(`password authentication failed for user "${HOSTILE}"`), `the check error is shown literally: ${formFacts.text.slice(0, 600)}`);
    assert.ok(formFacts.values.includes(DISPLAY_NAME) || formFacts.text.includes(DISPLAY_NAME), `the display name is shown literally: ${JSON.stringify(formFacts.values)}`);
    assert.ok(formFacts.values.includes(HOSTILE), `the user property is shown literally in its field: ${JSON.stringify(formFacts.values)}`);
    await snapshot(page);

    // The password is fixed through the API: the re-check passes and the source waits for its
    // selection, so the selection panel (which offers only discovered sources) can open it.
    const headers = { authorization: `Bearer ${em.accounts[0].token}`, 'content-type': 'application/json' };
    const fixed = await fetch(`${em.url}/v4/sources/${sourceId}`, { method: 'PUT', headers, body: JSON.stringify({ properties: { password: 'right-password' } }) });
    assert.equal(fixed.status, 200, await fixed.clone().text());
    await fetch(`${em.url}/__emulator/clock`, { method: 'POST', headers, body: JSON.stringify({ advanceSeconds: 5 }) });
    await runCommand(page, 'Stitch: Select Streams and Fields');
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'PG <img' }).first().click();
    await findWebviewFrame(page, 'body[data-view="selection"] .sel-stream', 60_000);
    await page.waitForTimeout(1000);
    await snapshot(page);
    await workbench.screenshot('csp-selection');

    await runCommand(page, 'Stitch: Edit Schedule');
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'PG <img' }).first().click();
    await findWebviewFrame(page, 'body[data-view="schedule"] #root > :not(.loading)', 60_000);
    await page.locator('.tabs-container .tab', { hasText: `Schedule: ${DISPLAY_NAME}` }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // let every panel finish rendering what the host sent
    await workbench.screenshot('csp-schedule');
    await snapshot(page);
  });

  it('in every frame: no element with onerror, window.__pwned undefined, no injected script, no CSP violation', async () => {
    const { page } = workbench;
    const all = [...snapshots, ...(await snapshot(page))];
    const contents = [...latestByView.values()];
    assert.deepEqual(contents.map((f) => f.view).sort(), ['schedule', 'selection', 'sourceForm'], 'the three panels\' documents were read');
    assert.ok(all.some((f) => !f.view), 'the workbench and the webview host frames were read too');
    for (const f of all) {
      assert.equal(f.pwned, undefined, `window.__pwned in ${f.url}`);
      assert.equal(f.onerrorElements, 0, `an element with onerror in ${f.url}`);
      assert.equal(f.hostileScripts, 0, `an injected script in ${f.url}`);
    }
    for (const f of contents) assert.equal(f.imgElements, 0, `an img element in the ${f.view} panel`);
    // The hostile text is on screen as text: the form's check error (above), the schedule's tab title,
    // and the Source tree's row; the selection panel names the source by its schema name.
    const shownLiterally = contents.filter((f) => f.text.includes(HOSTILE) || f.values.some((v) => v.includes(HOSTILE))).map((f) => f.view);
    assert.ok(shownLiterally.includes('sourceForm'), JSON.stringify(shownLiterally));
    writeFigures(repoRoot, 'cspRealWebview', {
      hostileValues: ['display name', 'connection-check error message', 'user property'],
      panels: contents.map((f) => f.view).sort(), tooltipChecked: true,
      frameReads: all.length, pwnedFrames: all.filter((f) => f.pwned !== undefined).length,
      onerrorElements: all.reduce((n, f) => n + f.onerrorElements, 0), cspViolations: cspMessages.length,
    });
    assert.deepEqual(cspMessages, [], 'no CSP violation was reported: nothing tried to run inline');
  });

  it('the detector works: an inline script injected into a panel is refused by its CSP and reported', async () => {
    const { page } = workbench;
    const panel = await findWebviewFrame(page, 'body[data-view="schedule"]');
    const before = cspMessages.length;
    await panel.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__probe = 1';
      document.body.append(s);
    });
    const deadline = Date.now() + 10_000;
    while (cspMessages.length === before && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(await panel.evaluate(() => (window as unknown as { __probe?: unknown }).__probe), undefined, 'the probe did not run');
    assert.ok(cspMessages.length > before, 'the refusal reached the console listener');
    assert.match(cspMessages[cspMessages.length - 1], /inline script|inline execution/);
    detectorWorked = true;
  });

  it('each panel\'s document has a CSP meta without unsafe-eval or inline script, and its one script carries the nonce', async () => {
    const contents = [...latestByView.values()];
    assert.equal(contents.length, 3);
    const figures: Record<string, unknown> = {};
    for (const f of contents) {
      assert.ok(f.csp, `${f.view}: a CSP meta tag`);
      assert.doesNotMatch(f.csp, /unsafe-eval/, f.view!);
      const scriptSrc = /script-src ([^;]+)/.exec(f.csp)?.[1]?.trim() ?? '';
      assert.match(scriptSrc, /^'nonce-[A-Za-z0-9_-]{16,}'$/, `${f.view}: scripts by nonce only (${scriptSrc})`);
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
      const ours = f.scripts.filter((s) => !s.inline);
      assert.equal(ours.length, 1, `${f.view}: ${JSON.stringify(f.scripts)}`);
      assert.equal(ours[0].nonce, nonce, `${f.view}: the script carries the page's nonce`);
      assert.match(ours[0].src, /\/dist\/webview\.js(\?|$)/, `${f.view}: the script comes from dist/`);
      // Styles: our folders and one nonce (the toolkit's probe), never 'unsafe-inline', never the script's nonce.
      const styleSrc = /style-src ([^;]+)/.exec(f.csp)?.[1]?.trim() ?? '';
      assert.doesNotMatch(styleSrc, /unsafe-inline/, `${f.view}: style-src without 'unsafe-inline' (${styleSrc})`);
      assert.doesNotMatch(styleSrc, new RegExp(`'nonce-${nonce}'`), `${f.view}: the style nonce is not the script nonce`);
      figures[f.view!] = { scriptSrc: "'nonce-…'", unsafeEval: false, scriptsWithNonce: ours.length };
    }
    writeFigures(repoRoot, 'cspRealWebview', { documents: figures, detectorProbeRefusedAndReported: detectorWorked });
  });
});
