import * as vscode from 'vscode';
import type { StitchLog } from './logging';
import type { SourceTypesTree } from './tree/sourceTypesTree';
import type { SourcesTree } from './tree/sourcesTree';

export interface CommandServices {
  log: StitchLog;
  sourceTypes: SourceTypesTree;
  sources: SourcesTree;
}

export const CommandIds = {
  showLogs: 'stitch.showLogs',
  refreshSourceTypes: 'stitch.refreshSourceTypes',
  refreshSources: 'stitch.refreshSources',
} as const;

export function registerCommands(context: vscode.ExtensionContext, services: CommandServices): void {
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register(CommandIds.showLogs, () => services.log.show());
  register(CommandIds.refreshSourceTypes, () => services.sourceTypes.refresh());
  register(CommandIds.refreshSources, () => services.sources.refresh());
}
