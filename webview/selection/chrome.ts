import type { Flattened } from './rows';
import { el, fmt, icon } from './dom';
import type { SelectionStore } from './store';

/**
 * The page around the list: toolbar (filter, Selected only, select all/none, collapse, refresh),
 * banner, empty note, status line and footer (summary, problems, Discard, Apply). Critical layout
 * is inline so it holds without the stylesheet.
 */
export class SelectionChrome {
  readonly filterInput: HTMLInputElement;
  readonly selectedOnlyBox: HTMLInputElement;
  readonly selectedOnlyLabel: HTMLLabelElement;
  readonly selectAllBtn: HTMLButtonElement;
  readonly selectNoneBtn: HTMLButtonElement;
  readonly collapseBtn: HTMLButtonElement;
  readonly refreshBtn: HTMLButtonElement;
  readonly counts: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly bannerBox: HTMLElement;
  readonly viewport: HTMLElement;
  readonly spacer: HTMLElement;
  readonly emptyNote: HTMLElement;
  readonly summaryText: HTMLElement;
  readonly problemsText: HTMLElement;
  readonly discardBtn: HTMLButtonElement;
  readonly applyBtn: HTMLButtonElement;
  readonly footer: HTMLElement;
  readonly status: HTMLElement;

  constructor(root: HTMLElement, private readonly store: SelectionStore, private readonly retry: () => void) {
    root.classList.add('sel-root');
    Object.assign(root.style, { display: 'flex', flexDirection: 'column', height: '100vh', boxSizing: 'border-box' });
    this.filterInput = el('input', { type: 'search', class: 'sel-filter', 'aria-label': 'Filter streams', spellcheck: 'false' });
    this.filterInput.value = store.filter;
    this.selectedOnlyBox = el('input', { type: 'checkbox', id: 'sel-selected-only' });
    this.selectedOnlyBox.checked = store.selectedOnly;
    this.selectedOnlyLabel = el('label', { for: 'sel-selected-only', class: 'sel-check-label' }, this.selectedOnlyBox, el('span', {}, 'Selected only'));
    this.selectAllBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'select-all' }, 'Select all');
    this.selectNoneBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'select-none' }, 'Select none');
    this.collapseBtn = el('button', { type: 'button', class: 'sel-icon-button', 'data-action': 'collapse' }, icon('collapse-all'));
    this.refreshBtn = el('button', { type: 'button', class: 'sel-icon-button', 'data-action': 'refresh' }, icon('refresh'));
    this.counts = el('span', { class: 'sel-counts hint', 'aria-live': 'polite' });
    this.toolbar = el('div', { class: 'sel-toolbar', role: 'toolbar' }, this.filterInput, this.selectedOnlyLabel, this.selectAllBtn, this.selectNoneBtn, this.collapseBtn, this.refreshBtn, this.counts);
    this.bannerBox = el('div', { class: 'sel-banner-box', 'aria-live': 'polite' });
    this.viewport = el('div', { class: 'sel-viewport', role: 'tree', 'aria-multiselectable': 'true', tabindex: '-1' });
    Object.assign(this.viewport.style, { position: 'relative', overflowY: 'auto', flex: '1 1 auto', minHeight: '120px' });
    this.spacer = el('div', { class: 'sel-spacer' });
    Object.assign(this.spacer.style, { position: 'relative', width: '100%' });
    this.viewport.append(this.spacer);
    this.emptyNote = el('p', { class: 'sel-empty hint' });
    this.summaryText = el('span', { class: 'sel-summary', 'aria-live': 'polite' });
    this.problemsText = el('span', { class: 'sel-problems error-text' });
    this.discardBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'discard' }, 'Discard');
    this.applyBtn = el('button', { type: 'button', class: 'sel-button primary', 'data-action': 'apply' }, 'Apply');
    this.footer = el('div', { class: 'sel-footer' }, el('div', { class: 'sel-footer-text' }, this.summaryText, this.problemsText), this.discardBtn, this.applyBtn);
    this.status = el('div', { class: 'sel-status', role: 'status', 'aria-live': 'polite' });
    root.append(this.toolbar, this.bannerBox, this.emptyNote, this.viewport, this.status, this.footer);
  }

  say(message: string): void {
    this.status.textContent = message;
    this.status.classList.add('visible');
    setTimeout(() => { if (this.status.textContent === message) { this.status.textContent = ''; this.status.classList.remove('visible'); } }, 6000);
  }

  applyTexts(): void {
    this.filterInput.placeholder = this.store.tx('filterPlaceholder', 'Filter streams by name or id');
    this.filterInput.setAttribute('aria-label', this.filterInput.placeholder);
    this.selectedOnlyLabel.lastElementChild!.textContent = this.store.tx('selectedOnly', 'Selected only');
    this.selectAllBtn.textContent = this.store.tx('selectAll', 'Select all');
    this.selectAllBtn.title = this.store.tx('selectAllTitle', 'Select every stream shown');
    this.selectNoneBtn.textContent = this.store.tx('selectNone', 'Select none');
    this.selectNoneBtn.title = this.store.tx('selectNoneTitle', 'Deselect every stream shown');
    this.collapseBtn.title = this.store.tx('expandAll', 'Collapse all');
    this.collapseBtn.setAttribute('aria-label', this.collapseBtn.title);
    this.refreshBtn.title = this.store.tx('refresh', 'Refresh');
    this.refreshBtn.setAttribute('aria-label', this.refreshBtn.title);
    this.discardBtn.textContent = this.store.tx('discard', 'Discard');
    this.viewport.setAttribute('aria-label', this.store.tx('keyboardHelp', 'Streams'));
  }

  render(flat: Flattened): void {
    const selectedCount = this.store.streams.reduce((n, s) => n + (s.selected ? 1 : 0), 0);
    this.counts.textContent = `${fmt(this.store.tx('streamsShown', '{0} of {1} streams shown'), flat.shown.length.toLocaleString(), this.store.streams.length.toLocaleString())} · ${fmt(this.store.tx('streamsSelected', '{0} selected'), selectedCount.toLocaleString())}`;
    const hasChanges = this.store.summary?.hasChanges === true;
    this.summaryText.textContent = hasChanges ? `${this.store.tx('staged', 'Staged:')} ${this.store.summary!.text}` : this.store.tx('noChanges', 'No staged changes');
    this.problemsText.replaceChildren();
    if (this.store.summary && this.store.summary.errorCount > 0) {
      const show = el('button', { type: 'button', class: 'sel-link', 'data-action': 'show-problem' }, this.store.tx('showProblem', 'Show'));
      this.problemsText.append(icon('error'), ` ${fmt(this.store.tx('problems', '{0} problem(s) to fix before applying'), this.store.summary.errorCount)} `, show);
    }
    this.applyBtn.textContent = this.store.busy === 'apply' ? this.store.tx('applying', 'Applying…') : this.store.tx('apply', 'Apply');
    this.applyBtn.disabled = this.store.busy !== undefined || !this.store.summary?.canApply;
    this.discardBtn.disabled = this.store.busy !== undefined || !hasChanges;
    this.selectAllBtn.disabled = this.selectNoneBtn.disabled = this.store.busy === 'load' || flat.shown.length === 0;
    this.footer.classList.toggle('has-changes', hasChanges);
    // Banner and empty states.
    this.bannerBox.replaceChildren();
    const b = this.store.loadError !== undefined
      ? { kind: 'error' as const, text: this.store.loadError, actions: [{ label: this.store.tx('retry', 'Retry'), run: () => this.retry() }] }
      : this.store.banner;
    if (b) {
      const box = el('div', { class: `sel-banner ${b.kind}`, role: b.kind === 'error' ? 'alert' : 'status' },
        icon(b.kind === 'error' ? 'error' : b.kind === 'success' ? 'pass' : 'info'), el('span', { class: 'sel-banner-text' }, b.text));
      for (const a of b.actions ?? []) {
        const btn = el('button', { type: 'button', class: 'sel-button secondary' }, a.label);
        btn.addEventListener('click', a.run);
        box.append(btn);
      }
      if (b !== undefined && this.store.loadError === undefined) {
        const close = el('button', { type: 'button', class: 'sel-icon-button', title: this.store.tx('dismiss', 'Dismiss'), 'aria-label': this.store.tx('dismiss', 'Dismiss') }, icon('close'));
        close.addEventListener('click', () => { this.store.banner = undefined; this.render(flat); });
        box.append(close);
      }
      this.bannerBox.append(box);
    }
    let empty = '';
    if (this.store.busy === 'load' && !this.store.state) empty = this.store.tx('loadingStreams', 'Loading streams…');
    else if (this.store.state && this.store.streams.length === 0) {
      const step = this.store.state.source.step;
      empty = step && step !== 'field_selection' && step !== 'fully_configured' ? fmt(this.store.tx('notReady', 'This source is at the "{0}" step.'), step) : this.store.tx('noStreams', 'No streams.');
    } else if (this.store.state && flat.shown.length === 0) empty = this.store.tx('noMatches', 'No streams match the filter.');
    this.emptyNote.textContent = empty;
    this.emptyNote.hidden = empty === '';
  }
}
