import * as vscode from 'vscode';
import type { Source, Stream } from '../api';
import { sourceItem, type SourceItem } from '../core/sourceItems';
import { describeFailure } from '../feedback';
import { newStreamsNotice } from '../newStreamsNotice';
import type { Services } from '../services';
import type { ExtractionChange, SourceChange } from '../state';
import { ConnectionChecks } from './connectionChecks';
import { errorNode, MessageNode } from './messageNode';
import { ExtractionNode, SourceGroupNode, SourceNode, StepNode, StreamNode } from './sourceNodes';

type Node = SourceNode | SourceGroupNode | StepNode | StreamNode | ExtractionNode | MessageNode;

/** How many recent extractions a source node lists. */
const RECENT_EXTRACTIONS = 5;
/** Older than this, the jobs poller's page is stale and a load of the tree asks it for a fresh one. */
const HISTORY_STALE_MS = 10 * 60_000;

/**
 * Sources of the active account, from the source store (GET /v4/sources includes deleted ones:
 * hidden unless asked for), with each source's jobs from the extraction store, which the jobs
 * poller fills (the tree asks it through `onDidRequestHistory`, and never reads jobs itself).
 * A change to one source redraws that source's node only; the root is redrawn when the set changes.
 */
export class SourcesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly historyRequested = new vscode.EventEmitter<void>();
  /** Fires when this tree wants fresh history; the jobs poller answers into the extraction store. */
  readonly onDidRequestHistory = this.historyRequested.event;
  /** The next read of the root re-reads the list. */
  private stale = true;
  private wantHistory = false;
  private loadError: unknown;
  private loading: Promise<void> | undefined;
  private showDeleted = false;
  private readonly nodes = new Map<number, SourceNode>();
  private readonly streamCache = new Map<number, Stream[]>();
  /** Last connection checks of sources waiting on one (issue 17: a failed check must not read as "checking"). */
  private readonly checks: ConnectionChecks;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.historyRequested];

  constructor(private readonly services: Services) {
    const { sources, extractions, checks } = services.state;
    this.checks = new ConnectionChecks(checks, { ended: (id) => this.checkEnded(id), changed: (id) => this.redraw(id) });
    this.disposables.push(
      this.checks,
      sources.onDidChange((change) => this.onSourcesChanged(change)),
      extractions.onDidChange((change) => this.onExtractionsChanged(change)),
    );
  }

  setShowDeleted(show: boolean): void {
    this.showDeleted = show;
    void vscode.commands.executeCommand('setContext', 'stitch.sources.showDeleted', show);
    this.changed.fire(undefined);
  }

  /**
   * Re-reads the sources. A user's Refresh also asks the jobs poller for fresh history; the timer's
   * refresh (`keepHistory`) leaves that to the poller, which owns the jobs budget.
   */
  refresh(options: { keepHistory?: boolean } = {}): void {
    // The timer's refresh waits while Stitch refuses the token: the error row stays, no 401 every tick.
    if (options.keepHistory && this.services.accounts.tokenRejected) return;
    if (!options.keepHistory) this.wantHistory = true;
    this.stale = true;
    this.loadError = undefined;
    this.streamCache.clear();
    this.changed.fire(undefined);
  }

  private onSourcesChanged(change: SourceChange): void {
    if (change.reset) {
      this.checks.clear();
      this.nodes.clear();
      this.streamCache.clear();
      this.stale = true;
      this.loadError = undefined;
      this.changed.fire(undefined);
      return;
    }
    for (const id of change.ids) this.streamCache.delete(id);
    if (change.error !== undefined) {
      if (change.list) this.changed.fire(undefined);
      return; // the last good value stays on screen
    }
    if (change.list) {
      this.changed.fire(undefined);
      // Sources that joined or moved: their checks too (a load of the root shares these reads).
      for (const id of change.ids) void this.recheck(id, false);
      return;
    }
    for (const id of change.ids) void this.recheck(id, true);
  }

  /**
   * A source changed: re-read its last connection check when it waits on one (else forget it), then
   * redraw its node once, with both. `redraw` false: the root is being redrawn; only a check that
   * arrives later redraws the node.
   */
  private async recheck(sourceId: number, redraw: boolean): Promise<void> {
    const source = this.services.state.sources.peek(sourceId);
    const before = this.checks.get(sourceId);
    if (source) await this.checks.loadOne(source);
    if (redraw || JSON.stringify(this.checks.get(sourceId)) !== JSON.stringify(before)) this.redraw(sourceId);
  }

  /** A followed check ended: its row changes now, and Stitch has probably moved the source's step. */
  private checkEnded(sourceId: number): void {
    this.redraw(sourceId);
    if (this.services.state.sources.peek(sourceId)) void this.services.state.sources.get(sourceId).catch(() => undefined);
  }

  private onExtractionsChanged(change: ExtractionChange): void {
    if (change.reset) { this.changed.fire(undefined); return; }
    for (const id of change.sourceIds) this.redraw(id);
  }

  /** Updates one source's node in place and redraws it (its expanded children are re-read too). */
  private redraw(sourceId: number): void {
    const node = this.nodes.get(sourceId);
    const source = this.services.state.sources.peek(sourceId);
    if (!node || !source) return;
    node.update(source, this.itemOf(source));
    this.changed.fire(node);
  }

  private itemOf(source: Source): SourceItem {
    const { extractions } = this.services.state;
    // Until the poller has spoken, the remembered history says whether a job runs.
    const running = extractions.polledAt > 0 || extractions.isRunning(source.id) ? extractions.isRunning(source.id) : undefined;
    return sourceItem(source, extractions.latest(source.id), new Date(), running, this.checks.get(source.id));
  }

  getTreeItem(node: Node): vscode.TreeItem { return node; }

  getParent(): undefined { return undefined; }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!this.services.accounts.active) return [];
    if (!node) return this.rootChildren();
    if (node instanceof SourceNode) return this.sourceChildren(node);
    if (node instanceof SourceGroupNode) return this.groupChildren(node);
    return [];
  }

  private async rootChildren(): Promise<Node[]> {
    // While Stitch refuses the token, a failed list stays on screen: only a user's Refresh asks again.
    if (this.stale && !(this.loadError !== undefined && this.services.accounts.tokenRejected)) await this.load();
    const all = this.services.state.sources.list({ includeDeleted: this.showDeleted });
    if (this.loadError || !all) {
      return [errorNode('sources', vscode.l10n.t('load sources'), describeFailure(this.loadError), 'stitch.refreshSources')];
    }
    const visible = all.sort((a, b) => a.display_name.localeCompare(b.display_name) || a.id - b.id);
    await vscode.commands.executeCommand('setContext', 'stitch.noSources', visible.length === 0 && !this.showDeleted);
    const shown = new Set<number>();
    const nodes: Node[] = visible.map((source) => {
      shown.add(source.id);
      const existing = this.nodes.get(source.id);
      if (existing) { existing.update(source, this.itemOf(source)); return existing; }
      const node = new SourceNode(source, this.itemOf(source));
      this.nodes.set(source.id, node);
      return node;
    });
    for (const id of [...this.nodes.keys()]) if (!shown.has(id)) this.nodes.delete(id);
    if (visible.length === 0 && this.showDeleted) {
      nodes.push(new MessageNode('sources:none', vscode.l10n.t('No sources in this account.'), { icon: 'info' }));
    }
    return nodes;
  }

  private sourceChildren(node: SourceNode): Node[] {
    const source = node.source;
    const steps = source.report_card?.steps ?? [];
    const children: Node[] = [
      new SourceGroupNode(source.id, 'steps', vscode.l10n.t('Setup'), vscode.l10n.t('step {0} of {1}', node.item.stepIndex, node.item.stepCount), 'checklist'),
    ];
    if (steps.some((s) => s.type === 'field_selection') && (node.item.stepType === 'field_selection' || node.item.configured)) {
      const cached = this.streamCache.get(source.id);
      const description = cached ? vscode.l10n.t('{0} selected', cached.filter(isSelected).length) : '';
      children.push(new SourceGroupNode(source.id, 'streams', vscode.l10n.t('Streams'), description, 'list-tree'));
    }
    if (node.item.configured || this.services.state.extractions.latest(source.id)) {
      children.push(new SourceGroupNode(source.id, 'extractions', vscode.l10n.t('Recent extractions'), '', 'history'));
    }
    return children;
  }

  private async groupChildren(group: SourceGroupNode): Promise<Node[]> {
    const source = this.services.state.sources.peek(group.sourceId);
    if (!source) return [];
    if (group.group === 'steps') {
      const steps = source.report_card?.steps ?? [];
      const current = Math.max(1, source.report_card?.current_step ?? 1);
      const configured = source.report_card?.current_step_type === 'fully_configured';
      return steps.map((step, i) => new StepNode(source.id, i + 1, step.type,
        configured || i + 1 < current ? 'done' : i + 1 === current ? 'current' : 'todo'));
    }
    if (group.group === 'streams') {
      try {
        let streams = this.streamCache.get(source.id);
        if (!streams) {
          streams = await this.services.accounts.requireClient().listStreams(source.id);
          this.streamCache.set(source.id, streams);
          newStreamsNotice.observe(source, streams);
        }
        const selected = streams.filter(isSelected);
        if (selected.length === 0) {
          return [new MessageNode(`source:${source.id}:streams:none`, vscode.l10n.t('No stream selected yet: Select Streams…'), {
            icon: 'add', command: { command: 'stitch.selectStreams', title: vscode.l10n.t('Select Streams'), arguments: [{ sourceId: source.id }] },
          })];
        }
        return selected.map((stream) => new StreamNode(source.id, stream));
      } catch (error) {
        return [errorNode(`source:${source.id}:streams`, vscode.l10n.t('load streams'), describeFailure(error), 'stitch.refreshSources')];
      }
    }
    const mine = this.services.state.extractions.historyOf(source.id).slice(0, RECENT_EXTRACTIONS);
    if (mine.length === 0) {
      return [new MessageNode(`source:${source.id}:extractions:none`, vscode.l10n.t('No extraction yet.'), { icon: 'info' })];
    }
    return mine.map((extraction) => new ExtractionNode(source.id, extraction));
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const listed = await this.services.state.sources.loadList();
        await this.checks.load(listed);
        this.stale = false;
        this.loadError = undefined;
        // The history comes from the jobs poller: ask it when a user refreshed or its page is stale.
        if (this.wantHistory || Date.now() - this.services.state.extractions.polledAt >= HISTORY_STALE_MS) this.historyRequested.fire();
        this.wantHistory = false;
      } catch (error) {
        this.loadError = error;
        this.services.log.warn(`Loading sources failed: ${describeFailure(error)}`);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

function isSelected(stream: Stream): boolean {
  return (stream as { selected?: boolean }).selected === true;
}
