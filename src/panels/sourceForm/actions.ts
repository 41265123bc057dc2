import * as vscode from 'vscode';
import type { Source } from '../../api/types';
import { isolateBidi } from '../../core/displayText';
import { stitchWebUrl } from './logic';

const t = vscode.l10n.t;

/** Opens the source (or Stitch's app, before there is one) in Stitch's web app. */
export async function openInStitch(source: Source | undefined, stitchClientId: () => Promise<number | undefined>): Promise<void> {
  const clientId = source?.stitch_client_id ?? (await stitchClientId().catch(() => undefined));
  const url = source ? stitchWebUrl(clientId, source.id) : 'https://app.stitchdata.com/';
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

/** Opens stream selection for the source; false when the user chose to do it in Stitch's web app instead. */
export async function selectStreams(source: Source): Promise<boolean> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('stitch.selectStreams')) {
    await vscode.commands.executeCommand('stitch.selectStreams', { sourceId: source.id });
    return true;
  }
  const open = t('Open in Stitch');
  const choice = await vscode.window.showInformationMessage(t('Stream selection isn’t available in this version yet. Select streams for "{0}" in Stitch’s web app.', isolateBidi(source.display_name)), open);
  return choice !== open;
}
