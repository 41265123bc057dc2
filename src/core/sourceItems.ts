/**
 * What the Sources tree shows for a source: status at a glance (configuration step, paused by the
 * user or the system, a running job, the last extraction's result) and the context tokens that
 * decide which actions its menus offer. Pure, so it is unit-tested without VS Code.
 */
import { relativeTime, sourceRow, type ExtractionOutcome, type LastCheck, type LastExtraction, type RowSource, type SourceRow } from './sourceRow';

export { relativeTime, type LastCheck };

/** The source fields a row reads: the row model's own input type. */
type SourceLike = RowSource;
interface ExtractionLike {
  start_time: string | null;
  completion_time: string | null;
  discovery_exit_status: number | null;
  tap_exit_status: number | null;
  target_exit_status: number | null;
  discovery_description?: string | null;
  tap_description?: string | null;
  target_description?: string | null;
}

/** What the row shows of the last extraction: the row model's own type (src/core/sourceRow.ts). */
export type ExtractionSummary = LastExtraction;
export type { ExtractionOutcome };

/** Exit status 143 (SIGTERM) or a "terminated" description means the job was stopped. */
export function summariseExtraction(extraction: ExtractionLike): ExtractionSummary {
  if (!extraction.completion_time) return { outcome: 'running', at: extraction.start_time };
  // A job stopped before it reported any phase has no exit status, only a description.
  const descriptions = [extraction.discovery_description, extraction.tap_description, extraction.target_description];
  if ([extraction.discovery_exit_status, extraction.tap_exit_status, extraction.target_exit_status].every((s) => s === null)
    && descriptions.some((d) => /terminat/i.test(d ?? ''))) {
    return { outcome: 'terminated', description: descriptions.find((d) => d) ?? undefined, at: extraction.completion_time };
  }
  const phases = [
    ['discovery', extraction.discovery_exit_status, extraction.discovery_description],
    ['tap', extraction.tap_exit_status, extraction.tap_description],
    ['target', extraction.target_exit_status, extraction.target_description],
  ] as const;
  for (const [phase, status, description] of phases) {
    if (status !== null && status !== 0) {
      const terminated = status === 143 || status === -15 || /terminat|stopped|cancel/i.test(description ?? '');
      return { outcome: terminated ? 'terminated' : 'failed', failedPhase: phase, description: description ?? undefined, at: extraction.completion_time };
    }
  }
  return { outcome: 'succeeded', at: extraction.completion_time };
}

export interface SourceItem extends Omit<SourceRow, 'label'> {
  id: number;
  label: string;
  last?: ExtractionSummary;
}

/** The row of a source (see sourceRow.ts); `check` is its last connection check when it was read. */
export function sourceItem(source: SourceLike, latest: ExtractionLike | undefined, now: Date, runningOverride?: boolean, check?: LastCheck): SourceItem {
  const last = latest ? summariseExtraction(latest) : undefined;
  const row = sourceRow({ source, last, running: runningOverride, check, now });
  return { ...row, id: source.id, last };
}

/** The newest extraction of each source, from one account-wide extractions page. */
export function latestBySource<T extends ExtractionLike & { source_id: number }>(extractions: readonly T[]): Map<number, T> {
  const latest = new Map<number, T>();
  for (const extraction of extractions) {
    const current = latest.get(extraction.source_id);
    if (!current || (extraction.start_time ?? '') > (current.start_time ?? '')) latest.set(extraction.source_id, extraction);
  }
  return latest;
}
