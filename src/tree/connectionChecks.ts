import type * as vscode from 'vscode';
import type { Source } from '../api';
import { lastCheckFrom, type LastCheck } from '../core/sourceRow';
import type { ConnectionCheckReader } from '../state/checkStore';

/** First look again at a running check after this; doubles per look, up to FOLLOW_MAX_MS. */
const FOLLOW_FIRST_MS = 5_000;
const FOLLOW_MAX_MS = 60_000;
/** An answer about the source's current check, still running, this young needs no new read. */
const RUNNING_TRUSTED_MS = 5_000;

export interface CheckCallbacks {
  /** A followed check ended: the source's step has probably moved. */
  ended(sourceId: number): void;
  /** A known check changed some other way (a new one started, one read by the setup form). */
  changed?(sourceId: number): void;
}

/**
 * The last connection check of each source in the discover_schema step, for the Sources rows.
 * The endpoint is not in the jobs budget (reference §7.6), and only sources waiting on a check are
 * read, so a refresh of a configured account costs nothing more. Reads go through the account's
 * check store, which the setup form's poll shares: what either reads reaches both, so a running
 * check the form is polling costs the tree nothing. A running check is looked at again (5 s, 10 s,
 * 20 s … 1 min; an answer someone read in the latter half of that wait is reused) until it ends,
 * then its source is re-read: Stitch moves the step.
 */
export class ConnectionChecks implements vscode.Disposable {
  private readonly known = new Map<number, LastCheck>();
  /** Reads out now, shared: a source that changed while the list loads is read once. */
  private readonly reading = new Map<number, Promise<void>>();
  /** Bumped by clear() (account change): answers for the previous account are dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = FOLLOW_FIRST_MS;
  private readonly subscription: { dispose(): void };

  constructor(private readonly checks: ConnectionCheckReader, private readonly callbacks: CheckCallbacks) {
    this.subscription = checks.onDidChange(({ sourceId, check }) => {
      // Only sources this view follows; a read for one it forgot (or another account's) is not news here.
      if (this.known.has(sourceId)) this.update(sourceId, lastCheckFrom(check));
    });
  }

  static wants(source: Source): boolean {
    return !source.deleted_at && source.report_card?.current_step_type === 'discover_schema';
  }

  get(sourceId: number): LastCheck | undefined { return this.known.get(sourceId); }

  /** Reads the checks of every source that wants one; forgets the others. */
  async load(sources: readonly Source[]): Promise<void> {
    const wanted = sources.filter(ConnectionChecks.wants);
    for (const id of [...this.known.keys()]) if (!wanted.some((s) => s.id === id)) this.known.delete(id);
    await Promise.all(wanted.map((s) => this.readOne(s.id, 0)));
    this.follow(true);
  }

  /** After one source changed (saved, re-read): its check, if it wants one. */
  async loadOne(source: Source): Promise<void> {
    if (!ConnectionChecks.wants(source)) { this.known.delete(source.id); return; }
    await this.readOne(source.id, this.trustFor(source));
    this.follow(true);
  }

  /**
   * How old an answer about this source's check may be and still do. The source names its latest
   * check job: an answer about another job (a save started a new check) is asked again; an ended
   * check never changes again; a running one is looked at again soon anyway. A read out now (the
   * form's poll, say) is shared either way.
   */
  private trustFor(source: Source): number {
    const known = this.checks.peek(source.id);
    if (!known || !source.check_job_name || known.name !== source.check_job_name) return 0;
    return known.status === 'running' ? RUNNING_TRUSTED_MS : Infinity;
  }

  clear(): void {
    this.generation++;
    this.known.clear();
    this.reading.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The one place a check's news lands: an end is reported once, whoever read it. */
  private update(sourceId: number, next: LastCheck): void {
    const before = this.known.get(sourceId);
    this.known.set(sourceId, next);
    if (before?.status === 'running' && next.status !== 'running') this.callbacks.ended(sourceId);
    else if (before && JSON.stringify(before) !== JSON.stringify(next)) this.callbacks.changed?.(sourceId);
  }

  private readOne(sourceId: number, maxAgeMs: number): Promise<void> {
    const out = this.reading.get(sourceId);
    if (out) return out;
    const generation = this.generation;
    const settle = (check: LastCheck) => { if (generation === this.generation) this.update(sourceId, check); };
    const promise = (async () => {
      try {
        settle(lastCheckFrom(await this.checks.read(sourceId, { maxAgeMs })));
      } catch (error) {
        settle({ status: 'unknown', error: error instanceof Error ? error.message : String(error) });
      }
    })();
    this.reading.set(sourceId, promise);
    void promise.finally(() => { if (this.reading.get(sourceId) === promise) this.reading.delete(sourceId); });
    return promise;
  }

  private running(): number[] {
    return [...this.known].filter(([, c]) => c.status === 'running').map(([id]) => id);
  }

  private follow(restart: boolean): void {
    if (restart) this.delay = FOLLOW_FIRST_MS;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running().length === 0) return;
    const generation = this.generation;
    const delay = this.delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        // Which checks still run is asked now: one the form saw end meanwhile needs no look. An
        // answer someone read in the second half of the wait is as new as ours would be.
        await Promise.all(this.running().map((id) => this.readOne(id, delay / 2)));
        // Cleared meanwhile (another account): these ids mean nothing there.
        if (generation !== this.generation) return;
        this.delay = Math.min(FOLLOW_MAX_MS, this.delay * 2);
        this.follow(false);
      })();
    }, delay);
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
  }
}
