import * as vscode from 'vscode';
import { AccountService } from './auth/accountService';
import { registerCommands } from './commands';
import { registerDestinations } from './destinations';
import { registerJobs } from './jobs';
import { registerSchedulePanel } from './panels/schedule';
import { registerSelectionPanel } from './panels/selection';
import { registerSourceFormPanel } from './panels/sourceForm';
import { Redactor } from './core/redaction';
import { StitchLog } from './logging';
import type { Services } from './services';
import { registerSourceActions } from './sourceActions';
import { SourceEvents } from './sourceEvents';
import { AutoRefresh } from './tree/autoRefresh';
import { SourcesTree } from './tree/sourcesTree';
import { SourceTypesTree } from './tree/sourceTypesTree';
import { registerTreeCommands } from './tree/treeCommands';

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
  const sourceEvents = new SourceEvents();
  const services: Services = { context, log, redactor, accounts, sourceEvents };

  const sourceTypes = new SourceTypesTree(services);
  const sources = new SourcesTree(services, { historyFromPoller: true });
  const sourceTypesView = vscode.window.createTreeView('stitch.sourceTypes', { treeDataProvider: sourceTypes, showCollapseAll: false });
  const sourcesView = vscode.window.createTreeView('stitch.sources', { treeDataProvider: sources, showCollapseAll: true });
  const showAccount = () => { sourcesView.description = accounts.active?.name; };
  showAccount();

  context.subscriptions.push(
    log, accounts, sourceEvents, sourceTypes, sources, sourceTypesView, sourcesView,
    accounts.onDidChangeAccount(showAccount),
    new AutoRefresh(sourcesView, () => sources.refresh({ keepHistory: true })),
    ...registerTreeCommands(sourceTypes, sources),
    ...registerSourceActions(services),
    ...registerSourceFormPanel(services),
    ...registerSelectionPanel(services),
    ...registerSchedulePanel(services),
    ...registerDestinations(services, sourcesView),
    ...registerJobs(services, {
      setRunning: (id, running) => sources.setRunning(id, running),
      setExtractions: (list, fromPoll) => sources.setExtractions(list, fromPoll),
      get visible() { return sourcesView.visible; },
      onDidChangeVisibility: sourcesView.onDidChangeVisibility,
      onDidRequestHistory: sources.onDidRequestHistory,
    }),
  );
  registerCommands(services);
  void accounts.initialize();
  return { services, trees: { sourceTypes, sources } };
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions.
}
