import * as vscode from 'vscode';
import type { Services } from '../services';
import type { SharedState, TimerClock } from './sharedState';
import type { FollowTarget } from './jobState';

/** A user-visible event, kept (bounded) so the in-host tests can check what the user was shown. */
export interface JournalEntry {
  kind: 'progress-start' | 'progress-update' | 'progress-end' | 'info' | 'warning' | 'error' | 'failure';
  sourceId?: number;
  jobName?: string;
  text: string;
  items?: string[];
}

/** What the parts of the jobs service (poller, followers, status bar, documents, commands) share. */
export interface JobsContext {
  readonly services: Services;
  readonly shared: SharedState;
  /** The poller's clock: real, or manual in the in-host tests. */
  readonly clock: TimerClock;
  /** The account the jobs state belongs to (its profile id). */
  readonly accountKey: string | undefined;
  readonly disposed: boolean;
  journal(entry: JournalEntry): void;
  /** An info or warning message, journaled. */
  tell(kind: 'info' | 'warning', text: string, about: { sourceId?: number; target?: FollowTarget }): void;
  /** The source's display name, from the store (asking once if it isn't known). */
  sourceName(sourceId: number): Promise<string>;
  /** Look at the jobs soon (a start or stop just happened). */
  kick(): void;
  /** Poll now (or take a fresh shared snapshot); never two at once. */
  pollNow(): Promise<void>;
  /** Sources with a running job: the list's and the ones followed here. */
  runningIds(): Set<number>;
  /** The running set changed: tell the store, the status bar, the poller. */
  runningChanged(): void;
}

/** The account-wide id the jobs endpoints need: from the stored profile or any known source, else looked up. */
export async function stitchClientIdOf(services: Services): Promise<number | undefined> {
  const known = services.accounts.active?.stitchClientId
    ?? services.state.sources.known().find((s) => typeof s.stitch_client_id === 'number')?.stitch_client_id;
  return known ?? services.accounts.stitchClientId();
}

export const sourceLabel = (sourceId: number) => vscode.l10n.t('source {0}', sourceId);
