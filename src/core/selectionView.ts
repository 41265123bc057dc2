/**
 * What the selection panel shows, built from the selection model in ./selection (which owns the
 * Singer rules, staged edits, validation and the metadata diff), plus the runtime guards for the
 * panel's messages and the replay of persisted staged edits. Pure: no vscode, no I/O.
 */
import type {
  FieldRowView, SelectionIssueView, SelectionOp, SelectionSummaryView, StagedSelection, StreamRowView,
} from '../protocol/selection';
import { isArrayOf, isBoolean, isOneOf, isRecord, isShortString, isString, type Guard } from './guards';
import { replicationKeyCandidates, type ReplicationMethod, type SelectionEditor } from './selection';

export const METHODS: readonly ReplicationMethod[] = ['FULL_TABLE', 'INCREMENTAL', 'LOG_BASED'];
/** Most metadata entries per PUT request; larger changes are sent in several requests. */
export const METADATA_BATCH_ENTRIES = 2000;

const MAX_ID = 1024;
const MAX_STREAMS_PER_OP = 100_000;
const MAX_OPS = 500;

// ----- rows ---------------------------------------------------------------------------------------

/** The row of one stream, with its effective (saved + staged) state and its inline problems. */
export function streamRow(editor: SelectionEditor, id: string): StreamRowView {
  const s = editor.stream(id);
  if (!s) throw new Error(`Unknown stream "${id}".`);
  const isDatabase = s.databaseName !== undefined || s.schemaName !== undefined;
  const fieldsLoaded = s.fields !== undefined;
  const selected = editor.isStreamSelected(id);
  const method = editor.replicationMethod(id);
  const key = editor.replicationKey(id);
  const viewKeys = editor.viewKeyProperties(id);
  const issues: SelectionIssueView[] = editor.streamIssues(id).map(({ target, severity, message }) => ({ target, severity, message }));
  const row: StreamRowView = {
    id,
    name: s.name,
    isView: s.isView,
    selected,
    savedSelected: s.selected === true,
    staged: isStaged(editor, id),
    methodOptions: s.forcedMethod ? [] : isDatabase ? [...METHODS] : ['FULL_TABLE', 'INCREMENTAL'],
    keyOptions: replicationKeyCandidates(s),
    keyOptionsFromSource: s.validReplicationKeys !== undefined,
    tableKeys: [...s.tableKeyProperties],
    fieldsLoaded,
    issues,
  };
  if (s.streamId !== undefined) row.streamId = s.streamId;
  if (isDatabase) row.location = [s.databaseName, s.schemaName].filter(Boolean).join('.');
  if (s.rowCount !== undefined) row.rowCount = s.rowCount;
  if (method !== undefined) row.method = method;
  if (s.forcedMethod) row.forcedMethod = s.forcedMethod.reason ? { method: s.forcedMethod.method, reason: s.forcedMethod.reason } : { method: s.forcedMethod.method };
  if (key !== undefined) row.key = key;
  if (viewKeys !== undefined) row.viewKeys = [...viewKeys];
  if (s.fields) {
    row.fieldCount = s.fields.length;
    row.replicatedCount = s.fields.filter((f) => editor.isFieldReplicated(id, f.name) || (!selected && wouldReplicate(editor, id, f.name))).length;
  }
  return row;
}

function wouldReplicate(editor: SelectionEditor, id: string, field: string): boolean {
  const f = editor.stream(id)?.fields?.find((x) => x.name === field);
  if (!f) return false;
  if (f.inclusion === 'automatic') return true;
  if (f.inclusion === 'unsupported') return false;
  return editor.fieldSelectedValue(id, field) === true || f.selectedByDefault;
}

/** Whether a stream has any staged edit (selection, replication settings or fields). */
export function isStaged(editor: SelectionEditor, id: string): boolean {
  const s = editor.stream(id);
  if (!s) return false;
  if (editor.isStreamSelected(id) !== (s.selected === true)) return true;
  if (!s.forcedMethod && editor.replicationMethod(id) !== s.replicationMethod) return true;
  if (editor.replicationKey(id) !== s.replicationKey) return true;
  const vk = editor.viewKeyProperties(id) ?? [];
  const savedVk = s.viewKeyProperties ?? [];
  if (vk.length !== savedVk.length || vk.some((k, i) => k !== savedVk[i])) return true;
  return (s.fields ?? []).some((f) => (editor.fieldSelectedValue(id, f.name) === true) !== (f.selected === true));
}

/**
 * The field rows of a loaded stream. `replicated` ignores whether the stream itself is selected
 * (the UI dims the fields of an unselected stream), so the user sees what the stream would bring.
 */
export function fieldRows(editor: SelectionEditor, id: string): FieldRowView[] | undefined {
  const s = editor.stream(id);
  if (!s?.fields) return undefined;
  const viewKeys = new Set(editor.viewKeyProperties(id) ?? []);
  return s.fields.map((f): FieldRowView => {
    const replicated = wouldReplicate(editor, id, f.name);
    const row: FieldRowView = {
      name: f.name,
      type: f.type,
      inclusion: f.inclusion,
      replicated,
      staged: f.inclusion === 'available' && (editor.fieldSelectedValue(id, f.name) === true) !== (f.selected === true),
      selectedByDefault: f.selectedByDefault,
      locked: false,
    };
    if (f.inclusion === 'automatic') {
      row.locked = true;
      row.reasonKind = 'automatic';
      row.reason = f.lockReason ?? 'Always replicated by this source.';
    } else if (f.inclusion === 'unsupported') {
      row.locked = true;
      row.reasonKind = 'unsupported';
      row.reason = f.lockReason ?? 'This source cannot replicate this field.';
    } else if (!replicated) {
      const block = editor.fieldBlockReason(id, f.name, true);
      if (block) {
        row.locked = true;
        row.reasonKind = 'excluded';
        row.reason = block;
      }
    } else if (f.selectedByDefault) {
      row.locked = true;
      row.reasonKind = 'default';
      row.reason = 'On by default for this source: it is replicated whenever the stream is.';
    }
    if (!row.locked && f.excludes.length > 0) {
      row.reason = `Can't be replicated together with ${f.excludes.map((x) => `"${x}"`).join(', ')}.`;
      row.reasonKind = 'excluded';
    }
    if (s.isView) row.viewKey = viewKeys.has(f.name);
    return row;
  });
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "3 streams, 41 fields added; 1 stream removed; replication changed for 2 streams". Unlike the
 * model's own text, a newly selected stream's method and key count as part of adding it (the key
 * staged for a forced INCREMENTAL stream is not a separate change the user made).
 */
export function summaryText(editor: SelectionEditor): string {
  const sum = editor.summary();
  let settings = 0;
  for (const entry of editor.diff().streams) {
    const s = editor.stream(entry.tap_stream_id);
    const streamMd = entry.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
    if (!s || !streamMd || s.selected !== true || !editor.isStreamSelected(entry.tap_stream_id)) continue;
    if ('replication-method' in streamMd || 'replication-key' in streamMd || 'view-key-properties' in streamMd) settings++;
  }
  const added = [sum.streamsAdded && plural(sum.streamsAdded, 'stream'), sum.fieldsAdded && plural(sum.fieldsAdded, 'field')].filter(Boolean);
  const removed = [sum.streamsRemoved && plural(sum.streamsRemoved, 'stream'), sum.fieldsRemoved && plural(sum.fieldsRemoved, 'field')].filter(Boolean);
  const parts = [
    added.length ? `${added.join(', ')} added` : '',
    removed.length ? `${removed.join(', ')} removed` : '',
    settings ? `replication changed for ${plural(settings, 'stream')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'No changes';
}

export function summaryView(editor: SelectionEditor): SelectionSummaryView {
  const issues = editor.issues();
  const errors = issues.filter((i) => i.severity === 'error');
  const errorStreams = [...new Set(errors.map((i) => i.tapStreamId))];
  return {
    text: summaryText(editor),
    hasChanges: editor.hasChanges,
    canApply: editor.hasChanges && errors.length === 0,
    errorCount: errors.length,
    errorStreams: errorStreams.slice(0, 50),
  };
}

// ----- edits ----------------------------------------------------------------------------------------

export interface OpsOutcome {
  /** Streams whose rows may have changed. */
  touched: Set<string>;
  refused: string[];
}

/** Applies the webview's edits to the model; refused edits are reported, never thrown. */
export function applyOps(editor: SelectionEditor, ops: readonly SelectionOp[]): OpsOutcome {
  const touched = new Set<string>();
  const deselected = new Set<string>();
  const refused: string[] = [];
  const known = (id: string): boolean => {
    if (editor.stream(id)) return true;
    refused.push(`Unknown stream "${id}".`);
    return false;
  };
  const result = (r: { ok: true } | { ok: false; message: string }): void => { if (!r.ok) refused.push(r.message); };
  for (const op of ops) {
    if (op.op === 'streams') {
      const ids = op.streams.filter(known);
      editor.setAllStreams(op.selected, ids);
      for (const id of ids) touched.add(id);
      if (!op.selected) for (const id of ids) deselected.add(id);
      continue;
    }
    if (!known(op.stream)) continue;
    touched.add(op.stream);
    switch (op.op) {
      case 'stream':
        result(editor.setStreamSelected(op.stream, op.selected));
        if (!op.selected) deselected.add(op.stream);
        break;
      case 'field': result(editor.setFieldSelected(op.stream, op.field, op.selected)); break;
      case 'allFields':
        if (!editor.stream(op.stream)?.fields) refused.push('The fields of this stream are not loaded yet.');
        else editor.setAllFields(op.stream, op.selected);
        break;
      case 'method': {
        result(editor.setReplicationMethod(op.stream, op.method));
        // A key that the new method does not use is left as is; a sole valid key is filled in.
        const s = editor.stream(op.stream)!;
        if (op.method === 'INCREMENTAL' && !editor.replicationKey(op.stream) && s.validReplicationKeys?.length === 1) {
          result(editor.setReplicationKey(op.stream, s.validReplicationKeys[0]!));
        }
        break;
      }
      case 'key': result(editor.setReplicationKey(op.stream, op.key)); break;
      case 'viewKey': {
        const s = editor.stream(op.stream)!;
        if (s.fields && !s.fields.some((f) => f.name === op.field)) { refused.push(`Unknown field "${op.field}".`); break; }
        const current = [...(editor.viewKeyProperties(op.stream) ?? [])];
        const next = op.on ? (current.includes(op.field) ? current : [...current, op.field]) : current.filter((k) => k !== op.field);
        result(editor.setViewKeyProperties(op.stream, next));
        break;
      }
    }
  }
  pruneNeverSelected(editor, deselected);
  return { touched, refused };
}

/**
 * Drops staged edits left on streams that are neither saved nor staged as selected: e.g. the key
 * the model stages when a forced-INCREMENTAL stream is selected stays behind when the stream is
 * deselected again, which would otherwise show as a change and be sent with Apply.
 */
function pruneNeverSelected(editor: SelectionEditor, ids: Iterable<string>): void {
  const stale = new Set<string>();
  for (const id of ids) if (!editor.isStreamSelected(id) && editor.stream(id)?.selected !== true) stale.add(id);
  if (stale.size === 0) return;
  const body = editor.diff();
  if (!body.streams.some((s) => stale.has(s.tap_stream_id))) return;
  editor.discard();
  replayStaged(editor, { streams: body.streams.filter((s) => !stale.has(s.tap_stream_id)) });
}

/** The staged edits in a form that survives a reload: exactly the metadata body Apply would send. */
export function stagedOf(editor: SelectionEditor): StagedSelection {
  return editor.diff();
}

/** Streams whose fields must be loaded before `staged` can be replayed (they carry field entries). */
export function streamsNeedingFields(staged: StagedSelection): string[] {
  return staged.streams.filter((s) => s.metadata.some((m) => m.breadcrumb.length > 0)).map((s) => s.tap_stream_id);
}

/**
 * Re-stages persisted edits on a freshly loaded model. Edits that no longer apply (a stream gone,
 * a field now locked) are skipped and described. Edits equal to the server state vanish by
 * themselves, which is also how a partially applied change is rebased.
 */
export function replayStaged(editor: SelectionEditor, staged: StagedSelection): string[] {
  const problems: string[] = [];
  const check = (r: { ok: true } | { ok: false; message: string }, what: string): void => { if (!r.ok) problems.push(`${what}: ${r.message}`); };
  for (const entry of staged.streams) {
    const id = entry.tap_stream_id;
    if (!editor.stream(id)) { problems.push(`Stream "${id}" no longer exists.`); continue; }
    const streamMd = entry.metadata.find((m) => m.breadcrumb.length === 0)?.metadata ?? {};
    if (typeof streamMd['selected'] === 'boolean') check(editor.setStreamSelected(id, streamMd['selected']), id);
    const method = streamMd['replication-method'];
    if (isOneOf(...METHODS)(method)) check(editor.setReplicationMethod(id, method), id);
    if (typeof streamMd['replication-key'] === 'string') check(editor.setReplicationKey(id, streamMd['replication-key']), id);
    const vk = streamMd['view-key-properties'];
    if (Array.isArray(vk) && vk.every(isString)) check(editor.setViewKeyProperties(id, vk), id);
    const fieldEntries = entry.metadata.filter((m) => m.breadcrumb.length === 2 && m.breadcrumb[0] === 'properties' && typeof m.metadata['selected'] === 'boolean');
    if (fieldEntries.length > 0 && !editor.stream(id)?.fields) { problems.push(`${id}: its fields could not be loaded.`); continue; }
    // Deselections first, so a field excluded by another one can be selected once that one is off.
    const ordered = [...fieldEntries.filter((m) => m.metadata['selected'] === false), ...fieldEntries.filter((m) => m.metadata['selected'] === true)];
    for (const m of ordered) check(editor.setFieldSelected(id, m.breadcrumb[1]!, m.metadata['selected'] as boolean), `${id}.${m.breadcrumb[1]}`);
  }
  return problems;
}

// ----- guards for the webview's params -------------------------------------------------------------

const isId = isShortString(MAX_ID);
const hasOnly = (value: Record<string, unknown>, keys: string[]): boolean => Object.keys(value).every((k) => keys.includes(k));

export const isSelectionOp: Guard<SelectionOp> = (value: unknown): value is SelectionOp => {
  if (!isRecord(value) || !isString(value.op)) return false;
  switch (value.op) {
    case 'stream':
      return hasOnly(value, ['op', 'stream', 'selected']) && isId(value.stream) && isBoolean(value.selected);
    case 'streams':
      return hasOnly(value, ['op', 'streams', 'selected']) && isArrayOf(isId, MAX_STREAMS_PER_OP)(value.streams) && isBoolean(value.selected);
    case 'field':
      return hasOnly(value, ['op', 'stream', 'field', 'selected']) && isId(value.stream) && isId(value.field) && isBoolean(value.selected);
    case 'allFields':
      return hasOnly(value, ['op', 'stream', 'selected']) && isId(value.stream) && isBoolean(value.selected);
    case 'method':
      return hasOnly(value, ['op', 'stream', 'method']) && isId(value.stream) && isOneOf(...METHODS)(value.method);
    case 'key':
      return hasOnly(value, ['op', 'stream', 'key']) && isId(value.stream) && isId(value.key) && value.key.length > 0;
    case 'viewKey':
      return hasOnly(value, ['op', 'stream', 'field', 'on']) && isId(value.stream) && isId(value.field) && isBoolean(value.on);
    default:
      return false;
  }
};

export function isEditParams(value: unknown): value is { ops: SelectionOp[] } {
  return isRecord(value) && hasOnly(value, ['ops']) && isArrayOf(isSelectionOp, MAX_OPS)(value.ops) && value.ops.length > 0;
}

export function isLoadFieldsParams(value: unknown): value is { stream: string } {
  return isRecord(value) && hasOnly(value, ['stream']) && isId(value.stream);
}

const WRITABLE_STREAM_KEYS = ['selected', 'replication-method', 'replication-key', 'view-key-properties'];

function isMetadataEntry(value: unknown): boolean {
  if (!isRecord(value) || !hasOnly(value, ['breadcrumb', 'metadata']) || !isRecord(value.metadata)) return false;
  const crumb = value.breadcrumb;
  const md = value.metadata;
  if (Array.isArray(crumb) && crumb.length === 0) {
    return hasOnly(md, WRITABLE_STREAM_KEYS)
      && (md['selected'] === undefined || isBoolean(md['selected']))
      && (md['replication-method'] === undefined || isOneOf(...METHODS)(md['replication-method']))
      && (md['replication-key'] === undefined || isId(md['replication-key']))
      && (md['view-key-properties'] === undefined || isArrayOf(isId, 1000)(md['view-key-properties']));
  }
  return Array.isArray(crumb) && crumb.length === 2 && crumb[0] === 'properties' && isId(crumb[1])
    && hasOnly(md, ['selected']) && isBoolean(md['selected']);
}

/** Staged edits coming back from the webview's saved state: the metadata body shape, writable keys only. */
export function isStagedSelection(value: unknown): value is StagedSelection {
  if (!isRecord(value) || !hasOnly(value, ['streams']) || !Array.isArray(value.streams) || value.streams.length > MAX_STREAMS_PER_OP) return false;
  let entries = 0;
  return value.streams.every((s: unknown) => {
    if (!isRecord(s) || !hasOnly(s, ['tap_stream_id', 'metadata']) || !isId(s.tap_stream_id) || !Array.isArray(s.metadata)) return false;
    entries += s.metadata.length;
    return entries <= 500_000 && s.metadata.every(isMetadataEntry);
  });
}

export function isInitParams(value: unknown): value is { staged?: StagedSelection } {
  if (value === undefined || value === null) return true;
  return isRecord(value) && hasOnly(value, ['staged']) && (value.staged === undefined || isStagedSelection(value.staged));
}

export function isNextStepParams(value: unknown): value is { action: 'syncNow' | 'editSchedule' } {
  return isRecord(value) && hasOnly(value, ['action']) && isOneOf('syncNow', 'editSchedule')(value.action);
}

/** The argument of `stitch.selectStreams`: a source id, or a tree node / object carrying one. */
export function sourceIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number' && Number.isSafeInteger(arg) && arg > 0) return arg;
  if (isRecord(arg)) {
    const id = arg['sourceId'];
    if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
  }
  return undefined;
}
