/** Choosing controls: dropdown, checkbox and radio group, on the toolkit's elements. */
import { h, uniqueId } from './dom';
import { buildField, type Field, type FieldOptions } from './field';

export interface Choice { value: string; label: string; hint?: string; disabled?: boolean }

type Valued = HTMLElement & { value: string };

export interface DropdownOptions extends FieldOptions { choices: readonly Choice[]; value?: string }

export interface Dropdown extends Field<string> {
  /** Replaces the choices, keeping the value when it is still offered. */
  setChoices(choices: readonly Choice[]): void;
}

/** vscode-dropdown has no label of its own: a <label> names it (aria-labelledby) and focuses it on click. */
export function dropdown(options: DropdownOptions): Dropdown {
  const labelId = uniqueId('ui-label');
  const control = h('vscode-dropdown', { 'aria-labelledby': labelId }) as Valued;
  const label = h('label', { id: labelId, class: 'ui-label', on: { click: () => control.focus() } }, options.label);
  const fill = (choices: readonly Choice[], value: string | undefined): void => {
    control.replaceChildren(...choices.map((c) => h('vscode-option', { value: c.value, disabled: c.disabled, selected: c.value === value }, c.label)));
    if (value !== undefined && choices.some((c) => c.value === value)) control.value = value;
  };
  fill(options.choices, options.value);
  const field = buildField<string>('dropdown', options, { control, label, read: () => control.value, write: (v) => { control.value = v; } });
  return Object.assign(field, { setChoices: (choices: readonly Choice[]) => fill(choices, control.value) });
}

export interface CheckboxOptions extends FieldOptions { checked?: boolean }

type Checkable = HTMLElement & { checked: boolean };

/** vscode-checkbox carries its label as content; Space toggles it. */
export function checkbox(options: CheckboxOptions): Field<boolean> {
  const control = h('vscode-checkbox', {}, options.label) as Checkable;
  control.checked = options.checked ?? false;
  return buildField<boolean>('checkbox', options, {
    control, read: () => control.checked, write: (v) => { control.checked = v; }, inputEvent: 'change',
  });
}

export interface RadioGroupOptions extends FieldOptions { choices: readonly Choice[]; value?: string }

export interface RadioGroup extends Field<string> {
  /** The radio of one choice (to focus it, or read its state). */
  radio(value: string): HTMLElement | undefined;
}

/**
 * vscode-radio-group: one Tab stop, arrow keys move and choose. Each choice's hint sits after its
 * radio and describes it (aria-describedby), so the radio's name stays the short label.
 */
export function radioGroup(options: RadioGroupOptions): RadioGroup {
  const labelId = uniqueId('ui-label');
  const control = h('vscode-radio-group', { orientation: 'vertical', 'aria-labelledby': labelId, value: options.value }, h('label', { slot: 'label', id: labelId, class: 'ui-label' }, options.label)) as Valued;
  const radios = new Map<string, HTMLElement>();
  for (const choice of options.choices) {
    const hintId = choice.hint ? uniqueId('ui-radio-hint') : undefined;
    const radio = h('vscode-radio', { value: choice.value, disabled: choice.disabled, 'aria-describedby': hintId, checked: choice.value === options.value }, choice.label);
    radio.dataset.choice = choice.value;
    radios.set(choice.value, radio);
    control.append(radio);
    if (choice.hint) control.append(h('span', { class: 'ui-radio-hint', id: hintId }, choice.hint));
  }
  // The group's value is the one truth: it emits `change` itself once it has unchecked the others.
  const field = buildField<string>('radio', options, {
    control,
    read: () => control.value ?? '',
    write: (v) => { control.value = v; },
    inputEvent: 'change',
  });
  return Object.assign(field, {
    radio: (value: string) => radios.get(value),
    // Focus goes to the checked radio, as Tab would take it there (the toolkit gives radios their
    // tabindex only after its slot settles, so a group focused as it mounts sets it first).
    focus: () => {
      const target = radios.get(control.value) ?? [...radios.values()].find((r) => (r as Checkable).checked) ?? radios.values().next().value;
      if (target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '0');
      target?.focus();
    },
  });
}
