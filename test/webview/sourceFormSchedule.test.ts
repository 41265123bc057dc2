// The source form (data-view="sourceForm") with the schedule editor embedded, from the built bundle in
// headless Chromium. The test plays the host: it sends the form state (with the real recurly card and
// the setup the host computes for it) and answers schedule/preview with the host's own preview logic.
import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { plainT, previewDraft, scheduleSetup } from '../../src/panels/schedule/logic';
import { formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import type { ScheduleDraft } from '../../src/protocol/schedule';
import type { PanelKey, SourceFormDraft, SourceFormState } from '../../src/protocol/sourceForm';
import { sourceTypes } from '../unit/core/fixtures';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

type Posted = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

const ZONE = 'America/New_York';
const NOW = new Date('2024-05-01T00:00:00Z');
const PLAN = 'Cron schedules need a Stitch plan that allows them. Your expression is kept: choose an interval instead, or save it once your plan includes cron scheduling.';

function recurly(): ReportCard {
  const found = sourceTypes?.find((c) => c.type === 'platform.recurly');
  if (!found) throw new Error('fixture platform.recurly missing');
  return found;
}

function stateFor(card: ReportCard, extra: Partial<SourceFormState> = {}): SourceFormState {
  const model = buildFormModel(card, { mode: 'create' });
  const key: PanelKey = { kind: 'new', sourceType: card.type };
  return {
    key, mode: 'create', sourceType: card.type, typeLabel: card.type, title: `New ${card.type} Source`, stage: 'form',
    steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true, formStepTypes: formStepTypes(model),
    values: initialValues(model, undefined), displayName: '', canSelectStreams: false,
    text: { create: 'Create Source', scheduleNote: 'Replication schedule', scheduleInvalid: 'Fix the schedule, then try again.' },
    schedule: scheduleSetup(card as unknown as Parameters<typeof scheduleSetup>[0], {}, plainT),
    ...extra,
  };
}

/** Plays the host: answers every schedule/preview with the host's preview of that draft. */
class FakeHost {
  private answered = new Set<number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(readonly view: WebviewHarness, readonly allowed: readonly string[]) {}

  start(): void {
    this.timer = setInterval(() => { void this.answerPreviews(); }, 30);
  }

  stop(): void { if (this.timer) clearInterval(this.timer); }

  private async answerPreviews(): Promise<void> {
    let posted: Posted[];
    try { posted = (await this.view.posted()) as Posted[]; } catch { return; }
    for (const m of posted) {
      if (m.type !== 'request' || m.method !== 'schedule/preview' || this.answered.has(m.id!)) continue;
      this.answered.add(m.id!);
      const result = previewDraft((m.params as { draft: ScheduleDraft }).draft, NOW, this.allowed, plainT);
      await this.view.send({ type: 'response', id: m.id, ok: true, result }).catch(() => undefined);
    }
  }

  async next(method: string, predicate: (m: Posted) => boolean = () => true, timeoutMs = 5000): Promise<Posted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = ((await this.view.posted()) as Posted[]).find((m) => m.type === 'request' && m.method === method && !this.answered.has(m.id!) && predicate(m));
      if (found) { this.answered.add(found.id!); return found; }
      if (Date.now() > deadline) throw new Error(`no ${method} request within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function openForm(state: SourceFormState, saved?: unknown): Promise<{ view: WebviewHarness; host: FakeHost }> {
  const view = await openWebview({ bodyAttributes: 'data-view="sourceForm"', ...(saved ? { state: saved } : {}) });
  const cdp = await view.page.context().newCDPSession(view.page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: ZONE });
  await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  const host = new FakeHost(view, state.schedule!.frequencies.map((f) => f.value));
  host.start();
  await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
  await view.page.waitForSelector('form.sf-form');
  return { view, host };
}

const savedState = (view: WebviewHarness) => view.page.evaluate(() => (window as unknown as { __state: SourceFormDraft }).__state);
/** Chooses a schedule mode from the keyboard: focus its radio, press Space. */
const chooseMode = async (view: WebviewHarness, mode: string) => {
  await view.page.focus(`[data-schedule-editor] [data-mode="${mode}"]`);
  await view.page.keyboard.press('Space');
};
const runCount = (view: WebviewHarness) => view.page.locator('[data-schedule-editor] [data-part="runs"] [data-utc]').count();

async function waitForRuns(view: WebviewHarness, first: string): Promise<void> {
  await view.page.waitForFunction((iso) => document.querySelector(`[data-schedule-editor] [data-utc="${iso}"]`) !== null, first, { timeout: 5000 });
}

describe('sourceForm webview with the schedule editor', function () {
  this.timeout(30_000);
  const opened: Array<{ view: WebviewHarness; host: FakeHost }> = [];
  before(function () { if (!sourceTypes) this.skip(); });
  afterEach(async () => { for (const o of opened.splice(0)) { o.host.stop(); await o.view.close(); } });
  after(async () => { await closeHarnessBrowser(); });

  it('shows the editor instead of the plain schedule controls: three modes, the type’s intervals, 5 runs in UTC and local time', async () => {
    const o = await openForm(stateFor(recurly()));
    opened.push(o);
    const { view } = o;
    assert.ok(await view.page.$('[data-schedule-region] [data-schedule-editor] section.schedule-editor'), 'the editor sits in the schedule region');
    for (const id of ['#f-frequency_in_minutes', '#f-anchor_time', '#f-cron_expression', '[data-schedule-field]']) {
      assert.equal(await view.page.$(id), null, `${id} is replaced by the editor`);
    }
    const modes = await view.page.$$eval('[data-schedule-editor] [data-mode]', (els) => els.map((e) => e.getAttribute('data-mode')));
    assert.deepEqual(modes, ['interval', 'anchored', 'cron']);
    assert.equal(await view.page.isChecked('[data-mode="interval"]'), true);
    const options = await view.page.$$eval('[data-schedule-editor] [data-field="frequency"] [role="option"]', (os) => os.map((x) => x.getAttribute('value')));
    assert.deepEqual(options, ['1', '30', '60', '360', '720', '1440'], 'only what the recurly pattern allows');
    assert.equal(await view.page.locator('[data-schedule-editor] [data-field="frequency"]').evaluate((el) => (el as HTMLElement & { value: string }).value), '60', 'the type’s default interval');
    await waitForRuns(view, '2024-05-01T01:00:00.000Z');
    assert.equal(await runCount(view), 5);
    const local = await view.page.locator('[data-schedule-editor] [data-local="2024-05-01T01:00:00.000Z"]').innerText();
    assert.match(local, /21:00|9:00/, `local (New York) time of 01:00 UTC: ${local}`);
    // A label's `for` is looked up in its own tree: a toolkit field's label and input share a shadow root.
    const unlabeled = await view.page.$$eval('label[for]', (labels) => labels.filter((l) => !(l.getRootNode() as Document | ShadowRoot).getElementById(l.getAttribute('for')!)).length);
    assert.equal(unlabeled, 0);
    assert.deepEqual(view.errors, []);
  });

  it('anchored and cron modes preview 5 runs; the draft persists in setState (with no credential), and validate leaves the schedule to the editor', async () => {
    const o = await openForm(stateFor(recurly()));
    opened.push(o);
    const { view, host } = o;
    await view.page.fill('#f-api_key', 'super-secret-key');
    await view.page.fill('#f-subdomain', 'acme');
    // Anchored: 03:30 in New York is 07:30 UTC; every 6 hours from there.
    await chooseMode(view, 'anchored');
    await view.page.focus('[data-schedule-editor] [data-field="frequency"]');
    await view.page.keyboard.press('ArrowDown'); // from the default "60" to "360"
    await view.page.fill('[data-schedule-editor] input[data-field="anchor"]', '2024-04-01T03:30');
    await waitForRuns(view, '2024-05-01T01:30:00.000Z');
    assert.equal(await runCount(view), 5);
    const utc = await view.page.$$eval('[data-schedule-editor] [data-utc]', (tds) => tds.map((td) => td.getAttribute('data-utc')));
    assert.deepEqual(utc, ['2024-05-01T01:30:00.000Z', '2024-05-01T07:30:00.000Z', '2024-05-01T13:30:00.000Z', '2024-05-01T19:30:00.000Z', '2024-05-02T01:30:00.000Z']);
    let saved = await savedState(view);
    assert.deepEqual(saved.schedule, { mode: 'anchored', frequency: '360', anchorTime: '2024-04-01T07:30:00.000Z', cronExpression: '' });
    // Cron: the plan note, a description and 5 runs.
    await chooseMode(view, 'cron');
    assert.match(await view.page.locator('[data-schedule-editor] [data-part="planNote"]').innerText(), /plan/);
    await view.page.fill('[data-schedule-editor] [data-field="cron"] input', '0 0 12 ? * MON-FRI');
    await waitForRuns(view, '2024-05-01T12:00:00.000Z');
    assert.equal(await runCount(view), 5);
    assert.notEqual((await view.page.locator('[data-schedule-editor] [data-part="description"]').innerText()).trim(), '');
    saved = await savedState(view);
    assert.deepEqual(saved.schedule, { mode: 'cron', frequency: '360', anchorTime: '2024-04-01T07:30:00.000Z', cronExpression: '0 0 12 ? * MON-FRI' });
    const json = JSON.stringify(saved);
    assert.ok(!json.includes('super-secret-key'), json);
    assert.equal(saved.values?.subdomain, 'acme');
    for (const name of ['frequency_in_minutes', 'anchor_time', 'cron_expression']) assert.ok(!(name in (saved.values ?? {})), `${name} is the editor's, not a form value`);
    // Validation requests carry the form's values without the schedule fields.
    const validate = await host.next('sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.subdomain === 'acme');
    const values = validate.params?.values as Record<string, unknown>;
    assert.ok(!('frequency_in_minutes' in values) && !('cron_expression' in values), JSON.stringify(values));
  });

  it('restores the schedule draft after a reload, and keeps it across later state pushes', async () => {
    const state = stateFor(recurly());
    const draft: ScheduleDraft = { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 30 6 ? * SAT' };
    const o = await openForm(state, { key: state.key, displayName: 'Restored', values: { subdomain: 'restored' }, advancedOpen: false, schedule: draft });
    opened.push(o);
    const { view } = o;
    assert.equal(await view.page.isChecked('[data-mode="cron"]'), true);
    assert.equal(await view.page.inputValue('[data-schedule-editor] [data-field="cron"] input'), '0 30 6 ? * SAT');
    assert.equal(await view.page.inputValue('#f-subdomain'), 'restored');
    await waitForRuns(view, '2024-05-04T06:30:00.000Z');
    // The host pushes state again (e.g. a failed save's banner): the typed schedule stays.
    await view.send({ type: 'event', name: 'sourceForm/state', payload: { ...state, banner: { kind: 'info', text: 'Hello' } } });
    await view.page.waitForSelector('#banner:not(.sf-hidden)');
    assert.equal(await view.page.inputValue('[data-schedule-editor] [data-field="cron"] input'), '0 30 6 ? * SAT');
    assert.deepEqual((await savedState(view)).schedule, draft);
    // A draft of another panel is not used.
    const other = await openForm(state, { key: { kind: 'source', sourceId: 9 }, values: {}, schedule: draft });
    opened.push(other);
    assert.equal(await other.view.page.isChecked('[data-mode="interval"]'), true);
  });

  it('submit sends the schedule draft; the plan refusal shows on the schedule and everything typed stays', async () => {
    const o = await openForm(stateFor(recurly()));
    opened.push(o);
    const { view, host } = o;
    await view.page.fill('#f-display_name', 'My Recurly');
    await view.page.fill('#f-subdomain', 'acme');
    await view.page.fill('#f-api_key', 'k3y');
    await chooseMode(view, 'cron');
    await view.page.fill('[data-schedule-editor] [data-field="cron"] input', '0 0 12 ? * MON-FRI');
    await waitForRuns(view, '2024-05-01T12:00:00.000Z');
    await view.page.click('#sf-submit');
    const submit = await host.next('sourceForm/submit');
    assert.deepEqual(submit.params?.schedule, { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * MON-FRI' });
    const values = submit.params?.values as Record<string, unknown>;
    assert.equal(values.api_key, 'k3y');
    assert.ok(!('frequency_in_minutes' in values), 'the schedule travels as the draft');
    await view.send({ type: 'event', name: 'sourceForm/state', payload: stateFor(recurly(), { banner: { kind: 'error', text: `Couldn't create the source: ${PLAN}` } }) });
    await view.send({ type: 'response', id: submit.id, ok: true, result: { ok: false, banner: { kind: 'error', text: `Couldn't create the source: ${PLAN}` }, scheduleError: { kind: 'plan', message: PLAN, field: 'cron_expression' } } });
    await view.page.waitForFunction((plan) => document.querySelector('[data-schedule-editor] [data-ui-error]:not(:empty)')?.textContent === plan, PLAN);
    assert.equal(await view.page.getAttribute('[data-schedule-editor] [data-field="cron"] input', 'aria-invalid'), 'true');
    assert.equal(await view.page.inputValue('[data-schedule-editor] [data-field="cron"] input'), '0 0 12 ? * MON-FRI');
    assert.equal(await view.page.inputValue('#f-subdomain'), 'acme');
    assert.equal(await view.page.inputValue('#f-display_name'), 'My Recurly');
    assert.match(await view.page.locator('#banner').innerText(), /plan that allows/);
    assert.equal(await view.page.isDisabled('#sf-submit'), false, 'the spinner ended');
  });

  it('an invalid schedule gates Submit: nothing is sent until the editor’s preview is valid', async () => {
    const o = await openForm(stateFor(recurly()));
    opened.push(o);
    const { view, host } = o;
    await chooseMode(view, 'cron');
    await view.page.fill('[data-schedule-editor] [data-field="cron"] input', '0 0 12 * * MON');
    await view.page.waitForFunction(() => (document.querySelector('[data-schedule-editor] [data-ui-error]:not(:empty)')?.textContent ?? '') !== '');
    await view.page.waitForSelector('#sf-submit:disabled');
    // Enter does not submit past the disabled button either.
    await view.page.focus('#f-subdomain');
    await view.page.keyboard.press('Enter');
    await view.page.waitForTimeout(300);
    assert.equal(((await view.posted()) as Posted[]).filter((m) => m.method === 'sourceForm/submit').length, 0, 'no submit with an invalid schedule');
    assert.match(await view.page.locator('[data-schedule-editor] [data-ui-error]:not(:empty)').innerText(), /day-of-month|day-of-week|\?/i);
    await view.page.fill('[data-schedule-editor] [data-field="cron"] input', '0 0 12 ? * MON');
    await view.page.waitForSelector('#sf-submit:enabled');
    await view.page.click('#sf-submit');
    const submit = await host.next('sourceForm/submit');
    assert.equal((submit.params?.schedule as ScheduleDraft).cronExpression, '0 0 12 ? * MON');
  });
});
