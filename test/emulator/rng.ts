/** Small deterministic helpers: the same seed gives the same ids, names and record counts. */

export function hashString(text: string): number {
  // FNV-1a, 32 bit: cheap and good enough to spread seeds.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny PRNG with a 32-bit state. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

export function hex(rand: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** A string laid out like the version-1 UUIDs in Stitch job names (…-11ea-…). */
export function uuidV1Like(rand: () => number): string {
  return `${hex(rand, 8)}-${hex(rand, 4)}-11ea-${(8 + Math.floor(rand() * 4)).toString(16)}${hex(rand, 3)}-${hex(rand, 12)}`;
}
