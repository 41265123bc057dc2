import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Extraction, Load, Source } from '../api';
import { isPositiveInteger, isRecord, isString } from '../core/guards';
import { describeFailure, showFailure } from '../feedback';
import type { Services } from '../services';
import { resolveSourceId } from '../sourcePicker';
import { InFlight, mergeHistory } from './dedupe';
import { HISTORY_SCHEME, LOGS_SCHEME, logUri, queryOf, VirtualDocuments } from './documents';
import { renderHistory } from './historyDoc';
import { decideStart, deriveJob, endText, followStep, progressText, runningSources, type FollowTarget, type JobView } from './jobState';
import { nextPollAt, snapshotIsFresh, WINDOW_MS, type PollInput } from './pollPolicy';
import { findProblems, renderLogDocument, scrubLog } from './scrub';
import { ManualClock, realClock, SharedState, type TimerClock } from './sharedState';

/** What the jobs service needs of the Sources tree: it feeds it instead of the tree fetching. */
export interface JobsTree {
  setRunning(id: number, running: boolean): void;
  /** `fromPoll` false: remembered history, not a fresh page (the tree may still ask for one). */
  setExtractions(list: Extraction[], fromPoll?: boolean): void;
  /** Optional: whether the Sources view is visible (e.g. the TreeView's `visible`). */
  readonly visible?: boolean;
  /** Optional: fires when the view shows or hides, so polling speeds up or slows down at once. */
  readonly onDidChangeVisibility?: vscode.Event<unknown>;
  /** Optional: fires when the user asks for fresh history (Refresh): poll soon, within the budget. */
  readonly onDidRequestHistory?: vscode.Event<void>;
}

/** A user-visible event, kept (bounded) so the in-host tests can check what the user was shown. */
export interface JournalEntry {
  kind: 'progress-start' | 'progress-update' | 'progress-end' | 'info' | 'warning' | 'error' | 'failure';
  sourceId?: number;
  jobName?: string;
  text: string;
  items?: string[];
}

interface Follower {
  sourceId: number;
  name: string;
  target: FollowTarget;
  showsProgress: boolean;
  view?: JobView;
  stopping: boolean;
  progress?: vscode.Progress<{ message?: string }>;
  endProgress?: () => void;
  lastText?: string;
  heartbeat?: unknown;
  ended: boolean;
}

const HISTORY_PER_SOURCE = 10;
const FOLLOW_CLAIM_MS = 60_000;
const HEARTBEAT_MS = 20_000;
const START_CLAIM_MS = 20_000;
/** A followed job the list never shows (list lag, or it ended between two polls and another started) stops being followed after this. */
const UNSEEN_LIMIT_MS = 5 * 60_000;
/** Failing polls while following: after this long, stop the spinner and say we lost track. */
const LOST_LIMIT_MS = 10 * 60_000;

function configured(source: Source): boolean {
  return source.report_card?.current_step_type === 'fully_configured' && !source.deleted_at;
}

function errorKind(error: unknown): string | undefined {
  return isRecord(error) && isString(error.kind) ? error.kind : undefined;
}

export class JobsService implements vscode.Disposable {
  private clock: TimerClock = realClock;
  private readonly shared: SharedState;
  private readonly followers = new Map<number, Follower>();
  private readonly starts = new InFlight<void>();
  private page: Extraction[] = [];
  private history: Extraction[] = [];
  private running = new Set<number>();
  private treeRunning = new Set<number>();
  private readonly names = new Map<number, Source>();
  /** Sources whose name is being (or was once) looked up for the status bar, so a failing lookup isn't retried in a loop. */
  private readonly naming = new Set<number>();
  private timer: unknown;
  private ticking: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private failures = 0;
  private failingSince: number | undefined;
  private retryAfterMs: number | undefined;
  private kicked = false;
  private nextAt: number | undefined;
  private pollCount = 0;
  private lastError: string | undefined;
  private accountKey: string | undefined;
  private readonly journalEntries: JournalEntry[] = [];
  private readonly statusBar: vscode.StatusBarItem;
  private readonly logs: VirtualDocuments;
  private readonly histories: VirtualDocuments;
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** `options.owner`: this window's identity in the cross-window claims (tests simulate a second window with it). */
  constructor(private readonly services: Services, private readonly tree: JobsTree, options: { owner?: string } = {}) {
    const ctx = services.context;
    this.shared = new SharedState(path.join(ctx.globalStorageUri.fsPath, 'jobs'), options.owner ?? `${vscode.env.sessionId}-${process.pid}`, () => this.clock.now());
    this.statusBar = vscode.window.createStatusBarItem('stitch.jobs', vscode.StatusBarAlignment.Left, 40);
    this.statusBar.name = vscode.l10n.t('Stitch Jobs');
    this.statusBar.command = 'stitch.showRunningJobs';
    this.logs = new VirtualDocuments((uri) => this.reloadLog(uri));
    this.histories = new VirtualDocuments((uri) => this.reloadHistory(uri));
    this.diagnostics = vscode.languages.createDiagnosticCollection('stitch-logs');
    this.disposables.push(
      this.statusBar, this.logs, this.histories, this.diagnostics,
      vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this.logs),
      vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, this.histories),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOGS_SCHEME) { this.diagnostics.delete(doc.uri); this.logs.forget(doc.uri); }
        if (doc.uri.scheme === HISTORY_SCHEME) this.histories.forget(doc.uri);
      }),
      services.accounts.onDidChangeAccount(() => this.onAccountChanged()),
      // A refused token stops the poller (no loop of 401s); a re-entered or answered token resumes it.
      services.accounts.onDidChangeTokenRejected(() => this.schedule()),
      services.sourceEvents.onDidChangeSource((id) => this.onSourceChanged(id)),
      vscode.window.onDidChangeWindowState(() => this.schedule()),
    );
    if (tree.onDidChangeVisibility) this.disposables.push(tree.onDidChangeVisibility(() => this.schedule()));
    if (tree.onDidRequestHistory) this.disposables.push(tree.onDidRequestHistory(() => this.kick()));
    this.onAccountChanged();
  }

  // ---- commands ------------------------------------------------------------------------------

  async syncNow(arg?: unknown): Promise<void> {
    const sourceId = await resolveSourceId(this.services, arg, vscode.l10n.t('Sync Now'), configured);
    if (!sourceId) return;
    const existing = this.followers.get(sourceId);
    if (existing && !existing.ended) {
      this.tell('info', vscode.l10n.t('A sync of "{0}" is already running: following it.', existing.name), existing);
      if (!existing.showsProgress) this.tryShowProgress(existing);
      return;
    }
    const { joined, result } = this.starts.run(`${this.accountKey}:${sourceId}`, () => this.start(sourceId));
    if (joined) this.services.log.info(`Sync Now for source ${sourceId} joined the start already in progress`);
    return result;
  }

  private async start(sourceId: number): Promise<void> {
    const source = await this.sourceInfo(sourceId);
    const name = source?.display_name ?? vscode.l10n.t('source {0}', sourceId);
    // No silent no-op syncs: with no working destination, explain (Create Destination) instead of starting a job.
    if (this.services.destinations && !(await this.services.destinations.allowSync(name))) return;
    const claim = `start-${this.accountKey}-${sourceId}`;
    if (!this.shared.claim(claim, START_CLAIM_MS)) {
      // Another window is sending the POST right now: don't send a second one, follow the job instead.
      this.tell('info', vscode.l10n.t('Another window is starting a sync of "{0}": following it.', name), { sourceId });
      this.follow(sourceId, name, undefined);
      return;
    }
    try {
      const client = this.services.accounts.requireClient();
      let outcome: { jobName: string } | { error: unknown };
      try {
        const started = await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } }, () => client.startSync(sourceId));
        outcome = { jobName: started.job_name };
      } catch (error) {
        outcome = { error };
      }
      const decision = decideStart(outcome);
      if (decision.kind === 'started') {
        this.services.log.info(`Started sync ${decision.jobName} of source ${sourceId}`);
        this.follow(sourceId, name, decision.jobName);
      } else if (decision.kind === 'attach') {
        this.tell('info', vscode.l10n.t('A sync of "{0}" is already running: following it.', name), { sourceId });
        this.follow(sourceId, name, undefined);
      } else {
        const action = vscode.l10n.t('start a sync of "{0}"', name);
        this.journal({ kind: 'failure', sourceId, text: this.services.redactor.redact(`Couldn't ${action}: ${describeFailure(decision.error)}`) });
        void showFailure(this.services.redactor, action, decision.error, { retry: () => this.syncNow(sourceId) });
      }
    } finally {
      this.shared.release(claim);
    }
  }

  async stopSync(arg?: unknown): Promise<void> {
    const known = this.runningIds();
    const sourceId = await resolveSourceId(this.services, arg, vscode.l10n.t('Stop Sync'), (s) => known.has(s.id));
    if (!sourceId) return;
    const source = await this.sourceInfo(sourceId);
    const name = source?.display_name ?? vscode.l10n.t('source {0}', sourceId);
    const skip = isRecord(arg) && arg.skipConfirmation === true;
    if (!skip) {
      const stop = vscode.l10n.t('Stop Sync');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Stop the sync of "{0}"?', name),
        { modal: true, detail: vscode.l10n.t('Stitch terminates the running job. Data extracted so far may not be loaded until the next sync.') },
        stop,
      );
      if (choice !== stop) {
        const follower = this.followers.get(sourceId);
        if (follower && !follower.ended && !follower.progress && follower.showsProgress) this.showProgress(follower);
        return;
      }
    }
    const follower = this.followers.get(sourceId);
    try {
      await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } }, () => this.services.accounts.requireClient().stopSync(sourceId));
      this.services.log.info(`Stop requested for the sync of source ${sourceId}`);
      if (follower && !follower.ended) {
        follower.stopping = true;
        this.report(follower, vscode.l10n.t('Stopping…'));
        if (!follower.progress && follower.showsProgress) this.showProgress(follower);
      } else {
        this.tell('info', vscode.l10n.t('Asked Stitch to stop the sync of "{0}".', name), { sourceId });
      }
      this.kick();
    } catch (error) {
      const action = vscode.l10n.t('stop the sync of "{0}"', name);
      this.journal({ kind: 'failure', sourceId, text: this.services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      if (follower && !follower.ended && !follower.progress && follower.showsProgress) this.showProgress(follower);
      void showFailure(this.services.redactor, action, error, { retry: () => this.stopSync({ sourceId, skipConfirmation: true }) });
    }
  }

  /** Opens an extraction's log as a read-only document. Returns its URI (string) or undefined. */
  async viewExtractionLogs(arg?: unknown): Promise<string | undefined> {
    let sourceId: number | undefined;
    let jobName: string | undefined;
    if (isRecord(arg) && isPositiveInteger(arg.sourceId)) {
      sourceId = arg.sourceId;
      if (isString(arg.jobName) && /^[\w.-]{1,200}$/.test(arg.jobName)) jobName = arg.jobName;
    } else {
      sourceId = await resolveSourceId(this.services, arg, vscode.l10n.t('View Extraction Logs'));
    }
    if (!sourceId) return undefined;
    const source = await this.sourceInfo(sourceId);
    const name = source?.display_name ?? vscode.l10n.t('source {0}', sourceId);
    if (!jobName) {
      if (!this.history.some((e) => e.source_id === sourceId)) await this.pollNow();
      jobName = this.latestJob(sourceId)?.job_name;
      if (!jobName) {
        this.tell('info', vscode.l10n.t('"{0}" has no extraction in the last 60 days, so there is no log to show.', name), { sourceId });
        return undefined;
      }
    }
    const uri = logUri(LOGS_SCHEME, `${name} ${jobName.split('.').pop()?.slice(0, 8) ?? ''}.log`, { account: this.accountKey ?? '', source: sourceId, job: jobName });
    try {
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Fetching the extraction log…') },
        () => this.fetchLog(sourceId, name, jobName),
      );
      this.setLog(uri, text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'log').then(undefined, () => undefined);
      await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    } catch (error) {
      const action = vscode.l10n.t('open the log of "{0}"', name);
      this.journal({ kind: 'failure', sourceId, jobName, text: this.services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      void showFailure(this.services.redactor, action, error, { retry: () => this.viewExtractionLogs({ sourceId, jobName }) });
      return undefined;
    }
  }

  /** Opens the source's sync history (extractions with phase results, loads per stream). Returns the URI. */
  async showHistory(arg?: unknown): Promise<string | undefined> {
    const sourceId = await resolveSourceId(this.services, arg, vscode.l10n.t('Show Sync History'));
    if (!sourceId) return undefined;
    try {
      const source = await this.services.accounts.requireClient().getSource(sourceId);
      this.names.set(sourceId, source);
      const uri = logUri(HISTORY_SCHEME, `${source.display_name} history.md`, { account: this.accountKey ?? '', source: sourceId });
      const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading sync history…') },
        () => this.renderHistoryFor(source));
      this.histories.set(uri, text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'markdown').then(undefined, () => undefined);
      const commands = await vscode.commands.getCommands(true);
      if (commands.includes('markdown.showPreview')) await vscode.commands.executeCommand('markdown.showPreview', uri);
      else await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    } catch (error) {
      const action = vscode.l10n.t('show the sync history of source {0}', sourceId);
      this.journal({ kind: 'failure', sourceId, text: this.services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      void showFailure(this.services.redactor, action, error, { retry: () => this.showHistory(sourceId) });
      return undefined;
    }
  }

  async showRunningJobs(): Promise<void> {
    const ids = [...this.runningIds()];
    if (ids.length === 0) {
      this.tell('info', vscode.l10n.t('No sync is running in {0}.', this.services.accounts.active?.name ?? vscode.l10n.t('this account')), {});
      return;
    }
    const items = await Promise.all(ids.map(async (id) => {
      const f = this.followers.get(id);
      const record = this.page.find((e) => e.source_id === id && !e.completion_time);
      const view = f?.view ?? (record ? deriveJob(record) : undefined);
      const name = f?.name ?? (await this.sourceInfo(id))?.display_name ?? vscode.l10n.t('source {0}', id);
      return {
        label: `$(sync~spin) ${name}`, id, name, jobName: view?.jobName ?? f?.target.jobName,
        description: view ? progressText(view) : vscode.l10n.t('starting'),
        detail: view?.startedAt ? vscode.l10n.t('started {0}', new Date(view.startedAt).toLocaleString()) : undefined,
      };
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Running syncs in {0}', this.services.accounts.active?.name ?? '') });
    if (!picked) return;
    const actions = [
      { label: `$(eye) ${vscode.l10n.t('Follow Progress')}`, run: () => this.followFromList(picked.id, picked.name) },
      { label: `$(debug-stop) ${vscode.l10n.t('Stop Sync…')}`, run: () => this.stopSync(picked.id) },
      ...(picked.jobName ? [{ label: `$(output) ${vscode.l10n.t('View Logs')}`, run: () => this.viewExtractionLogs({ sourceId: picked.id, jobName: picked.jobName }) }] : []),
      { label: `$(history) ${vscode.l10n.t('Show Sync History')}`, run: () => this.showHistory(picked.id) },
      { label: `$(go-to-file) ${vscode.l10n.t('Show Source')}`, run: () => vscode.commands.executeCommand('stitch.openFromTree', { sourceId: picked.id }) },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: picked.name });
    await action?.run();
  }

  private followFromList(sourceId: number, name: string): void {
    const f = this.followers.get(sourceId);
    if (f && !f.ended) { if (!f.progress) this.tryShowProgress(f); return; }
    this.follow(sourceId, name, this.page.find((e) => e.source_id === sourceId && !e.completion_time)?.job_name);
  }

  // ---- following -----------------------------------------------------------------------------

  private follow(sourceId: number, name: string, jobName: string | undefined): void {
    const follower: Follower = { sourceId, name, target: { sourceId, jobName, since: this.clock.now() }, showsProgress: false, stopping: false, ended: false };
    this.followers.set(sourceId, follower);
    this.tryShowProgress(follower);
    this.refreshRunning();
    this.kick();
  }

  private tryShowProgress(f: Follower): void {
    const claim = this.followClaim(f.sourceId);
    if (!this.shared.claim(claim, FOLLOW_CLAIM_MS)) {
      f.showsProgress = false;
      this.tell('info', vscode.l10n.t('Another VS Code window is showing the progress of the sync of "{0}".', f.name), f);
      return;
    }
    f.showsProgress = true;
    const beat = () => {
      if (f.ended || this.disposed) return;
      this.shared.claim(claim, FOLLOW_CLAIM_MS);
      f.heartbeat = this.clock.setTimer(beat, HEARTBEAT_MS);
    };
    if (f.heartbeat === undefined) f.heartbeat = this.clock.setTimer(beat, HEARTBEAT_MS);
    this.showProgress(f);
  }

  private followClaim(sourceId: number): string { return `follow-${this.accountKey}-${sourceId}`; }

  /** One cancellable notification per followed job; cancelling asks whether to stop the job. */
  private showProgress(f: Follower): void {
    if (f.progress || f.ended) return;
    this.journal({ kind: 'progress-start', sourceId: f.sourceId, jobName: f.target.jobName, text: f.name });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Syncing "{0}"', f.name), cancellable: true },
      (progress, token) => new Promise<void>((resolve) => {
        f.progress = progress;
        let done = false;
        const end = () => {
          if (done) return;
          done = true;
          f.progress = undefined;
          f.endProgress = undefined;
          cancel.dispose();
          this.journal({ kind: 'progress-end', sourceId: f.sourceId, jobName: f.target.jobName, text: f.name });
          resolve();
        };
        f.endProgress = end;
        const cancel = token.onCancellationRequested(() => {
          end();
          if (!f.ended) void this.stopSync({ sourceId: f.sourceId });
        });
        progress.report({ message: f.lastText ?? (f.stopping ? vscode.l10n.t('Stopping…') : vscode.l10n.t('Starting…')) });
      }),
    );
  }

  private report(f: Follower, text: string): void {
    if (f.lastText === text) return;
    f.lastText = text;
    f.progress?.report({ message: text });
    this.journal({ kind: 'progress-update', sourceId: f.sourceId, jobName: f.target.jobName, text });
  }

  /** Ends following: spinner gone, claim released, and (if this window showed it) the result with its actions. */
  private finish(f: Follower, outcome: { view?: JobView; reason?: string; severity?: 'info' | 'warning' | 'error' }): void {
    if (f.ended) return;
    f.ended = true;
    f.endProgress?.();
    if (f.heartbeat !== undefined) this.clock.clearTimer(f.heartbeat);
    if (f.showsProgress) this.shared.release(this.followClaim(f.sourceId));
    if (this.followers.get(f.sourceId) === f) this.followers.delete(f.sourceId);
    this.refreshRunning();
    if (!f.showsProgress) return;
    const view = outcome.view;
    const jobName = view?.jobName ?? f.target.jobName;
    const text = outcome.reason ?? (view ? endText(view, f.name) : vscode.l10n.t('Stopped following the sync of "{0}".', f.name));
    const severity = outcome.severity ?? (view?.outcome === 'failed' ? 'error' : view?.outcome === 'terminated' ? 'warning' : 'info');
    const viewLogs = vscode.l10n.t('View Logs');
    const showSource = vscode.l10n.t('Show Source');
    const items = jobName ? [viewLogs, showSource] : [showSource];
    this.journal({ kind: severity, sourceId: f.sourceId, jobName, text, items });
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(this.services.redactor.redact(text), ...items)).then(async (choice) => {
      if (choice === viewLogs) await vscode.commands.executeCommand('stitch.viewExtractionLogs', { sourceId: f.sourceId, jobName });
      else if (choice === showSource) await vscode.commands.executeCommand('stitch.openFromTree', { sourceId: f.sourceId });
    });
    this.services.sourceEvents.fire(f.sourceId);
  }

  private endAll(reason: string): void {
    for (const f of [...this.followers.values()]) this.finish(f, { reason: vscode.l10n.t('Stopped following the sync of "{0}": {1}', f.name, reason), severity: 'warning' });
  }

  // ---- polling ---------------------------------------------------------------------------------

  private policyInput(): PollInput {
    const now = this.clock.now();
    const account = this.accountKey;
    const clientId = this.services.accounts.active?.stitchClientId;
    const budget = clientId ? this.services.accounts.getClient()?.jobsBudgetStatus(clientId) : undefined;
    const focused = vscode.window.state.focused;
    return {
      now,
      followed: [...this.followers.values()].filter((f) => !f.ended).length,
      // Logs and histories are snapshots and need no polling; the status bar shows running jobs.
      visible: focused && (this.tree.visible === true || this.runningIds().size > 0),
      failures: this.failures,
      retryAfterMs: this.retryAfterMs,
      recentPolls: account ? this.shared.recentPolls(account, WINDOW_MS, now) : [],
      clientRemaining: budget?.remaining,
      clientResetAt: budget?.resetAt,
      kicked: this.kicked,
    };
  }

  private lastPollAt(input: PollInput): number | undefined {
    const snapshot = this.accountKey ? this.shared.readSnapshot<Extraction[]>(this.accountKey)?.at : undefined;
    const last = input.recentPolls.length ? Math.max(...input.recentPolls) : undefined;
    if (last === undefined) return snapshot;
    return snapshot === undefined ? last : Math.max(last, snapshot);
  }

  /** (Re)plans the next poll from the current state. */
  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
    if (this.disposed || !this.services.accounts.active || this.services.accounts.tokenRejected) return;
    const input = this.policyInput();
    const at = nextPollAt(input, this.lastPollAt(input));
    this.nextAt = at;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.ticking = this.pollNow().finally(() => this.schedule());
    }, at - input.now);
  }

  private kick(): void {
    this.kicked = true;
    this.schedule();
  }

  /** One poll (or a fresh shared snapshot), never two at once. */
  pollNow(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const account = this.accountKey;
    const client = this.services.accounts.getClient();
    // A refused token: no poll from any path (timer, history, logs) until it is re-entered or answered.
    if (!account || !client || this.services.accounts.tokenRejected) return;
    let clientId: number | undefined;
    try {
      clientId = await this.services.accounts.stitchClientId();
    } catch (error) {
      this.pollFailed(error);
      return;
    }
    if (!clientId) {
      // No source yet: nothing can be running. The lookup counts as this poll, or schedule() would
      // plan the next one for "now" and ask GET /v4/sources again at once, in a loop.
      this.shared.recordPoll(account, this.clock.now(), WINDOW_MS);
      return;
    }
    const input = this.policyInput();
    const snapshot = this.shared.readSnapshot<Extraction[]>(account);
    if (snapshot && Array.isArray(snapshot.data) && snapshotIsFresh(snapshot.at, input)) {
      this.apply(snapshot.data);
      return;
    }
    const lock = `poll-${account}`;
    if (!this.shared.claim(lock, 30_000)) {
      if (snapshot && Array.isArray(snapshot.data)) this.apply(snapshot.data);
      return;
    }
    try {
      this.shared.recordPoll(account, this.clock.now(), WINDOW_MS);
      this.pollCount++;
      this.kicked = false;
      const page = await client.listExtractions(clientId, { maxWaitMs: 0 });
      if (account !== this.accountKey) return; // the account changed while we waited
      this.shared.writeSnapshot(account, page.data, this.clock.now());
      this.failures = 0;
      this.failingSince = undefined;
      this.retryAfterMs = undefined;
      this.apply(page.data);
    } catch (error) {
      this.pollFailed(error);
    } finally {
      this.shared.release(lock);
    }
  }

  private pollFailed(error: unknown): void {
    this.failures++;
    this.lastError = describeFailure(error);
    this.failingSince ??= this.clock.now();
    const retry = isRecord(error) && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
    this.retryAfterMs = retry;
    this.services.log.warn(`Polling extractions failed (${this.failures} in a row): ${describeFailure(error)}`);
    const kind = errorKind(error);
    if (kind === 'unauthorized') {
      this.endAll(describeFailure(error));
      return;
    }
    const failingFor = this.clock.now() - this.failingSince;
    for (const f of this.followers.values()) {
      if (failingFor >= LOST_LIMIT_MS) {
        this.finish(f, { reason: vscode.l10n.t('Lost track of the sync of "{0}": {1} It may still be running in Stitch.', f.name, describeFailure(error)), severity: 'warning' });
      } else {
        this.report(f, vscode.l10n.t('Can\'t read the job status ({0}); trying again.', describeFailure(error)));
      }
    }
  }

  private apply(records: Extraction[]): void {
    this.page = records;
    this.history = mergeHistory(this.history, records, HISTORY_PER_SOURCE);
    if (this.accountKey) void this.services.context.globalState.update(`stitch.jobs.history.${this.accountKey}`, this.history);
    this.running = runningSources(records);
    const now = this.clock.now();
    for (const f of [...this.followers.values()]) {
      const step = followStep(f.target, records);
      if (step.kind === 'running') {
        f.target.jobName = step.view.jobName;
        f.view = step.view;
        this.report(f, f.stopping ? vscode.l10n.t('Stopping…') : progressText(step.view));
      } else if (step.kind === 'ended') {
        this.finish(f, { view: step.view });
      } else if (step.kind === 'superseded') {
        this.finish(f, { reason: vscode.l10n.t('The sync of "{0}" ended between two checks and a newer one has started; see the history for its result.', f.name), severity: 'info' });
      } else if (now - f.target.since > UNSEEN_LIMIT_MS) {
        this.finish(f, { reason: vscode.l10n.t('Stitch\'s job list never showed the sync of "{0}"; it may have ended already. Stopped following it.', f.name), severity: 'warning' });
      }
    }
    this.tree.setExtractions(this.history);
    this.refreshRunning();
  }

  private runningIds(): Set<number> {
    return new Set([...this.running, ...[...this.followers.values()].filter((f) => !f.ended).map((f) => f.sourceId)]);
  }

  private refreshRunning(): void {
    const now = this.runningIds();
    for (const id of new Set([...this.treeRunning, ...now])) {
      const on = now.has(id);
      if (on !== this.treeRunning.has(id)) this.tree.setRunning(id, on);
    }
    this.treeRunning = now;
    if (now.size === 0) {
      this.statusBar.hide();
    } else {
      this.statusBar.text = `$(sync~spin) ${vscode.l10n.t('Stitch: {0} running', now.size)}`;
      const unknown = [...now].filter((id) => !this.followers.get(id) && !this.names.has(id) && !this.naming.has(id));
      for (const id of unknown) {
        this.naming.add(id);
        void this.sourceInfo(id).then((source) => { if (source) this.refreshRunning(); });
      }
      const names = [...now].map((id) => this.followers.get(id)?.name ?? this.names.get(id)?.display_name ?? vscode.l10n.t('source {0}', id));
      this.statusBar.tooltip = vscode.l10n.t('Syncs running in {0}: {1}. Click to list them.', this.services.accounts.active?.name ?? '', names.join(', '));
      this.statusBar.show();
    }
  }

  // ---- logs and history ------------------------------------------------------------------------

  private latestJob(sourceId: number): Extraction | undefined {
    return this.history.filter((e) => e.source_id === sourceId).sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? ''))[0];
  }

  private async fetchLog(sourceId: number, name: string, jobName: string): Promise<string> {
    const clientId = await this.services.accounts.stitchClientId();
    if (!clientId) throw new Error(vscode.l10n.t('the account id is not known yet'));
    const raw = await this.services.accounts.requireClient().getExtractionLogs(clientId, jobName, { maxWaitMs: 15_000 });
    const record = this.history.find((e) => e.job_name === jobName && e.source_id === sourceId);
    const view = record ? deriveJob(record) : undefined;
    const result = view ? (view.outcome === 'running' ? progressText(view) : endText(view, '')) : undefined;
    const scrubbed = this.services.redactor.redact(scrubLog(raw));
    const { text } = renderLogDocument({ sourceName: name, jobName, result, fetchedAt: new Date().toISOString(), complete: view ? view.outcome !== 'running' : true }, scrubbed);
    return text;
  }

  private setLog(uri: vscode.Uri, text: string): void {
    this.logs.set(uri, text);
    const { problems } = renderProblems(text);
    this.diagnostics.set(uri, problems.map((p) => {
      const d = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, p.length), p.text, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'Stitch';
      return d;
    }));
  }

  private async reloadLog(uri: vscode.Uri): Promise<string> {
    const q = queryOf(uri);
    const sourceId = Number(q.source);
    if (!isPositiveInteger(sourceId) || !q.job || q.account !== this.accountKey) {
      return vscode.l10n.t('This log belongs to another Stitch account or is no longer available. Open it again from the Sources view.');
    }
    try {
      const text = await this.fetchLog(sourceId, (await this.sourceInfo(sourceId))?.display_name ?? String(sourceId), q.job);
      this.setLog(uri, text);
      return text;
    } catch (error) {
      return vscode.l10n.t("Couldn't load this log: {0}", this.services.redactor.redact(describeFailure(error)));
    }
  }

  private async reloadHistory(uri: vscode.Uri): Promise<string> {
    const sourceId = Number(queryOf(uri).source);
    if (!isPositiveInteger(sourceId) || queryOf(uri).account !== this.accountKey) return vscode.l10n.t('This history belongs to another Stitch account.');
    try {
      return await this.renderHistoryFor(await this.services.accounts.requireClient().getSource(sourceId));
    } catch (error) {
      return vscode.l10n.t("Couldn't load this history: {0}", describeFailure(error));
    }
  }

  private async renderHistoryFor(source: Source): Promise<string> {
    if (!this.history.some((e) => e.source_id === source.id)) await this.pollNow();
    let loads: Load[] | undefined;
    let loadsNote: string | undefined;
    try {
      const clientId = await this.services.accounts.stitchClientId();
      if (!clientId) throw new Error(vscode.l10n.t('the account id is not known yet'));
      const client = this.services.accounts.requireClient();
      const first = await client.listLoads(clientId, { maxWaitMs: 0 });
      loads = [...first.data];
      // Loads are ordered by stream name across every source: more pages only when needed, and at most two more.
      let page = first;
      for (let n = 2; n <= 3 && page.links.next; n++) {
        page = await client.listLoads(clientId, { page: n, maxWaitMs: 0 });
        loads.push(...page.data);
      }
      if (page.links.next) loadsNote = vscode.l10n.t('Only the first 300 loads of the account were read, to stay within Stitch\'s jobs rate limit.');
    } catch (error) {
      loadsNote = vscode.l10n.t('Loads could not be read: {0}', describeFailure(error));
    }
    const followed = this.followers.get(source.id);
    return this.services.redactor.redact(renderHistory({
      sourceName: source.display_name, sourceId: source.id, schemaName: source.name,
      extractions: this.history, loads, loadsNote, generatedAt: new Date().toISOString(),
      note: source.deleted_at ? vscode.l10n.t('This source was deleted on {0}.', source.deleted_at)
        : followed ? vscode.l10n.t('A sync is running now.') : undefined,
    }));
  }

  // ---- account and source changes -----------------------------------------------------------------

  private onAccountChanged(): void {
    const active = this.services.accounts.active;
    const key = active?.id;
    if (key === this.accountKey && this.accountKey !== undefined) { this.schedule(); return; }
    if (this.accountKey !== undefined) {
      const signedOut = !this.services.accounts.listProfiles().some((p) => p.id === this.accountKey);
      this.endAll(signedOut ? vscode.l10n.t('you signed out of that account.') : vscode.l10n.t('you switched to another account.'));
      // Signing out forgets what this editor remembered of that account's jobs.
      if (signedOut) void this.services.context.globalState.update(`stitch.jobs.history.${this.accountKey}`, undefined);
    }
    this.accountKey = key;
    this.page = [];
    this.running = new Set();
    this.names.clear();
    this.naming.clear();
    this.failures = 0;
    this.failingSince = undefined;
    // A Retry-After belongs to the account that was told it.
    this.retryAfterMs = undefined;
    this.history = key ? this.services.context.globalState.get<Extraction[]>(`stitch.jobs.history.${key}`, []) : [];
    this.refreshRunning();
    if (key) this.tree.setExtractions(this.history, false);
    // No kick: a visible tree asks for history when it loads; nothing else needs a poll right now.
    this.kicked = false;
    this.schedule();
  }

  private onSourceChanged(sourceId: number | undefined): void {
    if (sourceId === undefined) { this.names.clear(); return; }
    this.names.delete(sourceId);
    if (this.runningIds().has(sourceId)) this.kick();
  }

  private async sourceInfo(sourceId: number): Promise<Source | undefined> {
    const cached = this.names.get(sourceId);
    if (cached) return cached;
    try {
      const source = await this.services.accounts.requireClient().getSource(sourceId);
      this.names.set(sourceId, source);
      return source;
    } catch {
      return undefined;
    }
  }

  // ---- user messages and the journal ----------------------------------------------------------------

  private tell(kind: 'info' | 'warning', text: string, about: { sourceId?: number; target?: FollowTarget }): void {
    this.journal({ kind, sourceId: about.sourceId, jobName: about.target?.jobName, text });
    const safe = this.services.redactor.redact(text);
    void (kind === 'info' ? vscode.window.showInformationMessage(safe) : vscode.window.showWarningMessage(safe));
  }

  private journal(entry: JournalEntry): void {
    this.journalEntries.push(entry);
    if (this.journalEntries.length > 300) this.journalEntries.splice(0, this.journalEntries.length - 300);
  }

  // ---- test seam (registered only outside production mode) -------------------------------------------

  async internal(arg: unknown): Promise<unknown> {
    const op = isRecord(arg) && isString(arg.op) ? arg.op : 'snapshot';
    if (op === 'manualClock') {
      this.clock = new ManualClock(Date.now());
      this.schedule();
    } else if (op === 'realClock') {
      this.clock = realClock;
      this.schedule();
    } else if (op === 'advance' && this.clock instanceof ManualClock && isRecord(arg) && typeof arg.ms === 'number') {
      await this.clock.advance(arg.ms, async () => { await this.ticking; await this.polling; });
    } else if (op === 'pollNow') {
      await this.pollNow();
    } else if (op === 'clearJournal') {
      this.journalEntries.length = 0;
    }
    return {
      followed: [...this.followers.values()].map((f) => ({ sourceId: f.sourceId, jobName: f.target.jobName, showsProgress: f.showsProgress, progressOpen: Boolean(f.progress), text: f.lastText })),
      running: [...this.runningIds()],
      statusBar: { text: this.statusBar.text, tooltip: String(this.statusBar.tooltip ?? ''), visible: this.runningIds().size > 0, command: this.statusBar.command },
      journal: [...this.journalEntries],
      polls: this.pollCount,
      failures: this.failures,
      lastError: this.lastError,
      budget: this.services.accounts.active?.stitchClientId ? this.services.accounts.getClient()?.jobsBudgetStatus(this.services.accounts.active.stitchClientId) : undefined,
      nextPollInMs: this.nextAt === undefined ? undefined : this.nextAt - this.clock.now(),
      history: this.history.length,
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    for (const f of [...this.followers.values()]) {
      f.ended = true;
      f.endProgress?.();
      if (f.heartbeat !== undefined) this.clock.clearTimer(f.heartbeat);
      if (f.showsProgress) this.shared.release(this.followClaim(f.sourceId));
    }
    this.followers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** Problem lines of a rendered log document (the header above the separator is skipped). */
function renderProblems(text: string): { problems: { line: number; length: number; severity: 'error' | 'warning'; text: string }[] } {
  const lines = text.split('\n');
  const bodyStart = lines.findIndex((l) => /^# -{10,}/.test(l)) + 1;
  return { problems: findProblems(text).filter((p) => p.line >= bodyStart).map((p) => ({ ...p, length: lines[p.line]?.length ?? 0 })) };
}
