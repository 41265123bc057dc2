import type * as vscode from 'vscode';
import type { ConnectionCheck, Source } from '../api';
import { StitchApiError } from '../api/errors';
import { lastCheckFrom, type LastCheck } from '../core/sourceRow';

/** First look again at a running check after this; doubles per look, up to FOLLOW_MAX_MS. */
const FOLLOW_FIRST_MS = 5_000;
const FOLLOW_MAX_MS = 60_000;

/**
 * The last connection check of each source in the discover_schema step, for the Sources rows.
 * The endpoint is not in the jobs budget (reference §7.6), and only sources waiting on a check are
 * read, so a refresh of a configured account costs nothing more. A running check is read again
 * (5 s, 10 s, 20 s … 1 min) until it ends, then its source is re-read: Stitch moves the step.
 */
export class ConnectionChecks implements vscode.Disposable {
  private readonly known = new Map<number, LastCheck>();
  /** Reads out now, shared: a source that changed while the list loads is read once. */
  private readonly reading = new Map<number, Promise<void>>();
  /** Bumped by clear() (account change): answers for the previous account are dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = FOLLOW_FIRST_MS;

  constructor(
    private readonly read: (sourceId: number) => Promise<ConnectionCheck>,
    /** A followed check ended: the source's step has probably moved. */
    private readonly onEnded: (sourceId: number) => void,
  ) {}

  static wants(source: Source): boolean {
    return !source.deleted_at && source.report_card?.current_step_type === 'discover_schema';
  }

  get(sourceId: number): LastCheck | undefined { return this.known.get(sourceId); }

  /** Reads the checks of every source that wants one; forgets the others. */
  async load(sources: readonly Source[]): Promise<void> {
    const wanted = sources.filter(ConnectionChecks.wants);
    for (const id of [...this.known.keys()]) if (!wanted.some((s) => s.id === id)) this.known.delete(id);
    await Promise.all(wanted.map((s) => this.readOne(s.id)));
    this.follow(true);
  }

  /** After one source changed (saved, re-read): its check, if it wants one. */
  async loadOne(source: Source): Promise<void> {
    if (!ConnectionChecks.wants(source)) { this.known.delete(source.id); return; }
    await this.readOne(source.id);
    this.follow(true);
  }

  clear(): void {
    this.generation++;
    this.known.clear();
    this.reading.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readOne(sourceId: number): Promise<void> {
    const out = this.reading.get(sourceId);
    if (out) return out;
    const generation = this.generation;
    const settle = (check: LastCheck) => { if (generation === this.generation) this.known.set(sourceId, check); };
    const promise = (async () => {
      try {
        settle(lastCheckFrom(await this.read(sourceId)));
      } catch (error) {
        // Stitch answers 404 when no check has run for the source.
        if (StitchApiError.is(error, 'not_found')) settle(lastCheckFrom(null));
        else settle({ status: 'unknown', error: error instanceof Error ? error.message : String(error) });
      }
    })();
    this.reading.set(sourceId, promise);
    void promise.finally(() => { if (this.reading.get(sourceId) === promise) this.reading.delete(sourceId); });
    return promise;
  }

  private follow(restart: boolean): void {
    if (restart) this.delay = FOLLOW_FIRST_MS;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const running = [...this.known].filter(([, c]) => c.status === 'running').map(([id]) => id);
    if (running.length === 0) return;
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        await Promise.all(running.map((id) => this.readOne(id)));
        // Cleared meanwhile (another account): these ids mean nothing there.
        if (generation !== this.generation) return;
        for (const id of running) if (this.known.get(id)?.status !== 'running') this.onEnded(id);
        this.delay = Math.min(FOLLOW_MAX_MS, this.delay * 2);
        this.follow(false);
      })();
    }, this.delay);
  }

  dispose(): void { this.clear(); }
}
