import * as vscode from 'vscode';
import { StitchApiError } from './api';
import { NotSignedInError } from './auth/accountService';
import type { Redactor } from './core/redaction';

/** What the user can do about a failure; the message offers the ones that fit. */
export interface FailureActions {
  retry?: () => unknown;
}

/** One sentence saying why an API call failed, in words a user can act on. */
export function describeFailure(error: unknown): string {
  if (error instanceof NotSignedInError) return error.message;
  if (error instanceof StitchApiError) {
    switch (error.kind) {
      case 'unauthorized': return vscode.l10n.t('Stitch refused the API token (401). It may have been revoked or mistyped.');
      case 'network': return vscode.l10n.t('Stitch could not be reached ({0}).', error.message);
      case 'timeout': return vscode.l10n.t('Stitch did not answer in time.');
      case 'rate_limited': return vscode.l10n.t('Stitch is rate limiting requests; try again shortly.');
      case 'budget_exhausted': return error.message;
      case 'server': return vscode.l10n.t('Stitch had a server error ({0}).', String(error.status));
      case 'malformed_response': return vscode.l10n.t('Stitch sent a response that could not be read.');
      default: return error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shows "Couldn't <action>: <cause>" with the actions that fit: Retry, Sign In or Re-enter Token,
 * and Show Logs. Every text passes the redactor, so no secret reaches a notification.
 */
export async function showFailure(redactor: Redactor, action: string, error: unknown, actions: FailureActions = {}): Promise<void> {
  const retry = vscode.l10n.t('Retry');
  const signIn = vscode.l10n.t('Sign In');
  const reenter = vscode.l10n.t('Re-enter Token');
  const showLogs = vscode.l10n.t('Show Logs');
  const buttons: string[] = [];
  if (actions.retry) buttons.push(retry);
  if (error instanceof NotSignedInError) buttons.push(signIn);
  if (error instanceof StitchApiError && error.kind === 'unauthorized') buttons.push(reenter);
  buttons.push(showLogs);
  const message = redactor.redact(vscode.l10n.t("Couldn't {0}: {1}", action, describeFailure(error)));
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === retry) await actions.retry?.();
  else if (choice === signIn) await vscode.commands.executeCommand('stitch.signIn');
  else if (choice === reenter) await vscode.commands.executeCommand('stitch.reenterToken');
  else if (choice === showLogs) await vscode.commands.executeCommand('stitch.showLogs');
}

/**
 * A command handler whose failure ends in `showFailure` with Retry (which runs it again with the
 * same argument) instead of a rejected command: `guardedCommand(redactor)('open the form', run)`.
 */
export function guardedCommand(redactor: Redactor): (action: string, run: (arg: unknown) => Promise<unknown>) => (arg: unknown) => Promise<unknown> {
  const guarded = (action: string, run: (arg: unknown) => Promise<unknown>) => async (arg: unknown): Promise<unknown> => {
    try {
      return await run(arg);
    } catch (error) {
      await showFailure(redactor, action, error, { retry: () => guarded(action, run)(arg) });
      return undefined;
    }
  };
  return guarded;
}
