/**
 * Redaction by value: every secret the extension handles (tokens, credential values the
 * user typed) is registered here while it is in memory, and any text bound for a log or a
 * message is scrubbed of it. Redaction by key happens where bodies are summarised.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Values shorter than 4 characters would redact ordinary words; they are never logged anyway. */
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  remove(value: string | undefined): void {
    if (value) this.secrets.delete(value);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join('•••');
    }
    return result;
  }
}

const SENSITIVE_KEY = /(token|secret|password|passwd|api[_-]?key|credential|private[_-]?key|authorization|client[_-]?secret|refresh)/i;

/** A copy of `value` with every property whose name looks sensitive replaced, at any depth. */
export function redactKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEY.test(key) ? '•••' : redactKeys(inner);
    }
    return out;
  }
  return value;
}
