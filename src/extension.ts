import * as vscode from 'vscode';
import { AccountService } from './auth/accountService';
import { registerCommands } from './commands';
import { Redactor } from './core/redaction';
import { StitchLog } from './logging';
import type { Services } from './services';
import { SourceEvents } from './sourceEvents';
import { SourceTypesTree } from './tree/sourceTypesTree';
import { SourcesTree } from './tree/sourcesTree';

/**
 * Builds the services and registers views and commands. Nothing here touches the network
 * or does heavy work: trees fetch when they are first shown, panels when they are opened.
 */
export function activate(context: vscode.ExtensionContext): void {
  const redactor = new Redactor();
  const log = new StitchLog(redactor);
  const accounts = new AccountService(context, log, redactor);
  const sourceEvents = new SourceEvents();
  const services: Services = { context, log, redactor, accounts, sourceEvents };
  const sourceTypes = new SourceTypesTree();
  const sources = new SourcesTree();

  context.subscriptions.push(
    log,
    accounts,
    sourceEvents,
    vscode.window.createTreeView('stitch.sourceTypes', { treeDataProvider: sourceTypes, showCollapseAll: true }),
    vscode.window.createTreeView('stitch.sources', { treeDataProvider: sources, showCollapseAll: true }),
  );
  registerCommands({ ...services, sourceTypes, sources });
  void accounts.initialize();
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions.
}
