import type { FieldRowView, StreamRowView } from '../../src/protocol/selection';

/** One line of the virtualised list. Heights are fixed per kind, so offsets are a prefix sum. */
export type Row =
  | { kind: 'stream'; id: string; pos: number; size: number }
  | { kind: 'settings'; id: string }
  | { kind: 'issue'; id: string; index: number }
  | { kind: 'field'; id: string; index: number; pos: number; size: number }
  | { kind: 'loading'; id: string }
  | { kind: 'error'; id: string; message: string };

export const ROW_HEIGHT: Record<Row['kind'], number> = { stream: 30, settings: 36, issue: 24, field: 26, loading: 26, error: 30 };

/** Rows the keyboard reaches (tree items): streams, their settings, fields, and a failed field load. */
export const isTreeItem = (row: Row): boolean => row.kind === 'stream' || row.kind === 'field' || row.kind === 'settings' || row.kind === 'error';

export function rowKey(row: Row): string {
  switch (row.kind) {
    case 'field': return `f\u001f${row.id}\u001f${row.index}`;
    case 'issue': return `i\u001f${row.id}\u001f${row.index}`;
    // Not the kind's initial: "stream" and "settings" would share one key (and a mounted element).
    case 'settings': return `g\u001f${row.id}`;
    default: return `${row.kind[0]}\u001f${row.id}`;
  }
}

export function matchesFilter(stream: StreamRowView, needle: string): boolean {
  if (!needle) return true;
  return stream.name.toLowerCase().includes(needle) || stream.id.toLowerCase().includes(needle)
    || (stream.location !== undefined && stream.location.toLowerCase().includes(needle));
}

export interface FlattenInput {
  streams: readonly StreamRowView[];
  fields: ReadonlyMap<string, FieldRowView[]>;
  fieldErrors: ReadonlyMap<string, string>;
  expanded: ReadonlySet<string>;
  filter: string;
  selectedOnly: boolean;
}

export interface Flattened {
  rows: Row[];
  offsets: Float64Array;
  total: number;
  /** tap_stream_ids of the streams shown (the targets of "select all"). */
  shown: string[];
}

/** The rows shown for the current filter and expansion, with their top offsets. */
export function flatten(input: FlattenInput): Flattened {
  const needle = input.filter.trim().toLowerCase();
  const shownStreams = input.streams.filter((s) => matchesFilter(s, needle) && (!input.selectedOnly || s.selected || s.savedSelected));
  const rows: Row[] = [];
  shownStreams.forEach((s, i) => {
    rows.push({ kind: 'stream', id: s.id, pos: i + 1, size: shownStreams.length });
    if (!input.expanded.has(s.id)) return;
    rows.push({ kind: 'settings', id: s.id });
    s.issues.forEach((_, index) => rows.push({ kind: 'issue', id: s.id, index }));
    const fields = input.fields.get(s.id);
    const error = input.fieldErrors.get(s.id);
    if (fields) fields.forEach((_, index) => rows.push({ kind: 'field', id: s.id, index, pos: index + 1, size: fields.length }));
    else if (error !== undefined) rows.push({ kind: 'error', id: s.id, message: error });
    else rows.push({ kind: 'loading', id: s.id });
  });
  const offsets = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + ROW_HEIGHT[rows[i]!.kind];
  return { rows, offsets, total: offsets[rows.length]!, shown: shownStreams.map((s) => s.id) };
}

/** Index of the row at vertical position y (binary search over the offsets). */
export function rowAt(offsets: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
