/**
 * Names from the network shown in trees and tooltips without disguise. A right-to-left override in
 * a source's name would reverse the rest of the row, and zero-width characters make two different
 * names look the same. Labels get the name isolated (its direction can't leak into the row) with the
 * direction controls taken out; tooltips spell every invisible character as its code point.
 */

/** Embedding, override and isolate controls, and the implicit marks: they steer direction, show nothing. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Characters with no visible glyph (besides the direction controls): zero-width, joiners, soft hyphen, BOM, tags. */
// eslint-disable-next-line no-misleading-character-class -- a list of invisible code points, each matched on its own
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;

const FSI = '\u2068';
const PDI = '\u2069';

/** For a tree label: direction controls removed, the rest isolated so it can't reorder what follows. */
export function isolateBidi(text: string): string {
  const plain = text.replace(BIDI_CONTROLS, '');
  // Plain left-to-right text needs no isolate (and stays byte-identical for tests and screen readers).
  return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD803[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/.test(plain) || plain !== text ? `${FSI}${plain}${PDI}` : plain;
}

/** Whether the text holds characters a reader can't see. */
export const hasInvisible = (text: string): boolean => text.search(INVISIBLE) >= 0;

/** For a tooltip: each invisible or direction character written as ⟨U+XXXX⟩, so look-alike names differ visibly. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** A tooltip line for a name with hidden characters, or undefined when it has none. */
export function revealedNameLine(text: string): string | undefined {
  return hasInvisible(text) ? `Name as written: ${revealInvisible(text)}` : undefined;
}
