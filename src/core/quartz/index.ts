/**
 * Quartz cron, exactly as Stitch runs it: parse, validate, compute next fire times and describe.
 *
 * Stitch's `cron_expression` is a Quartz 2.3.2 expression (reference §7.2): seconds first, an
 * optional year last, `?` for "no specific value", and L, W and #. Everything is in UTC, because
 * Stitch stores and schedules in UTC. We match Quartz 2.3.2's CronExpression on validity and fire
 * times, leniency and odd date arithmetic included, and say in warnings where Quartz reads the text
 * differently from how it looks; test/unit/core/quartzDifferential.test.ts checks this against
 * Quartz itself. The emulator's `next_fire_time` and the editor's preview both call this module.
 */
import { describeCron } from './describe';
import { fireTimeAfter } from './next';
import { parseQuartz, type ParseOptions } from './parse';
import type { QuartzCron } from './model';

export {
  QUARTZ_FIELD_LABELS, QUARTZ_FIELD_ORDER, quartzMaxYear,
  type DayOfMonthSpec, type DayOfWeekSpec, type QuartzCron, type QuartzErrorCode, type QuartzField, type QuartzParseResult,
  type QuartzPart, type QuartzSets,
} from './model';
export { parseQuartz, type ParseOptions };

/** True when Quartz accepts `expr`. */
export function isValidQuartz(expr: string): boolean {
  return parseQuartz(expr).ok;
}

function toCron(expr: string | QuartzCron, options?: ParseOptions): QuartzCron {
  if (typeof expr !== 'string') return expr;
  const parsed = parseQuartz(expr, options);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cron;
}

/** Why a run list is shorter than asked: no more runs, a field with no values, or a search that never ends. */
export type QuartzRunsEnd = 'none' | 'noValues' | 'loops';

export interface QuartzRuns {
  readonly runs: Date[];
  /** Set when fewer runs than asked were found. */
  readonly end?: QuartzRunsEnd;
}

/** The next `count` fire times strictly after `from`, with the reason when there are fewer. */
export function quartzRuns(expr: string | QuartzCron, from: Date, count: number, options?: ParseOptions): QuartzRuns {
  const cron = toCron(expr, options);
  const runs: Date[] = [];
  let cursor = from.getTime();
  while (runs.length < count) {
    const next = fireTimeAfter(cron.sets, cursor);
    if (next.kind !== 'time') return { runs, end: next.kind };
    runs.push(new Date(next.ms));
    cursor = next.ms;
  }
  return { runs };
}

/**
 * The next `count` fire times strictly after `from`, in UTC. Returns fewer when the schedule ends
 * (a year in the past, a date that never exists, Quartz's hundred-year horizon). Throws on an
 * invalid expression string; use parseQuartz first to show the user a message.
 */
export function nextFireTimes(expr: string | QuartzCron, from: Date, count: number): Date[] {
  return quartzRuns(expr, from, count).runs;
}

/** A readable description, or the parse error message for an invalid expression. */
export function describeQuartz(expr: string | QuartzCron): string {
  if (typeof expr !== 'string') return describeCron(expr);
  const parsed = parseQuartz(expr);
  return parsed.ok ? describeCron(parsed.cron) : parsed.message;
}

/**
 * Warnings for a preview: how Quartz reads the text (from parsing), its short-month W arithmetic,
 * and a search Quartz never finishes. (Whether the runs end is the caller's to say: it knows how
 * many it asked for.)
 */
export function quartzWarnings(cron: QuartzCron, result: QuartzRuns): string[] {
  const warnings = [...cron.warnings];
  const s = cron.sets;
  const day = s.daysOfMonth[0] ?? 0;
  if (s.nearestWeekday && !s.lastDayOfMonth && day >= 29) {
    warnings.push(
      `Day-of-month: in months shorter than ${day} days Quartz rolls "${day}W" over into the next month before ` +
        'finding the weekday, so Stitch may run on an early day of the next month (or on 29 February).',
    );
  }
  if (result.end === 'loops') warnings.push('Quartz never finishes computing the next run of this schedule.');
  return warnings;
}
