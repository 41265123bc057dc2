import { strict as assert } from 'node:assert';
import { compileLinear, linearPattern, patternCheckable } from '../../../src/protocol/linearRegex';

/** A small deterministic generator, so a failure names a reproducible pattern. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const ATOMS = ['a', 'b', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', '\\.', 'é', '😀', '\\u{1F600}', '\\p{L}', '[\\d_]', '\\x61'];
const QUANTS = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?'];

function randomPattern(r: () => number, depth = 0): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const roll = r();
    let atom: string;
    if (roll < 0.15 && depth < 2) atom = `(${randomPattern(r, depth + 1)})`;
    else if (roll < 0.22 && depth < 2) atom = `(?:${randomPattern(r, depth + 1)}|${randomPattern(r, depth + 1)})`;
    else if (roll < 0.27) atom = pick(['^', '$', '\\b', '\\B']);
    else atom = pick(ATOMS);
    const assertion = ['^', '$', '\\b', '\\B'].includes(atom);
    parts.push(assertion ? atom : atom + pick(QUANTS));
  }
  return parts.join('');
}

function randomText(r: () => number): string {
  const chars = ['a', 'b', 'c', '1', '_', ' ', '.', 'é', '😀', '\n', '-'];
  let t = '';
  const n = Math.floor(r() * 8);
  for (let k = 0; k < n; k++) t += chars[Math.floor(r() * chars.length)];
  return t;
}

describe('linearRegex: linear-time matching of patterns from the network', () => {
  it('agrees with JavaScript\'s own engine (u flag) on 3,000 generated patterns and texts', () => {
    const r = rng(23);
    let compared = 0;
    for (let k = 0; k < 3000; k++) {
      const source = randomPattern(r);
      let native: RegExp;
      try { native = new RegExp(source, 'u'); } catch { assert.equal(compileLinear(source), 'invalid', source); continue; }
      const linear = compileLinear(source);
      assert.notEqual(typeof linear, 'string', `${source} should be supported`);
      for (let j = 0; j < 5; j++) {
        const text = randomText(r);
        assert.equal((linear as Exclude<typeof linear, string>).test(text), native.test(text), `/${source}/u on ${JSON.stringify(text)}`);
        compared++;
      }
    }
    assert.ok(compared > 10_000, `compared ${compared}`);
  });

  it('agrees on the patterns real report cards use', () => {
    const cases: Array<[string, string[]]> = [
      ['^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$', ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', 'x']],
      ['^(\\d|[1-9]\\d|100)$', ['0', '42', '100', '101', '007']],
      ['^([1-9]|[12][0-9]|30|60|90)$', ['1', '30', '31', '60', '90', '0']],
      ['^1$|^30$', ['1', '30', '130']],
      ['^(true|false)', ['true', 'falsey', 'no']],
      ['^\\d+.?\\d*$', ['1.5', '15', 'a']],
      ['^[0-9]{12}$', ['123456789012', '12345678901']],
      ['\\bword\\b', ['a word here', 'swordfish']],
    ];
    for (const [source, texts] of cases) {
      const linear = linearPattern(source);
      assert.notEqual(typeof linear, 'string', source);
      for (const t of texts) assert.equal((linear as Exclude<typeof linear, string>).test(t), new RegExp(source, 'u').test(t), `${source} on ${t}`);
    }
  });

  it('finishes the catastrophic patterns on 10,000 characters without backtracking', () => {
    for (const source of ['^(a+)+$', '^(\\w+\\s?)*$', '(a|aa)*b', '^(a|a?)+$', '(x+x+)+y']) {
      const linear = compileLinear(source);
      assert.notEqual(typeof linear, 'string', source);
      const text = 'a'.repeat(10_000) + '!';
      assert.equal((linear as Exclude<typeof linear, string>).test(text), false, source);
    }
    const words = compileLinear('^(\\w+\\s?)*$');
    assert.equal(typeof words !== 'string' && words.test('aaa bbb ccc'), true);
  });

  it('one compiled pattern answers every text of a sequence on its own (reused buffers, the last answer remembered)', () => {
    // The same machine runs each text with the buffers of the previous run, and answers an unchanged
    // text from memory: a sequence that alternates, repeats and changes length must match JavaScript's.
    for (const source of ['^(a+)+$', '\\bfoo\\b', '^[a-z]{2,4}(-\\d+)?$', '(x|xy)*z', '^$']) {
      const linear = compileLinear(source);
      assert.notEqual(typeof linear, 'string', source);
      const native = new RegExp(source, 'u');
      const texts = ['aaa', 'aaa!', 'aaa', '', 'foo bar', 'ab-12', 'ab-12', 'abcde', 'xyxyz', 'x', `${'a'.repeat(500)}`, ['a', 'aa'].join('a')];
      for (const text of [...texts, ...[...texts].reverse()]) assert.equal((linear as Exclude<typeof linear, string>).test(text), native.test(text), `${source} on ${JSON.stringify(text.slice(0, 20))}`);
    }
  });

  it('reports what JavaScript cannot compile as invalid, and backtracking-only syntax as unsupported', () => {
    assert.equal(compileLinear('(?<!x'), 'invalid');
    assert.equal(compileLinear('[z-a]'), 'invalid');
    assert.equal(compileLinear('(a)\\1'), 'unsupported');
    assert.equal(compileLinear('(?<n>a)\\k<n>'), 'unsupported');
    assert.equal(compileLinear('(?=a)a'), 'unsupported');
    assert.equal(compileLinear('(?<=a)b'), 'unsupported');
    assert.equal(compileLinear('(?!a)b'), 'unsupported');
    assert.equal(compileLinear('(a{1000}){1000}'), 'unsupported', 'too large a program');
    assert.equal(patternCheckable('^\\d+$'), true);
    assert.equal(patternCheckable('(?<!x'), false);
  });

  it('gives up (undefined) rather than run past its work budget', () => {
    const big = compileLinear('(a|b|c|d|e|f|g|h){1,40}z');
    assert.notEqual(typeof big, 'string');
    const answer = (big as Exclude<typeof big, string>).test('a'.repeat(200_000));
    assert.equal(answer, undefined);
  });
});
