// Every panel from the built bundle under the CSP src/panels/webviewHtml.ts sets (no 'unsafe-inline'
// for styles, a style nonce for the toolkit's probe): rendered with real host logic, no
// securitypolicyviolation, no page error. The real workbench's check is test/e2e/csp.test.ts.
import * as assert from 'node:assert/strict';
import { buildFormModel } from '../../src/core/reportCard';
import { previewDraft, scheduleSetup, plainT } from '../../src/panels/schedule/logic';
import { SelectionSession } from '../../src/panels/selection/session';
import { formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import type { ScheduleDraft } from '../../src/protocol/schedule';
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { sourceTypes } from '../unit/core/fixtures';
import { catalogue, FakeApi } from '../unit/selection/fixtures';
import { closeUiBrowser, openPanelPage, type PanelPage } from './uiPage';

type Posted = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

/** Answers each new request with `answer`, until stopped. */
function serve(view: PanelPage, answer: (method: string, params: Record<string, unknown> | undefined) => unknown): () => void {
  const seen = new Set<number>();
  let running = true;
  void (async () => {
    while (running) {
      for (const m of (await view.posted().catch(() => [])) as Posted[]) {
        if (m.type !== 'request' || seen.has(m.id!)) continue;
        seen.add(m.id!);
        let response: Record<string, unknown>;
        try { response = { type: 'response', id: m.id, ok: true, result: await answer(m.method!, m.params) }; } catch (e) { response = { type: 'response', id: m.id, ok: false, error: (e as Error).message }; }
        await view.send(response).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return () => { running = false; };
}

describe('every panel under the real CSP (no inline styles)', function () {
  this.timeout(60_000);
  const opened: Array<{ view: PanelPage; stop: () => void }> = [];
  afterEach(async () => { for (const o of opened.splice(0)) { o.stop(); await o.view.close(); } });
  after(async () => { await closeUiBrowser(); });

  const clean = async (view: PanelPage, what: string) => {
    await view.page.waitForTimeout(300); // late renders (the toolkit queues its updates)
    assert.deepEqual(await view.cspViolations(), [], `${what}: no CSP violation`);
    assert.deepEqual(view.errors, [], `${what}: no page error`);
  };

  it('the source form, with the schedule editor embedded', async function () {
    const card = sourceTypes?.find((c) => c.type === 'platform.recurly');
    if (!card) this.skip();
    const model = buildFormModel(card!, { mode: 'create' });
    const state: SourceFormState = {
      key: { kind: 'new', sourceType: card!.type }, mode: 'create', sourceType: card!.type, typeLabel: 'Recurly', title: 'New Recurly Source', stage: 'form',
      steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true, formStepTypes: formStepTypes(model),
      values: initialValues(model, undefined), displayName: '', canSelectStreams: false,
      text: { create: 'Create Source' }, schedule: scheduleSetup(card! as never, {}, plainT),
    };
    const view = await openPanelPage('sourceForm');
    const now = new Date('2026-01-01T00:00:00Z');
    opened.push({ view, stop: serve(view, (method, params) => method === 'schedule/preview' ? previewDraft(params!.draft as ScheduleDraft, now) : { ok: true, errors: {} }) });
    await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
    await view.page.waitForSelector('form.sf-form');
    await view.page.waitForSelector('[data-schedule-editor] [data-part="runs"]:not([hidden])');
    await clean(view, 'source form');
  });

  it('the selection panel', async () => {
    const view = await openPanelPage('selection');
    const session = new SelectionSession(() => new FakeApi(catalogue()), 7);
    opened.push({ view, stop: serve(view, (method, params) => method === 'selection/init' ? (session.loaded ? session.state() : session.load(params?.staged as never)) : Promise.reject(new Error(`unexpected ${method}`))) });
    await view.page.waitForSelector('.sel-stream');
    await clean(view, 'selection');
  });

  it('the schedule panel', async () => {
    const view = await openPanelPage('schedule');
    const now = new Date('2026-01-01T00:00:00Z');
    const setup = { frequencies: [{ value: '60', label: 'Every hour' }], defaultFrequency: '60', initial: { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * MON' }, cronNote: 'Cron needs a plan that allows it.' };
    opened.push({ view, stop: serve(view, (method, params) => method === 'schedule/load'
      ? { sourceId: 1, sourceName: 'Recurly', sourceType: 'platform.recurly', setup, current: { type: 'cron', nextFireTime: null, summary: 'Cron' } }
      : previewDraft(params!.draft as ScheduleDraft, now)) });
    await view.page.waitForSelector('[data-part="runs"]:not([hidden])');
    await clean(view, 'schedule');
  });
});
