// The component layer (webview/ui) in headless Chromium under the panels' CSP without
// 'unsafe-inline': each control kind renders, is named by its label in the accessibility tree,
// takes and gives its value, announces its error, and works from the keyboard alone (no click()).
import * as assert from 'node:assert/strict';
import type * as UiModule from '../../webview/ui';
import { assertNoSeriousViolations } from './axe';
import { applyTheme } from './uiTheme';
import { accessibleNode, closeUiBrowser, openUiPage, type UiPage } from './uiPage';

type Ui = typeof UiModule;
interface TestWindow { ui: Ui; events: unknown[]; field: Record<string, any> }

describe('webview/ui: the component layer', function () {
  this.timeout(30_000);
  let p: UiPage;
  beforeEach(async () => {
    p = await openUiPage();
    await applyTheme(p.page, 'dark');
    await p.page.evaluate(() => { (window as unknown as { events: unknown[] }).events = []; });
  });
  afterEach(async function () {
    const csp = await p.cspViolations();
    const errors = [...p.errors];
    await p.close();
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(csp, [], 'no CSP violation under style-src without unsafe-inline');
      assert.deepEqual(errors, []);
    }
  });
  after(async () => { await closeUiBrowser(); });

  const events = () => p.page.evaluate(() => (window as unknown as TestWindow).events);
  const focusedTag = () => p.page.evaluate(() => document.activeElement?.tagName.toLowerCase() ?? '');

  it('text field: label names it, value in and out, typing reports input, an error is described and marked invalid', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const f = ui.textField({ label: 'Source name', hint: 'Shown in Stitch.', value: 'Recurly', data: { field: 'name' } });
      f.onInput((v) => events.push(['input', v]));
      document.getElementById('root')!.append(f.element);
      (window as unknown as TestWindow).field = { f };
    });
    const box = await accessibleNode(p.page, 'textbox', 'Source name');
    assert.equal(box.value, 'Recurly');
    assert.equal(box.description, 'Shown in Stitch.');
    await p.page.keyboard.press('Tab');
    assert.equal(await focusedTag(), 'vscode-text-field');
    await p.page.keyboard.press('End');
    await p.page.keyboard.type(' EU');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), 'Recurly EU');
    assert.deepEqual((await events()).at(-1), ['input', 'Recurly EU']);
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.f.setError('A source with that name exists.'); });
    const invalid = await accessibleNode(p.page, 'textbox', 'Source name');
    assert.equal(invalid.invalid, true);
    assert.equal(invalid.description, 'Shown in Stitch. A source with that name exists.');
    assert.equal(await p.page.locator('[data-ui-error="text"]').getAttribute('aria-live'), 'polite');
    await assertNoSeriousViolations(p.page, 'a text field with an error');
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.f.setError(''); (window as unknown as TestWindow).field.f.value = 'Set'; });
    const cleared = await accessibleNode(p.page, 'textbox', 'Source name');
    assert.equal(cleared.invalid, false);
    assert.equal(cleared.value, 'Set');
  });

  it('a text field put in the page later is still described by its hint and error', async () => {
    await p.page.evaluate(() => {
      const f = (window as unknown as TestWindow).ui.textField({ label: 'Subdomain', hint: 'Without .recurly.com.' });
      f.setError('Required.');
      (window as unknown as TestWindow).field = { f };
    });
    await p.page.waitForTimeout(200);
    await p.page.evaluate(() => { document.getElementById('root')!.append((window as unknown as TestWindow).field.f.element); });
    const box = await accessibleNode(p.page, 'textbox', 'Subdomain');
    assert.equal(box.description, 'Without .recurly.com. Required.');
    assert.equal(box.invalid, true);
  });

  it('password field: masked, named, and its value is in no attribute', async () => {
    await p.page.evaluate(() => {
      const f = (window as unknown as TestWindow).ui.passwordField({ label: 'API key' });
      document.getElementById('root')!.append(f.element);
      (window as unknown as TestWindow).field = { f };
    });
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.type('s3cret-value');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), 's3cret-value');
    assert.equal(await p.page.locator('input[type=password]').count(), 1);
    assert.equal((await accessibleNode(p.page, 'textbox', 'API key')).name, 'API key');
    assert.equal(await p.page.evaluate(() => document.documentElement.outerHTML.includes('s3cret-value')), false);
  });

  it('number field: typed digits read as a number, other text as undefined with the raw text kept', async () => {
    await p.page.evaluate(() => {
      const f = (window as unknown as TestWindow).ui.numberField({ label: 'Port', value: 5432 });
      document.getElementById('root')!.append(f.element);
      (window as unknown as TestWindow).field = { f };
    });
    assert.equal((await accessibleNode(p.page, 'textbox', 'Port')).value, '5432');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Control+A');
    await p.page.keyboard.type('6543');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), 6543);
    await p.page.keyboard.type('x');
    assert.deepEqual(await p.page.evaluate(() => [(window as unknown as TestWindow).field.f.value, (window as unknown as TestWindow).field.f.text]), [undefined, '6543x']);
  });

  it('date and date-time fields: the platform inputs, labelled, typed segment by segment', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const d = ui.dateField({ label: 'Start date' });
      const dt = ui.dateTimeField({ label: 'Anchor time', value: '2024-05-01T09:30' });
      dt.onInput((v) => events.push(['dt', v]));
      document.getElementById('root')!.append(d.element, dt.element);
      (window as unknown as TestWindow).field = { d, dt };
    });
    assert.equal((await accessibleNode(p.page, 'Date', 'Start date')).name, 'Start date');
    assert.equal((await accessibleNode(p.page, 'DateTime', 'Anchor time')).name, 'Anchor time');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.type('07042024'); // en-US order: month, day, year
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.d.value), '2024-07-04');
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.d.setError('Pick a date in the past.'); });
    const d = await accessibleNode(p.page, 'Date', 'Start date');
    assert.equal(d.invalid, true);
    assert.equal(d.description, 'Pick a date in the past.');
    await assertNoSeriousViolations(p.page, 'date fields with an error');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.dt.value), '2024-05-01T09:30');
  });

  it('dropdown: named by its label; arrow keys change the value and report the change', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const f = ui.dropdown({ label: 'Frequency', value: '60', choices: [{ value: '30', label: 'Every 30 minutes' }, { value: '60', label: 'Every hour' }, { value: '360', label: 'Every 6 hours' }] });
      f.onChange((v) => events.push(['change', v]));
      document.getElementById('root')!.append(f.element);
      (window as unknown as TestWindow).field = { f };
    });
    assert.equal((await accessibleNode(p.page, 'combobox', 'Frequency')).name, 'Frequency');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), '60');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('ArrowDown');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), '360');
    assert.deepEqual((await events()).at(-1), ['change', '360']);
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.f.setChoices([{ value: '360', label: 'Every 6 hours' }, { value: '1440', label: 'Every day' }]); (window as unknown as TestWindow).field.f.setError('Not on your plan.'); });
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), '360');
    const combo = await accessibleNode(p.page, 'combobox', 'Frequency');
    assert.equal(combo.invalid, true);
    assert.equal(combo.description, 'Not on your plan.');
    await assertNoSeriousViolations(p.page, 'a dropdown with an error');
  });

  it('checkbox: named by its text; Space toggles it', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const f = ui.checkbox({ label: 'Use SSL' });
      f.onChange((v) => events.push(['change', v]));
      document.getElementById('root')!.append(f.element);
      (window as unknown as TestWindow).field = { f };
    });
    assert.equal((await accessibleNode(p.page, 'checkbox', 'Use SSL')).checked, 'false');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Space');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), true);
    assert.equal((await accessibleNode(p.page, 'checkbox', 'Use SSL')).checked, 'true');
    assert.deepEqual((await events()).at(-1), ['change', true]);
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.f.setError('Required by this database.'); });
    assert.equal((await accessibleNode(p.page, 'checkbox', 'Use SSL')).description, 'Required by this database.');
    await assertNoSeriousViolations(p.page, 'a checkbox with an error');
  });

  it('radio group: one Tab stop, arrow keys move and choose, each choice described by its hint', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const f = ui.radioGroup({ label: 'Mode', value: 'interval', choices: [
        { value: 'interval', label: 'Interval', hint: 'Every so often.' }, { value: 'anchored', label: 'Anchored', hint: 'At fixed times.' }, { value: 'cron', label: 'Cron' },
      ] });
      f.onChange((v) => events.push(['change', v]));
      const after = ui.button({ label: 'After' });
      document.getElementById('root')!.append(f.element, after.element);
      (window as unknown as TestWindow).field = { f };
    });
    assert.equal((await accessibleNode(p.page, 'radiogroup', 'Mode')).name, 'Mode');
    assert.equal((await accessibleNode(p.page, 'radio', 'Interval')).description, 'Every so often.');
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.choice), 'interval');
    await p.page.keyboard.press('ArrowDown');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.f.value), 'anchored');
    assert.equal((await accessibleNode(p.page, 'radio', 'Anchored')).checked, 'true');
    assert.deepEqual((await events()).at(-1), ['change', 'anchored']);
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'After', 'Tab leaves the group in one step');
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.choice), 'anchored');
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.f.setError('Your plan has no cron.'); (window as unknown as TestWindow).field.f.value = 'cron'; });
    assert.equal((await accessibleNode(p.page, 'radiogroup', 'Mode')).description, 'Your plan has no cron.');
    assert.equal((await accessibleNode(p.page, 'radio', 'Cron')).checked, 'true');
    await assertNoSeriousViolations(p.page, 'a radio group with an error');
  });

  it('buttons: primary, secondary and icon are named; Enter and Space press them; disabled ones do nothing', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const save = ui.button({ label: 'Save', data: { action: 'save' }, onClick: () => events.push('save') });
      const cancel = ui.button({ label: 'Cancel', kind: 'secondary', onClick: () => events.push('cancel') });
      const refresh = ui.button({ label: 'Refresh', kind: 'icon', icon: 'refresh', onClick: () => events.push('refresh') });
      document.getElementById('root')!.append(save.element, cancel.element, refresh.element);
      (window as unknown as TestWindow).field = { save, cancel, refresh };
    });
    for (const name of ['Save', 'Cancel', 'Refresh']) assert.equal((await accessibleNode(p.page, 'button', name)).name, name);
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Enter');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Space');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Enter');
    assert.deepEqual(await events(), ['save', 'cancel', 'refresh']);
    await p.page.evaluate(() => { (window as unknown as TestWindow).field.save.disabled = true; (window as unknown as TestWindow).field.save.busy = true; });
    // The toolkit disables its inner <button> on its next render.
    await p.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Cancel');
    await p.page.keyboard.press('Shift+Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement === document.body), true, 'the disabled Save is skipped');
    assert.equal((await accessibleNode(p.page, 'button', 'Save')).name, 'Save');
    assert.deepEqual(await events(), ['save', 'cancel', 'refresh']);
    await assertNoSeriousViolations(p.page, 'buttons');
  });

  it('progress ring, tag, divider and data grid: their roles and names; arrow keys move through the grid', async () => {
    await p.page.evaluate(() => {
      const { ui } = (window as unknown as TestWindow);
      const grid = ui.dataGrid([{ title: '#' }, { title: 'UTC' }], 'Next runs', { part: 'runs' });
      grid.setRows([['1', { text: 'Wed 14:00 UTC', data: { utc: '2024-05-01T14:00:00Z' } }], ['2', { text: 'Wed 20:00 UTC', data: { utc: '2024-05-01T20:00:00Z' } }]]);
      document.getElementById('root')!.append(ui.progressRing('Checking the connection'), ui.tag('Beta'), ui.divider(), grid.element);
    });
    assert.equal((await accessibleNode(p.page, 'progressbar', 'Checking the connection')).name, 'Checking the connection');
    assert.equal(await p.page.locator('.ui-tag').textContent(), 'Beta');
    assert.equal((await accessibleNode(p.page, 'separator', '')).role, 'separator');
    assert.equal((await accessibleNode(p.page, 'grid', 'Next runs')).name, 'Next runs');
    assert.deepEqual(await p.page.locator('[data-part="runs"] [data-utc]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-utc'))), ['2024-05-01T14:00:00Z', '2024-05-01T20:00:00Z']);
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '#');
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Wed 14:00 UTC');
    await assertNoSeriousViolations(p.page, 'ring, tag, divider and grid');
  });

  it('tabs: arrow keys switch tabs and report the active one', async () => {
    await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const tabs = ui.tabs([{ id: 'fields', label: 'Fields', content: document.createTextNode('the fields') }, { id: 'history', label: 'History', content: document.createTextNode('the runs') }], 'Source');
      tabs.onChange((id) => events.push(id));
      document.getElementById('root')!.append(tabs.element);
      (window as unknown as TestWindow).field = { tabs };
    });
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await p.page.evaluate(() => (window as unknown as TestWindow).field.tabs.active), 'history');
    assert.equal((await events()).at(-1), 'history');
    assert.equal((await accessibleNode(p.page, 'tab', 'History')).focused, true);
    await assertNoSeriousViolations(p.page, 'tabs');
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`every kind at once, with errors, in ${theme === 'dark' ? 'Dark' : 'Light'} Modern: no serious or critical axe violation`, async () => {
      await applyTheme(p.page, theme);
      await p.page.evaluate(() => {
        const { ui } = window as unknown as TestWindow;
        const choices = [{ value: 'a', label: 'Alpha', hint: 'The first.' }, { value: 'b', label: 'Beta' }];
        const fields = [
          ui.textField({ label: 'Name', hint: 'Shown in Stitch.' }), ui.passwordField({ label: 'Password' }), ui.numberField({ label: 'Port' }),
          ui.dateField({ label: 'Start date' }), ui.dateTimeField({ label: 'Anchor' }), ui.dropdown({ label: 'Pick', choices, value: 'a' }),
          ui.checkbox({ label: 'Agree' }), ui.radioGroup({ label: 'Mode', choices, value: 'b' }),
        ];
        for (const f of fields) f.setError(`Fix ${f.control.textContent || 'this'}.`);
        const grid = ui.dataGrid([{ title: '#' }, { title: 'When' }], 'Runs');
        grid.setRows([['1', 'Mon'], ['2', 'Tue']]);
        const tabs = ui.tabs([{ id: 'x', label: 'First', content: document.createTextNode('one') }, { id: 'y', label: 'Second', content: document.createTextNode('two') }], 'Sections');
        document.getElementById('root')!.append(
          ui.h('h1', null, 'All controls'), ...fields.map((f) => f.element),
          ui.button({ label: 'Save' }).element, ui.button({ label: 'Revert', kind: 'secondary' }).element, ui.button({ label: 'Refresh', kind: 'icon', icon: 'refresh' }).element,
          ui.button({ label: 'Disabled', disabled: true }).element, ui.progressRing('Checking'), ui.tag('New'), ui.divider(), grid.element, tabs.element);
      });
      await assertNoSeriousViolations(p.page, `every control in ${theme}`);
    });
  }

  it('h: attributes, data-*, listeners and text children (never HTML); a style prop is refused', async () => {
    const out = await p.page.evaluate(() => {
      const { ui, events } = (window as unknown as TestWindow);
      const node = ui.h('p', { class: 'hint', hidden: false, title: 'x', dataset: { part: 'note' }, on: { click: () => events.push('clicked') } }, '<b>not bold</b>', ui.h('span', null, 'child'));
      node.dispatchEvent(new Event('click'));
      let refused = '';
      try { ui.h('div', { style: 'color: red' }); } catch (e) { refused = (e as Error).message; }
      return { html: node.outerHTML, events: (window as unknown as TestWindow).events, refused };
    });
    assert.equal(out.html, '<p class="hint" title="x" data-part="note">&lt;b&gt;not bold&lt;/b&gt;<span>child</span></p>');
    assert.deepEqual(out.events, ['clicked']);
    assert.match(out.refused, /CSP/);
  });
});

describe('webview/ui: t, the webviews\' one string function', function () {
  this.timeout(30_000);
  after(async () => { await closeUiBrowser(); });

  it('English without a bundle (placeholders filled); the host\'s bundle translates', async () => {
    const english = await openUiPage();
    try {
      assert.equal(await english.page.evaluate(() => (window as unknown as TestWindow).ui.t('Next {0} runs', 5)), 'Next 5 runs');
    } finally { await english.close(); }
    const german = await openUiPage({ l10n: { 'Next {0} runs': 'Nächste {0} Läufe', 'Save "{0}"': 'Speichern „{0}“' }, lang: 'de' });
    try {
      assert.deepEqual(await german.page.evaluate(() => [(window as unknown as TestWindow).ui.t('Next {0} runs', 5), (window as unknown as TestWindow).ui.t('Save "{0}"', 'a&b'), (window as unknown as TestWindow).ui.t('Untranslated')]),
        ['Nächste 5 Läufe', 'Speichern „a&b“', 'Untranslated']);
    } finally { await german.close(); }
  });
});
