import type {
  FieldRowView, RulePreviewView, SelectionEditResult, SelectionState, SelectionSummaryView, StagedSelection, StreamRowView,
} from '../../src/protocol/selection';
import { t } from '../ui';
import type { Persisted } from './persistence';
import { flatten, type Flattened } from './rows';

/** The rule that decided a row: its number for people (from 1), its text, and what it did. */
export interface RuleTag { n: number; text: string; selects: boolean }

export type Banner = { kind: 'error' | 'info' | 'success'; text: string; actions?: Array<{ label: string; run: () => void }> };

/**
 * What the selection view knows, without the DOM: the host's state (streams, loaded fields, the
 * staged summary) and the view's own (expanded streams, filter, active row, banner, busy).
 */
export class SelectionStore {
  state: SelectionState | undefined;
  streams: StreamRowView[] = [];
  readonly streamIndex = new Map<string, number>();
  readonly fields = new Map<string, FieldRowView[]>();
  readonly fieldErrors = new Map<string, string>();
  readonly loadingFields = new Set<string>();
  readonly expanded: Set<string>;
  filter: string;
  selectedOnly: boolean;
  summary: SelectionSummaryView | undefined;
  staged: StagedSelection | undefined;
  active: string | undefined;
  banner: Banner | undefined;
  busy: 'apply' | 'discard' | 'load' | 'rules' | undefined = 'load';
  loadError: string | undefined;
  /** The Rules box's text and its latest preview: the deciding rule per stream and field. */
  rulesText: string;
  rulePreview: RulePreviewView | undefined;
  readonly streamRules = new Map<string, RuleTag>();
  readonly fieldRules = new Map<string, Map<string, RuleTag>>();

  constructor(saved: Persisted | undefined) {
    this.expanded = new Set<string>(Array.isArray(saved?.expanded) ? saved.expanded.filter((x) => typeof x === 'string') : []);
    this.filter = typeof saved?.filter === 'string' ? saved.filter : '';
    this.selectedOnly = saved?.selectedOnly === true;
    this.staged = saved?.staged;
    this.active = saved?.active;
    this.rulesText = typeof saved?.rules === 'string' ? saved.rules : '';
  }

  /** A preview from the host (undefined: no rules); tags are looked up by the rows as they render. */
  adoptRulePreview(view: RulePreviewView | undefined): void {
    this.rulePreview = view;
    this.streamRules.clear();
    this.fieldRules.clear();
    if (!view) return;
    const texts = new Map(view.rules.map((r) => [r.index, r.text]));
    const tag = (rule: number, on: 0 | 1): RuleTag => ({ n: rule + 1, text: texts.get(rule) ?? '', selects: on === 1 });
    for (const [id, rule, on] of view.streams) this.streamRules.set(id, tag(rule, on));
    for (const [id, rows] of Object.entries(view.fields)) this.fieldRules.set(id, new Map(rows.map(([name, rule, on]) => [name, tag(rule, on)])));
  }

  stream(id: string): StreamRowView { return this.streams[this.streamIndex.get(id)!]!; }

  setStream(row: StreamRowView): void {
    const i = this.streamIndex.get(row.id);
    if (i !== undefined) this.streams[i] = row;
  }

  flatten(): Flattened {
    const { streams, fields, fieldErrors, expanded, filter, selectedOnly } = this;
    return flatten({ streams, fields, fieldErrors, expanded, filter, selectedOnly });
  }

  /** A full state from the host: everything it owns is replaced; the view's own choices stay. */
  adoptState(next: SelectionState): void {
    this.state = next;
    this.streams = next.streams;
    this.streamIndex.clear();
    next.streams.forEach((s, i) => this.streamIndex.set(s.id, i));
    this.fields.clear();
    for (const [id, rows] of Object.entries(next.fields)) this.fields.set(id, rows);
    this.fieldErrors.clear();
    this.summary = next.summary;
    this.staged = next.staged;
    for (const id of [...this.expanded]) if (!this.streamIndex.has(id)) this.expanded.delete(id);
    if (next.notRestored && next.notRestored.length > 0) {
      this.banner = { kind: 'info', text: `${t('Some staged changes could not be restored:')} ${next.notRestored.slice(0, 5).join(' ')}` };
    }
  }

  /** The answer to an edit: the changed rows; returns the first refusal to tell the user. */
  adoptEdit(result: SelectionEditResult): string | undefined {
    for (const row of result.streams) this.setStream(row);
    for (const [id, rows] of Object.entries(result.fields)) this.fields.set(id, rows);
    this.summary = result.summary;
    this.staged = result.staged;
    return result.refused[0];
  }

  /** What persistence saves; `scrollTop` comes from the list. */
  persisted(scrollTop: number, saved: Persisted | undefined): Persisted {
    const p: Persisted = { v: 1, filter: this.filter, selectedOnly: this.selectedOnly, expanded: [...this.expanded].slice(0, 1000), scrollTop };
    if (this.state) p.sourceId = this.state.source.id;
    else if (typeof saved?.sourceId === 'number') p.sourceId = saved.sourceId;
    if (this.staged && this.staged.streams.length > 0) p.staged = this.staged;
    if (this.active) p.active = this.active;
    if (this.rulesText) p.rules = this.rulesText;
    return p;
  }
}
