/**
 * Retry policy: which attempts may be repeated and how long to wait. Pure functions, so the rules
 * are easy to read and test; the loop that applies them lives in http.ts.
 */

export interface RetryOptions {
  /** Retries after the first attempt (so `limit: 2` means at most 3 attempts). Default 2. */
  limit?: number;
  /** First back-off delay. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest back-off delay (before jitter). Default 8 s. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` we are willing to wait inside one call. A longer one is not shortened
   * (that would be impolite to the server): the call fails with `retryAfterMs` set instead.
   * Default 30 s.
   */
  maxRetryAfterMs?: number;
  /** Source of randomness for jitter; injectable for tests. Default Math.random. */
  random?: () => number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  return {
    limit: Math.max(0, Math.floor(options?.limit ?? 2)),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? 8_000),
    maxRetryAfterMs: Math.max(0, options?.maxRetryAfterMs ?? 30_000),
    random: options?.random ?? Math.random,
  };
}

/**
 * Only GET is retried. POST (create, sync start), PUT and DELETE change state and the API has no
 * idempotency keys, so a repeat after a lost answer could double-create or act twice. (ky's default
 * policy retries PUT and DELETE, which is why the client runs its own loop.)
 */
export function isRetryableMethod(method: string): boolean {
  return method.toUpperCase() === 'GET';
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Exponential back-off with "equal jitter": half fixed, half random, so waits never collapse to ~0. */
export function backoffDelay(retryNumber: number, options: ResolvedRetryOptions): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(exp / 2 + options.random() * (exp / 2));
}

/** `Retry-After` is either delta-seconds or an HTTP date. Returns ms from `now`, or undefined. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
