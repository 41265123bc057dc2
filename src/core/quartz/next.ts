/**
 * Fire times as Quartz 2.3.2 computes them, in UTC.
 *
 * Quartz searches with a lenient calendar: it sets fields (a day of 31 in June, a month of 13) and
 * lets the calendar roll them over, and its W rule works on those rolled-over dates, so "31W" can
 * fire on 1 July. Stitch runs whatever Quartz computes, so we walk the same search over the same
 * sets and flags with a small lenient calendar of our own, rather than a tidier calendar walk that
 * would disagree in exactly those cases. Established against Quartz itself (test/oracle).
 */
import { NO_SPEC, QUARTZ_LAST_YEAR, type QuartzSets } from './model';

const DAY_S = 86_400;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

/** Seconds since the epoch of lenient fields (month 1-based; any field may overflow or underflow). */
function lenientSeconds(y: number, mon: number, d: number, h: number, mi: number, s: number): number {
  const months = mon - 1;
  const year = y + Math.floor(months / 12);
  const month = months - Math.floor(months / 12) * 12 + 1;
  return (daysFromCivil(year, month, 1) + d - 1) * DAY_S + h * 3600 + mi * 60 + s;
}

export function lastDayOfMonth(mon: number, year: number): number {
  if (mon === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return mon === 4 || mon === 6 || mon === 9 || mon === 11 ? 30 : 31;
}

/** A lenient calendar like Java's: fields are set freely and resolved together when next read. */
class Cal {
  y = 1970; mon = 1; d = 1; h = 0; mi = 0; s = 0;
  private pending = false;

  constructor(seconds: number) { this.setSeconds(seconds); }

  setSeconds(total: number): void {
    const days = Math.floor(total / DAY_S);
    let rest = total - days * DAY_S;
    [this.y, this.mon, this.d] = civilFromDays(days);
    this.h = Math.floor(rest / 3600);
    rest -= this.h * 3600;
    this.mi = Math.floor(rest / 60);
    this.s = rest - this.mi * 60;
    this.pending = false;
  }

  seconds(): number { return lenientSeconds(this.y, this.mon, this.d, this.h, this.mi, this.s); }

  resolve(): this {
    if (this.pending) this.setSeconds(this.seconds());
    return this;
  }

  set(fields: Partial<Pick<Cal, 'y' | 'mon' | 'd' | 'h' | 'mi' | 's'>>): void {
    Object.assign(this, fields);
    this.pending = true;
  }

  /** Java's add(YEAR, 1): resolve first, then keep the day within the month. */
  addYear(): void {
    this.resolve();
    this.y += 1;
    this.d = Math.min(this.d, lastDayOfMonth(this.mon, this.y));
  }

  /** 1 = Sunday … 7 = Saturday. */
  weekday(): number {
    this.resolve();
    return (((daysFromCivil(this.y, this.mon, this.d) + 4) % 7) + 7) % 7 + 1;
  }
}

/** Thrown where Quartz would throw NoSuchElementException (a field with no values). */
class EmptyField extends Error {}

const first = (set: readonly number[]): number => {
  if (set.length === 0) throw new EmptyField();
  return set[0]!;
};

/** The first value ≥ v (TreeSet.tailSet(v).first()), or undefined. */
function ceiling(set: readonly number[], v: number): number | undefined {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return set[lo];
}

/** The weekday nearest `day`, moved the way Quartz moves it (from the rolled-over date's weekday). */
function nearestWeekdayDay(year: number, mon: number, day: number): { day: number; year: number } {
  const probe = new Cal(lenientSeconds(year, mon, day, 0, 0, 0));
  const weekday = probe.weekday();
  const lastDay = lastDayOfMonth(mon, year);
  if (weekday === 7) day += day === 1 ? 2 : -1;
  else if (weekday === 1) day += day === lastDay ? -2 : 1;
  // Quartz then sets the month back on a calendar whose year may have rolled over: keep that year.
  return { day, year: probe.y };
}

export type FireSearch = { kind: 'time'; ms: number } | { kind: 'none' } | { kind: 'noValues' } | { kind: 'loops' };

/** The first fire time strictly after `afterMs`, searched as Quartz searches. */
export function fireTimeAfter(sets: QuartzSets, afterMs: number): FireSearch {
  try {
    return search(sets, afterMs);
  } catch (error) {
    if (error instanceof EmptyField) return { kind: 'noValues' };
    throw error;
  }
}

function search(q: QuartzSets, afterMs: number): FireSearch {
  const afterTime = afterMs + 1000;
  const cl = new Cal(Math.floor(afterTime / 1000));
  const domSpec = !q.daysOfMonth.includes(NO_SPEC);
  // "8#1": Quartz shifts the day forever and gives up only in 2999; say so at once.
  if (!domSpec && q.nthDayOfWeek !== 0 && q.daysOfWeek[0]! > 7 && q.seconds.length && q.minutes.length && q.hours.length) {
    return { kind: 'none' };
  }
  // Brent's cycle detection on the calendar: Quartz loops forever on a few expressions.
  let tortoise = Number.NaN;
  let power = 1;
  let lambda = 0;
  for (;;) {
    const now = cl.resolve().seconds();
    if (now === tortoise) return { kind: 'loops' };
    if (++lambda === power) { tortoise = now; power *= 2; lambda = 0; }
    if (cl.y > QUARTZ_LAST_YEAR) return { kind: 'none' };

    let sec = cl.s;
    let min = cl.mi;
    const nextSec = ceiling(q.seconds, sec);
    if (nextSec !== undefined) sec = nextSec;
    else { sec = first(q.seconds); cl.set({ mi: ++min }); }
    cl.set({ s: sec });

    cl.resolve();
    min = cl.mi;
    let hr = cl.h;
    let t = -1;
    const nextMin = ceiling(q.minutes, min);
    if (nextMin !== undefined) { t = min; min = nextMin; } else { min = first(q.minutes); hr++; }
    if (min !== t) { cl.set({ s: 0, mi: min, h: hr }); continue; }
    cl.set({ mi: min });

    cl.resolve();
    hr = cl.h;
    let day = cl.d;
    t = -1;
    const nextHour = ceiling(q.hours, hr);
    if (nextHour !== undefined) { t = hr; hr = nextHour; } else { hr = first(q.hours); day++; }
    if (hr !== t) { cl.set({ s: 0, mi: 0, d: day, h: hr }); continue; }
    cl.set({ h: hr });

    cl.resolve();
    day = cl.d;
    let mon = cl.mon;
    const step = domSpec ? byDayOfMonth(q, cl, day, mon, hr, min, sec, afterTime) : byDayOfWeek(q, cl, day, mon);
    if (step === 'continue') continue;
    cl.set({ d: step });

    cl.resolve();
    mon = cl.mon;
    let year = cl.y;
    if (year > q.maxYear) return { kind: 'none' };
    t = -1;
    const nextMon = ceiling(q.months, mon);
    if (nextMon !== undefined) { t = mon; mon = nextMon; } else { mon = first(q.months); year++; }
    if (mon !== t) { cl.set({ s: 0, mi: 0, h: 0, d: 1, mon, y: year }); continue; }
    cl.set({ mon });

    cl.resolve();
    year = cl.y;
    const nextYear = ceiling(q.years, year);
    if (nextYear === undefined) return { kind: 'none' };
    if (nextYear !== year) { cl.set({ s: 0, mi: 0, h: 0, d: 1, mon: 1, y: nextYear }); continue; }
    return { kind: 'time', ms: cl.resolve().seconds() * 1000 };
  }
}

/** The day-of-month rule: a day to keep, or 'continue' after moving the calendar. */
function byDayOfMonth(
  q: QuartzSets, cl: Cal, day: number, mon: number, hr: number, min: number, sec: number, afterTime: number,
): number | 'continue' {
  let tmon = mon;
  let t = -1;
  const year = cl.y;
  if (q.lastDayOfMonth || q.nearestWeekday) {
    t = day;
    if (q.lastDayOfMonth && !q.nearestWeekday) {
      day = lastDayOfMonth(mon, year) - q.lastDayOffset;
      if (t > day) {
        mon++;
        if (mon > 12) { mon = 1; tmon = 3333; cl.addYear(); }
        day = 1;
      }
    } else {
      const base = q.lastDayOfMonth ? lastDayOfMonth(mon, year) - q.lastDayOffset : first(q.daysOfMonth);
      const moved = nearestWeekdayDay(year, mon, base);
      day = moved.day;
      const candidate = lenientSeconds(moved.year, mon, day, hr, min, sec) * 1000;
      if (candidate < afterTime) {
        day = q.lastDayOfMonth ? 1 : first(q.daysOfMonth);
        mon++;
      }
    }
  } else {
    const next = ceiling(q.daysOfMonth, day);
    if (next !== undefined) {
      t = day;
      day = next;
      if (day > lastDayOfMonth(mon, year)) { day = first(q.daysOfMonth); mon++; }
    } else {
      day = first(q.daysOfMonth);
      mon++;
    }
  }
  if (day !== t || mon !== tmon) {
    cl.set({ s: 0, mi: 0, h: 0, d: day, mon });
    return 'continue';
  }
  return day;
}

/** The day-of-week rule: a day to keep, or 'continue' after moving the calendar. */
function byDayOfWeek(q: QuartzSets, cl: Cal, day: number, mon: number): number | 'continue' {
  const lastDay = lastDayOfMonth(mon, cl.y);
  const current = cl.weekday();
  const toNextMonth = (): 'continue' => { cl.set({ s: 0, mi: 0, h: 0, d: 1, mon: mon + 1 }); return 'continue'; };
  const moveTo = (d: number): 'continue' => { cl.set({ s: 0, mi: 0, h: 0, d, mon }); return 'continue'; };
  const ahead = (wanted: number): number => (current < wanted ? wanted - current : current > wanted ? wanted + (7 - current) : 0);
  if (q.lastDayOfWeek) {
    let add = ahead(first(q.daysOfWeek));
    if (day + add > lastDay) return toNextMonth();
    while (day + add + 7 <= lastDay) add += 7;
    day += add;
    return add > 0 ? moveTo(day) : day;
  }
  if (q.nthDayOfWeek !== 0) {
    let add = ahead(first(q.daysOfWeek));
    const shifted = add > 0;
    day = (day + add) | 0;
    let week = (day / 7) | 0;
    if (day % 7 > 0) week++;
    add = ((q.nthDayOfWeek - week) * 7) | 0;
    day = (day + add) | 0;
    if (add < 0 || day > lastDay) return toNextMonth();
    return add > 0 || shifted ? moveTo(day) : day;
  }
  const wanted = ceiling(q.daysOfWeek, current) ?? first(q.daysOfWeek);
  const add = ahead(wanted);
  if (day + add > lastDay) return toNextMonth();
  return add > 0 ? moveTo(day + add) : day;
}
