/**
 * display_name -> name (the destination schema), following reference §7.3. The exact character
 * mapping is inferred: lowercase, whitespace and '-' become '_', then anything outside [a-z0-9_$]
 * is dropped ('.', '(', ')' and other punctuation disappear).
 */
export function deriveName(displayName: string): string {
  return displayName
    .toLowerCase()
    .replace(/[\s-]/g, '_')
    .replace(/[^a-z0-9_$]/g, '');
}

export const NAME_RULE_MESSAGE =
  'The name field must be under 50 characters, and can only contain lowercase letters, numbers, underscores, or dollar signs. It must begin with a letter or an underscore.';

export function isValidName(name: string): boolean {
  return name.length > 0 && name.length < 50 && /^[a-z_][a-z0-9_$]*$/.test(name);
}
