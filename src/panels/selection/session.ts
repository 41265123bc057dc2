/**
 * One source's selection session on the host: the streams list, lazily loaded fields, the staged
 * edits (in SelectionEditor) and Apply. No vscode import, so it runs in unit tests against the
 * emulator; the panel wraps it with the webview and notifications.
 */
import { put } from '../../core/dict';
import type { Source, Stream, StreamMetadataUpdate, StreamSchema, StatusBody } from '../../api/types';
import { parseStreamSchema, SelectionEditor, splitMetadataBody, streamFromListItem, type StreamListItem, type StreamModel } from '../../core/selection';
import {
  applyOps, fieldRows, METADATA_BATCH_ENTRIES, replayStaged, stagedOf, streamRow, streamsNeedingFields, summaryText, summaryView,
} from '../../core/selectionView';
import { completeDeselections, RulePreviewer, stagePreview, type RulePreview } from '../../core/rules';
import { rulePreviewMessage } from '../../core/rulesView';
import { orderKey } from '../../protocol/rulesWire';
import { mapPool } from '../../core/pool';
import type {
  FieldRowView, RulePreviewMessage, RulesApplyResult, SelectionEditResult, SelectionLoadFieldsResult, SelectionOp, SelectionSourceView, SelectionState, StagedSelection,
} from '../../protocol/selection';

/** The part of StitchClient the session uses. */
export interface SelectionApi {
  getSource(sourceId: number): Promise<Source>;
  listStreams(sourceId: number): Promise<Stream[]>;
  getStreamSchema(sourceId: number, streamId: number): Promise<StreamSchema>;
  updateStreamMetadata(sourceId: number, body: StreamMetadataUpdate): Promise<StatusBody>;
}

/** Apply was refused before any request: inline errors must be fixed first. */
export class SelectionBlockedError extends Error {}

export interface ApplyOutcome {
  appliedText: string;
  stepBefore?: string;
  stepAfter?: string;
  becameConfigured: boolean;
}

/** Schema reads at once when many streams' fields are needed (rules, deselections). */
const FIELD_LOAD_CONCURRENCY = 6;

const stepOf = (source: Source): string | undefined => (source.report_card as { current_step_type?: string } | undefined)?.current_step_type;

export class SelectionSession {
  private editor: SelectionEditor | undefined;
  private listItems = new Map<string, Stream>();
  private readonly fieldLoads = new Map<string, Promise<void>>();
  private source: SelectionSourceView;
  private notRestored: string[] = [];
  private applying: Promise<ApplyOutcome> | undefined;
  /** Bumped whenever the server catalogue the rules see changes (load, fields loaded, apply). */
  private catalogueVersion = 0;
  private previewer: { version: number; previewer: RulePreviewer; order: string } | undefined;

  constructor(private readonly api: () => SelectionApi, readonly sourceId: number, private readonly batchEntries = METADATA_BATCH_ENTRIES) {
    this.source = { id: sourceId, name: `Source ${sourceId}`, type: '' };
  }

  get loaded(): boolean { return this.editor !== undefined; }
  get sourceView(): SelectionSourceView { return this.source; }
  get hasChanges(): boolean { return this.editor?.hasChanges ?? false; }

  /** Loads the source and its streams (one request each); staged edits are replayed on top. */
  async load(staged?: StagedSelection): Promise<SelectionState> {
    const api = this.api();
    const [source, streams] = await Promise.all([api.getSource(this.sourceId), api.listStreams(this.sourceId)]);
    this.setSource(source);
    const keep = staged ?? (this.editor ? stagedOf(this.editor) : undefined);
    const previouslyLoaded = this.editor ? this.editor.allStreamIds().filter((id) => this.editor!.stream(id)?.fields) : [];
    this.listItems = new Map(streams.map((s) => [s.tap_stream_id, s]));
    this.editor = new SelectionEditor(streams.map((s) => streamFromListItem(s as StreamListItem)));
    this.fieldLoads.clear();
    this.catalogueVersion++;
    // Fields the user already saw stay loaded; fields that staged edits need are loaded now.
    const needed = new Set([...previouslyLoaded, ...(keep ? streamsNeedingFields(keep) : [])]);
    await Promise.all([...needed].filter((id) => this.listItems.has(id)).map((id) => this.ensureFields(id).catch(() => undefined)));
    this.notRestored = keep ? replayStaged(this.editor, keep) : [];
    return this.state();
  }

  /** The source as the store now has it (renamed, paused, configured elsewhere): staged edits stay. */
  followSource(source: Source): void { this.setSource(source); }

  private setSource(source: Source): void {
    const step = stepOf(source);
    this.source = { id: source.id, name: source.display_name || source.name, type: source.type, ...(step ? { step } : {}) };
  }

  private requireEditor(): SelectionEditor {
    if (!this.editor) throw new Error('The streams are not loaded yet.');
    return this.editor;
  }

  /** Loads one stream's fields (one request, deduplicated while in flight). */
  ensureFields(id: string): Promise<void> {
    const editor = this.requireEditor();
    const model = editor.stream(id);
    if (!model) return Promise.reject(new Error(`Unknown stream "${id}".`));
    if (model.fields) return Promise.resolve();
    const item = this.listItems.get(id);
    if (!item || typeof item.stream_id !== 'number') return Promise.reject(new Error(`Stream "${id}" has no numeric id to load its fields with.`));
    let pending = this.fieldLoads.get(id);
    if (!pending) {
      pending = this.api().getStreamSchema(this.sourceId, item.stream_id).then((schema) => {
        if (this.editor !== editor) return; // reloaded meanwhile
        const parsed: StreamModel = parseStreamSchema(id, schema, item as StreamListItem);
        // The list knows the stream-level state the schema may omit (e.g. row count).
        const listed = editor.stream(id)!;
        editor.setServerStream({ ...listed, ...parsed, name: listed.name, selected: parsed.selected ?? listed.selected });
        this.catalogueVersion++;
      }).finally(() => this.fieldLoads.delete(id));
      this.fieldLoads.set(id, pending);
    }
    return pending;
  }

  /** Loads the fields of many streams, a few at a time; a stream that fails stays unloaded. */
  private async ensureAll(ids: readonly string[]): Promise<void> {
    await mapPool(ids, FIELD_LOAD_CONCURRENCY, (id) => this.ensureFields(id).catch(() => undefined));
  }

  async loadFields(id: string): Promise<SelectionLoadFieldsResult> {
    await this.ensureFields(id);
    const editor = this.requireEditor();
    return { stream: streamRow(editor, id), fields: fieldRows(editor, id) ?? [] };
  }

  state(): SelectionState {
    const editor = this.requireEditor();
    const ids = editor.allStreamIds();
    const fields: Record<string, FieldRowView[]> = {};
    for (const id of ids) {
      const rows = editor.stream(id)?.fields ? fieldRows(editor, id) : undefined;
      if (rows) put(fields, id, rows); // a stream id is any string, `__proto__` included
    }
    const state: SelectionState = {
      source: this.source,
      streams: ids.map((id) => streamRow(editor, id)),
      fields,
      summary: summaryView(editor),
      staged: stagedOf(editor),
    };
    if (this.notRestored.length > 0) state.notRestored = [...this.notRestored];
    return state;
  }

  edit(ops: readonly SelectionOp[]): SelectionEditResult {
    const editor = this.requireEditor();
    const { touched, refused } = applyOps(editor, ops);
    const fields: Record<string, FieldRowView[]> = {};
    for (const id of touched) {
      const rows = fieldRows(editor, id);
      if (rows) put(fields, id, rows); // a stream id is any string, `__proto__` included
    }
    return { streams: [...touched].map((id) => streamRow(editor, id)), fields, summary: summaryView(editor), staged: stagedOf(editor), refused };
  }

  discard(): SelectionState {
    this.requireEditor().discard();
    this.notRestored = [];
    return this.state();
  }

  /** A rule preview over the catalogue as loaded; the fields the rules concern are loaded first. */
  private async rulePreview(text: string): Promise<{ preview: RulePreview; order: string }> {
    let previewer = this.rulePreviewer();
    let preview = previewer.previewer.preview(text);
    const needs = preview.streams.filter((s) => s.needsFields).map((s) => s.id);
    if (needs.length > 0) {
      await this.ensureAll(needs);
      previewer = this.rulePreviewer();
      preview = previewer.previewer.preview(text);
    }
    return { preview, order: previewer.order };
  }

  /** Kept while the catalogue stays the same, so each keystroke reuses its cached matches. */
  private rulePreviewer(): { previewer: RulePreviewer; order: string } {
    const editor = this.requireEditor();
    if (this.previewer?.version !== this.catalogueVersion) {
      const ids = editor.allStreamIds();
      this.previewer = { version: this.catalogueVersion, previewer: new RulePreviewer(ids.map((id) => editor.stream(id)!)), order: orderKey(ids) };
    }
    return this.previewer;
  }

  /** The Rules box's preview: the deciding rule per stream, and per field of the streams in `fieldsFor`. */
  async previewRules(text: string, fieldsFor?: readonly string[]): Promise<RulePreviewMessage> {
    const { preview, order } = await this.rulePreview(text);
    return rulePreviewMessage(preview, fieldsFor, order);
  }

  /** Stages the rules' result over the staged edits; the usual Apply sends it. */
  async applyRules(text: string): Promise<RulesApplyResult> {
    const { preview } = await this.rulePreview(text);
    const { refused, needsFields } = stagePreview(this.requireEditor(), preview);
    const notLoaded = needsFields.length > 0 ? [`The fields of ${needsFields.length} stream(s) could not be loaded (e.g. ${needsFields[0]}), so nothing was staged: try again.`] : [];
    return { state: this.state(), refused: [...refused, ...notLoaded] };
  }

  /** The staged edits as they stand (what a reload would replay). */
  staged(): StagedSelection {
    return this.editor ? stagedOf(this.editor) : { streams: [] };
  }

  /**
   * Sends the minimal metadata diff, in batches for large changes. Blocked (no request) while a
   * staged stream has an inline error. On failure nothing staged is lost: after a partial
   * failure the session reloads the server state and re-stages what did not reach the server.
   */
  apply(): Promise<ApplyOutcome> {
    this.applying ??= this.doApply().finally(() => { this.applying = undefined; });
    return this.applying;
  }

  private async doApply(): Promise<ApplyOutcome> {
    const editor = this.requireEditor();
    if (!editor.hasChanges) return { appliedText: 'No changes', becameConfigured: false, ...(this.source.step ? { stepBefore: this.source.step, stepAfter: this.source.step } : {}) };
    const errors = editor.issues().filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new SelectionBlockedError(errors.length === 1
        ? `${errors[0]!.tapStreamId}: ${errors[0]!.message}`
        : `${errors.length} problems must be fixed first, e.g. ${errors[0]!.tapStreamId}: ${errors[0]!.message}`);
    }
    const appliedText = summaryText(editor);
    const stepBefore = this.source.step;
    // A stream deselected while fields of it are selected on the server: Stitch refuses that, so
    // those fields are deselected first, in the same request (their schemas are read to know them).
    const deselecting = editor.diff().streams
      .filter((e) => e.metadata.some((m) => m.breadcrumb.length === 0 && m.metadata['selected'] === false))
      .map((e) => e.tap_stream_id)
      .filter((id) => editor.stream(id)?.selected === true);
    await this.ensureAll(deselecting.filter((id) => !editor.stream(id)?.fields));
    const batches = splitMetadataBody(completeDeselections(editor.diff(), (id) => editor.stream(id)), this.batchEntries);
    const api = this.api();
    for (let i = 0; i < batches.length; i++) {
      try {
        await api.updateStreamMetadata(this.sourceId, batches[i]!);
      } catch (error) {
        if (i > 0) await this.load(stagedOf(editor)).catch(() => undefined); // rebase: keep only what is still unapplied
        throw error;
      }
    }
    editor.commit();
    for (const id of deselecting) {
      const model = editor.stream(id);
      if (model?.fields) editor.setServerStream({ ...model, fields: model.fields.map((f) => (f.selected === true ? { ...f, selected: false } : f)) });
    }
    this.catalogueVersion++;
    this.notRestored = [];
    try {
      this.setSource(await api.getSource(this.sourceId));
    } catch {
      // The selection is saved; the step is only informative.
    }
    const stepAfter = this.source.step;
    return {
      appliedText,
      becameConfigured: stepBefore !== 'fully_configured' && stepAfter === 'fully_configured',
      ...(stepBefore ? { stepBefore } : {}),
      ...(stepAfter ? { stepAfter } : {}),
    };
  }
}
