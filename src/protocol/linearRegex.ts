// The one pattern matcher both sides must agree on for the patterns the protocol carries.
/**
 * A regular-expression matcher whose time grows linearly with the text, for patterns that come
 * from the network (report-card `pattern`s). JavaScript's own engine backtracks: `^(a+)+$` against
 * 30 a's and a `!` runs for minutes and freezes whatever thread runs it. This one simulates the
 * pattern's automaton over all positions at once (Thompson's construction), so a test costs at most
 * text length × program size steps, and it gives up (answers `undefined`) past a work budget.
 *
 * Semantics are JavaScript's with the `u` flag, as ajv uses: the pattern must compile there first,
 * and each single-character atom (a class, `.`, `\d`, `\p{…}`, an escape) is decided by the native
 * engine on that one character, which can't backtrack. Backreferences and lookaround have no
 * linear-time meaning: such patterns are reported as unsupported, and callers let Stitch decide.
 *
 * No imports, no Node or DOM API: the host (ajv's `code.regExp`) and the webview's quick rules run
 * this same file, so both judge a value alike.
 */

/** Why a pattern can't be checked here: JS can't compile it, or it needs backtracking. */
export type PatternProblem = 'invalid' | 'unsupported';

export interface LinearPattern {
  readonly source: string;
  /** true/false for a match anywhere (like RegExp.test); undefined when over the work budget. */
  test(text: string): boolean | undefined;
}

/** Instructions of the automaton. */
const CHAR = 0, SPLIT = 1, JMP = 2, BOL = 3, EOL = 4, WORDB = 5, NWORDB = 6, MATCH = 7;

type Node =
  | { t: 'atom'; m: Atom }
  | { t: 'assert'; k: typeof BOL | typeof EOL | typeof WORDB | typeof NWORDB }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/** Decides one code point. */
type Atom = (cp: number) => boolean;

/** Beyond this many instructions a pattern is not worth simulating on every keystroke. */
export const MAX_PROGRAM = 4_000;
/** Steps (thread visits) one test may take; ≈ 10,000 characters × a 400-instruction pattern. */
export const MAX_STEPS = 4_000_000;

class Unsupported extends Error {}

function nativeAtom(source: string): Atom {
  const re = new RegExp(`^(?:${source})$`, 'u');
  const ascii = new Int8Array(128); // 0 unknown, 1 yes, -1 no
  const other = new Map<number, boolean>();
  return (cp) => {
    if (cp < 128) {
      const known = ascii[cp]!;
      if (known !== 0) return known === 1;
      const yes = re.test(String.fromCharCode(cp));
      ascii[cp] = yes ? 1 : -1;
      return yes;
    }
    let yes = other.get(cp);
    if (yes === undefined) {
      yes = re.test(String.fromCodePoint(cp));
      if (other.size < 4096) other.set(cp, yes);
    }
    return yes;
  };
}

const literal = (c: number): Atom => (cp) => cp === c;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.s.length) throw new Unsupported(); // a stray `)`: JS would have refused it
    return node;
  }

  private alternation(): Node {
    const items = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.term();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(node: Node): Node {
    let q = this.quantifier();
    while (q) {
      if (this.s[this.i] === '?') this.i++; // lazy: the same set of matches
      node = { t: 'rep', node, min: q[0], max: q[1] };
      q = this.quantifier();
    }
    return node;
  }

  private quantifier(): [number, number] | undefined {
    const c = this.s[this.i];
    if (c === '*') { this.i++; return [0, Infinity]; }
    if (c === '+') { this.i++; return [1, Infinity]; }
    if (c === '?') { this.i++; return [0, 1]; }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 40));
      if (!m) throw new Unsupported();
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      return [min, max];
    }
    return undefined;
  }

  private term(): Node {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '^') { this.i++; return { t: 'assert', k: BOL }; }
    if (c === '$') { this.i++; return { t: 'assert', k: EOL }; }
    if (c === '.') { this.i++; return { t: 'atom', m: nativeAtom('.') }; }
    if (c === '(') {
      this.i++;
      if (s[this.i] === '?') {
        if (s[this.i + 1] === ':') this.i += 2;
        else if (s[this.i + 1] === '<' && s[this.i + 2] !== '=' && s[this.i + 2] !== '!') {
          const end = s.indexOf('>', this.i);
          if (end < 0) throw new Unsupported();
          this.i = end + 1;
        } else throw new Unsupported(); // lookahead, lookbehind, modifiers
      }
      const inner = this.alternation();
      if (s[this.i] !== ')') throw new Unsupported();
      this.i++;
      return inner;
    }
    if (c === '[') {
      const start = this.i;
      this.i++;
      if (s[this.i] === '^') this.i++;
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      if (this.i >= s.length) throw new Unsupported();
      this.i++;
      return { t: 'atom', m: nativeAtom(s.slice(start, this.i)) };
    }
    if (c === '\\') return this.escape();
    const cp = s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { t: 'atom', m: literal(cp) };
  }

  private escape(): Node {
    const s = this.s;
    const start = this.i;
    const c = s[this.i + 1];
    this.i += 2;
    if (c === undefined) throw new Unsupported();
    if (c === 'b') return { t: 'assert', k: WORDB };
    if (c === 'B') return { t: 'assert', k: NWORDB };
    if (/[1-9k]/.test(c)) throw new Unsupported(); // backreferences
    if (c === 'p' || c === 'P' || (c === 'u' && s[this.i] === '{')) {
      const end = s.indexOf('}', this.i);
      if (end < 0) throw new Unsupported();
      this.i = end + 1;
    } else if (c === 'u') {
      this.i += 4;
      // A surrogate pair written as two escapes is one character in `u` mode.
      if (/^[dD][89abAB]/.test(s.slice(this.i - 4, this.i - 2)) && /^\\u[dD][c-fC-F]/.test(s.slice(this.i, this.i + 4))) this.i += 6;
    } else if (c === 'x') this.i += 2;
    else if (c === 'c') this.i += 1;
    else if (c === '0' && /\d/.test(s[this.i] ?? '')) throw new Unsupported();
    return { t: 'atom', m: nativeAtom(s.slice(start, this.i)) };
  }
}

interface Inst { op: number; m?: Atom; x?: number; y?: number }

function size(node: Node): number {
  switch (node.t) {
    case 'atom': case 'assert': return 1;
    case 'seq': return node.items.reduce((n, it) => n + size(it), 0);
    case 'alt': return node.items.reduce((n, it) => n + size(it) + 2, 0);
    case 'rep': {
      const one = size(node.node);
      return node.min * one + (node.max === Infinity ? one + 2 : (node.max - node.min) * (one + 1));
    }
  }
}

function emit(node: Node, prog: Inst[]): void {
  switch (node.t) {
    case 'atom': prog.push({ op: CHAR, m: node.m }); return;
    case 'assert': prog.push({ op: node.k }); return;
    case 'seq': for (const it of node.items) emit(it, prog); return;
    case 'alt': {
      const jumps: Inst[] = [];
      node.items.forEach((it, k) => {
        if (k < node.items.length - 1) {
          const split: Inst = { op: SPLIT, x: prog.length + 1 };
          prog.push(split);
          emit(it, prog);
          const jmp: Inst = { op: JMP };
          prog.push(jmp);
          jumps.push(jmp);
          split.y = prog.length;
        } else emit(it, prog);
      });
      for (const j of jumps) j.x = prog.length;
      return;
    }
    case 'rep': {
      for (let k = 0; k < node.min; k++) emit(node.node, prog);
      if (node.max === Infinity) {
        const split: Inst = { op: SPLIT, x: prog.length + 1 };
        const top = prog.length;
        prog.push(split);
        emit(node.node, prog);
        prog.push({ op: JMP, x: top });
        split.y = prog.length;
      } else {
        const splits: Inst[] = [];
        for (let k = node.min; k < node.max; k++) {
          const split: Inst = { op: SPLIT, x: prog.length + 1 };
          prog.push(split);
          splits.push(split);
          emit(node.node, prog);
        }
        for (const sp of splits) sp.y = prog.length;
      }
    }
  }
}

const isWord = (cp: number): boolean => (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;

/**
 * One compiled program's matcher. Its thread lists and stack are typed arrays sized to the program
 * and reused across tests: a 10,000-character value is 10,000 steps, and allocating per step made
 * the garbage collector, not the matching, the slow part. Not reentrant (nothing here calls back out).
 */
class Machine {
  private readonly mark: Int32Array;
  private clist: Int32Array;
  private nlist: Int32Array;
  private readonly stack: Int32Array;
  private readonly ops: Uint8Array;
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  private readonly atoms: Array<Atom | undefined>;
  private gen = 0;

  constructor(prog: readonly Inst[]) {
    const n = prog.length;
    this.mark = new Int32Array(n);
    this.clist = new Int32Array(n);
    this.nlist = new Int32Array(n);
    // Each instruction is pushed at most twice before it is marked (a SPLIT pushes two).
    this.stack = new Int32Array(2 * n + 2);
    this.ops = Uint8Array.from(prog, (i) => i.op);
    this.xs = Int32Array.from(prog, (i) => i.x ?? 0);
    this.ys = Int32Array.from(prog, (i) => i.y ?? 0);
    this.atoms = prog.map((i) => i.m);
  }

  run(text: string): boolean | undefined {
    const { mark, stack, ops, xs, ys, atoms } = this;
    let clist = this.clist, nlist = this.nlist;
    let clen = 0, nlen = 0;
    let steps = 0;
    let prev = -1; // code point before the position, -1 at the start
    let matched = false;
    this.gen = 0;
    mark.fill(-1);
    // Adds pc and everything reachable without reading, at position `pos` (next = code point there); returns the list's new length.
    const add = (list: Int32Array, len: number, start: number, pos: number, next: number): number => {
      const gen = this.gen;
      let top = 0;
      stack[top++] = start;
      while (top > 0) {
        const pc = stack[--top]!;
        if (mark[pc] === gen) continue;
        mark[pc] = gen;
        steps++;
        switch (ops[pc]) {
          case CHAR: list[len++] = pc; break;
          case MATCH: matched = true; break;
          case JMP: stack[top++] = xs[pc]!; break;
          case SPLIT: stack[top++] = ys[pc]!; stack[top++] = xs[pc]!; break;
          case BOL: if (pos === 0) stack[top++] = pc + 1; break;
          case EOL: if (pos === text.length) stack[top++] = pc + 1; break;
          default: { // WORDB, NWORDB
            const boundary = (prev >= 0 && isWord(prev)) !== (next >= 0 && isWord(next));
            if (boundary === (ops[pc] === WORDB)) stack[top++] = pc + 1;
          }
        }
      }
      return len;
    };
    let pos = 0;
    for (;;) {
      const cp = pos < text.length ? text.codePointAt(pos)! : -1;
      clen = add(clist, clen, 0, pos, cp); // a match may start anywhere
      if (matched) return true;
      if (steps > MAX_STEPS) return undefined;
      if (cp < 0) return false;
      const width = cp > 0xffff ? 2 : 1;
      const nextPos = pos + width;
      const after = nextPos < text.length ? text.codePointAt(nextPos)! : -1;
      this.gen++;
      prev = cp;
      nlen = 0;
      for (let k = 0; k < clen; k++) {
        const pc = clist[k]!;
        steps++;
        if (atoms[pc]!(cp)) nlen = add(nlist, nlen, pc + 1, nextPos, after);
      }
      if (matched) return true;
      const swap = clist;
      clist = nlist;
      nlist = swap;
      clen = nlen;
      pos = nextPos;
    }
  }
}

/** The pattern compiled for linear-time testing, or why it can't be. */
export function compileLinear(source: string): LinearPattern | PatternProblem {
  try {
    new RegExp(source, 'u');
  } catch {
    return 'invalid';
  }
  let node: Node;
  try {
    node = new Parser(source).parse();
  } catch {
    return 'unsupported';
  }
  if (size(node) > MAX_PROGRAM) return 'unsupported';
  const prog: Inst[] = [];
  emit(node, prog);
  prog.push({ op: MATCH });
  const machine = new Machine(prog);
  // A form re-validates every field on each keystroke: an unchanged value is answered from memory.
  let lastText: string | undefined;
  let lastResult: boolean | undefined;
  return {
    source,
    test: (text) => {
      if (text !== lastText) {
        lastResult = machine.run(text);
        lastText = text;
      }
      return lastResult;
    },
  };
}

const cache = new Map<string, LinearPattern | PatternProblem>();

/** compileLinear, memoised (cards repeat the same patterns); the cache is bounded. */
export function linearPattern(source: string): LinearPattern | PatternProblem {
  let found = cache.get(source);
  if (found === undefined) {
    if (cache.size >= 2_000) cache.clear();
    found = compileLinear(source);
    cache.set(source, found);
  }
  return found;
}

/** Whether a pattern's check can run here; otherwise Stitch alone checks the value. */
export const patternCheckable = (source: string): boolean => typeof linearPattern(source) !== 'string';
