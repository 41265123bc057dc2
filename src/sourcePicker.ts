import * as vscode from 'vscode';
import type { Source } from './api';
import { isPositiveInteger, isRecord } from './core/guards';
import { sourceItem } from './core/sourceItems';
import { describeFailure } from './feedback';
import type { Services } from './services';

/** How old the store's list may be for a QuickPick (what the user sees there is re-read by the action anyway). */
const PICKER_MAX_AGE_MS = 30_000;

/**
 * The one parser of "a source id or a tree node": a positive integer, or an object with a positive
 * integer `sourceId` (tree nodes, argument objects, panel messages). Undefined for anything else.
 */
export function sourceIdOf(arg: unknown): number | undefined {
  if (isPositiveInteger(arg)) return arg;
  if (isRecord(arg) && isPositiveInteger(arg.sourceId)) return arg.sourceId;
  return undefined;
}

/**
 * The source a command acts on: from `sourceIdOf(arg)`, or, when run from the palette, the one
 * source picker: a QuickPick of the account's sources (from the source store) narrowed by `accept`.
 */
export async function resolveSourceId(
  services: Services, arg: unknown, title: string, accept: (source: Source) => boolean = () => true,
): Promise<number | undefined> {
  const given = sourceIdOf(arg);
  if (given) return given;
  return pickSource(services, title, accept);
}

export async function pickSource(services: Services, title: string, accept: (source: Source) => boolean = () => true): Promise<number | undefined> {
  let sources: Source[];
  try {
    sources = (await services.state.sources.loadList({ maxAgeMs: PICKER_MAX_AGE_MS })).filter((s) => !s.deleted_at && accept(s));
  } catch (error) {
    void vscode.window.showErrorMessage(services.redactor.redact(vscode.l10n.t("Couldn't list sources: {0}", describeFailure(error))));
    return undefined;
  }
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No source in this account fits "{0}".', title));
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
