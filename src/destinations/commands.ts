import * as vscode from 'vscode';
import type { CommandTable } from '../commands/table';
import { createHook, deleteHook, isHookUrl, setHookEnabled } from '../api';
import { destinationTypeName } from '../core/destinationNames';
import { guardedCommand } from '../feedback';
import type { DestinationFormPanels } from '../panels/destinationForm';
import { destinationIdFromArg } from '../panels/destinationForm/logic';
import type { Services } from '../services';
import { resolveSourceId } from '../sourcePicker';
import type { DestinationStore } from '../state/destinationStore';
import { HookNode, type DestinationsTree } from '../tree/destinationsTree';

const t = vscode.l10n.t;

interface TypePick extends vscode.QuickPickItem { type: string }

async function pickDestinationType(services: Services): Promise<string | undefined> {
  const cards = await vscode.window.withProgress({ location: { viewId: 'stitch.destinations' } }, () => services.accounts.requireClient().listDestinationTypes());
  const items = cards
    .map((c): TypePick => ({
      type: c.type,
      label: destinationTypeName(c.type),
      description: [c.details?.pipeline_state, c.details?.access === false ? t('not in your plan') : ''].filter(Boolean).join(' · '),
      detail: c.type,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: t('Create a Stitch Destination'), placeHolder: t('The warehouse your sources load into'), matchOnDetail: true });
  return picked?.type;
}

async function pickDestination(store: DestinationStore, title: string): Promise<number | undefined> {
  const entries = await store.get();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(t('This Stitch account has no destination yet.'), t('Create Destination'))
      .then((c) => (c ? vscode.commands.executeCommand('stitch.createDestination') : undefined));
    return undefined;
  }
  if (entries.length === 1) return entries[0]!.destination.id;
  const picked = await vscode.window.showQuickPick(entries.map((e) => ({ label: e.destination.name ?? e.destination.type, description: destinationTypeName(e.destination.type), id: e.destination.id })), { title });
  return picked?.id;
}

/** Destination and hook commands; every failure ends in a message with Retry. */
export function destinationCommands(services: Services, store: DestinationStore, tree: DestinationsTree, panels: DestinationFormPanels): CommandTable {
  const guarded = guardedCommand(services.redactor);
  const client = () => services.accounts.requireClient();
  // A tree node, or `{hookId, url?}` from a test or another command.
  const hookArg = (arg: unknown): { id: number; url: string } | undefined => {
    if (arg instanceof HookNode) return { id: arg.hook.id, url: arg.hook.config.url };
    const rec = arg as { hookId?: unknown; url?: unknown } | undefined;
    return typeof rec?.hookId === 'number' ? { id: rec.hookId, url: typeof rec.url === 'string' ? rec.url : `#${rec.hookId}` } : undefined;
  };

  return {
    'stitch.refreshDestinations': () => tree.refresh(),
    'stitch.createDestination': guarded(t('create a destination'), async (arg) => {
      const given = (arg as { destinationType?: unknown } | undefined)?.destinationType;
      const type = typeof given === 'string' ? given : await pickDestinationType(services);
      return type ? panels.open({ kind: 'new', destinationType: type }) : undefined;
    }),
    'stitch.editDestination': guarded(t('open the destination'), async (arg) => {
      const id = destinationIdFromArg(arg) ?? (await pickDestination(store, t('Edit a Stitch Destination')));
      return id === undefined ? undefined : panels.open({ kind: 'destination', destinationId: id });
    }),
    'stitch.deleteDestination': guarded(t('delete the destination'), async (arg) => {
      const id = destinationIdFromArg(arg) ?? (await pickDestination(store, t('Delete a Stitch Destination')));
      if (id === undefined) return false;
      const entry = (await store.get()).find((e) => e.destination.id === id);
      const name = entry?.destination.name ?? String(id);
      const typed = await vscode.window.showInputBox({
        title: t('Delete destination "{0}"', name),
        prompt: t('Replication pauses for every source loading into "{0}" until a new destination passes its connection check. Type the destination name to delete it.', name),
        placeHolder: name,
        ignoreFocusOut: true,
        validateInput: (v) => (v === name || v === '' ? undefined : t('Type "{0}" exactly to confirm.', name)),
      });
      if (typed !== name) return false;
      await client().deleteDestination(id);
      services.log.info(`Deleted destination ${id}`);
      store.remove(id);
      panels.closeDestination(id);
      void vscode.window.showInformationMessage(t('Deleted "{0}". Replication is paused until a new destination passes its connection check.', name), t('Create Destination'))
        .then((c) => (c ? vscode.commands.executeCommand('stitch.createDestination') : undefined));
      return true;
    }),
    // Where the plan allows several destinations, a source chooses the one it loads into (destination_id).
    'stitch.chooseSourceDestination': guarded(t('choose the destination'), async (arg) => {
      const entries = await store.get();
      if (entries.length < 2) {
        void vscode.window.showInformationMessage(t('This account has one destination: every source loads into it.'));
        return undefined;
      }
      const sourceId = await resolveSourceId(services, arg, t('Load Into Destination'));
      if (sourceId === undefined) return undefined;
      const given = (arg as { destinationId?: unknown } | undefined)?.destinationId;
      const destinationId = typeof given === 'number' ? given : (await vscode.window.showQuickPick(
        entries.map((e) => ({ label: e.destination.name ?? e.destination.type, description: destinationTypeName(e.destination.type), id: e.destination.id })),
        { title: t('Load the source into…') }))?.id;
      if (destinationId === undefined || !entries.some((e) => e.destination.id === destinationId)) return undefined;
      const updated = await client().updateSource(sourceId, { destination_id: destinationId });
      services.log.info(`Source ${sourceId} now loads into destination ${destinationId}`);
      services.state.sources.accept(updated);
      tree.redraw();
      return updated;
    }),
    'stitch.addHook': guarded(t('add a post-load hook'), async (arg) => {
      const destinationId = destinationIdFromArg(arg) ?? (await pickDestination(store, t('Add a post-load hook')));
      if (destinationId === undefined) return undefined;
      const url = await vscode.window.showInputBox({
        title: t('Add a post-load hook'),
        prompt: t('Stitch sends a POST to this URL after each load into the destination.'),
        placeHolder: 'https://hooks.example.com/stitch',
        ignoreFocusOut: true,
        validateInput: (v) => { const r = isHookUrl(v); return r.ok ? undefined : r.reason; },
      });
      if (url === undefined) return undefined;
      const hook = await createHook(client(), { url, destinationId });
      services.log.info(`Added post-load hook ${hook.id} to destination ${destinationId}`);
      tree.redraw();
      return hook;
    }),
    'stitch.disableHook': guarded(t('disable the hook'), async (arg) => {
      const node = hookArg(arg);
      if (!node) return undefined;
      const hook = await setHookEnabled(client(), node.id, false);
      tree.redraw();
      return hook;
    }),
    'stitch.enableHook': guarded(t('enable the hook'), async (arg) => {
      const node = hookArg(arg);
      if (!node) return undefined;
      const hook = await setHookEnabled(client(), node.id, true);
      tree.redraw();
      return hook;
    }),
    'stitch.removeHook': guarded(t('remove the hook'), async (arg) => {
      const node = hookArg(arg);
      if (!node) return false;
      const remove = t('Remove Hook');
      const choice = await vscode.window.showWarningMessage(t('Remove the post-load hook {0}? Stitch stops calling it after loads.', node.url), { modal: true }, remove);
      if (choice !== remove) return false;
      await deleteHook(client(), node.id);
      services.log.info(`Removed post-load hook ${node.id}`);
      tree.redraw();
      return true;
    }),
  };
}
