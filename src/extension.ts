import * as vscode from 'vscode';
import { AccountService } from './auth/accountService';
import { accountCommands, registerCommandTables } from './commands';
import { createSourceFiles } from './files';
import { createJobs } from './jobs';
import { registerSchedulePanel, scheduleCommands } from './panels/schedule';
import { registerSelectionPanel, selectionCommands } from './panels/selection';
import { sourceFormPanel } from './panels/sourceForm';
import { registerDestinations } from './destinations';
import { Redactor } from './core/redaction';
import { StitchLog } from './logging';
import type { Services } from './services';
import { sourceActionCommands } from './sourceActions';
import { AccountState } from './state';
import { AutoRefresh } from './tree/autoRefresh';
import { SourcesTree } from './tree/sourcesTree';
import { SourceTypesTree } from './tree/sourceTypesTree';
import { treeCommands } from './tree/treeCommands';
import { openWalkthroughOnce } from './walkthrough';

/**
 * Builds the services and registers views and commands. Nothing here touches the network
 * or does heavy work: trees fetch when they are first shown, panels when they are opened.
 */
/** What activate() returns: the services and views, for the test suites that run in the host. */
export interface StitchExtensionApi {
  services: Services;
  trees: { sourceTypes: SourceTypesTree; sources: SourcesTree };
}

export function activate(context: vscode.ExtensionContext): StitchExtensionApi {
  const redactor = new Redactor();
  const log = new StitchLog(redactor);
  const accounts = new AccountService(context, log, redactor);
  const state = new AccountState(accounts, context, log);
  const services: Services = { context, log, redactor, accounts, state };

  const sourceTypes = new SourceTypesTree(services);
  const sources = new SourcesTree(services);
  const sourceTypesView = vscode.window.createTreeView('stitch.sourceTypes', { treeDataProvider: sourceTypes, showCollapseAll: false });
  const sourcesView = vscode.window.createTreeView('stitch.sources', { treeDataProvider: sources, showCollapseAll: true });
  const showAccount = () => { sourcesView.description = accounts.active?.name; };
  showAccount();
  const jobs = createJobs(services, {
    get visible() { return sourcesView.visible; },
    onDidChangeVisibility: sourcesView.onDidChangeVisibility,
    onDidRequestHistory: sources.onDidRequestHistory,
  });

  const sourceFiles = createSourceFiles(services);
  const destinations = registerDestinations(services, sourcesView);
  const sourceForm = sourceFormPanel(services);

  context.subscriptions.push(
    ...sourceFiles.disposables,
    log, accounts, state, sourceTypes, sources, sourceTypesView, sourcesView, jobs.service,
    accounts.onDidChangeAccount(showAccount),
    new AutoRefresh(sourcesView, () => sources.refresh({ keepHistory: true })),
    // Every command of the extension, from one table per module (src/commands/table.ts).
    ...registerCommandTables([
      accountCommands(services),
      treeCommands(sourceTypes, sources),
      sourceActionCommands(services),
      jobs.commands,
      sourceFiles.commands,
      destinations.commands,
      sourceForm.commands,
      selectionCommands(services),
      scheduleCommands(services),
    ]),
    // The panels' serializers and open panels.
    ...sourceForm.disposables,
    ...registerSelectionPanel(services),
    ...registerSchedulePanel(services),
    ...destinations.disposables,
  );
  // Issue 17: a first activation with nobody signed in opens our walkthrough (the demo's first screen).
  void accounts.initialize().then(() => openWalkthroughOnce(context, Boolean(accounts.active)));
  return { services, trees: { sourceTypes, sources } };
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions.
}
