import * as vscode from 'vscode';
import { isolateBidi } from '../core/displayText';
import { sourceLabel, type JobsContext } from './context';

/** A source's name for the tooltip, isolated (it comes from the network), or its id when unknown. */
const nameOrLabel = (name: string | undefined, id: number): string => (name === undefined ? sourceLabel(id) : isolateBidi(name));

/**
 * "Stitch: N running" while any job of the account runs (from the extraction store's running set),
 * with the sources' names in the tooltip; clicking lists them (stitch.showRunningJobs).
 */
export class JobsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Sources whose name is being (or was once) looked up, so a failing lookup isn't retried in a loop. */
  private readonly naming = new Set<number>();

  constructor(private readonly ctx: JobsContext, private readonly followedName: (sourceId: number) => string | undefined) {
    this.item = vscode.window.createStatusBarItem('stitch.jobs', vscode.StatusBarAlignment.Left, 40);
    this.item.name = vscode.l10n.t('Stitch Jobs');
    this.item.command = 'stitch.showRunningJobs';
  }

  /** What the in-host tests check. */
  snapshot(): { text: string; tooltip: string; visible: boolean; command: string | vscode.Command | undefined } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), visible: this.ctx.runningIds().size > 0, command: this.item.command };
  }

  resetAccount(): void { this.naming.clear(); }

  update(running: ReadonlySet<number>): void {
    if (running.size === 0) {
      this.item.hide();
      return;
    }
    const sources = this.ctx.services.state.sources;
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Stitch: {0} running', running.size)}`;
    for (const id of running) {
      if (this.followedName(id) || sources.peek(id) || this.naming.has(id)) continue;
      this.naming.add(id);
      // The store fires when the name arrives; the service then calls update() again.
      void this.ctx.sourceName(id);
    }
    const names = [...running].map((id) => this.followedName(id) ?? nameOrLabel(sources.peek(id)?.display_name, id));
    this.item.tooltip = vscode.l10n.t('Syncs running in {0}: {1}. Click to list them.', this.ctx.services.accounts.active?.name ?? '', names.join(', '));
    this.item.show();
  }

  dispose(): void { this.item.dispose(); }
}
