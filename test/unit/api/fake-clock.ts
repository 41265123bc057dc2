import type { Clock } from '../../../src/api';

/** A clock whose sleep advances time instantly, recording what was asked for. */
export class FakeClock implements Clock {
  t = Date.parse('2026-03-01T12:00:00Z');
  sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    await Promise.resolve();
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
