/**
 * The file as text: parse JSON with comments, find where a path sits (for diagnostics), and edit
 * one value in place with jsonc-parser so comments and formatting stay as the user wrote them.
 */
// The ESM build: esbuild can't follow the UMD build's wrapped requires (./impl/*) into the bundle.
import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { parseSourceFile, type FileProblem, type ParseResult } from './model';

export interface TextProblem extends FileProblem {
  readonly offset: number;
  readonly length: number;
}

export interface ParsedText {
  readonly result: ParseResult;
  /** Every problem with where it is in the text. */
  readonly problems: readonly TextProblem[];
}

export function parseFileText(text: string): ParsedText {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    const problems = errors.map((e) => ({ path: [], message: `Not valid JSON with comments: ${printParseErrorCode(e.error)}.`, severity: 'error' as const, offset: e.offset, length: Math.max(1, e.length) }));
    return { result: { ok: false, problems }, problems };
  }
  const value = nodeValue(tree);
  const result = parseSourceFile(value);
  return { result, problems: result.problems.map((p) => ({ ...p, ...locateProblem(text, p) })) };
}

/** Where a problem sits: its span inside the string at its path when it has one, else the path. */
export function locateProblem(text: string, p: Pick<FileProblem, 'path' | 'span'>): { offset: number; length: number } {
  if (!p.span) return locate(text, p.path);
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const node = tree && findNodeAtLocation(tree, [...p.path]);
  if (!node || node.type !== 'string') return locate(text, p.path);
  // Decoded characters to raw ones: an escape (`\\.` for a rule's `\.`) is longer in the file.
  const raw = (decoded: number): number => {
    let i = node.offset + 1;
    for (let n = 0; n < decoded && i < node.offset + node.length - 1; n++) i += text[i] !== '\\' ? 1 : text[i + 1] === 'u' ? 6 : 2;
    return i;
  };
  const start = raw(p.span.start);
  return { offset: start, length: Math.max(1, raw(p.span.start + p.span.length) - start) };
}

/** Offset and length of the value at `path`, or of its closest existing parent. */
export function locate(text: string, path: readonly (string | number)[]): { offset: number; length: number } {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return { offset: 0, length: 1 };
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, [...path.slice(0, n)]);
    if (!node) continue;
    // Point at the key of a property when there is one: shorter and clearer than a whole object.
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key && n > 0 ? { offset: key.offset, length: key.length } : { offset: node.offset, length: Math.min(node.length, 1) };
  }
  return { offset: 0, length: 1 };
}

/** `text` with the value at `path` set (or removed when `value` is undefined), everything else untouched. */
export function setInText(text: string, path: readonly (string | number)[], value: unknown): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(text, [...path], value, {
    formattingOptions: { insertSpaces: true, tabSize: detectIndent(text), eol },
    // New top-level keys go right after the short header keys: inserting at the end would reformat the last value.
    getInsertionIndex: path.length === 1 ? (keys) => insertionIndex(keys) : undefined,
  });
  return applyEdits(text, edits);
}

function insertionIndex(keys: string[]): number {
  for (const anchor of ['displayName', 'type', 'kind']) {
    const i = keys.indexOf(anchor);
    if (i >= 0) return i + 1;
  }
  return 0;
}

function detectIndent(text: string): number {
  const m = /\n( +)"/.exec(text);
  return m ? m[1]!.length : 2;
}

function nodeValue(node: import('jsonc-parser/lib/esm/main.js').Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) out[k.value as string] = nodeValue(v);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
