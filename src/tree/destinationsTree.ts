import * as vscode from 'vscode';
import { hookDestinationId, listHooks, type Hook, type Source } from '../api';
import { destinationTypeName } from '../core/destinationNames';
import { describeFailure } from '../feedback';
import type { Services } from '../services';
import { readiness, type DestinationEntry, type DestinationStore } from '../state/destinationStore';
import { errorNode, MessageNode } from './messageNode';

const t = vscode.l10n.t;

export class DestinationNode extends vscode.TreeItem {
  constructor(readonly entry: DestinationEntry) {
    const d = entry.destination;
    super(d.name ?? destinationTypeName(d.type), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `destination:${d.id}`;
    const paused = Boolean(d.paused_at || d.system_paused_at);
    const check = {
      succeeded: t('connection check passed'),
      failed: t('connection check failed'),
      running: t('checking connection…'),
      unknown: t('not checked yet'),
    }[entry.checkState];
    this.description = [destinationTypeName(d.type), check, paused ? t('paused') : ''].filter(Boolean).join(' · ');
    const message = entry.check?.discovery_error_message ?? entry.check?.target_error_message ?? entry.check?.tap_error_message;
    this.tooltip = [`${d.name ?? ''} (#${d.id}, ${d.type})`, check, message ? t('Stitch says: {0}', message) : ''].filter(Boolean).join('\n');
    this.iconPath = entry.checkState === 'succeeded' ? new vscode.ThemeIcon('database', new vscode.ThemeColor('testing.iconPassed'))
      : entry.checkState === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : entry.checkState === 'running' ? new vscode.ThemeIcon('loading~spin') : new vscode.ThemeIcon('database');
    this.contextValue = `destination ${entry.checkState}${paused ? ' paused' : ''}`;
  }
}

export class DestinationGroupNode extends vscode.TreeItem {
  constructor(readonly destinationId: number, readonly group: 'hooks' | 'sources', label: string, icon: string) {
    super(label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `destination:${destinationId}:${group}`;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = group === 'hooks' ? 'destinationHooks' : 'destinationSources';
  }
}

export class HookNode extends vscode.TreeItem {
  constructor(readonly hook: Hook, readonly destinationId: number) {
    super(hook.config.url, vscode.TreeItemCollapsibleState.None);
    this.id = `destination:${destinationId}:hook:${hook.id}`;
    const enabled = !hook.disabled_at;
    this.description = enabled ? t('enabled') : t('disabled');
    this.tooltip = t('Stitch calls this URL after each load. #{0}', String(hook.id));
    this.iconPath = new vscode.ThemeIcon(enabled ? 'bell' : 'bell-slash');
    this.contextValue = `hook ${enabled ? 'enabled' : 'disabled'}`;
  }
}

type Node = DestinationNode | DestinationGroupNode | HookNode | MessageNode;

/**
 * The account's destination(s) from the DestinationStore: type, name, check state, paused, and
 * (where the plan has several) the sources loading into each; hooks on expand. Never blank: an
 * error node, or the welcome content (stitch.noDestinations) with Create Destination.
 */
export class DestinationsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services, private readonly store: DestinationStore) {
    this.disposables.push(
      store.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  refresh(): void {
    this.store.invalidate();
  }

  getTreeItem(node: Node): vscode.TreeItem { return node; }
  getParent(): undefined { return undefined; }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!this.services.accounts.active) return [];
    if (!node) return this.roots();
    if (node instanceof DestinationNode) return this.destinationChildren(node);
    if (node instanceof DestinationGroupNode) return node.group === 'hooks' ? this.hooks(node.destinationId) : this.sources(node.destinationId);
    return [];
  }

  private async roots(): Promise<Node[]> {
    let entries: readonly DestinationEntry[];
    try {
      entries = await this.store.get();
    } catch (error) {
      this.services.log.warn(`Loading destinations failed: ${describeFailure(error)}`);
      await vscode.commands.executeCommand('setContext', 'stitch.noDestinations', false);
      return [errorNode('destinations', t('load destinations'), describeFailure(error), 'stitch.refreshDestinations')];
    }
    await vscode.commands.executeCommand('setContext', 'stitch.noDestinations', entries.length === 0);
    await vscode.commands.executeCommand('setContext', 'stitch.destinationReadiness', readiness(entries));
    // Choosing a source's destination is offered only where the plan has several.
    await vscode.commands.executeCommand('setContext', 'stitch.severalDestinations', entries.length > 1);
    return entries.map((e) => new DestinationNode(e));
  }

  private destinationChildren(node: DestinationNode): Node[] {
    const d = node.entry.destination;
    const children: Node[] = [];
    const message = node.entry.check?.discovery_error_message ?? node.entry.check?.target_error_message;
    if (node.entry.checkState === 'failed') {
      children.push(new MessageNode(`destination:${d.id}:check`, t('Connection check failed: {0}', message ?? t('no message from Stitch')), {
        icon: 'error', color: 'list.errorForeground',
        command: { command: 'stitch.editDestination', title: t('Edit Destination'), arguments: [{ destinationId: d.id }] },
      }));
    }
    // Which sources load where matters only when the plan allows several destinations.
    if ((this.store.peek()?.length ?? 0) > 1) children.push(new DestinationGroupNode(d.id, 'sources', t('Sources loading here'), 'plug'));
    children.push(new DestinationGroupNode(d.id, 'hooks', t('Post-load hooks'), 'bell'));
    return children;
  }

  private async sources(destinationId: number): Promise<Node[]> {
    try {
      const client = this.services.accounts.requireClient();
      const all: Source[] = (await client.listSources()).filter((s) => !s.deleted_at);
      // The Source object may not carry destination_id (reference §5.1): then ask Stitch which destination each source loads into.
      const loadsHere = await Promise.all(all.map(async (s) => (typeof s.destination_id === 'number'
        ? s.destination_id === destinationId
        : (await client.listDestinations({ source_id: s.id })).some((d) => d.id === destinationId))));
      const mine = all.filter((_, i) => loadsHere[i]);
      if (mine.length === 0) return [new MessageNode(`destination:${destinationId}:sources:none`, t('No source is mapped to this destination.'))];
      return mine.map((s) => new MessageNode(`destination:${destinationId}:source:${s.id}`, s.display_name, { icon: 'plug', tooltip: `${s.type} · #${s.id}` }));
    } catch (error) {
      return [errorNode(`destination:${destinationId}:sources`, t('load sources'), describeFailure(error), 'stitch.refreshDestinations')];
    }
  }

  private async hooks(destinationId: number): Promise<Node[]> {
    try {
      const hooks = (await listHooks(this.services.accounts.requireClient())).filter((h) => {
        const id = hookDestinationId(h);
        return id === undefined || id === destinationId;
      });
      const add = new MessageNode(`destination:${destinationId}:hooks:add`, t('Add a post-load hook…'), {
        icon: 'add', command: { command: 'stitch.addHook', title: t('Add Hook'), arguments: [{ destinationId }] },
      });
      return [...hooks.map((h) => new HookNode(h, destinationId)), add];
    } catch (error) {
      return [errorNode(`destination:${destinationId}:hooks`, t('load hooks'), describeFailure(error), 'stitch.refreshDestinations')];
    }
  }

  /** Hooks and source mappings are read on expand: redraw so they are read again. */
  redraw(): void { this.changed.fire(undefined); }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
