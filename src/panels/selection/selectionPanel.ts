import * as vscode from 'vscode';
import type { StitchClient } from '../../api';
import type { Source } from '../../api/types';
import type { Redactor } from '../../core/redaction';
import { isolateBidi } from '../../core/displayText';
import { isApplyRulesParams, isPreviewRulesParams } from '../../core/rulesView';
import { isEditParams, isInitParams, isLoadFieldsParams, isNextStepParams } from '../../core/selectionView';
import { describeFailure, showFailure } from '../../feedback';
import {
  SELECTION_VIEW_TYPE,
  type SelectionApplyResult, type SelectionEvents, type SelectionLoadFieldsResult, type SelectionRequests, type SelectionState,
} from '../../protocol/selection';
import { isGone, PANEL_LOAD_MAX_AGE_MS, PanelHost, type PanelHostDeps } from '../panelHost';
import { isNoParams } from '../webviewChannel';
import { webviewOptions } from '../webviewHtml';
import { SelectionBlockedError, SelectionSession, type SelectionApi } from './session';

/** What the panel needs from the extension; narrow so tests can build one against the emulator. */
export interface SelectionDeps extends PanelHostDeps {
  /** The active account's client; throws NotSignedInError when signed out. */
  requireClient(): StitchClient;
  /** The active account's id, to refuse writes after a switch to another account. */
  activeAccountId(): string | undefined;
  redactor: Redactor;
}

const t = vscode.l10n.t;

/** One panel per source: streams, fields, replication settings, staged edits, Apply. */
export class SelectionPanel extends PanelHost<SelectionRequests, SelectionEvents> {
  readonly session: SelectionSession;
  private readonly accountId: string | undefined;

  static create(deps: SelectionDeps, sourceId: number, column = vscode.ViewColumn.Active): SelectionPanel {
    const panel = vscode.window.createWebviewPanel(SELECTION_VIEW_TYPE, t('Streams: source {0}', String(sourceId)), column, webviewOptions(deps.extensionUri));
    return new SelectionPanel(deps, panel, sourceId);
  }

  constructor(private readonly deps: SelectionDeps, panel: vscode.WebviewPanel, readonly sourceId: number) {
    super(deps, panel, 'selection', 'Selection panel');
    this.accountId = deps.activeAccountId();
    this.session = new SelectionSession(() => this.api(), sourceId);
    this.channel.handle('selection/init', isInitParams, (p) => this.onInit(p));
    this.channel.handle('selection/refresh', isNoParams, () => this.loadOrFail(undefined));
    this.channel.handle('selection/loadFields', isLoadFieldsParams, (p) => this.onLoadFields(p.stream));
    this.channel.handle('selection/edit', isEditParams, (p) => {
      const result = this.session.edit(p.ops);
      if (result.refused.length > 0) deps.log.warn(`Selection panel refused ${result.refused.length} of ${p.ops.length} edit(s): ${result.refused.slice(0, 3).join(' ')}`);
      return result;
    });
    this.channel.handle('selection/discard', isNoParams, () => this.onDiscard());
    this.channel.handle('selection/apply', isNoParams, () => this.onApply());
    this.channel.handle('selection/nextStep', isNextStepParams, (p) => this.runNextStep(p.action));
    this.channel.handle('selection/previewRules', isPreviewRulesParams, (p) => this.session.previewRules(p.text, p.fieldsFor));
    this.channel.handle('selection/applyRules', isApplyRulesParams, async (p) => {
      const result = await this.session.applyRules(p.text);
      if (result.refused.length > 0) deps.log.warn(`Selection panel: the rules could not stage ${result.refused.length} edit(s): ${result.refused.slice(0, 3).join(' ')}`);
      return { ...result, state: { ...result.state, nextSteps: await availableNextSteps() } };
    });
    this.follow(sourceId);
    this.show();
    this.nameTabEarly();
  }

  /** Name the tab as soon as the store knows the source, not when a cold webview first asks (that can take seconds); the read is shared with the webview's own. */
  private nameTabEarly(): void {
    const known = this.deps.feed.peek(this.sourceId);
    if (known) { this.panel.title = t('Streams: {0}', isolateBidi(known.display_name || known.name)); return; }
    this.deps.feed.get(this.sourceId, { maxAgeMs: PANEL_LOAD_MAX_AGE_MS }).then(
      (source) => { if (!this.disposed && !this.session.loaded) this.panel.title = t('Streams: {0}', isolateBidi(source.display_name || source.name)); },
      () => undefined, // the webview's own load reports the failure
    );
  }

  /** The session reads the source through the store (the first time from a fresh enough copy). */
  private api(): SelectionApi {
    const client = this.client();
    return {
      getSource: (id) => this.deps.feed.get(id, { maxAgeMs: this.session.loaded ? 0 : PANEL_LOAD_MAX_AGE_MS }),
      listStreams: (id) => client.listStreams(id),
      getStreamSchema: (id, streamId) => client.getStreamSchema(id, streamId),
      updateStreamMetadata: (id, body) => client.updateStreamMetadata(id, body),
    };
  }

  /** Renamed, paused or moved on elsewhere: new facts in the header, the staged edits stay. */
  protected override onSourceChanged(source: Source | undefined, gone: boolean): void {
    if (!source || gone || !this.session.loaded) return; // the status strip says it is gone
    this.session.followSource(source);
    this.panel.title = t('Streams: {0}', isolateBidi(this.session.sourceView.name));
    void availableNextSteps().then((nextSteps) => { if (!this.disposed) this.channel.emit('selection/state', { ...this.session.state(), nextSteps }); });
  }

  private client(): StitchClient {
    const active = this.deps.activeAccountId();
    if (this.accountId !== undefined && active !== this.accountId) {
      throw new Error(t('This panel belongs to another Stitch account; switch back to it to load or apply this selection.'));
    }
    return this.deps.requireClient();
  }

  private async onInit(params: { staged?: SelectionState['staged'] } | undefined): Promise<SelectionState> {
    // While the host lives, its session is the truth; after a restart the webview's saved edits are.
    const state = this.session.loaded ? this.session.state() : await this.loadOrFail(params?.staged);
    return { ...state, nextSteps: await availableNextSteps() };
  }

  private async loadOrFail(staged: Parameters<SelectionSession['load']>[0]): Promise<SelectionState> {
    try {
      const state = await this.session.load(staged);
      this.panel.title = t('Streams: {0}', isolateBidi(state.source.name));
      this.sendStatus();
      return { ...state, nextSteps: await availableNextSteps() };
    } catch (error) {
      this.deps.log.warn(`Selection panel: loading source ${this.sourceId} failed: ${describeFailure(error)}`);
      void showFailure(this.deps.redactor, t('load the streams of source {0}', String(this.sourceId)), error);
      throw new Error(this.deps.redactor.redact(t("Couldn't load the streams: {0}", describeFailure(error))));
    }
  }

  private async onLoadFields(stream: string): Promise<SelectionLoadFieldsResult> {
    try {
      return await this.session.loadFields(stream);
    } catch (error) {
      this.deps.log.warn(`Selection panel: loading the fields of a stream of source ${this.sourceId} failed: ${describeFailure(error)}`);
      throw new Error(this.deps.redactor.redact(t("Couldn't load the fields: {0}", describeFailure(error))));
    }
  }

  private async onDiscard(): Promise<SelectionState | null> {
    if (this.session.hasChanges) {
      const discard = t('Discard');
      const summary = this.session.state().summary.text;
      const choice = await vscode.window.showWarningMessage(t('Discard the staged changes ({0})?', summary), { modal: true }, discard);
      if (choice !== discard) return null;
    }
    return this.session.discard();
  }

  /** Apply from the webview: the response carries the outcome; failures are also notified. */
  private async onApply(): Promise<SelectionApplyResult> {
    try {
      return await this.apply();
    } catch (error) {
      throw new Error(this.failureText(error));
    }
  }

  private failureText(error: unknown): string {
    if (isGone(undefined, error)) return goneText();
    return this.deps.redactor.redact(error instanceof SelectionBlockedError ? error.message : t("Couldn't apply the selection: {0}", describeFailure(error)));
  }

  private async apply(): Promise<SelectionApplyResult> {
    // Deleted elsewhere: say so, without a request; the staged edits stay in the panel.
    if (this.sourceGone) {
      throw new SelectionBlockedError(goneText());
    }
    let outcome;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Applying the stream selection…') },
        () => this.session.apply(),
      );
    } catch (error) {
      if (!(error instanceof SelectionBlockedError)) {
        this.deps.log.warn(`Selection panel: apply for source ${this.sourceId} failed: ${describeFailure(error)}`);
        void showFailure(this.deps.redactor, t('apply the stream selection for "{0}"', isolateBidi(this.session.sourceView.name)), error, {
          retry: () => this.retryApply(),
        });
      }
      throw error;
    }
    const nextSteps = await availableNextSteps();
    const result: SelectionApplyResult = { state: { ...this.session.state(), nextSteps }, appliedText: outcome.appliedText, becameConfigured: outcome.becameConfigured, nextSteps };
    // A visible panel shows the outcome in its own banner (with the same next steps): a toast too would say it twice.
    if (!this.panel.visible) void this.announce(result);
    return result;
  }

  /** Retry from the failure notification: the webview learns the outcome through events. */
  private async retryApply(): Promise<void> {
    try {
      this.channel.emit('selection/applied', await this.apply());
    } catch (error) {
      this.channel.emit('selection/applyFailed', { message: this.failureText(error) });
    }
  }

  private async announce(result: SelectionApplyResult): Promise<void> {
    const labels: Record<string, string> = { syncNow: t('Sync Now'), editSchedule: t('Edit Schedule') };
    const message = result.becameConfigured
      ? t('"{0}" is now fully configured ({1}). It will replicate on its schedule.', isolateBidi(this.session.sourceView.name), result.appliedText)
      : t('Selection saved for "{0}": {1}.', isolateBidi(this.session.sourceView.name), result.appliedText);
    const buttons = result.nextSteps.map((s) => labels[s]!);
    const choice = await vscode.window.showInformationMessage(message, ...buttons);
    const picked = result.nextSteps.find((s) => labels[s] === choice);
    if (picked) await this.runNextStep(picked);
  }

  private async runNextStep(action: 'syncNow' | 'editSchedule'): Promise<void> {
    const command = NEXT_STEP_COMMANDS[action];
    if (!(await vscode.commands.getCommands(true)).includes(command)) throw new Error(t('That action is not available.'));
    await vscode.commands.executeCommand(command, { sourceId: this.sourceId });
  }
}

const goneText = (): string => t('The source was deleted in Stitch (in another window or the web app), so this selection can no longer be applied. Your staged changes are kept.');

const NEXT_STEP_COMMANDS = { syncNow: 'stitch.syncNow', editSchedule: 'stitch.editSchedule' } as const;

/** The next steps whose commands exist in this window (other features may not be installed yet). */
export async function availableNextSteps(): Promise<Array<'syncNow' | 'editSchedule'>> {
  const all = new Set(await vscode.commands.getCommands(true));
  return (['editSchedule', 'syncNow'] as const).filter((s) => all.has(NEXT_STEP_COMMANDS[s]));
}
