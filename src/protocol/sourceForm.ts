/**
 * The source setup panel's messages (types only; the one import is the schedule editor's types,
 * erased at compile time). The host builds the form model from the report card with src/core and
 * sends it; the webview renders it, keeps what the user types (never credentials) in its own state,
 * and asks the host to validate and submit. The schedule fields are edited by the embedded schedule
 * editor (webview/schedule), which asks the host `schedule/preview` on this panel's channel.
 */
import type { ScheduleDraft, ScheduleEditorRequests, ScheduleFieldView, ScheduleSetup } from './schedule';

export const SOURCE_FORM_VIEW_TYPE = 'stitch.sourceForm';

// ---- The form model as the webview sees it (mirrors src/core/reportCard + controls) ----------

export interface SelectOptionView { readonly value: string; readonly label: string }
export interface ObjectListColumnView { readonly name: string; readonly label: string; readonly required: boolean }

export type ControlView =
  | { kind: 'text'; valueType: string; format?: string; inputType: 'text' | 'url' | 'email'; hint?: string }
  | { kind: 'password'; valueType: 'string' }
  | { kind: 'number'; valueType: 'integer' | 'number'; minimum?: number; maximum?: number }
  | { kind: 'boolean'; valueType: 'boolean' | 'string' }
  | { kind: 'select'; valueType: 'string'; options: readonly SelectOptionView[] }
  | { kind: 'datetime'; valueType: 'string'; midnightOnly: boolean }
  | { kind: 'union'; valueType: 'any'; input: 'integer' | 'host' | 'textOrList' | 'text'; hint: string }
  | { kind: 'stringList'; valueType: 'array' }
  | { kind: 'objectList'; valueType: 'array'; columns: readonly ObjectListColumnView[] }
  | { kind: 'freeText'; valueType: 'string' }
  | { kind: 'json'; valueType: 'any' };

/**
 * Checks the webview runs on every keystroke, without the host (mirrors src/core/quickRules): each
 * with the message the host's validation gives for the same value. The host stays authoritative.
 */
export type QuickTypeView = 'integer' | 'number' | 'boolean' | 'string';
export interface QuickBranchView { readonly type: 'integer' | 'number' | 'string'; readonly pattern?: string }
export interface QuickRulesView {
  readonly required?: string;
  readonly untrimmed?: boolean;
  readonly type?: { readonly types: readonly QuickTypeView[]; readonly message: string };
  readonly enum?: { readonly values: readonly string[]; readonly message: string };
  readonly pattern?: { readonly source: string; readonly message: string };
  readonly range?: { readonly min?: number; readonly max?: number; readonly message: string };
  readonly alternatives?: { readonly branches: readonly QuickBranchView[]; readonly message: string };
  readonly port?: { readonly message: string };
}

export interface FieldView {
  readonly name: string;
  readonly label: string;
  readonly help?: string;
  readonly patternHint?: string;
  readonly control: ControlView;
  readonly propertyType: string;
  readonly section: 'main' | 'advanced' | 'hidden';
  readonly required: boolean;
  readonly credential: boolean;
  readonly provided: boolean;
  readonly caution?: string;
  readonly locked: boolean;
  readonly lockedReason?: string;
  readonly placeholder?: string;
  /** frequency_in_minutes, anchor_time, cron_expression: the schedule editor's seam. */
  readonly scheduleField: boolean;
  /** Instant checks for this field as this form enforces it; absent when only the host can judge. */
  readonly quick?: QuickRulesView;
}

export type StepStateView = 'done' | 'current' | 'upcoming';

export interface StepView {
  readonly type: string;
  readonly title: string;
  readonly state: StepStateView;
  readonly properties: readonly FieldView[];
}

/** Where the source is, as the panel shows it. */
export type Stage =
  | 'loading'
  | 'form'            // filling the form (new source, or a source still at the form step)
  | 'oauth'           // waiting for authorization
  | 'checking'        // connection check running
  | 'checkFailed'
  | 'fieldSelection'  // check passed: go select streams
  | 'configured'
  | 'unavailable';    // legacy type, no access, load failure

export type PhaseStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface CheckView {
  readonly status: 'running' | 'succeeded' | 'failed' | 'unknown';
  readonly phases: ReadonlyArray<{ readonly name: 'check' | 'discovery'; readonly title: string; readonly status: PhaseStatus }>;
  /** Stitch's own message (discovery_error_message or tap_error_message) when the check failed. */
  readonly message?: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  /** The poller gave up (too long, or the API could not be reached); the user can check again. */
  readonly stalled?: string;
}

export interface BannerView {
  readonly kind: 'error' | 'warning' | 'info' | 'success';
  readonly text: string;
}

export interface SourceFormState {
  /** Identifies the panel: a new source of a type, or an existing source. */
  readonly key: PanelKey;
  readonly mode: 'create' | 'edit';
  readonly sourceType: string;
  readonly typeLabel: string;
  readonly title: string;
  readonly stage: Stage;
  readonly steps: readonly StepView[];
  readonly currentStepIndex: number;
  readonly configurable: boolean;
  /** The property steps to render as forms (form, and oauth/profile once relevant). */
  readonly formStepTypes: readonly string[];
  /** Saved non-credential values (edit) or defaults (create), as strings/arrays the inputs show. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly displayName: string;
  /** The destination schema name: fixed once created. */
  readonly schemaName?: string;
  readonly check?: CheckView;
  readonly banner?: BannerView;
  /** Field errors from the last submit or from Stitch's bad_properties. */
  readonly fieldErrors?: Readonly<Record<string, string>>;
  /** A new baseline: the webview drops its draft and shows `values` (after a successful save). */
  readonly resetDraft?: boolean;
  readonly busy?: boolean;
  readonly canSelectStreams: boolean;
  readonly pricingTier?: string;
  readonly pipelineState?: string;
  /** What the form sets up: the webview words its labels for it (its strings come from its own l10n `t`). */
  readonly subject: 'source' | 'destination';
  /**
   * The schedule editor's setup when the form has schedule fields: the webview mounts the editor in
   * place of the plain frequency_in_minutes / anchor_time / cron_expression controls.
   */
  readonly schedule?: ScheduleSetup;
  /** The destinations a source can load into: only when the account has two or more (reference §4.2). */
  readonly destinations?: DestinationChoiceView;
}

export interface DestinationOptionView { readonly id: number; readonly label: string }
/** `selected` is the source's current destination (edit) or none yet; absent when Stitch decides. */
export interface DestinationChoiceView { readonly options: readonly DestinationOptionView[]; readonly selected?: number }

export type PanelKey = { readonly kind: 'new'; readonly sourceType: string } | { readonly kind: 'source'; readonly sourceId: number };

// ---- Requests (webview → host), with their params and results ----------------------------------

/** Typed values: strings for most inputs, booleans for checkboxes, arrays for list editors. */
export type FormValues = Record<string, unknown>;

export interface ValidateParams { readonly seq: number; readonly displayName: string; readonly values: FormValues }
export interface NamePreview { readonly name: string; readonly ok: boolean; readonly message?: string; readonly suggestion?: string }
export interface ValidateResult {
  readonly seq: number;
  readonly errors: Readonly<Record<string, string>>;
  readonly displayNameError?: string;
  readonly namePreview?: NamePreview;
}

export interface SubmitParams {
  readonly displayName: string;
  /** Without the schedule fields when `schedule` is given. */
  readonly values: FormValues;
  /** The embedded schedule editor's draft; the host turns it into the schedule properties. */
  readonly schedule?: ScheduleDraft;
  /** The destination to load into; one of the state's `destinations` options, only when it offers them. */
  readonly destinationId?: number;
}
/** A schedule problem, shown by the embedded editor next to its field (e.g. the plan limitation for cron). */
export interface ScheduleErrorView { readonly message: string; readonly field?: ScheduleFieldView; readonly kind: 'plan' | 'invalid' | 'failed' }
export interface SubmitResult {
  readonly ok: boolean;
  readonly errors?: Readonly<Record<string, string>>;
  readonly displayNameError?: string;
  readonly banner?: BannerView;
  readonly scheduleError?: ScheduleErrorView;
}

/** Request methods: name → [params, result]. The embedded schedule editor asks `schedule/preview`. */
export interface SourceFormRequests extends ScheduleEditorRequests {
  'sourceForm/validate': [ValidateParams, ValidateResult];
  'sourceForm/submit': [SubmitParams, SubmitResult];
  /** Re-read the source (e.g. after authorizing in Stitch). */
  'sourceForm/refresh': [Record<string, never>, void];
  /** Resume watching the connection check. */
  'sourceForm/checkAgain': [Record<string, never>, void];
  'sourceForm/openInStitch': [Record<string, never>, void];
  'sourceForm/selectStreams': [Record<string, never>, void];
  'sourceForm/showLogs': [Record<string, never>, void];
}

// ---- Events (host → webview) -------------------------------------------------------------------

export interface SourceFormEvents {
  'sourceForm/state': SourceFormState;
  /** The check's progress (and stage) while it runs. */
  'sourceForm/check': CheckEventPayload;
}

export interface CheckEventPayload { readonly stage: Stage; readonly check: CheckView }

/** What the webview keeps with setState: never a credential value. */
export interface SourceFormDraft {
  readonly key?: PanelKey;
  readonly displayName?: string;
  readonly values?: FormValues;
  readonly advancedOpen?: boolean;
  /** The embedded schedule editor's draft (nothing secret in it). */
  readonly schedule?: ScheduleDraft;
}
