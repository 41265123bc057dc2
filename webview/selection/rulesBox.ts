import type { RulePreviewView, SelectionEvents, SelectionRequests } from '../../src/protocol/selection';
import type { TypedHostChannel } from '../channel';
import { button, h, t, type Button } from '../ui';
import { decodeRulePreview } from './rulesPreviewData';
import type { SelectionStore } from './store';

/** Typing settles this long before the host previews (the preview itself takes milliseconds). */
const DEBOUNCE_MS = 120;
/** Field rows ask for their deciding rule only for expanded streams, at most this many. */
const MAX_FIELDS_FOR = 500;

/**
 * The Rules box above the tree: a text area previewed live on the host, the flagged rules and
 * errors under it (an aria-live region), and Apply Rules. A newer keystroke's answer supersedes
 * older ones: answers that come back out of order are dropped.
 */
export class RulesBox {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  readonly applyBtn: Button;
  private readonly label: HTMLLabelElement;
  private readonly totals: HTMLElement;
  private readonly flags: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private shownFlags = '';
  pending = false;

  constructor(
    private readonly store: SelectionStore,
    private readonly channel: TypedHostChannel<SelectionRequests, SelectionEvents>,
    /** The rows' tags changed: redraw the mounted rows. */
    private readonly onPreview: () => void,
    private readonly onApply: () => void,
    private readonly onTextChange: () => void,
  ) {
    // A platform textarea: the layer has no multi-line field (rules are one per line).
    this.textarea = h('textarea', { id: 'sel-rules', class: 'sel-rules-text', rows: '3', spellcheck: 'false', 'aria-describedby': 'sel-rules-flags',
      placeholder: t('One rule per line, the last matching rule wins, e.g.\nshop-public-*.*\n!*.*_pii\n!audit_*') });
    this.textarea.value = store.rulesText;
    this.label = h('label', { for: 'sel-rules', class: 'sel-setting-label' }, t('Rules'));
    this.applyBtn = button({ label: t('Apply Rules'), kind: 'secondary', data: { action: 'apply-rules' } });
    this.applyBtn.element.title = t('Stage what the rules select as changes; Apply sends them');
    this.totals = h('span', { class: 'sel-rules-totals hint' });
    this.flags = h('div', { id: 'sel-rules-flags', class: 'sel-rules-flags', 'aria-live': 'polite' });
    const head = h('div', { class: 'sel-rules-head' }, this.label, this.totals, h('span', { class: 'sel-spacer-flex' }), this.applyBtn.element);
    Object.assign(head.style, { display: 'flex', alignItems: 'center', gap: '8px' });
    this.root = h('div', { class: 'sel-rules' }, head, this.textarea, this.flags);
    this.textarea.addEventListener('input', () => {
      this.store.rulesText = this.textarea.value;
      this.onTextChange();
      this.schedule();
    });
    this.applyBtn.onClick(() => this.onApply());
  }

  /** Previews after typing settles (or at once). */
  schedule(now = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.preview(); }, now ? 0 : DEBOUNCE_MS);
  }

  private async preview(): Promise<void> {
    const seq = ++this.seq;
    const text = this.store.rulesText;
    if (text.trim() === '') { this.show(undefined); return; }
    this.pending = true;
    this.render();
    const fieldsFor = [...this.store.expanded].filter((id) => this.store.fields.has(id)).slice(0, MAX_FIELDS_FOR);
    try {
      const view = decodeRulePreview(await this.channel.request('selection/previewRules', { text, ...(fieldsFor.length > 0 ? { fieldsFor } : {}) }), this.store.streams, this.store.fields);
      if (seq === this.seq) this.show(view);
    } catch (error) {
      if (seq === this.seq) { this.show(undefined); this.setFlags([(error as Error).message]); }
    }
  }

  private show(view: RulePreviewView | undefined): void {
    this.pending = false;
    this.store.adoptRulePreview(view);
    const flags: string[] = [];
    for (const e of view?.errors ?? []) flags.push(t('Line {0}, column {1}: {2}', e.line, e.column, e.message));
    for (const r of view?.rules ?? []) if (r.message) flags.push(r.message);
    for (const c of view?.conflicts ?? []) flags.push(c);
    if (view && view.needsFields.length > 0) flags.push(t('The fields of {0} streams could not be loaded, so the preview is incomplete.', view.needsFields.length));
    this.setFlags(flags);
    this.render();
    this.onPreview();
  }

  private setFlags(flags: string[]): void {
    // Rewritten only when it changes, so screen readers announce news, not every keystroke.
    const key = flags.join('\n');
    if (key === this.shownFlags) return;
    this.shownFlags = key;
    this.flags.replaceChildren(...flags.map((f) => h('div', { class: 'sel-rules-flag' }, f)));
    this.flags.hidden = flags.length === 0;
  }

  render(): void {
    const p = this.store.rulePreview;
    this.totals.textContent = this.pending
      ? t('Previewing…')
      : p ? t('The rules select {0} streams and replicate {1} fields.', p.totals.streamsSelected.toLocaleString(), p.totals.fieldsReplicated.toLocaleString()) : '';
    this.applyBtn.disabled = this.store.busy !== undefined || !p || p.errors.length > 0 || this.store.rulesText.trim() === '';
  }
}
