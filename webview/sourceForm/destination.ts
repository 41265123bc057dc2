/**
 * The form's "Load into" control: a labelled native <select> (keyboard-operable as is), shown only
 * when the host offers destinations (two or more). The choice lives in the view; the host checks it.
 */
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { h } from './dom';

/** The choice to keep for a new state: the host's `selected` on a new baseline, else the user's if still offered. */
export function keepDestination(next: SourceFormState, chosen: number | undefined): number | undefined {
  const options = next.destinations?.options;
  if (!options) return undefined;
  if (next.resetDraft || chosen === undefined || !options.some((o) => o.id === chosen)) return next.destinations?.selected;
  return chosen;
}

/** The submit's part: the chosen id only when the form offers destinations. */
export const destinationParam = (s: SourceFormState | undefined, chosen: number | undefined): { destinationId?: number } =>
  (s?.destinations && chosen !== undefined ? { destinationId: chosen } : {});

export function renderDestination(s: SourceFormState, chosen: number | undefined, onChange: (id: number | undefined) => void): HTMLElement[] {
  const choice = s.destinations;
  if (!choice) return [];
  const field = h('div', { class: 'sf-field', 'data-field': 'destination_id' });
  field.append(h('label', { for: 'f-destination_id' }, s.text.loadInto ?? 'Load into'));
  const select = h('select', { id: 'f-destination_id', name: 'destination_id', 'aria-describedby': 'h-destination_id', disabled: s.busy === true });
  if (choice.selected === undefined) select.append(h('option', { value: '' }, s.text.loadIntoUnset ?? 'Not set'));
  for (const o of choice.options) select.append(h('option', { value: String(o.id) }, o.label));
  select.value = chosen === undefined ? '' : String(chosen);
  select.addEventListener('change', () => onChange(select.value === '' ? undefined : Number(select.value)));
  field.append(select, h('div', { class: 'hint', id: 'h-destination_id' }, s.text.loadIntoHelp ?? ''));
  return [field];
}
