/**
 * The only copy of the active account's extractions (jobs). Written by the jobs poller, read by
 * the Sources tree, the status bar and the history documents. No `vscode` import.
 *
 * Stitch lists one record per source (its latest job); the store also keeps the newest few jobs it
 * has seen per source (`history`), and which sources have a job running (the list's running
 * records plus the jobs this window follows).
 */
import type { Extraction } from '../api/types';
import { mergeHistory } from '../jobs/dedupe';
import { Emitter, type Disposable } from './emitter';

export const HISTORY_PER_SOURCE = 10;

export interface ExtractionChange {
  /** Sources whose history or running state changed. */
  readonly sourceIds: readonly number[];
  /** Everything was replaced (the account changed, or remembered history was restored). */
  readonly reset?: boolean;
  /** The history changed (not only the running set): worth remembering. */
  readonly history?: boolean;
}

export class ExtractionStore implements Disposable {
  private latestPage: Extraction[] = [];
  private known: Extraction[] = [];
  private runningIds = new Set<number>();
  private pageAt = 0;
  private readonly changed = new Emitter<ExtractionChange>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly now: () => number = Date.now) {}

  /** The last page Stitch returned (one record per source). */
  get page(): readonly Extraction[] { return this.latestPage; }
  /** Every job seen, newest few per source. */
  get history(): readonly Extraction[] { return this.known; }
  /** When a poll last delivered a page (epoch ms, 0 = never). */
  get polledAt(): number { return this.pageAt; }

  historyOf(sourceId: number): Extraction[] {
    return this.known.filter((e) => e.source_id === sourceId).sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? ''));
  }

  latest(sourceId: number): Extraction | undefined { return this.historyOf(sourceId)[0]; }

  isRunning(sourceId: number): boolean { return this.runningIds.has(sourceId); }
  get running(): ReadonlySet<number> { return this.runningIds; }

  /** A fresh page from the poller (or another window's snapshot of one). */
  applyPage(records: Extraction[]): void {
    const before = this.known;
    this.latestPage = records;
    this.pageAt = this.now();
    this.known = mergeHistory(this.known, records, HISTORY_PER_SOURCE);
    const ids = changedSources(before, this.known);
    if (ids.length) this.changed.fire({ sourceIds: ids, history: true });
  }

  /** Which sources run a job now (the page's running records plus followed jobs). Fires for the ones that flipped. */
  setRunning(ids: ReadonlySet<number>): void {
    const flipped = [...new Set([...this.runningIds, ...ids])].filter((id) => this.runningIds.has(id) !== ids.has(id));
    this.runningIds = new Set(ids);
    if (flipped.length) this.changed.fire({ sourceIds: flipped });
  }

  /** The account changed: forget everything, then start from what this editor remembered of the new one. */
  reset(remembered: Extraction[] = []): void {
    this.latestPage = [];
    this.pageAt = 0;
    this.runningIds = new Set();
    this.known = remembered;
    this.changed.fire({ sourceIds: [...new Set(remembered.map((e) => e.source_id))], reset: true });
  }

  dispose(): void { this.changed.dispose(); }
}

function changedSources(before: readonly Extraction[], after: readonly Extraction[]): number[] {
  const key = (list: readonly Extraction[]) => {
    const map = new Map<number, string[]>();
    for (const e of list) {
      const parts = map.get(e.source_id) ?? [];
      parts.push(JSON.stringify(e));
      map.set(e.source_id, parts);
    }
    return map;
  };
  const a = key(before);
  const b = key(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => (a.get(id) ?? []).sort().join() !== (b.get(id) ?? []).sort().join());
}
