import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { checkForm, formStepTypes, initialValues, stepViews } from '../../src/panels/sourceForm/logic';
import type { PanelKey, SourceFormState } from '../../src/protocol/sourceForm';
import { sourceTypes } from '../unit/core/fixtures';
import { describedBy, errorShown, fillField, isDisabled, valueOf } from './formSupport';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

function stateFor(card: ReportCard, extra: Partial<SourceFormState> = {}): SourceFormState {
  const model = buildFormModel(card, { mode: 'create' });
  const key: PanelKey = { kind: 'new', sourceType: card.type };
  return {
    key, mode: 'create', sourceType: card.type, typeLabel: card.type, title: `New ${card.type} Source`, stage: 'form',
    steps: stepViews(model), currentStepIndex: model.currentStepIndex, configurable: true, formStepTypes: formStepTypes(model),
    values: initialValues(model, undefined), displayName: '', canSelectStreams: false,
    subject: 'source',
    ...extra,
  };
}

const card = (type: string): ReportCard => {
  const found = sourceTypes?.find((c) => c.type === type);
  if (!found) throw new Error(`fixture ${type} missing`);
  return found;
};

/** The real card with the most properties. */
function biggestCard(): ReportCard {
  return [...sourceTypes!].filter((c) => c.steps?.length).sort((a, b) =>
    b.steps!.reduce((n, s) => n + (s.properties?.length ?? 0), 0) - a.steps!.reduce((n, s) => n + (s.properties?.length ?? 0), 0))[0]!;
}

type Posted = { type: string; id?: number; method?: string; params?: Record<string, unknown> };

async function requests(view: WebviewHarness, method: string): Promise<Posted[]> {
  return ((await view.posted()) as Posted[]).filter((m) => m.type === 'request' && m.method === method);
}

async function waitForRequest(view: WebviewHarness, method: string, predicate: (m: Posted) => boolean = () => true): Promise<Posted> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = (await requests(view, method)).filter(predicate).pop();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${method} request`);
    await view.page.waitForTimeout(25);
  }
}

async function openForm(state: SourceFormState, saved?: unknown): Promise<WebviewHarness> {
  const view = await openWebview({ bodyAttributes: 'data-view="sourceForm"', ...(saved ? { state: saved } : {}) });
  await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await view.send({ type: 'event', name: 'sourceForm/state', payload: state });
  await view.page.waitForSelector('form.sf-form');
  return view;
}

describe('sourceForm webview', function () {
  before(function () { if (!sourceTypes) this.skip(); });
  after(async () => { await closeHarnessBrowser(); });

  describe('recurly', () => {
    let view: WebviewHarness;
    before(async () => { view = await openForm(stateFor(card('platform.recurly'))); });
    after(async () => { await view.close(); });

    it('renders the stepper, every field with a label tied to its input, and no page errors', async () => {
      const steps = await view.page.$$eval('.sf-step', (els) => els.map((e) => [e.getAttribute('data-step'), e.getAttribute('aria-current')]));
      assert.deepEqual(steps.map((s) => s[0]), ['form', 'discover_schema', 'field_selection', 'fully_configured']);
      assert.equal(steps[0]![1], 'step');
      assert.equal(await view.page.isVisible('#banner'), false, 'no empty banner box while there is nothing to say');
      const fields = await view.page.$$eval('[data-field]', (els) => els.map((e) => e.getAttribute('data-field')));
      for (const name of ['display_name', 'start_date', 'api_key', 'subdomain', 'quota_limit', 'frequency_in_minutes', 'anchor_time', 'cron_expression']) assert.ok(fields.includes(name), name);
      assert.ok(!fields.includes('image_version'), 'read-only image_version is hidden');
      const unlabeled = await view.page.$$eval('label[for]', (labels) => labels.filter((l) => !(l.getRootNode() as Document | ShadowRoot).getElementById(l.getAttribute('for')!)).length);
      assert.equal(unlabeled, 0);
      assert.equal(await view.page.getAttribute('#f-api_key', 'type'), 'password');
      assert.equal(await view.page.getAttribute('[data-field="quota_limit"]', 'data-kind'), 'union');
      assert.equal(await view.page.getAttribute('[data-field="start_date"]', 'data-kind'), 'datetime');
      assert.equal(await view.page.getAttribute('#f-start_date', 'type'), 'date');
      // The frequency pattern of alternatives is a dropdown with readable labels; the default is chosen.
      const options = await view.page.$$eval('#f-frequency_in_minutes [role=option]', (os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.deepEqual(options, ['', '1', '30', '60', '360', '720', '1440']);
      assert.equal(await valueOf(view, 'f-frequency_in_minutes'), '60');
      // The schedule fields sit in the schedule editor's seam.
      const scheduled = await view.page.$$eval('[data-schedule-region] [data-schedule-field]', (els) => els.map((e) => e.getAttribute('data-schedule-field')));
      assert.deepEqual(scheduled, ['frequency_in_minutes', 'anchor_time', 'cron_expression']);
      assert.deepEqual(view.errors, []);
    });

    it('typing posts a debounced validate request with the typed values', async () => {
      const before = (await requests(view, 'sourceForm/validate')).length;
      await view.page.type('#f-subdomain', 'acme', { delay: 10 });
      const request = await waitForRequest(view, 'sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.subdomain === 'acme');
      const after = (await requests(view, 'sourceForm/validate')).length;
      assert.ok(after - before <= 2, `debounced: ${after - before} requests for 4 keystrokes`);
      assert.equal(typeof request.params?.seq, 'number');
    });

    it('shows the host’s errors inline, tied to the input', async () => {
      await fillField(view, 'f-quota_limit', 'lots');
      const request = await waitForRequest(view, 'sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.quota_limit === 'lots');
      await view.send({ type: 'response', id: request.id, ok: true, result: { seq: request.params!.seq, errors: { quota_limit: 'API quota share must be a whole number.' } } });
      await errorShown(view, 'quota_limit');
      assert.equal(await view.page.textContent('#e-quota_limit'), 'API quota share must be a whole number.');
      assert.equal(await view.page.getAttribute('#f-quota_limit', 'aria-invalid'), 'true');
      assert.ok((await describedBy(view, 'f-quota_limit')).includes('e-quota_limit'));
    });

    it('credentials never reach setState; other typed values do; dates are stored as ISO UTC', async () => {
      await fillField(view, 'f-api_key', 'super-secret-key');
      await fillField(view, 'f-start_date', '2024-03-01');
      await fillField(view, 'f-display_name', 'My Recurly');
      const saved = await view.page.evaluate(() => JSON.stringify((window as unknown as { __state: unknown }).__state));
      assert.ok(!saved.includes('super-secret-key'), saved);
      const parsed = JSON.parse(saved) as { values: Record<string, unknown>; displayName: string };
      assert.equal(parsed.values.start_date, '2024-03-01T00:00:00Z');
      assert.equal(parsed.values.subdomain, 'acme');
      assert.equal(parsed.displayName, 'My Recurly');
      // The credential is still sent to the host (once), for validation and submit.
      await waitForRequest(view, 'sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.api_key === 'super-secret-key');
    });

    it('Enter submits the form with every typed value', async () => {
      await view.page.focus('#f-subdomain');
      await view.page.keyboard.press('Enter');
      const submit = await waitForRequest(view, 'sourceForm/submit');
      assert.equal(submit.params?.displayName, 'My Recurly');
      const values = submit.params?.values as Record<string, unknown>;
      assert.equal(values.subdomain, 'acme');
      assert.equal(values.api_key, 'super-secret-key');
      assert.equal(await isDisabled(view, '#sf-submit'), true, 'busy while submitting');
      await view.send({ type: 'response', id: submit.id, ok: true, result: { ok: false, errors: { subdomain: 'Stitch rejected this value for Subdomain.' }, banner: { kind: 'error', text: 'Couldn’t create the source: Stitch rejected some values.' } } });
      await errorShown(view, 'subdomain');
      assert.match((await view.page.textContent('#banner'))!, /rejected/);
      assert.equal(await valueOf(view, 'f-subdomain'), 'acme', 'values kept after a failed submit');
      assert.equal(await isDisabled(view, '#sf-submit'), false, 'spinner ended');
    });
  });

  it('the biggest real card renders every visible field, with Advanced collapsed', async () => {
    const big = biggestCard();
    const state = stateFor(big);
    const view = await openForm(state);
    try {
      const expected = state.steps.filter((s) => state.formStepTypes.includes(s.type)).flatMap((s) => s.properties).filter((p) => p.section !== 'hidden');
      for (const p of expected) assert.ok(await view.page.$(`[data-field="${p.name}"]`), `${big.type}.${p.name}`);
      const advanced = expected.filter((p) => p.section === 'advanced');
      if (advanced.length > 0) {
        assert.equal(await view.page.$eval('details.sf-advanced', (d) => (d as HTMLDetailsElement).open), false);
        assert.equal(await view.page.isVisible(`[data-field="${advanced[0]!.name}"]`), false);
        await view.page.click('details.sf-advanced > summary');
        assert.equal(await view.page.isVisible(`[data-field="${advanced[0]!.name}"]`), true);
      }
      // The anyOf host field is one text input.
      if (expected.some((p) => p.name === 'host' && p.control.kind === 'union')) assert.equal(await view.page.getAttribute('#f-host', 'type'), 'text');
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('restores typed values (not credentials) after a reload', async () => {
    const state = stateFor(card('platform.recurly'));
    const view = await openForm(state, { key: state.key, displayName: 'Restored', values: { subdomain: 'restored', api_key: 'should-not-show' }, advancedOpen: false });
    try {
      assert.equal(await valueOf(view, 'f-subdomain'), 'restored');
      assert.equal(await valueOf(view, 'f-display_name'), 'Restored');
      assert.equal(await valueOf(view, 'f-api_key'), '');
    } finally { await view.close(); }
  });

  it('a list editor for arrays of objects adds, edits and removes rows', async () => {
    const synthetic: ReportCard = { type: 'platform.google-analytics', steps: [{ type: 'form', properties: [{
      name: 'report_definitions', is_required: true, property_type: 'user_provided',
      json_schema: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'], additionalProperties: false } },
    }] }, { type: 'fully_configured', properties: [] }] };
    const view = await openForm(stateFor(synthetic));
    try {
      assert.equal(await view.page.getAttribute('[data-field="report_definitions"]', 'data-kind'), 'objectList');
      await view.page.click('[data-field="report_definitions"] .sf-add');
      await fillField(view, 'f-report_definitions-0-id', 'r1');
      await fillField(view, 'f-report_definitions-0-name', 'Report one');
      const request = await waitForRequest(view, 'sourceForm/validate', (m) => JSON.stringify(m.params?.values).includes('Report one'));
      assert.deepEqual((request.params?.values as Record<string, unknown>).report_definitions, [{ id: 'r1', name: 'Report one' }]);
      await view.page.click('[data-field="report_definitions"] .sf-add');
      assert.equal(await view.page.$$eval('.sf-list-row', (rows) => rows.length), 2);
      await view.page.click('[data-row="1"] .sf-remove');
      assert.equal(await view.page.$$eval('.sf-list-row', (rows) => rows.length), 1);
    } finally { await view.close(); }
  });

  describe('instant feedback from quick rules', () => {
    /** The host's own message for a value, from the same validation the panel runs. */
    const hostMessage = (type: string, name: string, value: string, mode: 'create' | 'edit' = 'create'): string | undefined =>
      checkForm(buildFormModel(card(type), { mode }), { [name]: value }, 'Name', []).errors[name];

    /** Sets a field as typing does and reads its inline error in the same task: no host round trip can be in it. */
    const typeAndRead = (view: WebviewHarness, name: string, value: string) => view.page.evaluate(([n, v]) => {
      const input = document.getElementById(`f-${n}`) as HTMLInputElement;
      input.value = v;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      const error = document.getElementById(`e-${n}`)!;
      return { text: error.textContent ?? '', hidden: getComputedStyle(error).display === 'none', invalid: input.getAttribute('aria-invalid') };
    }, [name, value] as const);

    it('an invalid value shows the host’s message at once, with no validate answer from the host', async () => {
      const view = await openForm(stateFor(card('platform.recurly')));
      try {
        // This fake host never answers validate requests.
        const cases: Array<[string, string]> = [['quota_limit', 'lots'], ['quota_limit', '-'], ['subdomain', '   '], ['api_key', ' ']];
        for (const [name, value] of cases) {
          const expected = hostMessage('platform.recurly', name, value);
          assert.ok(expected, `the host rejects ${name}=${JSON.stringify(value)}`);
          const shown = await typeAndRead(view, name, value);
          assert.deepEqual(shown, { text: expected, hidden: false, invalid: 'true' }, `${name}=${JSON.stringify(value)}`);
        }
        // A valid value clears the error on the same keystroke.
        assert.equal(hostMessage('platform.recurly', 'quota_limit', '42'), undefined);
        assert.deepEqual(await typeAndRead(view, 'quota_limit', '42'), { text: '', hidden: true, invalid: 'false' });
        assert.ok((await describedBy(view, 'f-quota_limit')).includes('e-quota_limit'));
        // The credential typed for the check never reached the persisted state.
        await typeAndRead(view, 'api_key', 'very-secret-key');
        assert.ok(!JSON.stringify(await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state)).includes('very-secret-key'));
        // Nothing was answered, yet the host is still asked (debounced): it stays the authority.
        await waitForRequest(view, 'sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.quota_limit === '42');
        assert.deepEqual(view.errors, []);
      } finally { await view.close(); }
    });

    it('the biggest real card, edit form: pattern errors match the host’s and appear without it', async () => {
      const big = biggestCard();
      const model = buildFormModel(big, { mode: 'edit' });
      const field = stepViews(model).flatMap((s) => s.properties).find((f) => f.quick?.pattern && f.control.kind === 'text' && !f.locked && f.section !== 'hidden' && !f.scheduleField)!;
      assert.ok(field, 'a pattern field');
      const view = await openForm(stateFor(big, { key: { kind: 'source', sourceId: 9 }, mode: 'edit', steps: stepViews(model), formStepTypes: formStepTypes(model), values: {}, displayName: 'Big' }));
      try {
        await view.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
        const expected = hostMessage(big.type, field.name, 'x!', 'edit');
        assert.ok(expected);
        assert.deepEqual(await typeAndRead(view, field.name, 'x!'), { text: expected, hidden: false, invalid: 'true' });
      } finally { await view.close(); }
    });

    it('a host answer for a value that has since changed never brings back its error', async () => {
      const view = await openForm(stateFor(card('platform.recurly')));
      try {
        await typeAndRead(view, 'subdomain', 'acme');
        await typeAndRead(view, 'quota_limit', 'lots');
        const request = await waitForRequest(view, 'sourceForm/validate', (m) => (m.params?.values as Record<string, unknown>)?.quota_limit === 'lots');
        // The user fixes the value before the host answers for the old one.
        assert.deepEqual(await typeAndRead(view, 'quota_limit', '42'), { text: '', hidden: true, invalid: 'false' });
        await view.send({ type: 'response', id: request.id, ok: true, result: {
          seq: request.params!.seq, errors: { quota_limit: 'API quota share must be a whole number.', subdomain: 'Subdomain was refused by the host.' },
        } });
        // The answer still counts for the value it was about (subdomain unchanged)…
        await view.page.waitForFunction(() => document.getElementById('e-subdomain')?.textContent === 'Subdomain was refused by the host.');
        // …but not for quota_limit, whose value changed.
        assert.equal(await view.page.textContent('#e-quota_limit'), '');
        assert.equal(await view.page.getAttribute('#f-quota_limit', 'aria-invalid'), 'false');
      } finally { await view.close(); }
    });
  });

  it('shows a failed check with Stitch’s message and asks to retype credentials', async () => {
    const state = stateFor(card('platform.recurly'), {
      key: { kind: 'source', sourceId: 5 }, mode: 'edit', stage: 'checkFailed', values: { subdomain: 'acme' }, displayName: 'Recurly',
      check: { status: 'failed', phases: [{ name: 'check', title: 'Connection check', status: 'skipped' }, { name: 'discovery', title: 'Discovery', status: 'failed' }], message: '401 Client Error: Unauthorized' },
    });
    const view = await openForm(state);
    try {
      assert.equal(await view.page.textContent('#check-message'), '401 Client Error: Unauthorized');
      assert.match((await view.page.textContent('[data-field="api_key"]'))!, /retype/);
      assert.match((await view.page.textContent('#sf-submit'))!, /Retry/);
      assert.equal(await valueOf(view, 'f-subdomain'), 'acme');
      // A check event updates the status in place.
      await view.send({ type: 'event', name: 'sourceForm/check', payload: { stage: 'checking', check: { status: 'running', phases: [{ name: 'check', title: 'Connection check', status: 'running' }, { name: 'discovery', title: 'Discovery', status: 'pending' }] } } });
      await view.page.waitForSelector('#status[data-stage="checking"]');
    } finally { await view.close(); }
  });
});
