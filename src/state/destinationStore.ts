/**
 * The account's destinations with their last connection check: the one copy the Destinations view,
 * the destination panel and the Sync Now gate read (reference §4.12). In-flight reads are shared;
 * writes hand in what the API returned. No `vscode` import, so it is tested in Node.
 */
import { StitchApiError, type StitchClient } from '../api';
import type { ConnectionCheck, Destination } from '../api/types';

export type CheckState = 'succeeded' | 'failed' | 'running' | 'unknown';

export interface DestinationEntry {
  readonly destination: Destination;
  readonly check: ConnectionCheck | undefined;
  readonly checkState: CheckState;
}

/** Whether replication can load: none at all, none passed (failed or still checking), or one works. */
export type Readiness = 'none' | 'failed' | 'checking' | 'ok';

export function readiness(entries: readonly DestinationEntry[]): Readiness {
  if (entries.length === 0) return 'none';
  // A check we can't read (never run, or an account that hides it) doesn't block: Stitch answers then.
  if (entries.some((e) => e.checkState === 'succeeded' || e.checkState === 'unknown')) return 'ok';
  return entries.some((e) => e.checkState === 'running') ? 'checking' : 'failed';
}

export function checkStateOf(check: ConnectionCheck | undefined): CheckState {
  if (!check) return 'unknown';
  return check.status === 'succeeded' || check.status === 'failed' || check.status === 'running' ? check.status : 'unknown';
}

export class DestinationStore {
  private entries: DestinationEntry[] | undefined;
  private readAt = 0;
  private inFlight: Promise<DestinationEntry[]> | undefined;
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: () => StitchClient, private readonly now: () => number = Date.now) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  peek(): readonly DestinationEntry[] | undefined { return this.entries; }

  /** What is known if it is at most `maxAgeMs` old; otherwise one shared read. */
  get(options: { maxAgeMs?: number } = {}): Promise<DestinationEntry[]> {
    if (this.entries && this.now() - this.readAt <= (options.maxAgeMs ?? 30_000)) return Promise.resolve(this.entries);
    this.inFlight ??= this.read().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  /** Forget everything (another account, a user's Refresh). */
  invalidate(): void {
    this.generation++;
    this.entries = undefined;
    this.readAt = 0;
    this.inFlight = undefined;
    this.fire();
  }

  /** A create or update answer: its check is running when the answer names a new check job. */
  accept(destination: Destination): void {
    const old = this.entries?.find((e) => e.destination.id === destination.id);
    const newCheck = Boolean(destination.check_job_name) && destination.check_job_name !== old?.destination.check_job_name;
    const entry: DestinationEntry = newCheck || !old
      ? { destination, check: undefined, checkState: destination.check_job_name ? 'running' : 'unknown' }
      : { ...old, destination };
    this.entries = [...(this.entries ?? []).filter((e) => e.destination.id !== destination.id), entry].sort(byName);
    this.fire();
  }

  /** A check read by someone else (the panel's poller). */
  acceptCheck(destinationId: number, check: ConnectionCheck): void {
    const old = this.entries?.find((e) => e.destination.id === destinationId);
    if (!old) return;
    this.entries = this.entries!.map((e) => (e === old ? { ...old, check, checkState: checkStateOf(check) } : e));
    this.fire();
  }

  remove(destinationId: number): void {
    if (!this.entries) return;
    this.entries = this.entries.filter((e) => e.destination.id !== destinationId);
    this.fire();
  }

  private async read(): Promise<DestinationEntry[]> {
    const generation = this.generation;
    const client = this.client();
    const list = (await client.listDestinations()).filter((d) => !d.deleted_at);
    const entries = await Promise.all(list.map(async (destination): Promise<DestinationEntry> => {
      const check = await client.getDestinationLastConnectionCheck(destination.id).catch((error: unknown) => {
        if (StitchApiError.is(error, 'not_found')) return undefined; // no check has run
        throw error;
      });
      return { destination, check, checkState: checkStateOf(check) };
    }));
    entries.sort(byName);
    if (generation === this.generation) {
      this.entries = entries;
      this.readAt = this.now();
      this.fire();
    }
    return entries;
  }

  private fire(): void { for (const l of [...this.listeners]) l(); }
}

function byName(a: DestinationEntry, b: DestinationEntry): number {
  return (a.destination.name ?? a.destination.type).localeCompare(b.destination.name ?? b.destination.type) || a.destination.id - b.destination.id;
}
