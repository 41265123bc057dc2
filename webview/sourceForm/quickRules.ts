/**
 * Runs a field's quick rules (built by the host, src/core/quickRules) on what the user typed:
 * synchronous, no eval (a RegExp from the pattern source is not eval), so an inline error shows or
 * clears on the keystroke itself. It mirrors the host's trimming and coercion so its message is the
 * host's for the same value; the host's debounced validation stays the authority.
 */
import type { QuickRulesView } from '../../src/protocol/sourceForm';

const patterns = new Map<string, RegExp | null>();

function regExp(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try { re = new RegExp(source, 'u'); } catch { re = null; }
    patterns.set(source, re);
  }
  return re;
}

const numericText = (t: string): boolean => t !== '' && Number.isFinite(Number(t));

/**
 * The error for `raw` under `rules`: a message, `undefined` for "no problem these rules can see",
 * or `null` when the rules have no opinion (no rules, or a value that isn't typed text).
 */
export function quickCheck(rules: QuickRulesView | undefined, raw: unknown): string | undefined | null {
  if (!rules) return null;
  if (raw === undefined || raw === null) return rules.required;
  if (typeof raw !== 'string') return null;
  const text = rules.untrimmed ? raw : raw.trim();
  if (text.trim() === '') return rules.required;
  let value: string | number | boolean = text;
  if (rules.alternatives) {
    const t = text.trim();
    const asString = rules.alternatives.branches.some((b) => b.type === 'string' && (b.pattern === undefined || regExp(b.pattern)?.test(text) === true));
    if (!asString) {
      const asNumber = numericText(t) && rules.alternatives.branches.some((b) => b.type === 'number' || (b.type === 'integer' && Number.isInteger(Number(t))));
      if (!asNumber) return rules.alternatives.message;
      value = Number(t);
    }
  }
  if (rules.type) {
    const types = rules.type.types;
    const t = text.trim();
    let coerced: string | number | boolean = text;
    if (!types.includes('string')) {
      if ((types.includes('integer') || types.includes('number')) && numericText(t)) coerced = Number(t);
      else if (types.includes('boolean') && (t === 'true' || t === 'false')) coerced = t === 'true';
    }
    const ok = types.some((x) => (x === 'string' ? typeof coerced === 'string'
      : x === 'boolean' ? typeof coerced === 'boolean'
        : x === 'number' ? typeof coerced === 'number'
          : typeof coerced === 'number' && Number.isInteger(coerced)));
    if (!ok) return rules.type.message;
    value = coerced;
  }
  if (rules.enum && typeof value === 'string' && !rules.enum.values.includes(value)) return rules.enum.message;
  if (rules.pattern && typeof value === 'string') {
    const re = regExp(rules.pattern.source);
    if (re && !re.test(value)) return rules.pattern.message;
  }
  if (rules.range && typeof value === 'number') {
    if ((rules.range.min !== undefined && value < rules.range.min) || (rules.range.max !== undefined && value > rules.range.max)) return rules.range.message;
  }
  if (rules.port && (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))) {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return rules.port.message;
  }
  return undefined;
}
