/**
 * The panels' component layer: the only code that imports @vscode/webview-ui-toolkit or names a
 * vscode-* element, so replacing the toolkit touches webview/ui alone. Panels build their DOM with
 * `h` and these factories, their strings with `t`, and their colours with --vscode-* variables
 * (media/webview.css, `.ui-*` rules).
 *
 * Labelled controls return a `Field<T>`:
 *   element        the block to append (label, control, hint, aria-live error line)
 *   control        the focusable element (for data-* lookups and focus order)
 *   value          get/set, typed: string, boolean (checkbox), number | undefined (number field)
 *   disabled       get/set
 *   onInput(fn)    each edit; onChange(fn) a committed change; both return an unsubscribe function
 *   setError(msg)  shows msg, sets aria-invalid and aria-describedby (hint + error); '' clears
 *   setHint(text), focus()
 *   options: { label, hint?, required?, disabled?, data? (data-* on the control) } plus per kind:
 *
 *   textField({ value?, placeholder?, spellcheck?, code? })   passwordField(same; never persist it)
 *   numberField({ value?, placeholder? })  .text is the raw text
 *   dateField / dateTimeField({ value?, min?, max?, step? })  platform inputs ("2024-05-01[T09:30]")
 *   dropdown({ choices, value? })  .setChoices(choices)
 *   checkbox({ checked? })
 *   radioGroup({ choices: [{ value, label, hint? }], value? })  .radio(value)
 *
 * Other pieces:
 *   button({ label, kind: 'primary'|'secondary'|'icon', icon?, disabled?, data?, onClick? })
 *     → { element, disabled, busy, setLabel, onClick(fn), focus }; an icon button's label is its aria-label
 *   progressRing(label), tag(text, data?), divider() → HTMLElement
 *   tabs([{ id, label, content }], label) → { element, active, onChange }
 *   dataGrid([{ title }], label, data?) → { element, setRows([[cell | { text, data }]]), setColumns }
 *   h(tag, props, ...children), append(node, children), uniqueId(prefix)
 *   t(message, ...args): the webviews' one string function (the host's l10n bundle)
 *   registerToolkit(): defines the elements (every factory calls it; main.ts calls it once up front)
 */
export { append, h, uniqueId, type Child, type Props } from './dom';
export { t } from './l10n';
export { registerToolkit } from './toolkit';
export type { Field, FieldOptions } from './field';
export {
  dateField, dateTimeField, numberField, passwordField, textField,
  type DateFieldOptions, type NumberFieldOptions, type TextFieldOptions,
} from './fields';
export {
  checkbox, dropdown, radioGroup,
  type CheckboxOptions, type Choice, type Dropdown, type DropdownOptions, type RadioGroup, type RadioGroupOptions,
} from './choices';
export { button, divider, progressRing, tabs, tag, type Button, type ButtonKind, type ButtonOptions, type Tab, type Tabs } from './widgets';
export { dataGrid, type DataGrid, type GridCell, type GridColumn } from './grid';
