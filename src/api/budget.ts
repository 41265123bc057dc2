/**
 * Client-side budget for the Stitch "jobs" endpoints (extractions list, extraction logs, loads list).
 *
 * Why: Stitch allows 30 requests per 10 minutes per account across those three together and enforces
 * it by blocking abusive clients, not with 429s (reference §7.6). So the client must never exceed it on
 * its own. This is a sliding window: a request is allowed when fewer than `limit` were sent in the last
 * `windowMs`. When the window is full, a caller waits for the oldest slot to expire if that is soon
 * enough (`maxWaitMs`), otherwise it is refused with a `budget_exhausted` error that says when to retry.
 */
import { StitchApiError } from './errors';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableSleep(ms, signal),
};

export interface JobsBudgetOptions {
  /** Requests allowed per window. Default 30. */
  limit?: number;
  /** Window length. Default 10 minutes. */
  windowMs?: number;
  /** Longest a caller queues for a free slot before being refused. Default 15 s; 0 refuses at once. */
  maxWaitMs?: number;
  /** Injectable for tests. */
  clock?: Clock;
}

export interface BudgetStatus {
  limit: number;
  windowMs: number;
  used: number;
  remaining: number;
  /** Epoch ms when the next slot frees up; undefined when nothing has been used in the window. */
  resetAt?: number;
}

export class JobsBudget {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxWaitMs: number;
  private readonly clock: Clock;
  private readonly sent = new Map<string, number[]>();
  /** One FIFO queue per account so concurrent callers take slots in arrival order. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();

  constructor(options: JobsBudgetOptions = {}) {
    this.limit = Math.max(1, Math.floor(options.limit ?? 30));
    this.windowMs = Math.max(1, options.windowMs ?? 10 * 60_000);
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 15_000);
    this.clock = options.clock ?? systemClock;
  }

  status(account: string): BudgetStatus {
    const times = this.prune(account);
    return {
      limit: this.limit,
      windowMs: this.windowMs,
      used: times.length,
      remaining: Math.max(0, this.limit - times.length),
      resetAt: times.length ? times[0]! + this.windowMs : undefined,
    };
  }

  /** Take a slot now if one is free; never waits. */
  tryTake(account: string): boolean {
    if ((this.waiting.get(account) ?? 0) > 0) return false; // others are already waiting: no overtaking
    const times = this.prune(account);
    if (times.length >= this.limit) return false;
    times.push(this.clock.now());
    return true;
  }

  /** Take a slot, queueing up to `maxWaitMs`; throws `budget_exhausted` rather than exceed the limit. */
  acquire(account: string, options: { maxWaitMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const maxWait = Math.max(0, options.maxWaitMs ?? this.maxWaitMs);
    const deadline = this.clock.now() + maxWait;
    const previous = this.queues.get(account) ?? Promise.resolve();
    this.waiting.set(account, (this.waiting.get(account) ?? 0) + 1);
    const mine = previous
      .then(() => this.takeWhenFree(account, deadline, options.signal))
      .finally(() => this.waiting.set(account, (this.waiting.get(account) ?? 1) - 1));
    // The queue continues whether this caller succeeded or was refused.
    const tail = mine.catch(() => undefined);
    this.queues.set(account, tail);
    void tail.then(() => {
      if (this.queues.get(account) === tail) this.queues.delete(account);
    });
    return mine;
  }

  private async takeWhenFree(account: string, deadline: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortedError();
      const times = this.prune(account);
      const now = this.clock.now();
      if (times.length < this.limit) {
        times.push(now);
        return;
      }
      const freeAt = times[0]! + this.windowMs;
      if (freeAt > deadline) {
        const waitMs = freeAt - now;
        throw new StitchApiError({
          kind: 'budget_exhausted',
          message:
            `Stitch allows ${this.limit} requests to its jobs endpoints (extractions, loads, logs) per ` +
            `${formatMinutes(this.windowMs)} per account; that budget is used up. Try again in ${formatSeconds(waitMs)}.`,
          retryAfterMs: waitMs,
        });
      }
      await this.clock.sleep(freeAt - now, signal);
    }
  }

  private prune(account: string): number[] {
    let times = this.sent.get(account);
    if (!times) {
      times = [];
      this.sent.set(account, times);
    }
    const cutoff = this.clock.now() - this.windowMs;
    while (times.length && times[0]! <= cutoff) times.shift();
    return times;
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortedError(): StitchApiError {
  return new StitchApiError({ kind: 'aborted', message: 'The Stitch request was cancelled' });
}

function formatSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 120 ? `${Math.ceil(s / 60)} minutes` : `${s} s`;
}

function formatMinutes(ms: number): string {
  const m = ms / 60_000;
  return m >= 1 ? `${m} minutes` : `${Math.round(ms / 1000)} s`;
}
