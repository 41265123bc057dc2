/**
 * The parsed form of a Quartz expression, shaped the way Quartz 2.3.2's CronExpression holds it:
 * one sorted value set per field plus a few flags for L, W and #. Keeping Quartz's own shape (rather
 * than a tidier one) is what lets the fire-time engine reproduce Quartz's results exactly,
 * including the odd ones Stitch really runs.
 */

export type QuartzField = 'seconds' | 'minutes' | 'hours' | 'dayOfMonth' | 'month' | 'dayOfWeek' | 'year';

export const QUARTZ_FIELD_ORDER: readonly QuartzField[] = ['seconds', 'minutes', 'hours', 'dayOfMonth', 'month', 'dayOfWeek', 'year'];

export const QUARTZ_FIELD_LABELS: Readonly<Record<QuartzField, string>> = {
  seconds: 'Seconds',
  minutes: 'Minutes',
  hours: 'Hours',
  dayOfMonth: 'Day-of-month',
  month: 'Month',
  dayOfWeek: 'Day-of-week',
  year: 'Year',
};

/** Markers Quartz stores inside the value sets: `*` (besides filling the values) and `?`. */
export const ALL_SPEC = 99;
export const NO_SPEC = 98;

/** Quartz gives up on any search that reaches this year. */
export const QUARTZ_LAST_YEAR = 2999;

/**
 * Quartz's search horizon: a hundred years after the year its clock showed when it started
 * (CronExpression.MAX_YEAR). A `*` year means 1970 up to this year.
 */
export function quartzMaxYear(now: Date = new Date()): number {
  return now.getUTCFullYear() + 100;
}

/** One comma-separated item of a field, kept for describing the expression. */
export type QuartzPart =
  | { kind: 'all'; step: number }
  | { kind: 'range'; start: number; end: number; step: number };

export type DayOfMonthSpec =
  | { kind: 'unspecified' }
  | { kind: 'days'; days: number[]; parts: QuartzPart[] }
  /** `L` (offset 0), `L-3` (offset 3), `LW` (weekday true). */
  | { kind: 'last'; offset: number; weekday: boolean }
  /** `15W`: the weekday nearest the 15th (Quartz's arithmetic may roll into the next month). */
  | { kind: 'nearestWeekday'; day: number };

export type DayOfWeekSpec =
  | { kind: 'unspecified' }
  /** Quartz numbering: 1 = Sunday … 7 = Saturday. */
  | { kind: 'days'; days: number[]; parts: QuartzPart[] }
  /** `5L`: the last Thursday of the month. */
  | { kind: 'lastInMonth'; day: number }
  /** `6#3`: the third Friday of the month. */
  | { kind: 'nth'; day: number; nth: number };

/** Quartz's internal state for one expression: sorted sets (with markers) and flags. */
export interface QuartzSets {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly number[];
  readonly years: readonly number[];
  readonly lastDayOfMonth: boolean;
  readonly lastDayOffset: number;
  readonly nearestWeekday: boolean;
  readonly lastDayOfWeek: boolean;
  /** 0 when there is no `#`. */
  readonly nthDayOfWeek: number;
  readonly maxYear: number;
}

export interface QuartzCron {
  /** The expression as Quartz keeps it: upper-cased, otherwise as typed. */
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
  /** Where Quartz reads the text differently from how it looks: shown beside the preview. */
  readonly warnings: readonly string[];
  readonly sets: QuartzSets;
}

export type QuartzErrorCode = 'empty' | 'fieldCount' | 'bothDays' | 'neverFinishes' | 'syntax';

export type QuartzParseResult =
  | { ok: true; cron: QuartzCron }
  | { ok: false; message: string; code: QuartzErrorCode; field?: QuartzField };

export class QuartzError extends Error {
  constructor(message: string, readonly code: QuartzErrorCode, readonly field?: QuartzField) {
    super(message);
  }
}
