/**
 * The stream and field selection panel's messages (types only; imported by host and webview).
 *
 * The host owns the selection model (server state + staged edits); the webview renders what the
 * host sends, filters locally, and asks the host to apply each edit. Staged edits are persisted by
 * the webview (setState) as the minimal metadata body, so they survive hide, reload and restart.
 */

/** One entry of the PUT streams/metadata body (reference §4.8). */
export interface SelectionMetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

/** Staged edits, in the exact shape of `PUT /v4/sources/{id}/streams/metadata`. */
export interface StagedSelection {
  streams: Array<{ tap_stream_id: string; metadata: SelectionMetadataEntry[] }>;
}

export interface SelectionIssueView {
  target: 'replication-method' | 'replication-key' | 'view-key-properties' | 'fields';
  severity: 'error' | 'warning';
  message: string;
}

export interface StreamRowView {
  /** tap_stream_id: the unique key. */
  id: string;
  streamId?: number;
  name: string;
  /** "database.schema" for database streams. */
  location?: string;
  rowCount?: number;
  isView: boolean;
  /** Effective (saved + staged). */
  selected: boolean;
  /** Saved on the server. */
  savedSelected: boolean;
  /** Has staged edits (selection, replication or fields). */
  staged: boolean;
  method?: string;
  /** Set when the source forces the method; the method can't be changed. */
  forcedMethod?: { method: string; reason?: string };
  /** Methods the user may choose (empty when forced). */
  methodOptions: string[];
  key?: string;
  /** Valid replication keys (or suitable fields when the source lists none and fields are loaded). */
  keyOptions: string[];
  /** Whether the key list comes from the source's valid-replication-keys. */
  keyOptionsFromSource: boolean;
  viewKeys?: string[];
  tableKeys: string[];
  fieldsLoaded: boolean;
  fieldCount?: number;
  replicatedCount?: number;
  issues: SelectionIssueView[];
}

export interface FieldRowView {
  name: string;
  type: string;
  inclusion: 'automatic' | 'available' | 'unsupported';
  /** Effective: replicated once the staged edits are applied. */
  replicated: boolean;
  /** Differs from the saved state. */
  staged: boolean;
  selectedByDefault: boolean;
  /** The checkbox can't be changed right now. */
  locked: boolean;
  /** Why it is locked, unsupported, excluded or on by default: shown beside the field. */
  reason?: string;
  /** The reason's kind, for its icon. */
  reasonKind?: 'automatic' | 'unsupported' | 'excluded' | 'default';
  /** Views only: this column is one of the view's key properties. */
  viewKey?: boolean;
}

export interface SelectionSummaryView {
  text: string;
  hasChanges: boolean;
  /** No blocking errors in staged streams. */
  canApply: boolean;
  errorCount: number;
  /** tap_stream_ids of streams with blocking errors (first few), to jump to. */
  errorStreams: string[];
}

export interface SelectionSourceView {
  id: number;
  name: string;
  type: string;
  /** current_step_type: field_selection or fully_configured. */
  step?: string;
}

export interface SelectionState {
  source: SelectionSourceView;
  streams: StreamRowView[];
  /** Fields of streams already loaded (kept across reloads of the view). */
  fields: Record<string, FieldRowView[]>;
  summary: SelectionSummaryView;
  staged: StagedSelection;
  /** Staged edits that could not be restored (e.g. a stream no longer exists). */
  notRestored?: string[];
  /** Next steps the host can run now (their commands exist). */
  nextSteps?: Array<'syncNow' | 'editSchedule'>;
}

export type SelectionOp =
  | { op: 'stream'; stream: string; selected: boolean }
  | { op: 'streams'; streams: string[]; selected: boolean }
  | { op: 'field'; stream: string; field: string; selected: boolean }
  | { op: 'allFields'; stream: string; selected: boolean }
  | { op: 'method'; stream: string; method: 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED' }
  | { op: 'key'; stream: string; key: string }
  | { op: 'viewKey'; stream: string; field: string; on: boolean };

export interface SelectionEditResult {
  /** Rows that changed. */
  streams: StreamRowView[];
  /** Field rows of changed streams whose fields are loaded. */
  fields: Record<string, FieldRowView[]>;
  summary: SelectionSummaryView;
  staged: StagedSelection;
  /** Edits that were refused, with the reason (e.g. a locked field). */
  refused: string[];
}

export interface SelectionLoadFieldsResult {
  stream: StreamRowView;
  fields: FieldRowView[];
}

export interface SelectionApplyResult {
  state: SelectionState;
  /** What was applied, e.g. "3 streams, 41 fields added". */
  appliedText: string;
  /** The source reached fully_configured with this apply. */
  becameConfigured: boolean;
  /** The next steps the host can run (commands that exist). */
  nextSteps: Array<'syncNow' | 'editSchedule'>;
}

/** One rule's report in a preview: how much it matches and decides, and why it is flagged. */
export interface RuleReportView {
  /** 0-based; "rule 3" to the user is index 2. */
  index: number;
  line: number;
  text: string;
  matches: number;
  wins: number;
  flag?: 'matches-nothing' | 'never-wins';
  message?: string;
}

export interface RuleErrorView { line: number; column: number; length: number; message: string }

/** What a rule list does to the catalogue, for the rows: the deciding rule per stream and field. */
export interface RulePreviewView {
  /** Streams a rule decides: [tap_stream_id, rule index, selected (1) or excluded (0)]. */
  streams: Array<[string, number, 0 | 1]>;
  /** Fields a rule decides, for the streams asked about: stream → [field, rule index, replicated (1) or not (0)]. */
  fields: Record<string, Array<[string, number, 0 | 1]>>;
  rules: RuleReportView[];
  errors: RuleErrorView[];
  totals: { streamsSelected: number; fieldsReplicated: number; conflicts: number };
  /** Conflicts with Stitch's own rules, in its terms (first few). */
  conflicts: string[];
  /** Streams whose fields could not be loaded, so the preview can't be staged yet. */
  needsFields: string[];
}

/**
 * The preview as the host sends it (src/protocol/rulesWire.ts): one code per stream in the state's
 * stream order, one per field of the streams asked about; the webview expands it to RulePreviewView.
 */
export interface RulePreviewMessage {
  /** orderKey() of the stream ids the codes follow; a webview with another list ignores them. */
  order: string;
  /** Per stream, in order: ruleCode(rule, selected), -1 where no rule decides. */
  streams: number[];
  /** Streams asked about: their fields' order key and one code per field, in field order. */
  fields: Record<string, { order: string; codes: number[] }>;
  rules: RuleReportView[];
  errors: RuleErrorView[];
  totals: RulePreviewView['totals'];
  conflicts: string[];
  needsFields: string[];
}

export interface RulesApplyResult {
  state: SelectionState;
  /** Edits the rules could not stage, with the reason. */
  refused: string[];
}

/** Request methods: name → [params, result]. */
export interface SelectionRequests {
  'selection/init': [{ staged?: StagedSelection }, SelectionState];
  'selection/refresh': [Record<string, never>, SelectionState];
  'selection/loadFields': [{ stream: string }, SelectionLoadFieldsResult];
  'selection/edit': [{ ops: SelectionOp[] }, SelectionEditResult];
  /** null: the user kept the staged changes. */
  'selection/discard': [Record<string, never>, SelectionState | null];
  'selection/apply': [Record<string, never>, SelectionApplyResult];
  'selection/nextStep': [{ action: 'syncNow' | 'editSchedule' }, void];
  /** Previews a rule list (the Rules box); `fieldsFor`: streams whose field rows want their deciding rule. */
  'selection/previewRules': [{ text: string; fieldsFor?: string[] }, RulePreviewMessage];
  /** Stages the rules' result as edits (over what is staged), for the usual Apply to send. */
  'selection/applyRules': [{ text: string }, RulesApplyResult];
}

/** Events the host pushes: a fresh state after the source changed elsewhere. */
export interface SelectionEvents {
  'selection/state': SelectionState;
  /** An Apply started from outside the webview (e.g. Retry on a notification) finished. */
  'selection/applied': SelectionApplyResult;
  /** An Apply started from outside the webview failed; staged edits are kept. */
  'selection/applyFailed': { message: string };
}

export const SELECTION_VIEW_TYPE = 'stitch.selection';
