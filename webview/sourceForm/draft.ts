/**
 * What the source form keeps between renders, hides and reloads — pure, no DOM, unit-tested in Node.
 * The draft holds typed values only; credentials live in memory and never reach `setState`.
 */
import type { ScheduleDraft } from '../../src/protocol/schedule';
import type { FieldView, FormValues, PanelKey, SourceFormDraft, SourceFormState } from '../../src/protocol/sourceForm';

/**
 * A prototype-less copy of `from`: property names are a card's, so `__proto__` or `constructor`
 * must be ordinary keys (a plain `{}` would drop a value written to `__proto__`, and read
 * Object.prototype's members for names it lacks). Same idea as src/core/dict, kept local to the webview.
 */
export function record<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from);
}

export function allFields(state: Pick<SourceFormState, 'steps' | 'formStepTypes'>): FieldView[] {
  return state.steps.filter((s) => state.formStepTypes.includes(s.type)).flatMap((s) => s.properties);
}

export function credentialNames(fields: readonly FieldView[]): Set<string> {
  return new Set(fields.filter((f) => f.credential || f.control.kind === 'password').map((f) => f.name));
}

/** A copy of `values` without any credential (by descriptor), nor names the form doesn't know. */
export function withoutCredentials(values: FormValues, fields: readonly FieldView[]): FormValues {
  const secret = credentialNames(fields);
  const known = new Set(fields.map((f) => f.name));
  const out: FormValues = record();
  for (const [name, value] of Object.entries(values)) {
    if (known.has(name) && !secret.has(name)) out[name] = value;
  }
  return { ...out }; // plain again, with `__proto__` as an own key
}

export function sameKey(a: PanelKey | undefined, b: PanelKey | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  return a.kind === 'new' ? a.sourceType === (b as typeof a).sourceType : a.sourceId === (b as typeof a).sourceId;
}

/**
 * The values to show: the host's baseline, overlaid with what the user typed (the draft) unless the
 * host reset it (after a successful save) or the draft belongs to another panel. A draft made as a
 * new source carries over once that source is created (its key changes from new to source).
 */
export function mergeDraft(state: SourceFormState, draft: SourceFormDraft | undefined): { values: FormValues; displayName: string } {
  const fields = allFields(state);
  const baseline = withoutCredentials(state.values, fields);
  const usable = draft && !state.resetDraft && (!draft.key || sameKey(draft.key, state.key));
  if (!usable) return { values: baseline, displayName: state.displayName };
  const typed = withoutCredentials(draft.values ?? {}, fields);
  for (const f of fields) if (f.locked) delete typed[f.name];
  return {
    values: { ...baseline, ...typed },
    displayName: typeof draft.displayName === 'string' && (state.mode === 'create' || draft.displayName !== '') ? draft.displayName : state.displayName,
  };
}

/** The state the webview persists: never a credential. The schedule editor's draft, when embedded, goes with it. */
export function draftToPersist(key: PanelKey | undefined, displayName: string, values: FormValues, fields: readonly FieldView[], advancedOpen: boolean, schedule?: ScheduleDraft): SourceFormDraft {
  return { ...(key ? { key } : {}), displayName, values: withoutCredentials(values, fields), advancedOpen, ...(schedule ? { schedule: { ...schedule } } : {}) };
}

/**
 * A checkbox has no "unset": a required one left unchecked is the value false (Postgres "Use SSL"),
 * so it is sent as false rather than missing (which "required" would refuse).
 */
export function uncheckedRequired(fields: readonly FieldView[]): FormValues {
  const out: FormValues = record();
  for (const f of fields) if (f.control.kind === 'boolean' && f.required && !f.locked && f.section !== 'hidden') out[f.name] = false;
  return { ...out };
}

/** `values` without the schedule fields (the embedded schedule editor owns them). */
export function withoutScheduleValues(values: FormValues, fields: readonly FieldView[]): FormValues {
  const scheduled = new Set(fields.filter((f) => f.scheduleField).map((f) => f.name));
  return Object.fromEntries(Object.entries(values).filter(([name]) => !scheduled.has(name)));
}

// ---- Date-time inputs (ISO UTC in the model, plain date / datetime-local in the input) ---------

/** "2024-03-01T00:00:00Z" → "2024-03-01" for <input type=date>. */
export function isoToDateInput(iso: unknown): string {
  return typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : '';
}

/** "2024-03-01" → "2024-03-01T00:00:00Z" (midnight UTC, as start dates must be). */
export function dateInputToIso(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

/** An ISO instant → "YYYY-MM-DDTHH:MM:SS" in UTC for <input type=datetime-local>. */
export function isoToDateTimeInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().slice(0, 19);
}

/** The datetime-local value, read as UTC, → ISO with Z ("2024-03-01T06:30" → "2024-03-01T06:30:00Z"). */
export function dateTimeInputToIso(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return value;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}Z`;
}
