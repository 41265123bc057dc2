/**
 * State shared by every VS Code window on this machine, as small files in the extension's global
 * storage folder (node fs, no vscode import, unit-tested with two "windows" on one folder):
 * - claims (leases): "this window starts a sync of source N" or "shows the progress of source N's
 *   job", so two windows never POST twice or show two progress notifications for one job;
 * - the poll ledger: when each window polled an account, so the jobs budget is shared by all;
 * - the latest extractions snapshot, so a window can reuse another's fresh poll instead of asking.
 * Writes are atomic (temp file + rename); claims use exclusive create, with expiry for crashed windows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ClaimFile { owner: string; expires: number }

export interface Snapshot<T> { at: number; data: T }

export class SharedState {
  constructor(private readonly dir: string, readonly owner: string, private readonly now: () => number = Date.now) {}

  private file(name: string): string {
    return path.join(this.dir, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  }

  private ensureDir(): void { fs.mkdirSync(this.dir, { recursive: true }); }

  /** Takes (or renews) a claim. False when another live owner holds it. */
  claim(name: string, ttlMs: number): boolean {
    this.ensureDir();
    const file = this.file(`${name}.claim`);
    const mine: ClaimFile = { owner: this.owner, expires: this.now() + ttlMs };
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true; // storage unusable: don't block the user
    }
    const held = this.readJson<ClaimFile>(file);
    if (held && held.owner !== this.owner && held.expires > this.now()) return false;
    // Ours, expired, or unreadable: take it over, then re-read to see who won a simultaneous takeover.
    this.writeJson(file, mine);
    return this.readJson<ClaimFile>(file)?.owner === this.owner;
  }

  /** Who holds a live claim, if anyone. */
  holder(name: string): string | undefined {
    const held = this.readJson<ClaimFile>(this.file(`${name}.claim`));
    return held && held.expires > this.now() ? held.owner : undefined;
  }

  release(name: string): void {
    const file = this.file(`${name}.claim`);
    const held = this.readJson<ClaimFile>(file);
    if (held?.owner === this.owner) fs.rmSync(file, { force: true });
  }

  /** Records a poll of `account` at `at` and returns the ledger's entries within `windowMs`. */
  recordPoll(account: string, at: number, windowMs: number): number[] {
    const polls = this.recentPolls(account, windowMs, at);
    polls.push(at);
    this.ensureDir();
    this.writeJson(this.file(`polls-${account}.json`), polls);
    return polls;
  }

  recentPolls(account: string, windowMs: number, now = this.now()): number[] {
    const list = this.readJson<unknown>(this.file(`polls-${account}.json`));
    if (!Array.isArray(list)) return [];
    return list.filter((t): t is number => typeof t === 'number' && t > now - windowMs && t <= now + 60_000);
  }

  writeSnapshot<T>(account: string, data: T, at = this.now()): void {
    this.ensureDir();
    this.writeJson(this.file(`snapshot-${account}.json`), { at, data });
  }

  readSnapshot<T>(account: string): Snapshot<T> | undefined {
    const snap = this.readJson<Snapshot<T>>(this.file(`snapshot-${account}.json`));
    return snap && typeof snap.at === 'number' ? snap : undefined;
  }

  private readJson<T>(file: string): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private writeJson(file: string, value: unknown): void {
    const temp = `${file}.${this.owner.replace(/[^A-Za-z0-9]/g, '')}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(value));
      fs.renameSync(temp, file);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
}

/** A manual or real timer source, so the poller can run on simulated time in tests. */
export interface TimerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: TimerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Time that moves only when told; due timers run in order as it advances. */
export class ManualClock implements TimerClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(private current: number) {}
  now(): number { return this.current; }
  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, ms), fn, id });
    return id;
  }
  clearTimer(handle: unknown): void { this.timers = this.timers.filter((t) => t.id !== handle); }
  /** Moves time forward, running each timer when its moment comes; awaits `settle` after each so async work finishes. */
  async advance(ms: number, settle: () => Promise<void> = async () => undefined): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = end;
  }
  pending(): number { return this.timers.length; }
}
