/**
 * The destination setup panel's pure half, on the source form's machinery (report card → form model,
 * validation, credential rules, payloads): what differs for a destination is here. A destination's
 * name is free text (no schema name is derived from it), it has one step (form → fully_configured),
 * and its connection check has no discovery. No `vscode` import.
 */
import type { ConnectionCheck, Destination } from '../../api/types';
import { destinationTypeName } from '../../core/destinationNames';
import type { FormModel } from '../../core/reportCard';
import { validateDisplayName } from '../../core/sourceName';
import type { BannerView, CheckView, FormValues, PanelKey, SourceFormState, Stage, ValidateParams, ValidateResult } from '../../protocol/sourceForm';
import type { CheckState } from '../../state/destinationStore';
import { commonFormState } from '../sourceForm/formState';
import { checkForm, initialValues, isSourceId, isSourceTypeId } from '../sourceForm/logic';

/** A new destination of a type, or an existing destination (the shared form's key: sourceType/sourceId name the destination's). */
export type DestinationKey = { kind: 'new'; destinationType: string } | { kind: 'destination'; destinationId: number };

export const DESTINATION_FORM_VIEW_TYPE = 'stitch.destinationForm';

export function formKey(key: DestinationKey): PanelKey {
  return key.kind === 'new' ? { kind: 'new', sourceType: key.destinationType } : { kind: 'source', sourceId: key.destinationId };
}

export function destinationPanelId(key: DestinationKey): string {
  return key.kind === 'new' ? `new:${key.destinationType}` : `destination:${key.destinationId}`;
}

/** The key a restored webview saved (the shared form's key), checked. */
export function destinationKeyFromState(state: unknown): DestinationKey | undefined {
  const key = (state as { key?: { kind?: unknown; sourceType?: unknown; sourceId?: unknown } } | undefined)?.key;
  if (key?.kind === 'new' && isSourceTypeId(key.sourceType)) return { kind: 'new', destinationType: key.sourceType };
  if (key?.kind === 'source' && isSourceId(key.sourceId)) return { kind: 'destination', destinationId: key.sourceId };
  return undefined;
}

export function destinationIdFromArg(arg: unknown): number | undefined {
  if (isSourceId(arg)) return arg;
  const rec = arg as { destinationId?: unknown; entry?: { destination?: { id?: unknown } } } | undefined;
  if (isSourceId(rec?.destinationId)) return rec.destinationId;
  if (isSourceId(rec?.entry?.destination?.id)) return rec.entry.destination.id;
  return undefined;
}

/** Values a form starts from: the saved ones (never credentials), or for a new one Stitch's own default: no SSH tunnel. */
export function destinationInitialValues(model: FormModel, destination: Destination | undefined): FormValues {
  const values = initialValues(model, destination);
  if (!destination && model.steps.some((s) => s.properties.some((p) => p.name === 'encryption_type'))) values.encryption_type = 'none';
  return values;
}

/** A destination's check has one phase: Stitch logs in to the warehouse. */
export function destinationCheckView(check: ConnectionCheck, title: string): CheckView {
  const status = check.status === 'running' || check.status === 'succeeded' || check.status === 'failed' ? check.status : 'unknown';
  const message = check.discovery_error_message ?? check.target_error_message ?? check.tap_error_message ?? undefined;
  return {
    status,
    phases: [{ name: 'check', title, status: status === 'unknown' ? 'pending' : status }],
    ...(message ? { message } : {}),
    ...(check.start_time ? { startedAt: check.start_time } : {}),
    ...(check.completion_time ? { completedAt: check.completion_time } : {}),
  };
}

export function stageForCheck(state: CheckState | undefined): Stage {
  return state === 'succeeded' ? 'configured' : state === 'failed' ? 'checkFailed' : state === 'running' ? 'checking' : 'form';
}

/** The answer to one validate: the form's checks; the name only needs to be a usable name. */
export function validateDestinationForm(model: FormModel | undefined, params: ValidateParams): ValidateResult {
  return checkDestinationForm(model, params).result;
}

/** The checks, and the typed values to send. A system-provided value (S3's sentinel key) left blank is Stitch's to fill. */
export function checkDestinationForm(model: FormModel | undefined, params: ValidateParams): { result: ValidateResult; values: FormValues } {
  if (!model) return { result: { seq: params.seq, errors: {} }, values: {} };
  const checked = checkForm(model, params.values, params.displayName, undefined);
  const systemProvided = new Set(model.steps.flatMap((s) => s.properties).filter((p) => p.propertyType === 'system_provided_by_default').map((p) => p.name));
  const errors = Object.fromEntries(Object.entries(checked.errors).filter(([name]) => !(systemProvided.has(name) && isBlankValue(params.values[name]))));
  const nameProblem = validateDisplayName(params.displayName);
  return { result: { seq: params.seq, errors, ...(nameProblem ? { displayNameError: nameProblem } : {}) }, values: checked.values };
}

const isBlankValue = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export interface DestinationFacts {
  key: DestinationKey;
  type: string;
  model: FormModel | undefined;
  destination: Destination | undefined;
  title: string;
  stage: Stage;
  busy: boolean;
  check: CheckView | undefined;
  banner: BannerView | undefined;
  fieldErrors: Record<string, string> | undefined;
  resetDraft: boolean;
}

/** The state the shared form webview renders (never a credential value). */
export function destinationFormState(f: DestinationFacts): SourceFormState {
  const { model, destination } = f;
  return {
    ...commonFormState({ ...f, isNew: f.key.kind === 'new' }),
    key: formKey(f.key),
    sourceType: f.type,
    typeLabel: destinationTypeName(f.type),
    values: model ? destinationInitialValues(model, destination) : {},
    displayName: destination?.name ?? (f.key.kind === 'new' ? destinationTypeName(f.type) : ''),
    canSelectStreams: false,
    subject: 'destination',
  };
}
