import type {
  FieldRowView, SelectionApplyResult, SelectionEditResult, SelectionLoadFieldsResult, SelectionOp, SelectionState,
  SelectionSummaryView, StagedSelection, StreamRowView,
} from '../../src/protocol/selection';
import type { HostChannel } from '../channel';
import { getState, setState } from '../vscodeApi';
import { flatten, ROW_HEIGHT, rowAt, rowKey, type Flattened, type Row } from './rows';

/** What survives hide, reload and restart (no secrets here: selection only). */
interface Persisted {
  v: 1;
  sourceId?: number;
  staged?: StagedSelection;
  filter: string;
  selectedOnly: boolean;
  expanded: string[];
  scrollTop: number;
  active?: string;
}

type Banner = { kind: 'error' | 'info' | 'success'; text: string; actions?: Array<{ label: string; run: () => void }> };

const OVERSCAN = 8;
const MAX_RESTORED_EXPANDED = 50;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const icon = (name: string, label?: string): HTMLElement => {
  const i = el('span', { class: `codicon codicon-${name}` });
  if (label) { i.setAttribute('role', 'img'); i.setAttribute('aria-label', label); i.title = label; } else i.setAttribute('aria-hidden', 'true');
  return i;
};

const fmt = (template: string, ...args: Array<string | number>): string =>
  template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));

export function mountSelection(root: HTMLElement, channel: HostChannel): void {
  const saved = getState<Persisted>();
  let text: Record<string, string> = {};
  const tx = (key: string, fallback: string): string => text[key] ?? fallback;

  // ----- model -----
  let state: SelectionState | undefined;
  let streams: StreamRowView[] = [];
  const streamIndex = new Map<string, number>();
  const fields = new Map<string, FieldRowView[]>();
  const fieldErrors = new Map<string, string>();
  const loadingFields = new Set<string>();
  const expanded = new Set<string>(Array.isArray(saved?.expanded) ? saved.expanded.filter((x) => typeof x === 'string') : []);
  let filter = typeof saved?.filter === 'string' ? saved.filter : '';
  let selectedOnly = saved?.selectedOnly === true;
  let summary: SelectionSummaryView | undefined;
  let staged: StagedSelection | undefined = saved?.staged;
  let flat: Flattened = { rows: [], offsets: new Float64Array(1), total: 0, shown: [] };
  let active: string | undefined = saved?.active;
  let banner: Banner | undefined;
  let busy: 'apply' | 'discard' | 'load' | undefined = 'load';
  let loadError: string | undefined;
  let restoreScroll = typeof saved?.scrollTop === 'number' ? saved.scrollTop : 0;
  let editChain: Promise<unknown> = Promise.resolve();

  // ----- layout: toolbar, banner, list, footer. Critical layout is inline so it holds without the stylesheet. -----
  root.classList.add('sel-root');
  Object.assign(root.style, { display: 'flex', flexDirection: 'column', height: '100vh', boxSizing: 'border-box' });
  const filterInput = el('input', { type: 'search', class: 'sel-filter', 'aria-label': 'Filter streams', spellcheck: 'false' });
  filterInput.value = filter;
  const selectedOnlyBox = el('input', { type: 'checkbox', id: 'sel-selected-only' });
  selectedOnlyBox.checked = selectedOnly;
  const selectedOnlyLabel = el('label', { for: 'sel-selected-only', class: 'sel-check-label' }, selectedOnlyBox, el('span', {}, 'Selected only'));
  const selectAllBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'select-all' }, 'Select all');
  const selectNoneBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'select-none' }, 'Select none');
  const collapseBtn = el('button', { type: 'button', class: 'sel-icon-button', 'data-action': 'collapse' }, icon('collapse-all'));
  const refreshBtn = el('button', { type: 'button', class: 'sel-icon-button', 'data-action': 'refresh' }, icon('refresh'));
  const counts = el('span', { class: 'sel-counts hint', 'aria-live': 'polite' });
  const toolbar = el('div', { class: 'sel-toolbar', role: 'toolbar' }, filterInput, selectedOnlyLabel, selectAllBtn, selectNoneBtn, collapseBtn, refreshBtn, counts);
  const bannerBox = el('div', { class: 'sel-banner-box', 'aria-live': 'polite' });
  const viewport = el('div', { class: 'sel-viewport', role: 'tree', 'aria-multiselectable': 'true', tabindex: '-1' });
  Object.assign(viewport.style, { position: 'relative', overflowY: 'auto', flex: '1 1 auto', minHeight: '120px' });
  const spacer = el('div', { class: 'sel-spacer' });
  Object.assign(spacer.style, { position: 'relative', width: '100%' });
  viewport.append(spacer);
  const emptyNote = el('p', { class: 'sel-empty hint' });
  const summaryText = el('span', { class: 'sel-summary', 'aria-live': 'polite' });
  const problemsText = el('span', { class: 'sel-problems error-text' });
  const discardBtn = el('button', { type: 'button', class: 'sel-button secondary', 'data-action': 'discard' }, 'Discard');
  const applyBtn = el('button', { type: 'button', class: 'sel-button primary', 'data-action': 'apply' }, 'Apply');
  const footer = el('div', { class: 'sel-footer' }, el('div', { class: 'sel-footer-text' }, summaryText, problemsText), discardBtn, applyBtn);
  const status = el('div', { class: 'sel-status', role: 'status', 'aria-live': 'polite' });
  root.append(toolbar, bannerBox, emptyNote, viewport, status, footer);

  // ----- persistence -----
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  function persist(now = false): void {
    const write = (): void => {
      persistTimer = undefined;
      const p: Persisted = { v: 1, filter, selectedOnly, expanded: [...expanded].slice(0, 1000), scrollTop: viewport.scrollTop || restoreScroll };
      if (state) p.sourceId = state.source.id;
      else if (typeof saved?.sourceId === 'number') p.sourceId = saved.sourceId;
      if (staged && staged.streams.length > 0) p.staged = staged;
      if (active) p.active = active;
      setState(p);
    };
    if (persistTimer) clearTimeout(persistTimer);
    if (now) write();
    else persistTimer = setTimeout(write, 150);
  }

  // ----- applying host data -----
  function setStreams(rows: StreamRowView[]): void {
    streams = rows;
    streamIndex.clear();
    rows.forEach((s, i) => streamIndex.set(s.id, i));
  }

  function adoptState(next: SelectionState): void {
    state = next;
    if (next.text) text = next.text;
    setStreams(next.streams);
    fields.clear();
    for (const [id, rows] of Object.entries(next.fields)) fields.set(id, rows);
    fieldErrors.clear();
    summary = next.summary;
    staged = next.staged;
    for (const id of [...expanded]) if (!streamIndex.has(id)) expanded.delete(id);
    if (next.notRestored && next.notRestored.length > 0) {
      banner = { kind: 'info', text: `${tx('notRestored', 'Some staged changes could not be restored:')} ${next.notRestored.slice(0, 5).join(' ')}` };
    }
    applyTexts();
    persist(true);
  }

  function adoptEdit(result: SelectionEditResult): void {
    for (const row of result.streams) {
      const i = streamIndex.get(row.id);
      if (i !== undefined) streams[i] = row;
    }
    for (const [id, rows] of Object.entries(result.fields)) fields.set(id, rows);
    summary = result.summary;
    staged = result.staged;
    if (result.refused.length > 0) say(result.refused[0]!);
    persist(true);
  }

  function say(message: string): void {
    status.textContent = message;
    status.classList.add('visible');
    setTimeout(() => { if (status.textContent === message) { status.textContent = ''; status.classList.remove('visible'); } }, 6000);
  }

  function applyTexts(): void {
    filterInput.placeholder = tx('filterPlaceholder', 'Filter streams by name or id');
    filterInput.setAttribute('aria-label', filterInput.placeholder);
    selectedOnlyLabel.lastElementChild!.textContent = tx('selectedOnly', 'Selected only');
    selectAllBtn.textContent = tx('selectAll', 'Select all');
    selectAllBtn.title = tx('selectAllTitle', 'Select every stream shown');
    selectNoneBtn.textContent = tx('selectNone', 'Select none');
    selectNoneBtn.title = tx('selectNoneTitle', 'Deselect every stream shown');
    collapseBtn.title = tx('expandAll', 'Collapse all');
    collapseBtn.setAttribute('aria-label', collapseBtn.title);
    refreshBtn.title = tx('refresh', 'Refresh');
    refreshBtn.setAttribute('aria-label', refreshBtn.title);
    discardBtn.textContent = tx('discard', 'Discard');
    viewport.setAttribute('aria-label', tx('keyboardHelp', 'Streams'));
  }

  // ----- edits -----
  function edit(ops: SelectionOp[]): Promise<void> {
    const run = editChain.then(async () => {
      try {
        adoptEdit(await channel.request<SelectionEditResult>('selection/edit', { ops }));
      } catch (error) {
        say((error as Error).message);
      }
      refresh();
    });
    editChain = run;
    return run;
  }

  async function loadFields(id: string): Promise<void> {
    if (fields.has(id) || loadingFields.has(id)) return;
    loadingFields.add(id);
    fieldErrors.delete(id);
    refresh();
    try {
      const result = await channel.request<SelectionLoadFieldsResult>('selection/loadFields', { stream: id });
      const i = streamIndex.get(id);
      if (i !== undefined) streams[i] = result.stream;
      fields.set(id, result.fields);
    } catch (error) {
      fieldErrors.set(id, (error as Error).message);
    } finally {
      loadingFields.delete(id);
      refresh();
    }
  }

  function setExpanded(id: string, open: boolean): void {
    if (open === expanded.has(id)) return;
    if (open) {
      expanded.add(id);
      void loadFields(id);
    } else expanded.delete(id);
    persist();
    refresh();
  }

  // ----- rendering -----
  let renderQueued = false;
  function refresh(): void {
    flat = flatten({ streams, fields, fieldErrors, expanded, filter, selectedOnly });
    spacer.style.height = `${flat.total}px`;
    renderChrome();
    render();
  }

  function scheduleRender(): void {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; render(); });
  }

  function renderChrome(): void {
    const selectedCount = streams.reduce((n, s) => n + (s.selected ? 1 : 0), 0);
    counts.textContent = `${fmt(tx('streamsShown', '{0} of {1} streams shown'), flat.shown.length.toLocaleString(), streams.length.toLocaleString())} · ${fmt(tx('streamsSelected', '{0} selected'), selectedCount.toLocaleString())}`;
    const hasChanges = summary?.hasChanges === true;
    summaryText.textContent = hasChanges ? `${tx('staged', 'Staged:')} ${summary!.text}` : tx('noChanges', 'No staged changes');
    problemsText.replaceChildren();
    if (summary && summary.errorCount > 0) {
      const show = el('button', { type: 'button', class: 'sel-link', 'data-action': 'show-problem' }, tx('showProblem', 'Show'));
      problemsText.append(icon('error'), ` ${fmt(tx('problems', '{0} problem(s) to fix before applying'), summary.errorCount)} `, show);
    }
    applyBtn.textContent = busy === 'apply' ? tx('applying', 'Applying…') : tx('apply', 'Apply');
    applyBtn.disabled = busy !== undefined || !summary?.canApply;
    discardBtn.disabled = busy !== undefined || !hasChanges;
    selectAllBtn.disabled = selectNoneBtn.disabled = busy === 'load' || flat.shown.length === 0;
    footer.classList.toggle('has-changes', hasChanges);
    // Banner and empty states.
    bannerBox.replaceChildren();
    const b = loadError !== undefined
      ? { kind: 'error' as const, text: loadError, actions: [{ label: tx('retry', 'Retry'), run: () => void init() }] }
      : banner;
    if (b) {
      const box = el('div', { class: `sel-banner ${b.kind}`, role: b.kind === 'error' ? 'alert' : 'status' },
        icon(b.kind === 'error' ? 'error' : b.kind === 'success' ? 'pass' : 'info'), el('span', { class: 'sel-banner-text' }, b.text));
      for (const a of b.actions ?? []) {
        const btn = el('button', { type: 'button', class: 'sel-button secondary' }, a.label);
        btn.addEventListener('click', a.run);
        box.append(btn);
      }
      if (b !== undefined && loadError === undefined) {
        const close = el('button', { type: 'button', class: 'sel-icon-button', title: tx('dismiss', 'Dismiss'), 'aria-label': tx('dismiss', 'Dismiss') }, icon('close'));
        close.addEventListener('click', () => { banner = undefined; renderChrome(); });
        box.append(close);
      }
      bannerBox.append(box);
    }
    let empty = '';
    if (busy === 'load' && !state) empty = tx('loadingStreams', 'Loading streams…');
    else if (state && streams.length === 0) {
      const step = state.source.step;
      empty = step && step !== 'field_selection' && step !== 'fully_configured' ? fmt(tx('notReady', 'This source is at the "{0}" step.'), step) : tx('noStreams', 'No streams.');
    } else if (state && flat.shown.length === 0) empty = tx('noMatches', 'No streams match the filter.');
    emptyNote.textContent = empty;
    emptyNote.hidden = empty === '';
  }

  function render(): void {
    const height = viewport.clientHeight || 600;
    const top = viewport.scrollTop;
    const count = flat.rows.length;
    const first = Math.max(0, rowAt(flat.offsets, count, top) - OVERSCAN);
    let last = first;
    while (last < count && flat.offsets[last]! < top + height) last++;
    last = Math.min(count, last + OVERSCAN);
    const hadFocus = viewport.contains(document.activeElement) ? (document.activeElement as HTMLElement) : undefined;
    const focusedKey = hadFocus?.closest<HTMLElement>('[data-key]')?.dataset.key;
    const focusedControl = hadFocus?.dataset.control;
    if (active === undefined || !flat.rows.some((r) => rowKey(r) === active)) {
      const firstFocusable = flat.rows.find((r) => r.kind === 'stream' || r.kind === 'field');
      active = firstFocusable ? rowKey(firstFocusable) : undefined;
    }
    const nodes: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = flat.rows[i]!;
      const node = renderRow(row);
      node.dataset.key = rowKey(row);
      node.dataset.index = String(i);
      Object.assign(node.style, { position: 'absolute', top: `${flat.offsets[i]}px`, left: '0', right: '0', height: `${ROW_HEIGHT[row.kind]}px`, boxSizing: 'border-box' });
      nodes.push(node);
    }
    spacer.replaceChildren(...nodes);
    if (focusedKey) {
      const node = spacer.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`);
      const control = focusedControl ? node?.querySelector<HTMLElement>(`[data-control="${CSS.escape(focusedControl)}"]`) : undefined;
      (control ?? node)?.focus({ preventScroll: true });
    }
  }

  function renderRow(row: Row): HTMLElement {
    const s = streams[streamIndex.get(row.id)!]!;
    switch (row.kind) {
      case 'stream': return streamNode(s, row);
      case 'settings': return settingsNode(s);
      case 'issue': {
        const issue = s.issues[row.index]!;
        return el('div', { class: `sel-row sel-issue ${issue.severity}`, role: 'none' },
          icon(issue.severity === 'error' ? 'error' : 'warning'), el('span', {}, issue.message));
      }
      case 'field': return fieldNode(s, fields.get(s.id)![row.index]!, row);
      case 'loading': return el('div', { class: 'sel-row sel-loading hint', role: 'none' }, icon('loading codicon-modifier-spin'), ` ${tx('loadingFields', 'Loading fields…')}`);
      case 'error': {
        const retry = el('button', { type: 'button', class: 'sel-link', 'data-action': 'retry-fields', 'data-stream': s.id }, tx('retry', 'Retry'));
        return el('div', { class: 'sel-row sel-field-error error-text', role: 'alert' }, icon('error'), el('span', {}, ` ${row.message} `), retry);
      }
    }
  }

  function treeItem(node: HTMLElement, key: string, level: number, pos: number, size: number): void {
    node.setAttribute('role', 'treeitem');
    node.setAttribute('aria-level', String(level));
    node.setAttribute('aria-posinset', String(pos));
    node.setAttribute('aria-setsize', String(size));
    node.tabIndex = key === active ? 0 : -1;
  }

  function streamNode(s: StreamRowView, row: Extract<Row, { kind: 'stream' }>): HTMLElement {
    const open = expanded.has(s.id);
    const node = el('div', { class: `sel-row sel-stream${s.selected ? ' is-selected' : ''}${s.staged ? ' is-staged' : ''}` });
    treeItem(node, rowKey(row), 1, row.pos, row.size);
    node.setAttribute('aria-expanded', String(open));
    node.setAttribute('aria-checked', String(s.selected));
    const chevron = el('button', { type: 'button', class: 'sel-chevron', tabindex: '-1', 'data-action': 'toggle-expand', 'aria-hidden': 'true' }, icon(open ? 'chevron-down' : 'chevron-right'));
    const box = el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-stream', 'aria-label': s.name });
    box.checked = s.selected;
    const frs = fields.get(s.id);
    box.indeterminate = s.selected && !!frs && frs.some((f) => !f.replicated && !f.locked);
    const name = el('span', { class: 'sel-name' }, s.name);
    const idText = s.location ? `${s.location} · ${s.id}` : s.id !== s.name ? s.id : '';
    const parts: Array<Node | string> = [chevron, box, name];
    if (idText) parts.push(el('span', { class: 'sel-id hint', title: s.id }, idText));
    if (s.location !== undefined || s.isView) parts.push(el('span', { class: 'sel-badge' }, s.isView ? tx('view', 'view') : tx('table', 'table')));
    const meta = el('span', { class: 'sel-meta hint' });
    if (s.rowCount !== undefined) meta.append(el('span', {}, fmt(tx('rows', '{0} rows'), s.rowCount.toLocaleString())));
    if (s.fieldCount !== undefined) meta.append(el('span', {}, fmt(tx('fields', '{0} of {1} fields'), s.replicatedCount ?? 0, s.fieldCount)));
    else if (s.selected) meta.append(el('span', {}, tx('defaultFields', 'default fields')));
    if (s.method) {
      const m = el('span', { class: 'sel-method' }, methodLabel(s.method));
      if (s.forcedMethod) { m.prepend(icon('lock')); m.title = s.forcedMethod.reason ?? tx('forced', 'Set by the source'); }
      meta.append(m);
    }
    parts.push(meta);
    const errors = s.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) parts.push(icon('error', errors.map((e) => e.message).join('\n')));
    else if (s.issues.length > 0) parts.push(icon('warning', s.issues.map((e) => e.message).join('\n')));
    if (s.staged) parts.push(el('span', { class: 'sel-staged-dot', title: tx('stagedMark', 'staged'), 'aria-label': tx('stagedMark', 'staged'), role: 'img' }));
    node.append(...parts);
    return node;
  }

  function methodLabel(method: string): string {
    return method === 'FULL_TABLE' ? tx('fullTable', 'Full table') : method === 'INCREMENTAL' ? tx('incremental', 'Incremental') : method === 'LOG_BASED' ? tx('logBased', 'Log-based') : method;
  }

  function settingsNode(s: StreamRowView): HTMLElement {
    const node = el('div', { class: 'sel-row sel-settings', role: 'group', 'aria-label': `${tx('method', 'Replication')}: ${s.name}` });
    const methodLabelEl = el('span', { class: 'sel-setting-label' }, `${tx('method', 'Replication')}:`);
    node.append(methodLabelEl);
    if (s.forcedMethod) {
      const forced = el('span', { class: 'sel-forced', title: s.forcedMethod.reason ?? tx('forced', 'Set by the source') }, icon('lock'), ` ${methodLabel(s.forcedMethod.method)} — ${s.forcedMethod.reason ?? tx('forced', 'Set by the source')}`);
      node.append(forced);
    } else {
      const select = el('select', { 'data-action': 'method', 'data-control': 'method', 'data-stream': s.id, 'aria-label': tx('method', 'Replication') });
      if (!s.method) select.append(el('option', { value: '' }, tx('chooseMethod', 'Choose a method…')));
      for (const m of s.methodOptions) {
        const o = el('option', { value: m }, methodLabel(m));
        if (m === s.method) o.selected = true;
        select.append(o);
      }
      select.classList.toggle('invalid', s.issues.some((i) => i.target === 'replication-method' && i.severity === 'error'));
      node.append(select);
    }
    if (s.method === 'INCREMENTAL' || s.key) {
      node.append(el('span', { class: 'sel-setting-label' }, `${tx('key', 'Replication key')}:`));
      const select = el('select', { 'data-action': 'key', 'data-control': 'key', 'data-stream': s.id, 'aria-label': tx('key', 'Replication key') });
      if (!s.key) select.append(el('option', { value: '' }, tx('chooseKey', 'Choose a key…')));
      const options = s.key && !s.keyOptions.includes(s.key) ? [s.key, ...s.keyOptions] : s.keyOptions;
      for (const k of options) {
        const o = el('option', { value: k }, k);
        if (k === s.key) o.selected = true;
        select.append(o);
      }
      select.classList.toggle('invalid', s.issues.some((i) => i.target === 'replication-key' && i.severity === 'error'));
      node.append(select);
    }
    if (s.isView) {
      const keys = s.viewKeys && s.viewKeys.length > 0 ? s.viewKeys.join(', ') : tx('viewKeysHint', 'Choose the key columns below.');
      node.append(el('span', { class: 'sel-setting-label' }, `${tx('viewKeys', 'View key columns')}:`), el('span', { class: 'sel-viewkeys' }, keys));
    }
    const all = el('button', { type: 'button', class: 'sel-button secondary small', 'data-action': 'all-fields', 'data-control': 'all', 'data-stream': s.id }, tx('allFields', 'All fields'));
    const none = el('button', { type: 'button', class: 'sel-button secondary small', 'data-action': 'no-fields', 'data-control': 'none', 'data-stream': s.id }, tx('noFields', 'No fields'));
    all.disabled = none.disabled = !fields.has(s.id);
    node.append(el('span', { class: 'sel-spacer-flex' }), all, none);
    return node;
  }

  function fieldNode(s: StreamRowView, f: FieldRowView, row: Extract<Row, { kind: 'field' }>): HTMLElement {
    const node = el('div', { class: `sel-row sel-field${f.replicated ? ' is-selected' : ''}${f.locked ? ' is-locked' : ''}${s.selected ? '' : ' stream-off'}${f.staged ? ' is-staged' : ''}` });
    treeItem(node, rowKey(row), 2, row.pos, row.size);
    node.setAttribute('aria-checked', String(f.replicated));
    if (f.locked) node.setAttribute('aria-disabled', 'true');
    const box = el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-field', 'aria-label': f.name });
    box.checked = f.replicated;
    box.disabled = f.locked;
    const parts: Array<Node | string> = [box, el('span', { class: 'sel-name' }, f.name), el('span', { class: 'sel-type' }, f.type)];
    if (f.reason) {
      const iconName = f.reasonKind === 'automatic' ? 'lock' : f.reasonKind === 'unsupported' ? 'circle-slash' : f.reasonKind === 'excluded' ? 'debug-disconnect' : 'info';
      parts.push(el('span', { class: `sel-reason ${f.reasonKind ?? ''}`, title: f.reason }, icon(iconName), ` ${f.reason}`));
    }
    if (f.viewKey !== undefined) {
      const vk = el('button', { type: 'button', class: `sel-icon-button sel-viewkey${f.viewKey ? ' on' : ''}`, tabindex: '-1', 'data-action': 'view-key', 'aria-pressed': String(f.viewKey), title: tx('viewKeyToggle', 'Use as a view key column'), 'aria-label': tx('viewKeyToggle', 'Use as a view key column') }, icon('key'));
      parts.push(vk);
    }
    if (f.staged) parts.push(el('span', { class: 'sel-staged-dot', title: tx('stagedMark', 'staged'), 'aria-label': tx('stagedMark', 'staged'), role: 'img' }));
    node.append(...parts);
    return node;
  }

  // ----- interaction -----
  function rowOf(target: EventTarget | null): Row | undefined {
    const node = (target as HTMLElement | null)?.closest?.<HTMLElement>('[data-index]');
    return node ? flat.rows[Number(node.dataset.index)] : undefined;
  }

  function toggle(row: Row): void {
    const s = streams[streamIndex.get(row.id)!]!;
    if (row.kind === 'stream') void edit([{ op: 'stream', stream: s.id, selected: !s.selected }]);
    else if (row.kind === 'field') {
      const f = fields.get(s.id)![row.index]!;
      if (f.locked) { if (f.reason) say(f.reason); return; }
      void edit([{ op: 'field', stream: s.id, field: f.name, selected: !f.replicated }]);
    }
  }

  viewport.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const row = rowOf(target);
    if (!row) return;
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (row.kind === 'stream' || row.kind === 'field') { active = rowKey(row); }
    switch (action) {
      case 'toggle-expand': setExpanded(row.id, !expanded.has(row.id)); return;
      case 'toggle-stream': case 'toggle-field': event.preventDefault(); toggle(row); return;
      case 'all-fields': void edit([{ op: 'allFields', stream: row.id, selected: true }]); return;
      case 'no-fields': void edit([{ op: 'allFields', stream: row.id, selected: false }]); return;
      case 'retry-fields': fieldErrors.delete(row.id); void loadFields(row.id); return;
      case 'view-key': {
        if (row.kind !== 'field') return;
        const f = fields.get(row.id)![row.index]!;
        void edit([{ op: 'viewKey', stream: row.id, field: f.name, on: !f.viewKey }]);
        return;
      }
    }
    if (row.kind === 'stream' && !target.closest('select,button,input')) setExpanded(row.id, !expanded.has(row.id));
    else if (row.kind === 'field' && !target.closest('select,button,input')) toggle(row);
  });

  viewport.addEventListener('change', (event) => {
    const target = event.target as HTMLSelectElement;
    const stream = target.dataset.stream;
    if (!stream || !target.value) return;
    if (target.dataset.action === 'method') void edit([{ op: 'method', stream, method: target.value as 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED' }]);
    else if (target.dataset.action === 'key') void edit([{ op: 'key', stream, key: target.value }]);
  });

  function focusRow(index: number): void {
    const row = flat.rows[index];
    if (!row) return;
    active = rowKey(row);
    const top = flat.offsets[index]!;
    const bottom = flat.offsets[index + 1]!;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (bottom > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = bottom - viewport.clientHeight;
    render();
    spacer.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true });
    persist();
  }

  function step(from: number, delta: number): number {
    for (let i = from + delta; i >= 0 && i < flat.rows.length; i += delta) {
      const k = flat.rows[i]!.kind;
      if (k === 'stream' || k === 'field') return i;
    }
    return from;
  }

  viewport.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('select')) return;
    const index = Number(target.closest<HTMLElement>('[data-index]')?.dataset.index ?? -1);
    const row = flat.rows[index];
    if (!row) return;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': focusRow(step(index, 1)); break;
      case 'ArrowUp': focusRow(step(index, -1)); break;
      case 'Home': focusRow(step(-1, 1)); break;
      case 'End': focusRow(step(flat.rows.length, -1)); break;
      case 'PageDown': focusRow(step(Math.min(flat.rows.length - 1, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! + viewport.clientHeight)) - 1, 1)); break;
      case 'PageUp': focusRow(step(Math.max(0, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! - viewport.clientHeight)) + 1, -1)); break;
      case ' ': if (target.closest('button') && target !== target.closest('[data-index]')) { handled = false; break; } toggle(row); break;
      case 'Enter': if (row.kind === 'stream') setExpanded(row.id, !expanded.has(row.id)); else if (row.kind === 'field') toggle(row); else handled = false; break;
      case 'ArrowRight':
        if (row.kind === 'stream' && !expanded.has(row.id)) setExpanded(row.id, true);
        else if (row.kind === 'stream') focusRow(step(index, 1));
        break;
      case 'ArrowLeft':
        if (row.kind === 'stream' && expanded.has(row.id)) setExpanded(row.id, false);
        else if (row.kind === 'field') focusRow(flat.rows.findIndex((r) => r.kind === 'stream' && r.id === row.id));
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  viewport.addEventListener('scroll', () => { scheduleRender(); persist(); }, { passive: true });
  window.addEventListener('resize', scheduleRender);

  filterInput.addEventListener('input', () => {
    filter = filterInput.value;
    viewport.scrollTop = 0;
    persist();
    refresh();
  });
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); focusRow(step(-1, 1)); }
    if (event.key === 'Escape' && filterInput.value) { event.preventDefault(); filterInput.value = ''; filter = ''; persist(); refresh(); }
  });
  selectedOnlyBox.addEventListener('change', () => { selectedOnly = selectedOnlyBox.checked; viewport.scrollTop = 0; persist(); refresh(); });
  selectAllBtn.addEventListener('click', () => { if (flat.shown.length) void edit([{ op: 'streams', streams: [...flat.shown], selected: true }]); });
  selectNoneBtn.addEventListener('click', () => { if (flat.shown.length) void edit([{ op: 'streams', streams: [...flat.shown], selected: false }]); });
  collapseBtn.addEventListener('click', () => { expanded.clear(); persist(); refresh(); });
  refreshBtn.addEventListener('click', () => void reload('selection/refresh'));
  problemsText.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('[data-action="show-problem"]')) showFirstProblem();
  });
  discardBtn.addEventListener('click', () => void discard());
  applyBtn.addEventListener('click', () => void apply());

  function showFirstProblem(): void {
    const id = summary?.errorStreams[0];
    if (!id) return;
    if (!flatten({ streams, fields, fieldErrors, expanded, filter, selectedOnly }).shown.includes(id)) {
      filter = '';
      filterInput.value = '';
      selectedOnly = false;
      selectedOnlyBox.checked = false;
    }
    setExpanded(id, true);
    refresh();
    const index = flat.rows.findIndex((r) => r.kind === 'settings' && r.id === id);
    if (index >= 0) {
      viewport.scrollTop = Math.max(0, flat.offsets[index]! - 60);
      render();
      spacer.querySelector<HTMLElement>(`[data-index="${index}"] select.invalid, [data-index="${index}"] select`)?.focus();
    }
  }

  async function discard(): Promise<void> {
    busy = 'discard';
    renderChrome();
    try {
      const next = await channel.request<SelectionState | null>('selection/discard', {});
      if (next) { adoptState(next); banner = undefined; }
    } catch (error) {
      banner = { kind: 'error', text: (error as Error).message };
    } finally {
      busy = undefined;
      refresh();
    }
  }

  function nextStepActions(steps: Array<'syncNow' | 'editSchedule'>): Banner['actions'] {
    return steps.map((s) => ({
      label: s === 'syncNow' ? tx('syncNow', 'Sync Now') : tx('editSchedule', 'Edit Schedule'),
      run: () => { channel.request('selection/nextStep', { action: s }).catch((error: Error) => say(error.message)); },
    }));
  }

  function applied(result: SelectionApplyResult): void {
    adoptState(result.state);
    banner = {
      kind: 'success',
      text: result.becameConfigured
        ? `${fmt(tx('applied', 'Saved: {0}.'), result.appliedText)} ${tx('appliedConfigured', 'The source is fully configured.')}`
        : fmt(tx('applied', 'Saved: {0}.'), result.appliedText),
      actions: nextStepActions(result.nextSteps),
    };
  }

  async function apply(): Promise<void> {
    if (!summary?.canApply) { showFirstProblem(); return; }
    await editChain;
    busy = 'apply';
    banner = undefined;
    renderChrome();
    try {
      applied(await channel.request<SelectionApplyResult>('selection/apply', {}));
    } catch (error) {
      banner = { kind: 'error', text: (error as Error).message };
    } finally {
      busy = undefined;
      refresh();
    }
  }

  channel.on('selection/state', (payload) => { adoptState(payload as SelectionState); refresh(); });
  channel.on('selection/applied', (payload) => { applied(payload as SelectionApplyResult); busy = undefined; refresh(); });
  channel.on('selection/applyFailed', (payload) => {
    banner = { kind: 'error', text: (payload as { message: string }).message };
    refresh();
  });

  async function reload(method: 'selection/init' | 'selection/refresh'): Promise<void> {
    busy = 'load';
    loadError = undefined;
    renderChrome();
    try {
      const params = method === 'selection/init' ? (staged && staged.streams.length > 0 ? { staged } : {}) : {};
      adoptState(await channel.request<SelectionState>(method, params));
    } catch (error) {
      loadError = (error as Error).message;
    } finally {
      busy = undefined;
      refresh();
    }
  }

  async function init(): Promise<void> {
    await reload('selection/init');
    if (!state) return;
    // Put the user back where they were: expanded streams (a bounded number) and the scroll position.
    let n = 0;
    for (const id of expanded) {
      if (++n > MAX_RESTORED_EXPANDED) { expanded.delete(id); continue; }
      if (!fields.has(id)) void loadFields(id);
    }
    if (restoreScroll > 0) {
      viewport.scrollTop = restoreScroll;
      restoreScroll = 0;
      render();
    }
  }

  applyTexts();
  refresh();
  void init();
}
