import * as vscode from 'vscode';
import { shouldOpenWalkthrough } from './core/walkthrough';

const OPENED_KEY = 'stitch.walkthroughOpened';

export async function openWalkthroughOnce(context: vscode.ExtensionContext, signedIn: boolean): Promise<boolean> {
  const openOnInstall = vscode.workspace.getConfiguration('workbench.welcomePage.walkthroughs').get<boolean>('openOnInstall', true);
  if (!shouldOpenWalkthrough({ opened: context.globalState.get<boolean>(OPENED_KEY) === true, openOnInstall, signedIn })) return false;
  await context.globalState.update(OPENED_KEY, true);
  try {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#getStarted`, false);
    return true;
  } catch {
    return false; // a host without walkthroughs: the Sources view's welcome still offers Sign In
  }
}
