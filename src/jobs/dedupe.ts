/**
 * In-window de-duplication of starts: a second Sync Now for a source while the first is still
 * being sent joins the first instead of sending another POST. Pure, unit-tested.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** Runs `task` unless one is in flight for `key`; then returns that one with `joined: true`. */
  run(key: string, task: () => Promise<T>): { joined: boolean; result: Promise<T> } {
    const existing = this.running.get(key);
    if (existing) return { joined: true, result: existing };
    const result = (async () => task())().finally(() => {
      if (this.running.get(key) === result) this.running.delete(key);
    });
    this.running.set(key, result);
    return { joined: false, result };
  }

  has(key: string): boolean { return this.running.has(key); }
}

/** Keeps the newest `perSource` extractions per source seen so far, a newer copy of a job replacing the older. */
export function mergeHistory<T extends { job_name: string; source_id: number; start_time: string | null }>(
  known: readonly T[], fresh: readonly T[], perSource = 10,
): T[] {
  const byName = new Map<string, T>();
  for (const e of known) byName.set(e.job_name, e);
  for (const e of fresh) byName.set(e.job_name, e);
  const bySource = new Map<number, T[]>();
  for (const e of byName.values()) {
    const list = bySource.get(e.source_id) ?? [];
    list.push(e);
    bySource.set(e.source_id, list);
  }
  const out: T[] = [];
  for (const list of bySource.values()) {
    list.sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? ''));
    out.push(...list.slice(0, perSource));
  }
  return out.sort((a, b) => a.source_id - b.source_id || (b.start_time ?? '').localeCompare(a.start_time ?? ''));
}
