/**
 * New streams after a structure sync: which streams a source did not have before, what to tell the
 * user ("3 new streams in Recurly (prod)"), and the rules' result for those streams alone, so
 * applying it never touches a stream the user already decided about.
 */
import type { StreamModel } from '../selection';
import { isolateBidi } from '../displayText';
import type { ParsedRules } from './parse';
import { previewRules, type RulePreview } from './preview';

/** The `stitch.newStreams` setting. */
export type NewStreamsPolicy = 'ask' | 'applyRules' | 'ignore';

export function parseNewStreamsPolicy(value: unknown): NewStreamsPolicy {
  return value === 'applyRules' || value === 'ignore' ? value : 'ask';
}

/**
 * tap_stream_ids in `after` that `before` lacks, in `after`'s order. With no earlier list (the
 * first read of a source) nothing counts as new: there is nothing to compare with.
 */
export function newStreamIds(before: ReadonlyArray<{ tap_stream_id: string }> | undefined, after: ReadonlyArray<{ tap_stream_id: string }>): string[] {
  if (!before) return [];
  const known = new Set(before.map((s) => s.tap_stream_id));
  return after.filter((s) => !known.has(s.tap_stream_id)).map((s) => s.tap_stream_id);
}

export function newStreamsMessage(count: number, sourceName: string): string {
  return `${count} new stream${count === 1 ? '' : 's'} in ${isolateBidi(sourceName)}`;
}

export type NewStreamsDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'notify'; readonly message: string; readonly offerRules: boolean }
  | { readonly kind: 'apply'; readonly message: string; readonly ids: readonly string[] };

/** What to do about `ids`, given the setting and whether the source has rules to apply. */
export function decideNewStreams(policy: NewStreamsPolicy, ids: readonly string[], sourceName: string, hasRules: boolean): NewStreamsDecision {
  if (ids.length === 0 || policy === 'ignore') return { kind: 'none' };
  const message = newStreamsMessage(ids.length, sourceName);
  if (policy === 'applyRules' && hasRules) return { kind: 'apply', message, ids };
  return { kind: 'notify', message, offerRules: hasRules };
}

/** The rules previewed on the new streams only (their fields loaded), ready for planRules. */
export function previewNewStreams(streams: Iterable<StreamModel>, ids: readonly string[], rules: string | readonly string[] | ParsedRules): RulePreview {
  const wanted = new Set(ids);
  return previewRules([...streams].filter((s) => wanted.has(s.tapStreamId)), rules);
}
