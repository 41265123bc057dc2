// The setup form done with the keyboard alone (no click, no fill): focus on open, Tab in visual
// order, typing, arrows in a dropdown, Space on a checkbox, Enter to submit, focus on the first
// invalid field after a failed submit, and a visible focus indicator on every stop. Real cards from
// ../shared/fixtures/stitch-docs, the built bundle under the panels' CSP, VS Code's Dark Modern colours.
import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../src/core/reportCard';
import { validateDestinationForm } from '../../src/panels/destinationForm/logic';
import {
  closeStrictBrowser, docsPostgresCard, focusedId, newPostgresState, newSourceState, openStrictForm, valueOf, waitForRequest, type FormPage,
} from './formSupport';

interface Stop { id: string; top: number; left: number }

/** Where focus is: the focused element's id (or tag) and its place on the page. */
const stopOf = (view: FormPage): Promise<Stop> => view.page.evaluate(() => {
  const a = document.activeElement as HTMLElement;
  const r = a.getBoundingClientRect();
  return { id: a.id || a.tagName.toLowerCase(), top: Math.round(r.top + window.scrollY), left: Math.round(r.left) };
});

/** Tabs from where focus is until `last` has focus; the distinct stops in order. */
async function tabUntil(view: FormPage, last: string, max = 60): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < max; i++) {
    const stop = await stopOf(view);
    if (stops.at(-1)?.id !== stop.id) stops.push(stop);
    if (stop.id === last) return stops;
    await view.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${last}: ${stops.map((s) => s.id).join(' → ')}`);
}

/** Tabs until the control `id` has focus. */
async function tabTo(view: FormPage, id: string): Promise<void> { await tabUntil(view, id); }

describe('setup form, keyboard only', function () {
  this.timeout(90_000);
  let postgres: ReportCard | undefined;
  before(function () {
    postgres = docsPostgresCard();
    if (!postgres || !newSourceState('platform.recurly')) { console.warn('    (skipped: ../shared/fixtures/stitch-docs absent)'); this.skip(); }
  });
  after(async () => { await closeStrictBrowser(); });

  it('opens with focus on the first field, and Tab walks every field in visual order to Submit', async () => {
    const view = await openStrictForm(newSourceState('platform.recurly')!, { theme: 'dark' });
    try {
      assert.equal(await focusedId(view), 'f-display_name', 'the first field has focus when the form opens');
      const stops = await tabUntil(view, 'sf-submit');
      for (let i = 1; i < stops.length; i++) {
        const [a, b] = [stops[i - 1]!, stops[i]!];
        assert.ok(b.top > a.top || (b.top === a.top && b.left > a.left), `Tab goes down the page: ${a.id} (${a.top}) then ${b.id} (${b.top})`);
      }
      const controls = await view.page.$$eval('form.sf-form [id^="f-"]', (els) => els.filter((e) => (e as HTMLElement).checkVisibility()).map((e) => e.id));
      assert.ok(controls.length >= 6, controls.join(' '));
      for (const id of controls) assert.ok(stops.some((s) => s.id === id), `${id} is a Tab stop (${stops.map((s) => s.id).join(' → ')})`);
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('typing and Enter submit; after a failed submit focus lands on the first invalid field', async () => {
    const view = await openStrictForm(newSourceState('platform.recurly')!);
    try {
      await view.page.keyboard.type('Keyboard Recurly');
      await tabTo(view, 'f-subdomain');
      await view.page.keyboard.type('acme');
      await view.page.keyboard.press('Enter');
      const submit = await waitForRequest(view, 'sourceForm/submit');
      assert.equal(submit.params?.displayName, 'Keyboard Recurly');
      assert.equal((submit.params?.values as Record<string, unknown>).subdomain, 'acme');
      // The host refuses two fields; the one that comes first on the page gets focus.
      const names = ['quota_limit', 'api_key'];
      await view.send({ type: 'response', id: submit.id, ok: true, result: { ok: false, errors: { quota_limit: 'Quota is wrong.', api_key: 'API key is required.' }, banner: { kind: 'error', text: 'Fix the highlighted fields, then try again.' } } });
      const first = await view.page.evaluate((ns) => ns.map((n) => document.getElementById(`f-${n}`)!).sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0]!.id, names);
      await view.page.waitForFunction((id) => document.activeElement?.id === id, first);
      assert.equal(await view.page.getAttribute(`#${first}`, 'aria-invalid'), 'true');
      // Fixing it by keyboard and pressing Enter submits again.
      await view.page.keyboard.type('k3y');
      await view.page.keyboard.press('Enter');
      await waitForRequest(view, 'sourceForm/submit', (m) => m.id !== submit.id);
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('arrows choose in a dropdown; Space toggles a checkbox; a required checkbox left unchecked is sent as false and the host accepts it (documented Postgres card)', async () => {
    const view = await openStrictForm(newPostgresState(postgres!));
    try {
      assert.equal(await focusedId(view), 'f-display_name');
      await view.page.keyboard.press('Control+A');
      await view.page.keyboard.type('Warehouse');
      for (const [id, text] of [['f-database', 'analytics'], ['f-host', 'db.example.com'], ['f-password', 'pw-typed'], ['f-port', '5432'], ['f-username', 'stitch']] as const) {
        await tabTo(view, id);
        await view.page.keyboard.type(text);
      }
      // "Use SSL": Space checks it, Space again unchecks it.
      await view.page.keyboard.press('Shift+Tab');
      await view.page.keyboard.press('Shift+Tab');
      while ((await focusedId(view)) !== 'f-ssl') await view.page.keyboard.press('Shift+Tab');
      const checked = () => view.page.$eval('#f-ssl', (el) => (el as HTMLInputElement).checked);
      assert.equal(await checked(), false);
      await view.page.keyboard.press('Space');
      assert.equal(await checked(), true);
      await view.page.keyboard.press('Space');
      assert.equal(await checked(), false, 'left unchecked');
      // The SSH tunnel dropdown: arrows move the choice.
      while ((await focusedId(view)) !== 'f-encryption_type') await view.page.keyboard.press('Shift+Tab');
      const before = await valueOf(view, 'f-encryption_type');
      assert.equal(before, 'none', 'a new destination starts without a tunnel');
      await view.page.keyboard.press('ArrowUp');
      assert.equal(await valueOf(view, 'f-encryption_type'), 'ssh', 'ArrowUp chose the option above');
      await view.page.keyboard.press('ArrowDown');
      assert.equal(await valueOf(view, 'f-encryption_type'), 'none', 'ArrowDown chose the option below');
      // Enter from a text field submits, with Use SSL as false.
      await tabTo(view, 'f-username');
      await view.page.keyboard.press('Enter');
      const submit = await waitForRequest(view, 'sourceForm/submit');
      const values = submit.params?.values as Record<string, unknown>;
      assert.equal(values.ssl, false, 'an unchecked required checkbox is the value false');
      assert.equal(values.password, 'pw-typed');
      // The credential went to the host once; it is in no attribute of the page and not in its state.
      const page = await view.page.evaluate(() => {
        const html = (root: Document | ShadowRoot): string => [...root.querySelectorAll('*')].map((el) => [...el.attributes].map((a) => a.value).join(' ') + (el.shadowRoot ? html(el.shadowRoot) : '')).join(' ');
        return { attributes: html(document), state: JSON.stringify((window as unknown as { __state: unknown }).__state) };
      });
      assert.ok(!page.attributes.includes('pw-typed') && !page.state.includes('pw-typed'), 'the password is in no attribute and not in the saved state');
      const model = buildFormModel(postgres!, { mode: 'create' });
      const verdict = validateDestinationForm(model, { seq: 1, displayName: String(submit.params?.displayName), values });
      assert.deepEqual(verdict.errors, {}, 'the host finds nothing missing, Use SSL included');
      // Before the fix the same values without ssl failed "required": the host still says so.
      const { ssl: _ssl, ...withoutSsl } = values;
      assert.match(validateDestinationForm(model, { seq: 2, displayName: 'W', values: withoutSsl }).errors.ssl ?? '', /required/);
      assert.deepEqual(view.errors, []);
    } finally { await view.close(); }
  });

  it('every Tab stop shows a visible focus indicator (Dark Modern)', async () => {
    const view = await openStrictForm(newPostgresState(postgres!), { theme: 'dark' });
    try {
      const ids = await view.page.$$eval('form.sf-form [id^="f-"], #sf-submit', (els) => els.filter((e) => (e as HTMLElement).checkVisibility()).map((e) => e.id));
      await view.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const box = async (id: string) => {
        // Centred in the viewport, so both pictures of a control are taken at the same place.
        const r = await view.page.$eval(`[id="${id}"]`, (el) => { el.scrollIntoView({ block: 'center' }); const b = el.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; });
        return { x: Math.max(0, r.x - 4), y: Math.max(0, r.y - 4), width: r.width + 8, height: r.height + 8 };
      };
      const unfocused = new Map<string, Buffer>();
      for (const id of ids) unfocused.set(id, await view.page.screenshot({ clip: await box(id), caret: 'hide', animations: 'disabled' }));
      await view.page.keyboard.press('Tab');
      const seen: string[] = [];
      for (let i = 0; i < 80 && seen.length < ids.length; i++) {
        const id = await focusedId(view);
        if (id && unfocused.has(id) && !seen.includes(id)) {
          seen.push(id);
          await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const focused = await view.page.screenshot({ clip: await box(id), caret: 'hide', animations: 'disabled' });
          assert.ok(!focused.equals(unfocused.get(id)!), `${id}: focus changes how it looks`);
        }
        await view.page.keyboard.press('Tab');
      }
      assert.deepEqual(seen.sort(), [...ids].sort(), 'every control was reached by Tab');
    } finally { await view.close(); }
  });
});
