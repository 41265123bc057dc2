import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Extraction } from '../api';
import { isolateBidi } from '../core/displayText';
import { isRecord, isString } from '../core/guards';
import { describeFailure } from '../feedback';
import type { Services } from '../services';
import { sourceLabel, type JobsContext, type JournalEntry } from './context';
import { Followers } from './followers';
import { HistoryDocuments } from './historyDocuments';
import { JobCommands } from './jobCommands';
import { runningSources, type FollowTarget } from './jobState';
import { LogDocuments } from './logDocuments';
import { JobsPoller } from './poller';
import { ManualClock, realClock, SharedState, type TimerClock } from './sharedState';
import { JobsStatusBar } from './statusBar';

export type { JournalEntry } from './context';

/** What the jobs service hears from the Sources view (its data goes through the stores, not through here). */
export interface SourcesViewSignals {
  /** Whether the Sources view is visible (e.g. the TreeView's `visible`). */
  readonly visible?: boolean;
  /** Fires when the view shows or hides, so polling speeds up or slows down at once. */
  readonly onDidChangeVisibility?: vscode.Event<unknown>;
  /** Fires when the user asks for fresh history (Refresh): poll soon, within the budget. */
  readonly onDidRequestHistory?: vscode.Event<void>;
}

/** How old a source's name may be for messages and the status bar (names rarely change; the store follows writes). */
const NAME_MAX_AGE_MS = 10 * 60_000;

/**
 * Run and monitor, composed of one part per job: the poller (poller.ts) feeding the extraction store,
 * the followed jobs and their progress (followers.ts), the status bar (statusBar.ts), log and history
 * documents, and the commands (jobCommands.ts). This class holds what they share (JobsContext).
 */
export class JobsService implements JobsContext, vscode.Disposable {
  private clockNow: TimerClock = realClock;
  readonly shared: SharedState;
  private readonly poller: JobsPoller;
  private readonly followers: Followers;
  private readonly statusBar: JobsStatusBar;
  private readonly logs: LogDocuments;
  private readonly histories: HistoryDocuments;
  readonly commands: JobCommands;
  private account: string | undefined;
  private readonly journalEntries: JournalEntry[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private isDisposed = false;

  /** `options.owner`: this window's identity in the cross-window claims (default: session id and pid). */
  constructor(readonly services: Services, private readonly view: SourcesViewSignals, options: { owner?: string } = {}) {
    this.shared = new SharedState(path.join(services.context.globalStorageUri.fsPath, 'jobs'), options.owner ?? `${vscode.env.sessionId}-${process.pid}`, () => this.clock.now());
    this.followers = new Followers(this, (sourceId) => this.commands.stopSync({ sourceId }));
    this.poller = new JobsPoller(this, {
      followedCount: () => this.followers.active().length,
      followedJobs: (now) => this.followers.timings(now),
      viewVisible: () => this.view.visible === true,
      onPage: (records) => this.applyPage(records),
      onFailure: (error, failingFor) => this.followers.onFailure(error, failingFor, describeFailure(error)),
    });
    this.statusBar = new JobsStatusBar(this, (id) => this.followers.get(id)?.name);
    this.logs = new LogDocuments(this);
    this.histories = new HistoryDocuments(this, (id) => Boolean(this.followers.get(id)));
    this.commands = new JobCommands(this, this.followers, { logs: (arg) => this.logs.open(arg), history: (arg) => this.histories.open(arg) });
    const { accounts, state } = services;
    this.disposables.push(
      this.statusBar, this.logs, this.histories,
      accounts.onDidChangeAccount(() => this.onAccountChanged()),
      // A refused token stops the poller (no loop of 401s); a re-entered or answered token resumes it.
      accounts.onDidChangeTokenRejected(() => this.poller.schedule()),
      state.sources.onDidChange((change) => {
        if (change.reset) return;
        // A running source changed (paused, deleted, renamed): its name on the status bar, and a look at its job soon.
        const running = this.runningIds();
        if (change.ids.some((id) => running.has(id))) {
          this.statusBar.update(running);
          if (change.error === undefined) this.kick();
        }
      }),
      vscode.window.onDidChangeWindowState(() => this.poller.schedule()),
    );
    if (view.onDidChangeVisibility) this.disposables.push(view.onDidChangeVisibility(() => this.poller.schedule()));
    if (view.onDidRequestHistory) this.disposables.push(view.onDidRequestHistory(() => this.kick()));
    this.onAccountChanged();
  }

  // ---- JobsContext ------------------------------------------------------------------------------

  get clock(): TimerClock { return this.clockNow; }
  get accountKey(): string | undefined { return this.account; }
  get disposed(): boolean { return this.isDisposed; }

  journal(entry: JournalEntry): void {
    this.journalEntries.push(entry);
    if (this.journalEntries.length > 300) this.journalEntries.splice(0, this.journalEntries.length - 300);
  }

  tell(kind: 'info' | 'warning', text: string, about: { sourceId?: number; target?: FollowTarget }): void {
    this.journal({ kind, sourceId: about.sourceId, jobName: about.target?.jobName, text });
    const safe = this.services.redactor.redact(text);
    void (kind === 'info' ? vscode.window.showInformationMessage(safe) : vscode.window.showWarningMessage(safe));
  }

  async sourceName(sourceId: number): Promise<string> {
    const known = this.services.state.sources.peek(sourceId);
    // Names from the network go into notifications: isolated, so a right-to-left override can't reverse the rest.
    if (known) return isolateBidi(known.display_name);
    try {
      return isolateBidi((await this.services.state.sources.get(sourceId, { maxAgeMs: NAME_MAX_AGE_MS })).display_name);
    } catch {
      return sourceLabel(sourceId);
    }
  }

  kick(): void { this.poller.kick(); }
  pollNow(): Promise<void> { return this.poller.pollNow(); }

  runningIds(): Set<number> {
    return new Set([...runningSources(this.services.state.extractions.page), ...this.followers.active().map((f) => f.sourceId)]);
  }

  runningChanged(): void {
    const running = this.runningIds();
    this.services.state.extractions.setRunning(running);
    this.statusBar.update(running);
  }

  // ---- commands ---------------------------------------------------------------------------------

  syncNow(arg?: unknown): Promise<void> { return this.commands.syncNow(arg); }
  stopSync(arg?: unknown): Promise<void> { return this.commands.stopSync(arg); }
  showRunningJobs(): Promise<void> { return this.commands.showRunningJobs(); }
  viewExtractionLogs(arg?: unknown): Promise<string | undefined> { return this.logs.open(arg); }
  showHistory(arg?: unknown): Promise<string | undefined> { return this.histories.open(arg); }

  // ---- the store and the account ------------------------------------------------------------------

  private applyPage(records: Extraction[]): void {
    this.services.state.extractions.applyPage(records);
    this.followers.onPage(records);
    this.runningChanged();
  }

  private onAccountChanged(): void {
    const { accounts } = this.services;
    const key = accounts.active?.id;
    if (key === this.account && this.account !== undefined) { this.poller.schedule(); return; }
    if (this.account !== undefined) {
      const signedOut = !accounts.listProfiles().some((p) => p.id === this.account);
      this.followers.endAll(signedOut ? vscode.l10n.t('you signed out of that account.') : vscode.l10n.t('you switched to another account.'));
    }
    this.account = key;
    this.statusBar.resetAccount();
    this.poller.resetAccount();
    this.runningChanged();
    // No kick: a visible tree asks for history when it loads; nothing else needs a poll right now.
    this.poller.schedule();
  }

  // ---- test seam (registered only in Test mode, see jobs/index.ts) -----------------------------------

  async internal(arg: unknown): Promise<unknown> {
    const op = isRecord(arg) && isString(arg.op) ? arg.op : 'snapshot';
    if (op === 'manualClock') {
      this.clockNow = new ManualClock(Date.now());
      this.poller.schedule();
    } else if (op === 'realClock') {
      this.clockNow = realClock;
      this.poller.schedule();
    } else if (op === 'advance' && this.clockNow instanceof ManualClock && isRecord(arg) && typeof arg.ms === 'number') {
      await this.clockNow.advance(arg.ms, () => this.poller.settled());
    } else if (op === 'pollNow') {
      await this.pollNow();
    } else if (op === 'clearJournal') {
      this.journalEntries.length = 0;
    }
    const active = this.services.accounts.active;
    return {
      followed: this.followers.active().map((f) => ({ sourceId: f.sourceId, jobName: f.target.jobName, showsProgress: f.showsProgress, progressOpen: Boolean(f.progress), text: f.lastText })),
      running: [...this.runningIds()],
      statusBar: this.statusBar.snapshot(),
      journal: [...this.journalEntries],
      polls: this.poller.pollCount,
      failures: this.poller.failures,
      lastError: this.poller.lastError,
      budget: active?.stitchClientId ? this.services.accounts.getClient()?.jobsBudgetStatus(active.stitchClientId) : undefined,
      nextPollInMs: this.poller.nextPollInMs,
      history: this.services.state.extractions.history.length,
    };
  }

  dispose(): void {
    this.isDisposed = true;
    this.poller.dispose();
    this.followers.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
