/**
 * One story for a saved schedule: what Stitch stored, and why it can differ from what the user
 * chose. Stitch fills in `anchor_time` when it creates a source (the reference's create example
 * echoes an anchor nobody sent, §7.2), and frequency plus anchor is anchor scheduling: runs fall at
 * anchor + k x frequency. So "Interval: every hour" chosen in the form is stored as "every hour,
 * anchored at the moment of creation", and the editor shows the anchored mode because that is what
 * runs. This module says so in words. Pure.
 */
import { frequencyLabel } from './schedule';

/** An anchor within this of the source's creation was set by Stitch, not chosen. */
const CREATION_SLACK_MS = 60_000;

interface StorySource {
  properties?: Readonly<Record<string, unknown>> | null;
  created_at?: string | null;
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** "09:48 UTC" of the stored anchor, or undefined without one. */
export function anchorClock(properties: Readonly<Record<string, unknown>>): string | undefined {
  const raw = properties['anchor_time'];
  if (blank(raw)) return undefined;
  const ms = Date.parse(String(raw));
  return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** True when the stored anchor is the creation moment and no cron overrides it: Stitch's own anchor. */
export function anchoredByStitch(source: StorySource): boolean {
  const properties = source.properties ?? {};
  if (!blank(properties['cron_expression']) || !source.created_at) return false;
  const anchor = Date.parse(String(properties['anchor_time'] ?? ''));
  const created = Date.parse(source.created_at);
  return !Number.isNaN(anchor) && !Number.isNaN(created) && Math.abs(anchor - created) <= CREATION_SLACK_MS;
}

/** What Stitch stored for an interval schedule: "Every hour, anchored at 09:48 UTC" (or "Every hour"). */
export function storedIntervalText(intervalMinutes: number, source: StorySource): string {
  const clock = anchorClock(source.properties ?? {});
  return clock ? `${frequencyLabel(intervalMinutes)}, anchored at ${clock}` : frequencyLabel(intervalMinutes);
}

/**
 * Why the editor shows an anchored interval for a source created with a plain interval; undefined
 * when there is nothing to explain (the user chose the anchor, or a cron, or Stitch stored none).
 */
export function anchorNote(source: StorySource): string | undefined {
  if (!anchoredByStitch(source)) return undefined;
  const properties = source.properties ?? {};
  const clock = anchorClock(properties)!;
  const every = frequencyLabel(String(properties['frequency_in_minutes'] ?? '60')).toLowerCase();
  return `Chosen at creation: an interval, ${every}. Stored by Stitch: ${every}, anchored at ${clock}, the moment the source was created. `
    + `Why they differ: Stitch anchors every interval when it creates a source, so the runs fall at ${clock} and then ${every}; the editor shows that anchored interval because it is what runs.`;
}
