import { fromRuleCode, orderKey } from '../../src/protocol/rulesWire';
import type { FieldRowView, RulePreviewMessage, RulePreviewView, StreamRowView } from '../../src/protocol/selection';

/** Each stream list's fingerprint, taken once per list the host sends (not per keystroke). */
const keys = new WeakMap<readonly StreamRowView[], string>();
function streamOrder(streams: readonly StreamRowView[]): string {
  let key = keys.get(streams);
  if (key === undefined) {
    key = orderKey(streams.map((s) => s.id));
    keys.set(streams, key);
  }
  return key;
}

/**
 * The host's compact preview (one code per row, in the rows' order) expanded to the deciding rule
 * per stream and field id, against the stream list and field rows this webview holds. Codes for a
 * list in another order are dropped rather than put on the wrong rows: the host sends a fresh state
 * when its list changes, and the Rules box previews again then.
 */
export function decodeRulePreview(
  message: RulePreviewMessage,
  streams: readonly StreamRowView[],
  fields: ReadonlyMap<string, readonly FieldRowView[]>,
): RulePreviewView {
  const out: RulePreviewView = {
    streams: [], fields: {}, rules: message.rules, errors: message.errors, totals: message.totals, conflicts: message.conflicts, needsFields: message.needsFields,
  };
  if (message.order === streamOrder(streams) && message.streams.length === streams.length) {
    message.streams.forEach((code, i) => {
      const r = fromRuleCode(code);
      if (r) out.streams.push([streams[i]!.id, r.rule, r.selects ? 1 : 0]);
    });
  }
  for (const [id, f] of Object.entries(message.fields)) {
    const rows = fields.get(id);
    if (!rows || rows.length !== f.codes.length || orderKey(rows.map((row) => row.name)) !== f.order) continue;
    const decided: Array<[string, number, 0 | 1]> = [];
    f.codes.forEach((code, i) => {
      const r = fromRuleCode(code);
      if (r) decided.push([rows[i]!.name, r.rule, r.selects ? 1 : 0]);
    });
    // Defined as an own property: a stream may be called `__proto__`.
    Object.defineProperty(out.fields, id, { value: decided, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
