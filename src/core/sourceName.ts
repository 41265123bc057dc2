/**
 * `display_name` → `name` (the destination schema name), reference §7.3.
 *
 * Stitch derives `name` once, at creation, and never changes it; it must be unique in the account,
 * deleted sources included. The API rejects a collision instead of adding a suffix, so we do the
 * same: the form's preview and the emulator must agree with the server.
 */

export const SOURCE_NAME_MAX_LENGTH = 50; // "under 50 characters": 49 is the longest accepted

export type SourceNameErrorCode = 'InvalidName' | 'InvalidDisplayName';

/** The error Stitch would answer with; `message` is the wire message. */
export class SourceNameError extends Error {
  constructor(
    readonly code: SourceNameErrorCode,
    message: string,
    /** The name we derived (possibly empty), so the UI can show it. */
    readonly derivedName: string,
  ) {
    super(message);
    this.name = 'SourceNameError';
  }
}

export type SourceNameCheck =
  | { ok: true; name: string }
  | { ok: false; code: SourceNameErrorCode; message: string; derivedName: string; hint: string };

const INVALID_NAME_MESSAGE =
  'The name field must be under 50 characters, and can only contain lowercase letters, numbers, underscores, or dollar signs. It must begin with a letter or an underscore.';

/**
 * The bare mapping, with no validity or uniqueness check: lowercase, whitespace and `-` become `_`,
 * everything outside `[a-z0-9_$]` is dropped (so `.`, `(`, `)` and `!` vanish). Nothing is trimmed
 * or collapsed, as in the reference's suggested algorithm.
 */
export function sourceNameFromDisplayName(displayName: string): string {
  return displayName
    .toLowerCase()
    .replace(/[\s-]/g, '_')
    .replace(/[^a-z0-9_$]/g, '');
}

/** True when `name` is a syntactically valid source name (§7.3). */
export function isValidSourceName(name: string): boolean {
  return name.length > 0 && name.length < SOURCE_NAME_MAX_LENGTH && /^[a-z_][a-z0-9_$]*$/.test(name);
}

/**
 * Derives and checks the name Stitch would give a new source with this display name.
 * Never throws; the `message` fields are Stitch's wire messages and `hint` says what to do.
 */
export function checkSourceName(displayName: string, existingNames: Iterable<string>): SourceNameCheck {
  const name = sourceNameFromDisplayName(displayName);
  if (name === '' || !/^[a-z_]/.test(name)) {
    return {
      ok: false,
      code: 'InvalidDisplayName',
      message: `invalid name after deriving it from display_name (${displayName} -> ${name})`,
      derivedName: name,
      hint:
        name === ''
          ? 'Use at least one letter, digit or underscore in the display name.'
          : 'Start the display name with a letter or an underscore.',
    };
  }
  if (name.length >= SOURCE_NAME_MAX_LENGTH) {
    return {
      ok: false,
      code: 'InvalidName',
      message: INVALID_NAME_MESSAGE,
      derivedName: name,
      hint: `Shorten the display name: the derived name "${name}" has ${name.length} characters; the limit is ${SOURCE_NAME_MAX_LENGTH - 1}.`,
    };
  }
  for (const existing of existingNames) {
    if (existing === name) {
      return {
        ok: false,
        code: 'InvalidName',
        message: `non-unique name after deriving it from display_name (${displayName} -> ${name})`,
        derivedName: name,
        hint: `Another source (possibly a deleted one) already uses the schema name "${name}". Choose a different display name.`,
      };
    }
  }
  return { ok: true, name };
}

/** Derives the unique source name, or throws SourceNameError with Stitch's code and message. */
export function deriveSourceName(displayName: string, existingNames: Iterable<string>): string {
  const result = checkSourceName(displayName, existingNames);
  if (!result.ok) throw new SourceNameError(result.code, result.message, result.derivedName);
  return result.name;
}

/**
 * Problems with a display name itself, before any derivation (empty, or padded with spaces, which
 * would turn into leading or trailing underscores in the schema name). Returns undefined when fine.
 */
export function validateDisplayName(displayName: string): string | undefined {
  if (displayName.trim() === '') return 'Enter a display name.';
  if (displayName !== displayName.trim()) {
    return 'Remove the spaces at the start or end: they would become underscores in the schema name.';
  }
  return undefined;
}

/**
 * A display name close to `displayName` whose derived name is free ("Recurly" → "Recurly 2"),
 * for offering a fix when the preview shows a collision. Undefined if the base itself is invalid.
 */
export function suggestAvailableDisplayName(displayName: string, existingNames: Iterable<string>): string | undefined {
  const taken = new Set(existingNames);
  const first = checkSourceName(displayName, taken);
  if (first.ok) return displayName;
  if (!first.message.startsWith('non-unique')) return undefined; // only a collision can be fixed by numbering
  for (let n = 2; n < 1000; n++) {
    const candidate = `${displayName} ${n}`;
    if (checkSourceName(candidate, taken).ok) return candidate;
  }
  return undefined;
}
