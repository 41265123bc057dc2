/**
 * The Source `schedule` object and next fire times (reference §5.6, §7.2): a Quartz cron beats
 * frequency and anchor; frequency plus anchor fires at anchor + k * frequency; frequency alone
 * fires every N minutes from the last run (or from when the source became fully configured).
 */
import { nextFireTimes, parseQuartz } from '../../src/core/quartz';
import type { ReportCard } from './catalogue/types';
import { isoSeconds } from './clock';
import type { SourceRecord } from './state';

export function frequencyMinutes(source: SourceRecord, card: ReportCard | undefined): number {
  const raw = source.properties.frequency_in_minutes;
  const parsed = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  if (Number.isFinite(parsed) && parsed > 0) return parsed;
  return card?.details?.default_scheduling_interval ?? 60;
}

function cronOf(source: SourceRecord): string | undefined {
  const cron = source.properties.cron_expression;
  return typeof cron === 'string' && cron.trim() !== '' ? cron : undefined;
}

/** The first fire time strictly after `afterMs`, or null when the schedule never fires again. */
export function nextFireAfter(source: SourceRecord, card: ReportCard | undefined, afterMs: number): number | null {
  const cron = cronOf(source);
  if (cron) {
    const parsed = parseQuartz(cron);
    if (!parsed.ok) return null;
    const [next] = nextFireTimes(parsed.cron, new Date(afterMs), 1);
    return next ? next.getTime() : null;
  }
  const step = frequencyMinutes(source, card) * 60_000;
  const anchorRaw = source.properties.anchor_time;
  const anchor = typeof anchorRaw === 'string' ? Date.parse(anchorRaw) : NaN;
  if (Number.isFinite(anchor)) {
    const k = Math.floor((afterMs - anchor) / step) + 1;
    return anchor + k * step;
  }
  const base = source.scheduleBaseMs ?? afterMs;
  if (base > afterMs) return base + step;
  const k = Math.floor((afterMs - base) / step) + 1;
  return base + k * step;
}

export type Schedule =
  | { type: 'interval'; unit: 'minute'; interval: number; next_fire_time: string | null }
  | { type: 'cron'; cron_expression: string; next_fire_time: string | null };

export function scheduleObject(source: SourceRecord, card: ReportCard | undefined, nowMs: number): Schedule {
  const next = nextFireAfter(source, card, Math.max(nowMs, source.scheduledThroughMs ?? nowMs));
  const nextText = next === null ? null : isoSeconds(next);
  const cron = cronOf(source);
  if (cron) return { type: 'cron', cron_expression: cron, next_fire_time: nextText };
  return { type: 'interval', unit: 'minute', interval: frequencyMinutes(source, card), next_fire_time: nextText };
}

export type CronProblem = { kind: 'both-days' } | { kind: 'invalid'; message: string };

/** Quartz's own parse; Stitch answers its documented message when both day fields are given. */
export function cronProblem(expr: string): CronProblem | undefined {
  const parsed = parseQuartz(expr);
  if (parsed.ok) return undefined;
  return parsed.code === 'bothDays' ? { kind: 'both-days' } : { kind: 'invalid', message: parsed.message };
}
