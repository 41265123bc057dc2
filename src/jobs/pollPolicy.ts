/**
 * When the jobs poller asks Stitch again. Pure: no vscode import, unit-tested with a fake clock.
 *
 * Stitch allows 30 requests per 10 minutes per account across extractions, loads and logs together,
 * and blocks abusers rather than answering 429 (reference §7.6). The poller takes at most
 * POLLER_SHARE of them (counted across every window of this account through the shared state),
 * leaving the rest for logs, loads and the tree; it also steps aside whenever the client's own
 * budget has fewer than RESERVE slots left. Within that:
 *   following a job:                 every 30 s (a start asks for one look after 5 s), tighter where
 *                                    its end is likely (see followInterval): every 10 s in the first
 *                                    minute of a job with no history or a short one, and around the
 *                                    end its earlier jobs predict (within TIGHT_SHARE of the window,
 *                                    and paced near the share's end: see pacing)
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
/** Following where a job's end is likely: as tight as the spacing allows. */
export const TIGHT_MS = MIN_SPACING_MS;
/** A job's first minute (quick failures, short jobs) counts as "its end is likely" when nothing says otherwise. */
export const FIRST_MINUTE_MS = 60_000;
/** A predicted end further than FAR_AHEAD_MS: the first minute is not where the end is likely, and
 * following slows to FAR_MS, leaving the share's room for the end. */
export const FAR_AHEAD_MS = 2 * 60_000;
export const FAR_MS = 60_000;
/** The predicted end: tight from END_LEAD_MS before it to END_TAIL_MS after; then easing back to FOLLOW_MS. */
export const END_LEAD_MS = 15_000;
export const END_TAIL_MS = 30_000;

/** A followed job, as the poller's cadence needs it. */
export interface FollowedJob {
  /** Time since the job started (or since we attached to it), on our clock. */
  elapsedMs: number;
  /** The length its earlier jobs predict (median of the newest); undefined with no history. */
  expectedMs?: number;
}

/**
 * How soon to look at one followed job again, before the budget's pacing (see pacing): TIGHT_MS
 * where its end is likely, FOLLOW_MS elsewhere, FAR_MS while the predicted end is far (so a job
 * ending far earlier than its predecessors is seen within FAR_MS).
 */
export function followInterval(job: FollowedJob): number {
  const { elapsedMs: elapsed, expectedMs: expected } = job;
  if (expected === undefined) return elapsed < FIRST_MINUTE_MS ? TIGHT_MS : FOLLOW_MS;
  const windowStart = expected - END_LEAD_MS;
  if (elapsed >= windowStart) {
    // Past the predicted end, ease off: a third of the overrun, within [TIGHT_MS, FOLLOW_MS].
    const over = elapsed - expected - END_TAIL_MS;
    return over <= 0 ? TIGHT_MS : Math.max(TIGHT_MS, Math.min(FOLLOW_MS, over / 3));
  }
  if (elapsed < FIRST_MINUTE_MS && windowStart < FAR_AHEAD_MS) return TIGHT_MS;
  // Land a look at the start of the predicted end's window.
  const ahead = windowStart - elapsed;
  return Math.max(TIGHT_MS, Math.min(ahead, ahead > FAR_AHEAD_MS ? FAR_MS : FOLLOW_MS));
}

/**
 * The budget's pacing. Tight following spends at most TIGHT_SHARE polls of the window; when only
 * PACE_FROM slots of the share are left, they are spread over the time until the oldest poll in
 * the window frees one, so the poller slows down rather than running into the hard stop (which
 * would blind it for minutes). Tuned in test/unit/jobs/followCadence.test.ts's simulations.
 */
export const TIGHT_SHARE = 14;
export const PACE_FROM = 2;
export function pacing(now: number, recentPolls: readonly number[]): { tightOk: boolean; floor: number } {
  const recent = recentPolls.filter((t) => t > now - WINDOW_MS);
  const remaining = POLLER_SHARE - recent.length;
  if (recent.length === 0) return { tightOk: true, floor: 0 };
  const horizon = Math.max(0, Math.min(...recent) + WINDOW_MS - now);
  return { tightOk: recent.length < TIGHT_SHARE, floor: remaining <= PACE_FROM ? horizon / Math.max(1, remaining) : 0 };
}

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
  /** The followed jobs' timing; without it, following polls every FOLLOW_MS. */
  jobs?: readonly FollowedJob[];
}

/** The base interval for the current state, before spacing and budget. */
export function baseInterval(input: Pick<PollInput, 'followed' | 'visible' | 'failures' | 'retryAfterMs' | 'kicked'> & Partial<Pick<PollInput, 'jobs' | 'recentPolls' | 'now'>>): number {
  let interval = input.followed > 0 ? FOLLOW_MS : input.visible ? VISIBLE_MS : IDLE_MS;
  if (input.followed > 0 && input.jobs?.length) {
    const pace = input.now === undefined ? { tightOk: true, floor: 0 } : pacing(input.now, input.recentPolls ?? []);
    const wanted = Math.min(...input.jobs.map(followInterval));
    interval = Math.max(pace.floor, pace.tightOk ? wanted : Math.max(wanted, FOLLOW_MS));
  }
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
export function snapshotIsFresh(snapshotAt: number | undefined, input: Pick<PollInput, 'now' | 'followed' | 'visible' | 'failures' | 'kicked'> & Partial<Pick<PollInput, 'jobs' | 'recentPolls'>>): boolean {
  if (snapshotAt === undefined) return false;
  const age = input.now - snapshotAt;
  if (input.kicked) return age < KICK_MS;
  return age < baseInterval({ ...input, failures: 0 }) - 1_000;
}
