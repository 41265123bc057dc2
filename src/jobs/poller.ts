import * as vscode from 'vscode';
import type { Extraction } from '../api';
import { isRecord } from '../core/guards';
import { describeFailure } from '../feedback';
import { stitchClientIdOf, type JobsContext } from './context';
import { nextPollAt, snapshotIsFresh, WINDOW_MS, type PollInput } from './pollPolicy';

/** What the poller needs to know of the rest of the jobs service, and whom it tells. */
export interface PollerHooks {
  /** Jobs followed in this window (they make the poller look every 30 s). */
  followedCount(): number;
  /** Whether the Sources view is visible. */
  viewVisible(): boolean;
  /** A fresh page (or another window's fresh snapshot of one). */
  onPage(records: Extraction[]): void;
  /** A failed poll; `failingForMs` since the first of the failures in a row. */
  onFailure(error: unknown, failingForMs: number): void;
}

/**
 * One poller per account: asks `GET /v4/{client}/extractions` when the policy (pollPolicy.ts) says
 * so, shares its page and its budget with the other windows through the shared state, and writes
 * what it learns into the extraction store (through `onPage`).
 */
export class JobsPoller {
  private timer: unknown;
  private ticking: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private failingSince: number | undefined;
  private retryAfterMs: number | undefined;
  private kicked = false;
  private nextAt: number | undefined;
  private polls = 0;
  private failureCount = 0;
  private lastErrorText: string | undefined;

  constructor(private readonly ctx: JobsContext, private readonly hooks: PollerHooks) {}

  get pollCount(): number { return this.polls; }
  get failures(): number { return this.failureCount; }
  get lastError(): string | undefined { return this.lastErrorText; }
  get nextPollInMs(): number | undefined { return this.nextAt === undefined ? undefined : this.nextAt - this.ctx.clock.now(); }
  /** Resolves when the timer's poll (if one runs) and any poll in flight have ended. */
  async settled(): Promise<void> { await this.ticking; await this.polling; }

  /** A new account: nothing of the previous one's failures or back-off carries over. */
  resetAccount(): void {
    this.failureCount = 0;
    this.failingSince = undefined;
    // A Retry-After belongs to the account that was told it.
    this.retryAfterMs = undefined;
    this.kicked = false;
  }

  /** (Re)plans the next poll from the current state. */
  schedule(): void {
    const { clock, services } = this.ctx;
    if (this.timer !== undefined) clock.clearTimer(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
    if (this.ctx.disposed || !services.accounts.active || services.accounts.tokenRejected) return;
    const input = this.policyInput();
    const at = nextPollAt(input, this.lastPollAt(input));
    this.nextAt = at;
    this.timer = clock.setTimer(() => {
      this.timer = undefined;
      this.ticking = this.pollNow().finally(() => this.schedule());
    }, at - input.now);
  }

  kick(): void {
    this.kicked = true;
    this.schedule();
  }

  pollNow(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  dispose(): void {
    if (this.timer !== undefined) this.ctx.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private policyInput(): PollInput {
    const { clock, services, shared } = this.ctx;
    const now = clock.now();
    const account = this.ctx.accountKey;
    const clientId = services.accounts.active?.stitchClientId;
    const budget = clientId ? services.accounts.getClient()?.jobsBudgetStatus(clientId) : undefined;
    const focused = vscode.window.state.focused;
    return {
      now,
      followed: this.hooks.followedCount(),
      // Logs and histories are snapshots and need no polling; the status bar shows running jobs.
      visible: focused && (this.hooks.viewVisible() || this.ctx.runningIds().size > 0),
      failures: this.failureCount,
      retryAfterMs: this.retryAfterMs,
      recentPolls: account ? shared.recentPolls(account, WINDOW_MS, now) : [],
      clientRemaining: budget?.remaining,
      clientResetAt: budget?.resetAt,
      kicked: this.kicked,
    };
  }

  private lastPollAt(input: PollInput): number | undefined {
    const account = this.ctx.accountKey;
    const snapshot = account ? this.ctx.shared.readSnapshot<Extraction[]>(account)?.at : undefined;
    const last = input.recentPolls.length ? Math.max(...input.recentPolls) : undefined;
    if (last === undefined) return snapshot;
    return snapshot === undefined ? last : Math.max(last, snapshot);
  }

  private async pollOnce(): Promise<void> {
    const { services, shared, clock } = this.ctx;
    const account = this.ctx.accountKey;
    const client = services.accounts.getClient();
    // A refused token: no poll from any path (timer, history, logs) until it is re-entered or answered.
    if (!account || !client || services.accounts.tokenRejected) return;
    let clientId: number | undefined;
    try {
      clientId = await stitchClientIdOf(services);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (!clientId) {
      // No source yet: nothing can be running. The lookup counts as this poll, or schedule() would
      // plan the next one for "now" and ask GET /v4/sources again at once, in a loop.
      shared.recordPoll(account, clock.now(), WINDOW_MS);
      return;
    }
    const input = this.policyInput();
    const snapshot = shared.readSnapshot<Extraction[]>(account);
    if (snapshot && Array.isArray(snapshot.data) && snapshotIsFresh(snapshot.at, input)) {
      this.hooks.onPage(snapshot.data);
      return;
    }
    const lock = `poll-${account}`;
    if (!shared.claim(lock, 30_000)) {
      if (snapshot && Array.isArray(snapshot.data)) this.hooks.onPage(snapshot.data);
      return;
    }
    try {
      shared.recordPoll(account, clock.now(), WINDOW_MS);
      this.polls++;
      this.kicked = false;
      const page = await client.listExtractions(clientId, { maxWaitMs: 0 });
      if (account !== this.ctx.accountKey) return; // the account changed while we waited
      shared.writeSnapshot(account, page.data, clock.now());
      this.failureCount = 0;
      this.failingSince = undefined;
      this.retryAfterMs = undefined;
      this.hooks.onPage(page.data);
    } catch (error) {
      this.failed(error);
    } finally {
      shared.release(lock);
    }
  }

  private failed(error: unknown): void {
    this.failureCount++;
    this.lastErrorText = describeFailure(error);
    this.failingSince ??= this.ctx.clock.now();
    this.retryAfterMs = isRecord(error) && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
    this.ctx.services.log.warn(`Polling extractions failed (${this.failureCount} in a row): ${describeFailure(error)}`);
    this.hooks.onFailure(error, this.ctx.clock.now() - this.failingSince);
  }
}
