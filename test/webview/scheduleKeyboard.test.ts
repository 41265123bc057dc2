// The schedule panel from the keyboard alone (no click()), and axe-core on it in each state, from
// the built bundle under the panels' real CSP (no 'unsafe-inline' for styles). The test plays the
// host with the host's own preview logic (src/panels/schedule/logic).
import * as assert from 'node:assert/strict';
import { previewDraft } from '../../src/panels/schedule/logic';
import type { ScheduleDraft, ScheduleLoadResult, ScheduleSaveResult } from '../../src/protocol/schedule';
import { assertNoSeriousViolations } from './axe';
import { closeUiBrowser, openPanelPage, type PanelPage } from './uiPage';
import { applyTheme, type ThemeName } from './uiTheme';

type Posted = Record<string, unknown> & { type: string; id?: number; method?: string; params?: Record<string, unknown> };

const NOW = new Date('2026-01-01T00:00:00Z');
const FREQUENCIES = ['30', '60', '360', '1440'];
const LOAD: ScheduleLoadResult = {
  sourceId: 7,
  sourceName: 'Recurly',
  sourceType: 'platform.recurly',
  setup: {
    frequencies: [{ value: '30', label: 'Every 30 minutes' }, { value: '60', label: 'Every hour' }, { value: '360', label: 'Every 6 hours' }, { value: '1440', label: 'Every day' }],
    defaultFrequency: '360',
    initial: { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' },
    cronNote: 'Cron schedules need a Stitch plan that allows them (Advanced or Premium).',
  },
  current: { type: 'interval', nextFireTime: '2026-01-01T06:00:00Z', summary: 'Every 6 hours' },
};
const PLAN = 'Cron schedules need a Stitch plan that allows them. Your expression is kept.';

/** Answers every preview with the host's real preview of its draft, until stopped. */
class Host {
  private answered = new Set<number>();
  private running = true;
  private readonly loop: Promise<void>;
  constructor(readonly view: PanelPage) { this.loop = this.answerPreviews(); }

  private async answerPreviews(): Promise<void> {
    while (this.running) {
      for (const m of (await this.view.posted().catch(() => [])) as Posted[]) {
        if (m.type !== 'request' || this.answered.has(m.id!)) continue;
        if (m.method === 'schedule/preview') {
          this.answered.add(m.id!);
          await this.view.send({ type: 'response', id: m.id, ok: true, result: previewDraft(m.params!.draft as ScheduleDraft, NOW, FREQUENCIES) });
        } else if (m.method === 'schedule/load') {
          this.answered.add(m.id!);
          await this.view.send({ type: 'response', id: m.id, ok: true, result: LOAD });
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async next(method: string, timeoutMs = 5000): Promise<Posted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = ((await this.view.posted()) as Posted[]).find((m) => m.type === 'request' && m.method === method && !this.answered.has(m.id!));
      if (found) { this.answered.add(found.id!); return found; }
      if (Date.now() > deadline) throw new Error(`no ${method} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  respond(request: Posted, result: unknown): Promise<void> { return this.view.send({ type: 'response', id: request.id, ok: true, result }); }
  async stop(): Promise<void> { this.running = false; await this.loop; }
}

/** What has focus, described by the data-* that names it (through a toolkit host's shadow root). */
const focused = (view: PanelPage) => view.page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return 'body';
  const d = el.dataset;
  return d.mode ? `mode:${d.mode}` : d.field ? `field:${d.field}` : d.action ? `action:${d.action}` : el.getAttribute('role') ?? el.tagName.toLowerCase();
});

/** How the focused element shows focus: an outline on it, or (toolkit elements) an outline or border in focusBorder inside it. */
const ringOf = (view: PanelPage) => view.page.evaluate(() => {
  const el = document.activeElement as HTMLElement;
  const style = getComputedStyle(el);
  const focusBorder = getComputedStyle(document.documentElement).getPropertyValue('--vscode-focusBorder').trim();
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return 'outline';
  const probe = document.createElement('i');
  probe.style.color = focusBorder;
  document.body.append(probe);
  const wanted = getComputedStyle(probe).color;
  probe.remove();
  // A toolkit element draws its ring inside its shadow root: an outline or border in focusBorder.
  const box = el.shadowRoot?.querySelector<HTMLElement>('.root, .control');
  const inner = box ? getComputedStyle(box) : undefined;
  if (inner && inner.outlineStyle !== 'none' && parseFloat(inner.outlineWidth) > 0 && inner.outlineColor === wanted) return 'outline';
  if (inner?.borderColor === wanted) return 'border';
  return `none (${el.tagName} outline ${style.outlineStyle}, inner outline ${inner?.outlineStyle} ${inner?.outlineColor}, border ${inner?.borderColor})`;
});

const previewShown = (view: PanelPage) => view.page.waitForFunction(() => document.querySelectorAll('[data-part="runs"] [data-utc]').length === 5 && !document.querySelector('[data-part="runs"]')!.hasAttribute('hidden'));
const saveEnabled = (view: PanelPage) => view.page.waitForFunction(() => !document.querySelector('[data-action="save"]')!.hasAttribute('disabled'));

describe('schedule panel: keyboard only, and axe in every state', function () {
  this.timeout(60_000);
  let view: PanelPage;
  let host: Host;
  beforeEach(async () => {
    view = await openPanelPage('schedule');
    const cdp = await view.page.context().newCDPSession(view.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Berlin' });
    host = new Host(view);
    await previewShown(view);
  });
  afterEach(async function () {
    await host.stop();
    const csp = await view.cspViolations();
    const errors = [...view.errors];
    await view.close();
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(csp, [], 'no CSP violation under the panels\' policy');
      assert.deepEqual(errors, []);
    }
  });
  after(async () => { await closeUiBrowser(); });

  it('opens with focus on the chosen mode; Tab follows the visual order and every stop shows a focus ring', async () => {
    await applyTheme(view.page, 'dark');
    await view.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.mode === 'interval');
    const stops: string[] = [await focused(view)];
    const rings: string[] = [await ringOf(view)];
    for (let i = 0; i < 6; i++) {
      await view.page.keyboard.press('Tab');
      const now = await focused(view);
      if (now === 'body') break;
      stops.push(now);
      rings.push(await ringOf(view));
    }
    // Interval mode: the modes, the interval, one stop in the runs grid, Save (Revert is disabled: nothing changed).
    assert.deepEqual(stops, ['mode:interval', 'field:frequency', 'columnheader', 'action:save']);
    assert.deepEqual(rings.filter((r) => r !== 'outline' && r !== 'border'), [], rings.join(' | '));
    // The same order as the page reads, top to bottom.
    const inDocumentOrder = await view.page.evaluate(() => {
      const order = ['[data-mode="interval"]', '[data-field="frequency"]', '[data-part="runs"] [role="columnheader"]', '[data-action="save"]'].map((s) => document.querySelector(s)!);
      return order.every((el, i) => i === 0 || (order[i - 1]!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
    });
    assert.equal(inDocumentOrder, true);
  });

  it('arrow keys change the mode; Enter in the cron field saves the previewed runs', async () => {
    await view.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.mode === 'interval');
    await view.page.keyboard.press('ArrowDown');
    await view.page.waitForSelector('[data-part="anchor"]:not([hidden])');
    assert.equal(await focused(view), 'mode:anchored');
    await view.page.keyboard.press('ArrowDown');
    await view.page.waitForSelector('[data-part="cron"]:not([hidden])');
    assert.equal(await focused(view), 'mode:cron');
    await view.page.keyboard.press('Tab');
    assert.equal(await focused(view), 'field:cron');
    await view.page.keyboard.type('0 30 6 ? * MON-FRI');
    await saveEnabled(view);
    await view.page.keyboard.press('Enter');
    const save = await host.next('schedule/save');
    assert.deepEqual((save.params as { draft: ScheduleDraft }).draft, { mode: 'cron', frequency: '360', anchorTime: '', cronExpression: '0 30 6 ? * MON-FRI' });
    assert.equal(((save.params as { previewRuns: string[] }).previewRuns).length, 5);
  });

  it('Enter on an invalid draft sends nothing and puts focus on the field in error; a refused save does the same', async () => {
    await view.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.mode === 'interval');
    await view.page.keyboard.press('ArrowDown'); // anchored, with no anchor time yet: the host's preview says so
    await view.page.waitForSelector('[data-part="anchor"] [data-ui-error]:not(:empty)');
    assert.equal(await focused(view), 'mode:anchored');
    await view.page.keyboard.press('Enter');
    assert.equal(await focused(view), 'field:anchor', 'focus went to the anchor time');
    assert.equal(((await view.posted()) as Posted[]).filter((m) => m.method === 'schedule/save').length, 0);

    // Cron, valid for the preview, refused by the plan on save: focus goes to the expression.
    await view.page.keyboard.press('Shift+Tab');
    await view.page.keyboard.press('Shift+Tab');
    assert.equal(await focused(view), 'mode:anchored');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('Tab');
    await view.page.keyboard.type('0 0 12 ? * MON-FRI');
    await saveEnabled(view);
    for (let i = 0; i < 10 && (await focused(view)) !== 'action:save'; i++) await view.page.keyboard.press('Tab');
    assert.equal(await focused(view), 'action:save');
    await view.page.keyboard.press('Enter');
    const save = await host.next('schedule/save');
    await host.respond(save, { ok: false, kind: 'plan', field: 'cron_expression', message: PLAN } satisfies ScheduleSaveResult);
    await view.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.field === 'cron');
    assert.equal(await view.page.locator('[data-part="cron"] [data-ui-error]').innerText(), PLAN);
  });

  for (const theme of ['dark', 'light'] as ThemeName[]) {
    it(`axe, ${theme === 'dark' ? 'Dark' : 'Light'} Modern: interval, anchored, cron, an invalid cron, and saving have no serious or critical violation`, async () => {
      await applyTheme(view.page, theme);
      await assertNoSeriousViolations(view.page, `interval mode (${theme})`);
      await view.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.mode === 'interval');
      await view.page.keyboard.press('ArrowDown');
      await view.page.keyboard.press('Tab');
      await view.page.keyboard.press('Tab');
      assert.equal(await focused(view), 'field:anchor');
      await view.page.keyboard.type('01022026');
      await view.page.keyboard.press('Tab');
      await view.page.keyboard.type('0930AM');
      await previewShown(view);
      await assertNoSeriousViolations(view.page, `anchored mode (${theme})`);
      // Every 30 minutes, anchored: the preview warns (a warning line in the page).
      for (let i = 0; i < 8 && (await focused(view)) !== 'field:frequency'; i++) await view.page.keyboard.press('Shift+Tab');
      await view.page.keyboard.press('ArrowUp');
      await view.page.keyboard.press('ArrowUp');
      await view.page.waitForSelector('[data-part="warnings"] li');
      await assertNoSeriousViolations(view.page, `anchored every 30 minutes, with a warning (${theme})`);
      // Back to the modes (the date-time input's segments are Tab stops of their own).
      for (let i = 0; i < 8 && (await focused(view)) !== 'mode:anchored'; i++) await view.page.keyboard.press('Shift+Tab');
      assert.equal(await focused(view), 'mode:anchored');
      await view.page.keyboard.press('ArrowDown');
      await view.page.keyboard.press('Tab');
      await view.page.keyboard.type('0 0 12 1 * MON');
      await view.page.waitForSelector('[data-part="cron"] [data-ui-error]:not(:empty)');
      await assertNoSeriousViolations(view.page, `an invalid cron (${theme})`);
      await view.page.keyboard.press('Control+A');
      await view.page.keyboard.type('0 0 12 ? * MON');
      await previewShown(view);
      await saveEnabled(view);
      await assertNoSeriousViolations(view.page, `cron mode (${theme})`);
      await view.page.keyboard.press('Enter');
      await host.next('schedule/save');
      await view.page.waitForSelector('.ui-progress:not([hidden])');
      await assertNoSeriousViolations(view.page, `saving (${theme})`);
    });
  }
});
