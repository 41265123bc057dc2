import type * as vscode from 'vscode';
import type { AccountService } from './auth/accountService';
import type { Redactor } from './core/redaction';
import type { StitchLog } from './logging';
import type { AccountState } from './state';
import type { LegacySourceEvents } from './state/legacySourceEvents';

/** What commands, views and panels share. Built once in activate(). */
export interface Services {
  context: vscode.ExtensionContext;
  log: StitchLog;
  redactor: Redactor;
  accounts: AccountService;
  /** The signed-in account's stores: the only copy of its sources and extractions (src/state). */
  state: AccountState;
  /** @deprecated Follow `state.sources.onDidChange` and `accept()` writes instead; kept for the panels until they do. */
  sourceEvents: LegacySourceEvents;
}
