import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Extraction } from '../api/types';
import type { AccountService } from '../auth/accountService';
import { describeFailure } from '../feedback';
import type { StitchLog } from '../logging';
import { ConnectionCheckStore } from './checkStore';
import { ExtractionStore } from './extractionStore';
import { SourceNotices } from './notices';
import { SourceStore } from './sourceStore';

export { ConnectionCheckStore, type CheckChange, type ConnectionCheckReader } from './checkStore';
export { ExtractionStore, type ExtractionChange } from './extractionStore';
export { SourceStore, type SourceChange, type SourceReader, type GetOptions } from './sourceStore';
export type { Disposable, Event } from './emitter';

/** How often watched sources (open panels) are re-read while the window is focused. */
export const WATCH_POLL_MS = 30_000;

const historyKey = (account: string) => `stitch.jobs.history.${account}`;

/**
 * The stores of the signed-in account, reset when the account changes, plus the one timer that
 * re-reads watched sources, and the notes that tell the other windows what this one changed.
 * Views read the stores and listen to their `onDidChange`; writers `accept()` what the API
 * returned. Nobody else asks the API for a source's state.
 */
export class AccountState implements vscode.Disposable {
  readonly sources: SourceStore;
  readonly extractions = new ExtractionStore();
  /** Last connection checks, shared by the setup form's poll and the Sources tree's follower. */
  readonly checks: ConnectionCheckStore;
  private account: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly notices: SourceNotices;
  private readonly globalState: vscode.Memento;
  private readonly disposables: vscode.Disposable[] = [];

  private timerMs = 0;
  private readonly pollMs: () => number;

  /**
   * `options.owner`: this window's identity in the notes to other windows (default: session id and pid).
   * `options.watchPollMs`: the watch poll's period, 0 for off (default: WATCH_POLL_MS, off when
   * `stitch.autoRefreshSeconds` is 0, as the trees' refresh is).
   */
  constructor(private readonly accounts: AccountService, context: vscode.ExtensionContext, private readonly log: StitchLog, options: { owner?: string; watchPollMs?: () => number } = {}) {
    this.pollMs = options.watchPollMs ?? (() => (vscode.workspace.getConfiguration('stitch').get<number>('autoRefreshSeconds', 120) > 0 ? WATCH_POLL_MS : 0));
    this.globalState = context.globalState;
    this.notices = new SourceNotices(path.join(context.globalStorageUri.fsPath, 'jobs'), options.owner ?? `${vscode.env.sessionId}-${process.pid}`);
    this.sources = new SourceStore(() => accounts.requireClient(), {
      onWatchesChanged: () => this.schedule(),
      onAccepted: (source) => { if (this.account) this.notices.post(this.account, [source.id]); },
    });
    this.checks = new ConnectionCheckStore(() => accounts.requireClient());
    this.notices.watch(() => this.catchUp());
    this.disposables.push(
      { dispose: () => this.notices.dispose() },
      this.sources, this.extractions, this.checks,
      accounts.onDidChangeAccount(() => this.onAccountChanged()),
      // Remembered history outlives a reload, per account (the list shows only each source's latest job).
      this.extractions.onDidChange((change) => { if (this.account && change.history) void this.globalState.update(historyKey(this.account), this.extractions.history); }),
      this.sources.onDidChange((change) => {
        if (change.error !== undefined) this.log.warn(`Refreshing source ${change.ids.join(', ')} failed: ${describeFailure(change.error)}`);
      }),
      vscode.window.onDidChangeWindowState((state) => { this.schedule(); if (state.focused) this.catchUp(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stitch.autoRefreshSeconds')) this.schedule(); }),
    );
    this.account = accounts.active?.id;
    if (this.account) this.notices.take(this.account);
    this.extractions.reset(this.remembered(this.account));
    this.schedule();
  }

  /** Which account the stores hold now (its profile id). */
  get accountKey(): string | undefined { return this.account; }

  /** Starts or stops the watch timer when the watched set or the window's focus changes. */
  schedule(): void {
    const ms = this.pollMs();
    const wanted = ms > 0 && vscode.window.state.focused && this.sources.watched().length > 0 && !this.accounts.tokenRejected;
    if (this.timer && (!wanted || ms !== this.timerMs)) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (wanted && !this.timer) {
      this.timerMs = ms;
      this.timer = setInterval(() => {
        if (!vscode.window.state.focused || this.accounts.tokenRejected) return;
        void this.sources.refreshWatched(ms / 2);
        if (this.sources.watched().length === 0) this.schedule();
      }, ms);
    }
  }

  /** Re-reads what other windows changed, if this window holds it (a source it never showed needs nothing). */
  private catchUp(): void {
    const account = this.account;
    if (!account) return;
    const { ids, signedOut } = this.notices.take(account);
    // Signed out in another window: this one follows (once: a window that no longer has the profile does nothing).
    if (signedOut && this.accounts.listProfiles().some((p) => p.id === account)) {
      this.log.info('Signed out in another window: signing out here too');
      void this.accounts.signOut(account);
      return;
    }
    if (this.accounts.tokenRejected) return;
    const unknown = ids.filter((id) => !this.sources.peek(id));
    for (const id of ids) if (this.sources.peek(id)) void this.sources.get(id).catch(() => undefined);
    // A source created elsewhere: the list this window shows is missing it.
    if (unknown.length && this.sources.list()) void this.sources.loadList().catch(() => undefined);
  }

  private onAccountChanged(): void {
    const key = this.accounts.active?.id;
    if (key === this.account) return;
    const previous = this.account;
    // Signing out forgets what this editor remembered of that account's jobs, and tells the other windows.
    if (previous && !this.accounts.listProfiles().some((p) => p.id === previous)) {
      void this.globalState.update(historyKey(previous), undefined);
      this.notices.post(previous, [], { signedOut: true });
    }
    this.account = key;
    if (key) this.notices.take(key);
    this.checks.reset();
    this.sources.reset();
    this.extractions.reset(this.remembered(key));
    this.schedule();
  }

  private remembered(key: string | undefined): Extraction[] {
    return key ? this.globalState.get<Extraction[]>(historyKey(key), []) : [];
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
