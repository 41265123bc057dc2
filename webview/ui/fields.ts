/** Text-like fields: text and number on vscode-text-field; password, date and date-time on the platform. */
import { h, uniqueId } from './dom';
import { buildField, type Field, type FieldOptions } from './field';

export interface TextFieldOptions extends FieldOptions {
  value?: string;
  placeholder?: string;
  /** Off for codes and expressions (cron, keys). */
  spellcheck?: boolean;
  /** A monospace control, for codes and expressions. */
  code?: boolean;
}

type ToolkitTextField = HTMLElement & { value: string };

/**
 * Sets a toolkit text field's value and its inner input at once: the toolkit copies the value into
 * its input only on its next render, so a cleared filter would show the old text for a frame (and a
 * read of the input just after would see it).
 */
function writeText(control: ToolkitTextField, value: string): void {
  control.value = value;
  const inner = control.shadowRoot?.querySelector('input');
  if (inner && inner.value !== value) inner.value = value;
}

export function textField(options: TextFieldOptions): Field<string> {
  const control = h('vscode-text-field', {
    type: 'text', placeholder: options.placeholder, spellcheck: options.spellcheck === false ? 'false' : undefined,
    class: options.code ? 'ui-code' : undefined,
  }, options.label) as ToolkitTextField;
  if (options.value !== undefined) control.value = options.value;
  return buildField<string>('text', options, {
    control,
    describedElement: () => control.shadowRoot?.querySelector('input'),
    read: () => control.value ?? '',
    write: (v) => writeText(control, v),
  });
}

/**
 * A platform <input type="password">: vscode-text-field reflects its value into a `current-value`
 * attribute, and a credential must never sit in the DOM. Callers send the value once and forget it.
 */
export function passwordField(options: TextFieldOptions): Field<string> {
  const id = uniqueId('ui-password');
  const control = h('input', { type: 'password', id, class: 'ui-native-input ui-native-text', autocomplete: 'off', spellcheck: 'false', placeholder: options.placeholder });
  if (options.value !== undefined) control.value = options.value;
  return buildField<string>('password', options, {
    control, label: h('label', { for: id, class: 'ui-label' }, options.label),
    read: () => control.value,
    write: (v) => { control.value = v; },
  });
}

export interface NumberFieldOptions extends FieldOptions { value?: number; placeholder?: string }

/**
 * vscode-text-field has no number type (text, email, password, tel, url): a text field whose value
 * reads as a number, undefined when empty or not a finite number (the caller says why it's wrong).
 */
export function numberField(options: NumberFieldOptions): Field<number | undefined> & { readonly text: string } {
  const control = h('vscode-text-field', { type: 'text', placeholder: options.placeholder }, options.label) as ToolkitTextField;
  if (options.value !== undefined) control.value = String(options.value);
  const field = buildField<number | undefined>('number', options, {
    control,
    describedElement: () => control.shadowRoot?.querySelector('input'),
    read: () => {
      const text = (control.value ?? '').trim();
      const n = text === '' ? NaN : Number(text);
      return Number.isFinite(n) ? n : undefined;
    },
    write: (v) => writeText(control, v === undefined ? '' : String(v)),
  });
  return Object.defineProperty(field, 'text', { get: () => control.value ?? '' }) as Field<number | undefined> & { readonly text: string };
}

export interface DateFieldOptions extends FieldOptions { value?: string; min?: string; max?: string; step?: number }

/**
 * The toolkit has no date picker and vscode-text-field cannot be type=date, so dates use the
 * platform's <input type="date|datetime-local"> (its picker is keyboard-operable), styled with the
 * same --vscode-input-* variables. The value is the input's own text: "2024-05-01" or "2024-05-01T09:30".
 */
function platformDate(kind: string, type: 'date' | 'datetime-local', options: DateFieldOptions): Field<string> {
  const id = uniqueId(`ui-${kind}`);
  const control = h('input', { type, id, class: 'ui-native-input', min: options.min, max: options.max, step: options.step });
  if (options.value !== undefined) control.value = options.value;
  const label = h('label', { for: id, class: 'ui-label' }, options.label);
  return buildField<string>(kind, options, {
    control, label,
    read: () => control.value,
    write: (v) => { control.value = v; },
  });
}

export function dateField(options: DateFieldOptions): Field<string> { return platformDate('date', 'date', options); }
export function dateTimeField(options: DateFieldOptions): Field<string> { return platformDate('datetime', 'datetime-local', options); }
