/**
 * What the layer lacks for the tree's pooled rows: its checkbox without the field block around it
 * (a row has no hint or error line of its own), for the pointer and the eye: kept out of the Tab
 * order and the accessibility tree, since the row is the tree item that takes the focus, is
 * toggled by Space and carries aria-checked.
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
  // The tree item says it (its name and aria-checked); the toolkit would name this one "Checkbox".
  control.setAttribute('aria-hidden', 'true');
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
