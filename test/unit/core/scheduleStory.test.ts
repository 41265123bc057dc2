import * as assert from 'node:assert/strict';
import type { ReportCard, Source } from '../../../src/api';
import { anchoredByStitch, anchorNote, storedIntervalText } from '../../../src/core/scheduleStory';
import { currentScheduleView, plainT, previewDraft, scheduleSetup } from '../../../src/panels/schedule/logic';
import { startEmulator, type RunningEmulator } from '../../emulator';

describe('schedule story: the mode chosen, what Stitch stored, and why they differ', () => {
  const created = '2026-11-26T09:48:12Z';

  it('an anchor at the creation moment is Stitch\'s own; a chosen one, a cron, or none is not', () => {
    assert.equal(anchoredByStitch({ created_at: created, properties: { frequency_in_minutes: '60', anchor_time: '2026-11-26T09:48:12.345Z' } }), true);
    assert.equal(anchoredByStitch({ created_at: created, properties: { frequency_in_minutes: '60', anchor_time: '2026-11-20T03:30:00.000Z' } }), false);
    assert.equal(anchoredByStitch({ created_at: created, properties: { anchor_time: '2026-11-26T09:48:12Z', cron_expression: '0 0 12 ? * MON-FRI' } }), false);
    assert.equal(anchoredByStitch({ created_at: created, properties: { frequency_in_minutes: '60' } }), false);
    assert.equal(storedIntervalText(60, { properties: { anchor_time: '2026-11-26T09:48:12Z' } }), 'Every hour, anchored at 09:48 UTC');
    assert.equal(storedIntervalText(360, { properties: {} }), 'Every 6 hours');
  });

  it('says the three things in words: chosen, stored, why', () => {
    const note = anchorNote({ created_at: created, properties: { frequency_in_minutes: '60', anchor_time: '2026-11-26T09:48:12Z' } });
    assert.ok(note);
    assert.match(note, /Chosen at creation: an interval, every hour\./);
    assert.match(note, /Stored by Stitch: every hour, anchored at 09:48 UTC, the moment the source was created\./);
    assert.match(note, /Why they differ: Stitch anchors every interval when it creates a source/);
    assert.equal(anchorNote({ created_at: created, properties: { frequency_in_minutes: '60' } }), undefined);
  });

  describe('against the emulator: a source created with a plain interval', () => {
    let em: RunningEmulator;
    before(async () => { em = await startEmulator({ port: 0, quiet: true, demo: true }); });
    after(async () => { await em.close(); });

    it('the editor\'s top line, its mode, its note and its preview tell one story that matches Stitch\'s next run', async () => {
      const headers = { authorization: `Bearer ${em.accounts[0].token}`, 'content-type': 'application/json' };
      const sources = (await (await fetch(`${em.url}/v4/sources`, { headers })).json()) as Source[];
      // The demo's Recurly was created with frequency 60 and the anchor Stitch sets at creation.
      const recurly = sources.find((s) => s.display_name === 'Recurly')!;
      assert.ok(recurly.schedule && recurly.schedule.type === 'interval');
      const card = (await (await fetch(`${em.url}/v4/source-types/${recurly.type}`, { headers })).json()) as ReportCard;
      const current = currentScheduleView(recurly, plainT);
      assert.match(current.summary, /^Every hour, anchored at \d\d:\d\d UTC \(set by Stitch when the source was created\)$/);
      const setup = scheduleSetup(card, recurly.properties ?? {}, plainT, recurly.created_at);
      assert.equal(setup.initial.mode, 'anchored', 'the editor shows what runs');
      assert.ok(setup.anchorNote?.includes(current.summary.slice(0, 'Every hour, anchored at 00:00 UTC'.length).replace('Every hour', 'every hour')));
      const preview = previewDraft(setup.initial, new Date(), undefined, plainT);
      assert.ok(preview.ok);
      // Stitch reports next_fire_time to the second; the anchor keeps its milliseconds.
      assert.ok(Math.abs(Date.parse(preview.runs[0]!) - Date.parse(recurly.schedule.next_fire_time!)) < 1000, `preview ${preview.runs[0]} vs Stitch ${recurly.schedule.next_fire_time}`);

      // A new source, created the way the form does with "Interval · Every hour (default)": no anchor sent.
      const created = (await (await fetch(`${em.url}/v4/sources`, { method: 'POST', headers, body: JSON.stringify({
        type: 'platform.recurly', display_name: 'Recurly Two', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'acme2', quota_limit: '80', frequency_in_minutes: '60' },
      }) })).json()) as Source;
      assert.ok(created.properties?.anchor_time, 'Stitch filled in the anchor');
      const fresh = scheduleSetup(card, created.properties ?? {}, plainT, created.created_at);
      assert.equal(fresh.initial.mode, 'anchored');
      assert.match(fresh.anchorNote ?? '', /Chosen at creation: an interval, every hour\. Stored by Stitch: every hour, anchored at/);
    });
  });
});
