/**
 * Quartz cron engine: parse, validate, compute next fire times and describe.
 *
 * Stitch's `cron_expression` is a Quartz expression (reference §7.2): seconds first, an optional
 * year last, `?` for "no specific value", and the special characters L, W and #. Everything here is
 * evaluated in UTC, because Stitch stores and schedules in UTC.
 *
 * Why hand-written: the common npm cron packages implement Unix/Vixie semantics (five or six fields,
 * day-of-month OR day-of-week, no `L`/`W`/`#`, Sunday = 0), which disagree with Quartz on exactly the
 * cases users get wrong. The emulator's `next_fire_time` and the editor's preview both call this
 * module, so they cannot drift apart.
 */

export type QuartzField = 'seconds' | 'minutes' | 'hours' | 'dayOfMonth' | 'month' | 'dayOfWeek' | 'year';

/** One comma-separated item of a plain field, kept for describing the expression. */
export type QuartzPart =
  | { kind: 'all'; step: number }
  | { kind: 'range'; start: number; end: number; step: number };

export type DayOfMonthSpec =
  | { kind: 'unspecified' }
  | { kind: 'days'; days: number[]; parts: QuartzPart[] }
  /** `L` (offset 0), `L-3` (offset 3), `LW` (weekday true). */
  | { kind: 'last'; offset: number; weekday: boolean }
  /** `15W`: the weekday nearest the 15th, never leaving the month. */
  | { kind: 'nearestWeekday'; day: number };

export type DayOfWeekSpec =
  | { kind: 'unspecified' }
  /** Quartz numbering: 1 = Sunday … 7 = Saturday. */
  | { kind: 'days'; days: number[]; parts: QuartzPart[] }
  /** `5L`: the last Thursday of the month. */
  | { kind: 'lastInMonth'; day: number }
  /** `6#3`: the third Friday of the month. */
  | { kind: 'nth'; day: number; nth: number };

export interface QuartzCron {
  /** The expression as parsed: trimmed, upper-cased, single-spaced. */
  readonly expression: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthSpec;
  readonly month: readonly number[];
  readonly dayOfWeek: DayOfWeekSpec;
  /** Undefined when the year field is absent or `*`. */
  readonly years?: readonly number[];
  /** Parsed items per plain field, for describeQuartz. */
  readonly parts: Readonly<Record<'seconds' | 'minutes' | 'hours' | 'month' | 'year', readonly QuartzPart[]>>;
}

export type QuartzParseResult =
  | { ok: true; cron: QuartzCron }
  | { ok: false; message: string; field?: QuartzField };

export const QUARTZ_FIELD_LABELS: Readonly<Record<QuartzField, string>> = {
  seconds: 'Seconds',
  minutes: 'Minutes',
  hours: 'Hours',
  dayOfMonth: 'Day-of-month',
  month: 'Month',
  dayOfWeek: 'Day-of-week',
  year: 'Year',
};

const FIELD_ORDER: readonly QuartzField[] = ['seconds', 'minutes', 'hours', 'dayOfMonth', 'month', 'dayOfWeek', 'year'];

// Quartz's own limits; years beyond 2099 are rejected by Quartz as well.
const BOUNDS: Readonly<Record<QuartzField, readonly [number, number]>> = {
  seconds: [0, 59],
  minutes: [0, 59],
  hours: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [1, 7],
  year: [1970, 2099],
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

class QuartzError extends Error {
  constructor(message: string, readonly field?: QuartzField) {
    super(message);
  }
}

function fail(field: QuartzField, detail: string): never {
  throw new QuartzError(`${QUARTZ_FIELD_LABELS[field]}: ${detail}`, field);
}

function parseValue(field: QuartzField, token: string): number {
  const [min, max] = BOUNDS[field];
  let value: number;
  if (/^\d+$/.test(token)) {
    value = Number(token);
  } else if (field === 'month' && MONTH_NAMES.includes(token)) {
    value = MONTH_NAMES.indexOf(token) + 1;
  } else if (field === 'dayOfWeek' && DAY_NAMES.includes(token)) {
    value = DAY_NAMES.indexOf(token) + 1;
  } else {
    const hint =
      field === 'month' ? ' (use 1-12 or JAN-DEC)' : field === 'dayOfWeek' ? ' (use 1-7 or SUN-SAT)' : '';
    fail(field, `"${token}" is not a valid value${hint}.`);
  }
  if (value < min || value > max) fail(field, `${token} is out of range ${min}-${max}.`);
  return value;
}

function parseStep(field: QuartzField, token: string): number {
  if (!/^\d+$/.test(token)) fail(field, `"/" must be followed by a whole number, not "${token || 'nothing'}".`);
  const step = Number(token);
  const [min, max] = BOUNDS[field];
  if (step < 1) fail(field, 'the increment after "/" must be at least 1.');
  // Quartz rejects increments larger than the field's span (e.g. seconds "0/60").
  if (field !== 'year' && step > max - min + 1) fail(field, `the increment ${step} is larger than the field allows (${max - min + 1}).`);
  return step;
}

/** Parses a plain list of `*`, values, ranges and steps. */
function parsePlainParts(field: QuartzField, text: string): QuartzPart[] {
  return text.split(',').map((item): QuartzPart => {
    if (item === '') fail(field, 'empty item in list.');
    const [base, stepText, extra] = item.split('/');
    if (extra !== undefined) fail(field, `"${item}" has more than one "/".`);
    const step = stepText === undefined ? 1 : parseStep(field, stepText);
    if (base === '*') return { kind: 'all', step };
    if (base === '') fail(field, `"${item}" needs a start value or "*" before "/".`);
    const dash = base.indexOf('-');
    if (dash === -1) {
      const start = parseValue(field, base);
      // `a/n` means "from a to the end of the field, every n".
      return { kind: 'range', start, end: stepText === undefined ? start : BOUNDS[field][1], step };
    }
    const start = parseValue(field, base.slice(0, dash));
    const end = parseValue(field, base.slice(dash + 1));
    return { kind: 'range', start, end, step };
  });
}

/** Expands parts into a sorted set; ranges whose end is before their start wrap (FRI-MON, 22-2). */
function expandParts(field: QuartzField, parts: readonly QuartzPart[]): number[] {
  const [min, max] = BOUNDS[field];
  const values = new Set<number>();
  for (const part of parts) {
    const start = part.kind === 'all' ? min : part.start;
    const end = part.kind === 'all' ? max : part.end;
    const span = end >= start ? end - start : max - min + 1 - (start - end);
    for (let offset = 0; offset <= span; offset += part.step) {
      let value = start + offset;
      if (value > max) value -= max - min + 1;
      values.add(value);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** Masks three-letter names so their letters (the W of WED, the L of JUL) aren't read as specials. */
function withoutNames(text: string): string {
  return text.replace(/[A-Z]{3}/g, 'x');
}

function parsePlainField(field: QuartzField, text: string): { values: number[]; parts: QuartzPart[] } {
  if (text.includes('?')) fail(field, '"?" is only allowed in day-of-month or day-of-week.');
  if (/[LW#]/.test(withoutNames(text))) {
    fail(field, '"L", "W" and "#" are only allowed in day-of-month or day-of-week.');
  }
  const parts = parsePlainParts(field, text);
  return { values: expandParts(field, parts), parts };
}

function parseDayOfMonth(text: string): DayOfMonthSpec {
  const field: QuartzField = 'dayOfMonth';
  if (text === '?') return { kind: 'unspecified' };
  if (text.includes('?')) fail(field, '"?" must stand alone.');
  if (text.includes('#')) fail(field, '"#" is only allowed in day-of-week.');
  if (text.includes('L') || text.includes('W')) {
    if (text.includes(',')) fail(field, '"L" and "W" cannot be combined with other days in a list.');
    const last = /^L(?:-(\d+))?(W)?$/.exec(text);
    if (last) {
      const offset = last[1] === undefined ? 0 : Number(last[1]);
      if (offset > 30) fail(field, `the offset in "${text}" must be 30 or less.`);
      return { kind: 'last', offset, weekday: last[2] !== undefined };
    }
    const nearest = /^(\d+)W$/.exec(text);
    if (nearest) return { kind: 'nearestWeekday', day: parseValue(field, nearest[1]!) };
    fail(field, `"${text}" is not valid; use L, L-n, LW or nW (for example 15W).`);
  }
  const parts = parsePlainParts(field, text);
  return { kind: 'days', days: expandParts(field, parts), parts };
}

function parseDayOfWeek(text: string): DayOfWeekSpec {
  const field: QuartzField = 'dayOfWeek';
  if (text === '?') return { kind: 'unspecified' };
  if (text.includes('?')) fail(field, '"?" must stand alone.');
  const masked = withoutNames(text);
  if (masked.includes('W')) fail(field, '"W" is only allowed in day-of-month.');
  if (text === 'L') return { kind: 'days', days: [7], parts: [{ kind: 'range', start: 7, end: 7, step: 1 }] };
  if (text.includes('#')) {
    if (text.includes(',')) fail(field, '"#" cannot be combined with other days in a list.');
    const match = /^([A-Z]{3}|\d+)#(\d+)$/.exec(text);
    if (!match) fail(field, `"${text}" is not valid; write it as day#n, for example 6#3 or FRI#3.`);
    const nth = Number(match[2]);
    if (nth < 1 || nth > 5) fail(field, `the number after "#" must be 1-5, not ${match[2]}.`);
    return { kind: 'nth', day: parseValue(field, match[1]!), nth };
  }
  if (masked.includes('L')) {
    if (text.includes(',')) fail(field, '"L" cannot be combined with other days in a list.');
    const match = /^([A-Z]{3}|\d+)L$/.exec(text);
    if (!match) fail(field, `"${text}" is not valid; write it as dayL, for example 5L or THUL.`);
    return { kind: 'lastInMonth', day: parseValue(field, match[1]!) };
  }
  const parts = parsePlainParts(field, text);
  return { kind: 'days', days: expandParts(field, parts), parts };
}

export function parseQuartz(expr: string): QuartzParseResult {
  if (typeof expr !== 'string' || expr.trim() === '') {
    return { ok: false, message: 'The cron expression is empty.' };
  }
  const tokens = expr.trim().toUpperCase().split(/\s+/);
  if (tokens.length < 6 || tokens.length > 7) {
    return {
      ok: false,
      message:
        `A Quartz cron expression has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]); ` +
        `this one has ${tokens.length}.`,
    };
  }
  try {
    const [sec, min, hour, dom, mon, dow, year] = tokens as [string, string, string, string, string, string, string?];
    const seconds = parsePlainField('seconds', sec);
    const minutes = parsePlainField('minutes', min);
    const hours = parsePlainField('hours', hour);
    const dayOfMonth = parseDayOfMonth(dom);
    const month = parsePlainField('month', mon);
    const dayOfWeek = parseDayOfWeek(dow);
    const years = year === undefined || year === '*' ? undefined : parsePlainField('year', year);
    // Quartz (and Stitch, which answers 400 InvalidCronExpression) needs exactly one of the two day fields to be "?".
    if (dayOfMonth.kind === 'unspecified' && dayOfWeek.kind === 'unspecified') {
      return {
        ok: false,
        field: 'dayOfWeek',
        message: 'Day-of-month and day-of-week cannot both be "?"; set one of them (use * for every day).',
      };
    }
    if (dayOfMonth.kind !== 'unspecified' && dayOfWeek.kind !== 'unspecified') {
      return {
        ok: false,
        field: 'dayOfWeek',
        message:
          'Day-of-month and day-of-week cannot both be specified; put "?" in one of them (for example "0 0 12 ? * MON-FRI").',
      };
    }
    const cron: QuartzCron = {
      expression: tokens.join(' '),
      seconds: seconds.values,
      minutes: minutes.values,
      hours: hours.values,
      dayOfMonth,
      month: month.values,
      dayOfWeek,
      years: years?.values,
      parts: {
        seconds: seconds.parts,
        minutes: minutes.parts,
        hours: hours.parts,
        month: month.parts,
        year: years?.parts ?? [{ kind: 'all', step: 1 }],
      },
    };
    return { ok: true, cron };
  } catch (error) {
    if (error instanceof QuartzError) {
      return error.field ? { ok: false, message: error.message, field: error.field } : { ok: false, message: error.message };
    }
    throw error;
  }
}

/** True when `expr` is a valid Quartz expression. */
export function isValidQuartz(expr: string): boolean {
  return parseQuartz(expr).ok;
}

function toCron(expr: string | QuartzCron): QuartzCron {
  if (typeof expr !== 'string') return expr;
  const parsed = parseQuartz(expr);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cron;
}

// ---------------------------------------------------------------------------------------------
// Next fire times. We walk month by month, compute that month's matching days once, and then pick
// times of day from the sorted field sets, so the cost is independent of how sparse the schedule is.

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Quartz weekday (1 = Sunday) of a date. */
function quartzWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday nearest `day` without leaving the month (Quartz's W rule). */
function nearestWeekday(year: number, month: number, day: number, lastDay: number): number {
  const weekday = quartzWeekday(year, month, day);
  if (weekday === 7) return day === 1 ? day + 2 : day - 1; // Saturday
  if (weekday === 1) return day === lastDay ? day - 2 : day + 1; // Sunday
  return day;
}

function matchingDays(cron: QuartzCron, year: number, month: number): number[] {
  const lastDay = daysInMonth(year, month);
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind === 'days') return dom.days.filter((d) => d <= lastDay);
  if (dom.kind === 'last') {
    const day = lastDay - dom.offset;
    if (day < 1) return [];
    return [dom.weekday ? nearestWeekday(year, month, day, lastDay) : day];
  }
  if (dom.kind === 'nearestWeekday') {
    return dom.day > lastDay ? [] : [nearestWeekday(year, month, dom.day, lastDay)];
  }
  // Day-of-month is "?": day-of-week decides.
  const firstWeekday = quartzWeekday(year, month, 1);
  const firstDayWith = (weekday: number): number => 1 + ((weekday - firstWeekday + 7) % 7);
  if (dow.kind === 'days') {
    const allowed = new Set(dow.days);
    const days: number[] = [];
    for (let d = 1; d <= lastDay; d++) if (allowed.has(((firstWeekday - 1 + d - 1) % 7) + 1)) days.push(d);
    return days;
  }
  if (dow.kind === 'lastInMonth') {
    const first = firstDayWith(dow.day);
    return [first + 7 * Math.floor((lastDay - first) / 7)];
  }
  if (dow.kind === 'nth') {
    const day = firstDayWith(dow.day) + 7 * (dow.nth - 1);
    return day <= lastDay ? [day] : [];
  }
  return [];
}

/** First time of day (seconds since midnight) strictly after `after`, or undefined. `after` may be -1. */
function nextTimeOfDay(cron: QuartzCron, after: number): number | undefined {
  const afterHour = Math.floor(after / 3600);
  const afterMinute = Math.floor((after % 3600) / 60);
  const afterSecond = after % 60;
  for (const h of cron.hours) {
    if (after < 0 || h > afterHour) return h * 3600 + cron.minutes[0]! * 60 + cron.seconds[0]!;
    if (h < afterHour) continue;
    for (const m of cron.minutes) {
      if (m > afterMinute) return h * 3600 + m * 60 + cron.seconds[0]!;
      if (m < afterMinute) continue;
      for (const s of cron.seconds) if (s > afterSecond) return h * 3600 + m * 60 + s;
    }
  }
  return undefined;
}

/** The first fire time strictly after `afterMs`, or undefined if there is none before 2100. */
function nextAfter(cron: QuartzCron, afterMs: number): number | undefined {
  const after = new Date(Math.floor(afterMs / 1000) * 1000);
  const startYear = after.getUTCFullYear();
  const [minYear, maxYear] = BOUNDS.year;
  const years = cron.years ?? null;
  for (let year = Math.max(startYear, minYear); year <= maxYear; year++) {
    if (years && !years.includes(year)) continue;
    for (const month of cron.month) {
      if (year === startYear && month < after.getUTCMonth() + 1) continue;
      const sameMonth = year === startYear && month === after.getUTCMonth() + 1;
      for (const day of matchingDays(cron, year, month)) {
        if (sameMonth && day < after.getUTCDate()) continue;
        const sameDay = sameMonth && day === after.getUTCDate();
        const afterSeconds = sameDay
          ? after.getUTCHours() * 3600 + after.getUTCMinutes() * 60 + after.getUTCSeconds()
          : -1;
        const time = nextTimeOfDay(cron, afterSeconds);
        if (time !== undefined) return Date.UTC(year, month - 1, day) + time * 1000;
      }
    }
  }
  return undefined;
}

/**
 * The next `count` fire times strictly after `from`, in UTC. Returns fewer when the schedule ends
 * (a year field in the past, or a date that never exists such as 30 February). Throws on an
 * invalid expression string; use parseQuartz first to show the user a message.
 */
export function nextFireTimes(expr: string | QuartzCron, from: Date, count: number): Date[] {
  const cron = toCron(expr);
  const result: Date[] = [];
  let cursor = from.getTime();
  while (result.length < count) {
    const next = nextAfter(cron, cursor);
    if (next === undefined) break;
    result.push(new Date(next));
    cursor = next;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Description.

const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function isSingle(parts: readonly QuartzPart[]): number | undefined {
  const [only] = parts;
  return parts.length === 1 && only?.kind === 'range' && only.start === only.end ? only.start : undefined;
}

function isEvery(parts: readonly QuartzPart[]): boolean {
  return parts.length === 1 && parts[0]!.kind === 'all' && parts[0]!.step === 1;
}

function describeParts(parts: readonly QuartzPart[], name: (n: number) => string, unit: string): string {
  return joinList(
    parts.map((part) => {
      if (part.kind === 'all') return part.step === 1 ? `every ${unit}` : `every ${part.step} ${unit}s`;
      if (part.start === part.end) return name(part.start);
      if (part.step === 1) return `${name(part.start)} through ${name(part.end)}`;
      return `every ${part.step} ${unit}s from ${name(part.start)} through ${name(part.end)}`;
    }),
  );
}

/** "at minutes 5 and 20" but "every 10 minutes from 5 through 59" (no doubled wording). */
function atOrEvery(unit: string, text: string): string {
  return text.startsWith('every') ? text : `at ${unit} ${text}`;
}

function describeTime(cron: QuartzCron): string {
  const { seconds, minutes, hours } = cron.parts;
  const sec = isSingle(seconds);
  const min = isSingle(minutes);
  const hourIsPlainList = hours.every((p) => p.kind === 'range' && p.start === p.end);
  // The common case: fixed times of day, e.g. "At 02:30 UTC" or "At 06:00 and 18:00 UTC".
  if (sec !== undefined && min !== undefined && hourIsPlainList && cron.hours.length <= 6) {
    const clock = (h: number): string => `${pad2(h)}:${pad2(min)}${sec ? `:${pad2(sec)}` : ''}`;
    return `At ${joinList(cron.hours.map(clock))} UTC`;
  }
  const phrases: string[] = [];
  if (isEvery(seconds)) phrases.push('every second');
  else if (sec !== 0) phrases.push(sec !== undefined ? `at second ${sec}` : atOrEvery('seconds', describeParts(seconds, String, 'second')));
  if (isEvery(minutes)) {
    if (!isEvery(seconds)) phrases.push('every minute');
  } else if (minutes.length === 1 && minutes[0]!.kind === 'all') {
    phrases.push(`every ${minutes[0]!.step} minutes`);
  } else if (minutes.length === 1 && minutes[0]!.kind === 'range' && minutes[0]!.start === 0 && minutes[0]!.end === 59) {
    phrases.push(`every ${minutes[0]!.step} minutes`);
  } else {
    phrases.push(min !== undefined ? `at minute ${min}` : atOrEvery('minutes', describeParts(minutes, String, 'minute')));
  }
  if (!isEvery(hours)) {
    const [only] = hours;
    if (hours.length === 1 && only!.kind === 'all') phrases.push(`every ${only!.step} hours`);
    else if (hours.length === 1 && only!.kind === 'range' && only!.step === 1)
      phrases.push(`between ${pad2(only!.start)}:00 and ${pad2(only!.end)}:59 UTC`);
    else phrases.push(`${atOrEvery('hours', describeParts(hours, (h) => `${pad2(h)}:00`, 'hour'))} UTC`);
  }
  const text = phrases.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeDays(cron: QuartzCron): string | undefined {
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind === 'last') {
    if (dom.weekday) return dom.offset ? `on the weekday nearest ${dom.offset} days before the last day of the month` : 'on the last weekday of the month';
    return dom.offset ? `${dom.offset} day${dom.offset === 1 ? '' : 's'} before the last day of the month` : 'on the last day of the month';
  }
  if (dom.kind === 'nearestWeekday') return `on the weekday nearest the ${ordinal(dom.day)} of the month`;
  if (dom.kind === 'days') {
    if (isEvery(dom.parts)) return undefined;
    return `on day ${describeParts(dom.parts, String, 'day')} of the month`;
  }
  if (dow.kind === 'lastInMonth') return `on the last ${DAY_LONG[dow.day - 1]} of the month`;
  if (dow.kind === 'nth') return `on the ${ORDINAL_WORDS[dow.nth - 1]} ${DAY_LONG[dow.day - 1]} of the month`;
  if (dow.kind === 'days') {
    if (dow.days.length === 7) return undefined;
    const text = describeParts(dow.parts, (d) => DAY_LONG[d - 1]!, 'day');
    return /through/.test(text) && dow.parts.length === 1 ? text : `on ${text}`;
  }
  return undefined;
}

/**
 * A readable English description, e.g. "At 02:30 UTC, Monday through Friday".
 * Returns the parse error message when the expression is invalid.
 */
export function describeQuartz(expr: string | QuartzCron): string {
  let cron: QuartzCron;
  if (typeof expr === 'string') {
    const parsed = parseQuartz(expr);
    if (!parsed.ok) return parsed.message;
    cron = parsed.cron;
  } else {
    cron = expr;
  }
  const pieces = [describeTime(cron)];
  const days = describeDays(cron);
  if (days) pieces.push(days);
  if (!isEvery(cron.parts.month)) pieces.push(`in ${describeParts(cron.parts.month, (m) => MONTH_LONG[m - 1]!, 'month')}`);
  if (cron.years) pieces.push(`in ${describeParts(cron.parts.year, String, 'year')}`);
  return pieces.join(', ');
}

export { FIELD_ORDER as QUARTZ_FIELD_ORDER };
