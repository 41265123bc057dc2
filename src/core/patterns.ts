/**
 * Understanding the `pattern` strings in report-card schemas: which are really a list of choices,
 * and how to explain the rest in words (a raw regex is never the only explanation a user gets).
 */

const LITERAL = /^[A-Za-z0-9_.:@ -]+$/;

/**
 * The choices of a pattern made only of literal alternatives, in written order, or undefined.
 * Accepts the spellings the real cards use: `^1$|^30$`, `^(AQUA|REST)$`, `^(true|false)` (no `$`)
 * and `^1|2$`. Every returned value matches the original regex, so offering them is safe.
 */
export function patternAlternatives(pattern: string): string[] | undefined {
  const grouped = /^\^\((.*)\)\$?$/.exec(pattern);
  let items: string[];
  if (grouped) {
    items = grouped[1]!.split('|');
  } else if (pattern.startsWith('^') && pattern.endsWith('$')) {
    items = pattern.split('|').map((item) => item.replace(/^\^/, '').replace(/\$$/, ''));
  } else {
    return undefined;
  }
  if (items.length === 0 || !items.every((item) => LITERAL.test(item))) return undefined;
  const regex = safeRegExp(pattern);
  if (regex && !items.every((item) => regex.test(item))) return undefined;
  return items;
}

/** True for `^(true|false)$`-style patterns: a boolean stored as a string. */
export function isStringBooleanPattern(pattern: string): boolean {
  const items = patternAlternatives(pattern);
  return !!items && items.length === 2 && items.includes('true') && items.includes('false');
}

export function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

export const MIDNIGHT_UTC_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$';

/** Patterns seen in real report cards, explained in our words. */
const KNOWN: ReadonlyArray<[string, string]> = [
  [MIDNIGHT_UTC_PATTERN, 'a date at midnight UTC, like 2024-01-01T00:00:00Z'],
  ['^\\d+$', 'a whole number'],
  ['^\\d+', 'a whole number'],
  ['^[0-9]+$', 'a whole number'],
  ['^[0-9]{12}$', 'exactly 12 digits'],
  ['^\\d+.?\\d*$', 'a number; decimals allowed'],
  ['^(\\d|[1-9]\\d|100)$', 'a whole number from 0 to 100'],
  ['^([1-9]|[12][0-9]|30|60|90)$', 'a whole number from 1 to 30, or 60 or 90'],
];

/** A short phrase describing what a pattern accepts, e.g. "a whole number" or "one of: REST, BULK". */
export function describePattern(pattern: string): string {
  const known = KNOWN.find(([p]) => p === pattern);
  if (known) return known[1];
  const items = patternAlternatives(pattern);
  if (items) return `one of: ${items.join(', ')}`;
  const digits = /^\^\\d\{(\d+)\}\$$/.exec(pattern) ?? /^\^\[0-9\]\{(\d+)\}\$$/.exec(pattern);
  if (digits) return `exactly ${digits[1]} digits`;
  return 'a value in the format this source expects';
}
