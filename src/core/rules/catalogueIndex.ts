/**
 * A discovered catalogue indexed once for rule previews: field names interned to numbers,
 * fieldExclusions turned into index pairs, and each pattern part's matches cached by its source,
 * so a keystroke re-matches only the part that changed (10,000 streams × 20 fields).
 */
import type { StreamModel } from '../selection';
import type { Glob } from './glob';

export interface IndexedStream {
  readonly model: StreamModel;
  /** Interned field names in field order; undefined while the stream's fields are not loaded. */
  readonly nameIds?: Int32Array;
  /** For each field, the indices of the fields it can't be replicated with (mutual); absent when none. */
  readonly exclusions?: ReadonlyArray<readonly number[]>;
}

const CACHE_LIMIT = 256;

export class CatalogueIndex {
  readonly streams: readonly IndexedStream[];
  /** Distinct field names, by interned id. */
  readonly names: readonly string[];
  /** Loaded fields over all streams, and the most in one stream: sizes of a preview's arrays. */
  readonly fieldTotal: number;
  readonly fieldMax: number;
  /** Where each stream's fields start in a preview's arrays. */
  readonly offsets: Int32Array;

  private readonly streamMatches = new Map<string, Uint8Array>();
  private readonly fieldMatches = new Map<string, Uint8Array>();

  constructor(models: Iterable<StreamModel>) {
    const names: string[] = [];
    const ids = new Map<string, number>();
    const intern = (name: string): number => {
      let id = ids.get(name);
      if (id === undefined) {
        id = names.length;
        names.push(name);
        ids.set(name, id);
      }
      return id;
    };
    const streams: IndexedStream[] = [];
    for (const model of models) {
      if (!model.fields) {
        streams.push({ model });
        continue;
      }
      const nameIds = Int32Array.from(model.fields, (f) => intern(f.name));
      const exclusions = exclusionPairs(model);
      streams.push({ model, nameIds, ...(exclusions ? { exclusions } : {}) });
    }
    this.streams = streams;
    this.names = names;
    this.fieldTotal = streams.reduce((n, s) => n + (s.nameIds?.length ?? 0), 0);
    this.fieldMax = streams.reduce((n, s) => Math.max(n, s.nameIds?.length ?? 0), 0);
    this.offsets = new Int32Array(streams.length);
    let offset = 0;
    streams.forEach((s, i) => {
      this.offsets[i] = offset;
      offset += s.nameIds?.length ?? 0;
    });
  }

  /** 1 where the stream's tap_stream_id matches the part. */
  streamsMatching(glob: Glob): Uint8Array {
    return cached(this.streamMatches, glob, () => Uint8Array.from(this.streams, (s) => (glob.test(s.model.tapStreamId) ? 1 : 0)));
  }

  /** 1 where the interned field name matches the part. */
  namesMatching(glob: Glob): Uint8Array {
    return cached(this.fieldMatches, glob, () => Uint8Array.from(this.names, (n) => (glob.test(n) ? 1 : 0)));
  }
}

function cached(cache: Map<string, Uint8Array>, glob: Glob, compute: () => Uint8Array): Uint8Array {
  let hit = cache.get(glob.source);
  if (!hit) {
    if (cache.size >= CACHE_LIMIT) cache.clear(); // parts typed long ago are rarely typed again
    hit = compute();
    cache.set(glob.source, hit);
  }
  return hit;
}

/** fieldExclusions as mutual index pairs: if A lists B, neither may be replicated with the other. */
function exclusionPairs(model: StreamModel): number[][] | undefined {
  const fields = model.fields!;
  if (!fields.some((f) => f.excludes.length > 0)) return undefined;
  const position = new Map(fields.map((f, i) => [f.name, i]));
  const sets = fields.map(() => new Set<number>());
  fields.forEach((f, i) => {
    for (const other of f.excludes) {
      const j = position.get(other);
      if (j === undefined || j === i) continue;
      sets[i]!.add(j);
      sets[j]!.add(i);
    }
  });
  return sets.map((s) => [...s]);
}
