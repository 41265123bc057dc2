/**
 * When the jobs poller asks Stitch again. Pure: no vscode import, unit-tested with a fake clock.
 *
 * Stitch allows 30 requests per 10 minutes per account across extractions, loads and logs together,
 * and blocks abusers rather than answering 429 (reference §7.6). The poller takes at most
 * POLLER_SHARE of them (counted across every window of this account through the shared state),
 * leaving the rest for logs, loads and the tree; it also steps aside whenever the client's own
 * budget has fewer than RESERVE slots left. Within that:
 *   following a job:                 every 30 s (a start asks for one look after 5 s)
 *   nothing followed, view visible:  every 2 min
 *   nothing followed, nothing seen:  every 10 min
 *   after failures:                  the interval doubles per failure, up to 10 min (Retry-After wins if longer)
 */

export const WINDOW_MS = 10 * 60_000;
export const STITCH_LIMIT = 30;
export const POLLER_SHARE = 20;
export const RESERVE = 6;
export const FOLLOW_MS = 30_000;
export const VISIBLE_MS = 2 * 60_000;
export const IDLE_MS = 10 * 60_000;
export const KICK_MS = 5_000;
/** Never two polls closer than this, whatever asks. */
export const MIN_SPACING_MS = 10_000;
export const MAX_BACKOFF_MS = 10 * 60_000;

export interface PollInput {
  now: number;
  /** Jobs this window follows (progress shown or waiting for their end). */
  followed: number;
  /** Something shows job state: the Sources view is visible in a focused window, or a running job is on the status bar. */
  visible: boolean;
  /** Consecutive failed polls. */
  failures: number;
  /** A server-suggested wait (Retry-After, or the budget's reset) after the last failure, in ms. */
  retryAfterMs?: number;
  /** Start times (epoch ms) of this account's polls in the last window, from every window. */
  recentPolls: readonly number[];
  /** The client's jobs budget: slots left and when the oldest frees (epoch ms). */
  clientRemaining?: number;
  clientResetAt?: number;
  /** A start or stop just happened: look soon. */
  kicked?: boolean;
}

/** The base interval for the current state, before spacing and budget. */
export function baseInterval(input: Pick<PollInput, 'followed' | 'visible' | 'failures' | 'retryAfterMs' | 'kicked'>): number {
  let interval = input.followed > 0 ? FOLLOW_MS : input.visible ? VISIBLE_MS : IDLE_MS;
  if (input.kicked && input.failures === 0) interval = KICK_MS;
  if (input.failures > 0) {
    const backoff = Math.min(MAX_BACKOFF_MS, FOLLOW_MS * 2 ** Math.min(input.failures, 10));
    interval = Math.max(interval, backoff, input.retryAfterMs ?? 0);
  }
  return interval;
}

/** Epoch ms of the earliest moment a poll is allowed by the share and the client's reserve. */
export function earliestAllowed(input: PollInput): number {
  const cutoff = input.now - WINDOW_MS;
  const recent = input.recentPolls.filter((t) => t > cutoff).sort((a, b) => a - b);
  let at = input.now;
  const last = recent[recent.length - 1];
  if (last !== undefined) at = Math.max(at, last + MIN_SPACING_MS);
  if (recent.length >= POLLER_SHARE) at = Math.max(at, recent[recent.length - POLLER_SHARE]! + WINDOW_MS);
  if (input.clientRemaining !== undefined && input.clientRemaining < RESERVE && input.clientResetAt !== undefined) {
    at = Math.max(at, input.clientResetAt);
  }
  return at;
}

/** Epoch ms of the next poll. `lastPollAt` is when this account was last polled (any window). */
export function nextPollAt(input: PollInput, lastPollAt: number | undefined): number {
  const interval = baseInterval(input);
  // Never polled: poll now only if something shows job state; otherwise wait a whole idle interval,
  // so restoring an account at activation sends nothing.
  const firstAt = input.followed > 0 || input.visible || input.kicked ? input.now : input.now + interval;
  const wanted = lastPollAt === undefined ? firstAt : Math.max(input.now, lastPollAt + interval);
  const kickAt = input.kicked && input.failures === 0 ? Math.min(wanted, input.now + KICK_MS) : wanted;
  return Math.max(kickAt, earliestAllowed(input));
}

/** Whether a fresh enough shared snapshot (another window's poll) can stand in for a poll now. */
export function snapshotIsFresh(snapshotAt: number | undefined, input: Pick<PollInput, 'now' | 'followed' | 'visible' | 'failures' | 'kicked'>): boolean {
  if (snapshotAt === undefined) return false;
  const age = input.now - snapshotAt;
  if (input.kicked) return age < KICK_MS;
  return age < baseInterval({ ...input, failures: 0 }) - 1_000;
}
