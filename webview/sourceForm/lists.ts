/**
 * A list property's editor: one row per item (one text field, or one per column of an object), with
 * Add and Remove buttons. The rows form one labelled group with the property's hint and error line.
 */
import type { FieldView } from '../../src/protocol/sourceForm';
import { button, t, textField } from '../ui';
import { errorId, h, hintId, inputId } from './dom';
import type { FieldHandle, FormAccess } from './fields';

export interface Column { name: string; label: string; required: boolean }

export function renderList(form: FormAccess, p: FieldView, columns: readonly Column[], scalar: boolean, hint: string): FieldHandle & { element: HTMLElement } {
  const current = form.values()[p.name];
  const rows: unknown[] = Array.isArray(current) ? [...(current as unknown[])] : [];
  const commit = () => form.setValue(p.name, rows.map((r) => (scalar ? r : { ...(r as object) })), false);
  const labelId = `l-${p.name}`;
  const hintEl = h('p', { class: 'ui-hint', id: hintId(p.name) }, hint);
  hintEl.hidden = hint === '';
  const errorLine = h('p', { class: 'ui-error', id: errorId(p.name), 'aria-live': 'polite' });
  const describedBy = [hint ? hintId(p.name) : undefined, errorId(p.name)].filter(Boolean).join(' ');
  const box = h('div', { class: 'sf-list', id: inputId(p.name), role: 'group', 'aria-labelledby': labelId, 'aria-describedby': describedBy, tabindex: '-1' });
  const table = h('div', { class: 'sf-list-rows' });
  const cells: HTMLElement[] = [];
  rows.forEach((row, i) => {
    const line = h('div', { class: 'sf-list-row', 'data-row': String(i) });
    for (const col of columns) {
      const own = scalar ? row : Object.prototype.hasOwnProperty.call(row, col.name) ? (row as Record<string, unknown>)[col.name] : undefined;
      const cell = textField({ label: `${col.label} ${i + 1}`, placeholder: col.label, value: own === undefined || own === null ? '' : String(own as string), spellcheck: false, disabled: p.locked === true });
      cell.control.id = `${inputId(p.name)}-${i}-${col.name || 'value'}`;
      cell.element.classList.add('sf-list-cell');
      cell.onInput((v) => {
        if (scalar) rows[i] = v; else rows[i] = { ...(rows[i] as object), [col.name]: v };
        commit();
      });
      cells.push(cell.control);
      line.append(cell.element);
    }
    const remove = button({ label: t('Remove {0}', String(i + 1)), kind: 'icon', icon: 'trash', disabled: p.locked === true, onClick: () => { rows.splice(i, 1); commit(); form.render(); } });
    remove.element.classList.add('sf-remove');
    line.append(remove.element);
    table.append(line);
  });
  box.append(table);
  let add: HTMLElement | undefined;
  if (!p.locked) {
    const addButton = button({ label: t('Add'), kind: 'secondary', icon: 'add', onClick: () => {
      rows.push(scalar ? '' : Object.fromEntries(columns.map((col) => [col.name, ''])));
      commit();
      form.render();
      form.root.querySelector<HTMLElement>(`[data-field="${CSS.escape(p.name)}"] .sf-list-row:last-child .sf-list-cell > *`)?.focus();
    } });
    add = addButton.element;
    add.classList.add('sf-add');
    box.append(add);
  }
  const element = h('div', { class: 'ui-field sf-field', 'data-field': p.name }, h('span', { class: 'ui-label', id: labelId }, p.label), box, hintEl, errorLine);
  return {
    element,
    setError(message) {
      errorLine.textContent = message ?? '';
      box.setAttribute('aria-invalid', String(Boolean(message)));
      element.classList.toggle('ui-invalid', Boolean(message));
    },
    focus() { (cells[0] ?? add ?? box).focus(); },
  };
}
