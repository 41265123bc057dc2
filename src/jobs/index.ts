import * as vscode from 'vscode';
import type { Services } from '../services';
import { JobsService, type JobsTree } from './jobsService';

export type { JobsTree } from './jobsService';

/**
 * Run and monitor: Sync Now (attaching to a running job), Stop Sync, job progress, the running-jobs
 * status bar item, one poller per account feeding the Sources tree, sync history and extraction logs
 * as read-only documents. Pause, Resume and Delete are `stitch.pauseSource`/`resumeSource`/
 * `deleteSource` (src/sourceActions.ts); the poller follows what they change through `sourceEvents`.
 */
export function registerJobs(services: Services, tree: JobsTree): vscode.Disposable[] {
  const jobs = new JobsService(services, tree);
  const disposables: vscode.Disposable[] = [
    jobs,
    vscode.commands.registerCommand('stitch.syncNow', (arg?: unknown) => jobs.syncNow(arg)),
    vscode.commands.registerCommand('stitch.stopSync', (arg?: unknown) => jobs.stopSync(arg)),
    vscode.commands.registerCommand('stitch.viewExtractionLogs', (arg?: unknown) => jobs.viewExtractionLogs(arg)),
    vscode.commands.registerCommand('stitch.showHistory', (arg?: unknown) => jobs.showHistory(arg)),
    vscode.commands.registerCommand('stitch.showRunningJobs', () => jobs.showRunningJobs()),
  ];
  // A seam for the in-host tests (state snapshot, simulated poll clock); not contributed, not in production.
  if (services.context.extensionMode !== vscode.ExtensionMode.Production) {
    disposables.push(vscode.commands.registerCommand('stitch.internal.jobs', (arg?: unknown) => jobs.internal(arg)));
  }
  return disposables;
}
