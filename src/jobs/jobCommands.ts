import * as vscode from 'vscode';
import type { Source } from '../api';
import { isRecord } from '../core/guards';
import { describeFailure, showFailure } from '../feedback';
import { resolveSourceId } from '../sourcePicker';
import type { JobsContext } from './context';
import { InFlight } from './dedupe';
import type { Followers } from './followers';
import { decideStart, deriveJob, progressText } from './jobState';

const START_CLAIM_MS = 20_000;

function configured(source: Source): boolean {
  return source.report_card?.current_step_type === 'fully_configured' && !source.deleted_at;
}

/** Sync Now (attaching to a job already running, here or in another window), Stop Sync, and the running-jobs list. */
export class JobCommands {
  private readonly starts = new InFlight<void>();

  constructor(
    private readonly ctx: JobsContext,
    private readonly followers: Followers,
    private readonly documents: { logs(arg: unknown): Promise<unknown>; history(arg: unknown): Promise<unknown> },
  ) {}

  async syncNow(arg?: unknown): Promise<void> {
    const sourceId = await resolveSourceId(this.ctx.services, arg, vscode.l10n.t('Sync Now'), configured);
    if (!sourceId) return;
    const existing = this.followers.get(sourceId);
    if (existing && !existing.ended) {
      this.ctx.tell('info', vscode.l10n.t('A sync of "{0}" is already running: following it.', existing.name), existing);
      if (!existing.showsProgress) this.followers.tryShowProgress(existing);
      return;
    }
    const { joined, result } = this.starts.run(`${this.ctx.accountKey}:${sourceId}`, () => this.start(sourceId));
    if (joined) this.ctx.services.log.info(`Sync Now for source ${sourceId} joined the start already in progress`);
    return result;
  }

  private async start(sourceId: number): Promise<void> {
    const { services, shared } = this.ctx;
    const name = await this.ctx.sourceName(sourceId);
    // No silent no-op syncs: with no working destination, explain (Create Destination) instead of starting a job.
    if (services.destinations && !(await services.destinations.allowSync(name))) return;
    if (this.followers.followedElsewhere(sourceId)) {
      // Another window started (or follows) a job of this source: follow it too, no POST.
      this.ctx.tell('info', vscode.l10n.t('A sync of "{0}" is already running: following it.', name), { sourceId });
      this.followers.follow(sourceId, name, undefined);
      return;
    }
    const claim = `start-${this.ctx.accountKey}-${sourceId}`;
    if (!shared.claim(claim, START_CLAIM_MS)) {
      // Another window is sending the POST right now: don't send a second one, follow the job instead.
      this.ctx.tell('info', vscode.l10n.t('Another window is starting a sync of "{0}": following it.', name), { sourceId });
      this.followers.follow(sourceId, name, undefined);
      return;
    }
    try {
      const client = services.accounts.requireClient();
      let outcome: { jobName: string } | { error: unknown };
      try {
        const started = await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } }, () => client.startSync(sourceId));
        outcome = { jobName: started.job_name };
      } catch (error) {
        outcome = { error };
      }
      const decision = decideStart(outcome);
      if (decision.kind === 'started') {
        services.log.info(`Started sync ${decision.jobName} of source ${sourceId}`);
        this.followers.follow(sourceId, name, decision.jobName);
      } else if (decision.kind === 'attach') {
        this.ctx.tell('info', vscode.l10n.t('A sync of "{0}" is already running: following it.', name), { sourceId });
        this.followers.follow(sourceId, name, undefined);
      } else {
        const action = vscode.l10n.t('start a sync of "{0}"', name);
        this.ctx.journal({ kind: 'failure', sourceId, text: services.redactor.redact(`Couldn't ${action}: ${describeFailure(decision.error)}`) });
        void showFailure(services.redactor, action, decision.error, { retry: () => this.syncNow(sourceId) });
      }
    } finally {
      shared.release(claim);
    }
  }

  async stopSync(arg?: unknown): Promise<void> {
    const { services } = this.ctx;
    const known = this.ctx.runningIds();
    const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Stop Sync'), (s) => known.has(s.id));
    if (!sourceId) return;
    const name = await this.ctx.sourceName(sourceId);
    const reshow = () => {
      const f = this.followers.get(sourceId);
      if (f && !f.ended && !f.progress && f.showsProgress) this.followers.showProgress(f);
    };
    if (!(isRecord(arg) && arg.skipConfirmation === true)) {
      const stop = vscode.l10n.t('Stop Sync');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Stop the sync of "{0}"?', name),
        { modal: true, detail: vscode.l10n.t('Stitch terminates the running job. Data extracted so far may not be loaded until the next sync.') },
        stop,
      );
      if (choice !== stop) { reshow(); return; }
    }
    const follower = this.followers.get(sourceId);
    try {
      await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } }, () => services.accounts.requireClient().stopSync(sourceId));
      services.log.info(`Stop requested for the sync of source ${sourceId}`);
      if (follower && !follower.ended) {
        follower.stopping = true;
        this.followers.report(follower, vscode.l10n.t('Stopping…'));
        reshow();
      } else {
        this.ctx.tell('info', vscode.l10n.t('Asked Stitch to stop the sync of "{0}".', name), { sourceId });
      }
      this.ctx.kick();
    } catch (error) {
      const action = vscode.l10n.t('stop the sync of "{0}"', name);
      this.ctx.journal({ kind: 'failure', sourceId, text: services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      reshow();
      void showFailure(services.redactor, action, error, { retry: () => this.stopSync({ sourceId, skipConfirmation: true }) });
    }
  }

  async showRunningJobs(): Promise<void> {
    const { services } = this.ctx;
    const ids = [...this.ctx.runningIds()];
    if (ids.length === 0) {
      this.ctx.tell('info', vscode.l10n.t('No sync is running in {0}.', services.accounts.active?.name ?? vscode.l10n.t('this account')), {});
      return;
    }
    const page = services.state.extractions.page;
    const items = await Promise.all(ids.map(async (id) => {
      const f = this.followers.get(id);
      const record = page.find((e) => e.source_id === id && !e.completion_time);
      const view = f?.view ?? (record ? deriveJob(record) : undefined);
      const name = f?.name ?? await this.ctx.sourceName(id);
      return {
        label: `$(sync~spin) ${name}`, id, name, jobName: view?.jobName ?? f?.target.jobName,
        description: view ? progressText(view) : vscode.l10n.t('starting'),
        detail: view?.startedAt ? vscode.l10n.t('started {0}', new Date(view.startedAt).toLocaleString()) : undefined,
      };
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Running syncs in {0}', services.accounts.active?.name ?? '') });
    if (!picked) return;
    const actions = [
      { label: `$(eye) ${vscode.l10n.t('Follow Progress')}`, run: () => this.followFromList(picked.id, picked.name) },
      { label: `$(debug-stop) ${vscode.l10n.t('Stop Sync…')}`, run: () => this.stopSync(picked.id) },
      ...(picked.jobName ? [{ label: `$(output) ${vscode.l10n.t('View Logs')}`, run: () => this.documents.logs({ sourceId: picked.id, jobName: picked.jobName }) }] : []),
      { label: `$(history) ${vscode.l10n.t('Show Sync History')}`, run: () => this.documents.history(picked.id) },
      { label: `$(go-to-file) ${vscode.l10n.t('Show Source')}`, run: () => vscode.commands.executeCommand('stitch.openFromTree', { sourceId: picked.id }) },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: picked.name });
    await action?.run();
  }

  private followFromList(sourceId: number, name: string): void {
    const f = this.followers.get(sourceId);
    if (f && !f.ended) { if (!f.progress) this.followers.tryShowProgress(f); return; }
    this.followers.follow(sourceId, name, this.ctx.services.state.extractions.page.find((e) => e.source_id === sourceId && !e.completion_time)?.job_name);
  }
}
