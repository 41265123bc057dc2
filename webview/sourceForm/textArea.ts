/**
 * A JSON value's editor: the layer has no multi-line field, and the toolkit's text area can't be
 * named outside webview/ui, so this is the platform <textarea> on the layer's field wiring (label,
 * hint, announced error line), styled with the same --vscode-input-* variables.
 */
import { h, uniqueId, type Field, type FieldOptions } from '../ui';
import { buildField } from '../ui/field';

export function jsonArea(options: FieldOptions & { value: string }): Field<string> {
  const id = uniqueId('sf-json');
  const control = h('textarea', { id, class: 'sf-json', rows: 4, spellcheck: 'false' });
  control.value = options.value;
  const label = h('label', { for: id, class: 'ui-label' }, options.label);
  return buildField<string>('json', options, { control, label, read: () => control.value, write: (v) => { control.value = v; } });
}
