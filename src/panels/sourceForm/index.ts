import * as vscode from 'vscode';
import type { SourceReportCard } from '../../api/types';
import { validation } from '../../core/lazyValidation';
import { sourceTypeItem } from '../../core/sourceTypeItems';
import { guardedCommand } from '../../feedback';
import { SOURCE_FORM_VIEW_TYPE, type PanelKey } from '../../protocol/sourceForm';
import type { CommandTable } from '../../commands/table';
import type { Services } from '../../services';
import { resolveSourceId } from '../../sourcePicker';
import { PanelRegistry } from '../panelRegistry';
import { sourceFeedFor } from '../sourceFeed';
import { panelId, panelKeyFromState, sourceTypeFromArg } from './logic';
import { panelImplementations } from '../lazyPanels';
import type { SourceFormDeps, SourceFormPanel } from './sourceFormPanel';

const t = vscode.l10n.t;
/** How old the store's list may be for the taken names of a new source (Stitch refuses a taken name anyway). */
const NAMES_MAX_AGE_MS = 30_000;

/**
 * One panel per source, and one per new source of a type: a second open reveals the existing
 * panel. A panel that creates its source is re-keyed to it.
 */
export class SourceFormPanels implements vscode.Disposable {
  private readonly registry = new PanelRegistry<SourceFormPanel>();

  constructor(private readonly deps: SourceFormDeps) {}

  get count(): number { return this.registry.count; }
  all(): SourceFormPanel[] { return this.registry.all(); }
  find(key: PanelKey): SourceFormPanel | undefined { return this.registry.get(panelId(key)); }

  open(key: PanelKey): SourceFormPanel {
    return this.registry.open(panelId(key), () => this.adopt(panelImplementations().SourceFormPanel.create(this.deps, key)));
  }

  /** Restores a panel VS Code kept across a reload; a state we can't read closes the panel. */
  readonly serializer: vscode.WebviewPanelSerializer = this.registry.serializer(
    (state) => { const key = panelKeyFromState(state); return key ? panelId(key) : undefined; },
    (panel, _key, state) => this.adopt(new (panelImplementations().SourceFormPanel)(this.deps, panel, panelKeyFromState(state)!)),
  );

  private adopt(panel: SourceFormPanel): SourceFormPanel {
    // Validation (ajv, dist/validation.js) loads on first use; start loading it while the webview
    // boots, so the first keystroke's inline error doesn't pay for it.
    setTimeout(() => { try { validation(); } catch { /* the form reports it when it validates */ } }, 0);
    panel.onDidChangeKey(({ from, to }) => this.registry.rekey(panel, from, to));
    return panel;
  }

  dispose(): void { this.registry.dispose(); }
}

export function sourceFormDeps(services: Services): SourceFormDeps {
  return {
    extensionUri: services.context.extensionUri,
    requireClient: () => services.accounts.requireClient(),
    stitchClientId: () => services.accounts.stitchClientId(),
    log: services.log,
    redactor: services.redactor,
    feed: sourceFeedFor(services),
    checks: services.state.checks,
    // The names a new source can't take: the store's list when it is young (the Sources view keeps it so).
    listSources: () => services.state.sources.loadList({ maxAgeMs: NAMES_MAX_AGE_MS }),
    // Read when a form loads, so the store the destinations feature sets later is the one used.
    destinations: () => services.destinationStore?.get({ maxAgeMs: NAMES_MAX_AGE_MS }) ?? Promise.resolve([]),
  };
}

interface TypePick extends vscode.QuickPickItem { type: string }

async function pickSourceType(services: Services): Promise<string | undefined> {
  const client = services.accounts.requireClient();
  const quickPick = vscode.window.createQuickPick<TypePick>();
  quickPick.title = t('Create a Stitch Source');
  quickPick.placeholder = t('Search source types (name, state or tier)');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  quickPick.show();
  try {
    const cards: SourceReportCard[] = await client.listSourceTypes();
    const items = cards
      .map((card) => sourceTypeItem(card))
      .filter((item) => !item.legacy)
      .sort((a, b) => Number(b.creatable) - Number(a.creatable) || a.label.localeCompare(b.label))
      .map((item): TypePick => ({
        type: item.type,
        label: `$(${item.icon}) ${item.label}`,
        description: item.description,
        detail: item.unavailableReason ? `${item.type} · ${item.unavailableReason}` : item.type,
      }));
    quickPick.items = items;
    quickPick.busy = false;
    return await new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.type));
      quickPick.onDidHide(() => resolve(undefined));
    });
  } finally {
    quickPick.dispose();
  }
}

/**
 * The source setup panel: its commands (`stitch.createSource`, `stitch.editSource`,
 * `stitch.openSource`, for the one command table) and what to dispose (its panels, its serializer).
 */
export function sourceFormPanel(services: Services, deps: SourceFormDeps = sourceFormDeps(services)): { commands: CommandTable; disposables: vscode.Disposable[] } {
  const panels = new SourceFormPanels(deps);
  const guarded = guardedCommand(services.redactor);

  const openSource = async (arg: unknown, title: string): Promise<SourceFormPanel | undefined> => {
    const id = await resolveSourceId(services, arg, title, undefined, t('This Stitch account has no sources yet. Create one first.'));
    return id === undefined ? undefined : panels.open({ kind: 'source', sourceId: id });
  };

  const commands: CommandTable = {
    'stitch.createSource': guarded(t('create a source'), async (arg) => {
      const type = sourceTypeFromArg(arg) ?? (await pickSourceType(services));
      return type ? panels.open({ kind: 'new', sourceType: type }) : undefined;
    }),
    'stitch.editSource': guarded(t('open the source'), (arg) => openSource(arg, t('Edit a Stitch Source'))),
    'stitch.openSource': guarded(t('open the source'), async (arg) => {
      const panel = await openSource(arg, t('Open a Stitch Source'));
      if (!panel) return undefined;
      await panel.loading;
      if (panel.currentStage === 'fieldSelection' && (await vscode.commands.getCommands(true)).includes('stitch.selectStreams')) {
        const go = t('Select Streams');
        void vscode.window.showInformationMessage(t('"{0}" passed its connection check. Continue with stream selection?', panel.panel.title), go)
          .then((choice) => (choice === go ? vscode.commands.executeCommand('stitch.selectStreams', { sourceId: panel.sourceId }) : undefined));
      }
      return panel;
    }),
  };
  return { commands, disposables: [panels, vscode.window.registerWebviewPanelSerializer(SOURCE_FORM_VIEW_TYPE, panels.serializer)] };
}

// The panel's class is in dist/panels.js, loaded when a form first opens or comes back (../lazyPanels.ts).
export type { SourceFormPanel } from './sourceFormPanel';
export type { SourceFormDeps } from './sourceFormPanel';
