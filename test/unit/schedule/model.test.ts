// The webview's schedule view model in plain Node: local <-> UTC conversion (in fixed zones via TZ),
// formatting, and restoring drafts from webview state.
import assert from 'node:assert/strict';
import type { ScheduleSetup } from '../../../src/protocol/schedule';
import {
  formatLocal, formatUtc, isoFromLocalInput, localInputFromIso, restoreDraft, runRows, sameDraft, startingDraft,
} from '../../../webview/schedule/model';

function inZone<T>(zone: string, body: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.TZ; else process.env.TZ = before;
  }
}

const setup: ScheduleSetup = {
  frequencies: [{ value: '60', label: 'Every hour' }, { value: '360', label: 'Every 6 hours' }],
  defaultFrequency: '60',
  initial: { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '' },
  cronNote: 'note',
};

describe('schedule view model (webview)', () => {
  describe('local date-time <-> UTC', () => {
    it('stores a local pick as ISO UTC and shows it back as the same local time', () => {
      inZone('America/New_York', () => {
        assert.deepEqual(isoFromLocalInput('2024-07-01T03:30'), { iso: '2024-07-01T07:30:00.000Z', adjusted: false }); // EDT, UTC-4
        assert.deepEqual(isoFromLocalInput('2024-01-15T03:30'), { iso: '2024-01-15T08:30:00.000Z', adjusted: false }); // EST, UTC-5
        assert.equal(localInputFromIso('2024-07-01T07:30:00.000Z'), '2024-07-01T03:30');
      });
      inZone('Asia/Kolkata', () => {
        assert.equal(isoFromLocalInput('2024-03-01T00:00')?.iso, '2024-02-29T18:30:00.000Z'); // UTC+5:30, across a leap day
        assert.equal(localInputFromIso('2024-02-29T18:30:00.000Z'), '2024-03-01T00:00');
      });
      inZone('UTC', () => assert.equal(isoFromLocalInput('2024-05-01T09:30:15')?.iso, '2024-05-01T09:30:15.000Z'));
    });

    it('flags a local time that a daylight-saving gap skips, and stores the moved time', () => {
      inZone('Europe/Berlin', () => {
        const gap = isoFromLocalInput('2024-03-31T02:30'); // clocks jump 02:00 -> 03:00
        assert.ok(gap);
        assert.equal(gap.adjusted, true);
        assert.equal(localInputFromIso(gap.iso), '2024-03-31T03:30');
        // The repeated hour in autumn is a real time: not adjusted.
        assert.equal(isoFromLocalInput('2024-10-27T02:30')?.adjusted, false);
      });
    });

    it('refuses incomplete or impossible dates', () => {
      assert.equal(isoFromLocalInput(''), undefined);
      assert.equal(isoFromLocalInput('2024-05-01'), undefined);
      assert.equal(isoFromLocalInput('2023-02-29T10:00'), undefined); // not a leap year
      assert.equal(isoFromLocalInput('2024-04-31T10:00'), undefined);
      assert.equal(isoFromLocalInput('2024-13-01T10:00'), undefined);
      assert.ok(isoFromLocalInput('2024-02-29T10:00')); // leap year
      assert.equal(localInputFromIso(''), '');
      assert.equal(localInputFromIso('garbage'), '');
    });
  });

  describe('formatting fire times', () => {
    it('shows UTC and a named zone, with seconds only when set', () => {
      assert.equal(formatUtc('2024-05-01T09:30:00.000Z'), 'Wed 2024-05-01 09:30 UTC');
      assert.equal(formatUtc('2024-05-01T09:30:15Z'), 'Wed 2024-05-01 09:30:15 UTC');
      assert.equal(formatLocal('2024-05-01T09:30:00.000Z', 'America/New_York'), 'Wed 2024-05-01 05:30 EDT');
      assert.equal(formatLocal('2024-12-01T00:15:00.000Z', 'America/Los_Angeles'), 'Sat 2024-11-30 16:15 PST');
      assert.equal(formatUtc('nope'), '');
    });

    it('names the weekday in the page\'s display language (VS Code sets <html lang>); the numbers keep one form', () => {
      const page = globalThis as { document?: unknown };
      const saved = page.document;
      try {
        page.document = { documentElement: { lang: 'de' } };
        assert.equal(formatUtc('2024-05-01T09:30:00.000Z'), `${new Intl.DateTimeFormat('de', { weekday: 'short', timeZone: 'UTC' }).format(new Date('2024-05-01T09:30:00Z'))} 2024-05-01 09:30 UTC`);
        assert.doesNotMatch(formatUtc('2024-05-01T09:30:00.000Z'), /^Wed/);
        assert.match(formatLocal('2024-12-01T00:15:00.000Z', 'America/Los_Angeles'), / 2024-11-30 16:15 PST$/, 'the day is the zone\'s, the numbers as before');
        page.document = { documentElement: { lang: 'not a language tag!' } };
        assert.equal(formatUtc('2024-05-01T09:30:00.000Z'), 'Wed 2024-05-01 09:30 UTC', 'a tag Intl can\'t read: English');
        page.document = { documentElement: { lang: '' } };
        assert.equal(formatUtc('2024-05-01T09:30:00.000Z'), 'Wed 2024-05-01 09:30 UTC');
      } finally {
        page.document = saved;
      }
    });

    it('crosses a DST change correctly run by run', () => {
      const rows = runRows(['2024-03-10T06:30:00.000Z', '2024-03-10T07:30:00.000Z'], 'America/New_York');
      assert.deepEqual(rows.map((r) => r.local), ['Sun 2024-03-10 01:30 EST', 'Sun 2024-03-10 03:30 EDT']);
      assert.deepEqual(rows.map((r) => r.utc), ['Sun 2024-03-10 06:30 UTC', 'Sun 2024-03-10 07:30 UTC']);
    });

    it('uses the machine zone by default', () => {
      inZone('Asia/Tokyo', () => assert.equal(formatLocal('2024-05-01T09:30:00.000Z'), 'Wed 2024-05-01 18:30 GMT+9'));
    });
  });

  describe('drafts', () => {
    it('restores only a well-formed draft from state', () => {
      const d = { mode: 'cron', frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * *' };
      assert.deepEqual(restoreDraft(d), d);
      assert.equal(restoreDraft({ ...d, mode: 'weekly' }), undefined);
      assert.equal(restoreDraft({ ...d, frequency: 60 }), undefined);
      assert.equal(restoreDraft(null), undefined);
      assert.equal(restoreDraft('x'), undefined);
    });

    it('starts from the restored draft, dropping a frequency the type no longer allows', () => {
      assert.deepEqual(startingDraft(setup, undefined), setup.initial);
      assert.deepEqual(startingDraft(setup, { mode: 'anchored', frequency: '360', anchorTime: '2024-01-01T00:00:00.000Z', cronExpression: '' }).frequency, '360');
      assert.deepEqual(startingDraft(setup, { mode: 'interval', frequency: '5', anchorTime: '', cronExpression: '' }).frequency, '60');
    });

    it('compares drafts by what their mode uses', () => {
      const base = { mode: 'cron' as const, frequency: '60', anchorTime: '', cronExpression: '0 0 12 ? * *' };
      assert.ok(sameDraft(base, { ...base, frequency: '360', cronExpression: ' 0 0 12 ? * * ' }));
      assert.ok(!sameDraft(base, { ...base, cronExpression: '0 0 13 ? * *' }));
      const anchored = { mode: 'anchored' as const, frequency: '60', anchorTime: '2024-01-01T00:00:00Z', cronExpression: '' };
      assert.ok(sameDraft(anchored, { ...anchored, anchorTime: '2024-01-01T00:00:00.000Z' }));
      assert.ok(!sameDraft(anchored, { ...anchored, mode: 'interval' }));
    });
  });
});
