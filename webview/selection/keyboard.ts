import { rowAt, type Flattened, type Row } from './rows';

/** The next stream or field row from `from` in direction `delta` (settings and notes are skipped). */
export function step(flat: Flattened, from: number, delta: number): number {
  for (let i = from + delta; i >= 0 && i < flat.rows.length; i += delta) {
    const k = flat.rows[i]!.kind;
    if (k === 'stream' || k === 'field') return i;
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
 * The tree's keys: arrows move (Right/Left also expand and collapse), Home/End/PageUp/PageDown jump,
 * Space toggles, Enter opens a stream or toggles a field. Selects keep their own keys.
 */
export function attachTreeKeys(viewport: HTMLElement, keys: TreeKeys): void {
  viewport.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('select')) return;
    const flat = keys.rows();
    const index = Number(target.closest<HTMLElement>('[data-index]')?.dataset.index ?? -1);
    const row = flat.rows[index];
    if (!row) return;
    const focusRow = keys.focusRow;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': focusRow(step(flat, index, 1)); break;
      case 'ArrowUp': focusRow(step(flat, index, -1)); break;
      case 'Home': focusRow(step(flat, -1, 1)); break;
      case 'End': focusRow(step(flat, flat.rows.length, -1)); break;
      case 'PageDown': focusRow(step(flat, Math.min(flat.rows.length - 1, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! + viewport.clientHeight)) - 1, 1)); break;
      case 'PageUp': focusRow(step(flat, Math.max(0, rowAt(flat.offsets, flat.rows.length, flat.offsets[index]! - viewport.clientHeight)) + 1, -1)); break;
      case ' ': if (target.closest('button') && target !== target.closest('[data-index]')) { handled = false; break; } keys.toggle(row); break;
      case 'Enter': if (row.kind === 'stream') keys.setExpanded(row.id, !keys.isExpanded(row.id)); else if (row.kind === 'field') keys.toggle(row); else handled = false; break;
      case 'ArrowRight':
        if (row.kind === 'stream' && !keys.isExpanded(row.id)) keys.setExpanded(row.id, true);
        else if (row.kind === 'stream') focusRow(step(flat, index, 1));
        break;
      case 'ArrowLeft':
        if (row.kind === 'stream' && keys.isExpanded(row.id)) keys.setExpanded(row.id, false);
        else if (row.kind === 'field') focusRow(flat.rows.findIndex((r) => r.kind === 'stream' && r.id === row.id));
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });
}
