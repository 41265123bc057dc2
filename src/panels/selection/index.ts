import * as vscode from 'vscode';
import type { Source } from '../../api/types';
import { testOnly, type CommandTable } from '../../commands/table';
import { sourceIdOf } from '../../core/sourceId';
import { isRecord } from '../../core/guards';
import { SELECTION_VIEW_TYPE } from '../../protocol/selection';
import type { Services } from '../../services';
import { pickSource } from '../../sourcePicker';
import { PanelRegistry } from '../panelRegistry';
import { sourceFeedFor } from '../sourceFeed';
import { panelImplementations } from '../lazyPanels';
import type { SelectionDeps, SelectionPanel } from './selectionPanel';

// The panel's class (and the session, rules and selection view behind it) is in dist/panels.js,
// loaded when a panel first opens or comes back: see ../lazyPanels.ts.
export type { SelectionPanel } from './selectionPanel';

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
  return panels.open(String(sourceId), () => panelImplementations().SelectionPanel.create(deps, sourceId));
}

const stepOf = (s: Source): string | undefined => (s.report_card as { current_step_type?: string } | undefined)?.current_step_type;

/**
 * `stitch.selectStreams` (a source id or tree node, else the one source picker narrowed to sources
 * whose streams were discovered) and, in Test mode only, `stitch.selection.testHook`.
 */
export function selectionCommands(services: Services): CommandTable {
  const deps = selectionDeps(services);
  return {
    'stitch.selectStreams': async (arg?: unknown) => {
      const sourceId = sourceIdOf(arg) ?? (arg === undefined || arg === null
        ? await pickSource(services, t('Select Streams and Fields'), (s) => READY_STEPS.has(stepOf(s) ?? ''),
          t('No source is ready for stream selection yet: a source needs a successful connection check (discovery) first.'))
        : undefined);
      if (sourceId === undefined) return undefined;
      openSelectionPanel(deps, sourceId);
      return sourceId;
    },
    // Lets the vscode tier and the bench's agent reach the open panels: a live, Map-like view by source id.
    ...testOnly(services.context, () => {
      const view = {
        get: (id: number) => panels.get(String(id)),
        keys: () => panels.all().map((p) => p.sourceId)[Symbol.iterator](),
        get size() { return panels.count; },
      };
      return { 'stitch.selection.testHook': () => ({ panels: view }) };
    }),
  };
}

/** Registers the panel serializer (panels come back after a reload with their staged edits); the commands are in `selectionCommands`. */
export function registerSelectionPanel(services: Services): vscode.Disposable[] {
  const deps = selectionDeps(services);
  return [
    vscode.window.registerWebviewPanelSerializer(SELECTION_VIEW_TYPE, panels.serializer(
      (state) => { const id = isRecord(state) ? sourceIdOf(state) : undefined; return id === undefined ? undefined : String(id); },
      (panel, key) => new (panelImplementations().SelectionPanel)(deps, panel, Number(key)),
    )),
    panels,
  ];
}
