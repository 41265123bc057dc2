import * as vscode from 'vscode';
import { uiText } from '../sourceForm/sourceFormText';

const t = vscode.l10n.t;

/** The shared form's strings, with the ones that name a source said for a destination. */
export function destinationUiText(): Record<string, string> {
  return {
    ...uiText(),
    displayName: t('Destination name'),
    displayNameHelp: t('How this destination appears in Stitch. You can rename it later.'),
    create: t('Create Destination'),
    retry: t('Save and Retry Check'),
    checking: t('Stitch is checking the connection to this destination…'),
    checkSucceeded: t('Connection check passed.'),
    checkFailed: t('The connection check failed.'),
    configured: t('This destination passed its connection check: sources can load into it.'),
    unavailable: t('This destination type can’t be set up through the API.'),
    openSourceInStitch: t('Open in Stitch'),
    credentialRetype: t('Credentials are never kept: retype the password before retrying.'),
  };
}
