import * as vscode from 'vscode';

/** What the registry needs of a panel. */
export interface RegisteredPanel extends vscode.Disposable {
  readonly onDidDispose: vscode.Event<void>;
  reveal(): void;
}

/**
 * Open panels of one kind, one per key (a source id, or a new source's type): opening a key again
 * reveals its panel; the serializer brings panels back after a reload, one per key.
 */
export class PanelRegistry<P extends RegisteredPanel> implements vscode.Disposable {
  private readonly panels = new Map<string, P>();

  get count(): number { return this.panels.size; }
  all(): P[] { return [...this.panels.values()]; }
  get(key: string): P | undefined { return this.panels.get(key); }

  /** The open panel of `key`, revealed, or a new one from `create`. */
  open(key: string, create: () => P): P {
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    return this.add(key, create());
  }

  add(key: string, panel: P): P {
    const other = this.panels.get(key);
    if (other && other !== panel) other.dispose();
    this.panels.set(key, panel);
    panel.onDidDispose(() => { for (const [k, p] of this.panels) if (p === panel) this.panels.delete(k); });
    return panel;
  }

  /** The panel now shows another key (a new source that was created). */
  rekey(panel: P, from: string, to: string): void {
    if (this.panels.get(from) === panel) this.panels.delete(from);
    const other = this.panels.get(to);
    if (other && other !== panel) other.dispose();
    this.panels.set(to, panel);
  }

  /**
   * Restores panels VS Code kept across a reload: `keyOf` reads the webview's saved state; a state
   * it can't read, or a key already open, closes the restored panel.
   */
  serializer(keyOf: (state: unknown) => string | undefined, restore: (panel: vscode.WebviewPanel, key: string, state: unknown) => P): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        const key = keyOf(state);
        if (key === undefined || this.panels.has(key)) {
          panel.dispose();
          return;
        }
        this.add(key, restore(panel, key, state));
      },
    };
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}
