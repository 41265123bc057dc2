/**
 * Watches a source's connection check until it ends, politely: back-off between polls, a deadline,
 * cancellation, and a bounded number of consecutive transient failures. Whatever happens, `run`
 * resolves with a terminal outcome, so the panel's spinner always ends. No `vscode` import.
 */

import type { ConnectionCheck } from '../../api/types';
import type { ConnectionCheckReader } from '../../state/checkStore';

export type PollOutcome =
  | { kind: 'finished'; check: ConnectionCheck }
  | { kind: 'cancelled' }
  | { kind: 'timedOut'; last?: ConnectionCheck }
  | { kind: 'failed'; error: unknown; last?: ConnectionCheck };

export interface CheckPollerOptions {
  /** Reads the last connection check; may throw (network, 404 before the check exists…). */
  fetch: (signal: AbortSignal) => Promise<ConnectionCheck | undefined>;
  onUpdate?: (check: ConnectionCheck) => void;
  /** Delays in ms before each poll; the last one repeats. */
  delays?: readonly number[];
  /** Give up after this long (ms). */
  deadlineMs?: number;
  /** Consecutive errors tolerated before giving up. */
  maxErrors?: number;
  /** The check job we wait for (the source's check_job_name after a save): other checks are older ones. */
  expectJobName?: string;
  /**
   * The check was started a moment ago (a save's answer named it): the first look waits the first
   * delay, since a look at once could only say "running", which the answer already said.
   */
  waitFirst?: boolean;
  isTransient?: (error: unknown) => boolean;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_DELAYS: readonly number[] = [500, 1000, 1500, 2000, 3000, 5000, 8000, 10_000];
export const DEFAULT_DEADLINE_MS = 15 * 60_000;

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class CheckPoller {
  private readonly controller = new AbortController();
  private running: Promise<PollOutcome> | undefined;

  constructor(private readonly options: CheckPollerOptions) {}

  get cancelled(): boolean { return this.controller.signal.aborted; }

  cancel(): void { this.controller.abort(); }

  run(): Promise<PollOutcome> {
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<PollOutcome> {
    const o = this.options;
    const delays = o.delays && o.delays.length > 0 ? o.delays : DEFAULT_DELAYS;
    const now = o.now ?? Date.now;
    const sleep = o.sleep ?? abortableSleep;
    const deadline = now() + (o.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const maxErrors = o.maxErrors ?? 5;
    const signal = this.controller.signal;
    let last: ConnectionCheck | undefined;
    let errors = 0;
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return { kind: 'cancelled' };
      const waits = attempt + (o.waitFirst ? 1 : 0);
      if (waits > 0) {
        await sleep(delays[Math.min(waits - 1, delays.length - 1)]!, signal);
        if (signal.aborted) return { kind: 'cancelled' };
      }
      if (now() > deadline) return last ? { kind: 'timedOut', last } : { kind: 'timedOut' };
      let check: ConnectionCheck | undefined;
      try {
        check = await o.fetch(signal);
        errors = 0;
      } catch (error) {
        if (signal.aborted) return { kind: 'cancelled' };
        errors++;
        const transient = o.isTransient ? o.isTransient(error) : true;
        if (!transient || errors >= maxErrors) return last ? { kind: 'failed', error, last } : { kind: 'failed', error };
        continue;
      }
      if (signal.aborted) return { kind: 'cancelled' };
      if (!check) continue; // no check yet: Stitch may not have started it
      if (o.expectJobName && check.name !== o.expectJobName) continue;
      last = check;
      o.onUpdate?.(check);
      if (check.status !== 'running') return { kind: 'finished', check };
    }
  }
}

/** The poller's `fetch` for a source: its last connection check through the shared store, or undefined while none has started. */
export function lastCheckOf(checks: Pick<ConnectionCheckReader, 'read'>, sourceId: number): (signal: AbortSignal) => Promise<ConnectionCheck | undefined> {
  return async (signal) => (await checks.read(sourceId, { signal })) ?? undefined;
}
