/** The source form's "Load into" control: present only when the host offers two or more destinations, labelled, keyboard-operable. */
import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import type { DestinationChoiceView, SourceFormState } from '../../src/protocol/sourceForm';
import { sourceTypes } from '../unit/core/fixtures';
import { describedBy, valueOf } from './formSupport';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

function stateFor(destinations?: DestinationChoiceView, mode: 'create' | 'edit' = 'create'): SourceFormState {
  const card = sourceTypes!.find((c) => c.type === 'platform.recurly') as ReportCard;
  const model = buildFormModel(card, { mode: 'create' });
  return {
    key: mode === 'create' ? { kind: 'new', sourceType: card.type } : { kind: 'source', sourceId: 5 }, mode, sourceType: card.type, typeLabel: 'Recurly',
    title: 'New Recurly Source', stage: 'form', steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true,
    formStepTypes: formStepTypes(model), values: initialValues(model, undefined), displayName: 'Shop', canSelectStreams: false,
    subject: 'source',
    ...(destinations ? { destinations } : {}),
  };
}

type Posted = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

async function lastSubmit(view: WebviewHarness): Promise<Posted> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = ((await view.posted()) as Posted[]).filter((m) => m.type === 'request' && m.method === 'sourceForm/submit').pop();
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no sourceForm/submit request');
    await view.page.waitForTimeout(25);
  }
}

async function openForm(state: SourceFormState): Promise<WebviewHarness> {
  const view = await openWebview({ bodyAttributes: 'data-view="sourceForm"' });
  await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
  await view.page.waitForSelector('form.sf-form');
  return view;
}

const TWO: DestinationChoiceView = { options: [{ id: 7, label: 'Warehouse (PostgreSQL)' }, { id: 9, label: 'Lake (Amazon S3) — connection check failed' }], selected: 7 };

describe('sourceForm webview: Load into', function () {
  before(function () { if (!sourceTypes) this.skip(); });
  after(async () => { await closeHarnessBrowser(); });

  it('is absent when the host offers no destinations, and the submit carries no destinationId', async () => {
    const view = await openForm(stateFor());
    try {
      assert.equal(await view.page.$('#f-destination_id'), null);
      assert.equal(await view.page.$('[data-field="destination_id"]'), null);
      await view.page.click('#sf-submit');
      const submit = await lastSubmit(view);
      assert.equal('destinationId' in (submit.params ?? {}), false);
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('with two destinations: a labelled dropdown, current one selected, changed with the keyboard, sent on submit', async () => {
    const view = await openForm(stateFor(TWO));
    try {
      assert.equal(await view.page.$eval('#f-destination_id', (el) => document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent), 'Load into');
      assert.ok((await describedBy(view, 'f-destination_id')).includes('h-destination_id'));
      const options = await view.page.$$eval('#f-destination_id [role=option]', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
      assert.deepEqual(options, [['7', 'Warehouse (PostgreSQL)'], ['9', 'Lake (Amazon S3) — connection check failed']]);
      assert.equal(await valueOf(view, 'f-destination_id'), '7');
      // Keyboard only: Tab from the display name reaches the dropdown; ArrowDown picks the next one.
      await view.page.focus('#f-display_name');
      await view.page.keyboard.press('Tab');
      assert.equal(await view.page.evaluate(() => document.activeElement?.id), 'f-destination_id');
      await view.page.keyboard.press('ArrowDown');
      assert.equal(await valueOf(view, 'f-destination_id'), '9');
      await view.page.focus('#f-display_name');
      await view.page.keyboard.press('Enter');
      const submit = await lastSubmit(view);
      assert.equal(submit.params?.destinationId, 9);
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('without a current destination it offers "Not set" first, and sends nothing until one is chosen', async () => {
    const view = await openForm(stateFor({ options: TWO.options }, 'edit'));
    try {
      assert.equal(await valueOf(view, 'f-destination_id'), '');
      assert.match((await view.page.textContent('#f-destination_id [role=option][value=""]'))!, /^Not set/);
      await view.page.click('#sf-submit');
      assert.equal('destinationId' in ((await lastSubmit(view)).params ?? {}), false);
    } finally { await view.close(); }
  });
});
