import { strict as assert } from 'node:assert';
import { hasInvisible, isolateBidi, revealedNameLine, revealInvisible } from '../../../src/core/displayText';

describe('displayText: names that could disguise one source as another', () => {
  it('isolates right-to-left text and removes direction controls from labels', () => {
    assert.equal(isolateBidi('Orders DB'), 'Orders DB', 'plain text is left alone');
    const rlo = isolateBidi('invoice\u202Efdp.exe');
    assert.equal(rlo, '\u2068invoicefdp.exe\u2069');
    assert.equal(isolateBidi('שלום db'), '\u2068שלום db\u2069');
    // A stray isolate terminator in the name can't close our isolate early.
    assert.equal(isolateBidi('a\u2069\u202Eb'), '\u2068ab\u2069');
    for (const label of [rlo, isolateBidi('x\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D\u202Ey')]) {
      const inner = label.slice(1, -1);
      assert.doesNotMatch(inner, /[\u202A-\u202E\u2066-\u2069]/);
    }
  });

  it('makes zero-width and direction characters visible in tooltips', () => {
    assert.equal(revealInvisible('a\u200Bb'), 'a⟨U+200B⟩b');
    assert.equal(revealInvisible('x\u202Ey\uFEFF'), 'x⟨U+202E⟩y⟨U+FEFF⟩');
    assert.equal(revealInvisible('\u{E0041}'), '⟨U+E0041⟩', 'tag characters, outside the BMP');
    assert.equal(hasInvisible('plain name'), false);
    assert.equal(revealedNameLine('plain name'), undefined);
    assert.equal(revealedNameLine('pay\u200Broll'), 'Name as written: pay⟨U+200B⟩roll');
    assert.notEqual(revealInvisible('payroll'), revealInvisible('pay\u200Broll'), 'look-alikes differ');
  });
});
