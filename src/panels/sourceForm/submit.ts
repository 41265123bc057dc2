/**
 * The source form's validate and submit, the parts that need no panel: checking what the webview
 * sent (with the embedded schedule editor's draft turned into the schedule properties), the
 * properties to send, and reading a failure.
 */
import * as vscode from 'vscode';
import { StitchApiError } from '../../api';
import type { FormModel } from '../../core/reportCard';
import { describeFailure } from '../../feedback';
import type { ScheduleDraft, ScheduleSetup } from '../../protocol/schedule';
import type { FormValues, ScheduleErrorView, SubmitParams, SubmitResult, ValidateParams, ValidateResult } from '../../protocol/sourceForm';
import { classifySaveFailure } from '../schedule/logic';
import { schedulePropertiesForDraft } from '../schedule/handlers';
import { RejectedMessageError } from '../webviewChannel';
import {
  buildPayload, checkForm, isScheduleName, mapBadProperties, onlyScheduleFields, scheduleChanges, withoutScheduleFields,
} from './logic';

const t = vscode.l10n.t;

export type PreparedSubmit =
  | { ok: true; checked: ReturnType<typeof checkForm>; scheduleProperties: Record<string, string | null> | undefined }
  | { ok: false; result: SubmitResult };

/** The checked values to send, or the answer that stops the submit (nothing is sent then). */
export function prepareSubmit(model: FormModel, params: SubmitParams, setup: ScheduleSetup | undefined, existingNames: string[] | undefined): PreparedSubmit {
  const draft = params.schedule;
  let scheduleProperties: Record<string, string | null> | undefined;
  let raw = params.values;
  if (draft) {
    const scheduled = schedulePropertiesForDraft(draft, setup?.frequencies.map((f) => f.value));
    if (!scheduled.ok) {
      return { ok: false, result: { ok: false, scheduleError: { kind: 'invalid', message: scheduled.message, field: scheduled.field }, banner: { kind: 'error', text: t('Fix the highlighted fields, then try again.') } } };
    }
    scheduleProperties = scheduled.properties;
    const set = Object.fromEntries(Object.entries(scheduled.properties).filter(([, v]) => v !== null));
    raw = { ...withoutScheduleFields(params.values), ...set };
  }
  const checked = checkForm(model, raw, params.displayName, existingNames);
  if (Object.keys(checked.errors).length > 0 || checked.displayNameError) {
    const [field, message] = draft ? Object.entries(onlyScheduleFields(checked.errors))[0] ?? [] : [];
    return {
      ok: false,
      result: {
        ok: false, errors: draft ? withoutScheduleFields(checked.errors) : checked.errors,
        ...(checked.displayNameError ? { displayNameError: checked.displayNameError } : {}),
        ...(field && message ? { scheduleError: { kind: 'invalid' as const, message, field: field as ScheduleErrorView['field'] } } : {}),
        banner: { kind: 'error', text: t('Fix the highlighted fields, then try again.') },
      },
    };
  }
  return { ok: true, checked, scheduleProperties };
}

export interface FailureContext {
  /** "create the source" or "save the source". */
  action: string;
  model: FormModel | undefined;
  draft: ScheduleDraft | undefined;
  redact(text: string): string;
}

/** How a failed create or save reads: the banner, field errors to show, and a line for the log. */
export function submitFailure(error: unknown, c: FailureContext): { result: SubmitResult & { banner: NonNullable<SubmitResult['banner']> }; fieldErrors?: Record<string, string>; log?: string } {
  const { action, draft } = c;
  // A cron AccessDenied is the plan limitation; a rejected schedule value points at its field.
  const failure = draft ? classifySaveFailure(error, draft, (e) => c.redact(describeFailure(e)), t) : undefined;
  const scheduleError: ScheduleErrorView | undefined = failure && (failure.kind === 'plan' || failure.field)
    ? { kind: failure.kind, message: failure.message, ...(failure.field ? { field: failure.field } : {}) }
    : undefined;
  if (StitchApiError.is(error, 'invalid_properties') && c.model) {
    const mapped = mapBadProperties(c.model, error.badProperties ?? []);
    const errors = draft ? withoutScheduleFields(mapped.errors) : mapped.errors;
    const extra = mapped.unknown.length > 0 ? ` ${t('Also rejected: {0}.', mapped.unknown.join(', '))}` : '';
    const banner = { kind: 'error' as const, text: c.redact(t("Couldn't {0}: Stitch rejected some values.", action) + extra) };
    return { result: { ok: false, errors, banner, ...(scheduleError ? { scheduleError } : {}) }, fieldErrors: errors };
  }
  if (scheduleError) {
    const banner = { kind: 'error' as const, text: c.redact(t("Couldn't {0}: {1}", action, scheduleError.message)) };
    return { result: { ok: false, banner, scheduleError }, log: `Source panel: ${action} failed on the schedule: ${describeFailure(error)}` };
  }
  const nameError = StitchApiError.is(error) && (error.code === 'InvalidName' || error.code === 'InvalidDisplayName');
  const banner = { kind: 'error' as const, text: c.redact(t("Couldn't {0}: {1}", action, describeFailure(error))) };
  return {
    result: { ok: false, banner, ...(nameError ? { displayNameError: c.redact(describeFailure(error)) } : {}) },
    log: `Source panel: ${action} failed: ${describeFailure(error)}`,
  };
}

/** Refuses (logged, counted) params with keys the webview never sends, or values for properties the report card lacks. */
export function requireKnownParams(params: { values: Record<string, unknown> }, keys: readonly string[], model: FormModel | undefined): void {
  if (Object.keys(params).some((k) => !keys.includes(k))) throw new RejectedMessageError('unexpected parameters');
  if (!model) return;
  const known = new Set(model.steps.flatMap((s) => s.properties).map((p) => p.name));
  if (Object.keys(params.values).some((name) => !known.has(name))) throw new RejectedMessageError('values for properties that are not in the report card');
}

/** The answer to one `sourceForm/validate`. */
export function validateForm(model: FormModel | undefined, params: ValidateParams, existingNames: string[] | undefined, scheduleEmbedded: boolean): ValidateResult {
  if (!model) return { seq: params.seq, errors: {} };
  const result = checkForm(model, params.values, params.displayName, existingNames);
  // With the editor embedded the webview leaves the schedule fields out: they are the editor's to check.
  const errors = scheduleEmbedded ? Object.fromEntries(Object.entries(result.errors).filter(([name]) => !isScheduleName(name) || name in params.values)) : result.errors;
  return {
    seq: params.seq,
    errors,
    ...(result.displayNameError ? { displayNameError: result.displayNameError } : {}),
    ...(result.namePreview ? { namePreview: result.namePreview } : {}),
  };
}

/** The properties a create (no `saved`) or an update sends; with a schedule draft, the schedule comes from it alone. */
export function propertiesToSend(model: FormModel, values: FormValues, scheduleProperties: Record<string, string | null> | undefined, saved?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!scheduleProperties) return saved ? buildPayload(model, values, saved) : buildPayload(model, values);
  // buildPayload would read the draft's absent schedule fields as cleared.
  return saved
    ? { ...withoutScheduleFields(buildPayload(model, values, saved)), ...scheduleChanges(scheduleProperties, saved) }
    : { ...withoutScheduleFields(buildPayload(model, values)), ...scheduleChanges(scheduleProperties) };
}

/** Why a save that changes nothing sends nothing (after a failed check, what to do instead). */
export function nothingToSave(checkFailed: boolean): string {
  return checkFailed
    ? t('Nothing changed. Stitch runs a new connection check only when a connection setting changes: retype the credentials (they are never kept) or fix a setting, then retry.')
    : t('Nothing to save: no setting changed.');
}
