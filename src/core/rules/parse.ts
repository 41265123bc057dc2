/**
 * The selection-rule language: one rule per line, `[!]stream[.field] [method=M] [key=K] [view-keys=a,b]`.
 * Blank lines and lines starting with `#` are ignored. Every mistake is reported with its line and
 * column, and the valid rules are still returned so a preview can show what they would do.
 */
import type { ReplicationMethod } from '../selection';
import { compileGlob, isGlobError, type Glob } from './glob';

export interface Rule {
  /** Position among the rules (comments and blank lines don't count): "rule 3" to the user is index 2. */
  readonly index: number;
  /** 1-based line of the text (or entry of the list) it came from. */
  readonly line: number;
  /** The rule as written, trimmed. */
  readonly text: string;
  /** `!`: deselect what it matches. */
  readonly exclude: boolean;
  readonly stream: Glob;
  /** Present for `stream.field` rules. */
  readonly field?: Glob;
  readonly method?: ReplicationMethod;
  readonly key?: string;
  readonly viewKeys?: readonly string[];
}

export interface RuleError {
  readonly line: number;
  /** 1-based, in UTF-16 units like an editor's column. */
  readonly column: number;
  readonly length: number;
  readonly message: string;
}

export interface ParsedRules {
  readonly rules: readonly Rule[];
  readonly errors: readonly RuleError[];
}

const METHODS: readonly ReplicationMethod[] = ['FULL_TABLE', 'INCREMENTAL', 'LOG_BASED'];
const QUALIFIERS = ['method', 'key', 'view-keys'] as const;
type Qualifier = (typeof QUALIFIERS)[number];

interface Token { readonly text: string; readonly offset: number }

/** Splits on whitespace that no backslash escapes. */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      if (start < 0) start = i;
      i++;
    } else if (/\s/.test(c)) {
      if (start >= 0) out.push({ text: line.slice(start, i), offset: start });
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push({ text: line.slice(start), offset: start });
  return out;
}

/** Offsets of the dots that separate parts: not escaped, not inside a character class. */
function separators(pattern: string): number[] {
  const dots: number[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (inClass) {
      if (c === ']') inClass = false; // as in glob.ts: the first unescaped "]" closes the class
    } else if (c === '[') inClass = true;
    else if (c === '.') dots.push(i);
  }
  return dots;
}

const unescape = (s: string): string => s.replace(/\\(.)/gs, '$1');

/** Parses one non-blank, non-comment line; `offset` is where its text starts in the line. */
function parseLine(text: string, offset: number, line: number, index: number, errors: RuleError[]): Rule | undefined {
  const fail = (at: number, length: number, message: string): undefined => {
    errors.push({ line, column: offset + at + 1, length: Math.max(1, length), message });
    return undefined;
  };
  const [head, ...rest] = tokens(text);
  if (!head) return undefined;
  const exclude = head.text.startsWith('!');
  const patternAt = head.offset + (exclude ? 1 : 0);
  const pattern = head.text.slice(exclude ? 1 : 0);
  if (!pattern) return fail(head.offset, 1, 'A "!" needs a pattern after it, e.g. "!*.password".');
  const dots = separators(pattern);
  if (dots.length > 1) return fail(patternAt + dots[1]!, 1, 'A pattern has at most two parts, stream.field: write "\\." for a dot that is part of an id.');
  const parts = dots.length === 0 ? [{ text: pattern, at: 0 }] : [{ text: pattern.slice(0, dots[0]), at: 0 }, { text: pattern.slice(dots[0]! + 1), at: dots[0]! + 1 }];
  const globs: Glob[] = [];
  for (const [i, part] of parts.entries()) {
    if (!part.text) return fail(patternAt + (i === 0 ? 0 : dots[0]!), 1, i === 0 ? 'The stream part before the "." is empty: use "*" for every stream.' : 'The field part after the "." is empty: use "*" for every field.');
    const g = compileGlob(part.text);
    if (isGlobError(g)) return fail(patternAt + part.at + g.offset, g.length, g.message);
    globs.push(g);
  }
  const qualifiers = new Map<Qualifier, string>();
  for (const t of rest) {
    const eq = t.text.indexOf('=');
    const name = (eq < 0 ? t.text : t.text.slice(0, eq)).toLowerCase();
    if (!(QUALIFIERS as readonly string[]).includes(name) || eq < 0) {
      return fail(t.offset, t.text.length, `"${t.text}" is not understood: after the pattern only method=…, key=… and view-keys=… may follow (write "\\ " for a space in an id).`);
    }
    if (qualifiers.has(name as Qualifier)) return fail(t.offset, t.text.length, `${name}= is given twice.`);
    const value = unescape(t.text.slice(eq + 1));
    if (!value) return fail(t.offset, t.text.length, `${name}= needs a value.`);
    qualifiers.set(name as Qualifier, value);
  }
  if (qualifiers.size > 0) {
    const first = rest[0]!;
    if (exclude) return fail(first.offset, first.text.length, 'A "!" rule deselects streams, so it takes no method, key or view-keys.');
    if (globs.length > 1) return fail(first.offset, first.text.length, 'method, key and view-keys belong to streams: put them on a stream rule (no ".field").');
  }
  let method: ReplicationMethod | undefined;
  const rawMethod = qualifiers.get('method');
  if (rawMethod !== undefined) {
    method = METHODS.find((m) => m === rawMethod.toUpperCase());
    if (!method) {
      const t = rest.find((r) => r.text.toLowerCase().startsWith('method='))!;
      return fail(t.offset + 7, t.text.length - 7, `"${rawMethod}" is not a replication method: use ${METHODS.join(', ')}.`);
    }
  }
  const viewKeys = qualifiers.get('view-keys')?.split(',').map((k) => k.trim());
  if (viewKeys?.some((k) => !k)) {
    const t = rest.find((r) => r.text.toLowerCase().startsWith('view-keys='))!;
    return fail(t.offset, t.text.length, 'view-keys= takes column names separated by commas, with none empty.');
  }
  const key = qualifiers.get('key');
  return {
    index, line, text, exclude, stream: globs[0]!,
    ...(globs[1] ? { field: globs[1] } : {}),
    ...(method ? { method } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(viewKeys ? { viewKeys } : {}),
  };
}

/**
 * Parses rules from a text (one per line) or a list (one per entry, as in a source file's
 * `select`). A line with an error yields no rule; the index of later rules is unaffected by it, so
 * "rule 3" keeps pointing at the same line while the user fixes an earlier one.
 */
export function parseRules(input: string | readonly string[]): ParsedRules {
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input;
  const rules: Rule[] = [];
  const errors: RuleError[] = [];
  let index = 0;
  lines.forEach((raw, i) => {
    const offset = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    const rule = parseLine(text, offset, i + 1, index, errors);
    index++;
    if (rule) rules.push(rule);
  });
  return { rules, errors };
}
