import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import type { PanelKey, SourceFormState } from '../../src/protocol/sourceForm';
import { hostileCatalogue, LONG_BAD_VALUE, LONG_GOOD_VALUE } from '../support/hostileCatalogue';
import { fillField, valueOf } from './formSupport';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

const cards = hostileCatalogue() as unknown as ReportCard[];

function stateFor(card: ReportCard): SourceFormState {
  const model = buildFormModel(card, { mode: 'create' });
  const key: PanelKey = { kind: 'new', sourceType: card.type };
  return {
    key, mode: 'create', sourceType: card.type, typeLabel: card.type, title: `New ${card.type.slice(0, 40)} Source`, stage: 'form',
    steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true, formStepTypes: formStepTypes(model),
    values: initialValues(model, undefined), displayName: '', canSelectStreams: false,
    subject: 'source',
  };
}

async function openForm(state: SourceFormState, saved?: unknown): Promise<WebviewHarness> {
  const view = await openWebview({ bodyAttributes: 'data-view="sourceForm"', ...(saved ? { state: saved } : {}) });
  await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
  await view.page.waitForSelector('form.sf-form');
  return view;
}

/** Types a value as an input event does, and waits (deadline, not a sleep) for the field's inline error to show or clear. */
async function typeAndWait(view: WebviewHarness, name: string, value: string, wantError: boolean): Promise<string> {
  return view.page.evaluate(async ([n, v, want]) => {
    const input = document.getElementById(`f-${n}`) as HTMLInputElement;
    input.value = v;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    const started = performance.now();
    for (;;) {
      const text = (document.getElementById(`e-${n}`)?.textContent ?? '').trim();
      if ((text !== '') === want) return text;
      if (performance.now() - started > 5_000) throw new Error(`the inline error on ${n} did not ${want ? 'appear' : 'clear'}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }, [name, value, wantError] as const);
}

describe('hostile report cards in the real webview', function () {
  this.timeout(60_000);
  after(async () => { await closeHarnessBrowser(); });

  it('renders every card of the catalogue: each field labelled, no page error, no Object.prototype text', async () => {
    for (const card of cards) {
      const view = await openForm(stateFor(card));
      // Each control's name: its <label for>, the element naming it (aria-labelledby), or a toolkit field's own label text.
      const labels = await view.page.$$eval('[data-field] [id^="f-"]', (els) => els.map((e) => {
        const by = e.getAttribute('aria-labelledby');
        const label = by ? document.getElementById(by) : document.querySelector(`label[for="${CSS.escape(e.id)}"]`);
        return ((label ?? e).textContent ?? '').trim();
      }));
      assert.ok(labels.length >= 1, `controls found on ${card.type.slice(0, 40)}`);
      const fields = await view.page.$$eval('[data-field]', (els) => els.length);
      assert.ok(fields >= 2, card.type.slice(0, 40));
      for (const label of labels) {
        assert.ok(label.length > 0, `an empty label on ${card.type.slice(0, 40)}`);
        assert.doesNotMatch(label, /native code|\[object /);
      }
      assert.deepEqual(view.errors, [], card.type.slice(0, 40));
      await view.close();
    }
  });

  it('answers a catastrophically backtracking pattern on 10,000 characters at once, both ways', async () => {
    const view = await openForm(stateFor(cards[0]!));
    for (const name of ['nested_plus', 'words', 'alternation']) {
      assert.match(await typeAndWait(view, name, LONG_BAD_VALUE, true), /must be/);
      assert.equal(await typeAndWait(view, name, LONG_GOOD_VALUE, false), '');
    }
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('keeps values typed into __proto__, constructor and the unnamed field across a re-render and a reload, and sends them', async () => {
    const state = stateFor(cards[1]!);
    const view = await openForm(state);
    const typed: Record<string, string> = JSON.parse('{"__proto__":"7","constructor":"typed constructor","prototype":"typed prototype","":"8","toString":"9"}') as Record<string, string>;
    for (const [name, value] of Object.entries(typed)) {
      await view.page.evaluate(([n, v]) => {
        const input = document.getElementById(`f-${n}`) as HTMLInputElement;
        input.value = v;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      }, [name, value] as const);
    }
    // The host re-posts its state (as when the tab comes back): the typed values stay.
    await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
    await view.page.waitForSelector('form.sf-form');
    for (const [name, value] of Object.entries(typed)) assert.equal(await valueOf(view, `f-${name}`), value, `after a re-render: ${name}`);
    // Read as JSON text: Playwright's own transfer would turn a `__proto__` key back into a prototype.
    const saved = JSON.parse(await view.page.evaluate(() => JSON.stringify((window as unknown as { __state: unknown }).__state))) as unknown;
    const savedValues = (saved as { values: Record<string, unknown> }).values;
    for (const [name, value] of Object.entries(typed)) assert.equal(Object.prototype.hasOwnProperty.call(savedValues, name) && savedValues[name], value, `persisted: ${name}`);
    await view.close();
    // A reload: a new page with the persisted state.
    const reloaded = await openForm(state, saved);
    for (const [name, value] of Object.entries(typed)) assert.equal(await valueOf(reloaded, `f-${name}`), value, `after a reload: ${name}`);
    await fillField(reloaded, 'f-display_name', 'JS names');
    await reloaded.page.click('#sf-submit');
    const deadline = Date.now() + 5_000;
    let submit: { params?: { values?: Record<string, unknown> } } | undefined;
    while (!submit && Date.now() < deadline) {
      submit = (JSON.parse(await reloaded.page.evaluate(() => JSON.stringify((window as unknown as { __posted: unknown[] }).__posted))) as Array<{ type: string; method?: string; params?: { values?: Record<string, unknown> } }>).find((m) => m.type === 'request' && m.method === 'sourceForm/submit');
      if (!submit) await reloaded.page.waitForTimeout(25);
    }
    assert.ok(submit, 'Create sends a submit request');
    const sent = submit.params!.values!;
    for (const [name, value] of Object.entries(typed)) assert.equal(Object.prototype.hasOwnProperty.call(sent, name) && sent[name], value, `submitted: ${name}`);
    assert.deepEqual(reloaded.errors, []);
    await reloaded.close();
  });

  it('notes on a field whose pattern it cannot read that Stitch will check it, and shows no error for it', async () => {
    const view = await openForm(stateFor(cards[2]!));
    const text = await view.page.textContent('[data-field="pattern_0"]');
    assert.match(text ?? '', /Stitch will check this value/);
    await view.page.evaluate(() => {
      const input = document.getElementById('f-pattern_0') as HTMLInputElement;
      input.value = 'anything';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    });
    assert.equal((await view.page.textContent('#e-pattern_0'))?.trim() ?? '', '');
    assert.deepEqual(view.errors, []);
    await view.close();
  });
});
