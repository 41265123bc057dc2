import * as vscode from 'vscode';
import type { SourceStore } from './sourceStore';

/**
 * @deprecated The old "source N changed" signal, kept only for the panels until they follow the
 * source store directly (issue 15, panel half): delete this file and `Services.sourceEvents` then.
 *
 * `fire(id)` tells the old listeners, and has the store re-read the source (or the list, for
 * `undefined`) if it holds it, so the trees and the jobs service, which follow the store, see the
 * change. Writes accepted into the store by other code (Pause, Resume, Delete) reach the old
 * listeners too, as they did when those commands fired; reads don't, as they never did.
 */
export class LegacySourceEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<number | undefined>();
  readonly onDidChangeSource = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: SourceStore) {
    this.subscription = store.onDidChange((change) => {
      if (change.accepted) for (const id of change.ids) this.emitter.fire(id);
    });
  }

  fire(sourceId: number | undefined): void {
    this.emitter.fire(sourceId);
    if (sourceId === undefined) {
      if (this.store.list()) void this.store.loadList().catch(() => undefined);
      return;
    }
    // Held, watched, or new to a list that is shown (a source just created): read it once.
    if (this.store.peek(sourceId) || this.store.list() || this.store.watched().includes(sourceId)) void this.store.get(sourceId).catch(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
