import * as vscode from 'vscode';
import type { ReportCard, Source } from '../../api';
import { isPositiveInteger, isRecord } from '../../core/guards';
import { scheduleProperties } from '../../core/schedule';
import { describeFailure, showFailure } from '../../feedback';
import {
  SCHEDULE_EVENTS, SCHEDULE_METHODS, SCHEDULE_VIEW_TYPE,
  type ScheduleLoadResult, type ScheduleSaveParams, type ScheduleSaveResult, type ScheduleSetup,
} from '../../protocol/schedule';
import type { Services } from '../../services';
import { RejectedMessageError, WebviewChannel } from '../webviewChannel';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { registerScheduleHandlers } from './handlers';
import {
  checkAgreement, choiceFromDraft, classifySaveFailure, currentScheduleView, isEmptyParams, parseSaveParams, scheduleSetup,
  sourceIdFromArg,
} from './logic';

/**
 * The standalone schedule panel of one source (Stitch: Edit Schedule). One panel per source: opening
 * it again reveals the open one. The webview keeps the draft in its state, so a hidden tab or a
 * reload loses nothing; the serializer brings the panel back after a window reload.
 */
export class SchedulePanel implements vscode.Disposable {
  private static readonly open = new Map<number, SchedulePanel>();
  readonly channel: WebviewChannel;
  private setup: ScheduleSetup | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private saving = 0;

  /** The open panel of a source, if any (tests and the command use it). */
  static get(sourceId: number): SchedulePanel | undefined { return SchedulePanel.open.get(sourceId); }

  constructor(private readonly services: Services, readonly panel: vscode.WebviewPanel, readonly sourceId: number) {
    SchedulePanel.open.get(sourceId)?.dispose();
    SchedulePanel.open.set(sourceId, this);
    const { context, log } = services;
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'stitch.svg');
    this.channel = new WebviewChannel(panel.webview, (reason) => log.warn(`Schedule panel refused a webview message: ${reason}`));
    registerScheduleHandlers(this.channel, { allowedFrequencies: () => this.setup?.frequencies.map((f) => f.value) });
    this.channel.handle(SCHEDULE_METHODS.load, async (params) => {
      if (!isEmptyParams(params)) throw new RejectedMessageError('schedule/load takes no params');
      return this.load();
    });
    this.channel.handle(SCHEDULE_METHODS.save, async (params) => {
      const parsed = parseSaveParams(params, this.sourceId);
      if (!parsed) throw new RejectedMessageError('schedule/save needs {sourceId of this panel, draft, previewRuns}');
      return this.save(parsed);
    });
    this.disposables.push(
      this.channel,
      panel.onDidDispose(() => this.dispose()),
      services.sourceEvents.onDidChangeSource((id) => { if (id === undefined || (id === this.sourceId && this.saving === 0)) void this.reload(); }),
      services.accounts.onDidChangeAccount(() => { void this.reload(); }),
    );
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'schedule', panel.title);
  }

  /** GET the source (and its type's report card when the source carries none) and build the editor's setup. */
  async load(): Promise<ScheduleLoadResult> {
    try {
      const client = this.services.accounts.requireClient();
      const source = await client.getSource(this.sourceId);
      const card: ReportCard | undefined = source.report_card?.steps ? source.report_card : await client.getSourceType(source.type);
      this.setup = scheduleSetup(card, source.properties ?? {}, vscode.l10n.t, source.created_at);
      this.panel.title = vscode.l10n.t('Schedule: {0}', source.display_name);
      return { sourceId: source.id, sourceName: source.display_name, sourceType: source.type, setup: this.setup, current: currentScheduleView(source, vscode.l10n.t) };
    } catch (error) {
      void showFailure(this.services.redactor, vscode.l10n.t('load the schedule of source {0}', this.sourceId), error, { retry: () => this.reload() });
      throw new Error(this.services.redactor.redact(describeFailure(error)));
    }
  }

  /** Reload after an outside change (account switch, refresh): the webview keeps its draft and gets new facts. */
  async reload(): Promise<void> {
    if (this.disposed) return;
    try {
      this.channel.emit(SCHEDULE_EVENTS.sourceChanged, await this.load());
    } catch {
      // load() already told the user.
    }
  }

  /**
   * PUT only the schedule properties, then GET the source to read `schedule.next_fire_time` and
   * compare it with the preview. Failures answer `ok: false` (the webview keeps the draft) and are
   * also shown with showFailure; a cron AccessDenied reads as a plan limitation.
   */
  async save(params: ScheduleSaveParams): Promise<ScheduleSaveResult> {
    const { redactor, log, sourceEvents } = this.services;
    const checked = choiceFromDraft(params.draft, this.setup?.frequencies.map((f) => f.value), vscode.l10n.t);
    if (!checked.ok) {
      log.warn(`Schedule panel refused to save source ${this.sourceId}: ${checked.field}: ${checked.message}`);
      return { ok: false, kind: 'invalid', message: checked.message, field: checked.field };
    }
    const action = vscode.l10n.t('save the schedule of source {0}', this.sourceId);
    const properties = scheduleProperties(checked.choice);
    let source: Source;
    const sentAt = new Date();
    let receivedAt: Date;
    this.saving++;
    try {
      const client = this.services.accounts.requireClient();
      await client.updateSource(this.sourceId, { properties });
      receivedAt = new Date();
      log.info(`Saved the ${params.draft.mode} schedule of source ${this.sourceId}`);
      sourceEvents.fire(this.sourceId);
      source = await client.getSource(this.sourceId);
    } catch (error) {
      const failure = classifySaveFailure(error, params.draft, (e) => redactor.redact(describeFailure(e)), vscode.l10n.t);
      const retry = () => this.retrySave(params);
      void showFailure(redactor, action, failure.kind === 'plan' ? new Error(failure.message) : error, failure.kind === 'failed' ? { retry } : {});
      return { ok: false, kind: failure.kind, message: failure.message, ...(failure.field ? { field: failure.field } : {}) };
    } finally {
      this.saving--;
    }
    const saved = checkAgreement({ draft: params.draft, previewRuns: params.previewRuns, schedule: source.schedule, sentAt, receivedAt }, vscode.l10n.t);
    if (saved.agreement === 'disagrees') log.warn(`Source ${this.sourceId}: Stitch's next run ${saved.nextFireTime ?? 'none'} differs from the preview (${saved.expected ?? 'none'})`);
    return { ok: true, saved, current: currentScheduleView(source, vscode.l10n.t) };
  }

  private async retrySave(params: ScheduleSaveParams): Promise<void> {
    const result = await this.save(params);
    this.channel.emit(SCHEDULE_EVENTS.saveResult, result);
  }

  reveal(): void { this.panel.reveal(); }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SchedulePanel.open.get(this.sourceId) === this) SchedulePanel.open.delete(this.sourceId);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** Opens (or reveals) the schedule panel of a source. */
export function openSchedulePanel(services: Services, sourceId: number): SchedulePanel {
  const existing = SchedulePanel.get(sourceId);
  if (existing) {
    existing.reveal();
    return existing;
  }
  const panel = vscode.window.createWebviewPanel(SCHEDULE_VIEW_TYPE, vscode.l10n.t('Schedule: source {0}', sourceId),
    vscode.ViewColumn.Active, webviewOptions(services.context.extensionUri));
  return new SchedulePanel(services, panel, sourceId);
}

/** The source to edit: from a tree node or id, else a QuickPick of the account's sources. */
async function pickSourceId(services: Services, arg: unknown): Promise<number | undefined> {
  const direct = sourceIdFromArg(arg);
  if (direct !== undefined) return direct;
  let sources: Source[];
  try {
    sources = (await services.accounts.requireClient().listSources()).filter((s) => !s.deleted_at);
  } catch (error) {
    await showFailure(services.redactor, vscode.l10n.t('list sources'), error, { retry: () => vscode.commands.executeCommand('stitch.editSchedule') });
    return undefined;
  }
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This Stitch account has no sources to schedule yet.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    sources.map((s) => ({ label: s.display_name, description: s.type, detail: currentScheduleView(s, vscode.l10n.t).summary, id: s.id })),
    { title: vscode.l10n.t('Edit Schedule'), placeHolder: vscode.l10n.t('Choose a source'), matchOnDescription: true },
  );
  return picked?.id;
}

/** Registers Stitch: Edit Schedule and the panel serializer. Add the result to context.subscriptions. */
export function registerSchedulePanel(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('stitch.editSchedule', async (arg?: unknown) => {
      const sourceId = await pickSourceId(services, arg);
      if (sourceId !== undefined) openSchedulePanel(services, sourceId);
    }),
    vscode.window.registerWebviewPanelSerializer(SCHEDULE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const sourceId = isRecord(state) && isPositiveInteger(state.sourceId) ? state.sourceId : undefined;
        if (sourceId === undefined || SchedulePanel.get(sourceId)) {
          panel.dispose();
          return;
        }
        new SchedulePanel(services, panel, sourceId);
      },
    }),
  ];
}
