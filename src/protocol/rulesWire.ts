// The Rules box preview's compact encoding, shared by the host (encodes) and the webview (decodes).
/**
 * A preview at 10,000 streams sent as `[tap_stream_id, rule, selected]` tuples was 208 KB per
 * keystroke, mostly ids the webview already has. The message instead carries one number per
 * stream in the state's stream order (and per field in its stream's field order), plus a
 * fingerprint of that order so a webview holding another stream list never mislabels a row.
 * No imports, no Node or DOM API: both sides run this file.
 */

/** No rule decided the row. */
export const NO_RULE = -1;

/** One row's result as one number: -1 when no rule decided it, else rule index × 2 + (1 if it selects). */
export const ruleCode = (rule: number, selects: boolean): number => (rule < 0 ? NO_RULE : rule * 2 + (selects ? 1 : 0));

/** The rule index and whether it selects, from a code (undefined for NO_RULE or a malformed code). */
export function fromRuleCode(code: unknown): { rule: number; selects: boolean } | undefined {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0) return undefined;
  return { rule: code >> 1, selects: (code & 1) === 1 };
}

/**
 * The fingerprint of an ordered id list: its length and a 32-bit FNV-1a hash over the ids, each
 * followed by its length so ["ab", "c"] and ["a", "bc"] differ. Cheap enough to take per state.
 */
export function orderKey(ids: Iterable<string>): string {
  let h = 0x811c9dc5;
  let n = 0;
  for (const id of ids) {
    n++;
    for (let i = 0; i < id.length; i++) {
      h ^= id.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= id.length;
    h = Math.imul(h, 0x01000193);
  }
  return `${n}:${(h >>> 0).toString(36)}`;
}
