/**
 * Simulated time. Jobs, checks and schedules read `now()` from here, never `Date.now()`, so tests
 * can jump ahead (advance) or freeze time (speed 0) instead of sleeping.
 */
export class Clock {
  private baseSim: number;
  private baseReal: number;
  private speedFactor = 1;

  constructor(private readonly startAt: number = Date.now()) {
    this.baseSim = startAt;
    this.baseReal = Date.now();
  }

  now(): number {
    return this.baseSim + (Date.now() - this.baseReal) * this.speedFactor;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Change speed without a jump: re-anchor at the current simulated instant. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < 0) throw new Error('speed must be a finite number >= 0');
    this.baseSim = this.now();
    this.baseReal = Date.now();
    this.speedFactor = speed;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error('advanceSeconds must be a finite number >= 0');
    this.baseSim = this.now() + seconds * 1000;
    this.baseReal = Date.now();
  }

  reset(to: number = this.startAt): void {
    this.baseSim = to;
    this.baseReal = Date.now();
    this.speedFactor = 1;
  }
}

/** Stitch writes timestamps at second precision with a Z suffix. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}
