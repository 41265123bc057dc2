import * as vscode from 'vscode';
import type { Source } from './api';
import { sourceIdOf } from './core/sourceId';
import { sourceItem } from './core/sourceItems';
import { describeFailure } from './feedback';
import type { Services } from './services';

/**
 * How old the store's list may be for a QuickPick of every source (what the user sees there is re-read
 * by the action anyway). A picker narrowed by `accept` reads the list afresh: the state it narrows by
 * (a check that ended, a selection applied) moves on in Stitch without this window writing it.
 */
const PICKER_MAX_AGE_MS = 30_000;

export { sourceIdOf };

/**
 * The source a command acts on: from `sourceIdOf(arg)`, or, when run from the palette, the one
 * source picker: a QuickPick of the account's sources (from the source store) narrowed by `accept`.
 */
export async function resolveSourceId(
  services: Services, arg: unknown, title: string, accept?: (source: Source) => boolean, noneText?: string,
): Promise<number | undefined> {
  const given = sourceIdOf(arg);
  if (given) return given;
  return pickSource(services, title, accept, noneText);
}

/** `noneText`: what to say when no source fits (default: a generic line naming `title`). */
export async function pickSource(services: Services, title: string, accept?: (source: Source) => boolean, noneText?: string): Promise<number | undefined> {
  let sources: Source[];
  try {
    const all = await services.state.sources.loadList({ maxAgeMs: accept ? 0 : PICKER_MAX_AGE_MS });
    sources = all.filter((s) => !s.deleted_at && (accept?.(s) ?? true));
  } catch (error) {
    void vscode.window.showErrorMessage(services.redactor.redact(vscode.l10n.t("Couldn't list sources: {0}", describeFailure(error))));
    return undefined;
  }
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(noneText ?? vscode.l10n.t('No source in this account fits "{0}".', title));
    return undefined;
  }
  const now = new Date();
  const picked = await vscode.window.showQuickPick(
    sources.map((source) => {
      const item = sourceItem(source, undefined, now);
      return { label: `$(${item.icon.replace('~spin', '')}) ${source.display_name}`, description: source.type, detail: item.description, id: source.id };
    }),
    { title, matchOnDescription: true, matchOnDetail: true, placeHolder: vscode.l10n.t('Choose a source') },
  );
  return picked?.id;
}
