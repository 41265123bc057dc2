/**
 * The metadata PUT that makes a live selection what a file's `streams` say: declared streams
 * selected (with their replication settings and field choices), every other selected stream
 * dropped along with its selected fields. Pure; a part of plan.ts.
 */
import type { Stream } from '../../api/types';
import { isListedStreamSelected, type StreamModel } from '../selectionModel';
import type { FieldsOutcome } from './fieldsPlan';
import type { FileStream } from './model';
import type { PlannedCall, StreamMetadataEntry } from './plan';

export function selectionCall(id: string, declared: Readonly<Record<string, FileStream>> | undefined, streams: readonly Stream[], fields: ReadonlyMap<string, FieldsOutcome>, models?: ReadonlyMap<string, StreamModel>, onlyStream?: string): PlannedCall | undefined {
  if (!declared) return undefined;
  if (onlyStream !== undefined) {
    // One stream's difference: the call touches that stream alone (selected as the file says, or dropped).
    streams = streams.filter((s) => s.tap_stream_id === onlyStream);
    declared = Object.hasOwn(declared, onlyStream) ? { [onlyStream]: declared[onlyStream]! } : {};
  }
  // Only the declared streams are looked up: no index of the whole (maybe 10,000-stream) catalogue.
  const live = new Map<string, Stream>();
  for (const s of streams) if (Object.hasOwn(declared, s.tap_stream_id)) live.set(s.tap_stream_id, s);
  const entries: StreamMetadataEntry[] = [];
  const dropped = (tapId: string) => (models?.get(tapId)?.fields ?? []).filter((f) => f.selected === true);
  let added = 0;
  let removed = 0;
  let changed = 0;
  let fieldsOn = 0;
  let fieldsOff = 0;
  const perStream: string[] = [];
  for (const [tapId, want] of Object.entries(declared)) {
    const s = live.get(tapId);
    const selected = s?.metadata?.selected === true || s?.selected === true;
    const meta: Record<string, unknown> = {};
    if (!selected) meta.selected = true;
    if (want.replicationMethod !== undefined && want.replicationMethod !== s?.metadata?.['replication-method']) meta['replication-method'] = want.replicationMethod;
    if (want.replicationKey !== undefined && want.replicationKey !== s?.metadata?.['replication-key']) meta['replication-key'] = want.replicationKey;
    const fieldChanges = fields.get(tapId)?.changes ?? [];
    if (!Object.keys(meta).length && !fieldChanges.length) continue;
    if (!selected) added++; else if (Object.keys(meta).length) changed++;
    const metadata: StreamMetadataEntry['metadata'] = Object.keys(meta).length ? [{ breadcrumb: [], metadata: meta }] : [];
    let on = 0;
    for (const f of fieldChanges) {
      if (f.selected) on++;
      metadata.push({ breadcrumb: ['properties', f.name], metadata: { selected: f.selected } });
    }
    fieldsOn += on;
    fieldsOff += fieldChanges.length - on;
    if (fieldChanges.length) perStream.push(`${tapId} ${[on && `+${on}`, fieldChanges.length - on && `−${fieldChanges.length - on}`].filter(Boolean).join(' ')}`);
    entries.push({ tap_stream_id: tapId, metadata });
  }
  for (const s of streams) {
    if (isListedStreamSelected(s) && !Object.hasOwn(declared, s.tap_stream_id)) {
      removed++;
      // Its selected fields go with it, in the same request: Stitch refuses a stream deselected under them.
      const off = dropped(s.tap_stream_id);
      fieldsOff += off.length;
      entries.push({ tap_stream_id: s.tap_stream_id, metadata: [{ breadcrumb: [], metadata: { selected: false } }, ...off.map((f) => ({ breadcrumb: ['properties', f.name], metadata: { selected: false } }))] });
    }
  }
  if (!entries.length) return undefined;
  const count = (n: number, sign: string, what: string) => n && `${sign}${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [count(added, '+', 'stream'), count(fieldsOn, '+', 'field'), count(removed, '−', 'stream'), count(fieldsOff, '−', 'field'), count(changed, '~', 'stream')].filter(Boolean);
  // Which streams' fields move, when few enough to read on one line.
  const detail = perStream.length && perStream.length <= 5 ? ` (fields: ${perStream.join('; ')})` : '';
  return { kind: 'selection', method: 'PUT', path: `/v4/sources/${id}/streams/metadata`, body: { streams: entries }, summary: `PUT /v4/sources/${id}/streams/metadata: ${parts.join(', ')}${detail}` };
}
