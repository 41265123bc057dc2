import * as vscode from 'vscode';

/** A leaf that says something instead of showing data: an error with Retry, or "loading". */
export class MessageNode extends vscode.TreeItem {
  constructor(id: string, label: string, options: { icon?: string; color?: string; tooltip?: string; command?: vscode.Command; contextValue?: string } = {}) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.iconPath = new vscode.ThemeIcon(options.icon ?? 'info', options.color ? new vscode.ThemeColor(options.color) : undefined);
    this.tooltip = options.tooltip ?? label;
    this.command = options.command;
    this.contextValue = options.contextValue ?? 'message';
  }
}

/** The node a tree shows when loading failed: the cause, and a click to retry. */
export function errorNode(scope: string, action: string, cause: string, retryCommand: string): MessageNode {
  return new MessageNode(`${scope}:error`, vscode.l10n.t("Couldn't {0}: {1}", action, cause), {
    icon: 'error', color: 'list.errorForeground',
    tooltip: vscode.l10n.t('{0}\nClick to try again.', cause),
    command: { command: retryCommand, title: vscode.l10n.t('Retry') },
    contextValue: 'error',
  });
}
