import * as vscode from 'vscode';
import { registerDestinationFormSerializer, DestinationFormPanels } from '../panels/destinationForm';
import { sourceFeedFor } from '../panels/sourceFeed';
import type { Services } from '../services';
import { DestinationStore, readiness, type Readiness } from '../state/destinationStore';
import { DestinationsTree } from '../tree/destinationsTree';
import { testOnly, type CommandTable } from '../commands/table';
import { destinationCommands } from './commands';

const t = vscode.l10n.t;

/**
 * How long Sync Now trusts what it knows. A passed check stays passed until the destination changes
 * (this window hands its own changes to the store; the view's Refresh reads again), so a read in the
 * last 10 minutes will do; anything short of working is read again after 15 s. If the destination
 * broke elsewhere meanwhile, Stitch's own answer to the sync says so.
 */
const WORKING_TRUSTED_MS = 10 * 60_000;
const NOT_WORKING_MAX_AGE_MS = 15_000;

/** What Sync Now asks before starting a job: false (after explaining) when the sync could load nowhere. */
export interface DestinationGate {
  allowSync(sourceName?: string): Promise<boolean>;
}

function noDestinationText(r: Readiness): string | undefined {
  switch (r) {
    case 'none': return t('No destination: nothing replicates until this account has a destination that passes its connection check. Create one in the Destinations view.');
    case 'failed': return t('No working destination: the destination’s connection check failed, so replication is paused. Fix it in the Destinations view.');
    case 'checking': return t('The destination’s connection check is still running: replication starts once it passes.');
    default: return undefined;
  }
}

/**
 * The Destinations view, the destination panel and commands, the hooks, and what the Sources view
 * and Sync Now say when no destination works (reference §4.12).
 */
export function registerDestinations(services: Services, sourcesView: vscode.TreeView<unknown>): { disposables: vscode.Disposable[]; commands: CommandTable } {
  const store = new DestinationStore(() => services.accounts.requireClient());
  const tree = new DestinationsTree(services, store);
  const view = vscode.window.createTreeView('stitch.destinations', { treeDataProvider: tree, showCollapseAll: true });
  const panels = new DestinationFormPanels({
    extensionUri: services.context.extensionUri, log: services.log, feed: sourceFeedFor(services),
    requireClient: () => services.accounts.requireClient(), store, redactor: services.redactor,
  });

  // Said once, at the top of the Sources view.
  const showReadiness = () => {
    const entries = store.peek();
    sourcesView.message = entries && services.accounts.active ? noDestinationText(readiness(entries)) : undefined;
  };
  const warm = () => { if (services.accounts.active && (sourcesView.visible || view.visible)) store.get().catch(() => undefined); };

  const gate: DestinationGate = {
    async allowSync(sourceName) {
      let r: Readiness;
      const known = store.peek();
      const maxAgeMs = known && readiness(known) === 'ok' ? WORKING_TRUSTED_MS : NOT_WORKING_MAX_AGE_MS;
      try { r = readiness(await store.get({ maxAgeMs })); } catch { return true; } // unknown: let Stitch answer
      if (r === 'ok') return true;
      const create = t('Create Destination');
      const show = t('Show Destinations');
      const what = sourceName ? t('"{0}" can’t sync yet', sourceName) : t('Nothing can sync yet');
      const why = r === 'none' ? t('this account has no destination, and Stitch replicates nothing until one passes its connection check.')
        : r === 'checking' ? t('the destination’s connection check is still running. Try again once it passes.')
          : t('no destination passed its connection check, so Stitch has paused replication. Fix the destination and save it to check again.');
      const choice = await vscode.window.showWarningMessage(`${what}: ${why}`, r === 'none' ? create : show);
      if (choice === create) await vscode.commands.executeCommand('stitch.createDestination');
      if (choice === show) await vscode.commands.executeCommand('stitch.destinations.focus');
      return false;
    },
  };
  services.destinations = gate;
  services.destinationStore = store;

  const disposables: vscode.Disposable[] = [
    tree, view, panels,
    store.onDidChange(showReadiness),
    registerDestinationFormSerializer(panels),
    services.accounts.onDidChangeAccount(() => { store.invalidate(); panels.dispose(); showReadiness(); warm(); }),
    sourcesView.onDidChangeVisibility(warm),
    view.onDidChangeVisibility(warm),
  ];
  const commands: CommandTable = {
    ...destinationCommands(services, store, tree, panels),
    // A seam for the in-host tests (open panels, the store): registered in Test mode only.
    ...testOnly(services.context, () => ({ 'stitch.internal.destinations': () => ({ store, panels, tree, gate, sourcesMessage: () => sourcesView.message }) })),
  };
  warm();
  return { disposables, commands };
}
