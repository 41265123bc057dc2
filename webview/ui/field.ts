/**
 * What every labelled control shares: the block (label, control, hint, error), the error wiring
 * (aria-invalid on the control, aria-describedby to the hint and to an aria-live error line) and
 * the typed handle the factories return.
 */
import { h, uniqueId } from './dom';
import { registerToolkit } from './toolkit';

export interface FieldOptions {
  label: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  /** data-* attributes put on the control (panels and tests find controls by them). */
  data?: Record<string, string>;
}

export interface Field<T> {
  /** The block to append: label, control, hint, error line. */
  readonly element: HTMLElement;
  /** The focusable element that carries the value. */
  readonly control: HTMLElement;
  value: T;
  disabled: boolean;
  /** Every edit (each keystroke); returns an unsubscribe function. */
  onInput(handler: (value: T) => void): () => void;
  /** A committed change (blur after typing, a pick, a toggle). */
  onChange(handler: (value: T) => void): () => void;
  /** Shows `message` under the control and marks it invalid; '' or undefined clears both. */
  setError(message?: string): void;
  readonly error: string;
  setHint(text: string): void;
  focus(): void;
}

export interface FieldParts<T> {
  control: HTMLElement;
  /** The element aria-describedby must be set on (a toolkit field's inner input lives in its shadow root). */
  describedElement?: () => Element | null | undefined;
  /** A separate <label> element, for controls that do not carry their own label. */
  label?: HTMLElement;
  read(): T;
  write(value: T): void;
  inputEvent?: string;
  changeEvent?: string;
}

type Reflecting = Element & { ariaDescribedByElements?: Element[] | null };

export function buildField<T>(kind: string, options: FieldOptions, parts: FieldParts<T>): Field<T> {
  registerToolkit();
  const { control } = parts;
  const hint = h('p', { class: 'ui-hint', id: uniqueId('ui-hint') }, options.hint ?? '');
  const errorLine = h('p', { class: 'ui-error', id: uniqueId('ui-error'), 'aria-live': 'polite', dataset: { uiError: kind } });
  hint.hidden = !options.hint;
  for (const [key, value] of Object.entries(options.data ?? {})) control.dataset[key] = value;
  if (options.required) control.setAttribute('required', '');
  const element = h('div', { class: `ui-field ui-field-${kind}`, dataset: { ui: kind } }, parts.label, control, hint, errorLine);
  let message = '';

  // IDREFs do not cross into a shadow root, so a toolkit field's inner input gets element references.
  // Returns false while that input does not exist yet (the toolkit renders it on connect).
  const describe = (): boolean => {
    const targets = [...(hint.hidden ? [] : [hint]), errorLine];
    if (!parts.describedElement) {
      control.setAttribute('aria-describedby', targets.map((t) => t.id).join(' '));
      return true;
    }
    const inner = parts.describedElement() as Reflecting | null | undefined;
    if (inner) inner.ariaDescribedByElements = targets;
    return Boolean(inner);
  };
  if (parts.describedElement) {
    // Wired once the field is in the page (retried for a few frames), and again whenever it takes focus.
    let frames = 0;
    const wire = (): void => { if (!describe() && ++frames < 120) requestAnimationFrame(wire); };
    wire();
    control.addEventListener('focusin', () => { describe(); });
  } else {
    describe();
  }

  const listen = (event: string | undefined, handler: (value: T) => void): (() => void) => {
    if (!event) return () => undefined;
    const listener = (): void => handler(parts.read());
    control.addEventListener(event, listener);
    return () => control.removeEventListener(event, listener);
  };

  const field: Field<T> = {
    element,
    control,
    get value() { return parts.read(); },
    set value(v: T) { parts.write(v); },
    get disabled() { return control.hasAttribute('disabled'); },
    set disabled(on: boolean) { control.toggleAttribute('disabled', on); },
    onInput: (handler) => listen(parts.inputEvent ?? 'input', handler),
    onChange: (handler) => listen(parts.changeEvent ?? 'change', handler),
    setError(next) {
      message = next ?? '';
      if (errorLine.textContent !== message) errorLine.textContent = message;
      control.setAttribute('aria-invalid', String(message !== ''));
      element.classList.toggle('ui-invalid', message !== '');
      describe();
    },
    get error() { return message; },
    setHint(text) {
      hint.textContent = text;
      hint.hidden = text === '';
      describe();
    },
    focus() { control.focus(); },
  };
  field.disabled = options.disabled ?? false;
  control.setAttribute('aria-invalid', 'false');
  return field;
}
