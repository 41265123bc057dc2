import * as vscode from 'vscode';
import type { SourceStore } from './sourceStore';

/**
 * @deprecated The old "source N changed" signal, kept only for the panels until they follow the
 * source store directly (issue 15, panel half): delete this file and `Services.sourceEvents` then.
 *
 * `fire(id)` tells the old listeners, and has the store re-read the source (or the list, for
 * `undefined`) if it holds it, so the trees and the jobs service, which follow the store, see the
 * change. Store changes caused by anything else (commands accepting a write, the watch poll) reach
 * the old listeners too; the store's own echo of a `fire` and a source's first arrival don't, so a
 * listener hears a change once and never a mere read.
 */
export class LegacySourceEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<number | undefined>();
  readonly onDidChangeSource = this.emitter.event;
  private readonly echoes = new Set<number>();
  /** Sources the store has told about before: a first arrival is news to the store, not a change in Stitch. */
  private readonly seen = new Set<number>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: SourceStore) {
    this.subscription = store.onDidChange((change) => {
      if (change.reset) { this.seen.clear(); return; }
      if (change.error !== undefined) return;
      for (const id of change.ids) {
        const first = !this.seen.has(id);
        this.seen.add(id);
        if (!first && !this.echoes.has(id)) this.emitter.fire(id);
      }
    });
  }

  fire(sourceId: number | undefined): void {
    this.emitter.fire(sourceId);
    if (sourceId === undefined) {
      if (this.store.list()) void this.store.loadList().catch(() => undefined);
      return;
    }
    if (!this.store.peek(sourceId) && !this.store.watched().includes(sourceId)) return;
    this.echoes.add(sourceId);
    void this.store.get(sourceId).catch(() => undefined).finally(() => this.echoes.delete(sourceId));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
