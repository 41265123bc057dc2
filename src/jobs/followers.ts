import * as vscode from 'vscode';
import type { Extraction } from '../api';
import { isRecord, isString } from '../core/guards';
import { expectedDuration, pastDurations, runningText } from '../core/jobTiming';
import type { JobsContext } from './context';
import { endText, followStep, PHASE_TEXT, type FollowTarget, type JobView } from './jobState';
import type { FollowedJob } from './pollPolicy';
import { isolateBidi } from '../core/displayText';

const FOLLOW_CLAIM_MS = 60_000;
const HEARTBEAT_MS = 20_000;
/** How often "Running for 12 s" moves between polls. */
const TICK_MS = 5_000;
/** A followed job the list never shows (list lag, or it ended between two polls and another started) stops being followed after this. */
const UNSEEN_LIMIT_MS = 5 * 60_000;
/** Failing polls while following: after this long, stop the spinner and say we lost track. */
const LOST_LIMIT_MS = 10 * 60_000;

export interface Follower {
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
  /** Refreshes "Running for 12 s" between polls. */
  ticker?: unknown;
  ended: boolean;
}

/**
 * The jobs this window follows: one cancellable progress notification per job (claimed across
 * windows, so only one window shows it), updated from each poll, ended with the result.
 */
export class Followers {
  private readonly byId = new Map<number, Follower>();

  /** `stop`: what cancelling a progress notification does (asks, then stops the job). */
  constructor(private readonly ctx: JobsContext, private readonly stop: (sourceId: number) => Promise<void>) {}

  get(sourceId: number): Follower | undefined { return this.byId.get(sourceId); }

  /** Whether another window shows the progress of a job of this source (it holds the follow claim). */
  followedElsewhere(sourceId: number): boolean {
    const holder = this.ctx.shared.holder(this.claimName(sourceId));
    return holder !== undefined && holder !== this.ctx.shared.owner;
  }
  active(): Follower[] { return [...this.byId.values()].filter((f) => !f.ended); }

  follow(sourceId: number, name: string, jobName: string | undefined): void {
    const follower: Follower = { sourceId, name: isolateBidi(name), target: { sourceId, jobName, since: this.ctx.clock.now() }, showsProgress: false, stopping: false, ended: false };
    this.byId.set(sourceId, follower);
    const tick = () => {
      if (follower.ended || this.ctx.disposed) return;
      // Only a running line moves with the clock; "Stopping…" or a poll's trouble stays as said.
      if (follower.view && !follower.stopping && follower.lastText?.startsWith('Running for')) this.report(follower, this.runningLine(follower, follower.view));
      follower.ticker = this.ctx.clock.setTimer(tick, TICK_MS);
    };
    follower.ticker = this.ctx.clock.setTimer(tick, TICK_MS);
    this.tryShowProgress(follower);
    this.ctx.runningChanged();
    this.ctx.kick();
  }

  tryShowProgress(f: Follower): void {
    const claim = this.claimName(f.sourceId);
    if (!this.ctx.shared.claim(claim, FOLLOW_CLAIM_MS)) {
      f.showsProgress = false;
      this.ctx.tell('info', vscode.l10n.t('Another VS Code window is showing the progress of the sync of "{0}".', f.name), f);
      return;
    }
    f.showsProgress = true;
    const beat = () => {
      if (f.ended || this.ctx.disposed) return;
      this.ctx.shared.claim(claim, FOLLOW_CLAIM_MS);
      f.heartbeat = this.ctx.clock.setTimer(beat, HEARTBEAT_MS);
    };
    if (f.heartbeat === undefined) f.heartbeat = this.ctx.clock.setTimer(beat, HEARTBEAT_MS);
    this.showProgress(f);
  }

  /** One cancellable notification per followed job; cancelling asks whether to stop the job. */
  showProgress(f: Follower): void {
    if (f.progress || f.ended) return;
    this.ctx.journal({ kind: 'progress-start', sourceId: f.sourceId, jobName: f.target.jobName, text: f.name });
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
          this.ctx.journal({ kind: 'progress-end', sourceId: f.sourceId, jobName: f.target.jobName, text: f.name });
          resolve();
        };
        f.endProgress = end;
        const cancel = token.onCancellationRequested(() => {
          end();
          if (!f.ended) void this.stop(f.sourceId);
        });
        progress.report({ message: f.lastText ?? (f.stopping ? vscode.l10n.t('Stopping…') : vscode.l10n.t('Starting…')) });
      }),
    );
  }

  report(f: Follower, text: string): void {
    if (f.lastText === text) return;
    f.lastText = text;
    f.progress?.report({ message: text });
    this.ctx.journal({ kind: 'progress-update', sourceId: f.sourceId, jobName: f.target.jobName, text });
  }

  /** A poll's page: each followed job moves on, ends, or is given up. */
  onPage(records: Extraction[]): void {
    const now = this.ctx.clock.now();
    for (const f of [...this.byId.values()]) {
      const step = followStep(f.target, records);
      if (step.kind === 'running') {
        f.target.jobName = step.view.jobName;
        f.view = step.view;
        this.report(f, f.stopping ? vscode.l10n.t('Stopping…') : this.runningLine(f, step.view));
      } else if (step.kind === 'ended') {
        this.finish(f, { view: step.view });
      } else if (step.kind === 'superseded') {
        this.finish(f, { reason: vscode.l10n.t('The sync of "{0}" ended between two checks and a newer one has started; see the history for its result.', f.name), severity: 'info' });
      } else if (now - f.target.since > UNSEEN_LIMIT_MS) {
        this.finish(f, { reason: vscode.l10n.t('Stitch\'s job list never showed the sync of "{0}"; it may have ended already. Stopped following it.', f.name), severity: 'warning' });
      }
    }
  }

  /** A failed poll: say so on each progress, and give up after LOST_LIMIT_MS (or at once on a refused token). */
  onFailure(error: unknown, failingForMs: number, describe: string): void {
    if (isRecord(error) && isString(error.kind) && error.kind === 'unauthorized') {
      this.endAll(describe);
      return;
    }
    for (const f of this.byId.values()) {
      if (failingForMs >= LOST_LIMIT_MS) {
        this.finish(f, { reason: vscode.l10n.t('Lost track of the sync of "{0}": {1} It may still be running in Stitch.', f.name, describe), severity: 'warning' });
      } else {
        this.report(f, vscode.l10n.t('Can\'t read the job status ({0}); trying again.', describe));
      }
    }
  }

  /** Ends following: spinner gone, claim released, and (if this window showed it) the result with its actions. */
  finish(f: Follower, outcome: { view?: JobView; reason?: string; severity?: 'info' | 'warning' | 'error' }): void {
    if (f.ended) return;
    f.ended = true;
    f.endProgress?.();
    this.clearTimers(f);
    if (f.showsProgress) this.ctx.shared.release(this.claimName(f.sourceId));
    if (this.byId.get(f.sourceId) === f) this.byId.delete(f.sourceId);
    this.ctx.runningChanged();
    if (!f.showsProgress) return;
    const view = outcome.view;
    const jobName = view?.jobName ?? f.target.jobName;
    const text = outcome.reason ?? (view ? endText(view, f.name) : vscode.l10n.t('Stopped following the sync of "{0}".', f.name));
    const severity = outcome.severity ?? (view?.outcome === 'failed' ? 'error' : view?.outcome === 'terminated' ? 'warning' : 'info');
    const viewLogs = vscode.l10n.t('View Logs');
    const showSource = vscode.l10n.t('Show Source');
    const items = jobName ? [viewLogs, showSource] : [showSource];
    this.ctx.journal({ kind: severity, sourceId: f.sourceId, jobName, text, items });
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(this.ctx.services.redactor.redact(text), ...items)).then(async (choice) => {
      if (choice === viewLogs) await vscode.commands.executeCommand('stitch.viewExtractionLogs', { sourceId: f.sourceId, jobName });
      else if (choice === showSource) await vscode.commands.executeCommand('stitch.openFromTree', { sourceId: f.sourceId });
    });
  }

  endAll(reason: string): void {
    for (const f of [...this.byId.values()]) this.finish(f, { reason: vscode.l10n.t('Stopped following the sync of "{0}": {1}', f.name, reason), severity: 'warning' });
  }

  /** The window closes: spinners end quietly and claims are released for the other windows. */
  dispose(): void {
    for (const f of [...this.byId.values()]) {
      f.ended = true;
      f.endProgress?.();
      this.clearTimers(f);
      if (f.showsProgress) this.ctx.shared.release(this.claimName(f.sourceId));
    }
    this.byId.clear();
  }

  /** The followed jobs' timing for the poll cadence (issue 17): since we started each, and what its predecessors took. */
  timings(now: number): FollowedJob[] {
    return this.active().map((f) => ({
      elapsedMs: Math.max(0, now - f.target.since),
      expectedMs: expectedDuration(pastDurations(this.ctx.services.state.extractions.history, f.sourceId, f.target.jobName)),
    }));
  }

  /** "Running for 12 s (the last sync took 20 s)", with the phase when Stitch reported one. */
  private runningLine(f: Follower, view: JobView): string {
    const last = pastDurations(this.ctx.services.state.extractions.history, f.sourceId, view.jobName)[0];
    const phase = view.phase && !view.phaseUncertain ? PHASE_TEXT[view.phase] : undefined;
    return runningText(this.ctx.clock.now() - f.target.since, last, phase);
  }

  private clearTimers(f: Follower): void {
    if (f.heartbeat !== undefined) this.ctx.clock.clearTimer(f.heartbeat);
    if (f.ticker !== undefined) this.ctx.clock.clearTimer(f.ticker);
  }

  private claimName(sourceId: number): string { return `follow-${this.ctx.accountKey}-${sourceId}`; }
}
