import * as vscode from 'vscode';
import type { Source } from './api';
import { isolateBidi } from './core/displayText';
import { showFailure } from './feedback';
import type { CommandTable } from './commands/table';
import type { Services } from './services';
import { resolveSourceId } from './sourcePicker';

/** How old the store's copy may be when a command only needs the source's name or step. */
const READ_MAX_AGE_MS = 30_000;

/** The Stitch web app's page for a source (the only deep link Stitch documents). */
export function stitchWebAppUrl(stitchClientId: number, sourceId: number): string {
  return `https://app.stitchdata.com/client/${stitchClientId}/pipeline/v2/sources/${sourceId}/`;
}

/**
 * Pause/Resume, Delete (typed confirmation), Open in Stitch, Copy Source ID, and the tree's click.
 * Reads come from the source store; what a write returns is handed to it (`accept`), not refetched.
 */
export function sourceActionCommands(services: Services): CommandTable {
  const { accounts, redactor } = services;
  const store = services.state.sources;

  const setPaused = async (arg: unknown, pause: boolean) => {
    const title = pause ? vscode.l10n.t('Pause Source') : vscode.l10n.t('Resume Source');
    const sourceId = await resolveSourceId(services, arg, title, (s) => Boolean(s.paused_at) !== pause);
    if (!sourceId) return;
    const action = pause ? vscode.l10n.t('pause source {0}', sourceId) : vscode.l10n.t('resume source {0}', sourceId);
    try {
      const client = accounts.requireClient();
      const source = await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } },
        () => pause ? client.pauseSource(sourceId) : client.unpauseSource(sourceId));
      store.accept(source);
      void vscode.window.showInformationMessage(pause
        ? vscode.l10n.t('Paused "{0}": it won\'t replicate until you resume it.', isolateBidi(source.display_name))
        : vscode.l10n.t('Resumed "{0}".', isolateBidi(source.display_name)));
    } catch (error) {
      await showFailure(redactor, action, error, { retry: () => setPaused(sourceId, pause) });
    }
  };

  const deleteSource = async (arg: unknown) => {
    const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Delete Source'));
    if (!sourceId) return;
    let source: Source;
    try {
      source = await store.get(sourceId, { maxAgeMs: READ_MAX_AGE_MS });
    } catch (error) {
      return showFailure(redactor, vscode.l10n.t('delete source {0}', sourceId), error);
    }
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Delete "{0}"?', source.display_name),
      prompt: vscode.l10n.t('Stitch stops replicating it and its settings are lost; data already loaded stays in the destination. Type "{0}" to confirm.', source.name),
      placeHolder: source.name, ignoreFocusOut: true,
      validateInput: (v) => v === source.name ? undefined : vscode.l10n.t('Type "{0}" exactly to delete the source.', source.name),
    });
    if (typed !== source.name) return;
    try {
      store.accept(await vscode.window.withProgress({ location: { viewId: 'stitch.sources' } }, () => accounts.requireClient().deleteSource(sourceId)));
      void vscode.window.showInformationMessage(vscode.l10n.t('Deleted "{0}".', source.display_name));
    } catch (error) {
      await showFailure(redactor, vscode.l10n.t('delete "{0}"', source.display_name), error, { retry: () => deleteSource(sourceId) });
    }
  };

  return {
    'stitch.pauseSource': (arg?: unknown) => setPaused(arg, true),
    'stitch.resumeSource': (arg?: unknown) => setPaused(arg, false),
    'stitch.deleteSource': deleteSource,
    'stitch.openInStitch': async (arg?: unknown) => {
      const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Open in Stitch'));
      if (!sourceId) return;
      try {
        const clientId = await accounts.stitchClientId();
        if (!clientId) throw new Error(vscode.l10n.t('the account id is not known yet'));
        await vscode.env.openExternal(vscode.Uri.parse(stitchWebAppUrl(clientId, sourceId)));
      } catch (error) {
        await showFailure(redactor, vscode.l10n.t('open the source in Stitch'), error);
      }
    },
    'stitch.copySourceId': async (arg?: unknown) => {
      const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Copy Source ID'));
      if (!sourceId) return;
      await vscode.env.clipboard.writeText(String(sourceId));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied source ID {0}', sourceId), 3000);
    },
    // The tree's click: open the panel that fits the source's current step.
    'stitch.openFromTree': async (arg?: unknown) => {
      const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Open Source'));
      if (!sourceId) return;
      const all = await vscode.commands.getCommands(true);
      let step: string | undefined;
      try {
        // A click is when the user wants the source as it is now: read through (the panel it opens shares this read).
        step = (await store.get(sourceId)).report_card?.current_step_type;
      } catch (error) {
        return showFailure(redactor, vscode.l10n.t('open source {0}', sourceId), error, { retry: () => vscode.commands.executeCommand('stitch.openFromTree', sourceId) });
      }
      const target = step === 'field_selection' && all.includes('stitch.selectStreams') ? 'stitch.selectStreams' : 'stitch.openSource';
      if (all.includes(target)) await vscode.commands.executeCommand(target, { sourceId });
    },
  };
}
