import * as vscode from 'vscode';
import type { SourceReportCard } from '../api';
import { isolateBidi, revealInvisible } from '../core/displayText';
import { filterSourceTypes, sourceTypeItem, type SourceTypeFilter, type SourceTypeItem } from '../core/sourceTypeItems';
import { describeFailure } from '../feedback';
import type { Services } from '../services';
import { errorNode, MessageNode } from './messageNode';

export class SourceTypeNode extends vscode.TreeItem {
  readonly sourceType: string;
  constructor(readonly item: SourceTypeItem) {
    super(isolateBidi(item.label), vscode.TreeItemCollapsibleState.None);
    this.sourceType = item.type;
    this.id = `sourceType:${item.type}`;
    this.description = item.description;
    this.tooltip = new vscode.MarkdownString(item.tooltip.split('\n').map(revealInvisible).map(escapeMarkdown).join('  \n'));
    this.contextValue = item.contextValue;
    this.iconPath = new vscode.ThemeIcon(item.icon, item.creatable ? undefined : new vscode.ThemeColor('disabledForeground'));
    if (item.creatable) this.command = { command: 'stitch.createSource', title: vscode.l10n.t('Create Source…'), arguments: [{ sourceType: item.type }] };
  }
}

type Node = SourceTypeNode | MessageNode;

/**
 * Source types of the active account, from GET /v4/source-types (fetched once when the view is
 * first shown, then on Refresh). Legacy entries are hidden unless asked for; a text and state
 * filter narrows the list. Never blank: an error node with Retry, or the welcome when signed out.
 */
export class SourceTypesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private cards: SourceReportCard[] | undefined;
  private items: SourceTypeItem[] = [];
  private loadError: unknown;
  private loading: Promise<void> | undefined;
  private filter: SourceTypeFilter = { showLegacy: false, state: 'all' };
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services) {
    this.disposables.push(services.accounts.onDidChangeAccount(() => this.refresh()));
  }

  get currentFilter(): Readonly<SourceTypeFilter> { return this.filter; }

  /** The loaded cards (for the Create Source QuickPick), fetching them if needed. */
  async allCards(): Promise<SourceReportCard[]> {
    if (!this.cards) await this.load();
    if (!this.cards) throw this.loadError ?? new Error(vscode.l10n.t('Source types are not available.'));
    return this.cards;
  }

  refresh(): void {
    this.cards = undefined;
    this.loadError = undefined;
    this.changed.fire(undefined);
  }

  setFilter(filter: Partial<SourceTypeFilter>): void {
    this.filter = { ...this.filter, ...filter };
    void vscode.commands.executeCommand('setContext', 'stitch.sourceTypes.filtered', Boolean(this.filter.text) || (this.filter.state ?? 'all') !== 'all');
    void vscode.commands.executeCommand('setContext', 'stitch.sourceTypes.showLegacy', Boolean(this.filter.showLegacy));
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem { return node; }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node || !this.services.accounts.active) return [];
    if (!this.cards && !this.loadError) await this.load();
    if (this.loadError) {
      return [errorNode('sourceTypes', vscode.l10n.t('load source types'), describeFailure(this.loadError), 'stitch.refreshSourceTypes')];
    }
    const shown = filterSourceTypes(this.items, this.filter);
    if (shown.length === 0) {
      return [new MessageNode('sourceTypes:empty', vscode.l10n.t('No source type matches the filter.'), {
        icon: 'filter', command: { command: 'stitch.clearSourceTypeFilter', title: vscode.l10n.t('Clear Filter') },
        tooltip: vscode.l10n.t('Click to clear the filter.'),
      })];
    }
    return shown.map((item) => new SourceTypeNode(item));
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const client = this.services.accounts.requireClient();
        this.cards = await client.listSourceTypes();
        this.items = this.cards.map((card) => sourceTypeItem(card));
        this.loadError = undefined;
      } catch (error) {
        this.loadError = error;
        this.services.log.warn(`Loading source types failed: ${describeFailure(error)}`);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
