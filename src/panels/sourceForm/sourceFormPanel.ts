import * as vscode from 'vscode';
import { StitchApiError, type StitchClient } from '../../api';
import type { ConnectionCheck, ReportCard, Source } from '../../api/types';
import { sourceTypeDisplayName } from '../../core/displayNames';
import { isolateBidi } from '../../core/displayText';
import type { Redactor } from '../../core/redaction';
import { buildFormModel, type FormModel } from '../../core/reportCard';
import { suggestAvailableDisplayName } from '../../core/sourceName';
import { describeFailure } from '../../feedback';
import type { ScheduleDraft, ScheduleSetup } from '../../protocol/schedule';
import {
  SOURCE_FORM_VIEW_TYPE,
  type BannerView, type CheckView, type PanelKey, type ScheduleErrorView, type SourceFormState, type Stage, type SubmitResult, type ValidateResult,
} from '../../protocol/sourceForm';
import { classifySaveFailure, registerScheduleHandlers, schedulePropertiesForDraft, scheduleSetupFor } from '../schedule';
import { RejectedMessageError, WebviewChannel } from '../webviewChannel';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { CheckPoller, type PollOutcome } from './checkPoller';
import {
  buildPayload, checkForm, checkView, formStepTypes, hasScheduleFields, initialValues, isEmptyParams, isScheduleName, isSubmitParams,
  isValidateParams, mapBadProperties, onlyScheduleFields, panelId, scheduleChanges, stageFor, stepViews, stitchWebUrl, withoutScheduleFields,
} from './logic';

/** What the panel needs from the extension; narrow so tests can build one against the emulator. */
export interface SourceFormDeps {
  extensionUri: vscode.Uri;
  /** The active account's client; throws (NotSignedInError) when signed out. */
  requireClient(): StitchClient;
  stitchClientId(): Promise<number | undefined>;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  redactor: Redactor;
  /** A source was created or changed here: trees refresh. */
  sourceChanged(sourceId: number): void;
  /** Poll delays (ms) for the connection check; tests shorten them. */
  checkDelays?: readonly number[];
  /** Delay between report-card reads while waiting for OAuth. */
  oauthDelays?: readonly number[];
}

const t = vscode.l10n.t;

/** Strings the webview shows; localised here because the webview has no l10n of its own. */
function uiText(): Record<string, string> {
  return {
    displayName: t('Display name'),
    displayNameHelp: t('How this source appears in Stitch. You can rename it later.'),
    schemaPreview: t('Destination schema'),
    schemaFixed: t('Stitch derives this name once, when the source is created; it can’t be changed later.'),
    advanced: t('Advanced settings'),
    advancedCaution: t('These settings are optional. Change them only if you know you need to.'),
    create: t('Create Source'),
    save: t('Save Changes'),
    saving: t('Saving…'),
    retry: t('Save and Retry Check'),
    required: t('required'),
    optional: t('optional'),
    credentialRetype: t('Credentials are never kept: retype them before retrying.'),
    savedCredential: t('Saved; leave empty to keep'),
    checking: t('Checking connection…'),
    checkSucceeded: t('Connection check passed.'),
    checkFailed: t('The connection check failed.'),
    checkAgain: t('Check Again'),
    selectStreams: t('Select Streams'),
    openInStitch: t('Authorize in Stitch'),
    openSourceInStitch: t('Open in Stitch'),
    refresh: t('I’ve Authorized: Refresh'),
    oauthTitle: t('Authorize Stitch'),
    oauthBody: t('This source needs authorization. Stitch’s API can’t complete an OAuth sign-in, so authorize it in Stitch’s web app (the button opens this source there). This panel checks every few seconds and moves on once Stitch reports the source authorized.'),
    oauthOwnApp: t('Or, if you use your own OAuth app, enter its credentials (or a refresh token) below and save.'),
    oauthWatching: t('Waiting for authorization…'),
    configured: t('This source is fully configured.'),
    fieldSelection: t('Next: choose the streams and fields to replicate.'),
    addRow: t('Add'),
    removeRow: t('Remove'),
    showLogs: t('Show Logs'),
    scheduleNote: t('Replication schedule'),
    scheduleInvalid: t('Fix the schedule, then try again.'),
    unavailable: t('This source type can’t be set up through the API.'),
    locked: t('Locked'),
    utc: t('UTC'),
    loading: t('Loading…'),
    errorsSummary: t('Fix the highlighted fields, then try again.'),
  };
}

export class SourceFormPanel implements vscode.Disposable {
  readonly channel: WebviewChannel;
  private card: ReportCard | undefined;
  private source: Source | undefined;
  private model: FormModel | undefined;
  private existingNames: string[] | undefined;
  private check: CheckView | undefined;
  private stage: Stage = 'loading';
  private banner: BannerView | undefined;
  private fieldErrors: Record<string, string> | undefined;
  private busy = false;
  private poller: CheckPoller | undefined;
  private oauthTimer: ReturnType<typeof setTimeout> | undefined;
  private oauthStartedAt = 0;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly keyChanged = new vscode.EventEmitter<{ from: string; to: string }>();
  readonly onDidChangeKey = this.keyChanged.event;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** The last full state sent (or that would have been sent): for tests and diagnostics. */
  lastState: SourceFormState | undefined;
  /** Settles when the current load (and any check it started watching) has been read. */
  loading: Promise<void> = Promise.resolve();
  /** Settles when the current connection-check watch ends. */
  watching: Promise<PollOutcome | undefined> = Promise.resolve(undefined);

  static create(deps: SourceFormDeps, key: PanelKey, column = vscode.ViewColumn.Active): SourceFormPanel {
    const title = key.kind === 'new' ? t('New {0} Source', isolateBidi(sourceTypeDisplayName(key.sourceType))) : t('Source {0}', String(key.sourceId));
    const panel = vscode.window.createWebviewPanel(SOURCE_FORM_VIEW_TYPE, title, column, webviewOptions(deps.extensionUri));
    return new SourceFormPanel(deps, panel, key);
  }

  constructor(private readonly deps: SourceFormDeps, readonly panel: vscode.WebviewPanel, private currentKey: PanelKey) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'stitch.svg');
    this.channel = new WebviewChannel(panel.webview, (reason) => deps.log.warn(`Source panel refused a message: ${reason}`));
    this.channel.handle('validate', (p) => this.onValidate(p));
    this.channel.handle('submit', (p) => this.onSubmit(p));
    this.channel.handle('refresh', (p) => { this.requireEmpty(p); this.reload(); return undefined; });
    this.channel.handle('checkAgain', (p) => { this.requireEmpty(p); return this.onCheckAgain(); });
    this.channel.handle('openInStitch', (p) => { this.requireEmpty(p); return this.onOpenInStitch(); });
    this.channel.handle('selectStreams', (p) => { this.requireEmpty(p); return this.onSelectStreams(); });
    this.channel.handle('showLogs', (p) => { this.requireEmpty(p); return vscode.commands.executeCommand('stitch.showLogs'); });
    // The embedded schedule editor asks only `schedule/preview`; previews allow the type's intervals only.
    registerScheduleHandlers(this.channel, { allowedFrequencies: () => this.scheduleSetup()?.frequencies.map((f) => f.value) });
    this.disposables.push(
      this.channel,
      this.keyChanged,
      this.disposedEmitter,
      this.channel.onDidBecomeReady(() => this.push()),
      panel.onDidChangeViewState(() => {
        // A hidden webview loses its page; it says `ready` again when shown, and gets the full state then.
        if (!panel.visible) this.channel.resetReady();
        if (panel.visible && this.stage === 'oauth') this.watchOAuth();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'sourceForm', panel.title);
    this.reload();
  }

  get key(): PanelKey { return this.currentKey; }
  get id(): string { return panelId(this.currentKey); }
  get currentStage(): Stage { return this.stage; }
  get sourceId(): number | undefined { return this.source?.id; }

  reveal(): void { this.panel.reveal(); }

  /** Re-reads the report card (and source) from Stitch, then shows it. */
  reload(): void {
    this.loading = this.load();
  }

  private requireEmpty(params: unknown): void {
    if (!isEmptyParams(params)) throw new RejectedMessageError('unexpected parameters');
  }

  /** Refuses (logged, counted) params with keys the webview never sends, or values for properties the report card lacks. */
  private requireKnown(params: { values: Record<string, unknown> }, keys: readonly string[]): void {
    if (Object.keys(params).some((k) => !keys.includes(k))) throw new RejectedMessageError('unexpected parameters');
    if (!this.model) return;
    const known = new Set(this.model.steps.flatMap((s) => s.properties).map((p) => p.name));
    if (Object.keys(params.values).some((name) => !known.has(name))) throw new RejectedMessageError('values for properties that are not in the report card');
  }

  /** The embedded schedule editor's setup (the type's intervals, the source's schedule as a draft), when the form has schedule fields. */
  private scheduleSetup(): ScheduleSetup | undefined {
    if (!this.model || !this.card || !hasScheduleFields(this.model)) return undefined;
    return scheduleSetupFor(this.card, this.source?.properties ?? {});
  }

  // ---- Loading --------------------------------------------------------------------------------

  private async load(): Promise<void> {
    this.stage = 'loading';
    this.banner = undefined;
    this.push();
    try {
      const client = this.deps.requireClient();
      if (this.currentKey.kind === 'new') {
        const [card, names] = await Promise.all([
          client.getSourceType(this.currentKey.sourceType),
          client.listSources().then((all) => all.map((s) => s.name)).catch(() => undefined),
        ]);
        this.card = card;
        this.existingNames = names;
        this.model = buildFormModel(card, { mode: 'create' });
        this.stage = !this.model.configurable ? 'unavailable' : 'form';
        if (card.details?.access === false) {
          this.stage = 'unavailable';
          this.banner = { kind: 'error', text: t('Your Stitch plan doesn’t include {0} (tier: {1}).', sourceTypeDisplayName(card.type), card.details.pricing_tier ?? '?') };
        } else if (!this.model.configurable) {
          this.banner = { kind: 'error', text: t('{0} is a legacy source type: it has no setup steps in the API.', card.type) };
        }
        this.push(true);
        return;
      }
      const source = await client.getSource(this.currentKey.sourceId);
      await this.adoptSource(source, true);
    } catch (error) {
      if (this.disposed) return;
      this.stage = this.model ? this.stage === 'loading' ? 'form' : this.stage : 'unavailable';
      this.banner = { kind: 'error', text: this.deps.redactor.redact(t("Couldn't load the source: {0}", describeFailure(error))) };
      this.deps.log.warn(`Source panel: load failed: ${describeFailure(error)}`);
      this.push();
    }
  }

  /** Takes a source as Stitch returned it: new baseline, stage from its report card, check watch. */
  private async adoptSource(source: Source, resetDraft: boolean, expectJobName?: string): Promise<void> {
    this.source = source;
    const client = this.deps.requireClient();
    this.card = source.report_card ?? this.card ?? (await client.getSourceType(source.type));
    this.model = buildFormModel(this.card, { mode: 'edit' });
    this.panel.title = isolateBidi(source.display_name);
    const stepType = this.model.currentStepType;
    if (stepType === 'discover_schema') {
      this.stage = 'checking';
      this.check ??= { status: 'running', phases: [{ name: 'check', title: t('Connection check'), status: 'running' }, { name: 'discovery', title: t('Discovery'), status: 'pending' }] };
      this.push(resetDraft);
      this.startWatching(expectJobName ?? source.check_job_name ?? undefined);
      return;
    }
    this.stage = stageFor(stepType, this.check);
    if (this.stage === 'oauth') this.watchOAuth(); else this.stopOAuth();
    this.push(resetDraft);
  }

  // ---- State to the webview -------------------------------------------------------------------

  private state(resetDraft: boolean): SourceFormState | undefined {
    const model = this.model;
    const sourceType = this.currentKey.kind === 'new' ? this.currentKey.sourceType : this.source?.type ?? '';
    const schedule = this.scheduleSetup();
    const base = {
      key: this.currentKey,
      mode: model?.mode ?? (this.currentKey.kind === 'new' ? 'create' : 'edit'),
      sourceType,
      typeLabel: isolateBidi(sourceTypeDisplayName(sourceType || 'source')),
      title: this.panel.title,
      stage: this.stage,
      steps: model ? stepViews(model) : [],
      currentStepIndex: model?.currentStepIndex ?? -1,
      configurable: model?.configurable ?? false,
      formStepTypes: model ? formStepTypes(model) : [],
      values: model ? initialValues(model, this.source) : {},
      displayName: this.source?.display_name ?? (this.currentKey.kind === 'new' && model ? suggestAvailableDisplayName(sourceTypeDisplayName(sourceType), this.existingNames ?? []) ?? '' : ''),
      canSelectStreams: this.stage === 'fieldSelection' || this.stage === 'configured',
      busy: this.busy,
      text: uiText(),
    } satisfies Partial<SourceFormState>;
    return {
      ...base,
      ...(this.source ? { schemaName: this.source.name } : {}),
      ...(this.check ? { check: this.check } : {}),
      ...(this.banner ? { banner: this.banner } : {}),
      ...(this.fieldErrors ? { fieldErrors: this.fieldErrors } : {}),
      ...(resetDraft ? { resetDraft: true } : {}),
      ...(model?.details?.pricing_tier ? { pricingTier: model.details.pricing_tier } : {}),
      ...(model?.details?.pipeline_state ? { pipelineState: model.details.pipeline_state } : {}),
      ...(schedule ? { schedule } : {}),
    };
  }

  /** Sends the full state if the webview is listening; otherwise it goes out on the next `ready`. */
  private push(resetDraft = false): void {
    if (this.disposed) return;
    const state = this.state(resetDraft);
    if (!state) return;
    this.lastState = state;
    if (this.channel.isReady) this.channel.emit('state', state);
  }

  // ---- Requests -------------------------------------------------------------------------------

  private onValidate(params: unknown): ValidateResult {
    if (!isValidateParams(params)) throw new RejectedMessageError('invalid validation request');
    this.requireKnown(params, ['seq', 'displayName', 'values', 'schedule']);
    if (!this.model) return { seq: params.seq, errors: {} };
    const result = checkForm(this.model, params.values, params.displayName, this.existingNames);
    // With the editor embedded the webview leaves the schedule fields out: they are the editor's to check.
    const errors = this.scheduleSetup() ? Object.fromEntries(Object.entries(result.errors).filter(([name]) => !isScheduleName(name) || name in params.values)) : result.errors;
    return {
      seq: params.seq,
      errors,
      ...(result.displayNameError ? { displayNameError: result.displayNameError } : {}),
      ...(result.namePreview ? { namePreview: result.namePreview } : {}),
    };
  }

  private async onSubmit(params: unknown): Promise<SubmitResult> {
    if (!isSubmitParams(params)) throw new RejectedMessageError('invalid submit request');
    this.requireKnown(params, ['displayName', 'values', 'schedule']);
    const model = this.model;
    if (!model || this.stage === 'loading' || this.stage === 'unavailable') return { ok: false, banner: { kind: 'error', text: t('The form isn’t ready yet.') } };
    if (this.busy) return { ok: false, banner: { kind: 'warning', text: t('Already saving; wait for it to finish.') } };
    // The embedded schedule editor's draft replaces whatever schedule fields the values carry.
    const draft = params.schedule;
    const setup = this.scheduleSetup();
    if (draft && !setup) throw new RejectedMessageError('a schedule draft for a form without schedule fields');
    let scheduleProperties: Record<string, string | null> | undefined;
    let raw = params.values;
    if (draft) {
      const scheduled = schedulePropertiesForDraft(draft, setup?.frequencies.map((f) => f.value));
      if (!scheduled.ok) {
        return { ok: false, scheduleError: { kind: 'invalid', message: scheduled.message, field: scheduled.field }, banner: { kind: 'error', text: t('Fix the highlighted fields, then try again.') } };
      }
      scheduleProperties = scheduled.properties;
      const set = Object.fromEntries(Object.entries(scheduled.properties).filter(([, v]) => v !== null));
      raw = { ...withoutScheduleFields(params.values), ...set };
    }
    const checked = checkForm(model, raw, params.displayName, this.existingNames);
    if (Object.keys(checked.errors).length > 0 || checked.displayNameError) {
      const [field, message] = draft ? Object.entries(onlyScheduleFields(checked.errors))[0] ?? [] : [];
      return {
        ok: false, errors: draft ? withoutScheduleFields(checked.errors) : checked.errors,
        ...(checked.displayNameError ? { displayNameError: checked.displayNameError } : {}),
        ...(field && message ? { scheduleError: { kind: 'invalid' as const, message, field: field as ScheduleErrorView['field'] } } : {}),
        banner: { kind: 'error', text: t('Fix the highlighted fields, then try again.') },
      };
    }
    this.busy = true;
    this.banner = undefined;
    this.fieldErrors = undefined;
    this.push();
    try {
      const client = this.deps.requireClient();
      if (model.mode === 'create' && this.currentKey.kind === 'new') {
        const properties = scheduleProperties
          ? { ...withoutScheduleFields(buildPayload(model, checked.values)), ...scheduleChanges(scheduleProperties) }
          : buildPayload(model, checked.values);
        for (const v of Object.values(properties)) if (typeof v === 'string') this.deps.redactor.add(v);
        const created = await client.createSource({ type: this.currentKey.sourceType, display_name: params.displayName, properties: properties as Record<string, string> });
        this.deps.log.info(`Created source ${created.id} (${created.type})`);
        const from = this.id;
        this.currentKey = { kind: 'source', sourceId: created.id };
        this.keyChanged.fire({ from, to: this.id });
        this.deps.sourceChanged(created.id);
        this.busy = false;
        this.check = undefined;
        await this.adoptSource(created, true, created.check_job_name ?? undefined);
        return { ok: true };
      }
      const source = this.source;
      if (!source) throw new Error(t('The source isn’t loaded.'));
      const properties = scheduleProperties
        // The schedule comes from the draft alone (buildPayload would read its absent fields as cleared).
        ? { ...withoutScheduleFields(buildPayload(model, checked.values, source.properties)), ...scheduleChanges(scheduleProperties, source.properties) }
        : buildPayload(model, checked.values, source.properties);
      const renamed = params.displayName !== source.display_name;
      if (Object.keys(properties).length === 0 && !renamed) {
        this.busy = false;
        this.push();
        const text = this.stage === 'checkFailed'
          ? t('Nothing changed. Stitch runs a new connection check only when a connection setting changes: retype the credentials (they are never kept) or fix a setting, then retry.')
          : t('Nothing to save: no setting changed.');
        return { ok: false, banner: { kind: 'info', text } };
      }
      const credentialNames = model.steps.flatMap((s) => s.properties).filter((p) => p.credential).map((p) => p.name);
      for (const name of credentialNames) { const v = properties[name]; if (typeof v === 'string') this.deps.redactor.add(v); }
      const updated = await client.updateSource(source.id, {
        ...(renamed ? { display_name: params.displayName } : {}),
        ...(Object.keys(properties).length > 0 ? { properties: properties as Record<string, string> } : {}),
      });
      this.deps.log.info(`Updated source ${source.id}: ${Object.keys(properties).join(', ') || 'display name'}`);
      this.deps.sourceChanged(source.id);
      this.busy = false;
      const newCheck = updated.check_job_name && updated.check_job_name !== source.check_job_name;
      if (newCheck) this.check = undefined;
      this.banner = { kind: 'success', text: t('Saved.') };
      await this.adoptSource(updated, true, updated.check_job_name ?? undefined);
      return { ok: true };
    } catch (error) {
      this.busy = false;
      // Deleted elsewhere (another window, the web app): Stitch answers InvalidId, which says nothing useful.
      const sourceId = this.currentKey.kind === 'source' ? this.currentKey.sourceId : undefined;
      if (sourceId !== undefined && StitchApiError.is(error, 'not_found') && (await this.deletedElsewhere(sourceId))) {
        this.banner = { kind: 'error', text: t("Couldn't save the source: it was deleted in Stitch (from another window or the web app). What you typed is still in this form.") };
        this.deps.log.warn(`Source panel: save the source failed: source ${sourceId} was deleted elsewhere`);
        this.push();
        return { ok: false, banner: this.banner };
      }
      return this.submitFailed(error, draft);
    }
  }

  /** Whether the source is gone: soft-deleted, or unknown to Stitch. */
  private async deletedElsewhere(sourceId: number): Promise<boolean> {
    try {
      return Boolean((await this.deps.requireClient().getSource(sourceId)).deleted_at);
    } catch (error) {
      return StitchApiError.is(error, 'not_found');
    }
  }

  private submitFailed(error: unknown, draft?: ScheduleDraft): SubmitResult {
    const action = this.currentKey.kind === 'new' ? t('create the source') : t('save the source');
    // A cron AccessDenied is the plan limitation; a rejected schedule value points at its field.
    const failure = draft ? classifySaveFailure(error, draft, (e) => this.deps.redactor.redact(describeFailure(e)), t) : undefined;
    const scheduleError: ScheduleErrorView | undefined = failure && (failure.kind === 'plan' || failure.field)
      ? { kind: failure.kind, message: failure.message, ...(failure.field ? { field: failure.field } : {}) }
      : undefined;
    if (StitchApiError.is(error, 'invalid_properties') && this.model) {
      const mapped = mapBadProperties(this.model, error.badProperties ?? []);
      const errors = draft ? withoutScheduleFields(mapped.errors) : mapped.errors;
      const extra = mapped.unknown.length > 0 ? ` ${t('Also rejected: {0}.', mapped.unknown.join(', '))}` : '';
      this.banner = { kind: 'error', text: this.deps.redactor.redact(t("Couldn't {0}: Stitch rejected some values.", action) + extra) };
      this.fieldErrors = errors;
      this.push();
      return { ok: false, errors, banner: this.banner, ...(scheduleError ? { scheduleError } : {}) };
    }
    if (scheduleError) {
      this.banner = { kind: 'error', text: this.deps.redactor.redact(t("Couldn't {0}: {1}", action, scheduleError.message)) };
      this.deps.log.warn(`Source panel: ${action} failed on the schedule: ${describeFailure(error)}`);
      this.push();
      return { ok: false, banner: this.banner, scheduleError };
    }
    const nameError = StitchApiError.is(error) && (error.code === 'InvalidName' || error.code === 'InvalidDisplayName');
    this.banner = { kind: 'error', text: this.deps.redactor.redact(t("Couldn't {0}: {1}", action, describeFailure(error))) };
    this.deps.log.warn(`Source panel: ${action} failed: ${describeFailure(error)}`);
    this.push();
    return { ok: false, banner: this.banner, ...(nameError ? { displayNameError: this.deps.redactor.redact(describeFailure(error)) } : {}) };
  }

  private async onCheckAgain(): Promise<void> {
    if (!this.source) return;
    this.check = undefined;
    this.reload();
    await this.loading;
  }

  private async onOpenInStitch(): Promise<void> {
    const clientId = this.source?.stitch_client_id ?? (await this.deps.stitchClientId().catch(() => undefined));
    const url = this.source ? stitchWebUrl(clientId, this.source.id) : 'https://app.stitchdata.com/';
    await vscode.env.openExternal(vscode.Uri.parse(url));
    if (this.stage === 'oauth') this.watchOAuth();
  }

  private async onSelectStreams(): Promise<void> {
    if (!this.source) return;
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes('stitch.selectStreams')) {
      await vscode.commands.executeCommand('stitch.selectStreams', { sourceId: this.source.id });
      return;
    }
    const open = t('Open in Stitch');
    const choice = await vscode.window.showInformationMessage(t('Stream selection isn’t available in this version yet. Select streams for "{0}" in Stitch’s web app.', this.source.display_name), open);
    if (choice === open) await this.onOpenInStitch();
  }

  // ---- Connection check -----------------------------------------------------------------------

  private startWatching(expectJobName: string | undefined): void {
    this.poller?.cancel();
    const source = this.source;
    if (!source) return;
    const client = this.deps.requireClient();
    const poller = new CheckPoller({
      fetch: async (signal) => {
        try {
          return await client.getLastConnectionCheck(source.id, { signal });
        } catch (error) {
          if (StitchApiError.is(error, 'not_found')) return undefined; // not started yet
          throw error;
        }
      },
      onUpdate: (c) => this.onCheckUpdate(c),
      isTransient: (e) => !StitchApiError.is(e) || e.transient,
      ...(this.deps.checkDelays ? { delays: this.deps.checkDelays } : {}),
      ...(expectJobName ? { expectJobName } : {}),
    });
    this.poller = poller;
    this.watching = poller.run().then(async (outcome) => {
      if (this.poller === poller) this.poller = undefined;
      await this.onCheckEnded(outcome);
      return outcome;
    });
  }

  private onCheckUpdate(c: ConnectionCheck): void {
    this.check = checkView(c);
    this.stage = this.check.status === 'failed' ? 'checkFailed' : 'checking';
    if (this.channel.isReady && !this.disposed) this.channel.emit('check', { stage: this.stage, check: this.check });
    if (this.lastState) this.lastState = { ...this.lastState, stage: this.stage, check: this.check };
  }

  private async onCheckEnded(outcome: PollOutcome): Promise<void> {
    if (this.disposed || outcome.kind === 'cancelled') return;
    const source = this.source;
    if (!source) return;
    if (outcome.kind === 'timedOut' || outcome.kind === 'failed') {
      const why = outcome.kind === 'timedOut'
        ? t('Stitch is still checking after a long time. Check again later.')
        : t("Couldn't read the connection check: {0}", describeFailure(outcome.error));
      this.check = { ...(this.check ?? { status: 'unknown', phases: [] }), stalled: this.deps.redactor.redact(why) };
      this.push();
      return;
    }
    this.check = checkView(outcome.check);
    try {
      // The report card moves on once the check ends; read it so the stepper and stage agree.
      const fresh = await this.deps.requireClient().getSource(source.id);
      if (this.disposed) return;
      this.source = fresh;
      this.card = fresh.report_card ?? this.card;
      if (this.card) this.model = buildFormModel(this.card, { mode: 'edit' });
    } catch (error) {
      this.deps.log.warn(`Source panel: re-reading source ${source.id} failed: ${describeFailure(error)}`);
    }
    if (outcome.check.status === 'failed') {
      this.stage = 'checkFailed';
      this.banner = { kind: 'error', text: t('The connection check failed. Fix the settings below, retype the credentials, and retry.') };
    } else {
      this.stage = stageFor(this.model?.currentStepType, this.check);
      if (this.stage === 'checking') this.stage = 'fieldSelection';
      this.banner = undefined;
    }
    this.deps.sourceChanged(source.id);
    this.push();
  }

  // ---- OAuth ----------------------------------------------------------------------------------

  /** While the source waits for OAuth and the panel is visible, re-read it with back-off. */
  private watchOAuth(): void {
    if (this.oauthTimer || this.disposed) return;
    this.oauthStartedAt = Date.now();
    const delays = this.deps.oauthDelays ?? [3000, 5000, 8000, 10_000, 15_000];
    let attempt = 0;
    const tick = async (): Promise<void> => {
      this.oauthTimer = undefined;
      if (this.disposed || this.stage !== 'oauth' || !this.source) return;
      if (!this.panel.visible) return; // resumes when shown again
      if (Date.now() - this.oauthStartedAt > 30 * 60_000) return; // the Refresh button still works
      try {
        const fresh = await this.deps.requireClient().getSource(this.source.id);
        if (this.disposed) return;
        if (fresh.report_card?.current_step_type !== this.source.report_card?.current_step_type) {
          this.deps.sourceChanged(fresh.id);
          await this.adoptSource(fresh, false);
          return;
        }
      } catch (error) {
        this.deps.log.warn(`Source panel: waiting for OAuth: ${describeFailure(error)}`);
      }
      schedule();
    };
    const schedule = (): void => {
      const delay = delays[Math.min(attempt++, delays.length - 1)]!;
      this.oauthTimer = setTimeout(() => { void tick(); }, delay);
    };
    schedule();
  }

  private stopOAuth(): void {
    if (this.oauthTimer) clearTimeout(this.oauthTimer);
    this.oauthTimer = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.poller?.cancel();
    this.stopOAuth();
    this.disposedEmitter.fire();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
