import * as vscode from 'vscode';
import type { Extraction, Source, Stream } from '../api';
import { latestBySource } from '../core/sourceItems';
import { describeFailure } from '../feedback';
import type { Services } from '../services';
import { ConnectionChecks } from './connectionChecks';
import { errorNode, MessageNode } from './messageNode';
import { ExtractionNode, SourceGroupNode, SourceNode, StepNode, StreamNode } from './sourceNodes';

type Node = SourceNode | SourceGroupNode | StepNode | StreamNode | ExtractionNode | MessageNode;

/** How many recent extractions a source node lists. */
const RECENT_EXTRACTIONS = 5;

/**
 * Sources of the active account (GET /v4/sources, which includes deleted ones: hidden unless
 * asked for). One account-wide extractions page gives every source's last result; it is read at
 * most once per refresh, and only while the jobs budget has room. Children are fetched on expand.
 */
export class SourcesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly historyRequested = new vscode.EventEmitter<void>();
  /** Fires when this tree wants fresh history and a jobs poller delivers it (see `historyFromPoller`). */
  readonly onDidRequestHistory = this.historyRequested.event;
  private sources: Source[] | undefined;
  private extractions: Extraction[] = [];
  private extractionsNote: string | undefined;
  /** When the jobs poller last delivered extractions; while fresh, the tree doesn't fetch its own. */
  private extractionsFromPollerAt = 0;
  private loadError: unknown;
  private loading: Promise<void> | undefined;
  private showDeleted = false;
  private readonly nodes = new Map<number, SourceNode>();
  private readonly streamCache = new Map<number, Stream[]>();
  /** Job state reported by the jobs service (issue: run and monitor); overrides the extractions page. */
  private readonly running = new Map<number, boolean>();
  /** Last connection checks of sources waiting on one (issue 17: a failed check must not read as "checking"). */
  private readonly checks = new ConnectionChecks((id) => this.services.accounts.requireClient().getLastConnectionCheck(id), (id) => { void this.refreshSource(id); });
  private readonly disposables: vscode.Disposable[] = [this.changed, this.historyRequested, this.checks];

  /**
   * With `historyFromPoller`, a refresh costs one request (the sources): the history comes from the
   * jobs poller, asked through `onDidRequestHistory`, which keeps every jobs request in its budget.
   */
  constructor(private readonly services: Services, private readonly options: { historyFromPoller?: boolean } = {}) {
    this.disposables.push(
      services.accounts.onDidChangeAccount(() => {
        // Another account: nothing of the previous one's history may linger.
        this.extractions = [];
        this.extractionsFromPollerAt = 0;
        this.running.clear();
        this.checks.clear();
        this.refresh();
      }),
      services.sourceEvents.onDidChangeSource((id) => { if (id === undefined) this.refresh(); else void this.refreshSource(id); }),
    );
  }

  /** Loaded sources (for pickers), fetching them if needed; deleted ones excluded. */
  async allSources(): Promise<Source[]> {
    if (!this.sources) await this.load();
    if (!this.sources) throw this.loadError ?? new Error(vscode.l10n.t('Sources are not available.'));
    return this.sources.filter((s) => !s.deleted_at);
  }

  get deletedShown(): boolean { return this.showDeleted; }

  setShowDeleted(show: boolean): void {
    this.showDeleted = show;
    void vscode.commands.executeCommand('setContext', 'stitch.sources.showDeleted', show);
    this.changed.fire(undefined);
  }

  /**
   * Re-reads the sources. A user's Refresh also re-reads the history; the timer's refresh
   * (`keepHistory`) leaves that to the jobs poller, which owns the jobs budget.
   */
  refresh(options: { keepHistory?: boolean } = {}): void {
    // The timer's refresh waits while Stitch refuses the token: the error row stays, no 401 every tick.
    if (options.keepHistory && this.services.accounts.tokenRejected) return;
    if (!options.keepHistory) this.extractionsFromPollerAt = 0;
    this.sources = undefined;
    this.loadError = undefined;
    this.streamCache.clear();
    this.changed.fire(undefined);
  }

  /** Re-reads one source and redraws only its node (expansion is kept: ids are stable). */
  async refreshSource(sourceId: number): Promise<void> {
    if (!this.sources) return;
    try {
      const source = await this.services.accounts.requireClient().getSource(sourceId);
      const index = this.sources.findIndex((s) => s.id === sourceId);
      if (index >= 0) this.sources[index] = source; else this.sources.push(source);
      this.streamCache.delete(sourceId);
      await this.checks.loadOne(source);
      const node = this.nodes.get(sourceId);
      if (node && index >= 0) {
        const updated = SourceNode.from(source, latestBySource(this.extractions).get(sourceId), this.running.get(sourceId), this.checks.get(sourceId));
        this.nodes.set(sourceId, updated);
      }
      // A node's identity is its id; firing undefined keeps expansion and re-reads the root cheaply.
      this.changed.fire(undefined);
    } catch (error) {
      this.services.log.warn(`Refreshing source ${sourceId} failed: ${describeFailure(error)}`);
    }
  }

  /** Called by the jobs service when a job starts or ends. */
  setRunning(sourceId: number, running: boolean): void {
    if (this.running.get(sourceId) === running) return;
    this.running.set(sourceId, running);
    this.changed.fire(undefined);
  }

  /** Called by the jobs poller with a fresh account-wide extractions page, so the tree needn't fetch. */
  setExtractions(extractions: Extraction[], fromPoll = true): void {
    this.extractions = extractions;
    this.extractionsNote = undefined;
    if (fromPoll) this.extractionsFromPollerAt = Date.now();
    this.changed.fire(undefined);
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
    if (!this.sources && !this.loadError) await this.load();
    if (this.loadError || !this.sources) {
      return [errorNode('sources', vscode.l10n.t('load sources'), describeFailure(this.loadError), 'stitch.refreshSources')];
    }
    const latest = latestBySource(this.extractions);
    const visible = this.sources.filter((s) => this.showDeleted || !s.deleted_at)
      .sort((a, b) => a.display_name.localeCompare(b.display_name) || a.id - b.id);
    await vscode.commands.executeCommand('setContext', 'stitch.noSources', visible.length === 0 && !this.showDeleted);
    this.nodes.clear();
    const nodes: Node[] = visible.map((source) => {
      const node = SourceNode.from(source, latest.get(source.id), this.running.get(source.id), this.checks.get(source.id));
      this.nodes.set(source.id, node);
      return node;
    });
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
    if (node.item.configured || this.extractions.some((e) => e.source_id === source.id)) {
      children.push(new SourceGroupNode(source.id, 'extractions', vscode.l10n.t('Recent extractions'), this.extractionsNote ?? '', 'history'));
    }
    return children;
  }

  private async groupChildren(group: SourceGroupNode): Promise<Node[]> {
    const source = this.sources?.find((s) => s.id === group.sourceId);
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
    const mine = this.extractions.filter((e) => e.source_id === source.id)
      .sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? '')).slice(0, RECENT_EXTRACTIONS);
    if (mine.length === 0) {
      return [new MessageNode(`source:${source.id}:extractions:none`, this.extractionsNote ?? vscode.l10n.t('No extraction yet.'), { icon: 'info' })];
    }
    return mine.map((extraction) => new ExtractionNode(source.id, extraction));
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const client = this.services.accounts.requireClient();
        this.sources = await client.listSources();
        this.loadError = undefined;
        await this.checks.load(this.sources);
        await this.loadExtractions();
      } catch (error) {
        this.loadError = error;
        this.services.log.warn(`Loading sources failed: ${describeFailure(error)}`);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Best effort: a failure here leaves the sources showing, with a note on the history groups. */
  private async loadExtractions(): Promise<void> {
    if (this.options.historyFromPoller) {
      // Ask only when the poller's page is stale; it answers with setExtractions.
      if (Date.now() - this.extractionsFromPollerAt >= 10 * 60_000) this.historyRequested.fire();
      return;
    }
    const clientId = this.sources?.find((s) => typeof s.stitch_client_id === 'number')?.stitch_client_id;
    if (!clientId) { this.extractions = []; return; }
    if (Date.now() - this.extractionsFromPollerAt < 10 * 60_000) return; // the poller's page is fresh enough
    const client = this.services.accounts.requireClient();
    const budget = client.jobsBudgetStatus(clientId);
    if (budget && budget.remaining < 5) {
      this.extractionsNote = vscode.l10n.t('history paused to stay within Stitch\'s jobs rate limit');
      return;
    }
    try {
      const page = await client.listExtractions(clientId, { maxWaitMs: 0 });
      this.extractions = page.data;
      this.extractionsNote = undefined;
    } catch (error) {
      this.extractionsNote = vscode.l10n.t('history unavailable: {0}', describeFailure(error));
      this.services.log.warn(`Loading extractions failed: ${describeFailure(error)}`);
    }
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

function isSelected(stream: Stream): boolean {
  return (stream as { selected?: boolean }).selected === true;
}
