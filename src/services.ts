import type * as vscode from 'vscode';
import type { AccountService } from './auth/accountService';
import type { Redactor } from './core/redaction';
import type { StitchLog } from './logging';
import type { AccountState } from './state';
import type { DestinationGate } from './destinations';
import type { DestinationStore } from './state/destinationStore';

/** What commands, views and panels share. Built once in activate(). */
export interface Services {
  context: vscode.ExtensionContext;
  log: StitchLog;
  redactor: Redactor;
  accounts: AccountService;
  /** The signed-in account's stores: the only copy of its sources and extractions (src/state). */
  state: AccountState;
  /** Set by the destinations feature: Sync Now asks it first. */
  destinations?: DestinationGate;
  /** Set by the destinations feature: the account's destinations, for the source form's "Load into". */
  destinationStore?: DestinationStore;
}
