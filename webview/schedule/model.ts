/**
 * The schedule editor's view model: small pure functions (no DOM, no host code) for restoring a
 * draft, converting the anchor between the user's local time and UTC, and formatting fire times.
 *
 * Local time is the webview's: the webview runs where the user sits, while the extension host may
 * run on a remote machine in another zone. So the host sends UTC instants and this side formats them.
 */
import type { ScheduleDraft, ScheduleModeView, ScheduleSetup } from '../../src/protocol/schedule';

const MODES: readonly ScheduleModeView[] = ['interval', 'anchored', 'cron'];

/** A draft restored from webview state, checked field by field; undefined when it isn't one. */
export function restoreDraft(value: unknown): ScheduleDraft | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.mode !== 'string' || !(MODES as string[]).includes(v.mode)) return undefined;
  if (typeof v.frequency !== 'string' || typeof v.anchorTime !== 'string' || typeof v.cronExpression !== 'string') return undefined;
  return { mode: v.mode as ScheduleModeView, frequency: v.frequency, anchorTime: v.anchorTime, cronExpression: v.cronExpression };
}

/** The draft to start from: a restored one (its frequency kept only if still allowed), else the setup's. */
export function startingDraft(setup: ScheduleSetup, restored: ScheduleDraft | undefined): ScheduleDraft {
  if (!restored) return { ...setup.initial };
  const allowed = setup.frequencies.some((f) => f.value === restored.frequency);
  return { ...restored, frequency: allowed ? restored.frequency : setup.initial.frequency };
}

export function sameDraft(a: ScheduleDraft, b: ScheduleDraft): boolean {
  return a.mode === b.mode && a.cronExpression.trim() === b.cronExpression.trim() &&
    (a.mode === 'cron' || (a.frequency === b.frequency && (a.mode === 'interval' || Date.parse(a.anchorTime) === Date.parse(b.anchorTime))));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The value of an `<input type="datetime-local">` showing `iso` in this machine's zone, or "". */
export function localInputFromIso(iso: string): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return '';
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface LocalConversion {
  /** ISO-8601 UTC, as stored in `anchor_time`. */
  iso: string;
  /**
   * True when the local time does not exist in this zone (a daylight-saving gap) and the browser
   * moved it; the editor says so, showing the time that will really be stored.
   */
  adjusted: boolean;
}

/** Reads "2024-05-01T03:30" (or with seconds) as local time; undefined when it isn't a date-time. */
export function isoFromLocalInput(local: string): LocalConversion | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(y, mo - 1, d, h, mi, s, 0);
  if (Number.isNaN(date.getTime())) return undefined;
  // Only a daylight-saving gap moves a valid wall-clock time (e.g. 02:30 on a spring-forward night).
  const adjusted = date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi;
  return { iso: date.toISOString(), adjusted };
}

/** The IANA zone of this machine, e.g. "Europe/Berlin" (or "UTC"); "" when the browser won't say. */
export function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

interface Parts { weekday: string; year: string; month: string; day: string; hour: string; minute: string; second: string; zone: string }

/** The display language VS Code gave the page (<html lang>), for the weekday's name; English without one. */
function pageLanguage(): string {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  try {
    return lang && Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'en-US';
  } catch {
    return 'en-US'; // a tag Intl can't read
  }
}

function partsIn(date: Date, timeZone: string | undefined): Parts {
  // The numbers stay in one fixed, sortable form (2024-05-01 09:30); only the weekday is the user's language.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  const language = pageLanguage();
  const weekday = language === 'en-US' ? out.weekday : new Intl.DateTimeFormat(language, { timeZone, weekday: 'short' }).format(date);
  return {
    weekday: weekday ?? '', year: out.year ?? '', month: out.month ?? '', day: out.day ?? '',
    hour: out.hour === '24' ? '00' : (out.hour ?? ''), minute: out.minute ?? '', second: out.second ?? '', zone: out.timeZoneName ?? '',
  };
}

function formatParts(p: Parts, withZone: string): string {
  const seconds = p.second !== '00' ? `:${p.second}` : '';
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds} ${withZone}`.trim();
}

/** "Wed 2024-05-01 09:30 UTC" (seconds only when not zero). "" for an unreadable instant. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return formatParts(partsIn(d, 'UTC'), 'UTC');
}

/** "Wed 2024-05-01 11:30 GMT+2" in `timeZone` (this machine's zone by default). */
export function formatLocal(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = partsIn(d, timeZone);
  return formatParts(p, p.zone);
}

export interface RunRow { readonly iso: string; readonly utc: string; readonly local: string }

export function runRows(runs: readonly string[], timeZone?: string): RunRow[] {
  return runs.map((iso) => ({ iso, utc: formatUtc(iso), local: formatLocal(iso, timeZone) }));
}

/** The order the editor offers the modes in (their words are in editor.ts, through `t`). */
export const MODE_ORDER: readonly ScheduleModeView[] = MODES;
