// One pattern part compiled to a matcher: wildcards, classes, escapes, and where a mistake is.
import assert from 'node:assert/strict';
import { compileGlob, isGlobError, type Glob } from '../../../../src/core/rules';

function glob(source: string): Glob {
  const g = compileGlob(source);
  assert.ok(!isGlobError(g), `${source}: ${JSON.stringify(g)}`);
  return g;
}

const TABLE: Array<[pattern: string, matches: string[], misses: string[]]> = [
  ['orders', ['orders'], ['Orders', 'orders2', 'order']],
  ['*', ['', 'anything.at-all'], []],
  ['*_pii', ['ssn_pii', '_pii'], ['ssn_pii2', 'pii']],
  ['a*b*c', ['abc', 'a-b-c', 'aXXbYYc'], ['ab', 'acb']],
  ['user?', ['users', 'user_'], ['user', 'userss']],
  ['[abc]x', ['ax', 'cx'], ['dx', 'x']],
  ['[a-c0-9]', ['b', '7'], ['d', 'B']],
  ['[!a-c]', ['d', 'Z'], ['a', 'c']],
  ['[^a-c]', ['d'], ['b']],
  ['[a-]', ['a', '-'], ['b']],
  ['[-a]', ['a', '-'], ['b']],
  ['[a\\]]', ['a', ']'], ['\\']],
  ['[.]x', ['.x'], ['ax']],
  ['a\\*b', ['a*b'], ['aXb', 'ab']],
  ['a\\?', ['a?'], ['ab']],
  ['\\[x\\]', ['[x]'], ['x']],
  ['a\\\\b', ['a\\b'], ['ab']],
  ['events\\.v2', ['events.v2'], ['eventsXv2']],
  ['(x)+{1}|$^', ['(x)+{1}|$^'], ['x']],
  ['ga:*', ['ga:date', 'ga:30dayUsers'], ['date']],
  ['café*', ['café_au_lait'], ['cafe']],
  ['?', ['é', '😀'], ['', 'ab']],
];

describe('core/rules/glob', () => {
  for (const [pattern, matches, misses] of TABLE) {
    it(`${pattern} matches ${JSON.stringify(matches)}, not ${JSON.stringify(misses)}`, () => {
      const g = glob(pattern);
      for (const m of matches) assert.equal(g.test(m), true, m);
      for (const m of misses) assert.equal(g.test(m), false, m);
    });
  }

  it('keeps literal parts as plain comparisons and a lone * as match-all', () => {
    assert.equal(glob('events\\.v2').literal, 'events.v2');
    assert.equal(glob('*').any, true);
    assert.equal(glob('a*').literal, undefined);
  });

  it('locates mistakes in UTF-16 units', () => {
    assert.deepEqual(compileGlob('😀[z-a]'), { offset: 3, length: 3, message: 'The range "z-a" is backwards: write "a-z".' });
    assert.deepEqual(compileGlob(''), { offset: 0, length: 0, message: 'Empty pattern.' });
    const unclosed = compileGlob('ab[cd');
    assert.ok(isGlobError(unclosed) && unclosed.offset === 2);
  });
});
