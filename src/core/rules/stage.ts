/**
 * A rule preview turned into staged edits of the selection panel's SelectionEditor, so the panel's
 * usual Apply sends it: the editor keeps only what differs from the server and writes the minimal
 * `PUT streams/metadata` body, stream entry first (reference §4.8).
 */
import { SelectionEditor, type MetadataUpdateBody, type ReplicationMethod, type SelectionIssue, type StreamModel } from '../selection';
import type { RulePreview } from './preview';

export interface StageOutcome {
  /** Streams whose edits the editor refused, with its reason (e.g. an unknown stream). */
  readonly refused: readonly string[];
  /** Streams the rules concern whose fields must be loaded before the rules can be staged. */
  readonly needsFields: readonly string[];
}

/**
 * Stages the preview's result on `editor` (over whatever is staged already). Refuses to stage
 * anything while the rules have errors or some stream still needs its fields.
 */
export function stagePreview(editor: SelectionEditor, preview: RulePreview): StageOutcome {
  const needsFields = preview.streams.filter((s) => s.needsFields).map((s) => s.id);
  if (preview.errors.length > 0) return { refused: [`The rules have ${preview.errors.length === 1 ? 'an error' : `${preview.errors.length} errors`}: fix ${preview.errors.length === 1 ? 'it' : 'them'} first.`], needsFields };
  if (needsFields.length > 0) return { refused: [], needsFields };
  const refused: string[] = [];
  const check = (id: string, r: { ok: true } | { ok: false; message: string }): void => {
    if (!r.ok) refused.push(`${id}: ${r.message}`);
  };
  for (const s of preview.streams) {
    if (!editor.stream(s.id)) { refused.push(`${s.id}: not in this source's streams.`); continue; }
    if (s.outcome === 'excluded') { check(s.id, editor.setStreamSelected(s.id, false)); continue; }
    check(s.id, editor.setStreamSelected(s.id, true));
    if (s.method) check(s.id, editor.setReplicationMethod(s.id, s.method.value as ReplicationMethod));
    if (s.key) check(s.id, editor.setReplicationKey(s.id, s.key.value));
    if (s.viewKeys) check(s.id, editor.setViewKeyProperties(s.id, [...s.viewKeys.value]));
    // Deselect first, so a field the rules swap for its fieldExclusions partner is never blocked.
    for (let i = 0; i < s.fieldCount; i++) {
      const f = s.field(i);
      if (f.outcome === 'excluded' && editor.fieldSelectedValue(s.id, f.name) === true) check(s.id, editor.setFieldSelected(s.id, f.name, false));
    }
    for (let i = 0; i < s.fieldCount; i++) {
      const f = s.field(i);
      if (f.outcome === 'selected') check(s.id, editor.setFieldSelected(s.id, f.name, true));
    }
  }
  return { refused, needsFields };
}

export interface RulePlan {
  readonly body: MetadataUpdateBody;
  /** Problems that block Apply (e.g. a database stream with no replication method). */
  readonly issues: readonly SelectionIssue[];
  readonly summary: string;
  readonly refused: readonly string[];
  readonly needsFields: readonly string[];
}

/**
 * The editor's diff drops field entries of a stream being deselected. A server that still holds
 * `selected: true` fields in a stream being deselected refuses that (the emulator answers "fields
 * cannot be selected in a stream that is not selected"), and the hidden selections would come
 * back if the stream were selected again; so those fields are deselected too, before the stream.
 */
export function completeDeselections(body: MetadataUpdateBody, server: (id: string) => StreamModel | undefined): MetadataUpdateBody {
  return {
    streams: body.streams.map((entry) => {
      const deselects = entry.metadata.some((m) => m.breadcrumb.length === 0 && m.metadata['selected'] === false);
      const fields = deselects ? server(entry.tap_stream_id)?.fields?.filter((f) => f.selected === true) ?? [] : [];
      if (fields.length === 0) return entry;
      // Fields first: when a large body is split, no request leaves a selected field in a deselected stream.
      return { ...entry, metadata: [...fields.map((f) => ({ breadcrumb: ['properties', f.name], metadata: { selected: false } })), ...entry.metadata] };
    }),
  };
}

/** The metadata body that applies the preview to `streams` (the server state), and what blocks it. */
export function planRules(streams: Iterable<StreamModel>, preview: RulePreview): RulePlan {
  const editor = new SelectionEditor(streams);
  const { refused, needsFields } = stagePreview(editor, preview);
  const body = completeDeselections(editor.diff(), (id) => editor.stream(id));
  return { body, issues: editor.issues(), summary: editor.summary().text, refused, needsFields };
}
