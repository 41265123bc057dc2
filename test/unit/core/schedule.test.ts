import assert from 'node:assert/strict';
import {
  computeSchedule,
  defaultFrequencyChoice,
  frequencyChoices,
  frequencyLabel,
  nextIntervalRuns,
  patternAlternatives,
  scheduleProperties,
  toStitchTimestamp,
} from '../../../src/core/schedule';

const Z = (s: string): Date => new Date(s);
const iso = (dates: Date[]): string[] => dates.map(toStitchTimestamp);
const STITCH_PATTERN = '^1$|^30$|^60$|^360$|^720$|^1440$';

describe('core/schedule', () => {
  describe('frequency choices', () => {
    it('reads both pattern spellings of alternatives', () => {
      assert.deepEqual(patternAlternatives(STITCH_PATTERN), ['1', '30', '60', '360', '720', '1440']);
      assert.deepEqual(patternAlternatives('^(1|30|60)$'), ['1', '30', '60']);
      assert.deepEqual(patternAlternatives('^(us|eu)$'), ['us', 'eu']);
      assert.equal(patternAlternatives('^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$'), undefined);
      assert.equal(patternAlternatives('^[0-9]+$'), undefined);
    });

    it('labels intervals in words', () => {
      assert.equal(frequencyLabel(1), 'Every minute');
      assert.equal(frequencyLabel('30'), 'Every 30 minutes');
      assert.equal(frequencyLabel(60), 'Every hour');
      assert.equal(frequencyLabel(360), 'Every 6 hours');
      assert.equal(frequencyLabel(720), 'Every 12 hours');
      assert.equal(frequencyLabel(1440), 'Every day');
      assert.equal(frequencyLabel(2880), 'Every 2 days');
      assert.equal(frequencyLabel(90), 'Every 90 minutes');
    });

    it('builds sorted choices from a schema and falls back to the documented values', () => {
      const choices = frequencyChoices({ type: 'string', pattern: '^60$|^1$|^30$' });
      assert.deepEqual(choices.map((c) => c.value), ['1', '30', '60']);
      assert.deepEqual(choices.map((c) => c.label), ['Every minute', 'Every 30 minutes', 'Every hour']);
      assert.equal(frequencyChoices(null).length, 6);
      assert.equal(defaultFrequencyChoice(frequencyChoices({ pattern: STITCH_PATTERN }), 30)?.value, '30');
      assert.equal(defaultFrequencyChoice(frequencyChoices({ pattern: STITCH_PATTERN }), 120)?.value, '60');
      assert.equal(defaultFrequencyChoice(frequencyChoices({ pattern: STITCH_PATTERN }), null)?.value, '60');
    });
  });

  describe('nextIntervalRuns', () => {
    it('aligns to the anchor: 03:30 with 360 minutes gives 09:30, 15:30, 21:30, 03:30 (reference §7.2)', () => {
      const runs = nextIntervalRuns(360, Z('2024-05-01T03:30:00Z'), Z('2024-05-01T04:00:00Z'), 4);
      assert.deepEqual(iso(runs), ['2024-05-01T09:30:00Z', '2024-05-01T15:30:00Z', '2024-05-01T21:30:00Z', '2024-05-02T03:30:00Z']);
    });

    it('stays on the anchor grid many days later and excludes an exact grid time', () => {
      const runs = nextIntervalRuns(720, Z('2018-11-06T22:00:00.000Z'), Z('2020-06-22T22:00:00Z'), 2);
      assert.deepEqual(iso(runs), ['2020-06-23T10:00:00Z', '2020-06-23T22:00:00Z']);
    });

    it('treats a future anchor as the phase of the grid, as the emulator does', () => {
      const runs = nextIntervalRuns(60, Z('2024-05-02T00:15:00Z'), Z('2024-05-01T12:00:00Z'), 2);
      assert.deepEqual(iso(runs), ['2024-05-01T12:15:00Z', '2024-05-01T13:15:00Z']);
      // The case the schedule editor and the emulator disagreed on: 360 min anchored at 03:30 two days ahead.
      assert.deepEqual(iso(nextIntervalRuns(360, Z('2024-05-03T03:30:00Z'), Z('2024-05-01T08:00:00Z'), 1)), ['2024-05-01T09:30:00Z']);
    });

    it('counts from `from` without an anchor, and rejects nonsense', () => {
      assert.deepEqual(iso(nextIntervalRuns(30, undefined, Z('2024-05-01T12:10:00Z'), 2)), ['2024-05-01T12:40:00Z', '2024-05-01T13:10:00Z']);
      assert.deepEqual(nextIntervalRuns(0, undefined, new Date(), 3), []);
    });
  });

  describe('computeSchedule', () => {
    const from = Z('2020-06-22T18:07:32Z');

    it('cron wins over frequency and anchor', () => {
      const result = computeSchedule(
        { cron_expression: '0 0 12 ? * MON-FRI *', frequency_in_minutes: '60', anchor_time: '2018-11-06T22:00:00.000Z' },
        { from, count: 2 },
      );
      assert.ok(result.ok);
      assert.equal(result.mode, 'cron');
      assert.equal(result.description, 'At 12:00 UTC, Monday through Friday');
      assert.deepEqual(iso(result.nextRuns), ['2020-06-23T12:00:00Z', '2020-06-24T12:00:00Z']);
      assert.deepEqual(result.schedule, { type: 'cron', cron_expression: '0 0 12 ? * MON-FRI *', next_fire_time: '2020-06-23T12:00:00Z' });
    });

    it('frequency plus anchor gives anchor scheduling (the §5.1 GitHub example)', () => {
      const result = computeSchedule({ anchor_time: '2018-11-06T22:00:00.000Z', cron_expression: null, frequency_in_minutes: '60' }, { from });
      assert.ok(result.ok);
      assert.equal(result.mode, 'anchored');
      assert.equal(result.nextRuns.length, 5);
      assert.deepEqual(result.schedule, { type: 'interval', unit: 'minute', interval: 60, next_fire_time: '2020-06-22T19:00:00Z' });
      assert.equal(result.description, 'Every hour, anchored at 22:00 UTC');
    });

    it('frequency alone is interval scheduling; no frequency uses the type default', () => {
      const plain = computeSchedule({ frequency_in_minutes: '360' }, { from, count: 1 });
      assert.ok(plain.ok && plain.mode === 'interval');
      assert.deepEqual(iso(plain.nextRuns), ['2020-06-23T00:07:32Z']);
      const defaulted = computeSchedule({}, { from, count: 1, defaultFrequencyMinutes: 30 });
      assert.ok(defaulted.ok && defaulted.schedule?.type === 'interval' && defaulted.schedule.interval === 30);
    });

    it('reports an invalid cron or anchor against its field', () => {
      const bad = computeSchedule({ cron_expression: '0 0 12 * * MON' }, { from });
      assert.ok(!bad.ok && bad.field === 'cron_expression' && /cannot both be specified/.test(bad.message));
      const badAnchor = computeSchedule({ frequency_in_minutes: '60', anchor_time: 'yesterday' }, { from });
      assert.ok(!badAnchor.ok && badAnchor.field === 'anchor_time');
    });

    it('has no schedule object for a cron that never fires again', () => {
      const result = computeSchedule({ cron_expression: '0 0 0 1 1 ? 2019' }, { from });
      assert.ok(result.ok && result.nextRuns.length === 0 && result.schedule === undefined);
    });
  });

  it('scheduleProperties clears the fields of the other modes', () => {
    assert.deepEqual(scheduleProperties({ mode: 'interval', frequency: '60' }), { frequency_in_minutes: '60', anchor_time: null, cron_expression: null });
    assert.deepEqual(scheduleProperties({ mode: 'anchored', frequency: '360', anchorTime: Z('2024-05-01T03:30:00Z') }), {
      frequency_in_minutes: '360',
      anchor_time: '2024-05-01T03:30:00.000Z',
      cron_expression: null,
    });
    assert.deepEqual(scheduleProperties({ mode: 'cron', cronExpression: ' 0 0 12 ? * MON-FRI ' }), { cron_expression: '0 0 12 ? * MON-FRI' });
  });
});
