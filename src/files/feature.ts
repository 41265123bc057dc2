/**
 * The heavy half of source files, loaded by ./index.ts on first use (dist/files.js): the open
 * files' diagnostics, lens and quick fixes, secret hovers, the engine (jsonc-parser) and the commands.
 */
import * as vscode from 'vscode';
import type { CommandTable } from '../commands/table';
import type { NewStreamsRules } from '../newStreamsNotice';
import type { Services } from '../services';
import { sourceFileCommands } from './commands';
import { FILE_SUFFIX, SourceFileDocuments } from './documents';
import { applyRulesToNew, workspaceRulesFor } from './newStreamsRules';
import type { PlanViews } from './providers';
import { FileSecrets } from './secrets';

export interface SourceFiles {
  readonly disposables: vscode.Disposable[];
  readonly commands: CommandTable;
  readonly documents: SourceFileDocuments;
  /** The new-streams notice's rules: a workspace file's `select`, applied to new streams only. */
  readonly newStreamsRules: NewStreamsRules;
}

export function startSourceFiles(services: Services, views: PlanViews): SourceFiles {
  const secrets = new FileSecrets(services);
  const documents = new SourceFileDocuments(services, secrets);
  const disposables: vscode.Disposable[] = [
    documents,
    vscode.languages.registerHoverProvider({ pattern: `**/*${FILE_SUFFIX}` }, { provideHover: (doc, pos) => secretHover(doc, pos, secrets) }),
  ];
  const newStreamsRules: NewStreamsRules = {
    rulesFor: workspaceRulesFor,
    apply: (sourceId, streams, ids, select) => applyRulesToNew(services.accounts.requireClient(), sourceId, streams, ids, select),
  };
  return { disposables, commands: sourceFileCommands(services, documents, secrets, views), documents, newStreamsRules };
}

/** Over a `{"$secret": "name"}`: whether it is set for this account. Never the value. */
async function secretHover(doc: vscode.TextDocument, pos: vscode.Position, secrets: FileSecrets): Promise<vscode.Hover | undefined> {
  const line = doc.lineAt(pos.line).text;
  for (const m of line.matchAll(/"\$secret"\s*:\s*"([^"]+)"/g)) {
    const start = m.index;
    if (pos.character < start || pos.character > start + m[0].length) continue;
    const set = Boolean(await secrets.get(m[1]!));
    const text = set
      ? vscode.l10n.t('Secret "{0}": set for this account.', m[1]!)
      : vscode.l10n.t('Secret "{0}": not set. Run Stitch: Set Secret… before applying.', m[1]!);
    return new vscode.Hover(text, new vscode.Range(pos.line, start, pos.line, start + m[0].length));
  }
  return undefined;
}
