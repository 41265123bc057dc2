// Issue 16, every theme: the three panels (setup form, stream selection, schedule editor) in Light,
// Dark, High Contrast and High Contrast Light, in the real workbench. For each panel and theme it
// takes a screenshot of the editor area (`<panel>-theme-<kind>.png`; the README's high-contrast pair
// comes from these) and checks, inside the webview, that the page's text and background colours are
// the theme's own (--vscode-* variables resolved in that frame), that they change with the theme, and
// that a control reached with Tab wears a visible focus ring in the theme's focus colour. Controls are
// found by role and name, so the checks hold on toolkit web components too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import {
  arrowToRow, chooseColorTheme, describeFocus, findWebviewFrameBy, focusWebview, openWorkbench, pickByKeys, runCommandByKeys, screenshotsDir,
  signInByKeys, tabTo, type ThemeKind, type Workbench,
} from './workbench';

const TOKEN = 'themes-token';
const SOURCE_NAME = 'Recurly Themes';
// `theme` is the workbench.colorTheme value; `label` the name the theme picker shows.
const THEMES: Array<{ theme: string; label: string; kind: ThemeKind; file: string; webviewKind: string }> = [
  { theme: 'Default Light Modern', label: 'Light Modern', kind: 'light', file: 'light', webviewKind: 'vscode-light' },
  { theme: 'Default Dark Modern', label: 'Dark Modern', kind: 'dark', file: 'dark', webviewKind: 'vscode-dark' },
  { theme: 'Default High Contrast', label: 'Dark High Contrast', kind: 'hcDark', file: 'hc-dark', webviewKind: 'vscode-high-contrast' },
  { theme: 'Default High Contrast Light', label: 'Light High Contrast', kind: 'hcLight', file: 'hc-light', webviewKind: 'vscode-high-contrast-light' },
];

interface Panel {
  name: 'form' | 'selection' | 'schedule';
  /** Its editor tab's title. */
  tab: string | RegExp;
  /** Something only this panel's frame holds, found by role or label. */
  marker: (frame: Frame) => Locator;
}
const PANELS: Panel[] = [
  { name: 'form', tab: 'New Recurly Source', marker: (f) => f.getByLabel(/^Display name/) },
  { name: 'selection', tab: /^Streams:/, marker: (f) => f.getByRole('tree') },
  { name: 'schedule', tab: /^Schedule:/, marker: (f) => f.getByRole('button', { name: /Save Schedule/ }) },
];

interface Indicator { element: string; kind: 'outline' | 'box-shadow' | 'border'; text: string; colors: string[] }

interface Look {
  themeKind: string | null;
  color: string; background: string;
  /** The theme's variables as this frame resolves them. */
  vars: Record<string, string>;
  /** What the focused control (and its shadow parts) draws around itself. */
  indicators: Indicator[];
  /** The focused element's type attribute (date and time inputs are special, see ringProblems). */
  focusedType: string | null;
  /** The focused control, described for messages. */
  focused?: string;
}

/** What the panel's document shows: body colours, the theme variables, and the focused control's ring. */
function look(frame: Frame): Promise<Look> {
  return frame.evaluate(() => {
    const probe = document.createElement('div');
    document.body.append(probe);
    // Each variable resolved to rgb() the way the page resolves colours (no named helpers in here:
    // the test runner's transpiler would wrap them in a function the page doesn't have).
    const vars: Record<string, string> = {};
    for (const name of ['--vscode-foreground', '--vscode-editor-foreground', '--vscode-editor-background', '--vscode-focusBorder', '--vscode-contrastActiveBorder', '--vscode-list-focusOutline']) {
      probe.style.color = `var(${name})`;
      vars[name] = getComputedStyle(document.documentElement).getPropertyValue(name).trim() ? getComputedStyle(probe).color : '';
    }
    probe.remove();
    const body = getComputedStyle(document.body);
    // The focus path: the focused element, and inside each shadow root its focused part.
    const path: Element[] = [];
    let active: Element | null = document.hasFocus() ? document.activeElement : null;
    while (active && active !== document.body) {
      path.push(active);
      active = active.shadowRoot?.activeElement ?? null;
    }
    // The ring may be drawn by the focused element or, in a web component, by a part of its shadow
    // tree: an outline, a box-shadow, or a border (which counts only in the theme's focus colour).
    const candidates = path.flatMap((el) => [el, ...(el.shadowRoot ? [...el.shadowRoot.querySelectorAll('*')] : [])]);
    const indicators: Indicator[] = [];
    for (const el of candidates) {
      const s = getComputedStyle(el);
      const element = `<${el.tagName.toLowerCase()}>`;
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) indicators.push({ element, kind: 'outline', text: `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`, colors: [s.outlineColor] });
      if (s.boxShadow !== 'none') indicators.push({ element, kind: 'box-shadow', text: s.boxShadow, colors: s.boxShadow.match(/rgba?\([^)]*\)/g) ?? [] });
      if (s.borderTopStyle !== 'none' && parseFloat(s.borderTopWidth) > 0) indicators.push({ element, kind: 'border', text: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`, colors: [s.borderTopColor] });
    }
    const focusedType = path.length > 0 ? path[path.length - 1]!.getAttribute('type') : null;
    return { themeKind: document.body.getAttribute('data-vscode-theme-kind'), color: body.color, background: body.backgroundColor, vars, indicators, focusedType };
  });
}

describe('e2e themes: every panel in Light, Dark, High Contrast and High Contrast Light', function () {
  this.timeout(300_000);
  let em: RunningEmulator;
  let workbench: Workbench;
  /** panel → theme file → what it showed */
  const seen = new Map<string, Map<string, Look>>();
  /** panel → every later stop of its tab order, in each theme */
  const tour = new Map<string, Array<{ theme: string; look: Look }>>();

  before(async () => {
    em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 1, tokens: [TOKEN] });
    // A Recurly source whose check passed: it has streams to select and a schedule to edit.
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${em.url}/v4/sources`, {
      method: 'POST', headers,
      body: JSON.stringify({ type: 'platform.recurly', display_name: SOURCE_NAME, properties: { subdomain: 'acme', api_key: 'themes-key', quota_limit: '50', start_date: '2024-01-01T00:00:00Z', frequency_in_minutes: '60' } }),
    });
    assert.equal(created.status, 200, await created.clone().text());
    await fetch(`${em.url}/__emulator/clock`, { method: 'POST', headers, body: JSON.stringify({ advanceSeconds: 5 }) });
    workbench = await openWorkbench({ settings: { 'stitch.defaultBaseUrl': em.url, 'workbench.colorTheme': 'Default Light Modern' } });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`FAILED-themes-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await em?.close();
  });

  it('opens the three panels: a new Recurly form, the source\'s stream selection and its schedule', async () => {
    const { page } = workbench;
    await signInByKeys(page, TOKEN);
    await runCommandByKeys(page, 'Stitch: Focus on Source Types View');
    await arrowToRow(page, 'Source Types', /^Recurly/);
    await page.keyboard.press('Enter');
    const form = await findWebviewFrameBy(page, PANELS[0].marker, 30_000);
    await focusWebview(page, form);
    // The form opens with its first field focused; Tab only if focus is elsewhere.
    await tabTo(page, form, form.getByLabel(/Display name/));
    await page.keyboard.type('Recurly Production');

    await runCommandByKeys(page, 'Stitch: Select Streams and Fields');
    await pickByKeys(page, SOURCE_NAME);
    await findWebviewFrameBy(page, (f) => f.getByRole('treeitem').filter({ hasText: 'accounts' }), 30_000);

    await runCommandByKeys(page, 'Stitch: Edit Schedule');
    await pickByKeys(page, SOURCE_NAME);
    await findWebviewFrameBy(page, PANELS[2].marker, 30_000);
    for (const panel of PANELS) await page.locator('.tabs-container .tab', { hasText: panel.tab }).first().waitFor();
  });

  for (const t of THEMES) {
    it(`${t.theme}: each panel wears the theme's text and background colours; screenshots`, async () => {
      const { page } = workbench;
      await chooseColorTheme(workbench, { id: t.theme, label: t.label, kind: t.kind });
      for (const panel of PANELS) {
        await page.locator('.tabs-container .tab', { hasText: panel.tab }).first().click();
        const frame = await findWebviewFrameBy(page, panel.marker, 30_000);
        await waitForThemeKind(page, frame, t.webviewKind);
        await focusWebview(page, frame);
        await focusSomeControl(page, frame);
        const now = await settledLook(frame);
        now.focused = await describeFocus(frame);
        await page.locator('.part.editor').screenshot({ path: screenshot(`${panel.name}-theme-${t.file}`) });
        if (!seen.has(panel.name)) seen.set(panel.name, new Map());
        seen.get(panel.name)!.set(t.file, now);
        // Then every further stop of the tab order, until Tab leaves the webview.
        const stops = tour.get(panel.name) ?? [];
        tour.set(panel.name, stops);
        for (let i = 0; i < MAX_STOPS; i++) {
          await page.keyboard.press('Tab');
          if (!(await frame.evaluate(() => document.hasFocus()).catch(() => false))) break;
          const stop = await settledLook(frame);
          stop.focused = await describeFocus(frame);
          stops.push({ theme: t.file, look: stop });
        }
        const where = `${panel.name} in ${t.theme}`;
        assert.equal(now.themeKind, t.webviewKind, where);
        for (const name of ['--vscode-foreground', '--vscode-editor-background', '--vscode-focusBorder']) assert.ok(now.vars[name], `${where}: the webview has ${name}`);
        assert.ok([now.vars['--vscode-foreground'], now.vars['--vscode-editor-foreground']].includes(now.color), `${where}: the text colour ${now.color} is the theme's foreground ${JSON.stringify(now.vars)}`);
        assert.equal(now.background, now.vars['--vscode-editor-background'], `${where}: the background is the theme's editor background`);
      }
    });
  }

  for (const panel of PANELS) {
    it(`${panel.name}: the control Tab reaches first shows a focus ring in the theme's focus colour, contrasting 3:1 with the page, in every theme`, () => {
      const looks = seen.get(panel.name);
      assert.equal(looks?.size, THEMES.length, `${panel.name}: seen in every theme`);
      const problems = [...looks].flatMap(([theme, l]) => ringProblems(l).map((p) => `${theme}: ${l.focused} ${p.kind} (${p.detail})`));
      assert.deepEqual(problems, [], `${panel.name}: ${problems.join('; ')}`);
    });
  }

  for (const panel of PANELS) {
    it(`${panel.name}: so does every further control of its tab order, in every theme`, () => {
      const stops = tour.get(panel.name) ?? [];
      assert.ok(stops.length >= THEMES.length, `${panel.name}: Tab reached further controls (${stops.length} stops)`);
      const controls = new Set(stops.map((st) => st.look.focused));
      console.log(`      ${panel.name}: ${stops.length} tab stops after the first in four themes, ${controls.size} distinct controls`);
      // One line per control and problem, with the details in each theme it happens in.
      const byProblem = new Map<string, Map<string, string>>();
      for (const { theme, look: l } of stops) {
        for (const p of ringProblems(l)) {
          const key = `${l.focused}: ${p.kind}`;
          byProblem.set(key, (byProblem.get(key) ?? new Map<string, string>()).set(theme, p.detail));
        }
      }
      const problems = [...byProblem].map(([problem, themes]) => `${problem} [${[...themes].map(([theme, detail]) => `${theme}${detail ? `: ${detail}` : ''}`).join('; ')}]`);
      assert.deepEqual(problems, [], `${panel.name}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    });
  }

  it('each panel\'s colours differ from theme to theme: four themes, four looks', () => {
    for (const panel of PANELS) {
      const looks = seen.get(panel.name);
      assert.equal(looks?.size, THEMES.length, `${panel.name}: seen in every theme`);
      const pairs = new Set([...looks.values()].map((l) => `${l.color} on ${l.background}`));
      assert.equal(pairs.size, THEMES.length, `${panel.name}: ${JSON.stringify([...looks.entries()].map(([k, l]) => [k, l.color, l.background]))}`);
      // High contrast dark is white on black; high contrast light is dark on white.
      assert.equal(looks.get('hc-dark')!.background, 'rgb(0, 0, 0)', `${panel.name}: High Contrast's background`);
      assert.equal(looks.get('hc-light')!.background, 'rgb(255, 255, 255)', `${panel.name}: High Contrast Light's background`);
    }
  });
});

/** Tab stops visited after the first, per panel and theme (the form has about 20). */
const MAX_STOPS = 40;

/**
 * What is wrong with a focused control's ring, each as a kind (for grouping) and a detail: none
 * drawn, not in the theme's focus colour, or under 3:1 against the page (WCAG 1.4.11). A border
 * counts only in the focus colour.
 */
function ringProblems(l: Look): Array<{ kind: string; detail: string }> {
  const focusColours = [...new Set([l.vars['--vscode-focusBorder'], l.vars['--vscode-contrastActiveBorder'], l.vars['--vscode-list-focusOutline']].filter(Boolean))];
  const rings = l.indicators.filter((i) => i.kind !== 'border' || i.colors.some((c) => focusColours.includes(c)));
  // A native date or time input marks its focused part (day, month, hour…) inside the browser's
  // own shadow tree, which the page can't read: with no ring on the element, that is not counted.
  if (rings.length === 0) return /^(date|datetime-local|time|month|week)$/.test(l.focusedType ?? '') ? [] : [{ kind: 'shows no outline, box-shadow or focus-coloured border', detail: '' }];
  const problems: Array<{ kind: string; detail: string }> = [];
  const themed = rings.filter((i) => i.colors.some((c) => focusColours.includes(c)));
  if (themed.length === 0) problems.push({ kind: 'ring not in the theme\'s focus colour', detail: `${rings.map((i) => `${i.kind} ${i.text} on ${i.element}`).join(', ')} vs ${focusColours.join(' / ')}` });
  const best = Math.max(...(themed.length > 0 ? themed : rings).flatMap((i) => i.colors).map((c) => contrast(c, l.background)));
  if (!(best >= 3)) problems.push({ kind: 'ring under 3:1 against the page', detail: `${best.toFixed(2)}:1 on ${l.background}` });
  return problems;
}

/** WCAG contrast ratio of two computed colours (`rgb(r, g, b)` or `rgba(…)`; alpha ignored). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string): number => {
    const [r, g, bl] = (colour.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function screenshot(name: string): string {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  return path.join(screenshotsDir, `${name}.png`);
}

/** Waits until VS Code has told the webview about the theme (its body's theme kind). */
async function waitForThemeKind(page: Page, frame: Frame, kind: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await frame.evaluate(() => document.body.getAttribute('data-vscode-theme-kind')).catch(() => null)) !== kind) {
    if (Date.now() > deadline) throw new Error(`the webview never took the theme kind ${kind}`);
    await page.waitForTimeout(100);
  }
}

/** Tab until a control (not the page) has focus: the first stop of the panel's tab order. */
/**
 * The look once its focus ring is drawn, or after 2 s: a panel just opened or re-themed applies the
 * toolkit's colour tokens a moment after the theme's variables, and a ring measured in between is
 * in the previous colours.
 */
async function settledLook(frame: Frame): Promise<Look> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const l = await look(frame);
    if (ringProblems(l).length === 0 || Date.now() > deadline) return l;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function focusSomeControl(page: Page, frame: Frame): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const onControl = await frame.evaluate(() => document.hasFocus() && document.activeElement !== null && document.activeElement !== document.body);
    if (onControl) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab put focus on no control: ${await describeFocus(frame)}`);
}
