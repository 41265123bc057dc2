/**
 * The last connection check of each source, read once for every reader. The setup form polls a
 * running check on its back-off, and the Sources tree follows the same check on a slower one: both
 * read through this store, so a read that is out is shared and a fresh answer is reused, and each
 * answer reaches both (the tree's row changes the moment the form's poll sees the check end).
 * No `vscode` import: unit-tested in plain Node against the emulator.
 */
import { StitchApiError } from '../api/errors';
import type { ConnectionCheck } from '../api/types';
import { Emitter, type Disposable } from './emitter';

/** What the store needs of the API client (a `StitchClient` fits). */
export interface ConnectionCheckApi {
  getLastConnectionCheck(sourceId: number): Promise<ConnectionCheck>;
}

export interface CheckChange {
  readonly sourceId: number;
  /** The check as read now; null when none has run yet (Stitch answers 404). */
  readonly check: ConnectionCheck | null;
}

export interface CheckReadOptions {
  /** Answer from the store when its copy is younger than this. Default 0: always ask (sharing a read already out). */
  maxAgeMs?: number;
  /** Stops waiting (the read itself goes on for the other readers). */
  signal?: AbortSignal;
}

/** What the setup form and the Sources tree code against. */
export interface ConnectionCheckReader {
  peek(sourceId: number): ConnectionCheck | null | undefined;
  read(sourceId: number, options?: CheckReadOptions): Promise<ConnectionCheck | null>;
  started(sourceId: number, jobName: string): void;
  readonly onDidChange: (listener: (change: CheckChange) => unknown) => Disposable;
}

interface Entry {
  check: ConnectionCheck | null;
  readAt: number;
}

export class ConnectionCheckStore implements ConnectionCheckReader, Disposable {
  private readonly entries = new Map<number, Entry>();
  private readonly inflight = new Map<number, Promise<ConnectionCheck | null>>();
  /** Bumped by `started` per source: a read that began before a write started a new check is older news. */
  private readonly writes = new Map<number, number>();
  /** Bumped by reset(): answers for the previous account are dropped. */
  private generation = 0;
  private readonly changed = new Emitter<CheckChange>();
  readonly onDidChange = this.changed.event;
  private readonly now: () => number;

  constructor(private readonly api: () => ConnectionCheckApi, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The last answer known: a check, null (none has run), or undefined (never read). */
  peek(sourceId: number): ConnectionCheck | null | undefined { return this.entries.get(sourceId)?.check; }

  read(sourceId: number, options: CheckReadOptions = {}): Promise<ConnectionCheck | null> {
    const entry = this.entries.get(sourceId);
    const maxAgeMs = options.maxAgeMs ?? 0;
    if (entry && maxAgeMs > 0 && this.now() - entry.readAt <= maxAgeMs) return Promise.resolve(entry.check);
    let promise = this.inflight.get(sourceId);
    if (!promise) {
      promise = this.fetch(sourceId);
      this.inflight.set(sourceId, promise);
      const settle = () => { if (this.inflight.get(sourceId) === promise) this.inflight.delete(sourceId); };
      promise.then(settle, settle);
    }
    return options.signal ? abandonable(promise, options.signal) : promise;
  }

  /**
   * A write's answer named a new check job (a create, a save of changed settings): that check is
   * running now, as Stitch just said, so readers know it without asking.
   */
  started(sourceId: number, jobName: string): void {
    if (this.peek(sourceId)?.name === jobName) return;
    this.writes.set(sourceId, (this.writes.get(sourceId) ?? 0) + 1);
    this.inflight.delete(sourceId); // later readers must not share a read about the previous check
    this.accept(sourceId, {
      name: jobName, mode: 'check', status: 'running', start_time: new Date(this.now()).toISOString(), completion_time: null, error: false,
      check_exit_status: null, discovery_exit_status: null, discovery_error_message: null, tap_exit_status: null, tap_error_message: null,
      target_exit_status: null, target_error_message: null,
    });
  }

  /** An answer (read, or named by a write): stored and told to every subscriber. */
  private accept(sourceId: number, check: ConnectionCheck | null): void {
    this.entries.set(sourceId, { check, readAt: this.now() });
    this.changed.fire({ sourceId, check });
  }

  /** Another account: every answer and every read out is dropped. */
  reset(): void {
    this.generation++;
    this.entries.clear();
    this.inflight.clear();
    this.writes.clear();
  }

  private async fetch(sourceId: number): Promise<ConnectionCheck | null> {
    const generation = this.generation;
    const writes = this.writes.get(sourceId);
    let check: ConnectionCheck | null;
    try {
      check = await this.api().getLastConnectionCheck(sourceId);
    } catch (error) {
      if (!StitchApiError.is(error, 'not_found')) throw error;
      check = null; // no check has run for the source yet
    }
    // Its caller gets the answer; the store keeps it unless the account changed or a write started a check meanwhile.
    if (generation === this.generation && writes === this.writes.get(sourceId)) this.accept(sourceId, check);
    return check;
  }

  dispose(): void {
    this.reset();
    this.changed.dispose();
  }
}

/** The shared read, or an AbortError as soon as this caller stops waiting. */
function abandonable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

function abortError(): StitchApiError {
  return new StitchApiError({ kind: 'aborted', message: 'Stopped waiting for the connection check' });
}
