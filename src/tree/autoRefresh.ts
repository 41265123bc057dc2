import * as vscode from 'vscode';

/**
 * Re-reads a tree every `stitch.autoRefreshSeconds` while its view is visible and the window is
 * focused; never while hidden. 0 turns it off.
 */
export class AutoRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly view: vscode.TreeView<unknown>, private readonly refresh: () => void) {
    this.disposables.push(
      view.onDidChangeVisibility(() => this.schedule()),
      vscode.window.onDidChangeWindowState(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stitch.autoRefreshSeconds')) this.schedule(); }),
    );
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration('stitch').get<number>('autoRefreshSeconds', 120);
    if (!seconds || seconds <= 0 || !this.view.visible || !vscode.window.state.focused) return;
    this.timer = setInterval(() => this.refresh(), Math.max(30, seconds) * 1000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
