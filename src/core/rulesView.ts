/**
 * The Rules box of the selection panel, host side and pure: the runtime guards of its requests and
 * the preview turned into what the rows show (the deciding rule per stream and per field).
 */
import { orderKey, ruleCode } from '../protocol/rulesWire';
import type { RulePreviewMessage } from '../protocol/selection';
import { put } from './dict';
import { isArrayOf, isRecord, isShortString } from './guards';
import type { RulePreview } from './rules';

/** A rule list longer than this is refused (a database of thousands of tables needs a few lines). */
export const MAX_RULES_TEXT = 100_000;
/** Streams whose field rows can ask for their deciding rule at once (the expanded ones). */
export const MAX_FIELDS_FOR = 500;
const MAX_CONFLICTS = 20;

const isId = isShortString(1024);
const isRulesText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_RULES_TEXT;

export function isPreviewRulesParams(value: unknown): value is { text: string; fieldsFor?: string[] } {
  return isRecord(value) && Object.keys(value).every((k) => k === 'text' || k === 'fieldsFor') && isRulesText(value.text)
    && (value.fieldsFor === undefined || isArrayOf(isId, MAX_FIELDS_FOR)(value.fieldsFor));
}

export function isApplyRulesParams(value: unknown): value is { text: string } {
  return isRecord(value) && Object.keys(value).every((k) => k === 'text') && isRulesText(value.text);
}

/**
 * The preview for the webview (protocol/rulesWire.ts): one code per stream in the catalogue's
 * order, field codes only for the streams asked about. `order` is orderKey() of the stream ids,
 * passed by a caller that keeps it across keystrokes.
 */
export function rulePreviewMessage(preview: RulePreview, fieldsFor: readonly string[] = [], order?: string): RulePreviewMessage {
  const streams = new Array<number>(preview.streams.length);
  const conflicts: string[] = [];
  preview.streams.forEach((s, i) => {
    streams[i] = ruleCode(s.rule, s.outcome === 'selected');
    for (const c of s.conflicts) if (conflicts.length < MAX_CONFLICTS) conflicts.push(`${s.id}: ${c}`);
  });
  const fields: RulePreviewMessage['fields'] = {};
  for (const id of fieldsFor) {
    const s = preview.stream(id);
    if (!s || s.fieldCount === 0) continue;
    const names = new Array<string>(s.fieldCount);
    const codes = new Array<number>(s.fieldCount);
    for (let i = 0; i < s.fieldCount; i++) {
      const f = s.field(i);
      names[i] = f.name;
      codes[i] = ruleCode(f.rule, f.replicated);
      if (f.conflict && conflicts.length < MAX_CONFLICTS) conflicts.push(`${s.id}.${f.name}: ${f.conflict}`);
    }
    put(fields, id, { order: orderKey(names), codes }); // a stream id is any string, `__proto__` included
  }
  return {
    order: order ?? orderKey(preview.streams.map((s) => s.id)),
    streams,
    fields,
    rules: preview.rules.map((r) => ({
      index: r.index, line: r.line, text: r.text, matches: r.matches, wins: r.wins,
      ...(r.flag ? { flag: r.flag } : {}), ...(r.message ? { message: r.message } : {}),
    })),
    errors: preview.errors.map((e) => ({ line: e.line, column: e.column, length: e.length, message: e.message })),
    totals: { ...preview.totals },
    conflicts,
    needsFields: preview.streams.filter((s) => s.needsFields).map((s) => s.id),
  };
}
