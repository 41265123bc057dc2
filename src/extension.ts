import * as vscode from 'vscode';
import { Redactor } from './core/redaction';
import { StitchLog } from './logging';
import { registerCommands } from './commands';
import { SourceTypesTree } from './tree/sourceTypesTree';
import { SourcesTree } from './tree/sourcesTree';

/**
 * Builds the services and registers views and commands. Nothing here touches the network
 * or does heavy work: trees fetch when they are first shown, panels when they are opened.
 */
export function activate(context: vscode.ExtensionContext): void {
  const redactor = new Redactor();
  const log = new StitchLog(redactor);
  const sourceTypes = new SourceTypesTree();
  const sources = new SourcesTree();

  context.subscriptions.push(
    log,
    vscode.window.createTreeView('stitch.sourceTypes', { treeDataProvider: sourceTypes, showCollapseAll: true }),
    vscode.window.createTreeView('stitch.sources', { treeDataProvider: sources, showCollapseAll: true }),
  );
  registerCommands(context, { log, sourceTypes, sources });
  void vscode.commands.executeCommand('setContext', 'stitch.signedIn', false);
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions.
}
