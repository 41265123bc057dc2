// Follows jobs with the poll policy alone, as the jobs service does: used by the unit tests and the bench.
import { nextPollAt, WINDOW_MS, type PollInput } from '../../src/jobs/pollPolicy';

const T0 = 1_700_000_000_000;
const S = 1000;

export interface Job { durationMs: number; expectedMs?: number }

/**
 * Follows jobs back to back (each started by the user the moment the previous result shows), as the
 * jobs service does: a start kicks, every poll replans. Returns each job's delay between its end
 * and the poll that saw it (the notification), and every poll time. `timing` false: the old cadence.
 */
export function followJobs(jobs: readonly Job[], timing = true, ledger: number[] = []): { delays: number[]; polls: number[] } {
  const polls = ledger;
  const delays: number[] = [];
  let now = T0;
  for (const job of jobs) {
    const start = now;
    const end = start + job.durationMs;
    let kicked = true;
    for (;;) {
      const input: PollInput = {
        now, followed: 1, visible: true, failures: 0, recentPolls: polls, kicked,
        jobs: timing ? [{ elapsedMs: now - start, expectedMs: job.expectedMs }] : undefined,
      };
      const at = nextPollAt(input, polls.length ? polls[polls.length - 1] : undefined);
      now = at;
      polls.push(at);
      kicked = false;
      if (at >= end) { delays.push(at - end); break; }
    }
  }
  return { delays, polls };
}

export function maxInAnyWindow(polls: readonly number[]): number {
  let max = 0;
  for (const start of polls) max = Math.max(max, polls.filter((t) => t >= start && t < start + WINDOW_MS).length);
  return max;
}

/** Seeded, so every run judges the same jobs: durations log-uniform 10 s - 15 min. */
export function randomJobs(count: number): Job[] {
  let seed = 17;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  return Array.from({ length: count }, () => {
    const d = Math.round(10 * S * Math.exp(rnd() * Math.log(90)));
    return rnd() < 0.7 ? { durationMs: d, expectedMs: Math.round(d * (0.8 + rnd() * 0.45)) } : { durationMs: d };
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

