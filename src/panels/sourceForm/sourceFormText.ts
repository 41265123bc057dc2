import * as vscode from 'vscode';
import { describeFailure } from '../../feedback';
import type { PollOutcome } from './checkPoller';

const t = vscode.l10n.t;

/** Why the connection-check watch stopped before the check ended. */
export function stalledText(outcome: Extract<PollOutcome, { kind: 'timedOut' | 'failed' }>): string {
  return outcome.kind === 'timedOut'
    ? t('Stitch is still checking after a long time. Check again later.')
    : t("Couldn't read the connection check: {0}", describeFailure(outcome.error));
}
