import { isTreeItem, rowAt, type Flattened, type Row } from './rows';

/** The next tree item from `from` in direction `delta` (issue notes and loading lines are skipped). */
export function step(flat: Flattened, from: number, delta: number): number {
  for (let i = from + delta; i >= 0 && i < flat.rows.length; i += delta) {
    if (isTreeItem(flat.rows[i]!)) return i;
  }
  return from;
}

/** What the keyboard drives in the tree. */
export interface TreeKeys {
  rows(): Flattened;
  focusRow(index: number): void;
  toggle(row: Row): void;
  isExpanded(id: string): boolean;
  setExpanded(id: string, open: boolean): void;
}

/**
 * The tree's keys, on the focused row: arrows move (Right/Left also expand and collapse, Left
 * from a child goes to its stream), Home/End/PageUp/PageDown jump, Space toggles, Enter opens a
 * stream, toggles a field, or goes into a settings row's controls. Keys on those controls
 * (dropdowns, buttons) are theirs; Escape there comes back to the row.
 */
export function attachTreeKeys(viewport: HTMLElement, keys: TreeKeys): void {
  viewport.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    const rowNode = target.closest<HTMLElement>('[data-index]');
    if (!rowNode) return;
    // A row's checkbox takes focus only from a pointer: its keys are the row's.
    if (target !== rowNode && !target.classList.contains('sel-box')) {
      if (event.key === 'Escape' && !event.defaultPrevented) { event.preventDefault(); rowNode.focus(); }
      return;
    }
    const flat = keys.rows();
    const index = Number(rowNode.dataset.index);
    const row = flat.rows[index];
    if (!row) return;
    const focusRow = keys.focusRow;
    const parent = (): number => flat.rows.findIndex((r) => r.kind === 'stream' && r.id === row.id);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': focusRow(step(flat, index, 1)); break;
      case 'ArrowUp': focusRow(step(flat, index, -1)); break;
      case 'Home': focusRow(step(flat, -1, 1)); break;
      case 'End': focusRow(step(flat, flat.rows.length, -1)); break;
      case 'PageDown': focusRow(step(flat, Math.min(flat.rows.length - 1, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! + viewport.clientHeight)) - 1, 1)); break;
      case 'PageUp': focusRow(step(flat, Math.max(0, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! - viewport.clientHeight)) + 1, -1)); break;
      case ' ': keys.toggle(row); break;
      case 'Enter':
        if (row.kind === 'stream') keys.setExpanded(row.id, !keys.isExpanded(row.id));
        else if (row.kind === 'field') keys.toggle(row);
        else rowNode.querySelector<HTMLElement>('[data-control]:not([disabled])')?.focus();
        break;
      case 'ArrowRight':
        if (row.kind === 'stream' && !keys.isExpanded(row.id)) keys.setExpanded(row.id, true);
        else if (row.kind === 'stream') focusRow(step(flat, index, 1));
        break;
      case 'ArrowLeft':
        if (row.kind === 'stream' && keys.isExpanded(row.id)) keys.setExpanded(row.id, false);
        else if (row.kind !== 'stream') focusRow(parent());
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });
}
