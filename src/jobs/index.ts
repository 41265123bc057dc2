import { testOnly, type CommandTable } from '../commands/table';
import type { Services } from '../services';
import { JobsService, type SourcesViewSignals } from './jobsService';

export type { SourcesViewSignals } from './jobsService';

/**
 * Run and monitor: Sync Now (attaching to a running job), Stop Sync, job progress, the running-jobs
 * status bar item, one poller per account writing the extraction store, sync history and extraction
 * logs as read-only documents. Pause, Resume and Delete are in src/sourceActions.ts; the poller
 * hears what they change through the source store.
 */
export function createJobs(services: Services, view: SourcesViewSignals): { service: JobsService; commands: CommandTable } {
  const jobs = new JobsService(services, view);
  const commands: CommandTable = {
    'stitch.syncNow': (arg?: unknown) => jobs.syncNow(arg),
    'stitch.stopSync': (arg?: unknown) => jobs.stopSync(arg),
    'stitch.viewExtractionLogs': (arg?: unknown) => jobs.viewExtractionLogs(arg),
    'stitch.showHistory': (arg?: unknown) => jobs.showHistory(arg),
    'stitch.showRunningJobs': () => jobs.showRunningJobs(),
    // The in-host tests' seam (state snapshot, simulated poll clock): not contributed, only in Test mode.
    ...testOnly(services.context, () => ({ 'stitch.internal.jobs': (arg?: unknown) => jobs.internal(arg) })),
  };
  return { service: jobs, commands };
}
