/**
 * The webviews' one string function. The host puts vscode.l10n's bundle (or {} in English) in
 * <body data-l10n> (src/panels/webviewHtml.ts); `t` looks each English message up in it, so the
 * message is written once, in the call, and translated by the same l10n/bundle.l10n.*.json files
 * as the host's strings. Placeholders are {0}, {1}… as in vscode.l10n.t.
 */
import * as l10n from '@vscode/l10n';

let configured = false;

function configure(): void {
  configured = true;
  let contents: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(document.body?.dataset.l10n ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) contents = parsed as Record<string, string>;
  } catch {
    // A malformed bundle must not blank the panel: English it is.
  }
  l10n.config({ contents });
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  if (!configured) configure();
  return l10n.t(message, ...args);
}
