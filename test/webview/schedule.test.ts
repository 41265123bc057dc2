// The schedule panel (data-view="schedule") from the built bundle in headless Chromium. The test
// plays the host: it answers schedule/load, schedule/preview and schedule/save by hand.
import * as assert from 'node:assert/strict';
import type { ScheduleDraft, ScheduleLoadResult, SchedulePreviewResult, ScheduleSaveResult } from '../../src/protocol/schedule';
import { previewDraft } from '../../src/panels/schedule/logic';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

type Posted = Record<string, unknown> & { type: string; id?: number; method?: string; params?: Record<string, unknown> };

const ZONE = 'America/New_York';
const LOAD: ScheduleLoadResult = {
  sourceId: 42,
  sourceName: 'Recurly',
  sourceType: 'platform.recurly',
  setup: {
    frequencies: [
      { value: '30', label: 'Every 30 minutes' }, { value: '60', label: 'Every hour' }, { value: '360', label: 'Every 6 hours' }, { value: '1440', label: 'Every day' },
    ],
    defaultFrequency: '360',
    initial: { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' },
    cronNote: 'Cron schedules need a Stitch plan that allows them (Advanced or Premium).',
  },
  current: { type: 'interval', nextFireTime: '2024-05-01T14:00:00Z', summary: 'Every 6 hours' },
};
const RUNS = ['2024-05-01T14:00:00.000Z', '2024-05-01T20:00:00.000Z', '2024-05-02T02:00:00.000Z', '2024-05-02T08:00:00.000Z', '2024-05-02T14:00:00.000Z'];
const okPreview = (draft: ScheduleDraft, runs = RUNS, description = 'Every 6 hours'): SchedulePreviewResult =>
  ({ ok: true, mode: draft.mode, description, runs, warnings: [], computedAt: '2024-05-01T08:00:00.000Z' });

class FakeHost {
  private answered = new Set<number>();
  constructor(readonly view: WebviewHarness) {}

  /** Waits for the next unanswered request of `method` and returns it. */
  async next(method: string, timeoutMs = 5000): Promise<Posted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.view.posted() as Posted[]).find((m) => m.type === 'request' && m.method === method && !this.answered.has(m.id!));
      if (found) { this.answered.add(found.id!); return found; }
      if (Date.now() > deadline) throw new Error(`no ${method} request within ${timeoutMs} ms; posted: ${JSON.stringify(await this.view.posted())}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Answers every pending preview with what `answer` says about its draft; returns the last draft. */
  async previews(answer: (draft: ScheduleDraft) => SchedulePreviewResult): Promise<ScheduleDraft> {
    let last = await this.next('schedule/preview');
    for (;;) {
      const draft = last.params!.draft as ScheduleDraft;
      await this.respond(last, answer(draft));
      try { last = await this.next('schedule/preview', 400); } catch { return draft; }
    }
  }

  respond(request: Posted, result: unknown): Promise<void> {
    return this.view.send({ type: 'response', id: request.id, ok: true, result });
  }
}

async function openPanel(state?: unknown, load: ScheduleLoadResult = LOAD): Promise<{ view: WebviewHarness; host: FakeHost }> {
  const view = await openWebview({ bodyAttributes: 'data-view="schedule"', state });
  const cdp = await view.page.context().newCDPSession(view.page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: ZONE });
  const host = new FakeHost(view);
  await host.respond(await host.next('schedule/load'), load);
  return { view, host };
}

const text = (view: WebviewHarness, selector: string) => view.page.locator(selector).innerText();
/** The error line a control shows (webview/ui puts one under each control; at most one is filled). */
/** Chooses a mode from the keyboard: focus its radio and press Space (as Tab and the arrows would). */
const chooseMode = async (view: WebviewHarness, mode: string) => {
  await view.page.locator(`[data-mode="${mode}"]`).focus();
  await view.page.keyboard.press('Space');
};
const SHOWN_ERROR = '[data-ui-error]:not(:empty)';
const frequencyValue = (view: WebviewHarness) => view.page.locator('[data-field="frequency"]').evaluate((el) => (el as HTMLElement & { value: string }).value);

describe('schedule panel webview', function () {
  this.timeout(30_000);
  const opened: WebviewHarness[] = [];
  afterEach(async () => { for (const v of opened.splice(0)) await v.close(); });
  after(async () => { await closeHarnessBrowser(); });

  it('renders interval mode with the allowed choices, the default preselected, and 5 runs in UTC and local time', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    const draft = await host.previews((d) => okPreview(d));
    assert.deepEqual(draft, { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' });
    assert.equal(await view.page.locator('[data-mode="interval"]').isChecked(), true);
    assert.deepEqual((await view.page.locator('[data-field="frequency"] [role="option"]').allInnerTexts()).map((o) => o.trim()),
      ['Every 30 minutes', 'Every hour', 'Every 6 hours (default)', 'Every day']);
    assert.equal(await frequencyValue(view), '360');
    assert.equal(await view.page.locator('[data-part="anchor"]').isVisible(), false);
    assert.equal(await view.page.locator('[data-part="cron"]').isVisible(), false);
    assert.equal(await text(view, '[data-part="description"]'), 'Every 6 hours');
    const utc = await view.page.locator('[data-utc]').allInnerTexts();
    const local = await view.page.locator('[data-local]').allInnerTexts();
    assert.deepEqual(utc, ['Wed 2024-05-01 14:00 UTC', 'Wed 2024-05-01 20:00 UTC', 'Thu 2024-05-02 02:00 UTC', 'Thu 2024-05-02 08:00 UTC', 'Thu 2024-05-02 14:00 UTC']);
    assert.deepEqual(local, ['Wed 2024-05-01 10:00 EDT', 'Wed 2024-05-01 16:00 EDT', 'Wed 2024-05-01 22:00 EDT', 'Thu 2024-05-02 04:00 EDT', 'Thu 2024-05-02 10:00 EDT']);
    assert.match((await view.page.locator('[data-part="runs"] [role="columnheader"]').allInnerTexts()).join(' | '), /America\/New_York/);
    assert.match(await text(view, '[data-part="current"]'), /Every 6 hours.*Wed 2024-05-01 14:00 UTC.*10:00 EDT/);

    // Choosing another interval (from the keyboard: up from "Every 6 hours") previews it at once.
    await view.page.locator('[data-field="frequency"]').focus();
    await view.page.keyboard.press('ArrowUp');
    const next = await host.previews((d) => okPreview(d, RUNS, 'Every hour'));
    assert.equal(next.frequency, '60');
    assert.deepEqual(view.errors, []);
  });

  it('a source with no schedule yet: the saved line reads as one sentence (no doubled full stop)', async () => {
    const { view, host } = await openPanel(undefined, { ...LOAD, current: { type: null, nextFireTime: null, summary: 'Stitch reports no schedule for this source yet.' } });
    opened.push(view);
    await host.previews((d) => okPreview(d, RUNS, 'Every hour'));
    const line = await text(view, '[data-part="current"]');
    assert.match(line, /^Saved in Stitch: Stitch reports no schedule for this source yet\. Next run: /);
    assert.ok(!line.includes('..'), line);
  });

  it('a source Stitch anchored at creation: the saved line, the anchored mode and the note tell one story', async () => {
    const note = 'Chosen at creation: an interval, every hour. Stored by Stitch: every hour, anchored at 09:48 UTC, the moment the source was created. Why they differ: Stitch anchors every interval when it creates a source.';
    const { view, host } = await openPanel(undefined, {
      ...LOAD,
      setup: { ...LOAD.setup, initial: { mode: 'anchored', frequency: '60', anchorTime: '2024-05-01T09:48:00.000Z', cronExpression: '' }, anchorNote: note },
      current: { type: 'interval', nextFireTime: '2024-05-01T10:48:00Z', summary: 'Every hour, anchored at 09:48 UTC (set by Stitch when the source was created)' },
    });
    opened.push(view);
    await host.previews((d) => okPreview(d, RUNS, 'Every hour, anchored at 09:48 UTC'));
    assert.match(await text(view, '[data-part="current"]'), /^Saved in Stitch: Every hour, anchored at 09:48 UTC \(set by Stitch when the source was created\)\./);
    assert.equal(await view.page.locator('[data-mode="anchored"]').isChecked(), true);
    assert.equal(await text(view, '[data-part="anchorNote"]'), note);
    assert.equal(await text(view, '[data-part="description"]'), 'Every hour, anchored at 09:48 UTC');
  });

  it('no note when nothing differs', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    assert.equal(await view.page.locator('[data-part="anchorNote"]').isVisible(), false);
  });

  it('anchored mode: a local pick is sent as ISO UTC and both are shown', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await chooseMode(view, 'anchored');
    assert.equal(await view.page.locator('[data-part="anchor"]').isVisible(), true);
    assert.equal(await view.page.locator('[data-part="interval"]').isVisible(), true);
    assert.match(await view.page.locator('[data-part="anchor"] label').innerText(), /your local time, America\/New_York/);
    await host.previews((d) => d.anchorTime ? okPreview(d) : { ok: false, mode: d.mode, field: 'anchor_time', message: 'Pick the date and time the runs are anchored to.' });
    assert.match(await text(view, SHOWN_ERROR), /Pick the date and time/);
    await view.page.locator('input[data-field="anchor"]').fill('2024-07-01T03:30');
    const anchored = await host.previews((d) => okPreview(d, ['2024-07-01T07:30:00.000Z', '2024-07-01T13:30:00.000Z', '2024-07-01T19:30:00.000Z', '2024-07-02T01:30:00.000Z', '2024-07-02T07:30:00.000Z'], 'Every 6 hours, anchored at 07:30 UTC'));
    assert.equal(anchored.mode, 'anchored');
    assert.equal(anchored.anchorTime, '2024-07-01T07:30:00.000Z'); // 03:30 EDT
    const both = await text(view, '[data-part="anchorBoth"]');
    assert.match(both, /2024-07-01T07:30:00\.000Z/);
    assert.match(both, /Mon 2024-07-01 07:30 UTC/);
    assert.match(both, /Mon 2024-07-01 03:30 EDT/);
    assert.equal(await view.page.locator(SHOWN_ERROR).count(), 0);
    assert.equal(await view.page.locator('[data-local]').first().innerText(), 'Mon 2024-07-01 03:30 EDT');
  });

  it('cron mode: shows the plan note, the host\'s validation error inline, then the description and runs', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await chooseMode(view, 'cron');
    assert.equal(await view.page.locator('[data-part="interval"]').isVisible(), false);
    assert.match(await text(view, '[data-part="planNote"]'), /Cron schedules need a Stitch plan that allows them/);
    await host.previews((d) => ({ ok: false, mode: d.mode, field: 'cron_expression', message: 'Enter a Quartz cron expression, for example 0 0 12 ? * MON-FRI.' }));
    const hostError = 'Day-of-month and day-of-week cannot both be specified; put "?" in one of them.';
    await view.page.locator('[data-field="cron"] input').fill('0 0 12 1 * MON');
    const bad = await host.previews((d) => d.cronExpression === '0 0 12 1 * MON' ? { ok: false, mode: 'cron', field: 'cron_expression', message: hostError } : okPreview(d));
    assert.equal(bad.cronExpression, '0 0 12 1 * MON');
    assert.equal(await text(view, SHOWN_ERROR), hostError);
    assert.equal(await view.page.locator('[data-field="cron"] input').getAttribute('aria-invalid'), 'true');
    assert.equal(await view.page.locator('[data-part="runs"]').isVisible(), false);
    assert.equal(await view.page.locator('[data-action="save"] button').isDisabled(), true);

    await view.page.locator('[data-field="cron"] input').fill('0 30 2 ? * MON-FRI');
    await host.previews((d) => okPreview(d, RUNS, 'At 02:30 UTC, Monday through Friday'));
    assert.equal(await view.page.locator(SHOWN_ERROR).count(), 0);
    assert.equal(await text(view, '[data-part="description"]'), 'At 02:30 UTC, Monday through Friday');
    assert.equal(await view.page.locator('[data-utc]').count(), 5);
    assert.equal(await view.page.locator('[data-action="save"] button').isDisabled(), false);
  });

  it('cron mode: shows, in a live region, how Quartz reads reinterpreted text (the host\'s real preview)', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await chooseMode(view, 'cron');
    await view.page.locator('[data-field="cron"] input').fill('0 0 12 ? JAN/3 MONDAY');
    const now = new Date('2026-01-01T00:00:00Z');
    const sent = await host.previews((d) => previewDraft(d, now));
    assert.equal(sent.cronExpression, '0 0 12 ? JAN/3 MONDAY');
    const warnings = view.page.locator('[data-part="warnings"]');
    assert.equal(await warnings.getAttribute('aria-live'), 'polite');
    const items = await warnings.locator('li').allInnerTexts();
    assert.ok(items.some((w) => /ignores a step after a name \("JAN\/3" is read as "JAN"\)/.test(w)), items.join(' | '));
    assert.ok(items.some((w) => /"MONDAY" is read as "MON"/.test(w)), items.join(' | '));
    assert.equal(await view.page.locator('[data-utc]').count(), 5);
    assert.equal(await view.page.locator('[data-utc]').first().getAttribute('data-utc'), '2026-01-05T12:00:00.000Z');
  });

  it('keeps the draft in webview state and restores it after a reload', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await chooseMode(view, 'cron');
    await view.page.locator('[data-field="cron"] input').fill('0 15 10 L * ?');
    await host.previews((d) => okPreview(d));
    const state = await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { sourceId: 42, draft: { mode: 'cron', frequency: '360', anchorTime: '', cronExpression: '0 15 10 L * ?' } });

    const again = await openPanel(state);
    opened.push(again.view);
    const restored = await again.host.previews((d) => okPreview(d));
    assert.equal(restored.cronExpression, '0 15 10 L * ?');
    assert.equal(await again.view.page.locator('[data-mode="cron"]').isChecked(), true);
    assert.equal(await again.view.page.locator('[data-field="cron"] input').inputValue(), '0 15 10 L * ?');
  });

  it('saves: sends the draft and the previewed runs, then shows Stitch\'s next run and the agreement', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await view.page.locator('[data-action="save"]').click();
    const save = await host.next('schedule/save');
    assert.deepEqual(save.params, { sourceId: 42, draft: { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' }, previewRuns: RUNS });
    assert.match(await text(view, '[data-part="saveState"]'), /Saving/);
    const result: ScheduleSaveResult = {
      ok: true,
      saved: { type: 'interval', nextFireTime: '2024-05-01T14:00:00Z', expected: '2024-05-01T14:00:00Z', agreement: 'agrees', message: 'Stitch\'s next run matches the preview.', savedAt: '2024-05-01T08:00:01.000Z' },
      current: { type: 'interval', nextFireTime: '2024-05-01T14:00:00Z', summary: 'Every 6 hours' },
    };
    await host.respond(save, result);
    await view.page.locator('[data-part="saved"]').waitFor({ state: 'visible' });
    assert.equal(await view.page.locator('[data-part="saved"]').getAttribute('data-agreement'), 'agrees');
    assert.match(await text(view, '[data-part="nextFireTime"]'), /Wed 2024-05-01 14:00 UTC.*10:00 EDT/);
    assert.match(await text(view, '[data-part="saved"]'), /agrees with the preview/);
  });

  it('a plan refusal for cron shows the plan message and keeps the choice; a disagreement is flagged', async () => {
    const { view, host } = await openPanel();
    opened.push(view);
    await host.previews((d) => okPreview(d));
    await chooseMode(view, 'cron');
    await view.page.locator('[data-field="cron"] input').fill('0 0 12 ? * MON-FRI');
    await host.previews((d) => okPreview(d));
    await view.page.locator('[data-action="save"]').click();
    const save = await host.next('schedule/save');
    await host.respond(save, { ok: false, kind: 'plan', field: 'cron_expression', message: 'Cron schedules need a Stitch plan that allows them. Your expression is kept.' } satisfies ScheduleSaveResult);
    await view.page.locator('[data-part="saveError"]').waitFor({ state: 'visible' });
    assert.match(await text(view, '[data-part="saveError"]'), /^Cron schedules need a Stitch plan that allows them/);
    assert.match(await text(view, SHOWN_ERROR), /plan that allows them/);
    assert.equal(await view.page.locator('[data-field="cron"] input').inputValue(), '0 0 12 ? * MON-FRI');
    assert.equal(await view.page.locator('[data-mode="cron"]').isChecked(), true);
    assert.equal(await view.page.locator('[data-action="save"] button').isDisabled(), false);
    const state = await view.page.evaluate(() => (window as unknown as { __state: { draft: ScheduleDraft } }).__state);
    assert.equal(state.draft.cronExpression, '0 0 12 ? * MON-FRI');

    await view.page.locator('[data-action="save"]').click();
    await host.respond(await host.next('schedule/save'), {
      ok: true,
      saved: { type: 'cron', nextFireTime: '2024-05-01T16:00:00Z', expected: '2024-05-01T12:00:00Z', agreement: 'disagrees', message: 'Stitch\'s next run (2024-05-01T16:00:00Z) differs from the preview (2024-05-01T12:00:00Z).', savedAt: '2024-05-01T08:00:01.000Z' },
      current: { type: 'cron', nextFireTime: '2024-05-01T16:00:00Z', summary: 'Cron: 0 0 12 ? * MON-FRI' },
    } satisfies ScheduleSaveResult);
    await view.page.locator('[data-part="saved"][data-agreement="disagrees"]').waitFor({ state: 'visible' });
    assert.match(await text(view, '[data-part="agreementMessage"]'), /differs from the preview/);
    assert.equal(await view.page.locator('[data-part="saveError"]').isVisible(), false);
  });

  it('a failed load offers Retry', async () => {
    const view = await openWebview({ bodyAttributes: 'data-view="schedule"' });
    opened.push(view);
    const host = new FakeHost(view);
    const load = await host.next('schedule/load');
    await view.send({ type: 'response', id: load.id, ok: false, error: 'Stitch could not be reached (ECONNREFUSED).' });
    await view.page.locator('[data-part="loadError"]').waitFor({ state: 'visible' });
    assert.match(await text(view, '[data-part="loadError"]'), /Couldn't load the schedule: Stitch could not be reached/);
    await view.page.locator('[data-action="retryLoad"]').click();
    await host.respond(await host.next('schedule/load'), LOAD);
    await host.previews((d) => okPreview(d));
    assert.equal(await view.page.locator('[data-part="loadError"]').isVisible(), false);
    assert.equal(await text(view, 'h1'), 'Schedule: Recurly');
  });
});
