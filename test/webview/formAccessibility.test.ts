// axe-core on the setup form in every state it shows (empty, filled, errors, connection check
// running, OAuth waiting, check failed, the destination form), in VS Code's Dark and Light Modern
// colours, under the panels' CSP without 'unsafe-inline': no serious or critical violation, no CSP
// violation. Plus what axe can't see: labels, the stepper's roles, errors announced and described.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportCard } from '../../src/core/reportCard';
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { repoRoot } from '../support/paths';
import { assertNoSeriousViolations } from './axe';
import {
  closeStrictBrowser, describedBy, docsPostgresCard, newPostgresState, newSourceState, openStrictForm, waitForRequest, type FormPage,
} from './formSupport';
import type { ThemeName } from './uiTheme';

const CHECK_PHASES = (check: 'running' | 'failed' | 'skipped', discovery: 'pending' | 'failed') =>
  [{ name: 'check' as const, title: 'Connection check', status: check }, { name: 'discovery' as const, title: 'Discovery', status: discovery }];

/** The states of an existing source the host sends: the card's edit form with a stage. */
function editState(stage: SourceFormState['stage'], extra: Partial<SourceFormState> = {}): SourceFormState {
  return newSourceState('platform.recurly', { key: { kind: 'source', sourceId: 5 }, mode: 'edit', stage, displayName: 'Recurly', values: { subdomain: 'acme' }, schemaName: 'recurly', ...extra })!;
}

async function audit(view: FormPage, state: string): Promise<void> {
  // The toolkit renders attribute changes on the next frame.
  await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await assertNoSeriousViolations(view.page, state);
  assert.deepEqual(await view.cspViolations(), [], `${state}: no CSP violation (no style attribute, no inline style)`);
  assert.deepEqual(view.errors, [], `${state}: no page error`);
}

describe('setup form accessibility (axe-core, every state)', function () {
  this.timeout(120_000);
  let postgres: ReportCard | undefined;
  before(function () {
    postgres = docsPostgresCard();
    if (!postgres || !newSourceState('platform.recurly')) { console.warn('    (skipped: ../shared/fixtures/stitch-docs absent)'); this.skip(); }
  });
  after(async () => { await closeStrictBrowser(); });

  for (const theme of ['dark', 'light'] as ThemeName[]) {
    it(`a new source: empty, filled, errors, then checking (${theme})`, async () => {
      const view = await openStrictForm(newSourceState('platform.recurly')!, { theme });
      try {
        await audit(view, `empty (${theme})`);
        await view.page.keyboard.type('My Recurly');
        await view.page.keyboard.press('Tab');
        await view.page.keyboard.type('2024-03-01');
        for (let i = 0; i < 5 && (await view.page.evaluate(() => document.activeElement?.id)) !== 'f-api_key'; i++) await view.page.keyboard.press('Tab');
        await view.page.keyboard.type('secret-key');
        await audit(view, `filled (${theme})`);
        await view.page.keyboard.press('Enter');
        const submit = await waitForRequest(view, 'sourceForm/submit');
        await view.send({ type: 'response', id: submit.id, ok: true, result: { ok: false, errors: { subdomain: 'Subdomain is required.', quota_limit: 'API quota share must be a whole number.' }, banner: { kind: 'error', text: 'Fix the highlighted fields, then try again.' } } });
        await view.page.waitForFunction(() => document.getElementById('e-subdomain')?.textContent === 'Subdomain is required.');
        await audit(view, `errors (${theme})`);
        await view.send({ type: 'event', name: 'sourceForm/state', payload: editState('checking', { check: { status: 'running', phases: CHECK_PHASES('running', 'pending') } }) });
        await view.page.waitForSelector('#status[data-stage="checking"]');
        await audit(view, `checking (${theme})`);
      } finally { await view.close(); }
    });

    it(`an existing source: OAuth waiting, check failed; a destination form (${theme})`, async () => {
      const oauth = await openStrictForm(editState('oauth'), { theme });
      try {
        await oauth.page.waitForSelector('#status[data-stage="oauth"]');
        await audit(oauth, `OAuth waiting (${theme})`);
        await oauth.send({ type: 'event', name: 'sourceForm/state', payload: editState('checkFailed', {
          check: { status: 'failed', phases: CHECK_PHASES('skipped', 'failed'), message: '401 Client Error: Unauthorized' },
          banner: { kind: 'error', text: 'The connection check failed. Fix the settings below, retype the credentials, and retry.' },
        }) });
        await oauth.page.waitForSelector('#check-message');
        await audit(oauth, `check failed (${theme})`);
      } finally { await oauth.close(); }
      const destination = await openStrictForm(newPostgresState(postgres!), { theme });
      try { await audit(destination, `destination form (${theme})`); } finally { await destination.close(); }
    });
  }

  it('its stylesheet rules use the theme\'s colours only (--vscode-* variables, no literal colour)', () => {
    const css = fs.readFileSync(path.join(repoRoot, 'media', 'webview.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const rules = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].filter((m) => /\.sf-/.test(m[1]!));
    assert.ok(rules.length > 30, `${rules.length} form rules read`);
    // Each declaration's value, without the variables' names ("--vscode-charts-green" is not a colour).
    const values = (body: string) => body.split(';').map((d) => d.slice(d.indexOf(':') + 1).replace(/--[\w-]+/g, ''));
    const literal = rules.filter((m) => values(m[2]!).some((v) => /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|\b(?:white|black|red|green|blue|gray|grey)\b/i.test(v))).map((m) => m[1]!.trim());
    assert.deepEqual(literal, []);
  });

  it('labels every control, exposes the stepper as a list with the current step, and describes and announces errors', async () => {
    const view = await openStrictForm(newSourceState('platform.recurly')!);
    try {
      const stepper = await view.page.$eval('ol.sf-stepper', (ol) => ({
        label: ol.getAttribute('aria-label'), items: ol.querySelectorAll(':scope > li').length, current: [...ol.querySelectorAll('[aria-current="step"]')].map((li) => li.getAttribute('data-step')),
      }));
      assert.deepEqual(stepper, { label: 'Setup steps', items: 4, current: ['form'] });
      const cdp = await view.page.context().newCDPSession(view.page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree') as unknown as { nodes: Array<{ ignored?: boolean; role?: { value?: string }; name?: { value?: string } }> };
      const controls = nodes.filter((n) => !n.ignored && ['textbox', 'combobox', 'checkbox', 'date', 'DateTime'].includes(String(n.role?.value)));
      assert.ok(controls.length >= 7, `${controls.length} controls in the accessibility tree`);
      for (const c of controls) assert.ok(String(c.name?.value ?? '').trim() !== '', `a ${c.role?.value} without a name`);
      // An error is in an aria-live line that describes its control.
      await view.page.evaluate(() => {
        const input = document.getElementById('f-quota_limit') as HTMLInputElement;
        input.value = 'lots';
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      });
      await view.page.waitForFunction(() => (document.getElementById('e-quota_limit')?.textContent ?? '') !== '');
      assert.equal(await view.page.getAttribute('#e-quota_limit', 'aria-live'), 'polite');
      assert.ok((await describedBy(view, 'f-quota_limit')).includes('e-quota_limit'));
      assert.equal(await view.page.getAttribute('#f-quota_limit', 'aria-invalid'), 'true');
    } finally { await view.close(); }
  });
});
