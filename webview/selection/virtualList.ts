import { setAttr } from './dom';
import { isTreeItem, ROW_HEIGHT, rowAt, rowKey, type Flattened, type Row } from './rows';
import type { RowRenderer } from './rowRenderers';
import type { SelectionStore } from './store';

const OVERSCAN = 4;
const POOL_LIMIT = 200;

// The list is virtualised and its row elements are pooled: a stream or field row keeps its element
// while it stays in view (scrolling touches only its position), and elements of rows that left the
// view are reused for rows that come in, patched in place (text, classes, attributes; only what
// differs is written). Other rows (settings, issues, loading, errors) are few and rebuilt when the
// data changes. DOM order always follows row order.
type Mounted = { kind: Row['kind']; key: string; node: HTMLElement };

export class VirtualList {
  private flat: Flattened = { rows: [], offsets: new Float64Array(1), total: 0, shown: [] };
  private readonly pool: { stream: HTMLElement[]; field: HTMLElement[] } = { stream: [], field: [] };
  private mounted = new Map<string, Mounted>();
  /** The rows' data changed since the last render (refresh): every mounted row is brought up to date. */
  private dataDirty = true;
  private activeCheckedFor: { rows: Row[]; active: string | undefined } | undefined;
  private renderQueued = false;

  constructor(readonly viewport: HTMLElement, readonly spacer: HTMLElement, private readonly store: SelectionStore, private readonly rows: RowRenderer) {}

  /** The rows now shown (flattened by the store). */
  get current(): Flattened { return this.flat; }

  /** New rows (the data changed): every mounted row is patched on the next render. */
  setRows(flat: Flattened): void {
    this.flat = flat;
    this.dataDirty = true;
    this.spacer.style.height = `${flat.total}px`;
  }

  /** Redraws at most once per animation frame. */
  scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => { this.renderQueued = false; this.render(); });
  }

  private place(node: HTMLElement, row: Row, index: number): void {
    const key = rowKey(row);
    if (node.dataset.key !== key) node.dataset.key = key;
    const i = String(index);
    if (node.dataset.index !== i) node.dataset.index = i;
    const top = `${this.flat.offsets[index]}px`;
    if (node.style.top !== top) node.style.top = top;
    const height = `${ROW_HEIGHT[row.kind]}px`;
    if (node.style.height !== height) node.style.height = height;
    // Roving tabindex: the tree's one Tab stop is the active row, which is also the selected item.
    if (node.getAttribute('role') === 'treeitem') {
      const active = key === this.store.active;
      // The attribute, not the property: a div without one reads tabIndex -1 yet can't take focus.
      setAttr(node, 'tabindex', active ? '0' : '-1');
      setAttr(node, 'aria-selected', String(active));
    }
  }

  private positioned(node: HTMLElement): HTMLElement {
    // Each row is its own layout and paint island: changing one never re-lays out the others.
    Object.assign(node.style, { position: 'absolute', left: '0', right: '0', boxSizing: 'border-box', contain: 'strict' });
    return node;
  }

  render(): void {
    const height = this.viewport.clientHeight || 600;
    const top = this.viewport.scrollTop;
    const count = this.flat.rows.length;
    const first = Math.max(0, rowAt(this.flat.offsets, count, top) - OVERSCAN);
    let last = first;
    while (last < count && this.flat.offsets[last]! < top + height) last++;
    last = Math.min(count, last + OVERSCAN);
    // Focus follows a re-rendered row only while the panel has the keyboard: never pulled back from
    // the command palette or a quick pick in the workbench.
    const hadFocus = document.hasFocus() && this.viewport.contains(document.activeElement) ? (document.activeElement as HTMLElement) : undefined;
    const focusedRow = hadFocus?.closest<HTMLElement>('[data-key]');
    const focusedKey = focusedRow?.dataset.key;
    const focusedControl = hadFocus?.dataset.control;
    // Is the remembered active row still shown? Checked when the rows or the active row change, not on every scroll frame.
    if (!this.activeCheckedFor || this.activeCheckedFor.rows !== this.flat.rows || this.activeCheckedFor.active !== this.store.active) {
      if (this.store.active === undefined || !this.flat.rows.some((r) => isTreeItem(r) && rowKey(r) === this.store.active)) {
        const firstFocusable = this.flat.rows.find(isTreeItem);
        this.store.active = firstFocusable ? rowKey(firstFocusable) : undefined;
      }
      this.activeCheckedFor = { rows: this.flat.rows, active: this.store.active };
    }
    const wanted: Array<{ row: Row; key: string; index: number }> = [];
    const wantedKeys = new Set<string>();
    for (let i = first; i < last; i++) {
      const row = this.flat.rows[i]!;
      const key = rowKey(row);
      wanted.push({ row, key, index: i });
      wantedKeys.add(key);
    }
    // Release the rows that left the view (or whose element can't be patched in place).
    const previous = this.mounted;
    this.mounted = new Map();
    const free: { stream: HTMLElement[]; field: HTMLElement[] } = { stream: [], field: [] };
    for (const m of previous.values()) {
      const keep = wantedKeys.has(m.key) && (m.kind === 'stream' || m.kind === 'field' || !this.dataDirty);
      if (keep) { this.mounted.set(m.key, m); continue; }
      // The focused element never moves to another row: it leaves the list, as it did unpooled.
      if ((m.kind === 'stream' || m.kind === 'field') && !m.node.contains(document.activeElement)) free[m.kind].push(m.node);
      else m.node.remove();
    }
    const nodes: HTMLElement[] = [];
    for (const { row, key, index } of wanted) {
      let m = this.mounted.get(key);
      if (m && m.kind !== row.kind) m = undefined;
      const s = this.store.stream(row.id);
      if (row.kind === 'stream' || row.kind === 'field') {
        const node = m?.node ?? free[row.kind].shift() ?? this.pool[row.kind].pop() ?? this.positioned(row.kind === 'stream' ? this.rows.createStreamRow() : this.rows.createFieldRow());
        if (row.kind === 'stream') this.rows.patchStreamRow(node, s, row);
        else this.rows.patchFieldRow(node, s, this.store.fields.get(s.id)![row.index]!, row);
        m = { kind: row.kind, key, node };
      } else if (!m) {
        m = { kind: row.kind, key, node: this.positioned(this.rows.renderRow(row)) };
      }
      this.place(m.node, row, index);
      this.mounted.set(key, m);
      nodes.push(m.node);
    }
    // Elements not reused this frame leave the DOM and wait in the pool.
    for (const kind of ['stream', 'field'] as const) {
      for (const node of free[kind]) {
        node.remove();
        if (this.pool[kind].length < POOL_LIMIT) this.pool[kind].push(node);
      }
    }
    // Put the shown rows in row order, moving only the elements that are out of place.
    let cursor: ChildNode | null = this.spacer.firstChild;
    for (const node of nodes) {
      if (node === cursor) { cursor = cursor.nextSibling; continue; }
      this.spacer.insertBefore(node, cursor);
    }
    while (cursor) { const next: ChildNode | null = cursor.nextSibling; cursor.remove(); cursor = next; }
    this.dataDirty = false;
    if (focusedKey && !(focusedRow?.isConnected && focusedRow.dataset.key === focusedKey && focusedRow.contains(document.activeElement))) {
      const node = this.mounted.get(focusedKey)?.node;
      const control = focusedControl ? node?.querySelector<HTMLElement>(`[data-control="${CSS.escape(focusedControl)}"]`) : undefined;
      (control ?? node)?.focus({ preventScroll: true });
    }
  }
}
