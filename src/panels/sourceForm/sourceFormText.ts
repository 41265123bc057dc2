import * as vscode from 'vscode';
import { describeFailure } from '../../feedback';
import type { PollOutcome } from './checkPoller';

const t = vscode.l10n.t;

/** Strings the webview shows; localised here because the webview has no l10n of its own. */
export function uiText(): Record<string, string> {
  return {
    displayName: t('Display name'),
    displayNameHelp: t('How this source appears in Stitch. You can rename it later.'),
    loadInto: t('Load into'),
    loadIntoHelp: t('The destination this source’s data loads into.'),
    loadIntoUnset: t('Not set: every destination that takes unmapped sources'),
    schemaPreview: t('Destination schema'),
    schemaFixed: t('Stitch derives this name once, when the source is created; it can’t be changed later.'),
    advanced: t('Advanced settings'),
    advancedCaution: t('These settings are optional. Change them only if you know you need to.'),
    create: t('Create Source'),
    save: t('Save Changes'),
    saving: t('Saving…'),
    retry: t('Save and Retry Check'),
    required: t('required'),
    optional: t('optional'),
    credentialRetype: t('Credentials are never kept: retype them before retrying.'),
    savedCredential: t('Saved; leave empty to keep'),
    checking: t('Checking connection…'),
    checkSucceeded: t('Connection check passed.'),
    checkFailed: t('The connection check failed.'),
    checkAgain: t('Check Again'),
    selectStreams: t('Select Streams'),
    openInStitch: t('Authorize in Stitch'),
    openSourceInStitch: t('Open in Stitch'),
    refresh: t('I’ve Authorized: Refresh'),
    oauthTitle: t('Authorize Stitch'),
    oauthBody: t('This source needs authorization. Stitch’s API can’t complete an OAuth sign-in, so authorize it in Stitch’s web app (the button opens this source there). This panel checks every few seconds and moves on once Stitch reports the source authorized.'),
    oauthOwnApp: t('Or, if you use your own OAuth app, enter its credentials (or a refresh token) below and save.'),
    oauthWatching: t('Waiting for authorization…'),
    configured: t('This source is fully configured.'),
    fieldSelection: t('Next: choose the streams and fields to replicate.'),
    addRow: t('Add'),
    removeRow: t('Remove'),
    showLogs: t('Show Logs'),
    scheduleNote: t('Replication schedule'),
    scheduleInvalid: t('Fix the schedule, then try again.'),
    unavailable: t('This source type can’t be set up through the API.'),
    locked: t('Locked'),
    utc: t('UTC'),
    loading: t('Loading…'),
    errorsSummary: t('Fix the highlighted fields, then try again.'),
  };
}

/** Why the connection-check watch stopped before the check ended. */
export function stalledText(outcome: Extract<PollOutcome, { kind: 'timedOut' | 'failed' }>): string {
  return outcome.kind === 'timedOut'
    ? t('Stitch is still checking after a long time. Check again later.')
    : t("Couldn't read the connection check: {0}", describeFailure(outcome.error));
}
