/**
 * Parses a Quartz expression the way Quartz 2.3.2 does: fields split on spaces and tabs only, at
 * most seven read (the rest ignored), empty list items skipped, and each item read leniently (see
 * items.ts). What Quartz reinterprets becomes a warning; what it refuses, an error in our words.
 */
import { QuartzBuilder } from './items';
import {
  ALL_SPEC, NO_SPEC, QUARTZ_FIELD_LABELS, QUARTZ_FIELD_ORDER, QuartzError, quartzMaxYear,
  type DayOfMonthSpec, type DayOfWeekSpec, type QuartzCron, type QuartzField, type QuartzParseResult, type QuartzSets,
} from './model';

export interface ParseOptions {
  /** Quartz's horizon year (CronExpression.MAX_YEAR); by default this year + 100. */
  maxYear?: number;
}

/** Java's String.trim: strips every character up to U+0020 at both ends, nothing else. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  return text.slice(start, end);
}

const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
const plain = (values: readonly number[]): number[] => values.filter((v) => v !== NO_SPEC && v !== ALL_SPEC);

function readField(builder: QuartzBuilder, field: QuartzField, token: string): void {
  const text = javaTrim(token);
  if (text !== token) builder.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: Quartz ignores the invisible characters (line breaks, controls) around "${text}".`);
  if ((field === 'dayOfMonth' || field === 'dayOfWeek') && text.length > 1 && text.includes('L') && text.includes(',')) {
    builder.fail(field, '"L" cannot be combined with other values in a list.');
  }
  if (field === 'dayOfWeek' && text.indexOf('#') !== text.lastIndexOf('#')) builder.fail(field, 'only one "#" is allowed.');
  const items = text.split(',');
  const nonEmpty = items.filter((item) => item !== '');
  if (nonEmpty.length !== items.length && text !== '') builder.warnings.push(`"${text}": Quartz skips the empty items in the list.`);
  for (const item of nonEmpty) builder.readItem(field, item);
}

/** True when Quartz's search for a fire time can loop forever on this day-of-month (found by running Quartz). */
function loopsForever(sets: QuartzSets): string | undefined {
  if (sets.lastDayOfMonth && sets.nearestWeekday && sets.lastDayOffset >= 28) {
    return `Day-of-month: Quartz never finishes computing "L-${sets.lastDayOffset}W" (it loops in short months); use an offset of 27 or less.`;
  }
  if (!sets.lastDayOfMonth && sets.nearestWeekday && sets.daysOfMonth[0] === 0) {
    return 'Day-of-month: Quartz never finishes computing "0W"; days start at 1.';
  }
  return undefined;
}

function dayOfMonthSpec(b: QuartzBuilder, values: number[]): DayOfMonthSpec {
  if (values.includes(NO_SPEC)) return { kind: 'unspecified' };
  if (b.lastDayOfMonth) return { kind: 'last', offset: b.lastDayOffset, weekday: b.nearestWeekday };
  if (b.nearestWeekday) return { kind: 'nearestWeekday', day: values[0]! };
  return { kind: 'days', days: plain(values), parts: b.parts.dayOfMonth };
}

function dayOfWeekSpec(b: QuartzBuilder, values: number[]): DayOfWeekSpec {
  if (values.includes(NO_SPEC)) return { kind: 'unspecified' };
  if (b.lastDayOfWeek) return { kind: 'lastInMonth', day: values[0]! };
  if (b.nthDayOfWeek) return { kind: 'nth', day: values[0]!, nth: b.nthDayOfWeek };
  return { kind: 'days', days: plain(values), parts: b.parts.dayOfWeek };
}

function build(expr: string, maxYear: number): QuartzCron {
  const expression = expr.toUpperCase();
  const builder = new QuartzBuilder(maxYear);
  const tokens = expression.split(/[ \t]+/).filter((t) => t !== '');
  if (tokens.length < 6) {
    throw new QuartzError(
      'A Quartz cron expression has 6 or 7 fields separated by spaces (seconds minutes hours day-of-month month ' +
        `day-of-week [year]); this one has ${tokens.length}.`,
      'fieldCount');
  }
  if (tokens.length > 7) builder.warnings.push(`Quartz reads only the first 7 fields; everything after "${tokens[6]}" is ignored.`);
  QUARTZ_FIELD_ORDER.forEach((field, index) => readField(builder, field, tokens[index] ?? '*'));
  const s = builder.sets;
  const dom = sorted(s.dayOfMonth);
  const dow = sorted(s.dayOfWeek);
  if (dom.includes(NO_SPEC) === dow.includes(NO_SPEC)) {
    throw dom.includes(NO_SPEC)
      ? new QuartzError('Day-of-month and day-of-week cannot both be "?"; set one of them (use * for every day).', 'syntax', 'dayOfWeek')
      : new QuartzError(
        'Day-of-month and day-of-week cannot both be specified; put "?" in one of them (for example "0 0 12 ? * MON-FRI").',
        'bothDays', 'dayOfWeek');
  }
  const sets: QuartzSets = {
    seconds: sorted(s.seconds), minutes: sorted(s.minutes), hours: sorted(s.hours), daysOfMonth: dom,
    months: sorted(s.month), daysOfWeek: dow, years: sorted(s.year),
    lastDayOfMonth: builder.lastDayOfMonth, lastDayOffset: builder.lastDayOffset, nearestWeekday: builder.nearestWeekday,
    lastDayOfWeek: builder.lastDayOfWeek, nthDayOfWeek: builder.nthDayOfWeek, maxYear,
  };
  const loop = loopsForever(sets);
  if (loop) throw new QuartzError(loop, 'neverFinishes', 'dayOfMonth');
  for (const field of QUARTZ_FIELD_ORDER) {
    if (s[field].size === 0) builder.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: Quartz accepts this field but finds no value in it, so Stitch cannot schedule it.`);
  }
  const yearText = tokens[6];
  return {
    expression,
    seconds: plain(sets.seconds),
    minutes: plain(sets.minutes),
    hours: plain(sets.hours),
    dayOfMonth: dayOfMonthSpec(builder, dom),
    month: plain(sets.months),
    dayOfWeek: dayOfWeekSpec(builder, dow),
    years: yearText === undefined || yearText === '*' ? undefined : plain(sets.years),
    parts: {
      seconds: builder.parts.seconds,
      minutes: builder.parts.minutes,
      hours: builder.parts.hours,
      month: builder.parts.month,
      year: builder.parts.year,
    },
    warnings: builder.warnings,
    sets,
  };
}

export function parseQuartz(expr: string, options: ParseOptions = {}): QuartzParseResult {
  if (typeof expr !== 'string' || expr.trim() === '') return { ok: false, code: 'empty', message: 'The cron expression is empty.' };
  try {
    return { ok: true, cron: build(expr, options.maxYear ?? quartzMaxYear()) };
  } catch (error) {
    if (!(error instanceof QuartzError)) throw error;
    const { message, code, field } = error;
    return field ? { ok: false, message, code, field } : { ok: false, message, code };
  }
}
