import * as vscode from 'vscode';
import { StitchApiError, type StitchClient } from '../../api';
import type { ConnectionCheck, ReportCard, Source } from '../../api/types';
import { sourceTypeDisplayName } from '../../core/displayNames';
import { isolateBidi } from '../../core/displayText';
import type { Redactor } from '../../core/redaction';
import { buildFormModel, type FormModel } from '../../core/reportCard';
import { describeFailure } from '../../feedback';
import type { ScheduleDraft, ScheduleSetup } from '../../protocol/schedule';
import {
  SOURCE_FORM_VIEW_TYPE,
  type BannerView, type CheckView, type PanelKey, type SourceFormEvents, type SourceFormRequests, type SourceFormState,
  type Stage, type SubmitParams, type SubmitResult, type ValidateParams, type ValidateResult,
} from '../../protocol/sourceForm';
import { isGone, PANEL_LOAD_MAX_AGE_MS, PanelHost, type PanelHostDeps } from '../panelHost';
import { registerScheduleHandlers, scheduleSetupFor } from '../schedule/handlers';
import { isNoParams, RejectedMessageError } from '../webviewChannel';
import { webviewOptions } from '../webviewHtml';
import type { ConnectionCheckReader } from '../../state/checkStore';
import type { PollOutcome } from './checkPoller';
import { CheckWatch } from './checkWatch';
import { formState } from './formState';
import { openInStitch, selectStreams } from './actions';
import { checkView, hasScheduleFields, isSubmitParams, isValidateParams, panelId, stageFor, updateBody } from './logic';
import { OAuthWatch } from './oauthWatch';
import { stalledText } from './sourceFormText';
import { loadNewSourceForm } from './newForm';
import { nothingToSave, prepareSubmit, propertiesToSend, requireKnownParams, submitFailure, validateForm } from './submit';
import { chose, destinationChoiceView, destinationToSend, loadDestinationChoice, withDestination, type ChoiceDeps, type DestinationChoice } from './destinationChoice';

/** What the panel needs from the extension; narrow so tests can build one against the emulator. */
export interface SourceFormDeps extends PanelHostDeps, ChoiceDeps {
  /** The active account's client; throws (NotSignedInError) when signed out. */
  requireClient(): StitchClient;
  stitchClientId(): Promise<number | undefined>;
  redactor: Redactor;
  /** The account's last connection checks: the form's polls share reads with the Sources tree's. */
  checks: ConnectionCheckReader;
  /** Poll delays (ms) for the connection check; tests shorten them. */
  checkDelays?: readonly number[];
  /** Delay between report-card reads while waiting for OAuth. */
  oauthDelays?: readonly number[];
  /** The account's sources, for the names a new source can't take (default: asks the client). */
  listSources?(): Promise<Source[]>;
}

const t = vscode.l10n.t;

export class SourceFormPanel extends PanelHost<SourceFormRequests, SourceFormEvents> {
  private card: ReportCard | undefined;
  private source: Source | undefined;
  private model: FormModel | undefined;
  private existingNames: string[] | undefined;
  private destinations: DestinationChoice | undefined;
  private check: CheckView | undefined;
  private stage: Stage = 'loading';
  private banner: BannerView | undefined;
  private fieldErrors: Record<string, string> | undefined;
  private busy = false;
  private readonly checkWatch: CheckWatch;
  private readonly oauth: OAuthWatch;
  /** Reads of the source this panel itself made (their answers are not changes elsewhere). */
  private ownReads = 0;
  private loads = 0; // counts loads: only the latest one's answers are shown
  private readonly keyChanged = new vscode.EventEmitter<{ from: string; to: string }>();
  readonly onDidChangeKey = this.keyChanged.event;
  private sentState: SourceFormState | undefined;
  private currentLoad: Promise<void> = Promise.resolve();

  static create(deps: SourceFormDeps, key: PanelKey, column = vscode.ViewColumn.Active): SourceFormPanel {
    const title = key.kind === 'new' ? t('New {0} Source', isolateBidi(sourceTypeDisplayName(key.sourceType))) : t('Source {0}', String(key.sourceId));
    const panel = vscode.window.createWebviewPanel(SOURCE_FORM_VIEW_TYPE, title, column, webviewOptions(deps.extensionUri));
    return new SourceFormPanel(deps, panel, key);
  }

  constructor(private readonly deps: SourceFormDeps, panel: vscode.WebviewPanel, private currentKey: PanelKey) {
    super(deps, panel, 'sourceForm', 'Source panel');
    this.oauth = new OAuthWatch(deps.oauthDelays ?? [3000, 5000, 8000, 10_000, 15_000],
      () => !this.disposed && this.stage === 'oauth' && this.source !== undefined, () => this.panel.visible, () => this.readOAuth());
    this.checkWatch = new CheckWatch({ checks: deps.checks, delays: deps.checkDelays, onUpdate: (c) => this.onCheckUpdate(c), onEnded: (o) => this.onCheckEnded(o) });
    this.channel.handle('sourceForm/validate', isValidateParams, (p) => this.onValidate(p));
    this.channel.handle('sourceForm/submit', isSubmitParams, (p) => this.onSubmit(p));
    this.channel.handle('sourceForm/refresh', isNoParams, () => { this.reload(); });
    this.channel.handle('sourceForm/checkAgain', isNoParams, () => this.onCheckAgain());
    this.channel.handle('sourceForm/openInStitch', isNoParams, () => this.onOpenInStitch());
    this.channel.handle('sourceForm/selectStreams', isNoParams, async () => { if (this.source && !(await selectStreams(this.source))) await this.onOpenInStitch(); });
    this.channel.handle('sourceForm/showLogs', isNoParams, async () => { await vscode.commands.executeCommand('stitch.showLogs'); });
    // The embedded schedule editor asks only `schedule/preview`; previews allow the type's intervals only.
    registerScheduleHandlers(this.channel.as<SourceFormRequests>(), { allowedFrequencies: () => this.scheduleSetup()?.frequencies.map((f) => f.value) });
    this.disposables.push(this.keyChanged);
    if (currentKey.kind === 'source') this.follow(currentKey.sourceId);
    this.show();
    this.reload();
  }

  get key(): PanelKey { return this.currentKey; }
  get id(): string { return panelId(this.currentKey); }
  get currentStage(): Stage { return this.stage; }
  get sourceId(): number | undefined { return this.source?.id; }
  /** The last full state sent (or that would have been sent). */
  get lastState(): SourceFormState | undefined { return this.sentState; }
  /** Settles when the current load (and any check it started watching) has been read. */
  get loading(): Promise<void> { return this.currentLoad; }
  /** Settles when the current connection-check watch ends. */
  get watching(): Promise<PollOutcome | undefined> { return this.checkWatch.watching; }

  /** Re-reads the report card (and source) from Stitch, then shows it. */
  reload(): void { this.currentLoad = this.load(); }

  /** The embedded schedule editor's setup (the type's intervals, the source's schedule as a draft), when the form has schedule fields. */
  private scheduleSetup(): ScheduleSetup | undefined {
    if (!this.model || !this.card || !hasScheduleFields(this.model)) return undefined;
    return scheduleSetupFor(this.card, this.source?.properties ?? {}, this.source?.created_at);
  }

  // ---- Loading --------------------------------------------------------------------------------

  private async load(): Promise<void> {
    // A newer load (another account, a Refresh) supersedes this one: its answers are older news.
    const generation = ++this.loads;
    const superseded = () => this.disposed || generation !== this.loads;
    this.stage = 'loading';
    this.banner = undefined;
    this.push();
    try {
      const client = this.deps.requireClient();
      if (this.currentKey.kind === 'new') {
        const form = await loadNewSourceForm(client, this.currentKey.sourceType, this.deps.listSources);
        if (superseded()) return;
        ({ card: this.card, existingNames: this.existingNames, model: this.model, stage: this.stage, banner: this.banner } = form);
        const destinations = await loadDestinationChoice(this.deps, undefined);
        if (superseded()) return;
        this.destinations = destinations;
        this.push(true);
        return;
      }
      const source = await this.read(this.currentKey.sourceId, PANEL_LOAD_MAX_AGE_MS);
      const destinations = await loadDestinationChoice(this.deps, source);
      if (superseded()) return;
      this.destinations = destinations;
      await this.adoptSource(source, true);
    } catch (error) {
      if (superseded()) return;
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
      // A save's answer named the check (expectJobName): it has just started, so the first look waits.
      this.checkWatch.start(source.id, expectJobName ?? source.check_job_name ?? undefined, expectJobName !== undefined);
      return;
    }
    this.stage = stageFor(stepType, this.check);
    if (this.stage === 'oauth') this.oauth.start(); else this.oauth.stop();
    this.push(resetDraft);
  }

  // ---- State to the webview -------------------------------------------------------------------

  private state(resetDraft: boolean): SourceFormState {
    return formState({
      key: this.currentKey, model: this.model, source: this.source, existingNames: this.existingNames, title: this.panel.title,
      stage: this.stage, busy: this.busy, check: this.check, banner: this.banner, fieldErrors: this.fieldErrors,
      schedule: this.scheduleSetup(), resetDraft, destinations: destinationChoiceView(this.destinations, t('connection check failed')),
    });
  }

  /** Sends the full state if the webview is listening; otherwise it goes out on the next `ready`. */
  private push(resetDraft = false): void {
    if (this.disposed) return;
    const state = this.state(resetDraft);
    this.sentState = state;
    if (this.channel.isReady) this.channel.emit('sourceForm/state', state);
  }

  // ---- Requests -------------------------------------------------------------------------------

  private onValidate(params: ValidateParams): ValidateResult {
    requireKnownParams(params, ['seq', 'displayName', 'values', 'schedule'], this.model);
    return validateForm(this.model, params, this.existingNames, this.scheduleSetup() !== undefined);
  }

  private async onSubmit(params: SubmitParams): Promise<SubmitResult> {
    requireKnownParams(params, ['displayName', 'values', 'schedule', 'destinationId'], this.model);
    const model = this.model;
    const destinationId = destinationToSend(this.destinations, params.destinationId, model?.mode ?? 'edit', (why) => { throw new RejectedMessageError(why); });
    if (!model || this.stage === 'loading' || this.stage === 'unavailable') return { ok: false, banner: { kind: 'error', text: t('The form isn’t ready yet.') } };
    if (this.busy) return { ok: false, banner: { kind: 'warning', text: t('Already saving; wait for it to finish.') } };
    // The embedded schedule editor's draft replaces whatever schedule fields the values carry.
    const draft = params.schedule;
    const setup = this.scheduleSetup();
    if (draft && !setup) throw new RejectedMessageError('a schedule draft for a form without schedule fields');
    const prepared = prepareSubmit(model, params, setup, this.existingNames);
    if (!prepared.ok) return prepared.result;
    const { checked, scheduleProperties } = prepared;
    this.busy = true;
    this.banner = undefined;
    this.fieldErrors = undefined;
    this.push();
    try {
      const client = this.deps.requireClient();
      if (model.mode === 'create' && this.currentKey.kind === 'new') {
        const properties = propertiesToSend(model, checked.values, scheduleProperties);
        for (const v of Object.values(properties)) if (typeof v === 'string') this.deps.redactor.add(v);
        const created = await client.createSource({ type: this.currentKey.sourceType, display_name: params.displayName, properties: properties as Record<string, string>, ...withDestination(destinationId) });
        this.deps.log.info(`Created source ${created.id} (${created.type})`);
        this.destinations = chose(this.destinations, destinationId);
        const from = this.id;
        this.currentKey = { kind: 'source', sourceId: created.id };
        this.keyChanged.fire({ from, to: this.id });
        this.busy = false;
        await this.adoptAnswer(created, Boolean(created.check_job_name), () => this.follow(created.id));
        return { ok: true };
      }
      const source = this.source;
      if (!source) throw new Error(t('The source isn’t loaded.'));
      if (this.sourceGone) return this.deletedElsewhereResult(source.id);
      const properties = propertiesToSend(model, checked.values, scheduleProperties, source.properties);
      const body = updateBody(source, params.displayName, properties, destinationId);
      if (!body) {
        this.busy = false;
        this.push();
        return { ok: false, banner: { kind: 'info', text: nothingToSave(this.stage === 'checkFailed') } };
      }
      const credentialNames = model.steps.flatMap((s) => s.properties).filter((p) => p.credential).map((p) => p.name);
      for (const name of credentialNames) { const v = properties[name]; if (typeof v === 'string') this.deps.redactor.add(v); }
      const updated = await client.updateSource(source.id, body);
      this.deps.log.info(`Updated source ${source.id}: ${Object.keys(body).join(', ')}`);
      this.destinations = chose(this.destinations, destinationId);
      this.busy = false;
      this.banner = { kind: 'success', text: t('Saved.') };
      await this.adoptAnswer(updated, Boolean(updated.check_job_name && updated.check_job_name !== source.check_job_name));
      return { ok: true };
    } catch (error) {
      this.busy = false;
      // Deleted elsewhere (another window, the web app): Stitch answers InvalidId, which says nothing useful.
      const sourceId = this.currentKey.kind === 'source' ? this.currentKey.sourceId : undefined;
      if (sourceId !== undefined && StitchApiError.is(error, 'not_found') && (await this.deletedElsewhere(sourceId))) {
        return this.deletedElsewhereResult(sourceId);
      }
      return this.submitFailed(error, draft);
    }
  }

  /**
   * A create's or save's answer. A check it started is running, as the answer says: the store learns
   * it (the Sources tree shows it unread) and the watch's first look waits. Then the store gets the source.
   */
  private async adoptAnswer(answer: Source, startedCheck: boolean, beforeAccept?: () => void): Promise<void> {
    if (startedCheck) {
      this.check = undefined;
      this.deps.checks.started(answer.id, answer.check_job_name!);
    }
    await this.adoptSource(answer, true, startedCheck ? answer.check_job_name! : undefined);
    beforeAccept?.();
    this.deps.feed.accept(answer);
  }

  /** Whether the source is gone: soft-deleted, or unknown to Stitch (the store learns it too). */
  private deletedElsewhere(sourceId: number): Promise<boolean> {
    return this.read(sourceId, 0).then((source) => isGone(source), (error: unknown) => isGone(undefined, error));
  }

  private deletedElsewhereResult(sourceId: number): SubmitResult {
    this.busy = false;
    this.banner = { kind: 'error', text: t("Couldn't save the source: it was deleted in Stitch (from another window or the web app). What you typed is still in this form.") };
    this.deps.log.warn(`Source panel: save the source failed: source ${sourceId} was deleted elsewhere`);
    this.push();
    this.sendStatus();
    return { ok: false, banner: this.banner };
  }

  private submitFailed(error: unknown, draft?: ScheduleDraft): SubmitResult {
    const action = this.currentKey.kind === 'new' ? t('create the source') : t('save the source');
    const failure = submitFailure(error, { action, model: this.model, draft, redact: (text) => this.deps.redactor.redact(text) });
    if (failure.log) this.deps.log.warn(failure.log);
    this.banner = failure.result.banner;
    if (failure.fieldErrors) this.fieldErrors = failure.fieldErrors;
    this.push();
    return failure.result;
  }

  private async onCheckAgain(): Promise<void> {
    if (!this.source) return;
    this.check = undefined;
    this.reload();
    await this.loading;
  }

  private async onOpenInStitch(): Promise<void> {
    await openInStitch(this.source, this.deps.stitchClientId);
    if (this.stage === 'oauth') this.oauth.start();
  }

  // ---- Connection check -----------------------------------------------------------------------

  private onCheckUpdate(c: ConnectionCheck): void {
    this.check = checkView(c);
    this.stage = this.check.status === 'failed' ? 'checkFailed' : 'checking';
    if (this.channel.isReady && !this.disposed) this.channel.emit('sourceForm/check', { stage: this.stage, check: this.check });
    if (this.sentState) this.sentState = { ...this.sentState, stage: this.stage, check: this.check };
  }

  private async onCheckEnded(outcome: PollOutcome): Promise<void> {
    if (this.disposed || outcome.kind === 'cancelled') return;
    const source = this.source;
    if (!source) return;
    if (outcome.kind === 'timedOut' || outcome.kind === 'failed') {
      this.check = { ...(this.check ?? { status: 'unknown', phases: [] }), stalled: this.deps.redactor.redact(stalledText(outcome)) };
      this.push();
      return;
    }
    this.check = checkView(outcome.check);
    try {
      // The report card moves on once the check ends; read it so the stepper and stage agree.
      const fresh = await this.read(source.id, 0);
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
    this.push();
  }

  // ---- Following the store -------------------------------------------------------------------

  /** The source changed elsewhere (another window, the web app, a tree command): new facts, same draft. */
  protected override onSourceChanged(source: Source | undefined, gone: boolean): void {
    if (this.busy || this.currentKey.kind !== 'source') return;
    // Another account: read again, even over a read of ours still out (its answer is the old account's).
    if (!source && !gone) { this.reload(); return; }
    if (this.ownReads > 0) return;
    if (gone) {
      this.checkWatch.cancel();
      this.oauth.stop();
      this.push();
      return;
    }
    if (!source || source === this.source) return;
    this.adoptSource(source, false).catch((error: unknown) => this.deps.log.warn(`Source panel: following source ${source.id} failed: ${describeFailure(error)}`));
  }

  /** Reads the source through the store; our own reads are not "changes elsewhere". */
  private async read(id: number, maxAgeMs: number): Promise<Source> {
    this.ownReads++;
    try { return await this.deps.feed.get(id, { maxAgeMs }); } finally { this.ownReads--; }
  }

  /** One OAuth re-read: true once the source moved on. */
  private async readOAuth(): Promise<boolean> {
    const before = this.source;
    if (!before) return true;
    try {
      const fresh = await this.read(before.id, 0);
      if (this.disposed) return true;
      if (fresh.report_card?.current_step_type !== before.report_card?.current_step_type) {
        await this.adoptSource(fresh, false);
        return true;
      }
    } catch (error) {
      this.deps.log.warn(`Source panel: waiting for OAuth: ${describeFailure(error)}`);
    }
    return false;
  }

  protected override onVisibility(visible: boolean): void {
    if (visible && this.stage === 'oauth') this.oauth.start();
  }

  protected override onReady(): void { this.push(); }

  protected override onDispose(): void {
    this.checkWatch.cancel();
    this.oauth.stop();
  }
}
