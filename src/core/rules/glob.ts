/**
 * One part of a selection-rule pattern (the stream part or the field part) compiled to a matcher.
 * Shell-style: `*` any run of characters, `?` one character, `[abc]` `[a-z]` `[!a-z]` `[^a-z]`
 * classes, and `\` before any character takes it literally. Matching is case-sensitive because
 * tap_stream_ids and field names are (Salesforce's `Account` is not `account`).
 */

export interface GlobError {
  /** 0-based offset of the problem inside the part's source text. */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

export interface Glob {
  /** The part as written (escapes included): two parts with the same source match the same things. */
  readonly source: string;
  /** The literal text when the part has no wildcard: matched by plain comparison. */
  readonly literal?: string;
  /** True for a lone `*`. */
  readonly any: boolean;
  test(text: string): boolean;
}

// With the `u` flag only syntax characters may be escaped, and `-` only inside a class.
const escapeRegex = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClass = (s: string): string => s.replace(/[\\\][^-]/g, '\\$&');

/** Compiles one part, or says where and why it can't be. */
export function compileGlob(source: string): Glob | GlobError {
  if (source.length === 0) return { offset: 0, length: 0, message: 'Empty pattern.' };
  let regex = '';
  let literal = '';
  let wild = false;
  const chars = [...source];
  // Offsets are in UTF-16 units, as editors count columns.
  const offsets: number[] = [];
  for (let i = 0, o = 0; i < chars.length; o += chars[i]!.length, i++) offsets.push(o);
  offsets.push(source.length);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) return { offset: offsets[i]!, length: 1, message: 'A "\\" at the end escapes nothing: write "\\\\" for a backslash.' };
      regex += escapeRegex(next);
      literal += next;
      i++;
    } else if (c === '*') {
      wild = true;
      regex += '[\\s\\S]*';
    } else if (c === '?') {
      wild = true;
      regex += '[\\s\\S]';
    } else if (c === '[') {
      const start = i;
      let j = i + 1;
      let negate = false;
      if (chars[j] === '!' || chars[j] === '^') { negate = true; j++; }
      const items: string[] = [];
      let closed = false;
      while (j < chars.length) {
        let ch = chars[j]!;
        if (ch === ']') { closed = true; break; }
        if (ch === '\\') {
          if (chars[j + 1] === undefined) break;
          ch = chars[++j]!;
        }
        // A range a-z, unless the "-" is the class's last character.
        if (chars[j + 1] === '-' && chars[j + 2] !== undefined && chars[j + 2] !== ']') {
          let hi = chars[j + 2]!;
          let skip = 2;
          if (hi === '\\' && chars[j + 3] !== undefined) { hi = chars[j + 3]!; skip = 3; }
          if (hi.codePointAt(0)! < ch.codePointAt(0)!) {
            return { offset: offsets[j]!, length: offsets[j + skip + 1]! - offsets[j]!, message: `The range "${ch}-${hi}" is backwards: write "${hi}-${ch}".` };
          }
          items.push(`${escapeClass(ch)}-${escapeClass(hi)}`);
          j += skip + 1;
          continue;
        }
        items.push(escapeClass(ch));
        j++;
      }
      if (!closed) return { offset: offsets[start]!, length: 1, message: 'This "[" opens a character class that is never closed with "]" (write "\\[" for a literal bracket).' };
      if (items.length === 0) return { offset: offsets[start]!, length: offsets[j + 1]! - offsets[start]!, message: 'An empty character class matches nothing.' };
      wild = true;
      regex += `[${negate ? '^' : ''}${items.join('')}]`;
      i = j;
    } else {
      regex += escapeRegex(c);
      literal += c;
    }
  }
  if (!wild) return { source, literal, any: false, test: (text) => text === literal };
  if (source === '*') return { source, any: true, test: () => true };
  const re = new RegExp(`^${regex}$`, 'u');
  return { source, any: false, test: (text) => re.test(text) };
}

export const isGlobError = (g: Glob | GlobError): g is GlobError => 'message' in g;
