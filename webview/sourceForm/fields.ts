import type { FieldView, FormValues, SourceFormState } from '../../src/protocol/sourceForm';
import { button, codicon, errorId, h, inputId } from './dom';
import { dateInputToIso, dateTimeInputToIso, isoToDateInput, isoToDateTimeInput } from './draft';

/** What the field controls read and write in the form view. */
export interface FormAccess {
  readonly root: HTMLElement;
  values(): FormValues;
  secrets(): Readonly<Record<string, string>>;
  setValue(name: string, value: unknown, credential: boolean): void;
  render(): void;
}

/** One field of the form: its label, control (by the control kind the host chose), hints and error slot. */
export class FieldControls {
  constructor(private readonly form: FormAccess) {}

  private describedBy(p: FieldView): string {
    return [p.help || p.patternHint || this.hintOf(p) ? `h-${p.name}` : undefined, errorId(p.name)].filter(Boolean).join(' ');
  }

  private hintOf(p: FieldView): string | undefined {
    const c = p.control;
    if (c.kind === 'union') return c.hint;
    if (c.kind === 'text' && c.hint) return c.hint;
    return undefined;
  }

  renderField(p: FieldView, s: SourceFormState): HTMLElement {
    const t = s.text;
    const wrap = h('div', { class: `sf-field sf-kind-${p.control.kind}${p.locked ? ' sf-locked' : ''}`, 'data-field': p.name, 'data-kind': p.control.kind });
    const isCheckbox = p.control.kind === 'boolean';
    const labelEl = h('label', { for: inputId(p.name) }, p.label);
    if (p.required) labelEl.append(' ', h('span', { class: 'sf-required', title: t.required ?? 'required' }, '*'));
    if (p.credential) labelEl.append(' ', codicon('lock'));
    const control = this.renderControl(p, s);
    if (isCheckbox) wrap.append(h('div', { class: 'sf-checkbox' }, control, labelEl));
    else wrap.append(labelEl, control);
    const hints: string[] = [];
    if (p.help) hints.push(p.help);
    const extra = p.patternHint ?? this.hintOf(p);
    if (extra && p.control.kind !== 'select' && p.control.kind !== 'boolean') hints.push(`Format: ${extra}.`);
    if (hints.length > 0) wrap.append(h('div', { class: 'hint', id: `h-${p.name}` }, hints.join(' ')));
    if (p.caution) wrap.append(h('div', { class: 'hint sf-caution' }, codicon('warning'), ' ', p.caution));
    if (p.locked && p.lockedReason) wrap.append(h('div', { class: 'hint' }, codicon('lock'), ' ', p.lockedReason));
    if (p.credential && s.stage === 'checkFailed') wrap.append(h('div', { class: 'hint warning-text' }, t.credentialRetype ?? ''));
    wrap.append(h('div', { class: 'sf-error', id: errorId(p.name), role: 'alert' }));
    return wrap;
  }

  private renderControl(p: FieldView, s: SourceFormState): HTMLElement {
    const id = inputId(p.name);
    const common = { id, name: p.name, 'aria-describedby': this.describedBy(p), 'aria-required': p.required ? 'true' : undefined, disabled: p.locked };
    const value = this.form.values()[p.name];
    const c = p.control;
    const text = (type: string, extra: Record<string, string | boolean | undefined> = {}) => {
      const input = h('input', { type, ...common, autocomplete: 'off', spellcheck: 'false', ...extra });
      input.value = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string);
      input.addEventListener('input', () => this.form.setValue(p.name, input.value, false));
      return input;
    };
    switch (c.kind) {
      case 'password': {
        const input = h('input', { type: 'password', ...common, autocomplete: 'new-password', spellcheck: 'false',
          placeholder: p.provided && s.mode === 'edit' ? (p.placeholder ?? s.text.savedCredential) : undefined });
        input.value = this.form.secrets()[p.name] ?? '';
        input.addEventListener('input', () => this.form.setValue(p.name, input.value, true));
        return input;
      }
      case 'number':
        return text('number', { inputmode: c.valueType === 'integer' ? 'numeric' : 'decimal', min: c.minimum !== undefined ? String(c.minimum) : undefined, max: c.maximum !== undefined ? String(c.maximum) : undefined, step: c.valueType === 'integer' ? '1' : 'any' });
      case 'boolean': {
        const input = h('input', { type: 'checkbox', ...common });
        input.checked = value === true || value === 'true';
        input.addEventListener('change', () => this.form.setValue(p.name, input.checked, false));
        return input;
      }
      case 'select': {
        const select = h('select', { ...common });
        select.append(h('option', { value: '' }, p.required ? 'Choose…' : '(not set)'));
        const current = value === undefined || value === null ? '' : String(value as string);
        for (const o of c.options) {
          const opt = h('option', { value: o.value }, o.label === o.value ? o.label : `${o.label}`);
          if (o.value === current) opt.selected = true;
          select.append(opt);
        }
        if (current && !c.options.some((o) => o.value === current)) select.append(h('option', { value: current, selected: true }, current));
        select.addEventListener('change', () => this.form.setValue(p.name, select.value, false));
        return select;
      }
      case 'datetime': {
        const box = h('div', { class: 'sf-datetime' });
        if (c.midnightOnly) {
          const input = h('input', { type: 'date', ...common });
          input.value = isoToDateInput(value);
          input.addEventListener('input', () => this.form.setValue(p.name, input.value ? dateInputToIso(input.value) : '', false));
          box.append(input, h('span', { class: 'hint' }, `00:00 ${s.text.utc ?? 'UTC'}`));
        } else {
          const input = h('input', { type: 'datetime-local', step: '1', ...common });
          input.value = isoToDateTimeInput(value);
          input.addEventListener('input', () => this.form.setValue(p.name, input.value ? dateTimeInputToIso(input.value) : '', false));
          box.append(input, h('span', { class: 'hint' }, s.text.utc ?? 'UTC'));
        }
        return box;
      }
      case 'union':
        return text('text', { inputmode: c.input === 'integer' ? 'numeric' : undefined, placeholder: c.hint });
      case 'stringList':
        return this.renderList(p, s, [{ name: '', label: p.label, required: false }], true);
      case 'objectList':
        return this.renderList(p, s, [...c.columns], false);
      case 'json': {
        const area = h('textarea', { ...common, rows: '4', spellcheck: 'false' });
        area.value = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2);
        area.addEventListener('input', () => this.form.setValue(p.name, area.value, false));
        return area;
      }
      case 'text':
        return text(c.inputType);
      case 'freeText':
      default:
        return text('text');
    }
  }

  /** A list editor: one row per item (a text input, or one input per column), Add and Remove. */
  private renderList(p: FieldView, s: SourceFormState, columns: Array<{ name: string; label: string; required: boolean }>, scalar: boolean): HTMLElement {
    const rows: unknown[] = Array.isArray(this.form.values()[p.name]) ? [...(this.form.values()[p.name] as unknown[])] : [];
    const box = h('div', { class: 'sf-list', id: inputId(p.name), role: 'group', 'aria-label': p.label, 'aria-describedby': this.describedBy(p), tabindex: '-1' });
    const commit = () => this.form.setValue(p.name, rows.map((r) => (scalar ? r : { ...(r as object) })), false);
    const table = h('div', { class: 'sf-list-rows' });
    rows.forEach((row, i) => {
      const line = h('div', { class: 'sf-list-row', 'data-row': String(i) });
      for (const col of columns) {
        const cellId = `${inputId(p.name)}-${i}-${col.name || 'value'}`;
        const cell = h('input', { type: 'text', id: cellId, 'aria-label': `${col.label} ${i + 1}`, placeholder: col.label, disabled: p.locked, spellcheck: 'false' });
        const current = scalar ? row : Object.prototype.hasOwnProperty.call(row, col.name) ? (row as Record<string, unknown>)[col.name] : undefined;
        cell.value = current === undefined || current === null ? '' : String(current as string);
        cell.addEventListener('input', () => {
          if (scalar) rows[i] = cell.value; else rows[i] = { ...(rows[i] as object), [col.name]: cell.value };
          commit();
        });
        line.append(cell);
      }
      line.append(button(s.text.removeRow ?? 'Remove', 'icon', () => { rows.splice(i, 1); commit(); this.form.render(); }, `sf-remove`, 'trash', `${s.text.removeRow ?? 'Remove'} ${i + 1}`));
      table.append(line);
    });
    box.append(table);
    if (!p.locked) {
      box.append(button(`${s.text.addRow ?? 'Add'}`, 'secondary', () => {
        rows.push(scalar ? '' : Object.fromEntries(columns.map((col) => [col.name, ''])));
        commit();
        this.form.render();
        const cells = this.form.root.querySelectorAll<HTMLInputElement>(`[data-field="${CSS.escape(p.name)}"] .sf-list-row:last-child input`);
        cells[0]?.focus();
      }, 'sf-add', 'add'));
    }
    return box;
  }
}
