/** The source form's naming of the layer's pieces: stable ids per property, icons, isolated text. */
import { h, type Field } from '../ui';

export { h };

export function codicon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}

/** Parts joined by ' · ', each isolated (<bdi>): a direction override in one can't reorder the rest of the line. */
export function isolatedParts(parts: ReadonlyArray<string | undefined>): Array<Node | string | undefined> {
  return parts.filter((part): part is string => Boolean(part)).flatMap((part, i) => [i > 0 ? ' · ' : undefined, h('bdi', {}, part)]);
}

export const inputId = (name: string) => `f-${name}`;
export const errorId = (name: string) => `e-${name}`;
export const hintId = (name: string) => `h-${name}`;

/**
 * Gives a layer field the form's ids (control `f-<name>`, hint `h-<name>`, error `e-<name>`): the
 * host's messages, the tests and the bench find a property's parts by its name. A label that names
 * the control by id follows it; the describedby wiring is redone with the new ids.
 */
export function nameField<F extends Field<unknown>>(field: F, name: string): F {
  const oldId = field.control.id;
  field.control.id = inputId(name);
  if (oldId) field.element.querySelector(`label[for="${CSS.escape(oldId)}"]`)?.setAttribute('for', inputId(name));
  const hint = field.element.querySelector<HTMLElement>('.ui-hint');
  const error = field.element.querySelector<HTMLElement>('.ui-error');
  if (hint) hint.id = hintId(name);
  if (error) error.id = errorId(name);
  field.element.dataset.field = name;
  field.setHint(hint?.textContent ?? '');
  return field;
}
