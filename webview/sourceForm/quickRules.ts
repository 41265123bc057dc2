/**
 * Runs a field's quick rules (built by the host, src/core/quickRules) on what the user typed:
 * synchronous, no eval (a RegExp from the pattern source is not eval), so an inline error shows or
 * clears on the keystroke itself. It mirrors the host's trimming and coercion so its message is the
 * host's for the same value; the host's debounced validation stays the authority.
 */
import type { QuickRulesView } from '../../src/protocol/sourceForm';
// Pure and import-free: the same linear-time matcher the host's ajv uses, so a pattern from the
// network can't freeze the window (JavaScript's own RegExp backtracks).
import { linearPattern } from '../../src/protocol/linearRegex';

/** Does `text` match? true also when the pattern can't be run here or runs past its budget: Stitch decides. */
function matches(source: string, text: string): boolean {
  const re = linearPattern(source);
  return typeof re === 'string' ? true : re.test(text) ?? true;
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
    const asString = rules.alternatives.branches.some((b) => b.type === 'string' && (b.pattern === undefined || matches(b.pattern, text)));
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
    if (!matches(rules.pattern.source, value)) return rules.pattern.message;
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
