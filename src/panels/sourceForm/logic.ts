/**
 * The pure half of the source setup panel: guards for what the webview sends, the values a form
 * starts with, validation and payload building on top of src/core, and the mapping of connection
 * checks and report cards to what the panel shows. No `vscode` import, so it is unit-tested in Node.
 */

import type { ConnectionCheck, Source, UpdateSourceBody } from '../../api/types';
import { isBoolean, isDataRecord, isFiniteNumber, isRecord, isShortString, isString } from '../../core/guards';
import { dict, own, put } from '../../core/dict';
import { quickRulesFor, type QuickRules } from '../../core/quickRules';
import { SCHEDULE_PROPERTY_NAMES, type FormModel, type PropertyModel } from '../../core/reportCard';
import { checkSourceName, suggestAvailableDisplayName, validateDisplayName } from '../../core/sourceName';
// Through the lazy loader: ajv loads the first time a form validates, not at activation.
import { buildPropertiesPayload, isBlank, validateForm } from '../../core/lazyValidation';
// The guard only (no vscode): this module stays testable in plain Node.
import { isScheduleDraft } from '../schedule/logic';
import type {
  CheckView, FieldView, FormValues, NamePreview, PanelKey, PhaseStatus, SourceFormDraft, Stage, StepView, SubmitParams, ValidateParams,
} from '../../protocol/sourceForm';

// ---- Guards -------------------------------------------------------------------------------------

export const MAX_VALUE_CHARS = 100_000;
export const MAX_FIELDS = 500;
export const MAX_LIST_ITEMS = 1_000;
/** Property names and type ids come from cards: any text up to the size of a value. */
export const MAX_NAME_CHARS = MAX_VALUE_CHARS;
const isDisplayName = isShortString(1_000);

function isScalarValue(v: unknown): boolean {
  return v === null || isBoolean(v) || isFiniteNumber(v) || (isString(v) && v.length <= MAX_VALUE_CHARS);
}

/** A typed value: scalar, list of scalars, or list of flat objects of scalars (list editor rows). */
export function isFormValue(v: unknown): boolean {
  if (isScalarValue(v)) return true;
  if (Array.isArray(v)) {
    return v.length <= MAX_LIST_ITEMS && v.every((item) => isScalarValue(item) || (isDataRecord(item) && Object.keys(item).length <= 100 && Object.keys(item).every((k) => k.length <= MAX_NAME_CHARS) && Object.values(item).every(isScalarValue)));
  }
  return false;
}

export function isFormValues(v: unknown): v is FormValues {
  // Keys are the card's property names: `__proto__` and 10,000-character names are data here.
  if (!isDataRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length <= MAX_FIELDS && keys.every((k) => k.length <= MAX_NAME_CHARS) && Object.values(v).every(isFormValue);
}

export function isValidateParams(v: unknown): v is ValidateParams {
  return isRecord(v) && isFiniteNumber(v.seq) && Number.isSafeInteger(v.seq) && isDisplayName(v.displayName) && isFormValues(v.values);
}

export function isSubmitParams(v: unknown): v is SubmitParams {
  return isRecord(v) && isDisplayName(v.displayName) && isFormValues(v.values) && (v.schedule === undefined || isScheduleDraft(v.schedule))
    && (v.destinationId === undefined || isSourceId(v.destinationId));
}

/** Any type id a card can carry (it only ever travels URL-encoded): non-empty text up to the name limit. */
export const isSourceTypeId = (v: unknown): v is string => isString(v) && v.length > 0 && v.length <= MAX_NAME_CHARS;
export const isSourceId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export function isPanelKey(v: unknown): v is PanelKey {
  if (!isRecord(v)) return false;
  if (v.kind === 'new') return isSourceTypeId(v.sourceType);
  if (v.kind === 'source') return isSourceId(v.sourceId);
  return false;
}

/** The state a restored webview hands the serializer: only its key is used, after checking. */
export function panelKeyFromState(state: unknown): PanelKey | undefined {
  if (!isRecord(state)) return undefined;
  return isPanelKey(state.key) ? { ...state.key } : undefined;
}

export function isDraft(v: unknown): v is SourceFormDraft {
  return isRecord(v) && (v.values === undefined || isFormValues(v.values)) && (v.displayName === undefined || isDisplayName(v.displayName));
}

export function panelId(key: PanelKey): string {
  return key.kind === 'new' ? `new:${key.sourceType}` : `source:${key.sourceId}`;
}

/** Command arguments: a source type id, or a tree node carrying one. */
export function sourceTypeFromArg(arg: unknown): string | undefined {
  if (isSourceTypeId(arg)) return arg;
  if (isRecord(arg) && isSourceTypeId(arg.sourceType)) return arg.sourceType;
  return undefined;
}


// ---- Form model → view --------------------------------------------------------------------------

export function fieldView(p: PropertyModel, quick?: QuickRules): FieldView {
  const { schema: _schema, ...rest } = p;
  return quick ? { ...rest, quick } : rest;
}

/**
 * The webview's instant checks for a property, as this panel enforces it (see editableFields and
 * validateProperty): required only on the form step, and a saved credential may stay blank on edit.
 * None for fields the user can't edit.
 */
export function quickRulesOf(model: FormModel, stepType: string, p: PropertyModel): QuickRules | undefined {
  if (p.section === 'hidden' || p.locked) return undefined;
  const required = stepType === 'form' && p.required && !(model.mode === 'edit' && p.credential && p.provided);
  return quickRulesFor(p, required);
}

export function stepViews(model: FormModel): StepView[] {
  return model.steps.map((s) => ({ type: s.type, title: s.title, state: s.state, properties: s.properties.map((p) => fieldView(p, quickRulesOf(model, s.type, p))) }));
}

const PROPERTY_STEPS = ['form', 'oauth', 'profile'];

/** The property steps the panel renders as forms: a new source shows its form step; an existing one every property step. */
export function formStepTypes(model: FormModel): string[] {
  return model.steps
    .filter((s) => s.type === 'form' || (model.mode === 'edit' && PROPERTY_STEPS.includes(s.type) && s.properties.some((p) => p.section !== 'hidden')))
    .map((s) => s.type);
}

/**
 * The properties the user edits in this panel. Only the form step's required properties are
 * enforced as required: OAuth (and profile) values are optional here because the user may instead
 * authorize in Stitch's web app.
 */
export function editableFields(model: FormModel, stepTypes: readonly string[] = formStepTypes(model)): PropertyModel[] {
  return model.steps
    .filter((s) => stepTypes.includes(s.type))
    .flatMap((s) => s.properties
      .filter((p) => p.section !== 'hidden' && !p.locked)
      .map((p) => (s.type === 'form' ? p : { ...p, required: false })));
}

// ---- Values -------------------------------------------------------------------------------------

/** "-1 year" / "-30 days" → that many back from `now`, at midnight UTC, as Stitch's start dates are. */
export function defaultStartDate(spec: string | null | undefined, now: Date): string | undefined {
  if (!spec) return undefined;
  const m = /^-(\d+)\s*(day|days|week|weeks|month|months|year|years)$/.exec(spec.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const unit = m[2]!.replace(/s$/, '');
  if (unit === 'day') d.setUTCDate(d.getUTCDate() - n);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() - 7 * n);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - n);
  else d.setUTCFullYear(d.getUTCFullYear() - n);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A saved value as an input shows it: numbers and booleans as text unless the control takes them. */
export function displayValue(p: PropertyModel, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (p.control.kind) {
    case 'boolean':
      return value === true || value === 'true';
    case 'stringList':
    case 'objectList':
      return Array.isArray(value) ? value : undefined;
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * The values a form starts from. Edit: the source's saved properties (credentials are never
 * returned by Stitch, so they start empty). Create: the type's defaults for start date and frequency.
 */
export function initialValues(model: FormModel, source: Pick<Source, 'properties'> | undefined, now = new Date()): FormValues {
  // Prototype-less while filled (a `__proto__` property is a name like any other), plain when returned.
  const values: FormValues = dict();
  const all = model.steps.flatMap((s) => s.properties);
  if (source) {
    for (const p of all) {
      if (p.credential) continue;
      const shown = displayValue(p, own(source.properties, p.name));
      if (shown !== undefined) values[p.name] = shown;
    }
    return { ...values };
  }
  const details = model.details;
  for (const p of all) {
    if (p.credential || p.section === 'hidden') continue;
    if (p.name === 'start_date') {
      const start = defaultStartDate(details?.default_start_date, now);
      if (start) values[p.name] = start;
    } else if (p.name === 'frequency_in_minutes' && details?.default_scheduling_interval && p.control.kind === 'select') {
      const v = String(details.default_scheduling_interval);
      if (p.control.options.some((o) => o.value === v)) values[p.name] = v;
    }
  }
  return { ...values };
}

/**
 * What the inputs send, turned into what the schemas validate: checkbox booleans become "true"/"false"
 * where Stitch stores string booleans, JSON text is parsed, empty list rows are dropped. Unknown
 * names and credentials of other steps are left out. Returns problems it found on the way.
 */
export function normaliseValues(fields: readonly PropertyModel[], raw: FormValues): { values: FormValues; errors: Record<string, string> } {
  // Prototype-less while filled (a `__proto__` property is a name like any other), plain when returned.
  const values: FormValues = dict();
  const errors: Record<string, string> = dict();
  for (const p of fields) {
    if (!Object.prototype.hasOwnProperty.call(raw, p.name)) continue;
    const v = raw[p.name];
    switch (p.control.kind) {
      case 'boolean':
        if (typeof v === 'boolean') values[p.name] = p.control.valueType === 'string' ? String(v) : v;
        else if (v === 'true' || v === 'false') values[p.name] = p.control.valueType === 'string' ? v : v === 'true';
        else if (!isBlank(v)) values[p.name] = v;
        break;
      case 'stringList':
        if (Array.isArray(v)) values[p.name] = v.filter((x) => !(typeof x === 'string' && x.trim() === '')).map((x) => (typeof x === 'string' ? x.trim() : x));
        else if (typeof v === 'string' && v.trim() !== '') values[p.name] = v.split(',').map((x) => x.trim()).filter(Boolean);
        break;
      case 'objectList':
        if (Array.isArray(v)) {
          values[p.name] = v
            .filter((row) => isRecord(row) && Object.values(row).some((cell) => !isBlank(cell)))
            .map((row) => Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([, cell]) => !isBlank(cell))));
        }
        break;
      case 'json':
        if (typeof v === 'string' && v.trim() !== '') {
          try { values[p.name] = JSON.parse(v) as unknown; } catch { errors[p.name] = `${p.label} must be valid JSON.`; }
        } else if (!isBlank(v)) values[p.name] = v;
        break;
      case 'union':
        if (p.control.input === 'textOrList' && typeof v === 'string' && v.includes(',')) values[p.name] = v.split(',').map((x) => x.trim()).filter(Boolean);
        else values[p.name] = typeof v === 'string' ? v.trim() : v;
        break;
      case 'password':
        values[p.name] = v; // credentials are sent exactly as typed
        break;
      default:
        values[p.name] = typeof v === 'string' ? v.trim() : v;
    }
  }
  return { values: { ...values }, errors: { ...errors } };
}

export interface FormCheck {
  readonly errors: Record<string, string>;
  readonly displayNameError?: string;
  readonly namePreview?: NamePreview;
  readonly values: FormValues;
}

/** Everything the panel checks before a submit, and as the user types. */
export function checkForm(
  model: FormModel,
  raw: FormValues,
  displayName: string,
  existingNames: readonly string[] | undefined,
  stepTypes: readonly string[] = formStepTypes(model),
): FormCheck {
  const fields = editableFields(model, stepTypes);
  const { values, errors: normaliseErrors } = normaliseValues(fields, raw);
  const validation = validateForm(fields, values, { mode: model.mode });
  const errors: Record<string, string> = { ...validation.errors, ...normaliseErrors };
  const result: { errors: Record<string, string>; displayNameError?: string; namePreview?: NamePreview; values: FormValues } = { errors, values };
  const nameProblem = validateDisplayName(displayName);
  if (nameProblem) result.displayNameError = nameProblem;
  if (model.mode === 'create' && !nameProblem) {
    const check = checkSourceName(displayName, existingNames ?? []);
    if (check.ok) result.namePreview = { name: check.name, ok: true };
    else {
      const suggestion = suggestAvailableDisplayName(displayName, existingNames ?? []);
      result.namePreview = { name: check.derivedName, ok: false, message: check.hint, ...(suggestion && suggestion !== displayName ? { suggestion } : {}) };
      result.displayNameError = check.hint;
    }
  }
  return result;
}

/** The `properties` to POST or PUT: blank and unchanged values left out, blank credentials omitted. */
export function buildPayload(model: FormModel, values: FormValues, initial?: Readonly<Record<string, unknown>>, stepTypes: readonly string[] = formStepTypes(model)): Record<string, unknown> {
  const fields = editableFields(model, stepTypes);
  return buildPropertiesPayload(fields, values, { mode: model.mode, ...(initial ? { initial } : {}) });
}

/** Stitch's `bad_properties` (names) as per-field messages; names we don't show go to `unknown`. */
export function mapBadProperties(model: FormModel, bad: readonly string[]): { errors: Record<string, string>; unknown: string[] } {
  const byName = new Map(model.steps.flatMap((s) => s.properties).map((p) => [p.name, p]));
  const errors: Record<string, string> = {};
  const unknown: string[] = [];
  for (const name of bad) {
    const p = byName.get(name);
    if (p && p.section !== 'hidden') put(errors, name, `Stitch rejected this value for ${p.label}. Check it against the hint.`);
    else unknown.push(name);
  }
  return { errors, unknown };
}

// ---- The embedded schedule editor ----------------------------------------------------------------

/** Does the form let the user edit the schedule (a visible, unlocked schedule field)? Then the editor is embedded. */
export function hasScheduleFields(model: FormModel): boolean {
  return editableFields(model).some((p) => SCHEDULE_PROPERTY_NAMES.has(p.name));
}

export const isScheduleName = (name: string): boolean => SCHEDULE_PROPERTY_NAMES.has(name);

/** `values` without frequency_in_minutes, anchor_time and cron_expression (the editor owns them). */
export function withoutScheduleFields<T>(values: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !isScheduleName(name)));
}

/** Only the schedule entries of `values`. */
export function onlyScheduleFields<T>(values: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => isScheduleName(name)));
}

const sameScheduleValue = (name: string, a: unknown, b: unknown): boolean => {
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (name === 'anchor_time' && typeof a === 'string' && typeof b === 'string') return Date.parse(a) === Date.parse(b);
  return String(a) === String(b);
};

/**
 * The schedule properties to merge into the POST or PUT. A new source gets only the values set
 * (a null clears nothing yet); an edit gets what differs from the source's saved properties, nulls
 * included, so switching mode clears the other modes' fields and an untouched schedule sends nothing.
 */
export function scheduleChanges(properties: Readonly<Record<string, string | null>>, initial?: Readonly<Record<string, unknown>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (!initial) { if (value !== null) out[name] = value; continue; }
    if (!sameScheduleValue(name, value, initial[name])) out[name] = value;
  }
  return out;
}

// ---- Connection check and stage -----------------------------------------------------------------

function phase(exit: number | null | undefined, running: boolean, previousFailed: boolean): PhaseStatus {
  if (exit === 0) return 'succeeded';
  if (typeof exit === 'number') return 'failed';
  if (previousFailed) return 'skipped';
  return running ? 'running' : 'pending';
}

export function checkView(check: ConnectionCheck): CheckView {
  const status = check.status === 'running' || check.status === 'succeeded' || check.status === 'failed' ? check.status : 'unknown';
  const running = status === 'running';
  const checkPhase = phase(check.check_exit_status, running, false);
  // Stitch runs the check and discovery together; while the check phase has no result, discovery waits.
  const discoveryPhase = phase(check.discovery_exit_status, running && checkPhase !== 'running', checkPhase === 'failed');
  const message = check.discovery_error_message ?? check.tap_error_message ?? check.target_error_message ?? undefined;
  const phases: CheckView['phases'] = [
    { name: 'check', title: 'Connection check', status: status === 'succeeded' && checkPhase === 'pending' ? 'succeeded' : status === 'failed' && checkPhase === 'pending' ? 'skipped' : checkPhase },
    { name: 'discovery', title: 'Discovery', status: status === 'succeeded' && discoveryPhase === 'pending' ? 'succeeded' : status === 'failed' && discoveryPhase === 'pending' ? 'failed' : discoveryPhase },
  ];
  return {
    status,
    phases,
    ...(message ? { message } : status === 'failed' ? { message: 'Stitch reported a failure without a message. Open the source in Stitch for its logs.' } : {}),
    ...(check.start_time ? { startedAt: check.start_time } : {}),
    ...(check.completion_time ? { completedAt: check.completion_time } : {}),
  };
}

/** The stage the panel shows for a source's report card and its last connection check. */
export function stageFor(stepType: string | undefined, check: CheckView | undefined): Stage {
  switch (stepType) {
    case undefined: return 'unavailable';
    case 'form': return 'form';
    case 'oauth':
    case 'profile': return 'oauth';
    case 'discover_schema':
      if (check?.status === 'failed') return 'checkFailed';
      return 'checking';
    case 'field_selection': return 'fieldSelection';
    default: return 'configured';
  }
}

/** The Stitch web app page of a source (reference §8), where OAuth is completed. */
export function stitchWebUrl(stitchClientId: number | undefined, sourceId: number): string {
  if (!stitchClientId) return 'https://app.stitchdata.com/';
  return `https://app.stitchdata.com/client/${stitchClientId}/pipeline/v2/sources/${sourceId}/`;
}

/** The PUT body for an edit: only what changed (a rename, changed properties, another destination); undefined when nothing did. */
export function updateBody(source: Source, displayName: string, properties: Record<string, unknown>, destinationId: number | undefined): UpdateSourceBody | undefined {
  const body: UpdateSourceBody = {
    ...(displayName !== source.display_name ? { display_name: displayName } : {}),
    ...(Object.keys(properties).length > 0 ? { properties: properties as Record<string, string> } : {}),
    ...(destinationId !== undefined ? { destination_id: destinationId } : {}),
  };
  return Object.keys(body).length > 0 ? body : undefined;
}
