import { button, checkbox, h, t, textField, type Button, type Field } from '../ui';
import type { Flattened } from './rows';
import { icon } from './dom';
import type { SelectionStore } from './store';

/**
 * The page around the list: toolbar (filter, Selected only, select all/none, collapse, refresh),
 * banner, empty note, status line and footer (summary, problems, Discard, Apply), all from the
 * component layer. Critical layout is set through the CSSOM so it holds without the stylesheet.
 */
export class SelectionChrome {
  readonly filter: Field<string>;
  readonly selectedOnly: Field<boolean>;
  readonly selectAllBtn: Button;
  readonly selectNoneBtn: Button;
  readonly collapseBtn: Button;
  readonly refreshBtn: Button;
  readonly counts: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly bannerBox: HTMLElement;
  readonly viewport: HTMLElement;
  readonly spacer: HTMLElement;
  readonly emptyNote: HTMLElement;
  readonly summaryText: HTMLElement;
  readonly problemsText: HTMLElement;
  readonly showProblemBtn: Button;
  readonly discardBtn: Button;
  readonly applyBtn: Button;
  readonly footer: HTMLElement;
  readonly status: HTMLElement;

  constructor(root: HTMLElement, private readonly store: SelectionStore, private readonly retry: () => void, private readonly rerender: () => void) {
    root.classList.add('sel-root');
    Object.assign(root.style, { display: 'flex', flexDirection: 'column', height: '100vh', boxSizing: 'border-box' });
    this.filter = textField({ label: t('Filter streams'), placeholder: t('Filter streams by name or id'), spellcheck: false, value: store.filter });
    this.filter.control.classList.add('sel-filter');
    this.filter.element.classList.add('sel-filter-field');
    this.selectedOnly = checkbox({ label: t('Selected only'), checked: store.selectedOnly });
    this.selectedOnly.control.id = 'sel-selected-only';
    this.selectAllBtn = button({ label: t('Select all'), kind: 'secondary', data: { action: 'select-all' } });
    this.selectAllBtn.element.title = t('Select every stream shown (each with its default fields)');
    this.selectNoneBtn = button({ label: t('Select none'), kind: 'secondary', data: { action: 'select-none' } });
    this.selectNoneBtn.element.title = t('Deselect every stream shown');
    this.collapseBtn = button({ label: t('Collapse all'), kind: 'icon', icon: 'collapse-all', data: { action: 'collapse' } });
    this.refreshBtn = button({ label: t('Refresh'), kind: 'icon', icon: 'refresh', data: { action: 'refresh' } });
    this.counts = h('span', { class: 'sel-counts hint', 'aria-live': 'polite' });
    this.toolbar = h('div', { class: 'sel-toolbar' }, this.filter.element, this.selectedOnly.element, this.selectAllBtn.element, this.selectNoneBtn.element,
      this.collapseBtn.element, this.refreshBtn.element, this.counts);
    this.bannerBox = h('div', { class: 'sel-banner-box', 'aria-live': 'polite' });
    // One Tab stop (the active row); the help says the keys.
    this.viewport = h('div', { class: 'sel-viewport', role: 'tree', 'aria-label': t('Streams'), 'aria-describedby': 'sel-tree-help' });
    Object.assign(this.viewport.style, { position: 'relative', overflowY: 'auto', flex: '1 1 auto', minHeight: '120px' });
    this.spacer = h('div', { class: 'sel-spacer' });
    Object.assign(this.spacer.style, { position: 'relative', width: '100%' });
    this.viewport.append(this.spacer);
    const help = h('p', { id: 'sel-tree-help', class: 'sel-tree-help', hidden: true }, t('Arrow keys move, Space toggles, Right/Left expand and collapse, Enter opens a stream.'));
    this.emptyNote = h('p', { class: 'sel-empty hint' });
    this.summaryText = h('span', { class: 'sel-summary', 'aria-live': 'polite' });
    this.showProblemBtn = button({ label: t('Show'), kind: 'secondary', data: { action: 'show-problem' } });
    this.problemsText = h('span', { class: 'sel-problems' });
    this.discardBtn = button({ label: t('Discard'), kind: 'secondary', data: { action: 'discard' } });
    this.applyBtn = button({ label: t('Apply'), kind: 'primary', data: { action: 'apply' } });
    this.footer = h('div', { class: 'sel-footer' }, h('div', { class: 'sel-footer-text' }, this.summaryText, this.problemsText), this.discardBtn.element, this.applyBtn.element);
    this.status = h('div', { class: 'sel-status', role: 'status', 'aria-live': 'polite' });
    root.append(this.toolbar, this.bannerBox, this.emptyNote, help, this.viewport, this.status, this.footer);
  }

  say(message: string): void {
    this.status.textContent = message;
    this.status.classList.add('visible');
    setTimeout(() => { if (this.status.textContent === message) { this.status.textContent = ''; this.status.classList.remove('visible'); } }, 6000);
  }

  render(flat: Flattened): void {
    const store = this.store;
    const selectedCount = store.streams.reduce((n, s) => n + (s.selected ? 1 : 0), 0);
    this.counts.textContent = `${t('{0} of {1} streams shown', flat.shown.length.toLocaleString(), store.streams.length.toLocaleString())} · ${t('{0} selected', selectedCount.toLocaleString())}`;
    const hasChanges = store.summary?.hasChanges === true;
    this.summaryText.textContent = hasChanges ? `${t('Staged:')} ${store.summary!.text}` : t('No staged changes');
    if (store.summary && store.summary.errorCount > 0) {
      this.problemsText.replaceChildren(icon('error'), ` ${t('{0} problem(s) to fix before applying', store.summary.errorCount)} `, this.showProblemBtn.element);
    } else this.problemsText.replaceChildren();
    // Written only when they change: each write reaches the toolkit's button (its slot and attributes).
    const applying = store.busy === 'apply';
    if (this.applyBtn.busy !== applying) {
      this.applyBtn.setLabel(applying ? t('Applying…') : t('Apply'));
      this.applyBtn.busy = applying;
    }
    this.applyBtn.disabled = store.busy !== undefined || !store.summary?.canApply;
    this.discardBtn.disabled = store.busy !== undefined || !hasChanges;
    this.selectAllBtn.disabled = this.selectNoneBtn.disabled = store.busy === 'load' || flat.shown.length === 0;
    this.footer.classList.toggle('has-changes', hasChanges);
    this.renderBanner();
    let empty = '';
    if (store.busy === 'load' && !store.state) empty = t('Loading streams…');
    else if (store.state && store.streams.length === 0) {
      const step = store.state.source.step;
      empty = step && step !== 'field_selection' && step !== 'fully_configured'
        ? t('This source is at the "{0}" step: streams can be selected once discovery has finished.', step)
        : t('Stitch has no streams for this source yet. Streams appear once the connection check has discovered them.');
    } else if (store.state && flat.shown.length === 0) empty = t('No streams match the filter.');
    this.emptyNote.textContent = empty;
    this.emptyNote.hidden = empty === '';
  }

  private renderBanner(): void {
    const store = this.store;
    const b = store.loadError !== undefined
      ? { kind: 'error' as const, text: store.loadError, actions: [{ label: t('Retry'), run: () => this.retry() }] }
      : store.banner;
    // The same banner keeps its elements (and the focus on its buttons).
    if (this.bannerBox.firstElementChild && (this.bannerBox as { shown?: unknown }).shown === b) return;
    (this.bannerBox as { shown?: unknown }).shown = b;
    this.bannerBox.replaceChildren();
    if (!b) return;
    const box = h('div', { class: `sel-banner ${b.kind}`, role: b.kind === 'error' ? 'alert' : 'status' },
      icon(b.kind === 'error' ? 'error' : b.kind === 'success' ? 'pass' : 'info'), h('span', { class: 'sel-banner-text' }, b.text));
    for (const a of b.actions ?? []) box.append(button({ label: a.label, kind: 'secondary', data: { action: 'banner-action' }, onClick: a.run }).element);
    if (store.loadError === undefined) {
      box.append(button({ label: t('Dismiss'), kind: 'icon', icon: 'close', data: { action: 'dismiss' }, onClick: () => { store.banner = undefined; this.rerender(); } }).element);
    }
    this.bannerBox.append(box);
  }
}
