import * as vscode from 'vscode';
import { runSignIn, type SignInArgs } from '../auth/signInFlow';
import { showFailure } from '../feedback';
import type { Services } from '../services';
import type { CommandTable } from './table';

/** Account and log commands. */
export function accountCommands(services: Services): CommandTable {
  const { accounts, log, redactor } = services;
  return {
    'stitch.showLogs': () => log.show(),
    'stitch.signIn': (args?: SignInArgs) => runSignIn(accounts, redactor, isSignInArgs(args) ? args : {}),
    'stitch.signOut': signOut,
    'stitch.switchAccount': switchAccount,
    'stitch.reenterToken': reenterToken,
  };

  async function signOut() {
    const active = accounts.active;
    if (!active) return;
    const confirm = vscode.l10n.t('Sign Out');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Sign out of "{0}"? Its token is removed from this machine.', active.name), { modal: true }, confirm);
    if (choice === confirm) await accounts.signOut(active.id);
  }

  async function switchAccount() {
    const profiles = accounts.listProfiles();
    const addAccount = vscode.l10n.t('$(add) Sign in to another account…');
    const items = [
      ...profiles.map((p) => ({ label: p.name, description: p.baseUrl, detail: p.id === accounts.active?.id ? vscode.l10n.t('Active') : undefined, id: p.id })),
      { label: addAccount, id: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch Stitch Account') });
    if (!picked) return;
    if (!picked.id) return vscode.commands.executeCommand('stitch.signIn');
    await accounts.switchTo(picked.id);
  }

  async function reenterToken() {
    const active = accounts.active;
    if (!active) return vscode.commands.executeCommand('stitch.signIn');
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('Re-enter the token for "{0}"', active.name), password: true, ignoreFocusOut: true,
      prompt: vscode.l10n.t('Stitch refused the stored token. Paste a valid Stitch Connect API token.'),
    });
    if (!token) return;
    try {
      await accounts.replaceToken(token);
    } catch (error) {
      await showFailure(redactor, vscode.l10n.t('update the token'), error, { retry: () => vscode.commands.executeCommand('stitch.reenterToken') });
    }
  }
}

function isSignInArgs(value: unknown): value is SignInArgs {
  if (!value || typeof value !== 'object') return false;
  return Object.values(value).every((v) => v === undefined || typeof v === 'string');
}
