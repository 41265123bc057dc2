/** Describes a parsed Quartz expression in plain English (UTC). */
import type { QuartzCron, QuartzPart } from './model';

const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth'];
// Quartz lets "9#1" through: name such a day by its number rather than print "undefined".
const dayName = (d: number): string => DAY_LONG[d - 1] ?? `day ${d}`;

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
  if (dow.kind === 'lastInMonth') return `on the last ${dayName(dow.day)} of the month`;
  if (dow.kind === 'nth') return `on the ${ORDINAL_WORDS[dow.nth - 1]} ${dayName(dow.day)} of the month`;
  if (dow.kind === 'days') {
    if (dow.days.length === 7) return undefined;
    const text = describeParts(dow.parts, dayName, 'day');
    return /through/.test(text) && dow.parts.length === 1 ? text : `on ${text}`;
  }
  return undefined;
}

/** A readable English description, e.g. "At 02:30 UTC, Monday through Friday". */
export function describeCron(cron: QuartzCron): string {
  const pieces = [describeTime(cron)];
  const days = describeDays(cron);
  if (days) pieces.push(days);
  if (!isEvery(cron.parts.month)) pieces.push(`in ${describeParts(cron.parts.month, (m) => MONTH_LONG[m - 1]!, 'month')}`);
  if (cron.years) pieces.push(`in ${describeParts(cron.parts.year, String, 'year')}`);
  return pieces.join(', ');
}
