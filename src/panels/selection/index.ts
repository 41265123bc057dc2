import * as vscode from 'vscode';
import type { Source } from '../../api/types';
import { sourceIdOf } from '../../core/selectionView';
import { isRecord } from '../../core/guards';
import { showFailure } from '../../feedback';
import { SELECTION_VIEW_TYPE } from '../../protocol/selection';
import type { Services } from '../../services';
import { PanelRegistry } from '../panelRegistry';
import { sourceFeedFor } from '../sourceFeed';
import { SelectionPanel, type SelectionDeps } from './selectionPanel';

export { SelectionPanel } from './selectionPanel';
export { SelectionSession } from './session';

const t = vscode.l10n.t;
const READY_STEPS = new Set(['field_selection', 'fully_configured']);

/** Open panels, one per source id. */
const panels = new PanelRegistry<SelectionPanel>();

export function selectionDeps(services: Services): SelectionDeps {
  return {
    extensionUri: services.context.extensionUri,
    requireClient: () => services.accounts.requireClient(),
    activeAccountId: () => services.accounts.active?.id,
    log: services.log,
    redactor: services.redactor,
    feed: sourceFeedFor(services),
  };
}

/** Opens (or reveals) the selection panel of a source. */
export function openSelectionPanel(deps: SelectionDeps, sourceId: number): SelectionPanel {
  return panels.open(String(sourceId), () => SelectionPanel.create(deps, sourceId));
}

const stepOf = (s: Source): string | undefined => (s.report_card as { current_step_type?: string } | undefined)?.current_step_type;

/** Asks which source to open, among those whose streams have been discovered. */
async function pickSource(services: Services): Promise<number | undefined> {
  let sources: Source[];
  try {
    sources = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t('Loading Stitch sources…') },
      () => services.accounts.requireClient().listSources(),
    );
  } catch (error) {
    await showFailure(services.redactor, t('list the sources'), error, { retry: () => vscode.commands.executeCommand('stitch.selectStreams') });
    return undefined;
  }
  const ready = sources.filter((s) => !s.deleted_at && READY_STEPS.has(stepOf(s) ?? ''));
  if (ready.length === 0) {
    void vscode.window.showInformationMessage(t('No source is ready for stream selection yet: a source needs a successful connection check (discovery) first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    ready.map((s) => ({
      label: s.display_name || s.name,
      description: s.type,
      detail: stepOf(s) === 'fully_configured' ? t('Fully configured') : t('Waiting for stream selection'),
      id: s.id,
    })),
    { title: t('Select Streams and Fields'), placeHolder: t('Choose a source'), matchOnDescription: true },
  );
  return picked?.id;
}

/**
 * Registers `stitch.selectStreams` and the panel serializer (panels come back after a reload with
 * their staged edits). In the extension's test mode it also registers a hook for the vscode tier.
 */
export function registerSelectionPanel(services: Services): vscode.Disposable[] {
  const deps = selectionDeps(services);
  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand('stitch.selectStreams', async (arg?: unknown) => {
      const sourceId = sourceIdOf(arg) ?? (arg === undefined || arg === null ? await pickSource(services) : undefined);
      if (sourceId === undefined) return undefined;
      openSelectionPanel(deps, sourceId);
      return sourceId;
    }),
    vscode.window.registerWebviewPanelSerializer(SELECTION_VIEW_TYPE, panels.serializer(
      (state) => { const id = isRecord(state) ? sourceIdOf(state) : undefined; return id === undefined ? undefined : String(id); },
      (panel, key) => new SelectionPanel(deps, panel, Number(key)),
    )),
    panels,
  ];
  if (services.context.extensionMode === vscode.ExtensionMode.Test) {
    // Lets the vscode tier reach the open panels (their channel and session); never in production.
    // A live, Map-like view by source id (tests hold it across opens and closes).
    const view = {
      get: (id: number) => panels.get(String(id)),
      keys: () => panels.all().map((p) => p.sourceId)[Symbol.iterator](),
      get size() { return panels.count; },
    };
    disposables.push(vscode.commands.registerCommand('stitch.selection.testHook', () => ({ panels: view })));
  }
  return disposables;
}
