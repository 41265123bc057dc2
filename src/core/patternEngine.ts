/**
 * ajv's RegExp engine for report-card schemas: the linear-time matcher (src/protocol/linearRegex) instead of
 * JavaScript's backtracking one. A pattern it can't run (JS can't compile it, or it needs
 * backreferences or lookaround) and a value past its work budget pass here: Stitch checks them when
 * the source is saved. Never throws, so an unreadable pattern can't make a schema fail to compile.
 */
import type { RegExpEngine } from 'ajv/dist/types';
import { linearPattern, patternCheckable } from '../protocol/linearRegex';

/** The note on a field whose pattern is left to Stitch. */
export const PATTERN_LEFT_TO_STITCH = 'Stitch will check this value';

export const linearRegExpEngine: RegExpEngine = Object.assign(
  (pattern: string) => {
    const compiled = linearPattern(pattern);
    return {
      test: (text: string): boolean => (typeof compiled === 'string' ? true : compiled.test(text) ?? true),
      // ajv caches compiled patterns by this text: it must differ per pattern.
      toString: (): string => `/${pattern}/linear`,
    };
  },
  { code: 'linearRegExpEngine' },
);

/** The hint for a field's pattern: what it accepts in words, or that Stitch will check it. */
export function patternHintFor(pattern: string, describe: (p: string) => string): string {
  return patternCheckable(pattern) ? describe(pattern) : PATTERN_LEFT_TO_STITCH;
}
