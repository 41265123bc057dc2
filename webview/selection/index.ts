import type {
  FieldRowView, SelectionApplyResult, SelectionEditResult, SelectionEvents, SelectionOp, SelectionRequests,
  SelectionState, SelectionSummaryView, StagedSelection, StreamRowView,
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

const OVERSCAN = 4;
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

export function mountSelection(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<SelectionRequests, SelectionEvents>();
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

  /** The scroll position is saved once scrolling has paused, not on every scroll event (or frame). */
  const SCROLL_PERSIST_MS = 400;
  let scrollPersistTimer: ReturnType<typeof setTimeout> | undefined;
  function persistScroll(): void {
    if (scrollPersistTimer) clearTimeout(scrollPersistTimer);
    scrollPersistTimer = setTimeout(() => { scrollPersistTimer = undefined; persist(true); }, SCROLL_PERSIST_MS);
  }
  // A webview about to be hidden or unloaded saves a pending scroll position now.
  const flushScroll = (): void => { if (scrollPersistTimer) { clearTimeout(scrollPersistTimer); scrollPersistTimer = undefined; persist(true); } };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushScroll(); });
  window.addEventListener('pagehide', flushScroll);

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
        adoptEdit(await channel.request('selection/edit', { ops }));
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
      const result = await channel.request('selection/loadFields', { stream: id });
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
    dataDirty = true;
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

  // The list is virtualised and its row elements are pooled: a stream or field row keeps its element
  // while it stays in view (scrolling touches only its position), and elements of rows that left the
  // view are reused for rows that come in, patched in place (text, classes, attributes; only what
  // differs is written). Other rows (settings, issues, loading, errors) are few and rebuilt when the
  // data changes. DOM order always follows row order.
  interface StreamParts {
    chevronIcon: HTMLElement; box: HTMLInputElement; name: HTMLElement; id: HTMLElement; badge: HTMLElement;
    meta: HTMLElement; rows: HTMLElement; count: HTMLElement; method: HTMLElement; methodText: Text; lock: HTMLElement;
    issue: HTMLElement; dot: HTMLElement; layout: string; metaLayout: string;
  }
  interface FieldParts {
    box: HTMLInputElement; name: HTMLElement; type: HTMLElement; reason: HTMLElement; reasonIcon: HTMLElement; reasonText: Text;
    viewKey: HTMLElement; dot: HTMLElement; layout: string;
  }
  type Mounted = { kind: Row['kind']; key: string; node: HTMLElement };
  const streamParts = new WeakMap<HTMLElement, StreamParts>();
  const fieldParts = new WeakMap<HTMLElement, FieldParts>();
  const pool: { stream: HTMLElement[]; field: HTMLElement[] } = { stream: [], field: [] };
  const POOL_LIMIT = 200;
  let mounted = new Map<string, Mounted>();
  /** The rows' data changed since the last render (refresh): every mounted row is brought up to date. */
  let dataDirty = true;
  let activeCheckedFor: { rows: Row[]; active: string | undefined } | undefined;

  const setText = (node: Node, value: string): void => { if (node.textContent !== value) node.textContent = value; };
  const setAttr = (node: Element, name: string, value: string | undefined): void => {
    if (value === undefined) { if (node.hasAttribute(name)) node.removeAttribute(name); } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  };
  const setClass = (node: Element, value: string): void => { if (node.className !== value) node.className = value; };
  const stagedDot = (): HTMLElement => el('span', { class: 'sel-staged-dot', title: tx('stagedMark', 'staged'), 'aria-label': tx('stagedMark', 'staged'), role: 'img' });

  function place(node: HTMLElement, row: Row, index: number): void {
    const key = rowKey(row);
    if (node.dataset.key !== key) node.dataset.key = key;
    const i = String(index);
    if (node.dataset.index !== i) node.dataset.index = i;
    const top = `${flat.offsets[index]}px`;
    if (node.style.top !== top) node.style.top = top;
    const height = `${ROW_HEIGHT[row.kind]}px`;
    if (node.style.height !== height) node.style.height = height;
  }

  function positioned(node: HTMLElement): HTMLElement {
    // Each row is its own layout and paint island: changing one never re-lays out the others.
    Object.assign(node.style, { position: 'absolute', left: '0', right: '0', boxSizing: 'border-box', contain: 'strict' });
    return node;
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
    const focusedRow = hadFocus?.closest<HTMLElement>('[data-key]');
    const focusedKey = focusedRow?.dataset.key;
    const focusedControl = hadFocus?.dataset.control;
    // Is the remembered active row still shown? Checked when the rows or the active row change, not on every scroll frame.
    if (!activeCheckedFor || activeCheckedFor.rows !== flat.rows || activeCheckedFor.active !== active) {
      if (active === undefined || !flat.rows.some((r) => rowKey(r) === active)) {
        const firstFocusable = flat.rows.find((r) => r.kind === 'stream' || r.kind === 'field');
        active = firstFocusable ? rowKey(firstFocusable) : undefined;
      }
      activeCheckedFor = { rows: flat.rows, active };
    }
    const wanted: Array<{ row: Row; key: string; index: number }> = [];
    const wantedKeys = new Set<string>();
    for (let i = first; i < last; i++) {
      const row = flat.rows[i]!;
      const key = rowKey(row);
      wanted.push({ row, key, index: i });
      wantedKeys.add(key);
    }
    // Release the rows that left the view (or whose element can't be patched in place).
    const previous = mounted;
    mounted = new Map();
    const free: { stream: HTMLElement[]; field: HTMLElement[] } = { stream: [], field: [] };
    for (const m of previous.values()) {
      const keep = wantedKeys.has(m.key) && (m.kind === 'stream' || m.kind === 'field' || !dataDirty);
      if (keep) { mounted.set(m.key, m); continue; }
      // The focused element never moves to another row: it leaves the list, as it did unpooled.
      if ((m.kind === 'stream' || m.kind === 'field') && !m.node.contains(document.activeElement)) free[m.kind].push(m.node);
      else m.node.remove();
    }
    const nodes: HTMLElement[] = [];
    for (const { row, key, index } of wanted) {
      let m = mounted.get(key);
      if (m && m.kind !== row.kind) m = undefined;
      const s = streams[streamIndex.get(row.id)!]!;
      if (row.kind === 'stream' || row.kind === 'field') {
        const node = m?.node ?? free[row.kind].shift() ?? pool[row.kind].pop() ?? positioned(row.kind === 'stream' ? createStreamRow() : createFieldRow());
        if (row.kind === 'stream') patchStreamRow(node, s, row);
        else patchFieldRow(node, s, fields.get(s.id)![row.index]!, row);
        m = { kind: row.kind, key, node };
      } else if (!m) {
        m = { kind: row.kind, key, node: positioned(renderRow(row)) };
      }
      place(m.node, row, index);
      mounted.set(key, m);
      nodes.push(m.node);
    }
    // Elements not reused this frame leave the DOM and wait in the pool.
    for (const kind of ['stream', 'field'] as const) {
      for (const node of free[kind]) {
        node.remove();
        if (pool[kind].length < POOL_LIMIT) pool[kind].push(node);
      }
    }
    // Put the shown rows in row order, moving only the elements that are out of place.
    let cursor: ChildNode | null = spacer.firstChild;
    for (const node of nodes) {
      if (node === cursor) { cursor = cursor.nextSibling; continue; }
      spacer.insertBefore(node, cursor);
    }
    while (cursor) { const next: ChildNode | null = cursor.nextSibling; cursor.remove(); cursor = next; }
    dataDirty = false;
    if (focusedKey && !(focusedRow?.isConnected && focusedRow.dataset.key === focusedKey && focusedRow.contains(document.activeElement))) {
      const node = mounted.get(focusedKey)?.node;
      const control = focusedControl ? node?.querySelector<HTMLElement>(`[data-control="${CSS.escape(focusedControl)}"]`) : undefined;
      (control ?? node)?.focus({ preventScroll: true });
    }
  }

  function renderRow(row: Row): HTMLElement {
    const s = streams[streamIndex.get(row.id)!]!;
    switch (row.kind) {
      case 'stream': { const node = createStreamRow(); patchStreamRow(node, s, row); return node; }
      case 'settings': return settingsNode(s);
      case 'issue': {
        const issue = s.issues[row.index]!;
        return el('div', { class: `sel-row sel-issue ${issue.severity}`, role: 'none' },
          icon(issue.severity === 'error' ? 'error' : 'warning'), el('span', {}, issue.message));
      }
      case 'field': { const node = createFieldRow(); patchFieldRow(node, s, fields.get(s.id)![row.index]!, row); return node; }
      case 'loading': return el('div', { class: 'sel-row sel-loading hint', role: 'none' }, icon('loading codicon-modifier-spin'), ` ${tx('loadingFields', 'Loading fields…')}`);
      case 'error': {
        const retry = el('button', { type: 'button', class: 'sel-link', 'data-action': 'retry-fields', 'data-stream': s.id }, tx('retry', 'Retry'));
        return el('div', { class: 'sel-row sel-field-error error-text', role: 'alert' }, icon('error'), el('span', {}, ` ${row.message} `), retry);
      }
    }
  }

  function treeItem(node: HTMLElement, key: string, level: number, pos: number, size: number): void {
    setAttr(node, 'role', 'treeitem');
    setAttr(node, 'aria-level', String(level));
    setAttr(node, 'aria-posinset', String(pos));
    setAttr(node, 'aria-setsize', String(size));
    const tabIndex = key === active ? 0 : -1;
    if (node.tabIndex !== tabIndex) node.tabIndex = tabIndex;
  }

  function createStreamRow(): HTMLElement {
    const node = el('div', { class: 'sel-row sel-stream' });
    const chevronIcon = icon('chevron-right');
    const chevron = el('button', { type: 'button', class: 'sel-chevron', tabindex: '-1', 'data-action': 'toggle-expand', 'aria-hidden': 'true' }, chevronIcon);
    const box = el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-stream' });
    const methodText = document.createTextNode('');
    const parts: StreamParts = {
      chevronIcon, box, name: el('span', { class: 'sel-name' }), id: el('span', { class: 'sel-id hint' }), badge: el('span', { class: 'sel-badge' }),
      meta: el('span', { class: 'sel-meta hint' }), rows: el('span'), count: el('span'), method: el('span', { class: 'sel-method' }, methodText), methodText,
      lock: icon('lock'), issue: el('span', { class: 'codicon', role: 'img' }), dot: stagedDot(), layout: '-', metaLayout: '',
    };
    node.append(chevron, box, parts.name);
    streamParts.set(node, parts);
    return node;
  }

  function patchStreamRow(node: HTMLElement, s: StreamRowView, row: Extract<Row, { kind: 'stream' }>): void {
    const p = streamParts.get(node)!;
    const open = expanded.has(s.id);
    setClass(node, `sel-row sel-stream${s.selected ? ' is-selected' : ''}${s.staged ? ' is-staged' : ''}`);
    treeItem(node, rowKey(row), 1, row.pos, row.size);
    setAttr(node, 'aria-expanded', String(open));
    setAttr(node, 'aria-checked', String(s.selected));
    setClass(p.chevronIcon, `codicon codicon-${open ? 'chevron-down' : 'chevron-right'}`);
    setAttr(p.box, 'aria-label', s.name);
    if (p.box.checked !== s.selected) p.box.checked = s.selected;
    const frs = fields.get(s.id);
    const indeterminate = s.selected && !!frs && frs.some((f) => !f.replicated && !f.locked);
    if (p.box.indeterminate !== indeterminate) p.box.indeterminate = indeterminate;
    setText(p.name, s.name);
    const idText = s.location ? `${s.location} · ${s.id}` : s.id !== s.name ? s.id : '';
    if (idText) { setText(p.id, idText); setAttr(p.id, 'title', s.id); }
    const hasBadge = s.location !== undefined || s.isView;
    if (hasBadge) setText(p.badge, s.isView ? tx('view', 'view') : tx('table', 'table'));
    // The meta: row count, field count (or "default fields"), method.
    const metaParts: HTMLElement[] = [];
    let metaLayout = '';
    if (s.rowCount !== undefined) { setText(p.rows, fmt(tx('rows', '{0} rows'), s.rowCount.toLocaleString())); metaParts.push(p.rows); metaLayout += 'r'; }
    if (s.fieldCount !== undefined) { setText(p.count, fmt(tx('fields', '{0} of {1} fields'), s.replicatedCount ?? 0, s.fieldCount)); metaParts.push(p.count); metaLayout += 'c'; }
    else if (s.selected) { setText(p.count, tx('defaultFields', 'default fields')); metaParts.push(p.count); metaLayout += 'c'; }
    if (s.method) {
      setText(p.methodText, methodLabel(s.method));
      if (s.forcedMethod) {
        if (p.lock.parentNode !== p.method) p.method.prepend(p.lock);
        setAttr(p.method, 'title', s.forcedMethod.reason ?? tx('forced', 'Set by the source'));
      } else {
        p.lock.remove();
        setAttr(p.method, 'title', undefined);
      }
      metaParts.push(p.method);
      metaLayout += 'm';
    }
    if (p.metaLayout !== metaLayout) { p.meta.replaceChildren(...metaParts); p.metaLayout = metaLayout; }
    // The issue icon: errors first, else warnings.
    const errors = s.issues.filter((i) => i.severity === 'error');
    const issues = errors.length > 0 ? errors : s.issues;
    if (issues.length > 0) {
      const label = issues.map((e) => e.message).join('\n');
      setClass(p.issue, `codicon codicon-${errors.length > 0 ? 'error' : 'warning'}`);
      setAttr(p.issue, 'aria-label', label);
      setAttr(p.issue, 'title', label);
    }
    const layout = `${idText ? 'i' : ''}${hasBadge ? 'b' : ''}${issues.length > 0 ? 'e' : ''}${s.staged ? 's' : ''}`;
    if (p.layout !== layout) {
      const parts: Array<Node> = [node.children[0]!, p.box, p.name];
      if (idText) parts.push(p.id);
      if (hasBadge) parts.push(p.badge);
      parts.push(p.meta);
      if (issues.length > 0) parts.push(p.issue);
      if (s.staged) parts.push(p.dot);
      node.replaceChildren(...parts);
      p.layout = layout;
    }
  }

  function createFieldRow(): HTMLElement {
    const node = el('div', { class: 'sel-row sel-field' });
    const reasonIcon = icon('info');
    const reasonText = document.createTextNode('');
    const parts: FieldParts = {
      box: el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-field' }),
      name: el('span', { class: 'sel-name' }),
      type: el('span', { class: 'sel-type' }),
      reason: el('span', { class: 'sel-reason' }, reasonIcon, reasonText), reasonIcon, reasonText,
      viewKey: el('button', { type: 'button', class: 'sel-icon-button sel-viewkey', tabindex: '-1', 'data-action': 'view-key' }, icon('key')),
      dot: stagedDot(), layout: '-',
    };
    fieldParts.set(node, parts);
    return node;
  }

  function patchFieldRow(node: HTMLElement, s: StreamRowView, f: FieldRowView, row: Extract<Row, { kind: 'field' }>): void {
    const p = fieldParts.get(node)!;
    setClass(node, `sel-row sel-field${f.replicated ? ' is-selected' : ''}${f.locked ? ' is-locked' : ''}${s.selected ? '' : ' stream-off'}${f.staged ? ' is-staged' : ''}`);
    treeItem(node, rowKey(row), 2, row.pos, row.size);
    setAttr(node, 'aria-checked', String(f.replicated));
    setAttr(node, 'aria-disabled', f.locked ? 'true' : undefined);
    setAttr(p.box, 'aria-label', f.name);
    if (p.box.checked !== f.replicated) p.box.checked = f.replicated;
    if (p.box.disabled !== f.locked) p.box.disabled = f.locked;
    setText(p.name, f.name);
    setText(p.type, f.type);
    if (f.reason) {
      const iconName = f.reasonKind === 'automatic' ? 'lock' : f.reasonKind === 'unsupported' ? 'circle-slash' : f.reasonKind === 'excluded' ? 'debug-disconnect' : 'info';
      setClass(p.reason, `sel-reason ${f.reasonKind ?? ''}`);
      setAttr(p.reason, 'title', f.reason);
      setClass(p.reasonIcon, `codicon codicon-${iconName}`);
      setText(p.reasonText, ` ${f.reason}`);
    }
    if (f.viewKey !== undefined) {
      setClass(p.viewKey, `sel-icon-button sel-viewkey${f.viewKey ? ' on' : ''}`);
      setAttr(p.viewKey, 'aria-pressed', String(f.viewKey));
      setAttr(p.viewKey, 'title', tx('viewKeyToggle', 'Use as a view key column'));
      setAttr(p.viewKey, 'aria-label', tx('viewKeyToggle', 'Use as a view key column'));
    }
    const layout = `${f.reason ? 'r' : ''}${f.viewKey !== undefined ? 'v' : ''}${f.staged ? 's' : ''}`;
    if (p.layout !== layout) {
      const parts: Node[] = [p.box, p.name, p.type];
      if (f.reason) parts.push(p.reason);
      if (f.viewKey !== undefined) parts.push(p.viewKey);
      if (f.staged) parts.push(p.dot);
      node.replaceChildren(...parts);
      p.layout = layout;
    }
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

  // Scrolling redraws at most once per animation frame, and saves the position once it settles.
  viewport.addEventListener('scroll', () => { scheduleRender(); persistScroll(); }, { passive: true });
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
      const next = await channel.request('selection/discard', {});
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
      applied(await channel.request('selection/apply', {}));
    } catch (error) {
      banner = { kind: 'error', text: (error as Error).message };
    } finally {
      busy = undefined;
      refresh();
    }
  }

  channel.on('selection/state', (payload) => { adoptState(payload); refresh(); });
  channel.on('selection/applied', (payload) => { applied(payload); busy = undefined; refresh(); });
  channel.on('selection/applyFailed', (payload) => {
    banner = { kind: 'error', text: payload.message };
    refresh();
  });

  async function reload(method: 'selection/init' | 'selection/refresh'): Promise<void> {
    busy = 'load';
    loadError = undefined;
    renderChrome();
    try {
      const params = method === 'selection/init' ? (staged && staged.streams.length > 0 ? { staged } : {}) : {};
      adoptState(await channel.request(method, params));
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
