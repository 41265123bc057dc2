import * as assert from 'node:assert/strict';
import type { SourceStatusView } from '../../src/protocol';
import { closeHarnessBrowser, openWebview, type WebviewHarness } from './harness';

/** The panel host's status strip, as every panel shows it (here on the schedule and selection views). */
describe('webview status strip (host/sourceStatus)', () => {
  after(async () => { await closeHarnessBrowser(); });

  const strip = (view: WebviewHarness) => view.page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-part="sourceStatus"]');
    return el ? { text: el.textContent, hidden: el.hidden, state: el.dataset.state, role: el.getAttribute('role'), beforeRoot: el.nextElementSibling?.id === 'root', shown: el.getBoundingClientRect().height > 0 } : undefined;
  });
  const status = (over: Partial<SourceStatusView>): SourceStatusView => ({ sourceId: 7, name: 'Shop DB', paused: false, deleted: false, text: '', ...over });

  for (const view of ['schedule', 'selection']) {
    it(`${view}: hidden until the host says something; paused, then deleted, then nothing`, async () => {
      const page = await openWebview({ bodyAttributes: `data-view="${view}"` });
      try {
        assert.deepEqual(await strip(page), { text: '', hidden: true, state: undefined, role: 'status', beforeRoot: true, shown: false });
        await page.send({ type: 'event', name: 'host/sourceStatus', payload: status({ paused: true, text: '"Shop DB" is paused in Stitch.' }) });
        await page.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-part="sourceStatus"]')?.hidden === false);
        assert.deepEqual(await strip(page), { text: '"Shop DB" is paused in Stitch.', hidden: false, state: 'paused', role: 'status', beforeRoot: true, shown: true });
        await page.send({ type: 'event', name: 'host/sourceStatus', payload: status({ deleted: true, text: '"Shop DB" was deleted in Stitch.' }) });
        await page.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-part="sourceStatus"]')?.dataset.state === 'deleted');
        assert.equal((await strip(page))?.text, '"Shop DB" was deleted in Stitch.');
        await page.send({ type: 'event', name: 'host/sourceStatus', payload: status({ text: '' }) });
        await page.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-part="sourceStatus"]')?.hidden === true);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.close();
      }
    });
  }
});
