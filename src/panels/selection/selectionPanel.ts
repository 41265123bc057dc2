import * as vscode from 'vscode';
import type { StitchClient } from '../../api';
import type { Redactor } from '../../core/redaction';
import {
  isEditParams, isInitParams, isLoadFieldsParams, isNextStepParams, isNoParams,
} from '../../core/selectionView';
import { describeFailure, showFailure } from '../../feedback';
import {
  SELECTION_VIEW_TYPE,
  type SelectionApplyResult, type SelectionState,
} from '../../protocol/selection';
import { RejectedMessageError, WebviewChannel } from '../webviewChannel';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { SelectionBlockedError, SelectionSession } from './session';

/** What the panel needs from the extension; narrow so tests can build one against the emulator. */
export interface SelectionDeps {
  extensionUri: vscode.Uri;
  /** The active account's client; throws NotSignedInError when signed out. */
  requireClient(): StitchClient;
  /** The active account's id, to refuse writes after a switch to another account. */
  activeAccountId(): string | undefined;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  redactor: Redactor;
  /** Fired after a successful Apply so trees and other panels refresh. */
  sourceChanged(sourceId: number): void;
}

const t = vscode.l10n.t;

/** The webview's strings; localised here because the webview has no l10n of its own. */
export function selectionText(): Record<string, string> {
  return {
    filterPlaceholder: t('Filter streams by name or id'),
    selectedOnly: t('Selected only'),
    selectAll: t('Select all'),
    selectNone: t('Select none'),
    selectAllTitle: t('Select every stream shown (each with its default fields)'),
    selectNoneTitle: t('Deselect every stream shown'),
    expandAll: t('Collapse all'),
    apply: t('Apply'),
    applying: t('Applying…'),
    discard: t('Discard'),
    refresh: t('Refresh'),
    noChanges: t('No staged changes'),
    staged: t('Staged:'),
    streamsShown: t('{0} of {1} streams shown'),
    streamsSelected: t('{0} selected'),
    loadingStreams: t('Loading streams…'),
    loadingFields: t('Loading fields…'),
    retry: t('Retry'),
    noStreams: t('Stitch has no streams for this source yet. Streams appear once the connection check has discovered them.'),
    noMatches: t('No streams match the filter.'),
    view: t('view'),
    table: t('table'),
    rows: t('{0} rows'),
    fields: t('{0} of {1} fields'),
    defaultFields: t('default fields'),
    method: t('Replication'),
    chooseMethod: t('Choose a method…'),
    key: t('Replication key'),
    chooseKey: t('Choose a key…'),
    forced: t('Set by the source'),
    viewKeys: t('View key columns'),
    viewKeysHint: t('Use the key buttons on the columns below to choose the columns that identify a row.'),
    viewKeyToggle: t('Use as a view key column'),
    allFields: t('All fields'),
    noFields: t('No fields'),
    fullTable: t('Full table'),
    incremental: t('Incremental'),
    logBased: t('Log-based'),
    problems: t('{0} problem(s) to fix before applying'),
    showProblem: t('Show'),
    // Follows "Saved: {0}." in the banner: no second "Saved" (issue 17).
    appliedConfigured: t('The source is fully configured and will replicate on its schedule.'),
    applied: t('Saved: {0}.'),
    syncNow: t('Sync Now'),
    editSchedule: t('Edit Schedule'),
    notRestored: t('Some staged changes could not be restored:'),
    dismiss: t('Dismiss'),
    stagedMark: t('staged'),
    notReady: t('This source is at the "{0}" step: streams can be selected once discovery has finished.'),
    keyboardHelp: t('Arrow keys move, Space toggles, Right/Left expand and collapse, Enter opens a stream.'),
    automatic: t('always replicated'),
    unsupported: t('not supported'),
  };
}

/** One panel per source: streams, fields, replication settings, staged edits, Apply. */
export class SelectionPanel implements vscode.Disposable {
  readonly channel: WebviewChannel;
  readonly session: SelectionSession;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly accountId: string | undefined;
  private disposed = false;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;

  static create(deps: SelectionDeps, sourceId: number, column = vscode.ViewColumn.Active): SelectionPanel {
    const panel = vscode.window.createWebviewPanel(SELECTION_VIEW_TYPE, t('Streams: source {0}', String(sourceId)), column, webviewOptions(deps.extensionUri));
    return new SelectionPanel(deps, panel, sourceId);
  }

  constructor(private readonly deps: SelectionDeps, readonly panel: vscode.WebviewPanel, readonly sourceId: number) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.accountId = deps.activeAccountId();
    this.session = new SelectionSession(() => this.client(), sourceId);
    this.channel = new WebviewChannel(panel.webview, (reason) => deps.log.warn(`Selection panel refused a message: ${reason}`));
    this.channel.handle('selection/init', (p) => this.onInit(p));
    this.channel.handle('selection/refresh', (p) => { requireNoParams(p); return this.loadOrFail(undefined); });
    this.channel.handle('selection/loadFields', (p) => this.onLoadFields(p));
    this.channel.handle('selection/edit', (p) => {
      if (!isEditParams(p)) throw new RejectedMessageError('invalid edit params');
      const result = this.session.edit(p.ops);
      if (result.refused.length > 0) deps.log.warn(`Selection panel refused ${result.refused.length} of ${p.ops.length} edit(s): ${result.refused.slice(0, 3).join(' ')}`);
      return result;
    });
    this.channel.handle('selection/discard', (p) => { requireNoParams(p); return this.onDiscard(); });
    this.channel.handle('selection/apply', (p) => { requireNoParams(p); return this.onApply(); });
    this.channel.handle('selection/nextStep', (p) => {
      if (!isNextStepParams(p)) throw new RejectedMessageError('invalid next-step params');
      return this.runNextStep(p.action);
    });
    this.disposables.push(
      this.channel,
      this.disposedEmitter,
      panel.onDidChangeViewState(() => {
        // A hidden webview loses its page; it says `ready` again when shown and asks for the state.
        if (!panel.visible) this.channel.resetReady();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'selection', panel.title);
  }

  reveal(): void { this.panel.reveal(); }

  private client(): StitchClient {
    const active = this.deps.activeAccountId();
    if (this.accountId !== undefined && active !== this.accountId) {
      throw new Error(t('This panel belongs to another Stitch account; switch back to it to load or apply this selection.'));
    }
    return this.deps.requireClient();
  }

  private async onInit(params: unknown): Promise<SelectionState> {
    if (!isInitParams(params)) throw new RejectedMessageError('invalid init params');
    // While the host lives, its session is the truth; after a restart the webview's saved edits are.
    const state = this.session.loaded ? this.session.state() : await this.loadOrFail(params?.staged);
    return { ...state, text: selectionText(), nextSteps: await availableNextSteps() };
  }

  private async loadOrFail(staged: Parameters<SelectionSession['load']>[0]): Promise<SelectionState> {
    try {
      const state = await this.session.load(staged);
      this.panel.title = t('Streams: {0}', state.source.name);
      return { ...state, nextSteps: await availableNextSteps() };
    } catch (error) {
      this.deps.log.warn(`Selection panel: loading source ${this.sourceId} failed: ${describeFailure(error)}`);
      void showFailure(this.deps.redactor, t('load the streams of source {0}', String(this.sourceId)), error);
      throw new Error(this.deps.redactor.redact(t("Couldn't load the streams: {0}", describeFailure(error))));
    }
  }

  private async onLoadFields(params: unknown): Promise<unknown> {
    if (!isLoadFieldsParams(params)) throw new RejectedMessageError('invalid loadFields params');
    try {
      return await this.session.loadFields(params.stream);
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
    return this.deps.redactor.redact(error instanceof SelectionBlockedError ? error.message : t("Couldn't apply the selection: {0}", describeFailure(error)));
  }

  private async apply(): Promise<SelectionApplyResult> {
    let outcome;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Applying the stream selection…') },
        () => this.session.apply(),
      );
    } catch (error) {
      if (!(error instanceof SelectionBlockedError)) {
        this.deps.log.warn(`Selection panel: apply for source ${this.sourceId} failed: ${describeFailure(error)}`);
        void showFailure(this.deps.redactor, t('apply the stream selection for "{0}"', this.session.sourceView.name), error, {
          retry: () => this.retryApply(),
        });
      }
      throw error;
    }
    this.deps.sourceChanged(this.sourceId);
    const nextSteps = await availableNextSteps();
    const result: SelectionApplyResult = { state: { ...this.session.state(), nextSteps }, appliedText: outcome.appliedText, becameConfigured: outcome.becameConfigured, nextSteps };
    void this.announce(result);
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
      ? t('"{0}" is now fully configured ({1}). It will replicate on its schedule.', this.session.sourceView.name, result.appliedText)
      : t('Selection saved for "{0}": {1}.', this.session.sourceView.name, result.appliedText);
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

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

const NEXT_STEP_COMMANDS = { syncNow: 'stitch.syncNow', editSchedule: 'stitch.editSchedule' } as const;

/** The next steps whose commands exist in this window (other features may not be installed yet). */
export async function availableNextSteps(): Promise<Array<'syncNow' | 'editSchedule'>> {
  const all = new Set(await vscode.commands.getCommands(true));
  return (['editSchedule', 'syncNow'] as const).filter((s) => all.has(NEXT_STEP_COMMANDS[s]));
}

function requireNoParams(params: unknown): void {
  if (!isNoParams(params)) throw new RejectedMessageError('unexpected params');
}
