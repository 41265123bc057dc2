/**
 * A seeded generator of Quartz expressions for the differential test: every feature (names, L, W,
 * #, steps, ranges, lists, years) plus near misses Quartz refuses or reads leniently. The same seed
 * gives the same cases, so a failure reproduces.
 */

import { pick, prng } from '../../emulator/rng';

/** The emulator's seeded generator (mulberry32), under the name the differential test uses. */
export const rng = prng;

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const LONG_NAMES = ['MONDAY', 'JANUARY', 'FRIDAY', 'SEPT', 'TUES', 'MARCH'];
const JUNK = ['x', '.', '*', '?', 'L', 'W', '#', '-', '/', ',', 'Z', '1'];

/** One item of a plain numeric field (seconds, minutes, hours, day-of-month, month, year). */
function numericItem(r: Rand, min: number, max: number): string {
  const v = (): number => int(r, min, max);
  const near = (): number => pick(r, [min - 1, min, max, max + 1, v()]);
  const size = max - min + 1;
  // Mostly well-formed items; a fifth are near misses.
  switch (r() < 0.8 ? pick(r, [0, 1, 2, 3, 4, 5, 6, 7, 14, 15]) : int(r, 8, 13)) {
    case 0: return '*';
    case 1: case 2: return String(v());
    case 3: { const a = v(); return `${a}-${int(r, a, max)}`; }
    case 4: return `${v()}-${v()}`; // may wrap around
    case 5: return `*/${pick(r, [int(r, 1, size), size, size - 1, size + 1, 0])}`;
    case 6: return `${v()}/${int(r, 1, size + 1)}`;
    case 7: { const a = v(); return `${a}-${int(r, a, max)}/${int(r, 0, size + 2)}`; }
    case 8: return String(near());
    case 9: return `${v()}${pick(r, JUNK)}`;
    case 10: return `/${int(r, 1, size)}`;
    case 11: return `*${pick(r, JUNK)}`;
    case 12: return pick(r, ['L', '?', '*/', '1-', '/', `${v()}/`, `${v()}/1x`, `${v()}/12x`, `+${v()}`, `${v()}-${v()}/`, `${v()}-x`]);
    case 13: return `${near()}-${near()}`;
    case 14: return `${v()}/${int(r, 0, 3)}`;
    default: return String(v());
  }
}

function list(r: Rand, item: () => string): string {
  const n = r() < 0.8 ? 1 : int(r, 2, 3);
  const items = Array.from({ length: n }, item);
  if (r() < 0.04) items.push('');
  if (r() < 0.02) items.unshift('');
  return items.join(',');
}

function monthItem(r: Rand): string {
  switch (int(r, 0, 11)) {
    case 0: case 1: case 10: return pick(r, MONTHS);
    case 2: return `${pick(r, MONTHS)}-${pick(r, MONTHS)}`;
    case 3: return `${pick(r, MONTHS)}/${int(r, 1, 6)}`;
    case 4: return `${pick(r, MONTHS)}-${pick(r, MONTHS)}/${int(r, 1, 4)}`;
    case 5: case 11: return r() < 0.5 ? `${pick(r, MONTHS)}-${pick(r, MONTHS)}` : pick(r, [`${pick(r, MONTHS)}-${int(r, 1, 12)}`, `${int(r, 1, 12)}-${pick(r, MONTHS)}`, pick(r, LONG_NAMES), 'JA', 'FOO', 'JUNE']);
    default: return numericItem(r, 1, 12);
  }
}

function dayOfWeekField(r: Rand): string {
  const day = (): string => (r() < 0.5 ? pick(r, DAYS) : String(int(r, 1, 7)));
  switch (int(r, 0, 13)) {
    case 0: return `${day()}#${pick(r, [1, 2, 3, 4, 5, 5, 6, 0])}`;
    case 1: return `${day()}L`;
    case 2: return pick(r, ['L', 'LW', 'L-3', '?x', 'MON#2x', '2#1,3#2', 'MON,FRIL', `${int(r, 8, 9)}#1`, '0#2', '1L,2', 'MONL']);
    case 3: return `${pick(r, DAYS)}-${pick(r, DAYS)}`;
    case 4: return `${pick(r, DAYS)}${pick(r, ['/2', '-FRI/2', 'DAY', 'X'])}`;
    case 5: return pick(r, [`${int(r, 1, 7)}-${pick(r, DAYS)}`, `${pick(r, DAYS)}-${int(r, 1, 7)}`, pick(r, LONG_NAMES)]);
    case 6: return list(r, day);
    default: return list(r, () => numericItem(r, 1, 7));
  }
}

function dayOfMonthField(r: Rand): string {
  switch (int(r, 0, r() < 0.05 ? 12 : 11)) {
    case 0: return 'L';
    case 1: return `L-${int(r, 0, 31)}`;
    case 2: return pick(r, ['LW', `L-${int(r, 0, 27)}W`, `L-${int(r, 0, 27)}W`, 'L-', 'L-W', 'L,5', `${int(r, 1, 31)}W,${int(r, 1, 31)}`]);
    case 12: return pick(r, ['L-28W', 'L-29W', 'L-30W', '0W']);
    case 3: case 4: return `${pick(r, [int(r, 1, 31), int(r, 26, 31), int(r, 26, 31), 1, 32])}W`;
    default: return list(r, () => numericItem(r, 1, 31));
  }
}

function yearField(r: Rand): string | undefined {
  switch (int(r, 0, 11)) {
    case 0: return '*';
    case 1: return String(int(r, 2024, 2140));
    case 2: { const a = int(r, 2020, 2130); return `${a}-${a + int(r, -3, 20)}`; }
    case 3: return `${int(r, 2020, 2130)}/${int(r, 1, 30)}`;
    case 4: return pick(r, ['1969', '2100', '2099', '3000', '*/3', '2011-2009', '2127', '2126', '1970-2500/37', '0', '2500-2400']);
    case 5: return list(r, () => String(int(r, 2025, 2135)));
    default: return undefined;
  }
}

function separator(r: Rand): string {
  return r() < 0.97 ? ' ' : pick(r, ['\t', '  ', ' \t', '\u00a0', '\n', '\r\n', ' \n']);
}

/** One generated expression. */
export function generateExpression(r: Rand): string {
  const seconds = r() < 0.6 ? pick(r, ['0', '0', '30', '*']) : list(r, () => numericItem(r, 0, 59));
  const minutes = r() < 0.4 ? pick(r, ['0', '15', '*']) : list(r, () => numericItem(r, 0, 59));
  const hours = r() < 0.4 ? pick(r, ['0', '12', '*']) : list(r, () => numericItem(r, 0, 23));
  const month = r() < 0.5 ? '*' : list(r, () => monthItem(r));
  let dom: string;
  let dow: string;
  const roll = r();
  if (roll < 0.45) { dom = dayOfMonthField(r); dow = '?'; }
  else if (roll < 0.9) { dom = '?'; dow = dayOfWeekField(r); }
  else if (roll < 0.95) { dom = dayOfMonthField(r); dow = dayOfWeekField(r); }
  else { dom = pick(r, ['?', '*', '?,5', '?x']); dow = pick(r, ['?', '*', 'MON', '?,MON']); }
  const fields = [seconds, minutes, hours, dom, month, dow];
  const year = yearField(r);
  if (year !== undefined) fields.push(year);
  if (r() < 0.02) fields.push(pick(r, ['extra', '2030', '*']));
  if (r() < 0.02) fields.splice(int(r, 0, fields.length - 1), 1);
  let text = fields[0]!;
  for (const f of fields.slice(1)) text += separator(r) + f;
  if (r() < 0.05) text = r() < 0.5 ? text.toLowerCase() : ` ${text} `;
  return text;
}

/** Start instants: whole seconds (Quartz drops milliseconds), around month, year and leap-day edges. */
export const START_INSTANTS: readonly string[] = [
  '2026-01-01T00:00:00Z',
  '2024-02-28T23:59:59Z',
  '2025-06-30T12:34:56Z',
  '2027-12-31T23:59:59Z',
  '2031-07-15T06:00:00Z',
];
