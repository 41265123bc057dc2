/**
 * What the layer lacks for the tree's pooled rows: its checkbox without the field block around it
 * (a row has no hint or error line of its own), kept out of the Tab order so the tree has one Tab
 * stop (roving tabindex on the rows; Space on a row toggles it).
 */
import { checkbox } from '../ui';

export type RowCheckbox = HTMLElement & { checked: boolean; indeterminate: boolean; disabled: boolean };

export function rowCheckbox(action: 'toggle-stream' | 'toggle-field'): RowCheckbox {
  const control = checkbox({ label: '', data: { action } }).control as RowCheckbox;
  control.remove();
  // Its describedby pointed into the field block just dropped.
  control.removeAttribute('aria-describedby');
  control.removeAttribute('aria-invalid');
  control.classList.add('sel-box');
  control.tabIndex = -1;
  return control;
}

/**
 * The toolkit's checkbox puts itself back in the Tab order (tabindex 0) when it connects and when
 * it is enabled again; one observer on the list takes row checkboxes out again before the next Tab.
 */
export function keepRowCheckboxesOutOfTabOrder(list: HTMLElement): void {
  new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target as HTMLElement;
      if (node.classList.contains('sel-box') && node.hasAttribute('tabindex') && node.tabIndex !== -1) node.tabIndex = -1;
    }
  }).observe(list, { subtree: true, attributes: true, attributeFilter: ['tabindex'] });
}
