/**
 * A stream's `fields` in a source file, against that stream's live fields (its schema read). Pure.
 *
 * The file says which fields replicate: "default" (what Stitch picks: automatic fields and those
 * selected by default), "all", a list (automatic and default fields come along), or
 * {"exclude": [...]} (all but those). Stitch's rules (reference §7.8) decide what can be asked:
 * automatic and selected-by-default fields always replicate, so they can't be excluded; unsupported
 * fields never do, so they can't be listed; fieldExclusions pairs can't replicate together (the
 * API accepts them and the extraction fails, so the plan refuses them first).
 */
import { isFieldReplicated, type FieldModel, type StreamModel } from '../selectionModel';

export type FieldsSpec = 'default' | 'all' | readonly string[] | { readonly exclude: readonly string[] };

export interface FieldsOutcome {
  /** Fields that replicate once applied, sorted: the file's side of the diff view. */
  readonly desired: readonly string[];
  /** Fields that replicate now (none when the stream is not selected), sorted. */
  readonly live: readonly string[];
  /** The field-level `selected` values to send, only where they differ from the live ones. */
  readonly changes: readonly { readonly name: string; readonly selected: boolean }[];
  readonly problems: readonly { readonly message: string; readonly severity: 'error' | 'warning' }[];
}

/** Whether a field replicates whatever its `selected` says. */
function fixed(f: FieldModel): boolean {
  return f.inclusion === 'automatic' || (f.inclusion === 'available' && f.selectedByDefault);
}

/**
 * The `fields` a file says for a stream's live field choice (an export): undefined when only
 * Stitch's own picks replicate (nothing to manage), "all" when every optional field does, else the
 * optional fields chosen. Planned again, it asks for no change.
 */
export function fieldsSpecOf(stream: StreamModel): FieldsSpec | undefined {
  const optional = (stream.fields ?? []).filter((f) => f.inclusion === 'available' && !f.selectedByDefault);
  const chosen = optional.filter((f) => f.selected === true).map((f) => f.name).sort();
  if (chosen.length === 0) return undefined;
  return chosen.length === optional.length ? 'all' : chosen;
}

export function planFields(spec: FieldsSpec, stream: StreamModel, liveSelected: boolean): FieldsOutcome {
  const fields = stream.fields ?? [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: { message: string; severity: 'error' | 'warning' }[] = [];
  const wanted = new Set<string>();
  const unknown = (names: readonly string[]) => {
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length) problems.push({ message: `Not a field of ${stream.tapStreamId}: ${missing.join(', ')}.`, severity: 'error' });
  };
  if (spec === 'all') for (const f of fields) { if (f.inclusion === 'available') wanted.add(f.name); }
  else if (Array.isArray(spec)) {
    unknown(spec);
    for (const name of spec) {
      const f = byName.get(name);
      if (f?.inclusion === 'unsupported') problems.push({ message: `${name} can't be replicated: ${f.lockReason ?? 'this source cannot replicate it'}.`, severity: 'error' });
      else if (f) wanted.add(name);
    }
  } else if (spec !== 'default') {
    const excluded = new Set((spec as { exclude: readonly string[] }).exclude);
    unknown([...excluded]);
    for (const f of fields) {
      if (!excluded.has(f.name)) { if (f.inclusion === 'available') wanted.add(f.name); continue; }
      if (f.inclusion === 'automatic') problems.push({ message: `${f.name} can't be excluded: ${f.lockReason ?? 'always replicated'}`, severity: 'error' });
      else if (f.selectedByDefault) problems.push({ message: `${f.name} can't be excluded: Stitch replicates a field selected by default even when it is deselected.`, severity: 'error' });
    }
  }
  const desired = fields.filter((f) => fixed(f) || (f.inclusion === 'available' && wanted.has(f.name))).map((f) => f.name);
  const desiredSet = new Set(desired);
  // Each incompatible pair once, whichever side names the other.
  const pairs = new Set<string>();
  for (const name of desired) {
    for (const other of byName.get(name)?.excludes ?? []) {
      if (!desiredSet.has(other)) continue;
      const pair = [name, other].sort().join(' and ');
      if (pairs.has(pair)) continue;
      pairs.add(pair);
      problems.push({ message: `${pair} can't be replicated together in ${stream.tapStreamId} (Stitch's field exclusions); leave one out.`, severity: 'error' });
    }
  }
  const changes: { name: string; selected: boolean }[] = [];
  for (const f of fields) {
    if (f.inclusion !== 'available' || f.selectedByDefault) continue; // its `selected` changes nothing
    const want = wanted.has(f.name);
    const has = liveSelected && f.selected === true;
    if (want !== has) changes.push({ name: f.name, selected: want });
  }
  const live = liveSelected ? fields.filter((f) => isFieldReplicated(f, f.selected)).map((f) => f.name) : [];
  return { desired: [...desired].sort(), live: live.sort(), changes, problems };
}

/** The stored field choices of the streams read: part of the fingerprint apply checks. */
export function fieldsKey(models: ReadonlyMap<string, StreamModel> | undefined): string {
  if (!models) return '';
  const parts: string[] = [];
  for (const [id, m] of models) parts.push(`${id}{${(m.fields ?? []).map((f) => `${f.name}=${String(f.selected)}`).join(',')}}`);
  return parts.sort().join(';');
}
