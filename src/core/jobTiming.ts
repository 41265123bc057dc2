/**
 * How long a source's syncs take, from its earlier jobs (Stitch's own start and completion times,
 * so our clock's skew doesn't matter), and the progress line that says so. Pure.
 */

interface TimedRecord {
  job_name: string;
  source_id: number;
  start_time: string | null;
  completion_time: string | null;
}

/** Durations (ms) of the source's completed jobs, newest first; `exceptJob` (the running one) left out. */
export function pastDurations(history: readonly TimedRecord[], sourceId: number, exceptJob?: string): number[] {
  return history
    .filter((e) => e.source_id === sourceId && e.job_name !== exceptJob && e.start_time && e.completion_time)
    .sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? ''))
    .map((e) => Date.parse(e.completion_time!) - Date.parse(e.start_time!))
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
}

/** The likely length of the next job: the median of the newest five, or undefined with no history. */
export function expectedDuration(durations: readonly number[]): number | undefined {
  const recent = [...durations.slice(0, 5)].sort((a, b) => a - b);
  if (recent.length === 0) return undefined;
  const mid = Math.floor(recent.length / 2);
  return recent.length % 2 ? recent[mid] : Math.round((recent[mid - 1]! + recent[mid]!) / 2);
}

/** "12 s", "2 min 5 s", "1 h 3 min". */
export function durationWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.round((s % 3600) / 60) ? ` ${Math.round((s % 3600) / 60)} min` : ''}`;
}

/**
 * The progress line of a running sync: what is known, no apology. "Running for 12 s (the last sync
 * took 20 s)"; the phase only when Stitch reported one ("…: tap, extracting data").
 */
export function runningText(elapsedMs: number, lastMs: number | undefined, phase?: string): string {
  const known = phase ? `: ${phase}` : '';
  const last = lastMs === undefined ? '' : ` (the last sync took ${durationWords(lastMs)})`;
  return `Running for ${durationWords(elapsedMs)}${known}${last}`;
}
