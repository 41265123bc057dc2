import * as vscode from 'vscode';
import { StitchApiError, type StitchClient } from '../../api';
import type { ConnectionCheck, Destination, Properties, ReportCard } from '../../api/types';
import { destinationTypeName } from '../../core/destinationNames';
import { isolateBidi } from '../../core/displayText';
import type { Redactor } from '../../core/redaction';
import { buildFormModel, type FormModel } from '../../core/reportCard';
import { describeFailure } from '../../feedback';
import type {
  BannerView, CheckView, SourceFormEvents, SourceFormState, SourceFormRequests, Stage, SubmitParams, SubmitResult, ValidateParams, ValidateResult,
} from '../../protocol/sourceForm';
import type { DestinationStore } from '../../state/destinationStore';
import { PanelHost, type PanelHostDeps } from '../panelHost';
import { CheckPoller, type PollOutcome } from '../sourceForm/checkPoller';
import { isSubmitParams, isValidateParams } from '../sourceForm/logic';
import { nothingToSave, propertiesToSend, requireKnownParams, submitFailure } from '../sourceForm/submit';
import { isNoParams } from '../webviewChannel';
import { webviewOptions } from '../webviewHtml';
import {
  checkDestinationForm, DESTINATION_FORM_VIEW_TYPE, destinationCheckView, destinationFormState, destinationPanelId, stageForCheck, validateDestinationForm,
  type DestinationKey,
} from './logic';

export interface DestinationFormDeps extends PanelHostDeps {
  requireClient(): StitchClient;
  store: DestinationStore;
  redactor: Redactor;
  checkDelays?: readonly number[];
}

const t = vscode.l10n.t;

/**
 * Create or edit a destination in the source form's webview: the same controls, validation,
 * credential rules and drafts; the connection check with Stitch's message beside the form.
 */
export class DestinationFormPanel extends PanelHost<SourceFormRequests, SourceFormEvents> {
  private card: ReportCard | undefined;
  private model: FormModel | undefined;
  private destination: Destination | undefined;
  private stage: Stage = 'loading';
  private check: CheckView | undefined;
  private banner: BannerView | undefined;
  private fieldErrors: Record<string, string> | undefined;
  private busy = false;
  private poller: CheckPoller | undefined;
  private currentLoad: Promise<void> = Promise.resolve();
  private currentWatch: Promise<PollOutcome | undefined> = Promise.resolve(undefined);
  private sentState: SourceFormState | undefined;
  private readonly keyChanged = new vscode.EventEmitter<{ from: string; to: string }>();
  readonly onDidChangeKey = this.keyChanged.event;

  static create(deps: DestinationFormDeps, key: DestinationKey): DestinationFormPanel {
    const title = key.kind === 'new' ? t('New {0} Destination', destinationTypeName(key.destinationType)) : t('Destination {0}', String(key.destinationId));
    const panel = vscode.window.createWebviewPanel(DESTINATION_FORM_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    return new DestinationFormPanel(deps, panel, key);
  }

  constructor(private readonly deps: DestinationFormDeps, panel: vscode.WebviewPanel, private key: DestinationKey) {
    super(deps, panel, 'sourceForm', 'Destination panel');
    this.channel.handle('sourceForm/validate', isValidateParams, (p) => this.onValidate(p));
    this.channel.handle('sourceForm/submit', isSubmitParams, (p) => this.onSubmit(p));
    this.channel.handle('sourceForm/refresh', isNoParams, () => { this.reload(); });
    this.channel.handle('sourceForm/checkAgain', isNoParams, async () => { this.reload(); await this.currentLoad; });
    this.channel.handle('sourceForm/openInStitch', isNoParams, async () => { await vscode.env.openExternal(vscode.Uri.parse('https://app.stitchdata.com/')); });
    this.channel.handle('sourceForm/selectStreams', isNoParams, () => undefined);
    this.channel.handle('sourceForm/showLogs', isNoParams, async () => { await vscode.commands.executeCommand('stitch.showLogs'); });
    this.disposables.push(this.keyChanged);
    this.show();
    this.reload();
  }

  get id(): string { return destinationPanelId(this.key); }
  get destinationId(): number | undefined { return this.destination?.id; }
  get currentStage(): Stage { return this.stage; }
  get loading(): Promise<void> { return this.currentLoad; }
  /** The last full state sent (or that would have been sent). */
  get lastState(): SourceFormState | undefined { return this.sentState; }
  get watching(): Promise<PollOutcome | undefined> { return this.currentWatch; }

  reload(): void { this.currentLoad = this.load(); }

  private get type(): string { return this.key.kind === 'new' ? this.key.destinationType : this.destination?.type ?? ''; }

  private async load(): Promise<void> {
    this.stage = 'loading';
    this.push();
    try {
      const client = this.deps.requireClient();
      if (this.key.kind === 'new') {
        this.card = await client.getDestinationType(this.key.destinationType);
        this.model = buildFormModel(this.card, { mode: 'create' });
        this.stage = this.model.configurable ? 'form' : 'unavailable';
        this.push(true);
        return;
      }
      const id = this.key.destinationId;
      const entry = (await this.deps.store.get({ maxAgeMs: 0 })).find((e) => e.destination.id === id);
      if (!entry) throw new StitchApiError({ kind: 'not_found', message: t('Destination {0} no longer exists in Stitch.', String(id)) });
      this.adopt(entry.destination);
      if (entry.check) this.check = destinationCheckView(entry.check, t('Connection check'));
      this.stage = stageForCheck(entry.checkState);
      if (this.stage === 'checkFailed') this.banner = { kind: 'error', text: t('The connection check failed. Fix the settings below, retype the password, and save to check again.') };
      this.push(true);
      if (entry.checkState === 'running') this.watch(entry.destination.check_job_name ?? undefined);
    } catch (error) {
      if (this.disposed) return;
      this.stage = this.model ? 'form' : 'unavailable';
      this.banner = { kind: 'error', text: this.deps.redactor.redact(t("Couldn't load the destination: {0}", describeFailure(error))) };
      this.deps.log.warn(`Destination panel: load failed: ${describeFailure(error)}`);
      this.push();
    }
  }

  private adopt(destination: Destination): void {
    this.destination = destination;
    this.card = destination.report_card ?? this.card;
    if (this.card) this.model = buildFormModel(this.card, { mode: 'edit' });
    this.panel.title = isolateBidi(destination.name ?? destinationTypeName(destination.type));
  }

  private push(resetDraft = false): void {
    if (this.disposed) return;
    const state = destinationFormState({
      key: this.key, type: this.type, model: this.model, destination: this.destination, title: this.panel.title, stage: this.stage,
      busy: this.busy, check: this.check, banner: this.banner, fieldErrors: this.fieldErrors, resetDraft,
    });
    this.sentState = state;
    if (this.channel.isReady) this.channel.emit('sourceForm/state', state);
  }

  private onValidate(params: ValidateParams): ValidateResult {
    requireKnownParams(params, ['seq', 'displayName', 'values'], this.model);
    return validateDestinationForm(this.model, params);
  }

  private async onSubmit(params: SubmitParams): Promise<SubmitResult> {
    requireKnownParams(params, ['displayName', 'values'], this.model);
    const model = this.model;
    if (!model || this.stage === 'loading' || this.stage === 'unavailable') return { ok: false, banner: { kind: 'error', text: t('The form isn’t ready yet.') } };
    if (this.busy) return { ok: false, banner: { kind: 'warning', text: t('Already saving; wait for it to finish.') } };
    const { result: checked, values } = checkDestinationForm(model, { seq: 0, displayName: params.displayName, values: params.values });
    if (Object.keys(checked.errors).length > 0 || checked.displayNameError) {
      return { ok: false, errors: checked.errors, ...(checked.displayNameError ? { displayNameError: checked.displayNameError } : {}), banner: { kind: 'error', text: t('Fix the highlighted fields, then try again.') } };
    }
    this.busy = true;
    this.banner = undefined;
    this.fieldErrors = undefined;
    this.push();
    try {
      const client = this.deps.requireClient();
      const credentials = model.steps.flatMap((s) => s.properties).filter((p) => p.credential).map((p) => p.name);
      let saved: Destination;
      if (this.key.kind === 'new') {
        const properties = propertiesToSend(model, values, undefined);
        for (const name of credentials) { const v = properties[name]; if (typeof v === 'string') this.deps.redactor.add(v); }
        saved = await client.createDestination({ type: this.key.destinationType, name: params.displayName, properties: properties as Properties });
        this.deps.log.info(`Created destination ${saved.id} (${saved.type})`);
        const from = this.id;
        this.key = { kind: 'destination', destinationId: saved.id };
        this.keyChanged.fire({ from, to: this.id });
      } else {
        const current = this.destination;
        if (!current) throw new Error(t('The destination isn’t loaded.'));
        // A credential left blank is omitted: Stitch keeps the saved one.
        const properties = propertiesToSend(model, values, undefined, current.properties);
        const renamed = params.displayName !== (current.name ?? '');
        if (Object.keys(properties).length === 0 && !renamed) {
          this.busy = false;
          this.push();
          return { ok: false, banner: { kind: 'info', text: nothingToSave(this.stage === 'checkFailed') } };
        }
        for (const name of credentials) { const v = properties[name]; if (typeof v === 'string') this.deps.redactor.add(v); }
        saved = await client.updateDestination(current.id, { properties: properties as Properties, ...(renamed ? { name: params.displayName } : {}) });
        this.deps.log.info(`Updated destination ${current.id}: ${Object.keys(properties).join(', ') || 'name'}`);
      }
      this.busy = false;
      this.deps.store.accept(saved);
      this.adopt(saved);
      if (saved.check_job_name) {
        this.stage = 'checking';
        this.check = { status: 'running', phases: [{ name: 'check', title: t('Connection check'), status: 'running' }] };
        this.banner = undefined;
        this.push(true);
        this.watch(saved.check_job_name);
      } else {
        this.stage = 'form';
        this.banner = { kind: 'success', text: t('Saved.') };
        this.push(true);
      }
      return { ok: true };
    } catch (error) {
      this.busy = false;
      if (StitchApiError.is(error) && /destination limit|at most one destination/i.test(error.message)) {
        this.banner = { kind: 'error', text: t('Couldn’t create the destination: Stitch says “you are at your destination limit”. Your plan allows no more destinations: delete the current one first (replication pauses until the new one passes its check), or move to a plan with several.') };
        this.push();
        return { ok: false, banner: this.banner };
      }
      const action = this.key.kind === 'new' ? t('create the destination') : t('save the destination');
      const failure = submitFailure(error, { action, model: this.model, draft: undefined, redact: (text) => this.deps.redactor.redact(text) });
      if (failure.log) this.deps.log.warn(failure.log.replace('Source panel', 'Destination panel'));
      this.banner = failure.result.banner;
      if (failure.fieldErrors) this.fieldErrors = failure.fieldErrors;
      this.push();
      return failure.result;
    }
  }

  private watch(expectJobName: string | undefined): void {
    this.poller?.cancel();
    const destination = this.destination;
    if (!destination) return;
    const client = this.deps.requireClient();
    const poller = new CheckPoller({
      fetch: async (signal) => {
        try { return await client.getDestinationLastConnectionCheck(destination.id, { signal }); } catch (error) {
          if (StitchApiError.is(error, 'not_found')) return undefined;
          throw error;
        }
      },
      onUpdate: (c) => this.onCheck(destination.id, c, false),
      isTransient: (e) => !StitchApiError.is(e) || e.transient,
      ...(this.deps.checkDelays ? { delays: this.deps.checkDelays } : {}),
      ...(expectJobName ? { expectJobName } : {}),
    });
    this.poller = poller;
    this.currentWatch = poller.run().then((outcome) => {
      if (this.poller === poller) this.poller = undefined;
      if (this.disposed || outcome.kind === 'cancelled') return outcome;
      if (outcome.kind === 'finished') this.onCheck(destination.id, outcome.check, true);
      else {
        const why = outcome.kind === 'timedOut' ? t('Stitch is still checking after a long time. Check again later.') : t("Couldn't read the connection check: {0}", describeFailure(outcome.error));
        this.check = { ...(this.check ?? { status: 'unknown', phases: [] }), stalled: this.deps.redactor.redact(why) };
        this.push();
      }
      return outcome;
    });
  }

  private onCheck(destinationId: number, c: ConnectionCheck, ended: boolean): void {
    this.check = destinationCheckView(c, t('Connection check'));
    this.deps.store.acceptCheck(destinationId, c);
    this.stage = c.status === 'failed' ? 'checkFailed' : c.status === 'succeeded' ? 'configured' : 'checking';
    if (ended && this.stage === 'checkFailed') this.banner = { kind: 'error', text: t('The connection check failed: {0} Fix the settings below, retype the password, and save to check again.', this.check.message ?? '') };
    if (ended && this.stage === 'configured') this.banner = { kind: 'success', text: t('Connection check passed: sources can load into "{0}".', this.destination?.name ?? '') };
    this.push();
  }

  protected override onSourceChanged(): void { /* a destination panel follows no source */ }
  protected override onReady(): void { this.push(); }
  protected override onDispose(): void { this.poller?.cancel(); }
}
