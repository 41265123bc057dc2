import * as vscode from 'vscode';
import type { Source } from './api';
import { isPositiveInteger, isRecord } from './core/guards';
import { sourceItem } from './core/sourceItems';
import { describeFailure } from './feedback';
import type { Services } from './services';

/**
 * The source a command acts on: from a tree node (`{ sourceId }`), a plain id, or, when run from
 * the palette, a QuickPick of the account's sources narrowed by `accept`.
 */
export async function resolveSourceId(
  services: Services, arg: unknown, title: string, accept: (source: Source) => boolean = () => true,
): Promise<number | undefined> {
  if (isPositiveInteger(arg)) return arg;
  if (isRecord(arg) && isPositiveInteger(arg.sourceId)) return arg.sourceId;
  let sources: Source[];
  try {
    sources = (await services.accounts.requireClient().listSources()).filter((s) => !s.deleted_at && accept(s));
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
