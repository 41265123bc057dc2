import assert from 'node:assert/strict';
import { describeQuartz, isValidQuartz, nextFireTimes, parseQuartz, quartzRuns, quartzWarnings, type QuartzField } from '../../../src/core/quartz';

// Expected times below were worked out by hand from a calendar (2024-01-01 is a Monday,
// 2024 is a leap year, 2025-01-01 is a Wednesday), not produced by the code under test; those
// marked "Quartz:" are what Quartz 2.3.2 itself answers (test/oracle), where it is surprising.
const Z = (s: string): Date => new Date(s.includes('T') ? `${s}Z` : `${s}T00:00:00Z`);
const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString().replace('.000Z', ''));

interface Case {
  expr: string;
  from: string;
  expected: string[];
  why: string;
}

const cases: Case[] = [
  { expr: '0 30 2 ? * MON-FRI', from: '2024-01-05T03:00:00', expected: ['2024-01-08T02:30:00', '2024-01-09T02:30:00', '2024-01-10T02:30:00'], why: 'weekday range skips the weekend' },
  { expr: '0 0 12 ? * MON-FRI *', from: '2024-01-06', expected: ['2024-01-08T12:00:00', '2024-01-09T12:00:00'], why: 'Stitch doc example with * year' },
  { expr: '0 0/15 * * * ?', from: '2024-01-01T00:07:30', expected: ['2024-01-01T00:15:00', '2024-01-01T00:30:00', '2024-01-01T00:45:00', '2024-01-01T01:00:00'], why: 'step from zero' },
  { expr: '0 5-50/15 * * * ?', from: '2024-01-01T00:50:00', expected: ['2024-01-01T01:05:00', '2024-01-01T01:20:00', '2024-01-01T01:35:00', '2024-01-01T01:50:00', '2024-01-01T02:05:00'], why: 'stepped range 5,20,35,50' },
  { expr: '*/10 * * * * ?', from: '2024-01-01T00:00:05', expected: ['2024-01-01T00:00:10', '2024-01-01T00:00:20'], why: '*/n on seconds' },
  { expr: '30 * * * * ?', from: '2024-01-01T00:00:30', expected: ['2024-01-01T00:01:30', '2024-01-01T00:02:30'], why: 'strictly after an exact match' },
  { expr: '0 0 0 L * ?', from: '2024-01-31', expected: ['2024-02-29', '2024-03-31', '2024-04-30'], why: 'last day, leap February' },
  { expr: '0 0 0 L * ?', from: '2023-01-31', expected: ['2023-02-28'], why: 'last day, common February' },
  { expr: '0 0 0 L-3 * ?', from: '2024-02-01', expected: ['2024-02-26', '2024-03-28', '2024-04-27'], why: 'offset from last day' },
  { expr: '0 0 12 L-30 * ?', from: '2024-01-15', expected: ['2024-03-01T12:00:00', '2024-05-01T12:00:00'], why: 'L-30 only exists in 31-day months' },
  { expr: '0 0 0 LW * ?', from: '2024-03-01', expected: ['2024-03-29', '2024-04-30', '2024-05-31', '2024-06-28'], why: 'last weekday: 31 Mar and 30 Jun are Sundays' },
  { expr: '0 0 0 15W * ?', from: '2024-06-01', expected: ['2024-06-14', '2024-07-15', '2024-08-15', '2024-09-16'], why: 'Sat 15 -> Fri 14, Sun 15 -> Mon 16' },
  { expr: '0 0 0 1W * ?', from: '2024-05-31', expected: ['2024-06-03', '2024-07-01'], why: 'Sat 1st moves forward to Monday, never into the previous month' },
  { expr: '0 0 0 31W * ?', from: '2025-08-01', expected: ['2025-08-29', '2025-10-31'], why: 'Sun 31st moves back to Friday; 30-day September skipped' },
  { expr: '0 0 0 ? * 6#3', from: '2024-01-01', expected: ['2024-01-19', '2024-02-16', '2024-03-15'], why: 'third Friday' },
  { expr: '0 0 0 ? * FRI#5', from: '2024-01-01', expected: ['2024-03-29', '2024-05-31', '2024-08-30'], why: 'fifth Friday only in months that have one' },
  { expr: '0 0 0 ? * MON#1', from: '2024-09-01', expected: ['2024-09-02', '2024-10-07'], why: 'first Monday' },
  { expr: '0 0 0 ? * 5L', from: '2024-01-01', expected: ['2024-01-25', '2024-02-29', '2024-03-28'], why: 'last Thursday' },
  { expr: '0 0 0 ? * WEDL', from: '2024-01-01', expected: ['2024-01-31', '2024-02-28'], why: 'last Wednesday by name (the W of WED is not the W special)' },
  { expr: '0 15 10 ? * 6L 2025', from: '2025-01-01', expected: ['2025-01-31T10:15:00', '2025-02-28T10:15:00'], why: 'last Friday in a year' },
  { expr: '0 15 10 ? * 6L 2002-2005', from: '2024-01-01', expected: [], why: 'years in the past never fire' },
  { expr: '0 0 0 29 2 ? *', from: '2024-03-01', expected: ['2028-02-29', '2032-02-29'], why: 'leap days only' },
  { expr: '0 0 0 29 FEB ? 2100', from: '2024-01-01', expected: [], why: '2100 is not a leap year (Quartz accepts years after 2099)' },
  { expr: '0 0 0 1 1 ? 2100', from: '2026-01-01', expected: ['2100-01-01'], why: 'Quartz: years after 2099 fire' },
  { expr: '0 0 0 1 * ? 1969', from: '2026-01-01', expected: [], why: 'Quartz: a year before 1970 is accepted and never fires' },
  { expr: '0 0 0 ? 2 MON#5', from: '2026-01-01', expected: ['2044-02-29', '2072-02-29', '2112-02-29'], why: 'Quartz: fifth Monday of February, searched up to a hundred years ahead' },
  { expr: '0 0 0 1 JAN/3 ?', from: '2026-01-01', expected: ['2027-01-01', '2028-01-01'], why: 'Quartz: a step after a month name is ignored' },
  { expr: '0 0 0 ? 1 MON/2', from: '2023-06-01', expected: ['2024-01-01', '2024-01-08', '2024-01-15'], why: 'Quartz: a step after a day name is ignored' },
  { expr: '0 0 0 ? * MON-FRI/2', from: '2024-01-01', expected: ['2024-01-02', '2024-01-03', '2024-01-04'], why: 'Quartz: a step after a name range is ignored' },
  { expr: '0 0 0 1 JAN-JUN/2 ?', from: '2024-01-01', expected: ['2024-02-01', '2024-03-01', '2024-04-01'], why: 'Quartz: JAN-JUN/2 is JAN-JUN' },
  { expr: '0 0 0 30W FEB ?', from: '2026-01-01', expected: ['2036-02-29', '2064-02-29'], why: 'Quartz: "30 February" rolls over to a Saturday 1 March and moves back to 29 February' },
  { expr: '0 0 0 31W * ?', from: '2026-01-01', expected: ['2026-01-30', '2026-03-31', '2026-05-29', '2026-07-31'], why: 'Quartz: months without a 31st roll over and are passed' },
  { expr: '5* 0. 0 ? * MON', from: '2026-01-01', expected: ['2026-01-05T00:00:05', '2026-01-12T00:00:05'], why: 'Quartz: trailing characters ignored' },
  { expr: '*/0 0 0 ? * 2', from: '2026-01-01', expected: ['2026-01-05T00:00:00', '2026-01-05T00:00:01'], why: 'Quartz: */0 is *' },
  { expr: '/5 0 0 ? * 2', from: '2026-01-01', expected: ['2026-01-05T00:00:00', '2026-01-05T00:00:05'], why: 'Quartz: /5 is */5' },
  { expr: '0 0 12 5, * ?', from: '2024-01-01', expected: ['2024-01-05T12:00:00', '2024-02-05T12:00:00'], why: 'Quartz: empty list items skipped' },
  { expr: '0 0 12 * * ? 2024 x', from: '2024-01-01', expected: ['2024-01-01T12:00:00', '2024-01-02T12:00:00'], why: 'Quartz: fields after the 7th ignored' },
  { expr: '0 0 0 ? * MONDAY', from: '2026-01-01', expected: ['2026-01-05', '2026-01-12'], why: 'Quartz: MONDAY read as MON' },
  { expr: '0 0 12 ?x * 2', from: '2024-01-01', expected: ['2024-01-01T12:00:00', '2024-01-08T12:00:00'], why: 'Quartz: one character after ? is ignored' },
  { expr: '0 0 0 ? * MON,2#1', from: '2026-01-01', expected: ['2026-01-05', '2026-02-02', '2026-03-02'], why: 'Quartz: # with a list uses the first day' },
  { expr: '0 0 0 ? * LW', from: '2024-01-01', expected: ['2024-01-06', '2024-01-13'], why: 'Quartz: LW in day-of-week is L, Saturday' },
  { expr: '0\t0\t12\t*\t*\t?', from: '2024-01-01', expected: ['2024-01-01T12:00:00'], why: 'tabs separate fields' },
  { expr: '0 0 0 1 JAN-MAR ? 2025-2026', from: '2024-06-01', expected: ['2025-01-01', '2025-02-01', '2025-03-01', '2026-01-01', '2026-02-01', '2026-03-01'], why: 'month names and year range' },
  { expr: '0 0 0 1 1 ? 2030,2040', from: '2024-01-01', expected: ['2030-01-01', '2040-01-01'], why: 'year list' },
  { expr: '0 0 0 1 1 ? 2030/5', from: '2024-01-01', expected: ['2030-01-01', '2035-01-01', '2040-01-01'], why: 'year step' },
  { expr: '0 0 0 30 2 ?', from: '2024-01-01', expected: [], why: '30 February never exists' },
  { expr: '0 0 12 1,15 * ?', from: '2024-01-01T12:00:00', expected: ['2024-01-15T12:00:00', '2024-02-01T12:00:00'], why: 'day list, exact boundary excluded' },
  { expr: '0 0 12 * * ?', from: '2024-01-01T11:59:59.999', expected: ['2024-01-01T12:00:00'], why: 'milliseconds before' },
  { expr: '0 0 12 * * ?', from: '2024-01-01T12:00:00.001', expected: ['2024-01-02T12:00:00'], why: 'milliseconds after' },
  { expr: '0 0 22-2 * * ?', from: '2024-01-01T21:00:00', expected: ['2024-01-01T22:00:00', '2024-01-01T23:00:00', '2024-01-02T00:00:00', '2024-01-02T01:00:00', '2024-01-02T02:00:00', '2024-01-02T22:00:00'], why: 'hour range wrapping midnight' },
  { expr: '0 0 0 ? * FRI-MON', from: '2024-01-01', expected: ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'], why: 'weekday range wrapping the week' },
  { expr: '0 0 0 ? * SUN', from: '2024-01-01', expected: ['2024-01-07', '2024-01-14'], why: 'Sunday by name' },
  { expr: '0 0 0 ? * 1', from: '2024-01-01', expected: ['2024-01-07', '2024-01-14'], why: 'Quartz 1 = Sunday' },
  { expr: '0 0 0 ? * L', from: '2024-01-01', expected: ['2024-01-06', '2024-01-13'], why: 'bare L in day-of-week = Saturday' },
  { expr: '0 0 9 ? * 2,4,6', from: '2024-01-01T10:00:00', expected: ['2024-01-03T09:00:00', '2024-01-05T09:00:00', '2024-01-08T09:00:00'], why: 'Mon/Wed/Fri by number' },
  { expr: '0 0 0 1 */3 ?', from: '2024-01-01', expected: ['2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01'], why: 'quarterly' },
  { expr: '0 0 0 1 2/3 ?', from: '2024-01-01', expected: ['2024-02-01', '2024-05-01'], why: 'month step from a start' },
  { expr: '59 59 23 31 DEC ?', from: '2024-06-01', expected: ['2024-12-31T23:59:59', '2025-12-31T23:59:59'], why: 'last second of the year' },
  { expr: '0 0 0 1 1 ? *', from: '2024-12-31T23:59:59', expected: ['2025-01-01'], why: 'year rollover' },
  { expr: '0 0 6,18 ? * *', from: '2024-01-01T06:00:00', expected: ['2024-01-01T18:00:00', '2024-01-02T06:00:00'], why: 'hour list' },
  { expr: '0 30 1 * * ?', from: '2024-03-30', expected: ['2024-03-30T01:30:00', '2024-03-31T01:30:00', '2024-04-01T01:30:00'], why: 'UTC ignores the EU DST switch on 31 March' },
  { expr: '0 30 6 ? * SAT-SUN', from: '2024-11-01', expected: ['2024-11-02T06:30:00', '2024-11-03T06:30:00', '2024-11-09T06:30:00'], why: 'UTC ignores the US DST switch on 3 November' },
  { expr: '0 30 2 ? * mon-fri', from: '2024-01-06', expected: ['2024-01-08T02:30:00'], why: 'names are case-insensitive' },
  { expr: '  0  0  12  ?  *  WED  ', from: '2024-01-01', expected: ['2024-01-03T12:00:00'], why: 'extra whitespace is tolerated' },
];

const invalid: Array<{ expr: string; field?: QuartzField; includes: RegExp }> = [
  { expr: '0 0 12 * * MON', field: 'dayOfWeek', includes: /cannot both be specified/ },
  { expr: '0 0 0 15W * MON', field: 'dayOfWeek', includes: /cannot both be specified/ },
  { expr: '0 0 12 ? * ?', field: 'dayOfWeek', includes: /cannot both be "\?"/ },
  { expr: '60 * * * * ?', field: 'seconds', includes: /^Seconds: 60 is out of range 0-59/ },
  { expr: '0 60 * * * ?', field: 'minutes', includes: /^Minutes: 60 is out of range/ },
  { expr: '0 0 24 * * ?', field: 'hours', includes: /^Hours: 24 is out of range 0-23/ },
  { expr: '0 0 0 32 * ?', field: 'dayOfMonth', includes: /^Day-of-month: 32 is out of range 1-31/ },
  { expr: '0 0 0 0 * ?', field: 'dayOfMonth', includes: /out of range 1-31/ },
  { expr: '0 0 0 ? 13 *', field: 'month', includes: /^Month: 13 is out of range 1-12/ },
  { expr: '0 0 0 ? FOO *', field: 'month', includes: /JAN-DEC/ },
  { expr: '0 0 0 ? * 8', field: 'dayOfWeek', includes: /out of range 1-7/ },
  { expr: '0 0 0 ? * MON#6', field: 'dayOfWeek', includes: /must be 1 to 5/ },
  { expr: '0 0 0 ? * 2#1,3#2', field: 'dayOfWeek', includes: /only one "#"/ },
  { expr: '0 0 0 ? * 1W', field: 'dayOfWeek', includes: /only allowed in day-of-month/ },
  { expr: '0 0 0 L,15 * ?', field: 'dayOfMonth', includes: /cannot be combined/ },
  { expr: '0 0 0 L-31 * ?', field: 'dayOfMonth', includes: /30 or less/ },
  { expr: '0 0 0 #3 * ?', field: 'dayOfMonth', includes: /"#" is not allowed here/ },
  { expr: '0 0 0 3#3 * ?', field: 'dayOfMonth', includes: /only allowed in day-of-week/ },
  { expr: '0 0 5L * * ?', field: 'hours', includes: /only allowed in day-of-week/ },
  { expr: '0 0 ? * * ?', field: 'hours', includes: /"\?" is only allowed/ },
  { expr: '0 0 0 5-x * ?', field: 'dayOfMonth', includes: /"5-X" is not a range of two numbers/ },
  { expr: '0/61 * * * * ?', field: 'seconds', includes: /step 61 is too large/ },
  { expr: '0 */60 * * * ?', field: 'minutes', includes: /step 60 is too large/ },
  { expr: '0 0 */24 * * ?', field: 'hours', includes: /step 24 is too large/ },
  { expr: '5/60 0 0 * * ?', field: 'seconds', includes: /step 60 is too large/ },
  { expr: '0 0 0 * * ? 2011-2009', field: 'year', includes: /runs backwards/ },
  { expr: '0 0 0 ? 1 4-FRI', field: 'dayOfWeek', includes: /not a range of two numbers/ },
  { expr: '0 0 0 1 APR-4 ?', field: 'month', includes: /"4" is not a month/ },
  { expr: '0 0 12\u00a0* * ?', includes: /has 5/ },
  { expr: '0 0 12 * *\n?', includes: /has 5/ },
  { expr: '?x 0 0 ? * 2', field: 'seconds', includes: /only allowed in day-of-month or day-of-week/ },
  { expr: '0 0 0 L-30W * ?', field: 'dayOfMonth', includes: /never finishes/ },
  { expr: '0 0 0 L-28W * ?', field: 'dayOfMonth', includes: /never finishes/ },
  { expr: '0 0 0 0W * ?', field: 'dayOfMonth', includes: /never finishes/ },
  { expr: '0 0 0 * *', includes: /6 or 7 fields.*has 5/ },
  { expr: '', includes: /empty/ },
];

describe('core/quartz', () => {
  describe('nextFireTimes', () => {
    for (const c of cases.filter((c) => !c.expr.includes('2100'))) {
      it(`${c.expr.trim()} (${c.why})`, () => {
        const parsed = parseQuartz(c.expr);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
        const count = Math.max(c.expected.length, 1);
        assert.deepEqual(iso(nextFireTimes(c.expr, Z(c.from), count)), c.expected.map((e) => (e.includes('T') ? e : `${e}T00:00:00`)));
      });
    }

    it('accepts a parsed cron and agrees with the string form', () => {
      const parsed = parseQuartz('0 0/20 8-9 ? * TUE');
      assert.ok(parsed.ok);
      const from = Z('2024-01-01');
      assert.deepEqual(nextFireTimes(parsed.cron, from, 7), nextFireTimes('0 0/20 8-9 ? * TUE', from, 7));
      assert.deepEqual(iso(nextFireTimes(parsed.cron, from, 7)), [
        '2024-01-02T08:00:00', '2024-01-02T08:20:00', '2024-01-02T08:40:00',
        '2024-01-02T09:00:00', '2024-01-02T09:20:00', '2024-01-02T09:40:00', '2024-01-09T08:00:00',
      ]);
    });

    it('returns times strictly increasing and every one matching, over a long run', () => {
      const runs = nextFireTimes('0 0 0 ? * 2#2', Z('2024-01-01'), 120); // second Monday, ten years
      assert.equal(runs.length, 120);
      for (let i = 0; i < runs.length; i++) {
        const d = runs[i]!;
        assert.equal(d.getUTCDay(), 1, `${d.toISOString()} is a Monday`);
        assert.ok(d.getUTCDate() >= 8 && d.getUTCDate() <= 14, `${d.toISOString()} is in the second week`);
        if (i > 0) assert.ok(d > runs[i - 1]!);
      }
    });

    it('handles every-second schedules without scanning and a count of zero', () => {
      assert.equal(nextFireTimes('* * * * * ?', Z('2024-01-01'), 5000).length, 5000);
      assert.deepEqual(nextFireTimes('* * * * * ?', Z('2024-01-01'), 0), []);
    });

    it('throws with the parse message for an invalid string', () => {
      assert.throws(() => nextFireTimes('0 0 12 * * MON', new Date(), 1), /cannot both be specified/);
    });
  });

  describe('parseQuartz validation', () => {
    for (const c of invalid) {
      it(`rejects "${c.expr}"${c.field ? ` in ${c.field}` : ''}`, () => {
        const result = parseQuartz(c.expr);
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.match(result.message, c.includes);
        assert.equal(result.field, c.field);
      });
    }

    it('normalises the expression and exposes the expanded fields', () => {
      const result = parseQuartz(' 0 0/30 9-17 ? jan,jul mon-fri ');
      assert.ok(result.ok);
      // Quartz keeps the text upper-cased and otherwise as typed.
      assert.equal(result.cron.expression, ' 0 0/30 9-17 ? JAN,JUL MON-FRI ');
      assert.deepEqual(result.cron.warnings, []);
      assert.deepEqual(result.cron.minutes, [0, 30]);
      assert.deepEqual(result.cron.hours, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
      assert.deepEqual(result.cron.month, [1, 7]);
      assert.deepEqual(result.cron.dayOfWeek, { kind: 'days', days: [2, 3, 4, 5, 6], parts: [{ kind: 'range', start: 2, end: 6, step: 1 }] });
      assert.equal(result.cron.years, undefined);
      assert.equal(isValidQuartz('0 0 12 ? * MON-FRI *'), true);
      assert.equal(isValidQuartz('0 0 12 * * MON-FRI'), false);
    });
  });

  describe('warnings where Quartz reinterprets the text', () => {
    const warned: Array<[string, RegExp]> = [
      ['0 0 0 ? * MONDAY', /"MONDAY" is read as "MON"/],
      ['0 0 0 1 JAN/3 ?', /ignores a step after a name \("JAN\/3" is read as "JAN"\)/],
      ['0 0 0 ? * MON-FRI/2', /ignores a step after a name/],
      ['0 0 12 * * ? 2024 x', /only the first 7 fields/],
      ['0 0 12 5, * ?', /skips the empty items/],
      ['*/0 0 0 ? * 2', /step of 0 is read as "\*"/],
      ['/5 0 0 ? * 2', /"\/5" is read as "\*\/5"/],
      ['5* 0 0 ? * 2', /"5\*" is read as "5"/],
      ['0. 0 0 ? * 2', /"0\." is read as "0"/],
      ['0 0 12 ?x * 2', /"\?X" is read as "\?"/],
      ['0 0 0 ? * LW', /means Saturday/],
      ['L 0 0 ? * 2', /no value/],
      ['0 0 12 ? * MON\n', /invisible characters/],
    ];
    for (const [expr, pattern] of warned) {
      it(`${expr} → ${pattern.source}`, () => {
        const parsed = parseQuartz(expr);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
        assert.ok(parsed.cron.warnings.some((w) => pattern.test(w)), parsed.cron.warnings.join(' | ') || 'no warnings');
      });
    }

    const previewWarnings = (expr: string, from: string): string[] => {
      const parsed = parseQuartz(expr);
      assert.ok(parsed.ok);
      return quartzWarnings(parsed.cron, quartzRuns(parsed.cron, Z(from), 5));
    };

    it('explains short-month W arithmetic; says why runs end', () => {
      assert.match(previewWarnings('0 0 0 30W FEB ?', '2026-01-01').join(' '), /rolls "30W" over into the next month/);
      assert.deepEqual(quartzRuns('0 0 0 1 * ? 1969', Z('2026-01-01'), 5), { runs: [], end: 'none' });
      assert.equal(quartzRuns('0 0 0 1 1 ? 2027-2028', Z('2026-01-01'), 5).runs.length, 2);
      assert.equal(quartzRuns('L 0 0 ? * 2', Z('2026-01-01'), 5).end, 'noValues');
      assert.deepEqual(previewWarnings('0 30 2 ? * MON-FRI', '2026-01-01'), []);
    });
  });

  describe('describeQuartz', () => {
    const descriptions: Array<[string, string]> = [
      ['0 30 2 ? * MON-FRI', 'At 02:30 UTC, Monday through Friday'],
      ['0 0 12 ? * MON-FRI *', 'At 12:00 UTC, Monday through Friday'],
      ['0 0 6,18 ? * *', 'At 06:00 and 18:00 UTC'],
      ['15 45 23 * * ?', 'At 23:45:15 UTC'],
      ['0 0/15 * * * ?', 'Every 15 minutes'],
      ['0 */10 9-17 ? * MON-FRI', 'Every 10 minutes, between 09:00 and 17:59 UTC, Monday through Friday'],
      ['0 0 */2 * * ?', 'At minute 0, every 2 hours'],
      ['* * * * * ?', 'Every second'],
      ['0 * * * * ?', 'Every minute'],
      ['0 0 0 L * ?', 'At 00:00 UTC, on the last day of the month'],
      ['0 0 0 L-3 * ?', 'At 00:00 UTC, 3 days before the last day of the month'],
      ['0 0 0 LW * ?', 'At 00:00 UTC, on the last weekday of the month'],
      ['0 0 0 15W * ?', 'At 00:00 UTC, on the weekday nearest the 15th of the month'],
      ['0 0 0 ? * 6#3', 'At 00:00 UTC, on the third Friday of the month'],
      ['0 0 0 ? * 5L', 'At 00:00 UTC, on the last Thursday of the month'],
      ['0 0 8 1,15 * ?', 'At 08:00 UTC, on day 1 and 15 of the month'],
      ['0 0 8 ? * MON,WED,FRI', 'At 08:00 UTC, on Monday, Wednesday and Friday'],
      ['0 0 0 1 JAN-MAR ? 2025-2026', 'At 00:00 UTC, on day 1 of the month, in January through March, in 2025 through 2026'],
    ];
    for (const [expr, text] of descriptions) {
      it(`${expr} → ${text}`, () => assert.equal(describeQuartz(expr), text));
    }
    it('returns the validation message for an invalid expression', () => {
      assert.match(describeQuartz('0 0 12 * * MON'), /cannot both be specified/);
    });
  });
});
