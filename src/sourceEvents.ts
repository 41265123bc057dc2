import * as vscode from 'vscode';

/**
 * "Something about this source changed" (created, updated, synced, deleted), fired by whoever
 * changed it, so the trees and open panels refresh only what changed. `undefined` = everything.
 */
export class SourceEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<number | undefined>();
  readonly onDidChangeSource = this.emitter.event;

  fire(sourceId: number | undefined): void { this.emitter.fire(sourceId); }
  dispose(): void { this.emitter.dispose(); }
}
