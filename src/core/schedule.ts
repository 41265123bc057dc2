/**
 * Replication scheduling (reference §5.6, §7.2): interval, anchored interval and Quartz cron.
 *
 * Precedence (Stitch's method table): a cron expression beats frequency and anchor; frequency plus
 * anchor gives anchor scheduling; frequency alone gives interval scheduling.
 */

import { patternAlternatives } from './patterns';
import { describeQuartz, parseQuartz, quartzRuns, quartzWarnings } from './quartz';

// Re-exported: callers of the schedule module read frequency patterns with it.
export { patternAlternatives };

const MINUTE_MS = 60_000;

/** The documented values of `frequency_in_minutes`, used when a card has no readable pattern. */
export const DOCUMENTED_FREQUENCIES: readonly string[] = ['1', '30', '60', '360', '720', '1440'];

export interface FrequencyChoice {
  /** The string Stitch expects, e.g. "360". */
  readonly value: string;
  readonly minutes: number;
  /** "Every 6 hours". */
  readonly label: string;
}

/** "Every minute", "Every 30 minutes", "Every hour", "Every 12 hours", "Every day", "Every 2 days". */
export function frequencyLabel(minutes: number | string): string {
  const m = Number(minutes);
  if (!Number.isFinite(m) || m <= 0) return `Every ${minutes} minutes`;
  if (m % 1440 === 0) return m === 1440 ? 'Every day' : `Every ${m / 1440} days`;
  if (m % 60 === 0) return m === 60 ? 'Every hour' : `Every ${m / 60} hours`;
  return m === 1 ? 'Every minute' : `Every ${m} minutes`;
}

/**
 * Choices for a `frequency_in_minutes` property from its json_schema pattern, in ascending order.
 * Falls back to the documented values when the schema has no pattern of alternatives.
 */
export function frequencyChoices(jsonSchema: unknown): FrequencyChoice[] {
  const pattern =
    jsonSchema && typeof jsonSchema === 'object' && typeof (jsonSchema as { pattern?: unknown }).pattern === 'string'
      ? (jsonSchema as { pattern: string }).pattern
      : undefined;
  const values = (pattern && patternAlternatives(pattern)?.filter((v) => /^\d+$/.test(v))) || [...DOCUMENTED_FREQUENCIES];
  return values
    .map((value) => ({ value, minutes: Number(value), label: frequencyLabel(value) }))
    .sort((a, b) => a.minutes - b.minutes);
}

/** The choice to preselect: the type's default interval when allowed, else the closest allowed one. */
export function defaultFrequencyChoice(
  choices: readonly FrequencyChoice[],
  defaultSchedulingInterval: number | null | undefined,
): FrequencyChoice | undefined {
  if (choices.length === 0) return undefined;
  const target = defaultSchedulingInterval ?? 60;
  return choices.reduce((best, c) => (Math.abs(c.minutes - target) < Math.abs(best.minutes - target) ? c : best));
}

/**
 * The next `count` interval runs strictly after `from`.
 *
 * With an anchor, runs fall on anchor + k·frequency (§7.2: anchor 03:30 with 360 gives 09:30,
 * 15:30, 21:30, 03:30…). [Inferred] k ≥ 0: an anchor in the future is the first run, since Stitch
 * describes the anchor as when replication starts. Without an anchor, Stitch counts the interval
 * from the previous run, which a pure function cannot know; [inferred] we treat `from` as that
 * previous run (or the moment the schedule was saved), giving from + frequency, + 2·frequency…
 */
export function nextIntervalRuns(frequencyMinutes: number, anchor: Date | undefined, from: Date, count: number): Date[] {
  if (!(frequencyMinutes > 0) || count <= 0) return [];
  const step = frequencyMinutes * MINUTE_MS;
  const fromMs = from.getTime();
  let first: number;
  if (anchor && !Number.isNaN(anchor.getTime())) {
    // The anchor sets the phase (reference §7.2: runs fall at anchor + k·frequency), for any
    // integer k: a future anchor still lines up today's runs rather than delaying the first one.
    const anchorMs = anchor.getTime();
    first = anchorMs + (Math.floor((fromMs - anchorMs) / step) + 1) * step;
  } else {
    first = fromMs + step;
  }
  return Array.from({ length: count }, (_, i) => new Date(first + i * step));
}

/** Stitch's wire timestamp: ISO-8601 UTC at second precision, e.g. "2020-06-22T19:00:00Z". */
export function toStitchTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type ScheduleMode = 'cron' | 'anchored' | 'interval';

/** The Source `schedule` object (§5.6). */
export type StitchSchedule =
  | { type: 'interval'; unit: 'minute'; interval: number; next_fire_time: string }
  | { type: 'cron'; cron_expression: string; next_fire_time: string };

export type ComputedSchedule =
  | {
      ok: true;
      mode: ScheduleMode;
      /** "At 02:30 UTC, Monday through Friday" or "Every 6 hours, anchored at 03:30 UTC". */
      description: string;
      nextRuns: Date[];
      /** Where Quartz reads a cron expression differently from how it looks (empty otherwise). */
      warnings: string[];
      /** Undefined when the schedule never fires again (e.g. a cron year in the past). */
      schedule?: StitchSchedule;
    }
  | { ok: false; mode: ScheduleMode; message: string; field: 'cron_expression' | 'frequency_in_minutes' | 'anchor_time' };

export interface ScheduleOptions {
  from: Date;
  /** How many runs to preview; 5 by default. */
  count?: number;
  /** The type's `details.default_scheduling_interval`, used when no frequency is set. */
  defaultFrequencyMinutes?: number | null;
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The effective schedule of a source's properties: cron wins over frequency and anchor.
 * Property values are as Stitch stores them (strings; `null` for a cleared cron).
 */
export function computeSchedule(properties: Readonly<Record<string, unknown>>, options: ScheduleOptions): ComputedSchedule {
  const count = options.count ?? 5;
  const cron = properties['cron_expression'];
  if (!isBlank(cron)) {
    const parsed = parseQuartz(String(cron));
    if (!parsed.ok) return { ok: false, mode: 'cron', message: parsed.message, field: 'cron_expression' };
    const runs = quartzRuns(parsed.cron, options.from, count);
    const nextRuns = runs.runs;
    return {
      ok: true,
      mode: 'cron',
      description: describeQuartz(parsed.cron),
      nextRuns,
      warnings: quartzWarnings(parsed.cron, runs),
      schedule: nextRuns[0]
        ? { type: 'cron', cron_expression: String(cron).trim(), next_fire_time: toStitchTimestamp(nextRuns[0]) }
        : undefined,
    };
  }
  const rawFrequency = properties['frequency_in_minutes'];
  const frequency = isBlank(rawFrequency) ? (options.defaultFrequencyMinutes ?? 60) : Number(rawFrequency);
  const rawAnchor = properties['anchor_time'];
  const mode: ScheduleMode = isBlank(rawAnchor) ? 'interval' : 'anchored';
  if (!Number.isInteger(frequency) || frequency <= 0) {
    return { ok: false, mode, message: `Frequency must be a whole number of minutes, not "${String(rawFrequency)}".`, field: 'frequency_in_minutes' };
  }
  let anchor: Date | undefined;
  if (mode === 'anchored') {
    anchor = new Date(String(rawAnchor));
    if (Number.isNaN(anchor.getTime())) {
      return { ok: false, mode, message: `Anchor time "${String(rawAnchor)}" is not a valid date and time.`, field: 'anchor_time' };
    }
  }
  const nextRuns = nextIntervalRuns(frequency, anchor, options.from, count);
  const description = anchor
    ? `${frequencyLabel(frequency)}, anchored at ${toStitchTimestamp(anchor).slice(11, 16)} UTC`
    : frequencyLabel(frequency);
  return {
    ok: true,
    mode,
    description,
    nextRuns,
    warnings: [],
    schedule: { type: 'interval', unit: 'minute', interval: frequency, next_fire_time: toStitchTimestamp(nextRuns[0]!) },
  };
}

export type ScheduleChoice =
  | { mode: 'interval'; frequency: string }
  | { mode: 'anchored'; frequency: string; anchorTime: Date }
  | { mode: 'cron'; cronExpression: string };

/**
 * The `properties` to PUT for a schedule choice, clearing whatever would make the effective mode
 * ambiguous: switching away from cron sends `cron_expression: null`, and interval clears the
 * anchor. [Inferred] Stitch stores null for cleared values (its own examples show
 * `"cron_expression": null`). Cron leaves frequency and anchor alone, since cron wins anyway and
 * keeping them makes switching back painless.
 */
export function scheduleProperties(choice: ScheduleChoice): Record<string, string | null> {
  switch (choice.mode) {
    case 'cron':
      return { cron_expression: choice.cronExpression.trim() };
    case 'anchored':
      return { frequency_in_minutes: choice.frequency, anchor_time: choice.anchorTime.toISOString(), cron_expression: null };
    case 'interval':
      return { frequency_in_minutes: choice.frequency, anchor_time: null, cron_expression: null };
  }
}
