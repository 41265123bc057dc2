import * as vscode from 'vscode';
import { StitchApiError, type ReportCard, type Source, type StitchClient } from '../../api';
import type { Redactor } from '../../core/redaction';
import { isolateBidi } from '../../core/displayText';
import { scheduleProperties } from '../../core/schedule';
import { describeFailure, showFailure } from '../../feedback';
import {
  SCHEDULE_VIEW_TYPE,
  type ScheduleEvents, type ScheduleLoadResult, type ScheduleRequests, type ScheduleSaveParams, type ScheduleSaveResult, type ScheduleSetup,
} from '../../protocol/schedule';
import type { CommandTable } from '../../commands/table';
import type { Services } from '../../services';
import { resolveSourceId } from '../../sourcePicker';
import { isPositiveInteger, isRecord } from '../../core/guards';
import { isGone, PANEL_LOAD_MAX_AGE_MS, PanelHost, type PanelHostDeps } from '../panelHost';
import { PanelRegistry } from '../panelRegistry';
import { sourceFeedFor } from '../sourceFeed';
import { isNoParams } from '../webviewChannel';
import { webviewOptions } from '../webviewHtml';
import { registerScheduleHandlers } from './handlers';
import {
  checkAgreement, choiceFromDraft, classifySaveFailure, currentScheduleView, parseSaveParams, scheduleSetup,
} from './logic';

/** What the panel needs from the extension; narrow so tests can build one against the emulator. */
export interface ScheduleDeps extends PanelHostDeps {
  requireClient(): StitchClient;
  redactor: Redactor;
}

export function scheduleDeps(services: Services): ScheduleDeps {
  return {
    extensionUri: services.context.extensionUri, log: services.log, redactor: services.redactor,
    requireClient: () => services.accounts.requireClient(), feed: sourceFeedFor(services),
  };
}

const t = vscode.l10n.t;

/** Open schedule panels, one per source id. */
const registry = new PanelRegistry<SchedulePanel>();

/**
 * The standalone schedule panel of one source (Stitch: Edit Schedule). One panel per source: opening
 * it again reveals the open one. The webview keeps the draft in its state, so a hidden tab or a
 * reload loses nothing; the serializer brings the panel back after a window reload. It follows the
 * source in the store: a change elsewhere updates the facts and keeps the draft.
 */
export class SchedulePanel extends PanelHost<ScheduleRequests, ScheduleEvents> {
  private setup: ScheduleSetup | undefined;
  private card: ReportCard | undefined;
  private saving = 0;

  /** The open panel of a source, if any (tests and the command use it). */
  static get(sourceId: number): SchedulePanel | undefined { return registry.get(String(sourceId)); }

  constructor(private readonly deps: ScheduleDeps, panel: vscode.WebviewPanel, readonly sourceId: number) {
    super(deps, panel, 'schedule', 'Schedule panel');
    registerScheduleHandlers(this.channel.as<ScheduleRequests>(), { allowedFrequencies: () => this.setup?.frequencies.map((f) => f.value) });
    this.channel.handle('schedule/load', isNoParams, () => this.load());
    this.channel.handle('schedule/save', (p): p is ScheduleSaveParams => parseSaveParams(p, this.sourceId) !== undefined,
      (p) => this.save(parseSaveParams(p, this.sourceId) ?? p));
    this.follow(sourceId);
    this.show();
  }

  /** Read the source through the store (and its type's report card when the source carries none) and build the editor's setup. */
  async load(maxAgeMs = PANEL_LOAD_MAX_AGE_MS): Promise<ScheduleLoadResult> {
    try {
      const source = await this.deps.feed.get(this.sourceId, { maxAgeMs });
      const result = await this.loadResult(source);
      this.sendStatus();
      return result;
    } catch (error) {
      if (isGone(undefined, error)) this.sendStatus();
      void showFailure(this.deps.redactor, t('load the schedule of source {0}', this.sourceId), error, { retry: () => this.reload() });
      throw new Error(this.deps.redactor.redact(describeFailure(error)));
    }
  }

  private async loadResult(source: Source): Promise<ScheduleLoadResult> {
    this.card = source.report_card?.steps ? source.report_card : this.card ?? (await this.deps.requireClient().getSourceType(source.type));
    this.setup = scheduleSetup(this.card, source.properties ?? {}, t, source.created_at);
    this.panel.title = t('Schedule: {0}', isolateBidi(source.display_name));
    return { sourceId: source.id, sourceName: source.display_name, sourceType: source.type, setup: this.setup, current: currentScheduleView(source, t) };
  }

  /** Reload after an outside change (account switch, refresh): the webview keeps its draft and gets new facts. */
  async reload(): Promise<void> {
    if (this.disposed) return;
    try {
      this.channel.emit('schedule/sourceChanged', await this.load(0));
    } catch {
      // load() already told the user.
    }
  }

  protected override onSourceChanged(source: Source | undefined, gone: boolean): void {
    if (this.saving > 0 || gone) return; // our own save answers itself; a deleted source keeps the last facts
    if (!source) { void this.reload(); return; } // e.g. another account: read it again
    void this.loadResult(source).then((result) => { if (!this.disposed) this.channel.emit('schedule/sourceChanged', result); },
      (error: unknown) => this.deps.log.warn(`Schedule panel: following source ${this.sourceId} failed: ${describeFailure(error)}`));
  }

  /**
   * PUT only the schedule properties; the store accepts the source Stitch returns, whose
   * `schedule.next_fire_time` is compared with the preview. Failures answer `ok: false` (the
   * webview keeps the draft) and are also shown with showFailure; a cron AccessDenied reads as a
   * plan limitation; a source deleted elsewhere says so.
   */
  async save(params: ScheduleSaveParams): Promise<ScheduleSaveResult> {
    const { redactor, log, feed } = this.deps;
    const checked = choiceFromDraft(params.draft, this.setup?.frequencies.map((f) => f.value), t);
    if (!checked.ok) {
      log.warn(`Schedule panel refused to save source ${this.sourceId}: ${checked.field}: ${checked.message}`);
      return { ok: false, kind: 'invalid', message: checked.message, field: checked.field };
    }
    if (this.sourceGone) return this.gone();
    const action = t('save the schedule of source {0}', this.sourceId);
    const properties = scheduleProperties(checked.choice);
    let source: Source;
    const sentAt = new Date();
    let receivedAt: Date;
    this.saving++;
    try {
      source = await this.deps.requireClient().updateSource(this.sourceId, { properties });
      receivedAt = new Date();
      log.info(`Saved the ${params.draft.mode} schedule of source ${this.sourceId}`);
      feed.accept(source);
    } catch (error) {
      if (StitchApiError.is(error, 'not_found')) {
        void feed.get(this.sourceId, { maxAgeMs: 0 }).catch(() => undefined); // the store learns it is gone
        return this.gone();
      }
      const failure = classifySaveFailure(error, params.draft, (e) => redactor.redact(describeFailure(e)), t);
      const retry = () => this.retrySave(params);
      void showFailure(redactor, action, failure.kind === 'plan' ? new Error(failure.message) : error, failure.kind === 'failed' ? { retry } : {});
      return { ok: false, kind: failure.kind, message: failure.message, ...(failure.field ? { field: failure.field } : {}) };
    } finally {
      this.saving--;
    }
    const saved = checkAgreement({ draft: params.draft, previewRuns: params.previewRuns, schedule: source.schedule, sentAt, receivedAt }, t);
    if (saved.agreement === 'disagrees') log.warn(`Source ${this.sourceId}: Stitch's next run ${saved.nextFireTime ?? 'none'} differs from the preview (${saved.expected ?? 'none'})`);
    return { ok: true, saved, current: currentScheduleView(source, t) };
  }

  private gone(): ScheduleSaveResult {
    this.deps.log.warn(`Schedule panel: source ${this.sourceId} was deleted elsewhere; nothing saved`);
    this.sendStatus();
    return { ok: false, kind: 'failed', message: t('The source was deleted in Stitch (in another window or the web app), so its schedule can no longer be saved. Your choice is kept.') };
  }

  private async retrySave(params: ScheduleSaveParams): Promise<void> {
    const result = await this.save(params);
    this.channel.emit('schedule/saveResult', result);
  }
}

/** Opens (or reveals) the schedule panel of a source. */
export function openSchedulePanel(services: Services | ScheduleDeps, sourceId: number): SchedulePanel {
  const deps = 'accounts' in services ? scheduleDeps(services) : services;
  return registry.open(String(sourceId), () => {
    const panel = vscode.window.createWebviewPanel(SCHEDULE_VIEW_TYPE, t('Schedule: source {0}', sourceId),
      vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    return new SchedulePanel(deps, panel, sourceId);
  });
}

/** `stitch.editSchedule`: a source id or tree node, else the one source picker. */
export function scheduleCommands(services: Services): CommandTable {
  return {
    'stitch.editSchedule': async (arg?: unknown) => {
      const sourceId = await resolveSourceId(services, arg, t('Edit Schedule'), undefined, t('This Stitch account has no sources to schedule yet.'));
      if (sourceId !== undefined) openSchedulePanel(services, sourceId);
    },
  };
}

/** Registers the panel serializer (the command is in `scheduleCommands`). Add the result to context.subscriptions. */
export function registerSchedulePanel(services: Services): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(SCHEDULE_VIEW_TYPE, registry.serializer(
      (state) => (isRecord(state) && isPositiveInteger(state.sourceId) ? String(state.sourceId) : undefined),
      (panel, key) => new SchedulePanel(scheduleDeps(services), panel, Number(key)),
    )),
    { dispose: () => registry.dispose() },
  ];
}
