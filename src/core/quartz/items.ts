/**
 * Reads one comma-separated item of one field exactly as Quartz 2.3.2 does, leniency included:
 * Quartz stops reading an item as soon as it has what it needs and ignores the rest (`MONDAY` is
 * `MON`, `JAN/3` is `JAN`, `5*` is `5`), so we record how much of the item counted and warn about
 * the rest. Which inputs Quartz refuses, and which it accepts, was established by running Quartz
 * itself (test/oracle); the messages are ours.
 */
import { ALL_SPEC, NO_SPEC, QUARTZ_FIELD_LABELS, QuartzError, type QuartzField, type QuartzPart } from './model';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Field bounds, the modulus used by wrapping ranges (22-2), and the largest step Quartz allows. */
const LIMITS: Readonly<Record<QuartzField, { min: number; max: number; wrap: number; maxStep: number }>> = {
  seconds: { min: 0, max: 59, wrap: 60, maxStep: 59 },
  minutes: { min: 0, max: 59, wrap: 60, maxStep: 59 },
  hours: { min: 0, max: 23, wrap: 24, maxStep: 23 },
  dayOfMonth: { min: 1, max: 31, wrap: 31, maxStep: 31 },
  month: { min: 1, max: 12, wrap: 12, maxStep: 12 },
  dayOfWeek: { min: 1, max: 7, wrap: 7, maxStep: 7 },
  year: { min: 1970, max: Infinity, wrap: 0, maxStep: Infinity },
};

const INT_MAX = 2147483647;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The mutable state of one expression while its fields are read. */
export class QuartzBuilder {
  readonly sets: Record<QuartzField, Set<number>> = {
    seconds: new Set(), minutes: new Set(), hours: new Set(), dayOfMonth: new Set(), month: new Set(), dayOfWeek: new Set(), year: new Set(),
  };
  readonly parts: Record<QuartzField, QuartzPart[]> = {
    seconds: [], minutes: [], hours: [], dayOfMonth: [], month: [], dayOfWeek: [], year: [],
  };
  readonly warnings: string[] = [];
  lastDayOfMonth = false;
  lastDayOffset = 0;
  nearestWeekday = false;
  lastDayOfWeek = false;
  nthDayOfWeek = 0;

  constructor(readonly maxYear: number) {}

  fail(field: QuartzField, detail: string): never {
    throw new QuartzError(`${QUARTZ_FIELD_LABELS[field]}: ${detail}`, 'syntax', field);
  }

  /** Reads `item` (non-empty, no spaces or commas) into `field`. */
  readItem(field: QuartzField, item: string): void {
    const used = this.read(field, item);
    if (used < item.length) {
      this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: "${item}" is read as "${item.slice(0, used)}"; Quartz ignores the rest.`);
    }
  }

  /** Returns how many characters of the item Quartz used. */
  private read(field: QuartzField, s: string): number {
    const c = s[0]!;
    if (c >= 'A' && c <= 'Z' && !/^L(?:W|-\d*W?)?$/.test(s)) return this.readName(field, s);
    if (c === '?') return this.readNoSpec(field, s);
    if (c === '*' || c === '/') return this.readAll(field, s);
    if (c === 'L') return this.readLast(field, s);
    if (isDigit(c)) return this.readNumber(field, s);
    this.fail(field, `"${c}" is not allowed here.`);
  }

  private readName(field: QuartzField, s: string): number {
    const names = field === 'month' ? MONTHS : field === 'dayOfWeek' ? DAYS : undefined;
    if (!names) this.fail(field, `"${s}" is not valid here; only month and day-of-week take names.`);
    const lookup = (text: string): number => {
      const index = names.indexOf(text);
      if (text.length < 3 || index < 0) {
        this.fail(field, `"${text}" is not a ${field === 'month' ? 'month (JAN-DEC)' : 'day (SUN-SAT)'}.`);
      }
      return index + 1;
    };
    const start = lookup(s.slice(0, 3));
    let end = -1;
    let used = 3;
    const next = s[3];
    if (next === '-') {
      end = lookup(s.slice(4, 7));
      used = 7;
    } else if (next === '#' && field === 'dayOfWeek') {
      this.nthDayOfWeek = this.nth(s.slice(4));
      used = s.length;
    } else if (next === 'L' && field === 'dayOfWeek') {
      this.lastDayOfWeek = true;
      used = 4;
    }
    this.add(field, start, end, end === -1 ? 0 : 1);
    if (s[used] === '/') {
      const read = s.slice(0, used);
      this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: Quartz ignores a step after a name ("${s}" is read as "${read}").`);
      return s.length;
    }
    return used;
  }

  private nth(text: string): number {
    const n = javaInt(text);
    if (n === undefined || n < 1 || n > 5) this.fail('dayOfWeek', 'the number after "#" must be 1 to 5.');
    return n;
  }

  private readNoSpec(field: QuartzField, s: string): number {
    if (s.length > 2) this.fail(field, `"${s}" is not valid; "?" stands alone.`);
    if (field !== 'dayOfMonth' && field !== 'dayOfWeek') this.fail(field, '"?" is only allowed in day-of-month or day-of-week.');
    if (field === 'dayOfWeek' && !this.lastDayOfMonth) {
      const dom = this.sets.dayOfMonth;
      if (dom.size === 0) this.fail('dayOfMonth', 'there is no day-of-month value.');
      if (Math.max(...dom) === NO_SPEC) {
        throw new QuartzError(
          'Day-of-month and day-of-week cannot both be "?"; set one of them (use * for every day).', 'syntax', 'dayOfWeek');
      }
    }
    this.sets[field].add(NO_SPEC);
    return 1;
  }

  private readAll(field: QuartzField, s: string): number {
    if (s === '*') {
      this.add(field, ALL_SPEC, -1, 0);
      return 1;
    }
    if (s === '/') this.fail(field, '"/" must be followed by a whole number.');
    const slash = s[0] === '/' ? 0 : 1;
    if (s[slash] !== '/') {
      // `*` followed by anything but `/`: every value, the rest ignored.
      this.add(field, ALL_SPEC, -1, 1);
      return 1;
    }
    if (slash === 1 && s.length === 2) this.fail(field, `"${s}" needs a number after "/".`);
    const step = javaInt(s.slice(slash + 1));
    if (step === undefined) this.fail(field, `"${s.slice(slash + 1)}" after "/" is not a whole number.`);
    this.checkStep(field, step);
    if (slash === 0) this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: "${s}" is read as "*${s}".`);
    if (step <= 0) this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: a step of ${step} is read as "*" (every value).`);
    this.add(field, ALL_SPEC, -1, step);
    return s.length;
  }

  private readLast(field: QuartzField, s: string): number {
    if (field === 'dayOfMonth') {
      this.lastDayOfMonth = true;
      let i = 1;
      if (s[1] === '-') {
        if (s.length === 2) this.fail(field, '"L-" needs a number of days, for example L-3.');
        let digits = '';
        for (i = 2; isDigit(s[i]); i++) digits += s[i];
        const offset = javaInt(`0${digits}`);
        if (offset === undefined || offset > 30) this.fail(field, `the offset in "${s}" must be 30 or less.`);
        this.lastDayOffset = offset;
      }
      if (s[i] === 'W') this.nearestWeekday = true;
      return s.length;
    }
    if (field === 'dayOfWeek') {
      this.add(field, 7, 7, 0);
      if (s !== 'L') this.warnings.push(`Day-of-week: "${s}" is read as "L", which means Saturday here.`);
      return s.length;
    }
    this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: Quartz accepts "${s}" here but gives it no value.`);
    return s.length;
  }

  private readNumber(field: QuartzField, s: string): number {
    let i = 0;
    while (isDigit(s[i])) i++;
    const value = javaInt(s.slice(0, i));
    if (value === undefined) this.fail(field, `${s.slice(0, i)} is too large.`);
    const c = s[i];
    if (c === undefined) {
      this.add(field, value, -1, -1);
      return i;
    }
    if (c === 'L') return this.numberLast(field, value, i);
    if (c === 'W') return this.numberWeekday(field, value, i);
    if (c === '#') {
      if (field !== 'dayOfWeek') this.fail(field, '"#" is only allowed in day-of-week.');
      this.nthDayOfWeek = this.nth(s.slice(i + 1));
      this.sets[field].add(value);
      return s.length;
    }
    if (c === '-') return this.numberRange(field, s, value, i + 1);
    if (c === '/') {
      // Quartz reads one digit, then any digits that follow; anything else after "/" is refused.
      if (!isDigit(s[i + 1])) this.fail(field, `"/" must be followed by a whole number in "${s}".`);
      let j = i + 1;
      while (isDigit(s[j])) j++;
      const step = javaInt(s.slice(i + 1, j));
      if (step === undefined) this.fail(field, `the step in "${s}" is too large.`);
      if (j < s.length && j === i + 2) this.fail(field, `"${s[j]}" is not allowed after "/" in "${s}".`);
      this.checkStep(field, step);
      if (step === 0) this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: "${s}" has a step of 0, read as just ${value}.`);
      this.add(field, value, -1, step);
      return j;
    }
    this.add(field, value, -1, 0);
    return i;
  }

  private numberLast(field: QuartzField, value: number, i: number): number {
    if (field !== 'dayOfWeek') this.fail(field, '"L" after a number is only allowed in day-of-week (for example 6L).');
    if (value < 1 || value > 7) this.fail(field, `${value} is out of range 1-7.`);
    this.lastDayOfWeek = true;
    this.sets[field].add(value);
    return i + 1;
  }

  private numberWeekday(field: QuartzField, value: number, i: number): number {
    if (field !== 'dayOfMonth') this.fail(field, '"W" is only allowed in day-of-month.');
    if (value > 31) this.fail(field, `${value}W: a month has at most 31 days.`);
    this.nearestWeekday = true;
    this.sets[field].add(value);
    return i + 1;
  }

  /** `a-b`, `a-b/n`: Quartz reads single digits first, then any digits that follow, and ignores the rest. */
  private numberRange(field: QuartzField, s: string, start: number, i: number): number {
    if (!isDigit(s[i])) this.fail(field, `"${s}" is not a range of two numbers.`);
    let j = i;
    while (isDigit(s[j])) j++;
    const end = javaInt(s.slice(i, j));
    if (end === undefined) this.fail(field, `${s.slice(i, j)} is too large.`);
    if (s[j] !== '/') {
      this.add(field, start, end, 1);
      return j;
    }
    if (!isDigit(s[j + 1])) this.fail(field, `"/" must be followed by a whole number in "${s}".`);
    let k = j + 1;
    while (isDigit(s[k])) k++;
    const step = javaInt(s.slice(j + 1, k));
    if (step === undefined) this.fail(field, `the step in "${s}" is too large.`);
    if (step === 0) this.warnings.push(`${QUARTZ_FIELD_LABELS[field]}: "${s}" has a step of 0, read as just ${start}.`);
    this.add(field, start, end, step);
    return k;
  }

  private checkStep(field: QuartzField, step: number): void {
    const { maxStep, max, min } = LIMITS[field];
    if (step > maxStep) this.fail(field, `the step ${step} is too large; the most this field allows is ${maxStep} (${min}-${max}).`);
  }

  /** Quartz's addToSet: bounds, then one value or a (possibly wrapping) stepped range. */
  private add(field: QuartzField, value: number, end: number, step: number): void {
    const { min, max, wrap } = LIMITS[field];
    const marker = value === ALL_SPEC;
    if (!marker && field !== 'year' && (value < min || value > max || end > max)) {
      const bad = value < min || value > max ? value : end;
      this.fail(field, `${bad} is out of range ${min}-${max}.`);
    }
    const set = this.sets[field];
    if ((step === 0 || step === -1) && !marker) {
      set.add(value);
      this.parts[field].push({ kind: 'range', start: value, end: value, step: 1 });
      return;
    }
    if (marker && step <= 0) {
      step = 1;
      set.add(ALL_SPEC);
    }
    const last = field === 'year' ? this.maxYear : max;
    const from = marker ? min : value;
    let to = end === -1 ? last : end;
    this.parts[field].push(marker ? { kind: 'all', step } : { kind: 'range', start: from, end: to, step });
    let modulus = 0;
    if (to < from) {
      if (field === 'year') this.fail(field, `the range ${from}-${to} runs backwards; write the earlier year first.`);
      modulus = wrap;
      to += wrap;
    }
    for (let v = from; v <= to; v += step) {
      if (modulus === 0) {
        set.add(v);
        // Quartz never searches past 2999, so one year beyond it stands for all the rest.
        if (v > 2999) break;
      } else {
        const wrapped = v % modulus;
        set.add(wrapped === 0 && min === 1 ? modulus : wrapped);
      }
    }
  }
}

/** Java's Integer.parseInt: an optional sign, ASCII digits, within 32 bits; undefined when Java would throw. */
export function javaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n > INT_MAX || n < -INT_MAX - 1 ? undefined : n;
}
