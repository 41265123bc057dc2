/**
 * One property of the form as the component layer builds it: the control the host chose for it
 * (text, password, number, checkbox, dropdown, date, list, JSON), its label and hint, its notes, and
 * its error line. Every control keeps the ids `f-<name>` / `e-<name>` (see nameField).
 */
import type { FieldView, FormValues, SourceFormState } from '../../src/protocol/sourceForm';
import {
  checkbox, dateField, dateTimeField, dropdown, numberField, passwordField, t, textField, type Choice,
} from '../ui';
import { codicon, h, nameField } from './dom';
import { dateInputToIso, dateTimeInputToIso, isoToDateInput, isoToDateTimeInput } from './draft';
import { renderList } from './lists';
import { jsonArea } from './textArea';
import { words } from './words';

/** What the field controls read and write in the form view. */
export interface FormAccess {
  readonly root: HTMLElement;
  values(): FormValues;
  secrets(): Readonly<Record<string, string>>;
  setValue(name: string, value: unknown, credential: boolean): void;
  render(): void;
}

/** What the view does with a rendered property: show its error, move focus to it. */
export interface FieldHandle {
  setError(message?: string): void;
  focus(): void;
}

type Text = HTMLElement & { value: string };
type Built = FieldHandle & { readonly element: HTMLElement };

/** The text a value shows in a text control. */
const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string));

export class FieldControls {
  /** The handles of the last render, by property name. */
  readonly handles = new Map<string, FieldHandle>();

  constructor(private readonly form: FormAccess) {}

  private hintOf(p: FieldView): string | undefined {
    const c = p.control;
    if (c.kind === 'union') return c.hint;
    if (c.kind === 'text' && c.hint) return c.hint;
    return undefined;
  }

  /** The field's one hint line: its help, then its format (controls that show choices need none). */
  private hintText(p: FieldView): string {
    const hints: string[] = [];
    if (p.help) hints.push(p.help);
    const extra = p.patternHint ?? this.hintOf(p);
    if (extra && p.control.kind !== 'select' && p.control.kind !== 'boolean') hints.push(t('Format: {0}.', extra));
    // The input shows no zone: say UTC unless the help or format already does.
    if (p.control.kind === 'datetime' && !hints.join(' ').includes('UTC')) hints.push(p.control.midnightOnly ? t('00:00 UTC') : t('UTC'));
    return hints.join(' ');
  }

  renderField(p: FieldView, s: SourceFormState): HTMLElement {
    const field = this.buildControl(p, s);
    const el = field.element;
    el.classList.add('sf-field', `sf-kind-${p.control.kind}`);
    if (p.locked) el.classList.add('sf-locked');
    if (p.required) el.classList.add('sf-required-field');
    if (p.credential) el.classList.add('sf-credential');
    el.dataset.kind = p.control.kind;
    const notes: HTMLElement[] = [];
    if (p.caution) notes.push(h('p', { class: 'hint sf-caution' }, codicon('warning'), ' ', p.caution));
    if (p.locked && p.lockedReason) notes.push(h('p', { class: 'hint' }, codicon('lock'), ' ', p.lockedReason));
    if (p.credential && s.stage === 'checkFailed') notes.push(h('p', { class: 'hint sf-warning' }, codicon('key'), ' ', words(s).credentialRetype));
    // Notes read after the hint, before the error line.
    const errorLine = el.querySelector('.ui-error');
    for (const note of notes) el.insertBefore(note, errorLine);
    this.handles.set(p.name, field);
    return el;
  }

  private buildControl(p: FieldView, s: SourceFormState): Built {
    const value = this.form.values()[p.name];
    const base = { label: p.label, hint: this.hintText(p), required: p.required === true, disabled: p.locked === true };
    const set = (v: unknown) => this.form.setValue(p.name, v, false);
    const c = p.control;
    switch (c.kind) {
      case 'password': {
        const field = passwordField({ ...base, value: this.form.secrets()[p.name] ?? '', spellcheck: false,
          ...(p.provided && s.mode === 'edit' ? { placeholder: p.placeholder ?? t('Saved; leave empty to keep') } : {}) });
        field.onInput((v) => this.form.setValue(p.name, v, true));
        return nameField(field, p.name);
      }
      case 'number': {
        const field = numberField(base);
        // The text as typed: the quick rules and the host judge it, "lots" included.
        (field.control as Text).value = asText(value);
        field.onInput(() => set(field.text));
        return nameField(field, p.name);
      }
      case 'boolean': {
        const field = checkbox({ ...base, checked: value === true || value === 'true' });
        field.onInput((v) => set(v));
        return nameField(field, p.name);
      }
      case 'select': {
        const current = asText(value);
        const choices: Choice[] = [{ value: '', label: p.required ? t('Choose…') : t('(not set)') }, ...c.options.map((o) => ({ value: o.value, label: o.label }))];
        if (current && !c.options.some((o) => o.value === current)) choices.push({ value: current, label: current });
        const field = dropdown({ ...base, choices, value: current });
        field.onChange((v) => set(v));
        return nameField(field, p.name);
      }
      case 'datetime': {
        const field = c.midnightOnly ? dateField({ ...base, value: isoToDateInput(value) }) : dateTimeField({ ...base, value: isoToDateTimeInput(value), step: 1 });
        field.onInput((v) => set(v ? (c.midnightOnly ? dateInputToIso(v) : dateTimeInputToIso(v)) : ''));
        return nameField(field, p.name);
      }
      case 'stringList':
        return renderList(this.form, p, [{ name: '', label: p.label, required: false }], true, this.hintText(p));
      case 'objectList':
        return renderList(this.form, p, [...c.columns], false, this.hintText(p));
      case 'json': {
        const field = jsonArea({ ...base, value: typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2) });
        field.onInput((v) => set(v));
        return nameField(field, p.name);
      }
      case 'union':
        return this.text(p, base, value, c.hint);
      case 'text':
      case 'freeText':
      default:
        return this.text(p, base, value);
    }
  }

  private text(p: FieldView, base: { label: string; hint: string; required: boolean; disabled?: boolean }, value: unknown, placeholder?: string): Built {
    const field = textField({ ...base, value: asText(value), spellcheck: false, ...(placeholder ? { placeholder } : {}) });
    field.onInput((v) => this.form.setValue(p.name, v, false));
    return nameField(field, p.name);
  }
}
