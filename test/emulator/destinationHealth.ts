/**
 * Whether replication can load anywhere (reference §4.12): a destination works once its latest
 * connection check has passed. Deleting it, or a failed check, pauses replication until one works.
 */
import type { AccountState, DestinationRecord, SourceRecord } from './state';

export function destinationWorks(acc: AccountState, d: DestinationRecord, nowMs: number): boolean {
  if (d.deletedAt) return false;
  const check = d.checkJobName ? acc.checks[d.checkJobName] : undefined;
  return check !== undefined && nowMs >= check.endMs && check.failure === null;
}

/** The destinations a source loads into: its own, or every one that takes unmapped sources. */
export function destinationsOf(acc: AccountState, source: SourceRecord): DestinationRecord[] {
  const active = acc.destinations.filter((d) => !d.deletedAt);
  return source.destinationId !== null ? active.filter((d) => d.id === source.destinationId) : active.filter((d) => !d.ignoreUnmappedSources);
}

export function canLoad(acc: AccountState, source: SourceRecord, nowMs: number): boolean {
  return destinationsOf(acc, source).some((d) => destinationWorks(acc, d, nowMs));
}
