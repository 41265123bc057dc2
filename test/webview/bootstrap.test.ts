import * as assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

describe('webview bundle bootstrap', () => {
  let view: WebviewHarness;
  before(async () => { view = await openWebview(); });
  after(async () => { await view.close(); await closeHarnessBrowser(); });

  it('sends ready with the protocol version before anything else, under a strict CSP', async () => {
    await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    const posted = await view.posted();
    assert.deepEqual(posted[0], { type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual(view.errors, []);
  });

  it('registers the toolkit components as custom elements', async () => {
    const defined = await view.page.evaluate(() => ['vscode-button', 'vscode-text-field', 'vscode-dropdown', 'vscode-checkbox']
      .map((name) => Boolean(customElements.get(name))));
    assert.deepEqual(defined, [true, true, true, true]);
  });
});
