/**
 * The only copy of the active account's sources. No `vscode` import: unit-tested in plain Node
 * against the emulator.
 *
 * How a source refreshes:
 * - `get(id, { maxAgeMs })` answers from the store when its copy is young enough, else asks
 *   `GET /v4/sources/{id}`; every caller asking for one id while that request is out shares it.
 * - `loadList()` asks `GET /v4/sources` once (shared the same way) and seeds every entry.
 * - Writers hand the store what POST/PUT/pause/resume/delete returned (`accept`), never refetch.
 * - `watch(id)` marks a source as shown somewhere; `refreshWatched()` (run by the poller in
 *   src/state/index.ts) refetches only watched sources.
 * - A failed refresh keeps the last good value; the failure is kept (`errorOf`) and reported
 *   through `onDidChange`.
 * - `reset()` (account change) drops every entry, watch and in-flight answer.
 */
import type { Source } from '../api/types';
import { Emitter, type Disposable, type Event } from './emitter';

/** What the store needs of the API client (a `StitchClient` fits). */
export interface SourceApi {
  getSource(sourceId: number): Promise<Source>;
  listSources(): Promise<Source[]>;
}

export interface SourceChange {
  /** Sources whose value changed: updated, added, deleted, gone, or whose refresh failed. */
  readonly ids: readonly number[];
  /** The set of sources changed (added, deleted, gone, or a reset): views of the list redraw it. */
  readonly list?: boolean;
  /** Everything was dropped (the account changed). */
  readonly reset?: boolean;
  /** A refresh of `ids` failed with this; their last good values stay. */
  readonly error?: unknown;
  /** The change is a write's answer accepted in this window (not a read). */
  readonly accepted?: boolean;
}

export interface GetOptions {
  /** Answer from the store when its copy is younger than this. Default 0: always ask (sharing a request already out), even for a copy read this very millisecond. */
  maxAgeMs?: number;
}

/** What a panel host codes against (kept to these names on purpose: see the README's Development section). */
export interface SourceReader {
  peek(id: number): Source | undefined;
  get(id: number, options?: GetOptions): Promise<Source>;
  watch(id: number): Disposable;
  accept(source: Source): void;
  readonly onDidChange: Event<SourceChange>;
}

export interface StoreHooks {
  /** The watched set changed (the watch poller starts or stops its timer). */
  onWatchesChanged?(): void;
  /** A write's answer was accepted (other windows may want to hear of it). */
  onAccepted?(source: Source): void;
}

interface Entry {
  source?: Source;
  fetchedAt: number;
  error?: unknown;
  /** Bumped by every write (accept, answer, invalidate): an answer to an older request can't overwrite a newer write. */
  version: number;
  inflight?: { promise: Promise<Source>; version: number };
}

export class SourceStore implements SourceReader, Disposable {
  private entries = new Map<number, Entry>();
  private watches = new Map<number, number>();
  private listLoad: Promise<Source[]> | undefined;
  private listedAt = 0;
  /** Bumped by reset(): answers that arrive for a previous account are dropped. */
  private generation = 0;
  private readonly changed = new Emitter<SourceChange>();
  readonly onDidChange = this.changed.event;

  private readonly now: () => number;
  private readonly hooks: StoreHooks;

  constructor(private readonly api: () => SourceApi, options: { now?: () => number } & StoreHooks = {}) {
    this.now = options.now ?? Date.now;
    this.hooks = options;
  }

  peek(id: number): Source | undefined { return this.entries.get(id)?.source; }

  /** Known sources; deleted ones only when asked. Undefined until the list was loaded once. */
  list(options: { includeDeleted?: boolean } = {}): Source[] | undefined {
    if (!this.listedAt) return undefined;
    const all = this.known();
    return options.includeDeleted ? all : all.filter((s) => !s.deleted_at);
  }

  /** Every source known now, listed or read one by one, deleted ones included. */
  known(): Source[] {
    return [...this.entries.values()].map((e) => e.source).filter((s): s is Source => s !== undefined);
  }

  /** When the whole list was last read (epoch ms), 0 if never. */
  get listAge(): number { return this.listedAt ? this.now() - this.listedAt : Infinity; }

  errorOf(id: number): unknown { return this.entries.get(id)?.error; }

  get(id: number, options: GetOptions = {}): Promise<Source> {
    const entry = this.entry(id);
    // maxAgeMs 0 always asks, even for a copy stored in this very millisecond.
    const maxAgeMs = options.maxAgeMs ?? 0;
    if (entry.source && !entry.error && maxAgeMs > 0 && this.now() - entry.fetchedAt <= maxAgeMs) return Promise.resolve(entry.source);
    if (entry.inflight && entry.inflight.version === entry.version) return entry.inflight.promise;
    const generation = this.generation;
    const version = ++entry.version;
    const promise = (async () => {
      try {
        const source = await this.api().getSource(id);
        if (generation !== this.generation) return source;
        const current = this.entries.get(id);
        // A write that landed while we waited is newer than this answer: keep it.
        if (current && current.version !== version && current.source) return current.source;
        this.store(source, { fetched: true });
        return source;
      } catch (error) {
        if (generation === this.generation) this.failed(id, error);
        throw error;
      }
    })();
    entry.inflight = { promise, version };
    const settle = () => {
      const current = this.entries.get(id);
      if (current?.inflight?.promise === promise) current.inflight = undefined;
    };
    promise.then(settle, settle);
    return promise;
  }

  /** Reads the whole list (sharing a read already out) and seeds every entry; sources gone from it are dropped. */
  loadList(options: GetOptions = {}): Promise<Source[]> {
    if (this.listedAt && this.now() - this.listedAt < (options.maxAgeMs ?? 0)) return Promise.resolve(this.list({ includeDeleted: true }) ?? []);
    if (this.listLoad) return this.listLoad;
    const generation = this.generation;
    const started = this.now();
    this.listLoad = (async () => {
      try {
        const sources = await this.api().listSources();
        if (generation !== this.generation) return sources;
        const changed: number[] = [];
        const seen = new Set<number>();
        let membership = !this.listedAt;
        for (const source of sources) {
          seen.add(source.id);
          const before = this.entries.get(source.id);
          if (!before?.source || Boolean(before.source.deleted_at) !== Boolean(source.deleted_at)) membership = true;
          if (this.store(source, { fetched: true, silent: true })) changed.push(source.id);
        }
        for (const [id, entry] of this.entries) {
          // Gone from the list, and not written since the list was asked for: it no longer exists.
          if (!seen.has(id) && entry.source && entry.fetchedAt <= started) {
            this.entries.delete(id);
            changed.push(id);
            membership = true;
          }
        }
        this.listedAt = this.now();
        if (changed.length || membership) this.changed.fire({ ids: changed, list: membership || undefined });
        return sources;
      } finally {
        if (generation === this.generation) this.listLoad = undefined;
      }
    })();
    return this.listLoad;
  }

  /** What a write returned (POST, PUT, pause, resume, delete): stored as is, watchers told, no request. */
  accept(source: Source): void {
    this.store(source, { fetched: true, accepted: true });
    this.hooks.onAccepted?.(source);
  }

  /** The next `get` asks the API, whatever its `maxAgeMs`. */
  invalidate(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.fetchedAt = 0;
    entry.version++;
  }

  /** Marks a source as shown; `refreshWatched` refetches only these. Dispose to stop. */
  watch(id: number): Disposable {
    const generation = this.generation;
    this.watches.set(id, (this.watches.get(id) ?? 0) + 1);
    this.hooks.onWatchesChanged?.();
    let done = false;
    return {
      dispose: () => {
        if (done || generation !== this.generation) return;
        done = true;
        const left = (this.watches.get(id) ?? 1) - 1;
        if (left > 0) this.watches.set(id, left); else this.watches.delete(id);
        this.hooks.onWatchesChanged?.();
      },
    };
  }

  watched(): number[] { return [...this.watches.keys()]; }

  /** Refetches every watched, not deleted source older than `maxAgeMs`. Failures are reported through onDidChange. */
  async refreshWatched(maxAgeMs = 0): Promise<void> {
    const ids = this.watched().filter((id) => !this.peek(id)?.deleted_at);
    await Promise.all(ids.map((id) => this.get(id, { maxAgeMs }).catch(() => undefined)));
  }

  /** The account changed: everything known, watched or asked is dropped. */
  reset(): void {
    this.generation++;
    const ids = [...this.entries.keys()];
    this.entries = new Map();
    this.watches = new Map();
    this.listLoad = undefined;
    this.listedAt = 0;
    this.changed.fire({ ids, list: true, reset: true });
  }

  dispose(): void { this.changed.dispose(); }

  private entry(id: number): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { fetchedAt: 0, version: 0 };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Stores a fresh copy; fires only when it differs from what was known (set-if-changed). */
  private store(source: Source, how: { fetched: boolean; silent?: boolean; accepted?: boolean }): boolean {
    const entry = this.entry(source.id);
    const before = entry.source;
    const hadError = entry.error !== undefined;
    const same = before !== undefined && JSON.stringify(before) === JSON.stringify(source);
    entry.source = same ? before : source;
    entry.error = undefined;
    entry.version++;
    if (how.fetched) entry.fetchedAt = this.now();
    const changed = !same || hadError;
    if (changed && !how.silent) {
      const membership = !before || Boolean(before.deleted_at) !== Boolean(source.deleted_at);
      this.changed.fire({ ids: [source.id], list: membership || undefined, accepted: how.accepted });
    }
    return changed;
  }

  private failed(id: number, error: unknown): void {
    if (isNotFound(error)) {
      // Gone for good (deleted and purged, or another account's id): drop it.
      const had = this.entries.get(id)?.source !== undefined;
      this.entries.delete(id);
      this.changed.fire({ ids: [id], list: had || undefined, error });
      return;
    }
    const entry = this.entry(id);
    entry.error = error;
    this.changed.fire({ ids: [id], error });
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'not_found';
}
