/**
 * The form's "Load into" control: a labelled dropdown, shown only when the host offers destinations
 * (two or more). The choice lives in the view; the host checks it.
 */
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { dropdown, t } from '../ui';
import { nameField } from './dom';
import type { FieldHandle } from './fields';

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

export function renderDestination(s: SourceFormState, chosen: number | undefined, onChange: (id: number | undefined) => void): Array<FieldHandle & { element: HTMLElement }> {
  const choice = s.destinations;
  if (!choice) return [];
  const choices = [
    ...(choice.selected === undefined ? [{ value: '', label: t('Not set: every destination that takes unmapped sources') }] : []),
    ...choice.options.map((o) => ({ value: String(o.id), label: o.label })),
  ];
  const field = nameField(dropdown({ label: t('Load into'), hint: t('The destination this source’s data loads into.'), choices, value: chosen === undefined ? '' : String(chosen), disabled: s.busy === true }), 'destination_id');
  field.element.classList.add('sf-field');
  field.onChange((v) => onChange(v === '' ? undefined : Number(v)));
  return [field];
}
