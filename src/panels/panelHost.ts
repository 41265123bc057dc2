import * as vscode from 'vscode';
import { StitchApiError } from '../api';
import type { Source } from '../api/types';
import type { HostEvents, RequestMap, SourceStatusView, WebviewView } from '../protocol';
import type { SourceFeed } from './sourceFeed';
import { WebviewChannel } from './webviewChannel';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** What every panel host needs from the extension. */
export interface PanelHostDeps {
  extensionUri: vscode.Uri;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  /** The source store (today: an adapter over SourceEvents and the client). */
  feed: SourceFeed;
}

/** How a source stands for a panel: known, or gone (deleted in Stitch, or unknown to it). */
export function isGone(source: Source | undefined, error?: unknown): boolean {
  return Boolean(source?.deleted_at) || StitchApiError.is(error, 'not_found');
}

const t = vscode.l10n.t;

/** A panel opened (or reloaded) reads its source through the store unless the store has it this fresh. */
export const PANEL_LOAD_MAX_AGE_MS = 10_000;

/** The status strip every panel of a source shows: paused, deleted, or nothing to say. */
export function sourceStatus(id: number, source: Source | undefined, gone = isGone(source)): SourceStatusView {
  const name = source?.display_name ?? String(id);
  const paused = Boolean(source?.paused_at);
  const text = gone
    ? t('"{0}" was deleted in Stitch (in another window or the web app). What you typed is kept, but it can no longer be saved.', name)
    : paused ? t('"{0}" is paused in Stitch: it does not replicate until it is resumed.', name) : '';
  return { sourceId: id, name, paused, deleted: gone, text };
}

/**
 * The base of every webview panel: the channel with its ready handshake, visibility, the page,
 * the subscription to the source it shows, and disposal. A panel keeps only its own logic: it
 * registers its requests on `channel` and reacts in `onSourceChanged`.
 */
export abstract class PanelHost<R extends RequestMap<R>, E> implements vscode.Disposable {
  readonly channel: WebviewChannel<R, E & HostEvents>;
  protected readonly disposables: vscode.Disposable[] = [];
  private followed: { id: number; watch: vscode.Disposable } | undefined;
  private isDisposed = false;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;

  protected constructor(protected readonly host: PanelHostDeps, readonly panel: vscode.WebviewPanel, private readonly view: WebviewView, label: string) {
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'stitch.svg');
    this.channel = new WebviewChannel<R, E & HostEvents>(panel.webview, (reason) => host.log.warn(`${label} refused a message: ${reason}`));
    this.disposables.push(
      this.channel,
      this.disposedEmitter,
      this.channel.onDidBecomeReady(() => this.onReady()),
      panel.onDidChangeViewState(() => {
        // A hidden webview loses its page; it says `ready` again when shown.
        if (!panel.visible) this.channel.resetReady();
        this.onVisibility(panel.visible);
      }),
      panel.onDidDispose(() => this.dispose()),
      host.feed.onDidChange(({ ids }) => {
        const id = this.followed?.id;
        if (id !== undefined && ids.includes(id) && !this.isDisposed) this.sourceChanged(id);
      }),
    );
  }

  /** Loads the page; call last in the subclass constructor (the page may answer at once). */
  protected show(): void {
    this.panel.webview.html = webviewHtml(this.panel.webview, this.host.extensionUri, this.view, this.panel.title);
  }

  /** The source this panel shows (undefined: none yet); only a followed source is refreshed by the poll. */
  protected follow(id: number | undefined): void {
    if (this.followed?.id === id) return;
    this.followed?.watch.dispose();
    this.followed = id === undefined ? undefined : { id, watch: this.host.feed.watch(id) };
  }

  protected get disposed(): boolean { return this.isDisposed; }

  /** Sends the status strip for the followed source, from what the store knows now. */
  protected sendStatus(status?: SourceStatusView): void {
    const id = this.followed?.id;
    if (id === undefined) return;
    this.channel.as<R, HostEvents>().emit('host/sourceStatus', status ?? sourceStatus(id, this.host.feed.peek(id)));
  }

  private sourceChanged(id: number): void {
    const source = this.host.feed.peek(id);
    this.sendStatus();
    this.onSourceChanged(source, isGone(source));
  }

  /** The followed source changed in the store (elsewhere, or by this panel's own write). */
  protected abstract onSourceChanged(source: Source | undefined, gone: boolean): void;
  protected onReady(): void { /* most panels wait for the webview to ask */ }
  protected onVisibility(_visible: boolean): void { /* nothing by default */ }
  protected onDispose(): void { /* nothing by default */ }

  reveal(): void { this.panel.reveal(); }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.onDispose();
    this.followed?.watch.dispose();
    this.followed = undefined;
    this.disposedEmitter.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
