/**
 * A read-only table on vscode-data-grid (role grid: arrow keys move between cells, Home/End along
 * a row). Rows are built as elements rather than from rowsData so each cell can carry data-*.
 */
import { h } from './dom';
import { registerToolkit } from './toolkit';

export interface GridColumn { title: string }

export interface GridCell { text: string; data?: Record<string, string> }

export interface DataGrid {
  readonly element: HTMLElement;
  /** Replaces the body rows (the header row stays). */
  setRows(rows: ReadonlyArray<ReadonlyArray<GridCell | string>>): void;
  /** Renames the columns (e.g. a zone name that changed). */
  setColumns(columns: readonly GridColumn[]): void;
}

export function dataGrid(columns: readonly GridColumn[], label: string, data?: Record<string, string>): DataGrid {
  registerToolkit();
  const element = h('vscode-data-grid', { 'generate-header': 'none', 'aria-label': label, class: 'ui-grid', dataset: data ?? {} });
  const header = h('vscode-data-grid-row', { 'row-type': 'header' });
  const cell = (c: GridCell | string, i: number, type?: string): HTMLElement => {
    const item = typeof c === 'string' ? { text: c } : c;
    return h('vscode-data-grid-cell', { 'cell-type': type, 'grid-column': String(i + 1), dataset: item.data ?? {} }, item.text);
  };
  const setColumns = (next: readonly GridColumn[]): void => {
    header.replaceChildren(...next.map((c, i) => cell(c.title, i, 'columnheader')));
  };
  setColumns(columns);
  element.append(header);
  return {
    element,
    setRows(rows) {
      element.replaceChildren(header, ...rows.map((row) => h('vscode-data-grid-row', {}, ...row.map((c, i) => cell(c, i)))));
    },
    setColumns,
  };
}
