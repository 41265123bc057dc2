import * as vscode from 'vscode';
import { StitchApiError, type StitchClient } from '../api';
import type { Source } from '../api/types';
import type { Services } from '../services';

/**
 * What panels need from the source store (src/state, issue 15a): the names are the store's, so the
 * store replaces the adapter below at merge time. A deleted source is one whose `deleted_at` is set
 * (what Stitch's DELETE returns); `get` rejects with a `not_found` StitchApiError once it is gone.
 */
export interface SourceFeed {
  /** What is known now, without a request. */
  peek(id: number): Source | undefined;
  /** Reads through when the known value is older than `maxAgeMs`; concurrent callers share one request. */
  get(id: number, options?: { maxAgeMs?: number }): Promise<Source>;
  /** Keeps `id` refreshed by the poll while the returned disposable lives. */
  watch(id: number): vscode.Disposable;
  readonly onDidChange: vscode.Event<{ readonly ids: readonly number[] }>;
  /** What a write (POST, PUT, pause, resume, DELETE) returned: watchers update without a request. */
  accept(source: Source): void;
}

export interface FeedAdapterOptions {
  client(): StitchClient;
  /** The shared "this source changed" signal of today's extension (trees listen to it). */
  sourceEvents: { fire(id: number | undefined): void; onDidChangeSource: vscode.Event<number | undefined> };
  onDidChangeAccount: vscode.Event<unknown>;
  /** Milliseconds between two refreshes of the watched sources; 0 turns the poll off. */
  pollMs(): number;
  /** Whether a poll may read now (e.g. the window has focus); always, when not given. */
  mayPoll?(): boolean;
}

/**
 * Today's SourceEvents + client seen as a SourceFeed, until the store lands. The poll refreshes
 * only watched sources and only while one is watched; a change anyone fires for a watched source
 * is read once and passed on only when the source really changed.
 */
export class SourceFeedAdapter implements SourceFeed, vscode.Disposable {
  private readonly known = new Map<number, { source: Source; at: number }>();
  private readonly inFlight = new Map<number, Promise<Source>>();
  private readonly watchers = new Map<number, number>();
  private readonly emitter = new vscode.EventEmitter<{ readonly ids: readonly number[] }>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private echo = false;
  private disposed = false;

  constructor(private readonly options: FeedAdapterOptions) {
    this.disposables.push(this.emitter,
      options.sourceEvents.onDidChangeSource((id) => {
        if (this.echo) return;
        for (const watched of id === undefined ? [...this.watchers.keys()] : [id]) {
          if (this.watchers.has(watched)) void this.refresh(watched);
          else this.known.delete(watched);
        }
      }),
      options.onDidChangeAccount(() => {
        this.known.clear();
        if (this.watchers.size > 0) this.emitter.fire({ ids: [...this.watchers.keys()] });
      }));
  }

  peek(id: number): Source | undefined { return this.known.get(id)?.source; }

  get(id: number, options: { maxAgeMs?: number } = {}): Promise<Source> {
    const entry = this.known.get(id);
    if (entry && Date.now() - entry.at <= (options.maxAgeMs ?? Infinity)) return Promise.resolve(entry.source);
    const running = this.inFlight.get(id);
    if (running) return running;
    const request = this.fetch(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, request);
    return request;
  }

  accept(source: Source): void {
    this.known.set(source.id, { source, at: Date.now() });
    this.changed(source.id);
  }

  private changed(id: number): void {
    this.emitter.fire({ ids: [id] });
    // Trees still listen to SourceEvents; our own echo needs no refetch.
    this.echo = true;
    try { this.options.sourceEvents.fire(id); } finally { this.echo = false; }
  }

  watch(id: number): vscode.Disposable {
    this.watchers.set(id, (this.watchers.get(id) ?? 0) + 1);
    this.schedule();
    return new vscode.Disposable(() => {
      const left = (this.watchers.get(id) ?? 1) - 1;
      if (left > 0) this.watchers.set(id, left); else this.watchers.delete(id);
    });
  }

  private async fetch(id: number): Promise<Source> {
    const before = this.known.get(id)?.source;
    try {
      const source = await this.options.client().getSource(id);
      this.remember(source, before);
      return source;
    } catch (error) {
      // Stitch answers a deleted source with InvalidId (404): keep what we knew, marked deleted.
      if (StitchApiError.is(error, 'not_found') && before && !before.deleted_at) {
        this.remember({ ...before, deleted_at: new Date().toISOString() }, before);
      }
      throw error;
    }
  }

  private remember(source: Source, before: Source | undefined): void {
    this.known.set(source.id, { source, at: Date.now() });
    if (before && JSON.stringify(before) !== JSON.stringify(source)) this.changed(source.id);
  }

  private async refresh(id: number): Promise<void> {
    try { await this.get(id, { maxAgeMs: 0 }); } catch { /* the panel reads the failure on its next get */ }
  }

  /** The poll period may have changed (a setting): start polling if it was off. */
  pollChanged(): void { this.schedule(); }

  private schedule(): void {
    const ms = this.options.pollMs();
    if (this.disposed || this.timer || this.watchers.size === 0 || !(ms > 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ids = this.options.mayPoll?.() === false ? [] : [...this.watchers.keys()];
      void Promise.all(ids.map((id) => this.refresh(id))).finally(() => this.schedule());
    }, ms);
  }

  dispose(): void {
    this.disposed = true; // a poll still in flight must not schedule another
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

const feeds = new WeakMap<Services, SourceFeedAdapter>();

/** The one feed of the extension's panels. At merge time: return the account's SourceStore instead. */
export function sourceFeedFor(services: Services): SourceFeed {
  let feed = feeds.get(services);
  if (!feed) {
    feed = new SourceFeedAdapter({
      client: () => services.accounts.requireClient(),
      sourceEvents: services.sourceEvents,
      onDidChangeAccount: services.accounts.onDidChangeAccount,
      // The trees' refresh period (0: off): an open panel follows Stitch as often as the Sources view does.
      pollMs: () => {
        const seconds = vscode.workspace.getConfiguration('stitch').get<number>('autoRefreshSeconds', 120);
        return seconds > 0 ? Math.max(30, seconds) * 1000 : 0;
      },
      // Like the trees: no reading while the window is in the background.
      mayPoll: () => vscode.window.state.focused,
    });
    feeds.set(services, feed);
    const adapter = feed;
    services.context.subscriptions.push(feed, vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stitch.autoRefreshSeconds')) adapter.pollChanged();
    }));
  }
  return feed;
}
