import * as vscode from 'vscode';
import { StitchApiError } from '../api';
import type { Redactor } from '../core/redaction';
import { readSettings } from '../settings';
import type { AccountService, SignInInput } from './accountService';

/** Programmatic input for the Sign In command (tests and automation); the UI asks for what is missing. */
export type SignInArgs = Partial<SignInInput>;

/**
 * Asks for an account name, a base URL and the token (a password box), checks the token against
 * the API before storing it, and on failure asks again with what was typed still filled in.
 */
export async function runSignIn(accounts: AccountService, redactor: Redactor, args: SignInArgs = {}): Promise<boolean> {
  let name = args.name ?? accounts.active?.name ?? 'Stitch';
  let baseUrl = args.baseUrl ?? readSettings().defaultBaseUrl;
  let token = args.token ?? '';
  const interactive = !(args.name && args.baseUrl && args.token);
  let problem: string | undefined;
  for (;;) {
    if (interactive) {
      const enteredName = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to Stitch (1/3)'), prompt: vscode.l10n.t('A name for this account, shown when you switch accounts'),
        value: name, ignoreFocusOut: true, validateInput: (v) => v.trim() ? undefined : vscode.l10n.t('Enter a name.'),
      });
      if (enteredName === undefined) return false;
      name = enteredName;
      const enteredUrl = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to Stitch (2/3)'), prompt: vscode.l10n.t('The Stitch Connect API base URL'),
        value: baseUrl, ignoreFocusOut: true, validateInput: validateBaseUrl,
      });
      if (enteredUrl === undefined) return false;
      baseUrl = enteredUrl;
      const enteredToken = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to Stitch (3/3)'),
        prompt: problem ?? vscode.l10n.t('Your Stitch Connect API access token. It is kept in VS Code\'s secret storage only.'),
        value: token, password: true, ignoreFocusOut: true,
        validateInput: (v) => v.trim() ? undefined : vscode.l10n.t('Enter the access token.'),
      });
      if (enteredToken === undefined) return false;
      token = enteredToken;
    }
    try {
      const profile = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with {0}…', baseUrl) },
        () => accounts.signIn({ name, baseUrl, token }),
      );
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Stitch as "{0}".', profile.name));
      return true;
    } catch (error) {
      problem = redactor.redact(signInProblem(error, baseUrl));
      if (!interactive) throw new Error(problem);
      const again = vscode.l10n.t('Try Again');
      const choice = await vscode.window.showErrorMessage(problem, again);
      if (choice !== again) return false;
    }
  }
}

function validateBaseUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  } catch { /* fall through */ }
  return vscode.l10n.t('Enter an http(s) URL, for example https://api.stitchdata.com');
}

function signInProblem(error: unknown, baseUrl: string): string {
  if (error instanceof StitchApiError) {
    if (error.kind === 'unauthorized') return vscode.l10n.t('Stitch at {0} refused this token (401). Check that you copied the whole token.', baseUrl);
    if (error.kind === 'network' || error.kind === 'timeout') return vscode.l10n.t('Could not reach {0}: {1}', baseUrl, error.message);
    return vscode.l10n.t('Signing in to {0} failed: {1}', baseUrl, error.message);
  }
  return vscode.l10n.t('Signing in failed: {0}', error instanceof Error ? error.message : String(error));
}
