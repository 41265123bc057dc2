import * as vscode from 'vscode';
import { PanelRegistry } from '../panelRegistry';
import { DestinationFormPanel, type DestinationFormDeps } from './destinationFormPanel';
import { DESTINATION_FORM_VIEW_TYPE, destinationKeyFromState, destinationPanelId, type DestinationKey } from './logic';

/** One panel per destination, and one per new destination of a type; a created one is re-keyed to its id. */
export class DestinationFormPanels implements vscode.Disposable {
  private readonly registry = new PanelRegistry<DestinationFormPanel>();

  constructor(private readonly deps: DestinationFormDeps) {}

  all(): DestinationFormPanel[] { return this.registry.all(); }

  open(key: DestinationKey): DestinationFormPanel {
    return this.registry.open(destinationPanelId(key), () => this.adopt(DestinationFormPanel.create(this.deps, key)));
  }

  closeDestination(destinationId: number): void {
    this.registry.get(destinationPanelId({ kind: 'destination', destinationId }))?.dispose();
  }

  /** Restores a panel VS Code kept across a reload (the draft comes back with the webview's state). */
  readonly serializer: vscode.WebviewPanelSerializer = this.registry.serializer(
    (state) => { const key = destinationKeyFromState(state); return key ? destinationPanelId(key) : undefined; },
    (panel, _key, state) => this.adopt(new DestinationFormPanel(this.deps, panel, destinationKeyFromState(state)!)),
  );

  private adopt(panel: DestinationFormPanel): DestinationFormPanel {
    panel.onDidChangeKey(({ from, to }) => this.registry.rekey(panel, from, to));
    return panel;
  }

  dispose(): void { this.registry.dispose(); }
}

export function registerDestinationFormSerializer(panels: DestinationFormPanels): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(DESTINATION_FORM_VIEW_TYPE, panels.serializer);
}

export { DestinationFormPanel } from './destinationFormPanel';
export type { DestinationFormDeps } from './destinationFormPanel';
